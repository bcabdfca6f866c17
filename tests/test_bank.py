"""The question bank: every prompt file validates and names a real rubric; every round runs end to end."""

from __future__ import annotations

import json

import pytest

from interviewer.drill import load_drills
from interviewer.bank.prompts import ROUNDS, load_bank, prompts_for
from interviewer.bank.rubrics import available_rubrics, load_rubric
from interviewer.audio.synth import Say, synthesize


def test_every_prompt_validates_and_names_an_existing_rubric():
    bank = load_bank()
    assert len(bank) >= 40
    rubrics = set(available_rubrics())
    for b in bank:
        assert b.rubric in rubrics, b.id
        load_rubric(b.rubric)
        most = 9 if b.id == "modeling-viewing-history" else 8  # the demo's prompt: its nine points are a README figure
        assert 4 <= len(b.prompt.key_points) <= most and b.prompt.followups and b.prompt.target_s > 0, b.id
        assert 1 <= len(b.prompt.followups) <= 3 and b.prompt.source, b.id
    ids = [b.id for b in bank]
    assert len(ids) == len(set(ids))


def test_the_notebook_is_covered():
    ids = {b.id for b in load_bank()}
    for must in ("modeling-viewing-history", "modeling-production-lifecycle", "modeling-talent-royalties",
                 "modeling-ab-experiments", "modeling-renewal-scorecard", "streaming-play-event-walkthrough",
                 "design-realtime-recs", "design-data-quality", "design-gdpr-delete", "design-ab-platform"):
        assert must in ids
    assert len(prompts_for("modeling")) >= 10  # the five scenarios and at least five more domains
    assert len(prompts_for("streaming")) >= 9  # S1-S8 and the walkthrough
    assert all(b.prompt.target_s == 90 for b in prompts_for("behavioral"))
    assert {b.round for b in load_bank()} == set(ROUNDS)
    sources = " ".join(b.prompt.source for b in load_bank())
    for ref in [f"SQL pattern {i}" for i in range(1, 8)] + [f"SQL Q{i}" for i in range(1, 6)] + \
               [f"Python P{i}" for i in range(1, 7)] + [f"S{i}" for i in range(1, 9)] + [f"D{i}" for i in range(1, 5)]:
        assert ref in sources, ref


def test_followup_probes_exist_in_the_prompt_rubric():
    for b in load_bank():
        r = load_rubric(b.rubric)
        names = {x.name for x in r.beats} | {p.name for p in (r.star.parts if r.star else [])} | {f"phrase:{p.id}" for p in r.phrases} | {"coverage"}
        for f in b.prompt.followups:
            assert f.probe in names, (b.id, f.probe)


def test_drill_pack_has_five_days_of_known_prompts():
    days = load_drills().days
    assert [d.day for d in days] == [1, 2, 3, 4, 5]
    plan = {d.day: d.prompts for d in days}
    # the notebook's plan: day 1 modeling drills #1 and #2, day 3 three python drills after the warm-up pattern,
    # day 4 the streaming Q&A, the play-event walkthrough and three STAR stories, day 5 one of each and the questions
    assert plan[1] == ["modeling-production-lifecycle", "modeling-talent-royalties"]
    assert all(p.startswith("sql-") for p in plan[2]) and len(plan[2]) == 5
    assert all(p.startswith("python-") for p in plan[3]) and len(plan[3]) == 4
    assert "streaming-play-event-walkthrough" in plan[4] and sum(p.startswith("behavioral-") for p in plan[4]) == 3
    assert [p.split("-")[0] for p in plan[5]] == ["modeling", "sql", "python", "questions", "questions"]


def test_list_command(mock):
    run = mock("list", "streaming", "--json")
    assert run.code == 0, run.err
    rows = json.loads(run.out)
    assert {r["round"] for r in rows} == {"streaming"} and len(rows) >= 9
    assert mock("list", "poetry").code != 0


ANSWERS = {
    "sql-top-n-per-group": ("sql", [
        "Can I assume watch seconds are never null, and what about ties?",
        "My approach is a CTE that sums watch seconds per profile and title, then a window function.",
        "Then I rank with row number, partition by profile, order by total seconds descending and title id as a tiebreaker.",
        "An edge case is ties, which the title id makes deterministic, and empty input just returns no rows."]),
    "python-sessionize": ("python", [
        "So I'm getting a list of profile and timestamp pairs. Can I assume they are unsorted?",
        "My approach is a defaultdict of lists, then sort each profile's timestamps.",
        "For each profile I walk the pairs and start a new session when the gap is over thirty minutes, then I append the session.",
        "The complexity is n log n for the sort, and an edge case is two events with the same timestamp."]),
    "streaming-watermarks": ("streaming", [
        "A watermark is a promise that all events up to a timestamp have been seen.",
        "In Flink it flows with the stream, and each operator closes windows when the watermark passes.",
        "The trade-off is freshness versus completeness: too tight drops late events, too loose delays output.",
        "This breaks when one partition has clock skew and stalls the watermark."]),
    "design-gdpr-delete": ("design", [
        "Before I design this, what retention rules apply, and how fast must a delete complete?",
        "At a high level the architecture is a token service, a delete queue and downstream propagation.",
        "At ingest a token service replaces the user id with a token, and a delete request invalidates the token in the pipeline.",
        "This breaks when a materialized view keeps old rows, so a propagation queue rebuilds them within thirty days."]),
    "questions-engineer": ("questions", [
        "How does your team split batch and streaming work today?",
        "How do you handle schema evolution between producers and consumers?",
        "What was the most painful operational issue last quarter, and what did the team learn?"]),
    "behavioral-duplicates": ("behavioral", [
        "We had a revenue pipeline with at least once delivery, and revenue was double counted by a third of a percent.",
        "I needed to find the cause and fix it before the quarter close.",
        "I traced it to a sink that was not idempotent, so I built a merge on the event id at the sink.",
        "As a result the error dropped to zero within a week, and we added an idempotency rule to the pipeline contract."]),
    "modeling-ride-trips": ("modeling", [
        "Who reads this, pricing or finance, and how fresh must it be?",
        "I'll treat this as a star schema. The grain of this fact is one row per completed trip.",
        "Rider, driver, city and date are the dimensions, and the driver dimension is slowly changing type two.",
        "This breaks when trips are cancelled after completion, and late trip events arrive after the watermark."]),
}


@pytest.mark.parametrize("prompt_id", list(ANSWERS))
def test_every_round_runs_end_to_end(mock, tmp_path, prompt_id):
    round_, lines = ANSWERS[prompt_id]
    wav = synthesize([Say(t, "") for t in lines], voice="piper").write(tmp_path / "a.wav")
    run = mock(round_, "--prompt", prompt_id, "--answer", str(wav), "--no-voice", "--json", "--no-followups", "--show-answer")
    assert run.code == 0, run.err
    report = json.loads(run.out)
    assert report["prompt_id"] == prompt_id
    assert report["rubric"] == load_bank()[[b.id for b in load_bank()].index(prompt_id)].rubric
    assert report["coverage"]["total"] >= 3 and report["coverage"]["covered"] >= 1, report["coverage"]
    assert 0 <= report["score"] <= 100 and report["feedback"]
    assert "A strong answer covers" in run.err  # --show-answer, printed with the human report
    if report["beats"]:
        assert any(b["present"] for b in report["beats"])


def test_drill_day_runs_its_prompts_in_order(mock, tmp_path):
    lines = ANSWERS["questions-engineer"][1]
    synthesize([Say(t, "") for t in lines]).write(tmp_path / "questions-engineer.wav")
    run = mock("drill", "5", "--answer-dir", str(tmp_path), "--no-voice", "--json", "--no-followups", "--show-answer")
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert data["day"] == 5
    got = [(r["prompt_id"], r["report"] is not None) for r in data["results"]]
    assert got == [("modeling-viewing-history", False), ("sql-dedup-quality", False), ("python-sessionize", False),
                   ("questions-engineer", True), ("questions-manager", False)]
    assert "skipped" in run.err
    assert len(data["results"][3]["report"]["clarifying_questions"]) == 3
    assert run.err.count("A strong answer covers") == 1  # --show-answer, for the one prompt answered


def test_drill_finds_followup_replies_in_order(tmp_path):
    from interviewer.drill import _followup_answers_for

    for name in ("sql-funnel.followup-2.wav", "sql-funnel.followup-1.flac", "sql-funnel.wav", "sql-dau-mau.followup-2.wav"):
        (tmp_path / name).write_bytes(b"")
    assert [p.name for p in _followup_answers_for(tmp_path, "sql-funnel")] == ["sql-funnel.followup-1.flac", "sql-funnel.followup-2.wav"]
    assert _followup_answers_for(tmp_path, "sql-dau-mau") == []  # no first reply: none taken


def test_default_prompt_is_unpracticed_first_then_weakest_not_recent(tmp_path, monkeypatch):
    from datetime import datetime, timedelta, timezone

    from interviewer.sessions.pick import choose_prompt
    from interviewer.sessions.store import Session

    monkeypatch.setenv("MOCK_HOME", str(tmp_path))
    now = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)
    bank = [b.id for b in prompts_for("sql")]
    assert choose_prompt("sql", None, now=now).id == bank[0]  # nothing practiced: the bank's order

    def practiced(pid: str, score: int, ago: timedelta) -> None:
        s = Session.create("sql", "sql", prompt_id=pid, now=now - ago)
        s.update(status="complete", score=score)

    for i, pid in enumerate(bank[:-1]):
        practiced(pid, 60 + i, timedelta(days=3))
    assert choose_prompt("sql", None, now=now).id == bank[-1]  # the one never practiced
    practiced(bank[-1], 90, timedelta(days=3))
    assert choose_prompt("sql", None, now=now).id == bank[0]  # all practiced: the weakest (60)
    practiced(bank[0], 20, timedelta(hours=1))
    assert choose_prompt("sql", None, now=now).id == bank[1]  # the weakest was practiced an hour ago: next weakest
    assert choose_prompt("sql", bank[3], now=now).id == bank[3]  # --prompt wins
    with pytest.raises(Exception, match="belongs to the modeling round"):
        choose_prompt("sql", "modeling-viewing-history", now=now)


def test_list_shows_last_practiced_and_score(mock, mock_home):
    from interviewer.sessions.store import Session

    s = Session.create("sql", "sql", prompt_id="sql-funnel", home=mock_home)
    s.update(status="complete", score=42)
    rows = {r["id"]: r for r in json.loads(mock("list", "sql", "--json").out)}
    assert rows["sql-funnel"]["last_score"] == 42 and rows["sql-funnel"]["last_practiced"]
    assert rows["sql-top-n-per-group"]["last_practiced"] is None
    table = mock("list", "sql")
    assert table.code == 0 and "sql-funnel" in table.out and "42" in table.out
