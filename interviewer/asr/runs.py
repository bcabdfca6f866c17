"""Runs of filled pauses ("the, uh, uh, we"), which tiny.en writes as one hesitation (issue 16).

Measured on espeak-ng and Piper sentences with two "uh" or "um" said 0.1-0.35 s apart between two words (12 clips):
the transcript had one hesitation (two of them none), stamped on an instant at the next word. The speech between the
words is then a gap (:mod:`interviewer.asr.gaps`), whose own decode hears the other filler too, faintly ("Uh" at
0.07-0.14 word probability), under what the gap step trusts (``GAP_MIN_PROBABILITY``).

The sound says whether a second filled pause is there: a gap next to a hesitation already written (one stamped at
its edge or inside it) that holds ``BURSTS`` or more separate voiced bursts (each ``BURST_S`` or more, voiced as the
gap step's voicing, apart by a dip of more than ``BRIDGE`` frames) holds more than one sound. A hesitation its decode
hears over a burst of its own there needs only ``RUN_MIN_PROBABILITY``. A lone filler's gap holds one burst: nothing
changes for it. Deterministic, numpy only.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from interviewer.asr.gaps import HOP, LEVEL_DB, VOICING, noise_floor_db, voiced_run, voicing
from interviewer.asr.hum import BRIDGE, _runs
from interviewer.asr.words import TIMESTAMP_S, hesitation
from interviewer.audio import SAMPLE_RATE
from interviewer.types import Word

BURST_S = 0.15  # a voiced burst this long is a sound of its own (a filler's vowel; the tail of a word is shorter)
BURSTS = 2  # a gap holding this many bursts holds a run of sounds
RUN_MIN_PROBABILITY = 0.05  # a hesitation heard over a burst of its own in such a gap needs this word probability
EDGE_S = 0.15  # how far a heard hesitation's middle may be outside its gap (the gap step's own slack)


def bursts(x: np.ndarray, a: float, b: float, floor_db: float) -> int:
    """How many separate voiced bursts of ``BURST_S`` or more ``x[a:b]`` holds."""
    seg = x[int(a * SAMPLE_RATE): int(b * SAMPLE_RATE)].astype(np.float64)
    if seg.size < 4 * HOP:
        return 0
    f, _, peak, _ = voicing(seg)
    on = (peak >= VOICING) & (10 * np.log10(np.mean(f ** 2, axis=1) + 1e-12) >= floor_db + LEVEL_DB)
    return sum(1 for i, j in _runs(on) if (j - i + 1) * HOP / SAMPLE_RATE >= BURST_S)


def run_need(x: np.ndarray, gaps: list[tuple[float, float]], words: list[Word],
             need: Callable[[Word], float]) -> Callable[[Word], float]:
    """``need`` (the word probability a hesitation heard in a gap needs), but ``RUN_MIN_PROBABILITY`` for one over a
    voiced burst of its own in a gap that is next to a hesitation of ``words`` and holds ``BURSTS`` or more bursts."""
    floor = noise_floor_db(x)
    runs = [(g0, g1) for g0, g1 in gaps
            if any(hesitation(w.text) and g0 - TIMESTAMP_S <= w.start and w.end <= g1 + TIMESTAMP_S for w in words)
            and bursts(x, g0, g1, floor) >= BURSTS]

    def needs(h: Word) -> float:
        mid = (h.start + h.end) / 2
        if hesitation(h.text) and any(g0 - EDGE_S <= mid <= g1 + EDGE_S for g0, g1 in runs) \
                and voiced_run(x, h.start, h.end, floor) >= BURST_S:
            return min(need(h), RUN_MIN_PROBABILITY)
        return need(h)
    return needs
