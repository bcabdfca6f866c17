"""Seniority phrases: said in the rubric's words (fuzzy, robust to ASR slips), or meant in other words.

"Every line here stands for one session" states the grain as surely as "the grain of this fact is":
with an embedder, a sentence close enough to one of the phrase's example sentences counts too.
"""

from __future__ import annotations

from typing import Sequence

from interviewer.rubric import PhraseSpec, Rubric
from interviewer.scoring.claims import is_list
from interviewer.scoring.meaning import Embedder, similarity_matrix
from interviewer.scoring.text import Sentence, _word_tokens, find_phrase
from interviewer.types import PhraseResult, Word

PHRASE_MEANING = 0.52  # cosine to one of the phrase's examples for a sentence to count as saying it


def _said(words: Sequence[Word], p: PhraseSpec) -> PhraseResult | None:
    toks, owner = _word_tokens(words)
    m = find_phrase(toks, [p.text, *p.paraphrases])
    if m is None:
        return None
    return PhraseResult(id=p.id, text=p.text, found=True, at=round(words[owner[m.first]].start, 2),
                        heard=" ".join(toks[m.first : m.last]), similarity=round(m.similarity / 100, 3))


def _meant(sents: list[Sentence], p: PhraseSpec, embedder: Embedder | None, reasons: Sequence[str]) -> PhraseResult | None:
    if embedder is None or not p.examples or not sents:
        return None
    texts = [s.context or s.text for s in sents]
    sims = similarity_matrix(embedder, texts, list(p.examples)).max(axis=1)
    for i in sorted(range(len(sents)), key=lambda i: (-float(sims[i]), i)):
        if sims[i] < PHRASE_MEANING:
            break
        if not is_list(sents[i].context or sents[i].text, reasons) and len(sents[i].words) >= 4:
            return PhraseResult(id=p.id, text=p.text, found=True, at=round(sents[i].start, 2), heard=texts[i],
                                similarity=round(float(sims[i]), 3))
    return None


def find_phrases(words: Sequence[Word], rubric: Rubric, sents: list[Sentence] | None = None,
                 embedder: Embedder | None = None) -> list[PhraseResult]:
    """Each seniority phrase of the rubric: when and how it was heard, or not found."""
    reasons = rubric.failure_modes.reasons if rubric.failure_modes is not None else []
    out = []
    for p in rubric.phrases:
        hit = _said(words, p) or _meant(sents or [], p, embedder, reasons)
        out.append(hit or PhraseResult(id=p.id, text=p.text, found=False))
    return out
