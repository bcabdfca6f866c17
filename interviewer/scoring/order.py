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
