"""Claims need reasons. A failure mode counts as volunteered when the sentence that names it also
says why it happens or what is done about it; a bare list of terms earns little."""

from __future__ import annotations

import re
from typing import Sequence

from interviewer.rubric import Rubric
from interviewer.scoring.text import _word_tokens, count_cues
from interviewer.types import FailureModes, Word

LIST_MIN_ITEMS = 3  # a sentence of this many comma-separated items ...
LIST_MAX_ITEM_WORDS = 4  # ... each this short (median), with no reason said, is a list of terms
REASONED_MIN_WORDS = 8  # words beyond the named terms that carry an explanation even without a marker


def is_list(text: str, reasons: Sequence[str]) -> bool:
    """'Star schema, fact table, surrogate keys, GDPR.' — short items, no reason: a list of terms."""
    items = [i for i in re.split(r"[,;]", text) if i.strip()]
    if len(items) < LIST_MIN_ITEMS:
        return False
    sizes = sorted(len(i.split()) for i in items)
    return sizes[len(sizes) // 2] <= LIST_MAX_ITEM_WORDS and not has_reason(text, reasons)


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


def find_failure_modes(words: Sequence[Word], rubric: Rubric) -> FailureModes | None:
    spec = rubric.failure_modes
    if spec is None:
        return None
    toks, _ = _word_tokens(words)
    hits = count_cues(toks, spec.cues)
    items = [" ".join(toks[h.first : h.last]) for h in sorted(hits, key=lambda h: h.first)]
    return FailureModes(volunteered=len(hits), target=spec.min_volunteered, items=items)
