"""A seniority phrase done in other words counts as said (seventh session): "every line on the list is one thing
somebody paid for" states the grain, "I'd rather keep X than Y, because …" weighs a trade-off, "if the store goes
down, the app shows the popular list" says how the design breaks. Heard by how a sentence of the beat the phrase
supports is built (``structure`` in the rubric's phrase), never by its words; a list of terms or a bare name of a
risk is not enough, and outside its beat the sentence says nothing for the phrase."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from interviewer.bank.rubrics import PhraseSpec, load_rubric
from interviewer.score import score, sentences
from interviewer.scoring.phrases import find_phrases
from interviewer.scoring.structure import explains, unit, weighs
from interviewer.scoring.tokens import normalize

sys.path.insert(0, str(Path(__file__).parent))
from test_scoring_meaning import said  # noqa: E402

MODELING = load_rubric("modeling")


def _found(t, spans):
    return {p.id: p.found for p in find_phrases(t.words, MODELING, sentences(t.words), None, list(spans), spans)}


def _span(t):
    return (t.words[0].start, t.words[-1].end)


@pytest.mark.parametrize("text", [
    "So the way I picture it, every line on the list is one thing somebody bought and paid for.",
    "The base table keeps one reading from one sensor at one moment.",
    "What I'd keep is one line for each service on a bill.",
])
def test_a_unit_stated_in_plain_words_is_the_grain(text):
    assert unit(normalize(text))
    t = said(text)
    assert _found(t, {"frame": _span(t)})["grain"]
    assert not _found(t, {"build": _span(t)})["grain"]  # only inside the frame it supports
    assert not _found(t, {})["grain"]


def test_a_frame_without_a_unit_states_no_grain():
    t = said("I'll build this around a claims table with conformed dimensions.")
    assert not unit(normalize(t.text)) and not _found(t, {"frame": _span(t)})["grain"]


@pytest.mark.parametrize("text,yes", [
    ("I chose Airflow over writing our own scheduler, because nobody wanted to maintain one.", True),
    ("I went for a nightly snapshot as opposed to CDC, because the source had no log.", True),
    ("It was either fix it upstream or clean it in the warehouse, and we went upstream because it was the cause.", True),
    ("We could have gone with Kafka, but we stuck with the queue we had, since the volume was small.", True),
    ("I'd rather not guess, so can I ask how big the table is?", False),  # polite, no options
    ("Not because it was hard, but because nobody owned it.", False),  # two reasons, not two options
    ("We used Delta instead of plain Parquet, and so, yeah, that was that.", False),  # a filler "so"
    ("We've been on dbt instead of stored procedures since twenty twenty one.", False),  # "since" a year
])
def test_a_choice_against_its_alternative_for_a_reason_weighs_a_trade_off(text, yes):
    assert weighs(normalize(text)) is yes


def test_two_options_weighed_for_a_reason_are_a_trade_off():
    t = said("I'd rather keep a narrow table with lookups than one flat table, because the teams join different things.")
    assert weighs(normalize(t.text)) and _found(t, {"build": _span(t)})["tradeoff"]
    for plain in ("I'd partition by day and cluster by store, because reports read one day.",  # a reason, no choice
                  "We use a narrow table rather than a flat one."):  # a choice, no reason
        p = said(plain)
        assert not weighs(normalize(p.text)) and not _found(p, {"build": _span(p)})["tradeoff"]


def test_a_failure_and_what_follows_from_it_says_how_it_breaks():
    t = said("If the fast store goes down, the app shows the popular list instead of an error.")
    assert explains(normalize(t.text)) and _found(t, {"stress": _span(t)})["breaks"]
    pair = said("People get paged at night for nothing and start ignoring it.", "So only the truly bad ones wake anyone up.")
    assert _found(pair, {"stress": _span(pair)})["breaks"]  # the consequence in the next sentence
    for bare in ("Late data, deletes, duplicates and skew are the risks.", "Now, where would this hurt?"):
        b = said(bare)
        assert not _found(b, {"stress": _span(b)})["breaks"]


def test_the_phrase_done_counts_in_the_score_only_where_its_beat_was_heard():
    t = said("Who reads this, finance or the shop managers, and how fresh must it be?",
             "So the way I picture it, every line on the list is one thing somebody bought and paid for.",
             "Products and customers get their own tables with a surrogate key, partitioned by day.",
             "What could go wrong is a refund that shows up weeks later, so we recompute the last two months.")
    r = score(t, MODELING)
    found = {p.id: p.found for p in r.phrases}
    assert found["grain"] and found["breaks"], (r.beats, r.phrases)
    # the clause that states the unit, inside the frame it belongs to (the frame weighs the unit too)
    assert next(p for p in r.phrases if p.id == "grain").heard.startswith("every line on the list")


def test_a_phrase_heard_by_structure_needs_the_beat_it_supports_in_the_rubric():
    data = load_rubric("behavioral-star").model_dump()  # a story has no beats
    data["phrases"][0] = PhraseSpec(id="x", text="the trade-off here is", advice="say it", supports="build",
                                    structure=["weighs"]).model_dump()
    with pytest.raises(ValueError, match="supports"):
        type(MODELING).model_validate(data)
    assert {p.id: p.structure for p in MODELING.phrases} == {"grain": ["unit"], "tradeoff": ["weighs"], "breaks": ["explains"]}


STAR = load_rubric("behavioral-star")


def _star_tradeoff(*lines: str) -> bool:
    t = said(*lines)
    return next(p for p in find_phrases(t.words, STAR, sentences(t.words)) if p.id == "tradeoff").found


def test_a_story_weighs_a_trade_off_by_a_choice_with_its_alternative_and_reason_not_by_the_verb_picked():
    """A phrase that supports no beat (a STAR story has none) is heard by its structure anywhere in the answer;
    "we picked a tool" or "whichever we picked" names a choice, not a trade-off weighed."""
    assert STAR.phrases[0].supports is None and STAR.phrases[0].structure == ["weighs"]
    assert not _star_tradeoff("There was one time we picked a tool I didn't like, and I just went with it.",
                              "I was leading the move, so whichever we picked, making it work was on me.")
    assert _star_tradeoff("Our nightly load kept failing on the first of the month.",
                          "I patched the date logic rather than rebuild the job, because the quarter closed in two weeks.")
