"""Claims need reasons. A failure mode counts as volunteered when the sentence that names it also
says why it happens or what is done about it; a bare list of terms earns little."""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from interviewer.bank.rubrics import FailureMode, Rubric
from interviewer.scoring.meaning import Embedder, best_similarity
from interviewer.scoring.text import Match, Sentence, count_cues
from interviewer.types import ClaimHeard, FailureModes

LIST_MIN_ITEMS = 3  # a sentence of this many comma-separated items ...
LIST_MAX_ITEM_WORDS = 4  # ... each this short (median), with no reason said, is a list of terms
LIST_LONGEST_ITEM_WORDS = 6  # an item longer than this carries a clause: an enumeration inside a sentence ...
LIST_LEAD_WORDS = 3  # an item shorter than this ("Okay", "so") is a lead-in: its "so" gives no reason
LIST_LONG_RUN = 6  # ... unless the run of items is this long: one longer item does not make a dozen terms a sentence
DISCOURSE = {"um", "uh", "er", "hmm", "mm", "like", "so", "okay", "ok", "well", "basically", "actually", "right", "yeah",
             "you", "know", "i", "mean", "and", "oh", "now"}  # an item of only these is a filler between the items
SUBJECTS = {"i", "we", "it", "they", "you", "he", "she", "i'd", "we'd", "it's", "they're", "we're", "i'm", "i'll", "we'll",
            "you'd", "you're", "it'd", "it'll", "they'd"}  # a clause has a subject; a term does not
REASONED_MIN_WORDS = 8  # words beyond the named terms that carry an explanation even without a marker


def is_list(text: str, reasons: Sequence[str]) -> bool:
    """'Star schema, fact table, surrogate keys, GDPR.' — short items, no reason: a list of terms.

    A sentence that enumerates inside a clause ('The grain is one row per profile, per title, per
    device.') is not a list: one of its items carries the clause."""
    items = [i for i in re.split(r"[,;]", text) if i.strip() and not set(re.findall(r"[a-z']+", i.lower())) <= DISCOURSE]
    if len(items) < LIST_MIN_ITEMS:
        return False
    clauses = sum(bool(SUBJECTS & set(re.findall(r"[a-z']+", i.lower()))) for i in items if len(i.split()) >= LIST_LEAD_WORDS)
    if clauses >= max(2, len(items) / 3):
        return False  # items with a subject are clauses: "we had this, uh, nightly job, and it kept failing"
    sizes = sorted(len(i.split()) for i in items)
    return (sizes[len(sizes) // 2] <= LIST_MAX_ITEM_WORDS
            and (sizes[-1] <= LIST_LONGEST_ITEM_WORDS or len(items) >= LIST_LONG_RUN)
            and not has_reason(" ; ".join(i for i in items if len(i.split()) >= LIST_LEAD_WORDS), reasons))


def has_reason(text: str, reasons: Sequence[str]) -> bool:
    """A reason marker ('so', 'because', 'which means', …) said as words of the sentence."""
    toks = " " + " ".join(re.findall(r"[a-z']+", text.lower())) + " "
    return any(f" {r} " in toks for r in reasons)


def reasoned(text: str, named_words: int, reasons: Sequence[str]) -> bool:
    """A sentence that names a claim and explains it: a reason marker, or enough words beyond the terms."""
    if is_list(text, reasons):
        return False
    words = len(re.findall(r"[A-Za-z0-9']+", text))
    return has_reason(text, reasons) or words - named_words >= REASONED_MIN_WORDS


FM_SIMILARITY = 0.5  # a sentence this close to a failure mode's examples describes it in other words


def _named(sents: list[Sentence], modes: Sequence[FailureMode]) -> list[list[Match | None]]:
    """For each sentence, each failure mode's cue heard in it (or None)."""
    return [[(count_cues(s.tokens, [m.cue]) or [None])[0] for m in modes] for s in sents]


def _described(sents: list[Sentence], modes: Sequence[FailureMode], embedder: Embedder | None) -> np.ndarray:
    """Which sentences describe which failure mode in other words (by meaning, through its examples)."""
    if embedder is None or not sents or not any(m.examples for m in modes):
        return np.zeros((len(sents), len(modes)), dtype=bool)
    sims = best_similarity(embedder, [s.text for s in sents], [m.examples for m in modes])
    return (sims >= FM_SIMILARITY) & (sims >= sims.max(axis=1, keepdims=True))


def _explained(sents: list[Sentence], i: int, named_words: int, reasons: Sequence[str]) -> bool:
    """Sentence ``i`` names a failure and says why or what to do, or the next sentence does."""
    if is_list(sents[i].context or sents[i].text, reasons):
        return False
    if reasoned(sents[i].text, named_words, reasons):
        return True
    return i + 1 < len(sents) and has_reason(sents[i + 1].text, reasons) and not is_list(sents[i + 1].context or sents[i + 1].text, reasons)


def find_failure_modes(sents: list[Sentence], rubric: Rubric, embedder: Embedder | None = None) -> FailureModes | None:
    """Failure modes volunteered: each counts once, when named (a cue) or described (by meaning) with a reason."""
    spec = rubric.failure_modes
    if spec is None:
        return None
    modes = spec.modes
    named = _named(sents, modes)
    described = _described(sents, modes, embedder)
    heard: dict[int, ClaimHeard] = {}
    bare: dict[int, ClaimHeard] = {}  # named or described, not (yet) explained: what the note points at
    for i, s in enumerate(sents):
        toks = s.tokens
        words = sum(m.last - m.first for m in named[i] if m is not None)
        for j, m in enumerate(named[i]):
            if j in heard or (m is None and not described[i, j]):
                continue
            text = " ".join(toks[m.first : m.last]) if m is not None else _first_alternative(modes[j].cue)
            claim = ClaimHeard(mode=_first_alternative(modes[j].cue), name=text, at=round(s.start, 2), said=s.text)
            if _explained(sents, i, words, spec.reasons):
                heard[j] = claim
            else:
                bare.setdefault(j, claim)
    explained = sorted(heard.values(), key=lambda c: (c.at, c.name))
    unexplained = sorted((c for j, c in bare.items() if j not in heard), key=lambda c: (c.at, c.name))
    return FailureModes(volunteered=len(explained), target=spec.min_volunteered, items=[c.name for c in explained],
                        explained=explained, unexplained=unexplained)


def _first_alternative(cue: str) -> str:
    return cue.split("|")[0].strip()
