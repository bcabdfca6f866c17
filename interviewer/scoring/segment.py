"""Ordered segmentation: sentences labelled with parts in a fixed order, by dynamic programming."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from interviewer.scoring.text import Sentence

SWITCH_COST = 0.5  # evidence a new part must bring to be opened (0.4-0.6 alike on the development set; 0.9 until the fourth session)


# --- ordered segmentation ----------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    part: int  # index into the ordered part list
    sentences: tuple[Sentence, ...]
    evidence: float

    @property
    def start(self) -> float:
        return self.sentences[0].start

    @property
    def end(self) -> float:
        return self.sentences[-1].end


def segment(evidence: Sequence[Sequence[float]], n_parts: int, switch_cost: float = SWITCH_COST) -> list[int]:
    """Label each sentence with a part index, non-decreasing, maximising evidence minus switch costs.

    ``evidence[s][k]`` is how much sentence ``s`` sounds like part ``k``. Opening a part costs
    ``switch_cost`` (the first part too), so a part with no cues is skipped, and sentences without
    cues stay with the part being spoken. Returns one label per sentence.
    """
    n = len(evidence)
    if n == 0:
        return []
    # ties go to the earlier part: a sentence without cues stays with the part being spoken
    evidence = [[e - 1e-3 * k for k, e in enumerate(row)] for row in evidence]
    neg = float("-inf")
    best = [[neg] * n_parts for _ in range(n)]
    back = [[-1] * n_parts for _ in range(n)]
    for k in range(n_parts):
        best[0][k] = evidence[0][k] - switch_cost
    for s in range(1, n):
        running, arg = neg, -1
        for k in range(n_parts):
            # stay in k, or come from the best earlier part (strictly before k) and open k
            if k > 0 and best[s - 1][k - 1] > running:
                running, arg = best[s - 1][k - 1], k - 1
            stay = best[s - 1][k]
            come = running - switch_cost if arg >= 0 else neg
            if stay >= come:
                best[s][k], back[s][k] = stay + evidence[s][k], k
            else:
                best[s][k], back[s][k] = come + evidence[s][k], arg
    k = max(range(n_parts), key=lambda j: best[n - 1][j])
    labels = [0] * n
    for s in range(n - 1, -1, -1):
        labels[s] = k
        k = back[s][k] if s > 0 else k
    return labels


def _segments(sents: list[Sentence], labels: list[int], evidence: Sequence[Sequence[float]]) -> dict[int, Segment]:
    out: dict[int, Segment] = {}
    for idx, (s, k) in enumerate(zip(sents, labels)):
        if k in out:
            seg = out[k]
            out[k] = Segment(k, seg.sentences + (s,), seg.evidence + evidence[idx][k])
        else:
            out[k] = Segment(k, (s,), evidence[idx][k])
    return out
