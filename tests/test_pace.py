"""One pace band everywhere: the scorer decides where the pace falls in the rubric's band once (the report's
``pace_band``), and the terminal report, the JSON, the replay (terminal and HTML), the history and the
feedback note all show that one verdict. A golden file pins what each view shows for a slow, an in-band and a
fast answer."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import numpy as np
import pytest
from rich.console import Console

from interviewer import score as S
from interviewer.bank.rubrics import load_rubric
from interviewer.types import Report, Transcript, Word

GOLDEN = Path(__file__).parent / "golden" / "pace-views.txt"
PACE = re.compile(r"\d+ words/min(?: \([^)]*\))?")
CASES = {"slow": 0.6, "in band": 0.4, "fast": 0.3}  # seconds a word: 100, 150 and 200 words a minute


def _scored(step: float) -> Report:
    ws = [Word(text=w, start=round(i * step, 2), end=round(i * step + step * 0.8, 2))
          for i, w in enumerate(("the grain of this fact is one row per play " * 6).split())]
    return S.score(Transcript(words=ws, duration_s=ws[-1].end + 0.5), load_rubric("modeling"))


def _screen(draw) -> str:
    out = io.StringIO()
    draw(Console(file=out, width=200, color_system=None))
    return out.getvalue()


def _history(report: Report, home: Path) -> str:
    from interviewer.sessions.history import collect
    from interviewer.sessions.history_view import render
    from interviewer.sessions.store import Session

    Session.create("modeling", report.rubric, prompt_id="modeling-viewing-history", home=home).save_report(report)
    h = collect(home)
    assert h.to_json()["last_pace_by_round"]["modeling"]["text"] == report.pace_text()  # `mock history --json` too
    return _screen(lambda c: render(h, c))


def views(report: Report, home: Path) -> dict[str, str]:
    """What each view prints, whole."""
    from interviewer.replay import timeline, to_html
    from interviewer.replay.timeline import render_text
    from interviewer.report import render

    return {
        "report": _screen(lambda c: render(report, c)),
        "json": Report.model_validate_json(report.to_json()).pace_text(),
        "replay": render_text(timeline(report)),
        "html": to_html(report, np.zeros(1600, dtype=np.float32), 16000, title="pace"),
        "history": _history(report, home),
    }


def _pace_in(view: str, text: str) -> str:
    if view == "report":
        text = text[text.index("Pace:"):]
    elif view == "replay":
        text = text[text.index("● end"):]
    elif view == "history":
        text = text[text.index("Pace of the last"):]
    m = PACE.search(text)
    assert m, (view, text[:300])
    return m.group(0)


def test_every_view_shows_the_scorers_one_pace_verdict(tmp_path):
    lines = []
    for name, step in CASES.items():
        report = _scored(step)
        assert report.pace_band is not None and report.pace_band.verdict == name
        seen = {view: _pace_in(view, text) for view, text in views(report, tmp_path / name.replace(" ", "-")).items()}
        assert set(seen.values()) == {report.pace_text()}, seen  # no view disagrees with the report
        assert json.loads(report.to_json())["pace_band"]["verdict"] == name
        note = [f for f in report.feedback if "words a minute" in f]
        assert bool(note) == (name != "in band") and all(("above" if name == "fast" else "below") in f for f in note)
        lines += [f"{name:8} {view:8} {pace}" for view, pace in seen.items()]
    assert GOLDEN.exists(), f"{GOLDEN} is missing: a golden file is written by hand from these views' output and reviewed"
    assert "\n".join(lines) + "\n" == GOLDEN.read_text()


def test_a_report_scored_before_the_band_was_recorded_shows_its_pace_without_a_verdict():
    """Old report.json files have no pace_band: every view shows the bare pace, none invents a verdict."""
    report = _scored(0.3).model_copy(update={"pace_band": None})
    assert report.pace_text() == f"{report.words_per_minute:.0f} words/min"
    old = json.loads(report.to_json())
    del old["pace_band"]
    assert Report.model_validate(old).pace_text() == report.pace_text()


@pytest.mark.parametrize("wpm,verdict", [(109.9, "slow"), (110, "in band"), (185, "in band"), (185.1, "fast")])
def test_the_band_edges_belong_to_the_band(wpm, verdict):
    from interviewer.scoring import grade

    rubric = load_rubric("modeling")
    heard = S.hear(Transcript(words=[], duration_s=1), rubric, [], None)
    heard = type(heard)(**{**heard.__dict__, "wpm": float(wpm), "spoke": True})
    band = grade.judge_pace(heard, rubric)
    assert band is not None and band.verdict == verdict
    notes = grade.Notes()
    grade.grade_fluency(heard, rubric, notes)
    assert any("words a minute" in n for n in notes.top()) == (verdict != "in band")
    assert grade.judge_pace(type(heard)(**{**heard.__dict__, "spoke": False}), rubric) is None  # nothing said: no verdict


def test_the_pace_and_filler_notes_say_where_it_was_heard():
    """A note says what was heard and when: the fastest stretch of a fast answer, the stretch where the fillers
    crowd (issue 15.6: each item with the quote or the time)."""
    steps = [0.3] * 300 + [0.2] * 450  # 90 s at 200 words a minute, then 90 s at 300
    words, t = [], 0.0
    for i, step in enumerate(steps):
        text = "um," if 100 <= i < 140 and i % 2 else ("the grain of this fact is one row per play " * 75).split()[i]
        words.append(Word(text=text, start=round(t, 2), end=round(t + step * 0.8, 2)))
        t += step
    from interviewer.scoring.grade import Notes, grade_fluency

    rubric = load_rubric("modeling")
    h = S.hear(Transcript(words=words, duration_s=t + 0.5), rubric, [], None)
    notes = Notes()
    grade_fluency(h, rubric, notes)
    said = notes.top(10)
    pace = next(f for f in said if f.startswith("You spoke at"))
    fastest = max(h.pace, key=lambda p: p.words_per_minute)
    assert fastest.start >= 90 and "(300 from 2:30 to 3:00)" in pace, pace
    fillers = next((f for f in said if "fillers a minute" in f), None)
    assert fillers is not None and "20 of them in 0:30–1:00" in fillers, said
