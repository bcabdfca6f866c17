"""Evidence per part from meaning: a sentence's similarity to each part's exemplars, made relative.

A sentence earns semantic evidence for a part when it sounds like that part's examples more than
like any other part's, and sounds like *something* in the rubric at all (a filler sentence earns
nothing). The rubric's cues still count (lexically, in :mod:`interviewer.score`); this adds a way
in for answers that say the same thing in other words.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

SEM_FLOOR = 0.30  # best similarity below this: the sentence sounds like no part at all
SEM_FULL = 0.55  # best similarity at or above this: full confidence
SEM_MARGIN = 0.08  # a part within this of the sentence's best part shares the evidence
SEM_GAIN = 1.6  # evidence for a sentence that clearly sounds like one part (a cue counts 1.0)


def exemplars(cues: Sequence[str], description: str, examples: Sequence[str]) -> list[str]:
    """The texts a part is recognised by: its example sentences, its description, and its longer cues."""
    alts = [a.strip() for c in cues for a in c.split("|") if len(a.split()) >= 3]
    return list(dict.fromkeys([*examples, description, *alts]))


def semantic_evidence(sims: np.ndarray, *, floor: float = SEM_FLOOR, full: float = SEM_FULL,
                      margin: float = SEM_MARGIN, gain: float = SEM_GAIN) -> np.ndarray:
    """``sims[s][k]`` (sentence s to part k) -> evidence: confident and distinctive similarity only."""
    if sims.size == 0:
        return np.zeros_like(sims)
    best = sims.max(axis=1, keepdims=True)
    confidence = np.clip((best - floor) / (full - floor), 0.0, 1.0)
    share = np.clip(1.0 - (best - sims) / margin, 0.0, 1.0)
    return gain * confidence * share
