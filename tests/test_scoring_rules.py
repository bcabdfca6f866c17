"""The rules of scoring by meaning, on hand-made inputs (pure; a fake embedder where meaning is not the point)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from interviewer.scoring import claims, evidence, meaning, order, star

sys.path.insert(0, str(Path(__file__).parent))
from fake_embed import FakeEmbedder  # noqa: E402

REASONS = ["so", "because", "which", "means", "then", "otherwise", "instead"]


# --- meaning: the embedder port -------------------------------------------------------------------


def test_best_similarity_takes_each_groups_closest_exemplar_in_one_call():
    fake = FakeEmbedder()
    sims = meaning.best_similarity(fake, ["one row per session", "phones send plays late"],
                                   [["every row is one session", "grain"], ["late plays from phones"], []])
    assert fake.calls == 1
    assert sims.shape == (2, 3)
    assert sims[0, 0] > sims[0, 1] and sims[1, 1] > sims[1, 0]
    assert (sims[:, 2] == 0).all()


# --- evidence from similarity ------------------------------------------------------------------------


def test_semantic_evidence_goes_to_the_distinctive_part_only_when_confident():
    sims = np.array([
        [0.70, 0.20, 0.10],  # clearly part 0
        [0.50, 0.48, 0.10],  # parts 0 and 1 alike: both share
        [0.20, 0.22, 0.21],  # sounds like nothing in the rubric
    ])
    ev = evidence.semantic_evidence(sims)
    assert ev[0, 0] == pytest.approx(evidence.SEM_GAIN) and ev[0, 1] == 0 and ev[0, 2] == 0
    assert ev[1, 0] > 0 and ev[1, 1] > 0 and ev[1, 2] == 0
    assert (ev[2] == 0).all()


def test_exemplars_are_examples_description_and_the_longer_cues():
    ex = evidence.exemplars(["who reads this|who consumes", "sla"], "Questions first.", ["Who will use it?"])
    assert ex == ["Who will use it?", "Questions first.", "who reads this"]


# --- order: clarify only before committing -----------------------------------------------------------


def test_questions_after_the_commitment_are_late():
    questions = [True, False, False, True, True, False]
    later = [0.0, 2.0, 1.5, 0.0, 0.0, 2.0]  # evidence for frame/build/stress
    commit = order.commit_index(questions, later)
    assert commit == 1
    early, late = order.split_questions(questions, [True, False, False, True, False, False], commit)
    assert early == [0]
    assert late == [3]  # the rhetorical question (not clarify-like) is neither


def test_a_clause_of_a_question_does_not_commit_but_a_statement_before_questions_does():
    """'Quick check first, signing up counts as week one, or do we start the week after?' is one question:
    its first clause, heard as a statement, is part of the asking. A whole statement that frames the
    answer commits, even when questions follow it ("I'd build one table of rides. Oh wait, do we …?")."""
    assert order.commit_index([False, True, True, False], [1.6, 0.0, 0.0, 1.6], asking=[True, True, False, False]) == 3
    assert order.commit_index([False, True, True, False], [1.6, 0.0, 0.0, 1.6], asking=[False, False, False, False]) == 0
    assert order.commit_index([False, True, True, False], [1.6, 0.0, 0.0, 1.6]) == 0
    assert order.commit_index([False, False, True], [0.4, 1.6, 0.0]) == 1


def test_no_commitment_keeps_every_question_clarifying():
    assert order.commit_index([True, True], [0.0, 0.0]) == 2


# --- STAR in any order ---------------------------------------------------------------------------------


def test_a_result_first_story_is_segmented_as_spoken():
    S, T, A, R = ([3, 0, 0, 0], [0, 3, 0, 0], [0, 0, 3, 0], [0, 0, 0, 3])
    labels = star.segment_any_order([R, S, T, A, A], switch_cost=0.6, order_penalty=0.5)
    assert labels == [3, 0, 1, 2, 2]
    assert star.runs(labels) == [(3, 0, 0), (0, 1, 1), (1, 2, 2), (2, 3, 4)]


def test_any_order_segmentation_keeps_a_part_in_one_stretch_and_prefers_the_canonical_order():
    S, A, N = [2, 0, 0, 0], [0, 0, 2, 0], [0.4, 0, 0.5, 0]
    # an ambiguous sentence between two actions stays in the action
    assert star.segment_any_order([S, A, N, A], 0.6, 0.5) == [0, 2, 2, 2]
    # a weak situation-like sentence after the action does not reopen the situation
    assert star.segment_any_order([S, A, [0.5, 0, 0, 0]], 0.6, 0.5) == [0, 2, 2]


# --- claims need reasons ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text,is_list", [
    ("Star schema, fact table, surrogate keys, slowly changing dimensions, partition by date.", True),
    ("Late arriving data, GDPR, hot partitions, idempotent merge, backfill, watermark.", True),
    ("Late events arrive after the watermark, so we reprocess two days.", False),
    ("The dimensions are rider, driver, city and date, because several teams slice by them.", False),
    # an enumeration inside a clause, as Whisper punctuates a spoken grain: not a list of terms
    ("The grain of this fact is one row per profile, per title, per device, per session.", False),
    ("Okay, I'll treat this as a star schema with one fact table, fact viewing session.", False),
    # a long run of terms is a list even with one longer item, and a lead-in "so" gives no reason
    ("Okay, so, a data mart on top of the warehouse, periodic snapshot fact, series grain, type two dimensions, "
     "amortization from finance, nearest neighbour comparables, a feature store, dbt, iceberg.", True),
    ("Factless fact, snapshot, type two dimensions, surrogate keys, dbt, iceberg, yeah, that covers it.", True),
    # speech broken up by fillers has clauses (a subject), not terms
    ("So, um, basically, we had this, uh, nightly job that loaded, like, all the spend, and it kept, you know, "
     "failing on Mondays.", False),
])
def test_a_list_of_terms_is_told_from_a_sentence(text, is_list):
    assert claims.is_list(text, REASONS) is is_list


@pytest.mark.parametrize("text,named,ok", [
    ("Late events arrive after the watermark, so we reprocess two days.", 2, True),
    ("Time zones are the other trap: stores close at midnight local time, not at midnight UTC.", 2, True),
    ("GDPR.", 1, False),
    ("Late arriving data, GDPR, hot partitions, backfill.", 4, False),
    ("And GDPR and time zones too.", 3, False),
])
def test_a_failure_mode_counts_when_its_mechanism_or_mitigation_is_said(text, named, ok):
    assert claims.reasoned(text, named, REASONS) is ok


def test_a_sentence_split_into_clauses_means_the_mean_of_its_clauses_without_a_model_run():
    """issue 11 item 6: the whole of a long sentence is not run through the model again; its vector is the
    word-weighted mean of its clauses' (close to what mean pooling over its tokens gives)."""
    fake = FakeEmbedder()
    seen: list[str] = []
    inner = fake.embed
    fake.embed = lambda texts: (seen.extend(texts), inner(texts))[1]  # type: ignore[method-assign]
    whole = "the grain is one row per trip, and the driver dimension keeps its history"
    parts = {whole: [("the grain is one row per trip,", 7), ("and the driver dimension keeps its history", 7)]}
    port = meaning.ClauseMeans(fake, parts)
    rows = port.embed(["late events", whole])
    clauses = fake.embed([p for p, _ in parts[whole]])
    want = clauses.sum(axis=0) / np.linalg.norm(clauses.sum(axis=0))
    np.testing.assert_allclose(rows[1], want, atol=1e-6)
    np.testing.assert_array_equal(rows[0], fake.embed(["late events"])[0])
    assert whole not in seen


def test_a_deed_in_the_first_person_past_is_action_and_owning_is_not():
    from interviewer.scoring.text import normalize

    assert star.did_something(normalize("So I, uh, I split the load into chunks of a day."))
    assert star.did_something(normalize("Then I rewrote the job to read only what changed."))
    assert star.did_something(normalize("I traced the gap to duplicate events."))
    assert not star.did_something(normalize("I needed to get it under five seconds."))
    assert not star.did_something(normalize("I was responsible for the weekend pipeline."))
    assert not star.did_something(normalize("The team I joined had hundreds of jobs, and I walked in late."))  # not at its start
    assert not star.did_something(normalize("We added an alert on consumer lag."))


def test_a_story_told_in_the_present_narrates_deeds_and_thinking_aloud_does_not():
    from interviewer.scoring.text import normalize

    assert star.narrates(normalize("I open the logs and I see the job waiting on a lock."))
    assert star.narrates(normalize("So I kill the stuck job and rerun the hour."))
    assert not star.narrates(normalize("I think we should partition by day."))
    assert not star.narrates(normalize("I'm on call that week."))
    assert not star.narrates(normalize("I said I'd fix it without breaking the reports."))  # a past form, not the present
    assert not star.narrates(normalize("I usually start with the grain."))


def test_one_misleading_sentence_at_the_end_does_not_drag_a_part_over_the_story():
    """Each part is one run: uncapped, a last sentence that sounds very much like the situation (a cue, a scene and
    its meaning: 3.5) kept the situation running through the task and action. One sentence weighs at most 2."""
    rows = [[2.0, 0, 0, 0], [0, 1.0, 0, 0], [0, 0, 0.8, 0], [0, 0, 0.9, 0], [3.5, 0, 0, 1.0]]
    assert star.segment_any_order(rows, 0.5, 0.5)[:4] == [0, 0, 0, 0]  # the raw evidence drags the situation along
    capped = [[min(x, star.SENTENCE_CAP) for x in r] for r in rows]
    assert star.segment_any_order(capped, 0.5, 0.5) == [0, 1, 2, 2, 3]


def test_cues_match_whatever_the_word_endings():
    """A cue is heard in another form of its words ("a retrying server" says "retries"), and the match names the
    cue as the rubric words it; a short word still has to be said as it is."""
    from interviewer.scoring.text import count_cues, normalize

    hits = count_cues(normalize("the same impression arriving twice from a retrying ad server"), ["duplicates|retries", "arrive twice"])
    assert [h.phrase for h in hits] == ["retries", "arrive twice"]
    assert count_cues(normalize("the rate of events"), ["late"]) == []
    assert count_cues(normalize("we recomputed the last two days"), ["recompute"])[0].phrase == "recompute"


def _heard(beats=(), star=(), star_total=None):
    from interviewer.scoring.grade import Heard
    from interviewer.types import Fillers

    return Heard(beats=list(beats), questions=[], late_questions=[], phrases=[], failures=None, coverage=None, star=list(star),
                 star_total=star_total, star_order=[], silences=[], thinking_time=0.0, fillers=Fillers(count=0, per_minute=0.0),
                 wpm=150.0, pace=[], spoke=True)


def test_a_beat_or_story_that_runs_long_says_what_to_say_to_move_on():
    """Feedback worth reading (issue 15.6): a note about running long says when (its time) and one thing to say next
    time, from the rubric's data (beats' move_on, STAR parts' trim, the story's too_long)."""
    from interviewer.bank.rubrics import load_rubric
    from interviewer.scoring.grade import Notes, grade_beats, grade_star
    from interviewer.types import BeatResult, StarPart

    for name in ("modeling", "design", "python", "sql", "streaming", "questions"):
        rubric = load_rubric(name)
        assert all(b.move_on for b in rubric.beats if b.max_s), name  # every beat that can run long
    rubric = load_rubric("modeling")
    beats = [BeatResult(name=b.name, present=True, start=10.0 * k, end=10.0 * k + 5, duration_s=5.0 if k else 150.0,
                        target_s=b.min_s, min_s=0.0, max_s=b.max_s) for k, b in enumerate(rubric.beats)]
    notes = Notes()
    grade_beats(_heard(beats), rubric, notes)
    long = next(t for _, t, _ in notes.items if t.startswith("Your clarify beat ran 150 s (from 0:00)"))
    assert rubric.beats[0].move_on in long and "move on sooner" not in long
    star = load_rubric("behavioral-star")
    parts = [StarPart(name=p.name, present=True, start=0.0, end=1.0, duration_s=p.target_s * (3 if p.name == "situation" else 1),
                      target_s=p.target_s, verdict="long" if p.name == "situation" else "ok", has_metric=True) for p in star.star.parts]
    notes = Notes()
    grade_star(_heard(star=parts, star_total=200.0), star, notes)
    texts = [t for _, t, _ in notes.items]
    assert any(t.startswith("The situation (0:00) ran 45 s") and star.star.parts[0].trim in t for t in texts), texts
    assert any(t.startswith("The story took 200 s (the situation ran 45 s from 0:00, against 15 s)") and star.star.too_long in t
               for t in texts), texts  # where it ran long: the part furthest over its budget


def test_how_it_breaks_is_advised_once_when_the_beat_is_there_but_the_phrase_and_the_failure_modes_are_not():
    """Feedback worth reading (issue 15.6): the phrase of the beat where failure modes are volunteered and the
    failure-modes note give one advice ("say how it breaks"), so the report shows one of them, not both."""
    import dataclasses

    from interviewer.bank.rubrics import load_rubric
    from interviewer.scoring.grade import Notes, failure_beat, grade_failures, grade_phrases
    from interviewer.types import BeatResult, FailureModes, PhraseResult

    for name in ("modeling", "design", "streaming"):
        rubric = load_rubric(name)
        beat = failure_beat(rubric)
        specs = [p for p in rubric.phrases if p.supports == beat]
        assert beat and specs, name  # the rubric has such a phrase: the rule is exercised
        beats = [BeatResult(name=b.name, present=True, start=10.0 * k, end=10.0 * k + 9, duration_s=9.0) for k, b in enumerate(rubric.beats)]
        h = dataclasses.replace(_heard(beats), phrases=[PhraseResult(id=p.id, text=p.text, found=False) for p in rubric.phrases])
        notes = Notes()
        grade_phrases(h, rubric, notes)
        grade_failures(FailureModes(volunteered=0, target=2), rubric, notes, beats)
        shown = notes.top(len(notes.items))
        volunteered = [t for t in shown if t.startswith("Volunteer at least") or any(t.startswith(p.advice) for p in specs)]
        assert len(volunteered) == 1, (name, shown)
        others = [p for p in rubric.phrases if p.supports != beat]
        assert all(any(t.startswith(p.advice) for t in shown) for p in others), (name, shown)  # other phrases keep their notes


# --- notes that point at what was heard (issue 15) ------------------------------------------------------------------


def test_the_talking_points_note_quotes_the_nearest_thing_said_or_where_the_point_belonged_and_a_line_to_say():
    from interviewer.scoring.advice import coverage_note
    from interviewer.types import Coverage, KeyPointHit

    items = [KeyPointHit(point="one row per play", covered=True, at=3.0, heard="Every row is one play of one title."),
             KeyPointHit(point="late events handled with a watermark", covered=False, similarity=0.4,
                         nearest="Late events could be a problem for the counts later on, especially from phones that were offline for days.",
                         nearest_at=72.0),
             KeyPointHit(point="deletes through a token table", covered=False, similarity=0.1)]
    note = coverage_note(Coverage(covered=1, total=3, items=items))
    assert note.startswith("You covered 1 of 3 talking points; missed: late events handled with a watermark — ")
    assert "the nearest you came was “Late events could be a problem for the counts later on, especially from phones…” at 1:12" in note
    assert "Next time say it: “Late events handled with a watermark.”" in note and "1 more missed" in note
    assert "token table" not in note  # one point per note; the talking points line lists the rest
    alone = coverage_note(Coverage(covered=1, total=2, items=[items[0], items[2]]))
    assert "deletes through a token table — nothing you said came near it; it belonged after “Every row is one play of one title” (0:03)" in alone
    assert alone.endswith("Next time say it: “Deletes through a token table.”")


def test_the_failure_modes_note_quotes_one_named_without_its_mechanism_and_what_to_add():
    from interviewer.bank.rubrics import load_rubric
    from interviewer.scoring.grade import Notes, grade_failures
    from interviewer.types import BeatResult, ClaimHeard, FailureModes

    rubric = load_rubric("modeling")
    late = rubric.failure_modes.modes[0]
    name = late.cue.split("|")[0]
    beats = [BeatResult(name=b.name, present=True, start=10.0 * k, end=10.0 * k + 9, duration_s=9.0) for k, b in enumerate(rubric.beats)]
    bare = FailureModes(volunteered=0, target=2, unexplained=[ClaimHeard(mode=name, name="late events", at=81.0, said="Late events could be a problem.")])
    notes = Notes()
    grade_failures(bare, rubric, notes, beats)
    [note] = notes.top()
    assert note.startswith("Volunteer at least 2 failure modes before you are asked: you named late events at 1:21 (“Late events could be a problem”)")
    assert late.examples[0].rstrip(".") in note and "what you do about it" in note and "gdpr" not in note.lower()
    notes = Notes()
    grade_failures(FailureModes(volunteered=0, target=2), rubric, notes, beats)
    [note] = notes.top()
    assert "none was heard in your stress beat (0:30–0:39)" in note and late.examples[0].rstrip(".") in note


def test_a_scored_answer_points_each_note_at_what_was_heard():
    """End to end on a hand-made answer: a failure mode named bare is quoted with its time; the talking points
    note quotes the nearest sentence; at most five notes."""
    from interviewer.bank.prompts import find_prompt
    from interviewer.bank.rubrics import load_rubric
    from interviewer.pipeline import score_transcript
    from interviewer.types import Transcript, Word

    text = ("Who uses this, the product team or finance? And does a view mean a play start? "
            "My plan is one fact table of viewing sessions with dimensions around it. "
            "The grain of this fact is one row per profile per title per device per session. "
            "Profiles and titles are dimensions that keep their history. We partition the table by date. "
            "Late events could be a problem. GDPR too.")
    ws = [Word(text=t, start=i * 0.35, end=i * 0.35 + 0.3) for i, t in enumerate(text.split())]
    bp = find_prompt("modeling-viewing-history")
    r = score_transcript(Transcript(words=ws, duration_s=ws[-1].end + 0.5), load_rubric("modeling"), prompt_id=bp.id,
                         key_points=list(bp.prompt.key_points))
    assert [c.said for c in r.failure_modes.unexplained][:1] == ["Late events could be a problem."] and r.failure_modes.volunteered == 0
    missed = [i for i in r.coverage.items if not i.covered]
    assert missed and all(i.nearest is None or i.nearest_at is not None for i in missed) and any(i.nearest for i in missed)
    assert all(i.nearest is None for i in r.coverage.items if i.covered)
    assert len(r.feedback) <= 5
    fm = next(n for n in r.feedback if n.startswith("Volunteer at least"))
    assert "(“Late events could be a problem”)" in fm and "at 0:21" in fm
    cov = next(n for n in r.feedback if n.startswith("You covered"))
    assert "the nearest you came was “" in cov and "Next time say it: “" in cov


def test_a_failure_named_and_explained_is_evidence_of_the_stress_beat():
    """The stress beat is failure modes volunteered with their handling: a sentence that names one and says what is
    done ("… can arrive twice, so the load keeps the first …") is its evidence (the beat's ``claims``, rubric data),
    without a stress cue (a failure only asked about gives none: hear() leaves questions out)."""
    from interviewer.bank.rubrics import load_rubric
    from interviewer.score import find_beats, sentences

    from test_scoring_meaning import said

    shipped = load_rubric("modeling")
    assert next(b for b in shipped.beats if b.name == "stress").claims > 0
    # the weight as data: at 2.0 the claim alone makes the beat (shipped, it adds to what the sentence means)
    rubric = shipped.model_copy(update={"beats": [b.model_copy(update={"claims": 2.0}) if b.name == "stress" else b
                                                  for b in shipped.beats]})
    t = said("I'd keep one row per order line in the fact table.", "Customers and products are dimensions with surrogate keys.",
             "Payment notices can arrive twice, so the load keeps the first one by its id.")
    sents = sentences(t.words)
    beats, _, _ = find_beats(sents, rubric, None, frozenset({2}))
    got = next(b for b in beats if b.name == "stress")
    assert "failure explained" in got.evidence
    none, _, _ = find_beats(sents, rubric, None, frozenset())
    assert "failure explained" not in next(b for b in none if b.name == "stress").evidence
    from interviewer.score import score
    report = score(t, rubric)  # hear() finds the claim and hands its sentence to the beats
    assert next(b for b in report.beats if b.name == "stress").present
