"""History: the complete/interrupted rule, trends and sparklines (pure), and `mock history` on real sessions."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from interviewer.sessions.history import collect, sparkline, trends
from interviewer.sessions.store import NO_SPEECH, Session, session_status
from interviewer.types import BeatResult, Fillers, Report, Silence


@pytest.mark.parametrize("meta,audio,report,expected", [
    ("complete", True, True, "complete"),
    ("complete", False, False, "complete"),     # nothing recorded yet, nothing lost
    ("complete", True, False, "interrupted"),   # died between recording and scoring
    ("recording", True, False, "interrupted"),  # kill -9 while recording
    ("recording", True, True, "interrupted"),   # scored afterwards, still a cut-off answer
    ("interrupted", False, False, "interrupted"),
])
def test_status_rule(meta, audio, report, expected):
    assert session_status(meta, audio, report) == expected


def test_a_round_in_which_nothing_was_said_is_no_speech_not_interrupted():
    """Its audio is kept but it has no report: `mock score` would only say "no speech" again (issue 15)."""
    assert session_status("complete", True, False, NO_SPEECH) == "no speech"
    assert session_status("recording", True, False, NO_SPEECH) == "interrupted"  # cut off: what was recorded may score
    assert session_status("complete", True, True, NO_SPEECH) == "complete"  # scored since


def report(score: int, wpm: float, fillers: float, silences: int, frame_s: float) -> Report:
    return Report(rubric="modeling", duration_s=60, score=score, words_per_minute=wpm,
                  fillers=Fillers(count=int(fillers), per_minute=fillers),
                  silences=[Silence(start=i * 10, end=i * 10 + 4, duration_s=4) for i in range(silences)],
                  beats=[BeatResult(name="clarify", present=False),
                         BeatResult(name="frame", present=True, start=1, end=1 + frame_s, duration_s=frame_s)])


def test_trends_follow_each_metric_oldest_first_and_know_which_way_is_better():
    rs = [("a", "2026-11-01T10:00:00", report(40, 110, 6, 3, 10)), ("b", "2026-11-02T10:00:00", report(55, 130, 4, 1, 20)),
          ("c", "2026-11-03T10:00:00", report(70, 140, 5, 0, 30))]
    by = {t.metric: t for t in trends(rs)}
    assert by["score"].values == [40, 55, 70] and by["score"].improved() is True
    assert by["fillers_per_minute"].values == [6, 4, 5] and by["fillers_per_minute"].improved() is True  # lower is better
    assert by["long_silences"].values == [3, 1, 0]
    assert by["frame_s"].values == [10, 20, 30] and by["clarify_s"].values == [0, 0, 0]
    assert by["frame_s"].improved() is None  # longer is not better or worse in itself
    assert "star_total_s" not in by and "action_s" not in by  # no STAR story in these reports
    assert [sid for sid, _, _ in by["score"].points] == ["a", "b", "c"]


def test_sparkline():
    assert sparkline([1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█"
    assert sparkline([5, 5, 5]) == "▄▄▄"
    assert sparkline([]) == ""
    assert len(sparkline(list(range(100)), width=24)) == 24


def test_collect_without_whisper(tmp_path):
    """An interrupted session (audio, meta 'recording', no report) is listed as interrupted, unscored; no trends from it."""
    s = Session.create("modeling", "modeling", prompt_id="modeling-viewing-history", prompt_text="Model viewing history.", home=tmp_path)
    s.audio_path.write_bytes(b"RIFF")
    h = collect(tmp_path)
    assert [(r.id, r.status, r.score, r.prompt) for r in h.rows] == [(s.id, "interrupted", None, "Model viewing history.")]
    assert h.trends == [] and h.to_json()["trends"] == {}
    assert collect(tmp_path, round_="behavioral").rows == [] and len(collect(tmp_path, round_="modeling").rows) == 1
    assert stat.S_IMODE(s.dir.stat().st_mode) == 0o700 and stat.S_IMODE((s.dir / "meta.json").stat().st_mode) == 0o600


def test_history_lists_complete_and_interrupted_sessions(mock, sessions_home):
    home, complete, interrupted_id = sessions_home
    run = mock("history", "--json", env={"MOCK_HOME": str(home)})
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert set(data) == {"sessions", "trends", "trends_by_round", "trends_by_prompt", "last_pace_by_round"}
    assert data["last_pace_by_round"]["modeling"]["pace_band"] == complete["pace_band"]  # the verdict its report recorded
    assert set(data["trends_by_round"]) == {"modeling"} and set(data["trends_by_prompt"]) == {"modeling-viewing-history"}
    by_status = {r["status"]: r for r in data["sessions"]}
    assert set(by_status) == {"complete", "interrupted"}
    assert by_status["interrupted"]["id"] == interrupted_id and by_status["interrupted"]["score"] is None
    assert by_status["interrupted"]["duration_s"] == pytest.approx(complete["duration_s"], abs=0.1)  # measured from the file
    assert by_status["complete"]["score"] == complete["score"]
    assert by_status["complete"]["duration_s"] == pytest.approx(complete["duration_s"], abs=0.1)
    assert by_status["complete"]["prompt_id"] == "modeling-viewing-history" and by_status["complete"]["prompt"]
    for r in data["sessions"]:
        assert set(r) == {"id", "created", "round", "prompt_id", "prompt", "status", "audio", "duration_s", "score", "focus"}
        assert r["focus"] is None  # whole answers
        assert Path(r["audio"]).is_file() and stat.S_IMODE(Path(r["audio"]).stat().st_mode) == 0o600
    cid = by_status["complete"]["id"]
    assert [(p["id"], p["value"]) for p in data["trends"]["score"]] == [(cid, complete["score"])]
    assert {"score", "words_per_minute", "fillers_per_minute", "long_silences", "clarify_s", "frame_s", "build_s", "stress_s"} <= set(data["trends"])
    human = mock("history", env={"MOCK_HOME": str(home)})
    assert human.code == 0, human.err
    assert "interrupted" in human.out and "Trends — modeling" in human.out and "words per minute" in human.out
    assert f"mock score {interrupted_id}" in human.out


def test_history_when_empty(mock):
    run = mock("history")
    assert run.code == 0 and "No sessions yet" in run.out
    assert json.loads(mock("history", "--json").out) == {"sessions": [], "trends": {}}


def test_score_an_interrupted_session_updates_meta_and_history(mock, sessions_home):
    home, _, interrupted_id = sessions_home
    env = {"MOCK_HOME": str(home)}
    run = mock("score", interrupted_id, "--json", env=env)
    assert run.code == 0, run.err
    rep = json.loads(run.out)
    assert rep["rubric"] == "behavioral-star" and rep["prompt_id"] == "behavioral-data-quality" and rep["star"]
    meta = json.loads((home / "sessions" / interrupted_id / "meta.json").read_text())
    assert meta["status"] == "interrupted" and meta["score"] == rep["score"] and meta["duration_s"] == pytest.approx(rep["duration_s"], abs=0.01)
    d = home / "sessions" / interrupted_id
    for f in ("report.json", "transcript.json", "meta.json"):
        assert stat.S_IMODE((d / f).stat().st_mode) == 0o600
    row = next(r for r in json.loads(mock("history", "--json", env=env).out)["sessions"] if r["id"] == interrupted_id)
    assert row["status"] == "interrupted" and row["score"] == rep["score"]  # scored, but still a cut-off answer


def test_a_session_left_unscored_becomes_complete_once_scored(mock, sessions_home):
    """Recording finished (meta 'complete') but the process died before the report: interrupted until scored."""
    home, complete, _ = sessions_home
    d = next(p for p in (home / "sessions").iterdir() if p.name.endswith("-modeling"))
    (d / "report.json").unlink()
    env = {"MOCK_HOME": str(home)}
    rows = {r["id"]: r for r in json.loads(mock("history", "--json", env=env).out)["sessions"]}
    assert rows[d.name]["status"] == "interrupted"
    run = mock("score", d.name, "--json", env=env)
    assert run.code == 0, run.err
    assert json.loads(run.out)["score"] == complete["score"]
    rows = {r["id"]: r for r in json.loads(mock("history", "--json", env=env).out)["sessions"]}
    assert rows[d.name]["status"] == "complete"


def test_repair_wav_recovers_the_samples_past_a_stale_header(tmp_path):
    import struct

    import numpy as np
    import soundfile as sf

    from interviewer.audio.wavfile import repair_wav

    x = (0.3 * np.sin(np.arange(32000) * 0.05)).astype("float32")  # 2 s at 16 kHz
    wav = tmp_path / "a.wav"
    sf.write(str(wav), x, 16000, subtype="PCM_16")
    assert repair_wav(wav) == 0.0  # a sound file is left alone
    raw = bytearray(wav.read_bytes())
    data_at = raw.index(b"data") + 8
    struct.pack_into("<I", raw, data_at - 4, 16000 * 2)  # header last rewritten at 1.0 s
    wav.write_bytes(bytes(raw) + b"\x01")  # and a half-written sample at the end
    assert sf.info(str(wav)).frames == 16000
    from interviewer.audio.wavfile import wav_seconds

    assert wav_seconds(wav) == pytest.approx(2.0)  # what is there, not what the header says
    assert repair_wav(wav) == pytest.approx(1.0)
    y, _ = sf.read(str(wav), dtype="float32")
    assert y.size == 32000 and np.allclose(y, x, atol=1e-4)
    (tmp_path / "b.flac").write_bytes(b"fLaC" + bytes(100))
    assert repair_wav(tmp_path / "b.flac") == 0.0 and repair_wav(tmp_path / "missing.wav") == 0.0


def test_score_an_unknown_session_id_points_at_history(mock):
    run = mock("score", "20261124-093012-modeling")
    assert run.code == 2 and len(run.err_lines) == 1 and "mock history" in run.err


def _stored(home: Path, round_: str, prompt_id: str, day: int, score: int, rubric: str = "modeling", focus=None) -> str:
    from datetime import datetime, timezone

    s = Session.create(round_, rubric, prompt_id=prompt_id, prompt_text="A question long enough to wrap a table's cell " * 3,
                       home=home, now=datetime(2026, 11, day, 9, 30, tzinfo=timezone.utc), focus=focus)
    s.audio_path.write_bytes(b"RIFF")
    s.save_report(report(score, 120, 2, 1, 20).model_copy(update={"rubric": rubric, "prompt_id": prompt_id, "focus": focus}))
    s.update(status="complete", score=score, duration_s=61.0)
    return s.id


def test_history_is_one_line_per_session_at_80_columns_and_trends_never_mix_rounds(mock, mock_home):
    ids = [_stored(mock_home, "modeling", "modeling-viewing-history", 1, 40), _stored(mock_home, "behavioral", "behavioral-data-quality", 2, 90, "behavioral-free"),
           _stored(mock_home, "modeling", "modeling-viewing-history", 3, 55), _stored(mock_home, "modeling", "modeling-ad-clicks", 4, 70)]
    run = mock("history", env={"COLUMNS": "80"})
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert max(len(x) for x in lines) <= 80, "\n".join(x for x in lines if len(x) > 80)
    rows = [x for x in lines if x.startswith("20261")]
    assert [x.split()[0] for x in rows] == ids  # one line each, the id never cut
    assert all(x.rstrip().endswith(s) for x, s in zip(rows, ("40", "90", "55", "70")))
    assert "Trends — behavioral" in run.out and "Trends — modeling" in run.out and "Score by prompt" in run.out
    score_lines = [x for x in lines if x.lstrip().startswith("score (0-100)")]
    assert len(score_lines) == 2  # one per round
    modeling = run.out[run.out.index("Trends — modeling"):]
    assert modeling.split("score (0-100)")[1].split()[:3] == ["▁▅█", "40", "70"]  # 40, 55, 70: modeling's own sessions
    by_prompt = run.out[run.out.index("Score by prompt"):]
    assert by_prompt.split("modeling-viewing-history")[1].split()[:3] == ["▁█", "40", "55"]
    data = json.loads(mock("history", "--json").out)
    assert [p["value"] for p in data["trends_by_round"]["modeling"]["score"]] == [40, 55, 70]
    assert [p["value"] for p in data["trends_by_prompt"]["modeling-ad-clicks"]] == [70]


def test_focused_attempts_have_their_own_trend_and_never_enter_the_rounds(mock, mock_home):
    """A `w` attempt (one part of a question) is stored as focused: history shows it per question and part, apart
    from the round's and the question's whole-answer trends, and `mock list` does not count it as practice."""
    from interviewer.sessions.index import last_practiced, scan_sessions
    from interviewer.types import FocusedPart

    focus = FocusedPart(prompt_id="modeling-viewing-history", part="stress", target_s=30)
    ids = [_stored(mock_home, "modeling", "modeling-viewing-history", 1, 40),
           _stored(mock_home, "modeling", "modeling-viewing-history-stress", 2, 95, focus=focus),
           _stored(mock_home, "modeling", "modeling-viewing-history-stress", 3, 85, focus=focus),
           _stored(mock_home, "modeling", "modeling-viewing-history", 4, 55)]
    h = collect(mock_home)
    assert [t.values for t in h.trends if t.metric == "score"] == [[40, 55]]
    assert [t.values for t in h.by_round["modeling"] if t.metric == "score"] == [[40, 55]]
    assert list(h.by_prompt) == ["modeling-viewing-history"] and h.by_prompt["modeling-viewing-history"].values == [40, 55]
    assert h.by_focus["modeling-viewing-history"]["stress"].values == [95, 85]
    assert h.last["modeling"].score == 55 and [r.focus for r in h.rows] == [None, "stress", "stress", None]
    assert last_practiced(scan_sessions(mock_home)[0])["modeling-viewing-history"][1] == 55
    assert "modeling-viewing-history-stress" not in last_practiced(scan_sessions(mock_home)[0])
    data = json.loads(mock("history", "--json").out)
    assert [p["value"] for p in data["trends_by_focus"]["modeling-viewing-history"]["stress"]] == [95, 85]
    assert [p["value"] for p in data["trends_by_round"]["modeling"]["score"]] == [40, 55]
    assert [r["focus"] for r in data["sessions"]] == [None, "stress", "stress", None] and [r["id"] for r in data["sessions"]] == ids
    run = mock("history", env={"COLUMNS": "100"})
    assert run.code == 0, run.err
    focused = run.out[run.out.index("Focused practice"):]
    assert focused.split("modeling-viewing-history · stress")[1].split()[:3] == ["█▁", "95", "85"]
