"""Structure weighed with meaning (issue 11, fifth session), on hand-made transcripts: how a sentence is
built (the speaker given a goal, alternatives offered after a question) says its role where the sentence
embedder mostly hears its topic. No embedder here: the structure alone must carry these."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from interviewer.bank.rubrics import load_rubric
from interviewer.score import score, sentences
from interviewer.scoring import order

sys.path.insert(0, str(Path(__file__).parent))
from test_scoring_meaning import said  # noqa: E402


# --- the alternatives of a question are asked -------------------------------------------------------


def test_the_alternatives_after_a_question_are_part_of_the_asking():
    """Whisper often ends a spoken question flat and splits it at its commas: "Um, who's going to be reading
    this, | the producers checking on their own shows, | or the studio heads looking across all of them."
    The alternatives are still the question: they neither commit nor make the next question late."""
    t = said("Um, who's going to be reading this, the producers checking on their own shows, or the studio heads "
             "looking across all of them, and when a title is stuck, is that the same number of days for every "
             "stage, or is editing allowed to take longer than planning.",
             "Okay. The grain of this fact is one row per title per stage it enters.",
             "The stage dimension keeps the normal number of days per stage, with a surrogate key.",
             "This breaks when a title goes backwards, so each new row closes the previous one.")
    sents = sentences(t.words)
    assert len(sents) > 4 and sents[0].is_question
    asking = order.asking_clauses(sents)
    alternatives = [i for i, s in enumerate(sents) if s.context and not s.is_question]
    assert alternatives and all(asking[i] for i in alternatives if sents[i].tokens[:1] == ["or"])
    frame = next(i for i, s in enumerate(sents) if s.tokens[:1] == ["okay"])
    # every clause has evidence for a later beat here: only a statement outside the asking commits
    assert order.commit_index([s.is_question for s in sents], [1.6] * len(sents), asking=asking) == frame
    r = score(t, load_rubric("modeling"))
    assert r.late_questions == [], r.late_questions
    assert {b.name for b in r.beats if b.present} == {"clarify", "frame", "build", "stress"}


def test_a_statement_after_a_question_in_the_same_sentence_is_not_asking():
    t = said("Who reads this, I'd guess finance, and I'll treat this as a star schema with one fact per order line and a "
             "date dimension, partitioned by order date.")
    sents = sentences(t.words)
    asking = order.asking_clauses(sents)
    assert not any(asking[i] for i, s in enumerate(sents) if i > 0 and s.tokens[:1] != ["or"] and not s.is_question
                   and (i + 1 >= len(sents) or sents[i + 1].tokens[:1] != ["or"]))
