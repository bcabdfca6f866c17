"""Structure weighed with meaning (issue 11, fifth session), on hand-made transcripts: how a sentence is
built (the speaker given a goal, alternatives offered after a question) says its role where the sentence
embedder mostly hears its topic. No embedder here: the structure alone must carry these."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from interviewer.bank.rubrics import load_rubric
from interviewer.errors import RubricError
from interviewer.score import score, sentences
from interviewer.scoring import order, structure
from interviewer.scoring.text import normalize

sys.path.insert(0, str(Path(__file__).parent))
from test_scoring_meaning import said  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("text,given", [
    ("My manager asked me to find out why the totals kept drifting.", True),
    ("Sorting it out landed with me, since nobody else knew both systems.", True),
    ("My lead gave me the quarter to try.", True),
    ("I wanted to get that down to a day.", True),
    ("I had to keep the loads running while we looked.", True),
    ("Whatever happens, I have to get them something correct by eight.", True),  # told in the present
    ("I have a team of four.", False),
    ("I have to say the team was great about it.", False),
    ("I need to be honest, it was my bug.", False),
    ("Anyway, I put my hand up to move the whole thing to the new warehouse.", True),
    ("I traced the gap to duplicate events from one producer.", False),
    ("I decided to cap the batch size.", False),  # a decision taken is a deed
    ("I had a team of four.", False),
    ("The job sent me an alert every night.", False),
    ("We had two teams computing active users differently.", False),
    # a goal owned ("mine to", "my job to") or assigned in the passive ("I'd been asked to")
    ("I was on call, so it was mine to find out whether the drop was real.", True),
    ("It fell under my team, and it was my responsibility to get the numbers right.", True),
    ("What I'd been asked to do was make the regional totals match.", True),
    ("We were told to cut the warehouse bill by a third.", True),
    ("The table was mine to begin with.", False),
    ("I was supposed to be on holiday that week.", False),
    ("My manager was asked about it in the all hands.", False),
    # the speaker is the one given the goal; a thing expected, a negation, "to be honest" are not a task
    ("The nightly load was expected to finish by six.", False),
    ("Users were expected to log in with their work account.", False),
    ("It's not my job to decide the SLA.", False),
    ("My job, to be honest, was mostly firefighting.", False),
    ("I was told to expect some pushback.", False),
    ("I was tasked with getting the change feed stable.", True),
    ("I was put in charge of the Kafka upgrade.", True),
    ("My task was to cut the warehouse bill.", True),
    ("The goal was to get freshness under fifteen minutes.", True),
    ("I was asked by my manager to look into it.", True),
])
def test_the_speaker_given_or_taking_on_a_goal_is_heard(text, given):
    assert structure.tasked(normalize(text)) is given


def test_a_task_told_in_plain_words_is_the_task_and_not_a_deed():
    """"My manager asked me to find out why …" has no task cue; its structure makes it the task, and a
    goal taken on ("I put my hand up to move it") is no deed of the action."""
    first = "We had a weekly sales report that pulled from three systems that never agreed with each other."
    story = said(
        first,
        "My manager asked me to find out why the totals kept drifting and make it stop.",
        "I lined up a week of numbers from each system side by side until I saw where they split.",
        "I wrote down one rule for when a sale counts and changed the load to follow it.",
        "Since then the report has matched the ledger every single week, for eleven months now.",
    )
    r = score(story, load_rubric("behavioral-star"))
    parts = {p.name: p for p in r.star}
    assert all(p.present for p in r.star), r.star
    assert parts["task"].start == pytest.approx(said(first).duration_s - 0.5, abs=0.2)  # the second sentence
    assert parts["action"].start > parts["task"].start
    assert r.star_order == ["situation", "task", "action", "result"]


def test_a_structure_feature_is_rubric_data_and_validated(tmp_path):
    text = (REPO / "rubrics" / "behavioral-star.toml").read_text()
    assert "structure = { tasked" in text
    bad = tmp_path / "star.toml"
    bad.write_text(text.replace("structure = { tasked", "structure = { owned", 1))
    with pytest.raises(RubricError, match="structure"):
        load_rubric(str(bad))
    off = tmp_path / "off.toml"
    off.write_text(text.replace("structure = { tasked = 1.0 }", "structure = { tasked = 0.0 }", 1))
    story = said("We had a nightly job that kept failing.", "My manager asked me to find out why.",
                 "I read every failed run and rewrote the load.", "It has not failed in five months.")
    assert next(p for p in score(story, load_rubric(str(off))).star if p.name == "task").present is False


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


# --- a frame announced ------------------------------------------------------------------------------


@pytest.mark.parametrize("text,yes", [
    ("My plan is to find when each user did each step and count them.", True),
    ("So, um, the big picture is every table that lands gets a few checks.", True),
    ("The way I'd do it is to never keep the real user id past the front door.", True),
    ("So what I'd do is keep one line for each time an ad is shown.", True),
    ("Here's how I'd go at it: fill in every day, then keep a running count.", True),
    ("In plain words, it means every event is counted once.", True),
    ("Okay, the rough shape is a queue, a job and a small service.", True),
    ("The way the job pulls that off is a snapshot every few seconds.", False),  # how it works: the build
    ("What is the plan for late events?", False),
    ("Alright, the rough outline: decide who sees what, record what they saw, and crunch it daily.", True),
    ("The plan for late events is to reprocess the last two days.", False),  # a plan for one thing, not the answer's
    ("Short answer: today I'd pick one streaming path and replay it when the logic changes.", True),
    ("The whole trick is to only ever make changes that old readers can live with.", True),
    ("That's a hot key.", True),  # the problem named in a sentence of its own
    ("That's a mistake I made early on in that job.", False),
    ("This is a batch job that runs at two am.", False),
    ("The overview dashboard reads from the same table.", False),
    ("The approach in a nutshell: total the views per day, then keep a running sum.", True),
    ("That's a good question, let me think about the volume first.", False),
    ("This is a lot of data for one table.", False),
    ("The idea behind it was simple enough for everyone.", False),
    ("First I pull the events and keep the earliest time per user.", False),
    ("The tricky part is copies people made by hand.", False),
    ("I'd think of it as checks that run after every load, each with a level.", True),  # the whole cast as one thing
    ("So I see this as a fan-out problem more than a storage one.", True),
    ("Honestly, I'd approach it as a streaming problem.", True),
    ("I'd treat the driver table as slowly changing.", False),  # one part of the answer, not the whole
    ("I think it is a good idea to start small.", False),
    ("I'd think about the grain first.", False),
    ("I'd, um, probably think of this as an event log problem.", True),  # fillers and hedges in between
    ("I view it mostly as a dedup problem.", True),
    ("I don't see it as a big deal, we'd just retry.", False),  # dismissed
    ("I'd approach it as soon as we have the sample file.", False),  # "as soon as"
])
def test_a_sentence_that_announces_the_shape_of_the_answer_is_heard(text, yes):
    assert structure.announces(normalize(text)) is yes


def test_a_frame_in_plain_words_is_found_by_its_announcement():
    """No frame cue, no embedder: "My plan is to …" opens the frame before the walk-through."""
    t = said("Can there be two rows for the same user and step?",
             "My plan is to find when each user did each step, check the order, and count them.",
             "First I pull the events and keep the earliest time per user and step with a group by.",
             "Then I turn the four times into four columns with case when and sum each column.",
             "If nobody landed on a day the division would blow up, so I wrap it in null if.")
    beats = {b.name: b for b in score(t, load_rubric("sql")).beats}
    assert beats["frame"].present and "announces" in beats["frame"].evidence
    assert beats["frame"].start == pytest.approx(said("Can there be two rows for the same user and step?").duration_s - 0.5, abs=0.2)
    assert beats["build"].present and beats["build"].start > beats["frame"].end


def test_an_announcement_does_not_silence_the_meaning_of_its_sentence():
    """A structure feature is no cue: the other clauses of a long sentence that announces keep their evidence
    from meaning (a cue would damp it), so a run-on that frames and then builds is not all frame."""
    from interviewer.scoring import beats as B

    why = [[["question"], [], [], []], [[], ["announces"], [], []], [[], ["one row per", "meaning"], [], []]]
    assert B.cued_by_words(why).tolist() == [[False] * 4, [False] * 4, [False, True, False, False]]


# --- where in the answer a beat usually sits --------------------------------------------------------


def test_the_position_prior_is_a_bell_around_where_the_part_usually_sits():
    from interviewer.scoring.segment import position_prior

    t = said(*["one two three four five."] * 11)
    prior = position_prior(sentences(t.words), [(0.0, 0.1), (1.0, 0.1), None], weight=0.6)
    assert prior.shape == (11, 3)
    assert prior[0, 0] == pytest.approx(0.6, abs=0.05) and prior[-1, 0] < 0.01
    assert prior[-1, 1] == pytest.approx(0.6, abs=0.05) and prior[0, 1] < 0.01
    assert (prior[:, 2] == 0).all()
    assert (position_prior(sentences(said("one two three four.").words), [(0.5, 0.2)]) == 0).all()  # one sentence: no prior


def test_the_position_places_a_beat_but_never_makes_one_up():
    """The prior is added for the segmentation only: an answer that never stress-tests gets no stress beat from
    it, however much of the answer's end the prior gives to the stress beat."""
    rubric = load_rubric("modeling")
    assert all(b.position is not None for b in rubric.beats)
    flawed = said("Who reads this, finance or the product team?",
                  "I'll treat this as a star schema, and the grain of this fact is one row per order line.",
                  "The dimensions are customer, product and date, each with a surrogate key.",
                  "I'd partition the fact by order date and cluster by store.",
                  "The product dimension is slowly changing type two.")
    beats = {b.name: b for b in score(flawed, rubric).beats}
    assert not beats["stress"].present and beats["build"].present
    assert beats["build"].end == pytest.approx(flawed.duration_s - 0.6 - 0.5 + 0.3 - 0.32, abs=0.05)  # to the last word


def test_the_position_moves_a_boundary_where_meaning_is_split():
    """A sentence that sounds a little like both neighbours goes to the beat that usually sits there."""
    from interviewer.scoring.segment import position_prior, segment

    t = said(*["one two three four five."] * 6)
    rows = [[2.0, 0.0], [1.0, 0.0], [0.5, 0.6], [0.5, 0.6], [0.4, 0.5], [0.0, 2.0]]
    assert segment(rows, 2) == [0, 0, 1, 1, 1, 1]  # the third sentence opens the stress, a third of the way in
    prior = position_prior(sentences(t.words), [(0.2, 0.15), (0.9, 0.1)])
    assert segment((np.array(rows) + prior).tolist(), 2) == [0, 0, 0, 1, 1, 1]


def test_a_position_is_rubric_data_and_validated(tmp_path):
    text = (REPO / "rubrics" / "modeling.toml").read_text()
    assert "position = { at = " in text
    bad = tmp_path / "m.toml"
    bad.write_text(text.replace("position = { at = 0.88", "position = { at = 1.88", 1))
    with pytest.raises(RubricError, match="position"):
        load_rubric(str(bad))


# --- a result said as a change against before ----------------------------------------------------


@pytest.mark.parametrize("text,yes", [
    ("The warehouse bill is about a third smaller today than it was two years ago.", True),
    ("Long story short, the report hasn't been wrong since, and that's almost a year now.", True),
    ("We haven't had a single complaint about those numbers since March.", True),
    ("The nightly load went from four hours to about forty minutes.", True),
    ("It cut the export from 6 hours down to 40 minutes.", True),
    ("The job now finishes in forty minutes.", True),
    ("Nobody has to rerun it by hand anymore.", True),
    ("We were back under a minute of lag in twenty five minutes.", True),
    ("These days finance answers those questions in minutes.", True),
    ("It messages us when the totals are more than one percent apart.", False),  # a comparison with no before
    ("I moved the reports from the old server to the new warehouse.", False),  # a move, not a change measured
    ("Since I had built the original job, fixing it was on me.", False),  # "since" as "because"
    ("We had been running it since 2019.", False),  # the past, not since then
    ("Now, the first thing I did was count the rows for two days.", False),  # "now" leading a sentence
    ("This was back in 2021 when I was at a retail company.", False),
    ("It took anywhere from four to six hours to finish.", False),
    ("I scaled the cluster from 5 nodes to 20 nodes.", False),  # a deed, not a change measured
    ("I decided to rebuild it rather than patch what was there.", False),
    ("We've had this problem since the Kafka upgrade.", False),
    ("We haven't had a single mismatch since the switch.", True),
    ("We couldn't add any more nodes to the cluster.", False),
])
def test_an_outcome_said_as_a_change_against_before_is_heard(text, yes):
    assert structure.outcome(normalize(text)) is yes


def test_a_headline_result_told_first_is_the_result_and_the_story_follows():
    """No result cue, no number in the first sentence, no embedder: "hasn't been wrong since" is what came of it,
    told first; the situation, task and action follow in their order and are reported as spoken."""
    headline = "Long story short, the weekly sales report hasn't been wrong since, and that's almost a year now."
    story = said(
        headline,
        "Back then I was on a small team, and the report pulled from three systems that never agreed.",
        "My manager asked me to find out why the totals kept drifting and make it stop.",
        "I lined up a week of numbers from each system side by side until I saw where they split.",
        "So I wrote down one rule for when a sale counts and changed the load to follow it.",
    )
    r = score(story, load_rubric("behavioral-star"))
    assert r.star_order == ["result", "situation", "task", "action"], r.star
    result = next(p for p in r.star if p.name == "result")
    assert result.start == pytest.approx(0.0, abs=0.05) and result.end == pytest.approx(said(headline).duration_s - 0.5, abs=0.2)


def test_a_word_heard_in_two_parts_cues_belongs_to_the_cue_said_first():
    """"Back then I was on a small team" holds the situation's "back then" and, overlapping it, the action's
    "then I": the word "then" is heard once, in the situation's cue; the sentence is no deed."""
    from interviewer.scoring.star import _cue_counts

    parts = load_rubric("behavioral-star").star.parts
    counts = dict(zip((p.name for p in parts), _cue_counts(normalize("Back then I was on a small team."), parts)))
    assert counts == {"situation": 1, "task": 0, "action": 0, "result": 0}
    counts = dict(zip((p.name for p in parts), _cue_counts(normalize("And then I rewrote the load."), parts)))
    assert counts["action"] == 1


@pytest.mark.parametrize("text,yes", [
    ("I'd split this into two halves: a small daily table, and the monthly numbers from it.", True),
    ("End to end it's four hops: the TV, a collector, a stream job and the warehouse.", True),
    ("At a high level it is three pieces that hand data to each other.", True),
    ("Roughly, the choice comes down to whether you want fixed slots or bursts of activity.", True),
    ("Two things to watch: titles that never reach a million, and blank seconds.", False),  # a count of checks
    ("The end to end latency is about two seconds at the p99.", False),
    ("It took two steps to roll back the release.", False),
    ("Both parts of the job read from the same topic.", False),
    ("At night the cluster comes down to two nodes.", False),
    ("So the first step groups the raw views by title and day.", False),
    ("First I keep the earliest time each user reached each of the four steps.", False),  # the funnel's steps, known
])
def test_a_sentence_that_outlines_the_parts_of_the_answer_is_heard(text, yes):
    assert structure.outlines(normalize(text)) is yes


def test_a_frame_said_as_a_count_of_its_parts_is_the_frame():
    """No frame cue, no embedder: "I'd split this into two halves" lays out the answer before its parts."""
    t = said("Is an active user anyone with any event, or only someone who played something?",
             "I'd split this into two halves, a small daily table of who was active and the monthly count from it.",
             "The daily part reads one day's partition and keeps the distinct user ids with a group by.",
             "Then I count distinct users over the last thirty days with a window.",
             "If that is too slow, an approximate count is fine for the dashboard, so I'd use that.")
    beats = {b.name: b for b in score(t, load_rubric("sql")).beats}
    assert beats["frame"].present and "outlines" in beats["frame"].evidence, beats["frame"]
    assert beats["build"].present and beats["build"].start > beats["frame"].start


@pytest.mark.parametrize("text,yes", [
    ("There were two teams computing active users differently.", True),
    ("So this was, um, my second year at a travel company.", True),
    ("We were choosing between two tools for scheduling our pipelines.", True),
    ("And the fraud team was blocking payments late.", True),
    ("And the business kept asking for new reports.", True),
    ("Because it fell over every few weeks.", True),
    ("I rewrote the job to read only the new files.", False),  # a deed
    ("My manager asked me to find out why the totals kept drifting.", False),  # the goal given
    ("The report that used to be wrong hasn't been wrong since.", False),  # what came of it
    ("Then I added a check that compares the totals every morning.", False),
    ("And we were able to cut the run time in half.", False),
    ("We were done by Friday and nobody noticed.", False),
    ("After that everything was running smoothly again.", False),
    ("The problem was nothing to do with Spark.", False),
    ("We had to rewrite the whole dedupe step.", False),
    ("Marketing built their report from their own copy, and it never matched ours.", True),  # how it always went
    ("What we'd seen was that the order total was always a little lower than finance's.", True),
    ("The dashboard was often wrong by Monday.", True),
    ("It never broke after that.", False),  # how it went afterwards: the result
    ("In the end we never missed a deadline.", False),
    ("I always wrote the tests first.", False),  # the speaker's habit is no scene
    ("Back then we usually ran everything off one big cron box.", True),  # "back then" sets the scene
    ("The job would often fall over right after midnight, when the partitions rolled.", True),  # a time of day
    ("We never missed the deadline for the rest of the quarter.", False),
    ("Finance never asked us for an export after we added the alerts.", False),
])
def test_a_sentence_that_sets_the_scene_is_heard(text, yes):
    assert structure.scene(normalize(text)) is yes


def _star_parts(*lines: str) -> dict:
    return {p.name: p for p in score(said(*lines), load_rubric("behavioral-star")).star}


def test_a_situation_in_plain_words_is_heard_by_how_it_is_told():
    """No situation cue, no embedder: how things stood ("we were choosing …", "most people wanted …") opens the story."""
    parts = _star_parts("We were choosing between two tools for scheduling our pipelines, and the old one kept failing.",
                        "My manager asked me to pick one and move everything over within a quarter.",
                        "I moved the two simplest pipelines first and wrote down every problem we hit.",
                        "We finished a month early, and nothing failed in the first six months.")
    assert parts["situation"].present and parts["situation"].start == pytest.approx(0.0, abs=0.05), parts


def test_a_situation_that_goes_on_into_a_list_still_sets_the_scene():
    """A list of terms earns a part nothing, but a clause with its own subject that a list only elaborates still
    says something: "At my last company we had a lot of customer data, names, emails, addresses"."""
    task, deed = "I was asked to make sure none of it could leak from the warehouse.", "I replaced every email with a token."
    parts = _star_parts("At my last company we had a lot of customer data, names, emails, addresses, phone numbers, that kind of thing.",
                        task, deed, "Within six weeks no raw email was left anywhere.")
    assert parts["situation"].present and parts["situation"].start == pytest.approx(0.0, abs=0.05), parts
    assert not _star_parts("Customer data, names, emails, addresses, phone numbers.", task, deed)["situation"].present


def test_a_story_opened_on_its_first_deed_opens_on_the_action():
    from interviewer.scoring.star import _cue_counts

    parts = load_rubric("behavioral-star").star.parts
    counts = dict(zip((p.name for p in parts), _cue_counts(normalize("The first thing I did was stop every write into the table."), parts)))
    assert counts["action"] == 1 and counts["situation"] == 0


def test_a_grain_said_in_plain_words_frames_a_model():
    """No frame cue, no embedder: "every line is a single ride somebody finished" states the unit of the data, which
    is how a modeling answer is framed (rubric data: the modeling frame weighs the `unit` structure)."""
    t = said("So, I'd make one big list where every line is a single ride somebody finished.",
             "Next there's a list of riders, a list of drivers and a list of cities, each with its own key.",
             "I'd keep each version of a driver with the date it applied, type two.",
             "And I split the rides by the day they happened, partitioned by date.")
    beats = {b.name: b for b in score(t, load_rubric("modeling")).beats}
    assert beats["frame"].present and "unit" in beats["frame"].evidence, beats["frame"]


def test_every_structure_feature_a_rubric_may_name_is_one_the_scorer_has():
    from typing import get_args

    from interviewer.bank.rubrics import StructureFeature

    assert set(get_args(StructureFeature)) == set(structure.FEATURES)
    star = load_rubric("behavioral-star").star
    assert {name for p in star.parts for name in p.structure} >= {"deed", "narrates", "scene", "outcome", "tasked"}
