"""What the answer said nearest a talking point it missed: the sentence and when, for the feedback to quote.

This decides nothing about credit (:mod:`.coverage` does that): it only finds, for each point not covered,
the one sentence that came closest to it, by meaning (the embedder, whose cache already holds the answer's
sentences and the points) or, without one, by the share of the point's content words it holds.
"""

from __future__ import annotations

from typing import Sequence

from interviewer.scoring.claims import is_list
from interviewer.scoring.coverage import _STOP, NEAREST_FLOOR
from interviewer.scoring.meaning import Embedder, similarity_matrix
from interviewer.scoring.text import Sentence, normalize
from interviewer.types import Coverage

NEAR_ENOUGH = NEAREST_FLOOR  # a sentence less near than this (cosine, or share of the point's words) said nothing on the point


def _word_share(point: str, sents: Sequence[Sentence]) -> list[float]:
    content = {t for t in normalize(point) if t not in _STOP}
    return [len(content & set(s.tokens)) / len(content) if content else 0.0 for s in sents]


def nearest_said(cov: Coverage | None, sents: Sequence[Sentence], embedder: Embedder | None,
                 reasons: Sequence[str]) -> Coverage | None:
    """``cov`` with each point not covered given the sentence nearest it and its time (none when nothing said came
    :data:`NEAR_ENOUGH` near). A list of terms is no sentence to quote (it covers nothing either)."""
    missed = [i for i in (cov.items if cov is not None else []) if not i.covered]
    said = [s for s in sents if not is_list(s.context or s.text, reasons)]
    if cov is None or not missed or not said:
        return cov
    sims = similarity_matrix(embedder, [i.point for i in missed], [s.text for s in said]) if embedder is not None else None
    near = {}
    for k, item in enumerate(missed):
        row = [max(a, b) for a, b in zip(_word_share(item.point, said), sims[k] if sims is not None else [0.0] * len(said))]
        best = max(range(len(said)), key=lambda j: row[j])
        if row[best] >= NEAR_ENOUGH:
            near[item.point] = item.model_copy(update={"nearest": said[best].text, "nearest_at": round(said[best].start, 2)})
    return cov.model_copy(update={"items": [near.get(i.point, i) if not i.covered else i for i in cov.items]})
