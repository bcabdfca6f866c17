"""Property-based tests (hypothesis), issue 12: whatever a rubric file, a prompt file or a session folder
says, mock never shows a traceback, never hangs (every example is time-boxed) and never exits 70.

Examples are bounded (30-50 each) and run in-process (the CLI through ``interviewer.cli.main``), so the
whole file takes well under a minute without Whisper.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import sys
import tomllib
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import tomlw
from interviewer.errors import MockError, PromptError, RubricError
from interviewer.bank.prompts import PROMPTS_DIR, load_prompt_file
from interviewer.bank.rubrics import RUBRICS_DIR, available_rubrics, load_rubric
from interviewer.types import Span, Transcript, Word

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
TIME_BOX_S = 20.0


@contextlib.contextmanager
def time_box(seconds: float = TIME_BOX_S):
    """Fail (instead of hanging) when the body runs longer than ``seconds``."""

    def expired(signum, frame):  # noqa: ARG001
        raise TimeoutError(f"took longer than {seconds} s: a hang")

    old = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# --- values a hostile or careless data file may hold -------------------------------------------------

NASTY_TEXT = st.sampled_from(["", " ", "[/]", "[bold red]x", "<b>&</b>", "-->", "a|b|", "|", "é ü 中文", "\x00", "x" * 3000,
                              "the grain of this fact is", "um", "1e308"])
SCALARS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -1.0, 1e-9, 1e-6, 0.5, 1.0, 3600.0, 3601.0, 1e6, 1e308, float("inf"), float("nan")]),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.booleans(),
    st.text(max_size=40),
    NASTY_TEXT,
)
NUMBERS = st.one_of(st.sampled_from([0, -1, 1e-9, 1e-6, 0.5, 1, 2, 3600, 3601, 1e6, 1e308, -1e308, float("inf"), float("nan")]),
                    st.floats(allow_nan=True, allow_infinity=True))
VALUES = st.one_of(SCALARS, st.lists(SCALARS, max_size=5), st.lists(NASTY_TEXT, min_size=0, max_size=600).map(lambda x: x[:600]),
                   st.dictionaries(st.text(min_size=1, max_size=8), SCALARS, max_size=3))


def _leaves(node, path=()):
    """Every (path, value) in a parsed TOML document, tables and lists included."""
    yield path, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _leaves(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _leaves(v, path + (i,))


@st.composite
def mutated(draw, doc: dict) -> dict:
    """``doc`` with one to three edits: a value replaced, a key deleted, an unknown key added, a list entry duplicated."""
    doc = json.loads(json.dumps(doc))  # a deep copy
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p, _ in _leaves(doc) if p]
        numbers = [p for p, v in _leaves(doc) if p and isinstance(v, (int, float)) and not isinstance(v, bool)]
        path = draw(st.sampled_from(numbers if numbers and draw(st.booleans()) else paths))  # numbers: half the edits
        parent = doc
        for k in path[:-1]:
            parent = parent[k]
        key = path[-1]
        action = draw(st.sampled_from(["replace", "replace", "replace", "delete", "add", "duplicate"]))
        if action == "replace":
            parent[key] = draw(NUMBERS if path in numbers and draw(st.booleans()) else VALUES)
        elif action == "delete":
            del parent[key]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=10))] = draw(SCALARS)
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(json.loads(json.dumps(parent[key])))
    return doc


def _transcript() -> Transcript:
    """A made-up answer with questions, the three phrases, fillers, a long pause and a STAR shape: every scorer path."""
    text = ("um who reads this and how fresh must it be ? so I'll treat this as a star schema . the grain of this fact is one row "
            "per order line . uh the trade-off here is storage against speed , like , you know . this breaks when refunds arrive "
            "late . in my last role the situation was a broken pipeline . my task was to fix it . I rebuilt the loads . the result "
            "was forty percent faster").split()
    words, t = [], 1.5
    for i, w in enumerate(text):
        words.append(Word(text=w, start=round(t, 2), end=round(t + 0.3, 2), probability=0.9))
        t += 0.4 + (4.0 if i == 30 else 0.0)
    return Transcript(words=words, duration_s=round(t + 1, 2), speech=[Span(start=1.4, end=t)])


TRANSCRIPT = _transcript()


def _exercise_report(report) -> None:
    """Everything a report goes through after scoring: JSON, the terminal, replay's timeline, VTT, HTML."""
    from rich.console import Console

    from interviewer.replay import render_text, timeline, to_html, to_vtt
    from interviewer.report import render
    from interviewer.types import Report

    Report.model_validate(json.loads(report.to_json()))
    render(report, Console(file=io.StringIO(), width=100), title="[/] title")
    events = timeline(report)
    render_text(events)
    to_vtt(events)
    to_html(report, np.zeros(1600, np.float32), 16000, title="t")
    assert 0 <= report.score <= 100


@pytest.mark.parametrize("name", available_rubrics())
@SETTINGS
@given(data=st.data())
def test_any_rubric_file_is_a_named_error_or_scores_without_crashing(name, data, tmp_path):
    from interviewer.score import score

    doc = data.draw(mutated(tomllib.loads((RUBRICS_DIR / f"{name}.toml").read_text())))
    f = tmp_path / "generated.toml"
    f.write_text(tomlw.dumps(doc))
    with time_box():
        try:
            rubric = load_rubric(str(f))
        except RubricError as e:
            event("rejected")
            assert str(e).startswith(str(f)) or "generated.toml" in str(e)
            assert "\n" not in str(e).strip() or "TOML" in str(e)
            return
        event("scored")
        report = score(TRANSCRIPT, rubric, prompt_id="x", key_points=["star schema", "late refunds"])
        _exercise_report(report)


@pytest.mark.parametrize("name", ["modeling", "behavioral-star"])
@SETTINGS
@given(data=st.data())
def test_any_numbers_in_a_rubric_are_a_named_error_or_score_without_crashing(name, data, tmp_path):
    """One or two numbers of the rubric redrawn from the edge values (0, tiny, huge, inf, nan) and any float."""
    from interviewer.score import score

    doc = tomllib.loads((RUBRICS_DIR / f"{name}.toml").read_text())
    numbers = [p for p, v in _leaves(doc) if p and isinstance(v, (int, float)) and not isinstance(v, bool)]
    for path in data.draw(st.lists(st.sampled_from(numbers), min_size=1, max_size=2, unique=True)):
        parent = doc
        for k in path[:-1]:
            parent = parent[k]
        parent[path[-1]] = data.draw(NUMBERS)
    f = tmp_path / "numbers.toml"
    f.write_text(tomlw.dumps(doc))
    with time_box():
        try:
            rubric = load_rubric(str(f))
        except RubricError as e:
            event("rejected")
            assert "numbers.toml" in str(e)
            return
        event("scored")
        _exercise_report(score(TRANSCRIPT, rubric, prompt_id="x", key_points=["star schema"]))


@SETTINGS
@given(data=st.data())
def test_any_prompt_file_is_a_named_error_or_a_usable_prompt(data, tmp_path):
    from interviewer import followup
    from interviewer.score import score

    source = data.draw(st.sampled_from(sorted(p.name for p in PROMPTS_DIR.glob("*.toml") if p.name != "drills.toml")))
    doc = data.draw(mutated(tomllib.loads((PROMPTS_DIR / source).read_text())))
    f = tmp_path / "bank.toml"
    f.write_text(tomlw.dumps(doc))
    with time_box():
        try:
            pf = load_prompt_file(f)
        except PromptError as e:
            event("rejected")
            assert "bank.toml" in str(e)
            return
        event("loaded")
        rubric = load_rubric(pf.rubric if pf.rubric in available_rubrics() else "modeling")
        for p in pf.prompts[:3]:
            report = score(TRANSCRIPT, rubric, prompt_id=p.id, key_points=list(p.key_points))
            followup.select(report, p)
            _exercise_report(report)


# --- corrupt session folders ---------------------------------------------------------------------

SILENT_WAV = io.BytesIO()
sf.write(SILENT_WAV, np.zeros(8000, np.float32), 16000, format="WAV", subtype="PCM_16")
GOOD_META = {"id": "20261124-093012-modeling", "created": "2026-11-24T09:30:12+00:00", "round": "modeling",
             "prompt_id": "modeling-viewing-history", "prompt_text": "Design [/] <b>", "rubric": "modeling", "status": "complete",
             "duration_s": 0.5, "score": 50}

JSONISH = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)),
                       lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                       max_leaves=8)


@st.composite
def meta_bytes(draw) -> bytes | None:
    kind = draw(st.sampled_from(["good", "field", "json", "bytes", "missing", "empty", "dir"]))
    if kind == "good":
        return json.dumps(GOOD_META).encode()
    if kind == "field":
        m = dict(GOOD_META)
        m[draw(st.sampled_from(sorted(m)))] = draw(JSONISH)
        return json.dumps(m).encode()
    if kind == "json":
        return json.dumps(draw(JSONISH)).encode()
    if kind == "bytes":
        return draw(st.binary(max_size=64))
    return {"missing": None, "empty": b"", "dir": b"DIR"}[kind]


@st.composite
def report_bytes(draw) -> bytes | None:
    from interviewer.score import score

    kind = draw(st.sampled_from(["good", "json", "bytes", "missing", "truncated"]))
    if kind == "missing":
        return None
    good = score(TRANSCRIPT, load_rubric("modeling")).to_json().encode()
    if kind == "good":
        return good
    if kind == "truncated":
        return good[: draw(st.integers(0, len(good) - 1))]
    if kind == "json":
        return json.dumps(draw(JSONISH)).encode()
    return draw(st.binary(max_size=64))


@st.composite
def session_folder(draw) -> dict:
    return {
        "name": draw(st.sampled_from(["20261124-093012-modeling", "20261124-093013-sql-2", "x", "20261124-093012-modeling-3"])),
        "meta": draw(meta_bytes()),
        "report": draw(report_bytes()),
        "audio": draw(st.sampled_from([None, b"", b"RIFF", SILENT_WAV.getvalue(), SILENT_WAV.getvalue()[:60]])),
        "mode": draw(st.sampled_from([0o700, 0o700, 0o755])),
    }


def _build(home: Path, folders: list[dict], stray: bool) -> list[str]:
    root = home / "sessions"
    root.mkdir(parents=True)
    if stray:
        (root / "notes.txt").write_text("not a session")
        (root / ".hidden.tmp").write_bytes(b"\x00")
    names = []
    for f in folders:
        d = root / f["name"]
        if d.exists():
            continue
        d.mkdir()
        names.append(f["name"])
        for fname, content in (("meta.json", f["meta"]), ("report.json", f["report"]), ("answer.wav", f["audio"])):
            if content == b"DIR":
                (d / fname).mkdir()
            elif content is not None:
                (d / fname).write_bytes(content)
        os.utime(d, (0, 0))  # old: a missing meta.json is damage, not a session being created
        d.chmod(f["mode"])
    return names


def run_main(home: Path, *args: str) -> tuple[int, str, str]:
    """`mock ARGS` in this process, through the same entry point and error mapping as the command."""
    from interviewer.cli import main

    out, err = io.StringIO(), io.StringIO()
    old_argv, old_env, old_umask = sys.argv, dict(os.environ), os.umask(0o022)
    os.environ["MOCK_HOME"], os.environ["COLUMNS"] = str(home), "120"
    os.environ.pop("MOCK_DEBUG", None)
    sys.argv = ["mock", *args]
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    finally:
        sys.argv = old_argv
        os.environ.clear()
        os.environ.update(old_env)
        os.umask(old_umask)
    return code, out.getvalue(), err.getvalue()


@settings(max_examples=50, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(folders=st.lists(session_folder(), min_size=1, max_size=4), stray=st.booleans())
def test_any_session_folders_never_crash_history_list_replay_or_score(folders, stray, tmp_path_factory):
    from interviewer.sessions.history import collect
    from interviewer.sessions.index import scan_sessions

    home = tmp_path_factory.mktemp("home")
    names = _build(home, folders, stray)
    with time_box(60):
        good, damaged = scan_sessions(home)
        event(f"damaged {len(damaged)} of {len(names)}")
        assert sorted([s.id for s, _ in good] + [d.id for d in damaged]) == sorted(names)
        collect(home)
        for args in (("history",), ("history", "--json"), ("list",), ("list", "--json")):
            code, out, err = run_main(home, *args)
            assert code == 0, (args, err)
            assert "Traceback" not in err and "internal error" not in err
            if args[-1] == "--json":
                json.loads(out)
        for name in names:
            for args in (("replay", name, "--no-audio"), ("replay", name, "--no-audio", "--vtt", str(home / "r.vtt"))):
                code, out, err = run_main(home, *args)
                event(f"replay exit {code}")
                assert code != 70 and "Traceback" not in err and "internal error" not in err, (args, err)
                if code != 0:
                    assert len([ln for ln in err.splitlines() if ln.startswith("mock: ")]) == 1, err
                    assert code in (2, 3, 4, 7), (code, err)
