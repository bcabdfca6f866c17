"""Which question an answer is about: its meaning as a whole against the prompt asked and the round's other prompts.

Coverage of the key points says how complete an answer is, not what it is about: a true story told in its own words
("the nightly load took six hours …") can meet none of a behavioral prompt's points ("how you fixed it and the
measurable result") and still answer it. So an answer that covers too little is called an answer to another
question only when its meaning says so too: its most telling sentences sit nearer another prompt of the round than
the one asked (by the rubric's ``off_topic_margin``), or near none of the asked prompt's texts (below
``off_topic_floor``).
Pure and deterministic: the embedder is the only port.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from interviewer.scoring.meaning import Embedder
from interviewer.scoring.text import Sentence


TOP_SENTENCES = 3  # an answer is about what its few most telling sentences say (the rest set the scene or ramble)


@dataclass(frozen=True)
class TopicFit:
    """How near the answer's most telling sentences (the mean of its ``TOP_SENTENCES`` best) come to the prompt asked
    and to the nearest other prompt of the round: a sentence's nearness to a prompt is its best cosine to the
    prompt's question or one of its key points."""

    own: float
    nearest: float

    def elsewhere(self, margin: float, floor: float) -> bool:
        """About another question: nearer another prompt by ``margin``, or near none of this one's texts."""
        return self.nearest - self.own >= margin or self.own < floor


def topic_fit(sents: Sequence[Sentence], embedder: Embedder | None, topics: Sequence[Sequence[str]]) -> TopicFit | None:
    """``topics``: the asked prompt's texts (its question and key points) first, then each other prompt's; None without
    an embedder, a sentence or the asked prompt's texts."""
    if embedder is None or not sents or not topics or not topics[0]:
        return None
    flat = list(dict.fromkeys(t for group in topics for t in group))
    vecs = np.asarray(embedder.embed([s.text for s in sents] + flat), dtype=np.float64)
    sims = vecs[: len(sents)] @ vecs[len(sents):].T  # [sentence, text]
    col = {t: i for i, t in enumerate(flat)}
    fits = [_telling(sims[:, [col[t] for t in group]].max(axis=1)) if group else -1.0 for group in topics]
    return TopicFit(own=round(fits[0], 4), nearest=round(max(fits[1:], default=-1.0), 4))


def _telling(per_sentence: np.ndarray) -> float:
    """The mean of the ``TOP_SENTENCES`` highest values (all of them when fewer)."""
    return float(np.sort(per_sentence)[-TOP_SENTENCES:].mean())
