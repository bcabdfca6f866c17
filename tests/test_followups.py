"""Follow-ups fire when, and only when, what they probe is missing; a prompted point earns less than a volunteered one."""

from __future__ import annotations

import json

import pytest

from interviewer import followup
from interviewer.bank.prompts import find_prompt
from interviewer.audio.synth import Say, synthesize
from interviewer.types import BeatResult, Fillers, PhraseResult, Report

CLARIFY = Say("Who reads this, recommendations or finance, and how fresh must it be?", "clarify")
FRAME = Say("I'll treat this as a star schema. The grain of this fact is one row per profile per title per session.", "frame")
BUILD = Say("The title dimension is slowly changing type two with a surrogate key, and the fact is partitioned by date.", "build")
STRESS = Say("This breaks when events arrive late after the watermark, and on a GDPR delete request.", "stress")


def report_with(present: dict[str, bool], grain: bool = True) -> Report:
    return Report(rubric="modeling", duration_s=60, fillers=Fillers(count=0, per_minute=0), words_per_minute=150, score=50,
                  beats=[BeatResult(name=n, present=p) for n, p in present.items()],
                  phrases=[PhraseResult(id="grain", text="the grain of this fact is", found=grain)])


def test_selection_is_exactly_the_missing_probes():
    prompt = find_prompt("modeling-viewing-history").prompt
    everything = report_with({"clarify": True, "frame": True, "build": True, "stress": True})
    assert followup.select(everything, prompt) == []
    no_stress = report_with({"clarify": True, "frame": True, "build": True, "stress": False})
    assert [f.probe for f in followup.select(no_stress, prompt)] == ["stress"]
    nothing = report_with({"clarify": False, "frame": False, "build": True, "stress": False}, grain=False)
    assert [f.probe for f in followup.select(nothing, prompt)] == ["clarify", "phrase:grain"]  # at most two, in order


@pytest.fixture(scope="module")
def answers(tmp_path_factory):
    d = tmp_path_factory.mktemp("fu")
    return {
        "full": synthesize([CLARIFY, FRAME, BUILD, STRESS]).write(d / "full.wav"),
        "no_stress": synthesize([CLARIFY, FRAME, BUILD]).write(d / "no_stress.wav"),
        "reply": synthesize([Say("It breaks when events arrive late, after the watermark, so we backfill two days. "
                                 "And a GDPR delete request is handled by tokenizing the profile.", "stress")]).write(d / "reply.wav"),
    }


def test_no_followup_when_the_beat_was_volunteered(mock, answers):
    run = mock("modeling", "--prompt", "modeling-viewing-history", "--answer", str(answers["full"]), "--no-voice", "--json")
    assert run.code == 0, run.err
    report = json.loads(run.out)
    assert all(b["present"] for b in report["beats"])
    assert report["followups"] == [] and report["score_volunteered"] is None


def test_followup_fires_when_stress_is_missing_and_the_reply_earns_half(mock, answers):
    run = mock("modeling", "--prompt", "modeling-viewing-history", "--answer", str(answers["no_stress"]),
               "--followup-answer", str(answers["reply"]), "--no-voice", "--json")
    assert run.code == 0, run.err
    report = json.loads(run.out)
    stress = next(b for b in report["beats"] if b["name"] == "stress")
    assert not stress["present"]
    [ex] = report["followups"]
    assert ex["probe"] == "stress" and ex["question"] == "How does this model break?"
    assert "watermark" in ex["answer"].lower() and ex["recovered"]
    # the beat is worth its share of the beats weight (35 of the weights used, over 4 beats) volunteered,
    # each key point its share of the coverage weight; prompted, they earn half
    w = {k: v for k, v in load_rubric("modeling").weights.model_dump().items() if v > 0 and k in report["subscores"]}
    points = [r for r in ex["recovered"] if r in {i["point"] for i in report["coverage"]["items"]}]
    worth = w["beats"] / sum(w.values()) / 4 + w["coverage"] / sum(w.values()) * len(points) / report["coverage"]["total"]
    assert ex["credit"] == pytest.approx(100 * worth / 2, abs=0.1)
    assert report["score"] == min(100, round(report["score_volunteered"] + ex["credit"]))
    assert "How does this model break?" in run.err  # the exchange is shown, in order, in the human report
    assert any("unprompted" in f for f in report["feedback"])


def test_followup_asked_without_a_reply(mock, answers):
    run = mock("modeling", "--prompt", "modeling-viewing-history", "--answer", str(answers["no_stress"]), "--no-voice", "--json")
    assert run.code == 0, run.err
    [ex] = json.loads(run.out)["followups"]
    assert ex["probe"] == "stress" and ex["answer"] is None and ex["credit"] == 0


def test_no_followups_flag(mock, answers):
    run = mock("modeling", "--prompt", "modeling-viewing-history", "--answer", str(answers["no_stress"]), "--no-voice",
               "--json", "--no-followups")
    assert run.code == 0 and json.loads(run.out)["followups"] == []


# --- pure selection on hand-made reports: STAR parts, phrases, coverage; credit at half -------------------

from interviewer.bank.rubrics import load_rubric  # noqa: E402
from interviewer.types import Coverage, FollowupExchange, KeyPointHit, StarPart  # noqa: E402


def star_report(result_present: bool, metric: bool, situation: bool = True) -> Report:
    def part(name, present, **kw):
        return StarPart(name=name, present=present, target_s=15, verdict="ok" if present else "missing", **kw)

    return Report(rubric="behavioral-star", duration_s=80, fillers=Fillers(count=0, per_minute=0), words_per_minute=150, score=60,
                  subscores={"star": 60, "phrases": 50, "fluency": 70},
                  star=[part("situation", situation), part("task", True), part("action", True),
                        part("result", result_present, has_metric=metric)])


def test_result_probe_fires_on_a_missing_result_and_on_a_result_without_a_number():
    prompt = find_prompt("behavioral-schema-incident").prompt  # follow-ups: result, then action
    assert followup.select(star_report(True, True), prompt) == []
    assert [f.text for f in followup.select(star_report(True, False), prompt)] == ["What was the measurable result?"]
    assert [f.probe for f in followup.select(star_report(False, False), prompt)] == ["result"]
    situ = find_prompt("behavioral-checkpoint-latency").prompt  # result, situation
    assert [f.probe for f in followup.select(star_report(True, True, situation=False), situ)] == ["situation"]
    assert [f.probe for f in followup.select(star_report(False, False, situation=False), situ)] == ["result", "situation"]


def covered_report(covered: int, total: int) -> Report:
    items = [KeyPointHit(point=f"p{i}", covered=i < covered) for i in range(total)]
    return Report(rubric="questions", duration_s=60, fillers=Fillers(count=0, per_minute=0), words_per_minute=150, score=50,
                  subscores={"beats": 50, "coverage": 100 * covered / total, "fluency": 70},
                  beats=[BeatResult(name="clarify", present=True)], coverage=Coverage(covered=covered, total=total, items=items))


def test_coverage_probe_fires_only_below_half():
    prompt = find_prompt("questions-engineer").prompt  # one follow-up, on coverage
    assert followup.select(covered_report(2, 4), prompt) == []  # half is not thin
    assert [f.probe for f in followup.select(covered_report(1, 4), prompt)] == ["coverage"]
    assert followup.select(covered_report(0, 4), prompt, limit=0) == []


def test_phrase_probe_fires_when_the_phrase_was_not_said():
    prompt = find_prompt("streaming-watermarks").prompt  # phrase:tradeoff
    said = Report(rubric="streaming", duration_s=80, fillers=Fillers(count=0, per_minute=0), words_per_minute=150, score=60,
                  phrases=[PhraseResult(id="tradeoff", text="the trade-off here is", found=True)])
    assert followup.select(said, prompt) == []
    unsaid = said.model_copy(update={"phrases": [PhraseResult(id="tradeoff", text="the trade-off here is", found=False)]})
    assert [f.probe for f in followup.select(unsaid, prompt)] == ["phrase:tradeoff"]


def test_prompted_credit_is_half_of_volunteered_and_is_added_once():
    rubric = load_rubric("questions")
    main = covered_report(1, 4)
    reply = covered_report(3, 4)  # the reply covers p0, p1, p2: p1 and p2 are new
    got = followup.recovered(reply, "coverage", main)
    assert got == ["p1", "p2"]
    w = rubric.weights.model_dump()
    volunteered = 100 * w["coverage"] / (w["beats"] + w["coverage"] + w["fluency"]) * 2 / 4
    assert followup.credit(rubric, main, "coverage", got) == pytest.approx(volunteered / 2, abs=0.1)
    assert followup.credit(rubric, main, "coverage", []) == 0
    ex = FollowupExchange(probe="coverage", question="Anything else?", index=1, answer="…", recovered=got,
                          credit=followup.credit(rubric, main, "coverage", got))
    after = followup.apply(main, [ex])
    assert after.score_volunteered == 50 and after.score == round(50 + ex.credit) and after.followups == [ex]
    assert followup.apply(main, []) is main


def test_narration_round_follow_up_fires_without_edge_cases(mock, tmp_path):
    """A SQL narration with questions, approach and query but no edge cases: the stress follow-up is asked."""
    from tests.test_bank import ANSWERS

    lines = ANSWERS["sql-top-n-per-group"][1]
    answer = synthesize([Say(t, "") for t in lines[:3]]).write(tmp_path / "a.wav")
    reply = synthesize([Say("An edge case is ties, which the title id makes deterministic. Empty input returns no rows, "
                            "and a null watch time is treated as zero.", "stress")]).write(tmp_path / "r.wav")
    run = mock("sql", "--prompt", "sql-top-n-per-group", "--answer", str(answer), "--followup-answer", str(reply),
               "--no-voice", "--json")
    assert run.code == 0, run.err
    report = json.loads(run.out)
    assert not next(b for b in report["beats"] if b["name"] == "stress")["present"]
    assert [x["probe"] for x in report["followups"]] == ["stress"]
    [ex] = report["followups"]
    assert ex["question"] == "What edge cases would you test?" and ex["recovered"] and 0 < ex["credit"] < 10


def test_key_points_made_in_a_beat_reply_also_earn_half():
    rubric = load_rubric("sql")  # beats 30, phrases 15, failure modes 20, coverage 15, fluency 20
    main = covered_report(1, 5).model_copy(update={
        "rubric": "sql", "subscores": {"beats": 75, "phrases": 0, "failure_modes": 0, "coverage": 20, "fluency": 70},
        "beats": [BeatResult(name=n, present=n != "stress") for n in ("clarify", "frame", "build", "stress")]})
    reply = covered_report(2, 5).model_copy(update={"beats": [BeatResult(name="stress", present=True)]})
    got = followup.recovered(reply, "stress", main)
    assert got == ["stress beat", "p1"]
    beat_half = 100 * 30 / 100 / 4 / 2  # 3.75
    point_half = 100 * 15 / 100 / 5 / 2  # 1.5
    assert followup.credit(rubric, main, "stress", got) == pytest.approx(beat_half + point_half, abs=0.1)
    assert followup.credit(rubric, main, "stress", ["p1"]) == pytest.approx(point_half, abs=0.1)  # the beat still missing: points only
    assert followup.credit(rubric, main, "stress", got) < 2 * (beat_half + point_half)  # less than volunteered


def test_a_point_made_when_asked_is_listed_as_such_and_its_note_replaces_the_missing_one():
    """Issue 15 item 5 (scoring side): a key point or beat supplied in a reply is 'made when asked', not
    missed; the note that it was missing gives way to one note saying so, with the credit's real value;
    at most five distinct notes."""
    from io import StringIO

    from rich.console import Console

    from interviewer.report import render

    rubric = load_rubric("sql")
    main = covered_report(1, 5).model_copy(update={
        "rubric": "sql", "subscores": {"beats": 75, "phrases": 0, "failure_modes": 0, "coverage": 20, "fluency": 70},
        "beats": [BeatResult(name=n, present=n != "stress") for n in ("clarify", "frame", "build", "stress")],
        "feedback": [rubric.beats[3].advice, "a", "b", "c", "d"]})
    got = ["stress beat", "p1"]
    ex = FollowupExchange(probe="stress", question="What edge cases would you test?", index=1, answer="Ties and nulls.",
                          recovered=got, credit=followup.credit(rubric, main, "stress", got))
    after = followup.apply(main, [ex], rubric)
    assert len(after.feedback) == 5 and len(set(after.feedback)) == 5
    assert after.feedback[0].startswith("When asked “What edge cases would you test?”") and rubric.beats[3].advice not in after.feedback
    assert f"+{ex.credit:.1f} points" in after.feedback[0] and ex.credit > 0
    assert after.coverage.made_when_asked == ["p1"] and "p1" not in after.coverage.missed
    out = StringIO()
    render(after, Console(file=out, width=200, color_system=None))
    text = out.getvalue()
    assert "when asked" in text and "made when asked: p1" in text and "(half credit" not in text
    assert f"+{ex.credit:.1f} points" in text
    assert followup.apply(main, [ex]).feedback[0].startswith("When asked")  # without the rubric: first, still at most five
    assert len(followup.apply(main, [ex]).feedback) == 5


def test_a_point_supplied_to_another_question_leaves_the_missed_points_note():
    """A key point given in reply to a beat's follow-up: the note on missed talking points stops naming it
    (it names the rest, and says how many came when asked); with none left missed, the note goes."""
    from interviewer.scoring.grade import coverage_note

    rubric = load_rubric("sql")
    main = covered_report(1, 3).model_copy(update={
        "rubric": "sql", "subscores": {"beats": 75, "phrases": 0, "failure_modes": 0, "coverage": 33, "fluency": 70},
        "beats": [BeatResult(name=n, present=n != "stress") for n in ("clarify", "frame", "build", "stress")]})
    main = main.model_copy(update={"feedback": [rubric.beats[3].advice, coverage_note(main.coverage), "a"]})
    assert "missed: p1 —" in main.feedback[1] and "1 more missed" in main.feedback[1]  # one point named, the other counted
    ex = FollowupExchange(probe="stress", question="What edge cases would you test?", index=1, answer="Ties.",
                          recovered=["stress beat", "p1"], credit=1.0)
    after = followup.apply(main, [ex], rubric)
    note = next(f for f in after.feedback if f.startswith("You covered "))
    assert "missed: p2 —" in note and "p1" not in note and "1 more when asked" in note and "more missed" not in note
    both = ex.model_copy(update={"recovered": ["stress beat", "p1", "p2"]})
    assert not any(f.startswith("You covered ") for f in followup.apply(main, [both], rubric).feedback)
