"""Follow-ups fire when, and only when, what they probe is missing; a prompted point earns less than a volunteered one."""

from __future__ import annotations

import json

import pytest

from interviewer import followup
from interviewer.prompts import find_prompt
from interviewer.synth import Say, synthesize
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
    # the beat is worth 35/100 / 4 = 8.75 points volunteered; prompted it earns half
    assert ex["credit"] == pytest.approx(8.75 / 2, abs=0.1)
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
