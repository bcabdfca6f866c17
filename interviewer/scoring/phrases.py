"""Seniority phrases: said in the rubric's words (fuzzy, robust to ASR slips), or meant in other words.

"Every line here stands for one session" states the grain as surely as "the grain of this fact is":
with an embedder, a sentence close enough to one of the phrase's example sentences counts too.
"""

from __future__ import annotations

import re

from typing import Sequence

from interviewer.bank.rubrics import REASON_MARKERS, PhraseSpec, Rubric
from interviewer.scoring.claims import is_list
from interviewer.scoring.meaning import Embedder, similarity_matrix
from interviewer.scoring.structure import FEATURES
from interviewer.scoring.text import Sentence, _word_tokens, find_phrase
from interviewer.scoring.tokens import normalize
from interviewer.types import PhraseResult, Word

PHRASE_MEANING = 0.52  # cosine to one of the phrase's examples for a sentence to count as saying it
SIGNPOST_WORDS = 3  # a signpost is short by nature ("Now, the weak spots."): three words can say a phrase
WHOLE = (float("-inf"), float("inf"))  # the span of a phrase that supports no beat: anywhere in the answer
SIGNPOST_MAX_WORDS = 6  # ... and leads its sentence: the first comma-set piece of 3-6 words is compared too


def _said(words: Sequence[Word], p: PhraseSpec) -> PhraseResult | None:
    toks, owner = _word_tokens(words)
    m = find_phrase(toks, [p.text, *p.paraphrases])
    if m is None:
        return None
    return PhraseResult(id=p.id, text=p.text, found=True, at=round(words[owner[m.first]].start, 2),
                        heard=" ".join(toks[m.first : m.last]), similarity=round(m.similarity / 100, 3))


def _pieces(sents: list[Sentence]) -> tuple[list[str], list[int]]:
    """Each sentence (as a whole) and its leading comma-set piece of 3-6 words, with the sentence each came
    from: a signpost is often set off at the start ("Now, the weak spots, phones that …")."""
    texts: list[str] = []
    owner: list[int] = []
    for i, s in enumerate(sents):
        whole = s.context or s.text
        lead = next((p.strip() for p in re.split(r"[,;:]", s.text) if len(p.split()) >= SIGNPOST_WORDS), "")
        for t in dict.fromkeys([whole, *([lead] if len(lead.split()) <= SIGNPOST_MAX_WORDS else [])]):
            if len(t.split()) >= SIGNPOST_WORDS:
                texts.append(t)
                owner.append(i)
    return texts, owner


def _meant(sents: list[Sentence], p: PhraseSpec, embedder: Embedder | None, reasons: Sequence[str]) -> PhraseResult | None:
    if embedder is None or not p.examples or not sents:
        return None
    texts, owner = _pieces(sents)
    if not texts:
        return None
    sims = similarity_matrix(embedder, texts, list(p.examples)).max(axis=1)
    for k in sorted(range(len(texts)), key=lambda k: (-float(sims[k]), k)):
        if sims[k] < PHRASE_MEANING:
            break
        s = sents[owner[k]]
        if not is_list(s.context or s.text, reasons):
            return PhraseResult(id=p.id, text=p.text, found=True, at=round(s.start, 2), heard=texts[k],
                                similarity=round(float(sims[k]), 3))
    return None


def _shown(sents: list[Sentence], p: PhraseSpec, span: tuple[float, float] | None, reasons: Sequence[str]) -> PhraseResult | None:
    """The phrase done, not named: a sentence of the beat it supports (``span``; the whole answer for a phrase that
    supports no beat) built the way the phrase's ``structure`` says (a unit stated, two options weighed for a reason,
    a failure and what follows from it)."""
    if not p.structure or span is None:
        return None
    inside = [s for s in sents if s.start >= span[0] - 1e-6 and s.end <= span[1] + 1e-6
              and not s.is_question and not is_list(s.context or s.text, reasons)]
    nxt = [f"{s.text} {inside[i + 1].text}" if i + 1 < len(inside) else "" for i, s in enumerate(inside)]
    # the clause itself, then with the next sentence ("… and they stop reading the alerts. So only the bad ones page."),
    # then its whole sentence
    for texts in ([s.text for s in inside], nxt, [s.context for s in inside]):
        for s, t in zip(inside, texts):
            if t and any(FEATURES[f](normalize(t)) for f in p.structure):
                return PhraseResult(id=p.id, text=p.text, found=True, at=round(s.start, 2), heard=s.text)
    return None


def find_phrases(words: Sequence[Word], rubric: Rubric, sents: list[Sentence] | None = None,
                 embedder: Embedder | None = None, heard_beats: Sequence[str] | None = None,
                 spans: dict[str, tuple[float, float]] | None = None) -> list[PhraseResult]:
    """Each seniority phrase of the rubric: when and how it was heard, or not found. With ``heard_beats`` (the
    beats heard), a phrase that supports a beat is heard by meaning only when that beat was heard: a sentence
    that merely sounds like "this breaks when" does not stress-test an answer that never does. With ``spans``
    (each heard beat's start and end), a phrase is also heard where a sentence of its beat does what it says."""
    reasons = rubric.failure_modes.reasons if rubric.failure_modes is not None else REASON_MARKERS
    if sents is not None:  # a phrase said inside a list of terms is not said: claims need reasons
        words = [w for s in sents if not is_list(s.context or s.text, reasons) for w in s.words]
    out = []
    for p in rubric.phrases:
        by_meaning = heard_beats is None or p.supports is None or p.supports in heard_beats
        hit = (_said(words, p) or (_meant(sents or [], p, embedder, reasons) if by_meaning else None)
               or _shown(sents or [], p, (spans or {}).get(p.supports) if p.supports else WHOLE, reasons))
        out.append(hit or PhraseResult(id=p.id, text=p.text, found=False))
    return out
