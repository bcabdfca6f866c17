"""Order as an interviewer hears it: clarifying questions count only before the candidate commits.

The candidate commits with the first statement that frames or builds the answer: a sentence that is
not a question, with evidence for a later beat. A clause of a sentence that ends as a question is part
of the asking, not a commitment ("Quick check first, signing up counts as the first active week, or do
we only start counting the week after?"). Questions before the commitment are clarifying questions; a
question after it, that sounds like clarifying, is a late question: reported, with feedback, and
no evidence for the clarify beat.
"""

from __future__ import annotations

from typing import Sequence

from interviewer.scoring.text import Sentence

COMMIT_EVIDENCE = 1.0  # evidence for a beat after clarify that makes a statement a commitment


def commit_index(questions: Sequence[bool], later_evidence: Sequence[float], threshold: float = COMMIT_EVIDENCE,
                 asking: Sequence[bool] | None = None) -> int:
    """Index of the first sentence that commits (len when none does). ``asking[i]``: sentence ``i`` is a
    clause of a sentence that ends as a question, so it cannot commit."""
    for i, (q, e) in enumerate(zip(questions, later_evidence)):
        if not q and e >= threshold and not (asking is not None and asking[i]):
            return i
    return len(questions)


def split_questions(questions: Sequence[bool], clarify_like: Sequence[bool], commit: int) -> tuple[list[int], list[int]]:
    """(indices of clarifying questions, indices of late questions) around the commitment point."""
    early = [i for i, q in enumerate(questions) if q and i < commit]
    late = [i for i, q in enumerate(questions) if q and i >= commit and clarify_like[i]]
    return early, late


ALTERNATIVE = "or"  # "who reads it, the producers, or the studio heads": the alternatives of a question are asked


def asking_clauses(sents: Sequence[Sentence]) -> list[bool]:
    """Which sentences are part of an asking without being questions themselves: every clause of a sentence
    that ends as a question (its lead-in), and the alternatives offered after a question clause of the same
    sentence ("who's going to read this, | the producers on their own shows, | or the heads across all of
    them,"): the clauses up to and including one that opens with "or", or that lead into the next question
    ("…, | and when a title is stuck, | is that the same for every stage")."""
    out = [s.context.rstrip().endswith("?") for s in sents]
    for i, s in enumerate(sents):
        if out[i] or s.is_question or not s.context or i == 0 or sents[i - 1].context != s.context:
            continue
        if not (sents[i - 1].is_question or out[i - 1]):
            continue
        opens_or = s.tokens[:1] == [ALTERNATIVE]
        nxt = sents[i + 1] if i + 1 < len(sents) and sents[i + 1].context == s.context else None
        out[i] = opens_or or (nxt is not None and (nxt.tokens[:1] == [ALTERNATIVE] or nxt.is_question))
    return out
