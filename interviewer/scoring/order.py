"""Order as an interviewer hears it: clarifying questions count only before the candidate commits.

The candidate commits with the first statement that frames or builds the answer (a sentence that is
not a question, with evidence for a later beat; a statement followed by another question needs twice
the evidence: it is usually part of the asking). Questions before it are clarifying questions; a
question after it, that sounds like clarifying, is a late question: reported, with feedback, and
no evidence for the clarify beat.
"""

from __future__ import annotations

from typing import Sequence

COMMIT_EVIDENCE = 1.0  # evidence for a beat after clarify that makes a statement a commitment
QUESTION_NEXT_FACTOR = 2.0  # ... this many times as much when the next sentence asks again


def commit_index(questions: Sequence[bool], later_evidence: Sequence[float], threshold: float = COMMIT_EVIDENCE) -> int:
    """Index of the first sentence that commits (len when none does)."""
    n = len(questions)
    for i, (q, e) in enumerate(zip(questions, later_evidence)):
        # a remark between questions ("quick check first, …") is still asking, unless it clearly commits
        asking_on = i + 1 < n and questions[i + 1]
        if not q and e >= threshold * (QUESTION_NEXT_FACTOR if asking_on else 1.0):
            return i
    return n


def split_questions(questions: Sequence[bool], clarify_like: Sequence[bool], commit: int) -> tuple[list[int], list[int]]:
    """(indices of clarifying questions, indices of late questions) around the commitment point."""
    early = [i for i, q in enumerate(questions) if q and i < commit]
    late = [i for i, q in enumerate(questions) if q and i >= commit and clarify_like[i]]
    return early, late
