"""Claims need reasons. A failure mode counts as volunteered when the sentence that names it also
says why it happens or what is done about it; a bare list of terms earns little."""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from interviewer.bank.rubrics import FailureMode, Rubric
from interviewer.scoring.meaning import Embedder, best_similarity
from interviewer.scoring.text import Match, Sentence, count_cues, normalize
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
_FILLERS = r"(?:um+|uh+|er+|hmm+|mm+)"
_FILLER_BETWEEN = re.compile(rf",\s*\b{_FILLERS}\b\s*,", re.IGNORECASE)
_FILLER_IN_PHRASE = re.compile(rf"\b([A-Za-z']+)\s+{_FILLERS}\b\s*,", re.IGNORECASE)
_OPENS_PHRASE = {"my", "our", "the", "a", "an", "to", "of", "in", "for", "and", "so", "we", "i", "it", "that", "this", "with",
                 "on", "at", "was", "is", "were", "are", "had", "have", "but", "or", "then", "because", "their", "your"}
REASONED_MIN_WORDS = 8  # words beyond the named terms that carry an explanation even without a marker
REASON_MIN_CONTENT = 2  # a reason marker explains a failure only with this many words of content of its own
FUNCTION_WORDS = {"a", "an", "the", "of", "on", "in", "to", "for", "or", "by", "with", "is", "are", "was", "were", "be",
                  "this", "that", "these", "those", "as", "at", "there", "their", "them", "its", "from", "into", "then",
                  "need", "needs", "have", "has", "had", "do", "does", "get", "gets", "one", "some", "all", "can",
                  "will", "would", "should", "must", "more", "also", "just", "too", "very", "thing", "things"}


def is_list(text: str, reasons: Sequence[str]) -> bool:
    """'Star schema, fact table, surrogate keys, GDPR.' — short items, no reason: a list of terms.

    A sentence that enumerates inside a clause ('The grain is one row per profile, per title, per
    device.') is not a list: one of its items carries the clause."""
    # a filler inside a phrase ("So my um, manager said") is a pause, not a separator; between items it stays one
    text = _FILLER_IN_PHRASE.sub(lambda m: f"{m.group(1)} " if m.group(1).lower() in _OPENS_PHRASE else m.group(0),
                                 _FILLER_BETWEEN.sub(",", text))
    items = [i for i in re.split(r"[,;]", text) if i.strip() and not set(re.findall(r"[a-z']+", i.lower())) <= DISCOURSE]
    if len(items) < LIST_MIN_ITEMS:
        return False
    clauses = sum(bool(SUBJECTS & set(re.findall(r"[a-z']+", i.lower()))) for i in items if len(i.split()) >= LIST_LEAD_WORDS)
    if clauses >= max(2, len(items) / 3):
        return False  # items with a subject are clauses: "we had this, uh, nightly job, and it kept failing"
    sizes = sorted(len(i.split()) for i in items)
    return (sizes[len(sizes) // 2] <= LIST_MAX_ITEM_WORDS
            and (sizes[-1] <= LIST_LONGEST_ITEM_WORDS or len(items) >= LIST_LONG_RUN)
            and not gives_reason(" ; ".join(i for i in items if len(i.split()) >= LIST_LEAD_WORDS), reasons))


def has_reason(text: str, reasons: Sequence[str]) -> bool:
    """A reason marker ('so', 'because', 'which means', …) said as words of the sentence."""
    toks = " " + " ".join(re.findall(r"[a-z']+", text.lower())) + " "
    return any(f" {r} " in toks for r in reasons)


def gives_reason(text: str, reasons: Sequence[str]) -> bool:
    """A reason marker followed, before the clause ends, by words of content: "so we reprocess two days", not the
    blanket "so we backfill" or "so you need monitoring" hung on a list of terms."""
    markers = {w for r in reasons for w in r.split()}
    for clause in re.split(r"[,;:.!?]", text.lower()):
        toks = re.findall(r"[a-z0-9']+", clause)
        for k in range(len(toks)):
            if any(toks[k : k + len(r.split())] == r.split() for r in reasons):
                if len([t for t in toks[k:] if t not in FUNCTION_WORDS | DISCOURSE | SUBJECTS | markers]) >= REASON_MIN_CONTENT:
                    return True
    return False


def reasoned(text: str, named_words: int, reasons: Sequence[str]) -> bool:
    """A sentence that names a claim and explains it: a reason marker with content after it, or enough words
    beyond the terms (the sentence-level form of what :func:`find_failure_modes` asks of each failure's own words)."""
    if is_list(text, reasons):
        return False
    words = len(re.findall(r"[A-Za-z0-9']+", text))
    return gives_reason(text, reasons) or words - named_words >= REASONED_MIN_WORDS


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


def _strip(toks: list[str], phrases: Sequence[list[str]]) -> list[str]:
    """The tokens without the rubric's signpost phrases ("this breaks when"): a cue says no reason of its own."""
    out, k = [], 0
    while k < len(toks):
        hit = next((len(p) for p in phrases if p and toks[k : k + len(p)] == p), 0)
        out.extend([] if hit else [toks[k]])
        k += hit or 1
    return out


def _says_why(own: list[str], tail: list[str], reasons: Sequence[str]) -> bool:
    """Words that explain: many words of its own beyond the terms, or a reason marker with words of content after
    it (other failures named after the marker are its content: "…, so we reprocess two days")."""
    return len(own) >= REASONED_MIN_WORDS or gives_reason(" ".join(own), reasons) or gives_reason(" ".join(tail), reasons)


def _own_words(toks: list[str], row: Sequence[Match | None], j: int) -> tuple[list[str], list[str]]:
    """The words that belong to failure ``j`` of a sentence (from the failure named before it to the one named
    after it, its own name left out), and all the words after its name. One blanket reason after a list of
    failures ("…, hot keys, so we backfill") explains none of them."""
    m = row[j]
    if m is None:
        return toks, []
    lo = max((o.last for o in row if o is not None and o.last <= m.first), default=0)
    hi = min((o.first for o in row if o is not None and o.first >= m.last), default=len(toks))
    return toks[lo : m.first] + toks[m.last : hi], toks[m.last :]


def _explained(sents: list[Sentence], i: int, own: tuple[list[str], list[str]], reasons: Sequence[str],
               phrases: Sequence[list[str]]) -> bool:
    """Sentence ``i`` names a failure and, in its own words, says why or what to do, or the next sentence does."""
    if is_list(sents[i].context or sents[i].text, reasons):
        return False
    if _says_why(_strip(own[0], phrases), _strip(own[1], phrases), reasons):
        return True
    nxt = sents[i + 1] if i + 1 < len(sents) else None
    return (nxt is not None and not is_list(nxt.context or nxt.text, reasons)
            and gives_reason(" ".join(_strip(nxt.tokens, phrases)), reasons))


def find_failure_modes(sents: list[Sentence], rubric: Rubric, embedder: Embedder | None = None) -> FailureModes | None:
    """Failure modes volunteered: each counts once, when named (a cue) or described (by meaning) with a reason."""
    spec = rubric.failure_modes
    if spec is None:
        return None
    modes = spec.modes
    named = _named(sents, modes)
    described = _described(sents, modes, embedder)
    phrases = [normalize(t) for p in rubric.phrases for t in [p.text, *p.paraphrases]]
    heard: dict[int, ClaimHeard] = {}
    bare: dict[int, ClaimHeard] = {}  # named or described, not (yet) explained: what the note points at
    for i, s in enumerate(sents):
        toks = s.tokens
        for j, m in enumerate(named[i]):
            if j in heard or (m is None and not described[i, j]):
                continue
            text = " ".join(toks[m.first : m.last]) if m is not None else _first_alternative(modes[j].cue)
            claim = ClaimHeard(mode=_first_alternative(modes[j].cue), name=text, at=round(s.start, 2), said=s.text)
            if _explained(sents, i, _own_words(toks, named[i], j), spec.reasons, phrases):
                heard[j] = claim
            else:
                bare.setdefault(j, claim)
    explained = sorted(heard.values(), key=lambda c: (c.at, c.name))
    unexplained = sorted((c for j, c in bare.items() if j not in heard), key=lambda c: (c.at, c.name))
    return FailureModes(volunteered=len(explained), target=spec.min_volunteered, items=[c.name for c in explained],
                        explained=explained, unexplained=unexplained)


def _first_alternative(cue: str) -> str:
    return cue.split("|")[0].strip()
