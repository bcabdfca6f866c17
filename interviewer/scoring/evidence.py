"""Evidence per part from meaning: a sentence's similarity to each part's exemplars, made relative.

A sentence earns semantic evidence for a part when it sounds like that part's examples more than
like any other part's, and sounds like *something* in the rubric at all (a filler sentence earns
nothing). The rubric's cues still count (lexically, in :mod:`interviewer.score`); this adds a way
in for answers that say the same thing in other words.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from interviewer.scoring.meaning import Embedder, best_similarity
from interviewer.scoring.text import Sentence

SEM_FLOOR = 0.30  # best similarity below this: the sentence sounds like no part at all
SEM_FULL = 0.55  # best similarity at or above this: full confidence
SEM_MARGIN = 0.08  # a part within this of the sentence's best part shares the evidence
SEM_GAIN = 1.6  # evidence for a sentence that clearly sounds like one part (a cue counts 1.0)
MIN_WORDS = 4  # a shorter sentence earns no evidence from meaning
CONTEXT_DISCOUNT = 0.05  # a clause may mean what its whole sentence means, a little less surely


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


def sentence_similarity(embedder: Embedder, sents: Sequence[Sentence], groups: Sequence[Sequence[str]],
                        context: bool = True) -> np.ndarray:
    """``[sentence, group]`` best similarity; a clause of a long sentence also counts its whole sentence
    (unless ``context`` is off: a story's parts change mid-sentence)."""
    texts = [s.text for s in sents]
    contexts = sorted({s.context for s in sents if s.context}) if context else []
    sims = best_similarity(embedder, texts + contexts, groups)
    own, ctx = sims[: len(texts)], sims[len(texts) :]
    index = {c: i for i, c in enumerate(contexts)}
    for i, s in enumerate(sents):
        if s.context and context:
            own[i] = np.maximum(own[i], ctx[index[s.context]] - CONTEXT_DISCOUNT)
        if len(s.words) < MIN_WORDS and not s.context:
            own[i] = 0.0  # "Customers," alone means too little to judge
    return own


CUE_DAMPING = 0.25  # where a sentence says a part's cue, the other parts' evidence from meaning counts this much


def damp_by_cues(sem: np.ndarray, cued: np.ndarray) -> np.ndarray:
    """Explicit wording is the surer evidence: a sentence with a cue for some part keeps its semantic
    evidence for the cued parts and only part of it for the others."""
    out = sem.copy()
    has = cued.any(axis=1)
    out[has] = np.where(cued[has], sem[has], sem[has] * CUE_DAMPING)
    return out


def rubric_texts(rubric) -> list[str]:
    """Every exemplar text the scorer compares sentences with, for this rubric (to embed ahead of time)."""
    out: list[str] = []
    for b in rubric.beats:
        out += exemplars(b.cues, b.description, b.examples)
    if rubric.star is not None:
        for p in rubric.star.parts:
            out += exemplars(p.cues, p.description, p.examples)
    for ph in rubric.phrases:
        out += ph.examples
    if rubric.failure_modes is not None:
        for m in rubric.failure_modes.modes:
            out += m.examples
    return list(dict.fromkeys(out))
