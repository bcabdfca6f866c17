"""Ordered segmentation: sentences labelled with parts in a fixed order, by dynamic programming."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from interviewer.scoring.text import Sentence

SWITCH_COST = 0.5  # evidence a new part must bring to be opened (0.4-0.6 alike on the development set; 0.9 until the fourth session)
POSITION_WEIGHT = 0.6  # evidence a part gets where in the answer it usually sits (fifth session: 0.3-1.0 tried)


def position_prior(sents: Sequence[Sentence], positions: Sequence[tuple[float, float] | None],
                   weight: float = POSITION_WEIGHT) -> np.ndarray:
    """``[sentence, part]``: ``weight`` where the part usually sits, falling off as a bell (``positions[k]``: the
    part's usual place in the answer, 0 its start and 1 its end in time, and how widely it varies; None: no
    prior). Added for the segmentation only, it decides where a part is placed when meaning is unsure, never
    whether the part was said: a clarifying question is heard at the start, a failure mode towards the end."""
    out = np.zeros((len(sents), len(positions)))
    if len(sents) < 2:
        return out
    t0, t1 = sents[0].start, sents[-1].end
    at = np.array([((s.start + s.end) / 2 - t0) / max(t1 - t0, 1e-3) for s in sents])
    for k, p in enumerate(positions):
        if p is not None:
            out[:, k] = weight * np.exp(-((at - p[0]) ** 2) / (2 * p[1] ** 2))
    return out


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
