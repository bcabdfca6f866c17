"""Issue 12: one bad session never blocks the rest — unique ids under concurrency, private files under
signals and full disks, damaged sessions skipped and named, ids that never leave sessions/."""

from __future__ import annotations

import errno
import multiprocessing
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from conftest import REPO, Run, mock_env
from interviewer.audio.files import Audio
from interviewer.errors import StorageError, Terminated
from interviewer.sessions.store import Session

NOW = datetime(2026, 11, 25, 9, 0, 0, tzinfo=timezone.utc)


def assert_one_line(run: Run, code: int, *needles: str) -> None:
    assert run.code == code, (run.code, run.out, run.err)
    assert "Traceback" not in run.err, run.err
    lines = [ln for ln in run.err_lines if ln.startswith("mock: ")]
    assert len(lines) == 1, run.err
    for n in needles:
        assert n.lower() in lines[0].lower(), lines[0]


def mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


# --- 1. unique ids, private from the first byte ----------------------------------------------------


def _create_at_barrier(home: str, barrier, out) -> None:
    barrier.wait()
    s = Session.create("modeling", "modeling", home=Path(home), now=NOW)
    out.put(s.id)


def test_sessions_created_in_the_same_second_by_synchronised_processes_get_distinct_folders(tmp_path):
    ctx = multiprocessing.get_context("fork")
    n = 8
    for attempt in range(3):  # three synchronised rounds of eight processes, all at the same second
        home = tmp_path / f"home{attempt}"
        barrier, out = ctx.Barrier(n), ctx.Queue()
        procs = [ctx.Process(target=_create_at_barrier, args=(str(home), barrier, out)) for _ in range(n)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(30)
            assert p.exitcode == 0
        ids = [out.get(timeout=5) for _ in range(n)]
        assert len(set(ids)) == n, ids
        folders = sorted((home / "sessions").iterdir())
        assert len(folders) == n
        for d in folders:
            assert mode(d) == 0o700
            meta = Session(d).meta()
            assert meta.id == d.name  # nobody overwrote anybody's meta
            assert mode(d / "meta.json") == 0o600


def _audio(seconds: float) -> Audio:
    rng = np.random.default_rng(1)
    return Audio(samples=(rng.standard_normal(int(16000 * seconds)) * 0.1).astype(np.float32))


class _KillAt(np.ndarray):
    """Samples that send this process SIGTERM when the copy reads its third block, and note the modes then."""

    seen: list

    def __getitem__(self, key):
        if isinstance(key, slice) and (key.start or 0) >= 2 * 160000 and not _KillAt.seen:
            part = _KillAt.dest.with_name(".answer.wav.part")
            _KillAt.seen.append((part.exists(), mode(part) if part.exists() else None, part.stat().st_size if part.exists() else 0))
            os.kill(os.getpid(), signal.SIGTERM)
        return np.asarray(self).__getitem__(key)


def test_sigterm_during_the_answer_copy_leaves_no_partial_file_and_the_copy_was_private_from_its_first_byte(tmp_path):
    from interviewer.sessions.files import store_answer_copy

    old = os.umask(0o022)  # a permissive umask: the mode must come from os.open, not from the umask
    try:
        dest = tmp_path / "answer.wav"
        samples = _audio(60).samples.view(_KillAt)
        _KillAt.seen, _KillAt.dest = [], dest
        before = signal.getsignal(signal.SIGTERM)
        with pytest.raises(Terminated) as err:
            store_answer_copy(Audio(samples=samples), dest)
        assert err.value.exit_code == 143
        assert signal.getsignal(signal.SIGTERM) is before  # the handler is restored
        exists, m, size = _KillAt.seen[0]
        assert exists and m == 0o600 and size > 0  # mid-copy: already written to, and private
        assert not dest.exists() and list(tmp_path.iterdir()) == []  # nothing partial left
    finally:
        os.umask(old)


def test_answer_copy_is_0600_and_plays_back(tmp_path):
    from interviewer.audio.files import load_audio
    from interviewer.sessions.files import store_answer_copy

    old = os.umask(0)
    try:
        a = _audio(25)
        dest = tmp_path / "answer.wav"
        assert store_answer_copy(a, dest) == pytest.approx(25)
        assert mode(dest) == 0o600
        back = load_audio(dest)
        assert back.samples.size == a.samples.size and np.abs(back.samples - a.samples).max() < 1e-3
    finally:
        os.umask(old)


def test_full_disk_during_the_answer_copy_is_a_storage_error_and_leaves_nothing(tmp_path, monkeypatch):
    import interviewer.sessions.files as session_mod
    from interviewer.sessions.files import store_answer_copy

    real = session_mod.private_file

    class Filling(real):
        def __enter__(self):
            f = super().__enter__()
            budget = [200_000]
            write = f.write

            def limited(b):
                budget[0] -= len(b)
                if budget[0] < 0:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                return write(b)

            f.write = limited
            return f

    monkeypatch.setattr(session_mod, "private_file", Filling)
    dest = tmp_path / "answer.wav"
    with pytest.raises(StorageError) as err:
        store_answer_copy(_audio(30), dest)
    assert err.value.exit_code == 7 and "disk is full" in str(err.value)
    assert ".part" not in str(err.value) and ".tmp" not in str(err.value)
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def tiny_tmpfs(tmp_path):
    """A 1 MB tmpfs (root only): a real full disk."""
    mnt = tmp_path / "small"
    mnt.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mnt)],
                                           capture_output=True).returncode != 0:
        pytest.skip("mounting a tmpfs needs root (the simulated-ENOSPC test covers the same code without it)")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], check=False)


def run_mock(home: Path, *args: str, timeout: float = 300) -> Run:
    p = subprocess.run([sys.executable, "-m", "interviewer", *args], capture_output=True, text=True, timeout=timeout,
                       env=mock_env(home), stdin=subprocess.DEVNULL, cwd=REPO)
    return Run(p.returncode, p.stdout, p.stderr)


def test_a_real_full_disk_while_storing_the_answer_exits_7_and_leaves_no_session(tiny_tmpfs, tmp_path):
    wav = tmp_path / "long.wav"
    sf.write(str(wav), _audio(60).samples, 16000, subtype="PCM_16")  # 1.9 MB: does not fit in 1 MB
    run = run_mock(tiny_tmpfs, "modeling", "--answer", str(wav), "--no-voice", "--prompt", "modeling-viewing-history")
    assert_one_line(run, 7, "disk is full", "the answer")
    assert list((tiny_tmpfs / "sessions").iterdir()) == []  # no empty "interrupted" session
    assert wav.stat().st_size > 0  # the user's own file is untouched


def test_sigterm_while_a_given_answer_is_stored_exits_143_and_leaves_no_session(tmp_path):
    wav = tmp_path / "long.wav"
    sf.write(str(wav), _audio(20 * 60).samples, 16000, subtype="PCM_16")
    home = tmp_path / "home"
    proc = subprocess.Popen([sys.executable, "-m", "interviewer", "modeling", "--answer", str(wav), "--no-voice",
                             "--prompt", "modeling-viewing-history"], env=mock_env(home), cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
    modes, deadline = [], time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        sessions = list((home / "sessions").glob("*")) if (home / "sessions").is_dir() else []
        parts = [p for s in sessions for p in s.glob(".answer.wav.part")]
        if parts:
            try:
                modes.append(mode(parts[0]))
            except FileNotFoundError:
                pass
            proc.send_signal(signal.SIGTERM)
            break
        time.sleep(0.0005)
    out, err = proc.communicate(timeout=120)
    assert modes, "the copy never started, or finished before it was seen"
    assert set(modes) == {0o600}
    assert_one_line(Run(proc.returncode, out, err), 143, "sigterm", "nothing was kept")
    assert list((home / "sessions").iterdir()) == []


# --- 2. damaged sessions are skipped and named; ids never leave sessions/ --------------------------


def damage(home: Path) -> dict[str, str]:
    """Next to the good sessions: one of each kind of damage. Returns id -> what the line must say."""
    root = home / "sessions"
    (root / "20260101-000000-modeling").mkdir(mode=0o700)
    (root / "20260101-000000-modeling" / "meta.json").write_text("{ not json")
    (root / "20260102-000000-sql").mkdir(mode=0o700)
    (root / "20260102-000000-sql" / "meta.json").write_text('{"id": 3, "round": ["x"]}')
    old = root / "20260103-000000-python"
    old.mkdir(mode=0o700)
    (old / "answer.wav").write_bytes(b"RIFF")
    os.utime(old, (time.time() - 3600, time.time() - 3600))  # not a session being created right now
    return {"20260101-000000-modeling": "meta.json is not valid JSON", "20260102-000000-sql": "meta.json field",
            "20260103-000000-python": "meta.json is missing"}


def test_history_and_list_skip_and_name_each_damaged_session(sessions_home):
    from interviewer.sessions.history import collect
    from interviewer.sessions.index import scan_sessions

    home, complete, interrupted_id = sessions_home
    expected = damage(home)
    good, damaged = scan_sessions(home)
    assert {s.id for s, _ in good} == {complete_id(home), interrupted_id}
    assert {d.id: d.reason for d in damaged}.keys() == expected.keys()
    for d in damaged:
        assert expected[d.id] in d.reason and d.id in d.reason and "delete the folder" in d.reason.lower()
    h = collect(home)
    assert len(h.rows) == 2 and len(h.damaged) == 3

    run = run_mock(home, "history")
    assert run.code == 0, run.err
    for sid, why in expected.items():
        assert sum(sid in ln and why in ln for ln in run.out.splitlines()) == 1, run.out
    assert complete_id(home) in run.out and interrupted_id in run.out
    j = run_mock(home, "history", "--json")
    import json

    data = json.loads(j.out)
    assert len(data["sessions"]) == 2 and sorted(d["id"] for d in data["damaged"]) == sorted(expected)

    lst = run_mock(home, "list", "modeling")
    assert lst.code == 0 and "modeling-viewing-history" in lst.out
    assert "Traceback" not in lst.err
    for sid, why in expected.items():
        assert sum(sid in ln and why in ln for ln in lst.err.splitlines()) == 1, lst.err


def complete_id(home: Path) -> str:
    from interviewer.sessions.index import scan_sessions

    return next(s.id for s, m in scan_sessions(home)[0] if m.status == "complete")


def test_replay_and_score_on_a_damaged_session_say_so_in_one_line(sessions_home):
    home, _, _ = sessions_home
    damage(home)
    for args in (("replay", "20260101-000000-modeling", "--no-audio"), ("score", "20260101-000000-modeling"),
                 ("replay", "20260103-000000-python", "--no-audio")):
        run = run_mock(home, *args)
        assert_one_line(run, 2, args[1], "is damaged")


def test_a_corrupt_report_is_rebuilt_by_replay(sessions_home):
    import json

    home, complete, _ = sessions_home
    sid = complete_id(home)
    (home / "sessions" / sid / "report.json").write_text('{"schema": "mock.report/1", "score": "lots"')
    run = run_mock(home, "replay", sid, "--no-audio")
    assert run.code == 0, run.err
    assert "report.json is damaged" in run.out and "end — score" in run.out
    rebuilt = json.loads((home / "sessions" / sid / "report.json").read_text())
    assert rebuilt["score"] == complete["score"]
    assert mode(home / "sessions" / sid / "report.json") == 0o600


def test_a_damaged_session_never_blocks_a_new_round(sessions_home, tmp_path):
    home, complete, interrupted_id = sessions_home
    expected = damage(home)
    answer = home / "sessions" / interrupted_id / "answer.wav"
    run = run_mock(home, "behavioral", "--answer", str(answer), "--no-voice", "--no-followups", "--json")  # the bank picker
    assert run.code == 0, run.err
    for sid in expected:
        assert sid in run.err
    from interviewer.sessions.index import scan_sessions

    assert len(scan_sessions(home)[0]) == 3


@pytest.mark.parametrize("bad", ["..", ".", "../..", "/etc", "sessions/../..", "a/b", "", "x;rm", "~root", "x" * 200])
def test_session_ids_never_leave_sessions(mock, bad):
    run = mock("replay", bad, "--no-audio")
    assert_one_line(run, 2)
    assert "session" in run.err.lower()


def test_a_symlinked_session_folder_is_not_followed(tmp_path):
    from interviewer.errors import SessionNotFound

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "meta.json").write_text('{"id": "x", "created": "2026", "round": "modeling", "rubric": "modeling"}')
    (tmp_path / "home" / "sessions").mkdir(parents=True)
    (tmp_path / "home" / "sessions" / "20260101-000000-modeling").symlink_to(outside)
    with pytest.raises(SessionNotFound):
        Session.open("20260101-000000-modeling", home=tmp_path / "home")
    from interviewer.sessions.index import scan_sessions

    assert scan_sessions(tmp_path / "home") == ([], [])


def test_mock_home_that_is_a_file_is_a_storage_error(mock, tmp_path):
    f = tmp_path / "afile"
    f.write_text("x")
    for args in (("history",), ("list",), ("replay", "20260101-000000-modeling")):
        assert_one_line(mock(*args, env={"MOCK_HOME": str(f)}), 7, "MOCK_HOME", "not a folder")


def test_open_makes_loose_files_private_again(tmp_path):
    s = Session.create("modeling", "modeling", home=tmp_path)
    s.audio_path.write_bytes(b"RIFF")
    s.audio_path.chmod(0o644)
    s.dir.chmod(0o755)
    Session.open(s.id, home=tmp_path)
    assert mode(s.audio_path) == 0o600 and mode(s.dir) == 0o700


def _as_nobody() -> list[str] | None:
    """A prefix that runs a command as `nobody` (no root override of permissions), or None where impossible."""
    if os.geteuid() != 0:
        return []  # already not root: chmod 000 binds us
    setpriv = shutil.which("setpriv")
    if setpriv and subprocess.run([setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups", "true"],
                                  capture_output=True).returncode == 0:
        return [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    return None


@pytest.fixture
def nobody_home(sessions_home):
    """The sessions, in a folder `nobody` owns (outside root's 0700 pytest tree), and a way to run mock as nobody."""
    import tempfile

    prefix = _as_nobody()
    if prefix is None:
        pytest.skip("cannot drop root's permission override here (no setpriv to run as nobody)")
    home, complete, interrupted_id = sessions_home
    base = Path(tempfile.mkdtemp(prefix="mock-nobody-"))
    base.chmod(0o755)
    target = base / "home"
    shutil.copytree(home, target)
    if os.geteuid() == 0:
        for p in [target, *target.rglob("*")]:
            os.chown(p, 65534, 65534, follow_symlinks=False)
    probe = subprocess.run(prefix + [sys.executable, "-c", "import interviewer.cli, faster_whisper"], cwd=REPO,
                           env=mock_env(target), capture_output=True, text=True)
    if probe.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"nobody cannot run this checkout's Python: {probe.stderr.strip().splitlines()[-1:]}")

    def run(*args: str) -> Run:
        p = subprocess.run(prefix + [sys.executable, "-m", "interviewer", *args], capture_output=True, text=True,
                           timeout=300, env=mock_env(target), stdin=subprocess.DEVNULL, cwd=REPO)
        return Run(p.returncode, p.stdout, p.stderr)

    yield target, interrupted_id, run
    shutil.rmtree(base, ignore_errors=True)


def test_an_unreadable_session_folder_is_named_and_blocks_nothing(nobody_home):
    home, interrupted_id, run = nobody_home
    locked = home / "sessions" / "20260104-000000-modeling"
    shutil.copytree(home / "sessions" / interrupted_id, locked)
    if os.geteuid() == 0:
        for p in [locked, *locked.rglob("*")]:
            os.chown(p, 65534, 65534)
    locked.chmod(0o000)
    try:
        h = run("history")
        assert h.code == 0, h.err
        assert "20260104-000000-modeling" in h.out and "permission denied" in h.out and interrupted_id in h.out
        lst = run("list")
        assert lst.code == 0 and "20260104-000000-modeling" in lst.err, lst.err
        assert_one_line(run("replay", "20260104-000000-modeling", "--no-audio"), 2, "is damaged", "permission denied")
        assert_one_line(run("score", "20260104-000000-modeling"), 2, "is damaged", "permission denied")
        answer = home / "sessions" / interrupted_id / "answer.wav"
        new = run("behavioral", "--answer", str(answer), "--no-voice", "--no-followups", "--json")
        assert new.code == 0, new.err
    finally:
        locked.chmod(0o700)


# --- 3. every rubric and prompt value in a sane range ----------------------------------------------


def _rubric_data(name: str) -> dict:
    import tomllib

    from interviewer.bank.rubrics import RUBRICS_DIR

    return tomllib.loads((RUBRICS_DIR / f"{name}.toml").read_text())


def _set(data: dict, path: str, value) -> dict:
    *head, last = path.split(".")
    node = data
    for k in head:
        node = node[int(k)] if k.isdigit() else node.setdefault(k, {})
    node[int(last) if last.isdigit() else last] = value
    return data


@pytest.mark.parametrize("rubric,path,value,field", [
    ("modeling", "pace.window_s", 1e-6, "window_s"),           # looped forever with growing memory
    ("modeling", "pace.window_s", float("nan"), "window_s"),
    ("modeling", "weights.beats", float("inf"), "weights.beats"),
    ("modeling", "weights.beats", 1e308, "weights"),
    ("modeling", "pace.min_wpm", 200.0, "min_wpm"),            # above max_wpm (180)
    ("modeling", "beats.0.min_s", 90.0, "min_s"),             # above the beat's max_s
    ("modeling", "beats.0.max_s", 1e9, "beats.0.max_s"),
    ("modeling", "silence.min_gap_s", 1e-9, "min_gap_s"),
    ("modeling", "beats.1.cues", ["!!!", "--"], "cues"),
    ("modeling", "fillers.words", [""], "words"),
    ("modeling", "phrases.0.text", "...", "phrases.0.text"),
    ("behavioral-star", "star.total_s", float("inf"), "star.total_s"),
    ("behavioral-star", "star.parts.2.target_s", 1e12, "target_s"),
    ("modeling", "failure_modes.min_volunteered", 10**9, "min_volunteered"),
    ("modeling", "description", "x" * 5000, "description"),
])
def test_rubric_values_out_of_range_are_named(tmp_path, rubric, path, value, field):
    import tomlw

    from interviewer.errors import RubricError
    from interviewer.bank.rubrics import load_rubric

    f = tmp_path / "mine.toml"
    f.write_text(tomlw.dumps(_set(_rubric_data(rubric), path, value)))
    with pytest.raises(RubricError) as err:
        load_rubric(str(f))
    assert "mine.toml" in str(err.value) and field in str(err.value), str(err.value)


def test_duplicate_phrase_ids_are_rejected(tmp_path):
    import tomlw

    from interviewer.errors import RubricError
    from interviewer.bank.rubrics import load_rubric

    data = _rubric_data("modeling")
    data["phrases"][1]["id"] = data["phrases"][0]["id"]
    f = tmp_path / "dupe.toml"
    f.write_text(tomlw.dumps(data))
    with pytest.raises(RubricError, match="unique") as err:
        load_rubric(str(f))
    assert data["phrases"][0]["id"] in str(err.value)


def test_every_shipped_rubric_and_prompt_file_is_in_range():
    from interviewer.drill import load_drills
    from interviewer.bank.prompts import load_bank
    from interviewer.bank.rubrics import available_rubrics, load_rubric

    assert all(load_rubric(n) for n in available_rubrics())
    assert len(load_bank()) > 0 and load_drills()


@pytest.mark.parametrize("path,value,field", [
    ("prompts.0.target_s", float("inf"), "target_s"),
    ("prompts.0.target_s", 1e7, "target_s"),
    ("prompts.0.key_points", ["", "ok point"], "key_points"),
    ("prompts.0.text", "   ", "text"),
])
def test_prompt_values_out_of_range_are_named(tmp_path, path, value, field):
    import tomllib

    import tomlw

    from interviewer.errors import PromptError
    from interviewer.bank.prompts import PROMPTS_DIR, load_prompt_file

    data = tomllib.loads((PROMPTS_DIR / "modeling.toml").read_text())
    f = tmp_path / "bank.toml"
    f.write_text(tomlw.dumps(_set(data, path, value)))
    with pytest.raises(PromptError) as err:
        load_prompt_file(f)
    assert "bank.toml" in str(err.value) and field in str(err.value), str(err.value)


def test_a_hanging_pace_window_is_a_one_line_rubric_error_not_a_hang(mock, tmp_path):
    import tomlw

    f = tmp_path / "tiny-window.toml"
    f.write_text(tomlw.dumps(_set(_rubric_data("modeling"), "pace.window_s", 1e-6)))
    wav = tmp_path / "a.wav"
    sf.write(str(wav), np.zeros(16000, np.float32), 16000)
    assert_one_line(mock("score", str(wav), "--rubric", str(f), timeout=60), 4, "tiny-window.toml", "pace.window_s")
    g = tmp_path / "inf-weight.toml"
    g.write_text(tomlw.dumps(_set(_rubric_data("modeling"), "weights.fluency", float("inf"))))
    assert_one_line(mock("score", str(wav), "--rubric", str(g), timeout=60), 4, "inf-weight.toml", "weights.fluency")


# --- 4. output formats escape what they must ------------------------------------------------------

HOSTILE = ["<b>bold</b>", "a", "&", "b", "-->", "00:00:01.000", "[/bold]", "[red]x", "<script>alert(1)</script>", "line\n\nbreak"]


def _hostile_report():
    from interviewer.types import Fillers, PhraseResult, Report, Word

    words = [Word(text=t, start=i * 0.5, end=i * 0.5 + 0.4, probability=0.9) for i, t in enumerate(HOSTILE)]
    return Report(rubric="modeling", duration_s=6.0, score=40, words=words, transcript=" ".join(HOSTILE),
                  words_per_minute=100.0, fillers=Fillers(count=0, per_minute=0.0), feedback=["Say [/] <i>more</i> & better."],
                  phrases=[PhraseResult(id="grain", text="the grain [/b] <of>", found=True, at=0.5, heard="[red]grain --> &", similarity=90.0)])


def test_vtt_escapes_tags_ampersands_and_arrows():
    import webvtt

    from interviewer.replay import timeline, to_vtt

    events = timeline(_hostile_report())
    text = to_vtt(events)
    timing = [ln for ln in text.splitlines() if "-->" in ln]
    assert all(len(ln.split(" --> ")) == 2 and ln[0].isdigit() for ln in timing), timing  # '-->' only on timing lines
    assert "<b>" not in text and "<script>" not in text and "&lt;b&gt;" in text and "&amp;" in text
    body = [ln for ln in text.splitlines()[1:] if ln and "-->" not in ln]
    assert all("&" not in ln.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "") for ln in body)
    parsed = webvtt.from_string(text)
    expected = sum(1 for e in events if e.kind not in ("end", "word"))
    assert len(parsed.captions) == expected  # no cue split or swallowed by a stray blank line or arrow


def test_html_escapes_every_word():
    from interviewer.replay import to_html

    page = to_html(_hostile_report(), np.zeros(16000 * 6, np.float32), 16000, title="<i>title</i> & co", prompt="<img src=x>")
    assert "<script>alert(1)</script>" not in page and "<b>bold</b>" not in page and "<img src=x>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;i&gt;title&lt;/i&gt; &amp; co" in page


def test_terminal_output_prints_markup_in_data_literally(tmp_path):
    import json

    from rich.console import Console

    from interviewer.sessions.history import collect
    from interviewer.sessions.history_view import render as render_history
    from interviewer.report import render

    con = Console(record=True, width=200, color_system=None)
    render(_hostile_report(), con, title="[/] mock [bold]report")
    out = con.export_text()
    assert "[red]grain --> &" in out and "Say [/] <i>more</i>" in out and "[/] mock [bold]report" in out
    assert "“the grain [/b] <of>…”" in out

    s = Session.create("modeling", "modeling", prompt_id="[/]x", prompt_text="Design [bold red]this[/] [/]", home=tmp_path)
    con = Console(record=True, width=300, color_system=None)
    render_history(collect(tmp_path), con)
    assert "Design [bold red]this[/] [/]" in con.export_text()
    run = run_mock(tmp_path, "history")
    assert run.code == 0 and "[bold" in run.out and "Traceback" not in run.err, run.err  # a stray "[/]" raised MarkupError (exit 70)


# --- 5. the unclear or wrong cases of the sweep (issue 12, item 9) ----------------------------------


def test_a_rejected_answer_file_leaves_no_session(mock, mock_home, tmp_path):
    f = tmp_path / "notes.wav"
    f.write_text("not a recording\n" * 100)
    assert_one_line(mock("modeling", "--answer", str(f), "--no-voice", "--prompt", "modeling-viewing-history"), 2, "not an audio file")
    assert not (mock_home / "sessions").exists() or list((mock_home / "sessions").iterdir()) == []


def test_a_rescored_partial_copy_says_it_was_cut_short(sessions_home):
    import json
    import struct

    home, _, interrupted_id = sessions_home
    wav = home / "sessions" / interrupted_id / "answer.wav"
    data = bytearray(wav.read_bytes())
    pos = data.index(b"data")
    data[pos + 4:pos + 8] = struct.pack("<I", 0)  # the header a writer leaves before its first update
    data[4:8] = struct.pack("<I", pos + 8 - 8)
    wav.write_bytes(bytes(data[: pos + 8 + (len(data) - pos - 8) * 6 // 10 // 2 * 2]))
    run = run_mock(home, "score", interrupted_id, "--json")
    assert run.code == 0, run.err
    report = json.loads(run.out)
    assert report["truncated"] is True and report["duration_s"] > 1
    assert json.loads((home / "sessions" / interrupted_id / "report.json").read_text())["truncated"] is True


def test_an_unreadable_audio_file_says_permission_denied(nobody_home, tmp_path):
    home, interrupted_id, run = nobody_home
    f = home / "locked.wav"
    shutil.copy(home / "sessions" / interrupted_id / "answer.wav", f)
    if os.geteuid() == 0:
        os.chown(f, 65534, 65534)
    f.chmod(0o000)
    r = run("score", str(f))
    assert_one_line(r, 2, "cannot read", "permission denied", "permissions")
    assert "Pass a WAV" not in r.err


def test_an_unwritable_session_folder_is_a_storage_error_naming_the_file_not_a_temp_file(nobody_home):
    home, interrupted_id, run = nobody_home
    folder = home / "sessions" / interrupted_id
    folder.chmod(0o500)
    try:
        r = run("score", interrupted_id)
        assert_one_line(r, 7, "cannot write", "transcript.json", "permission denied")
        assert ".tmp" not in r.err
    finally:
        folder.chmod(0o700)


def test_a_drill_with_one_silent_answer_goes_on_and_keeps_the_scored_answers(mock, tmp_path):
    import json

    from interviewer.audio.synth import Say, synthesize

    synthesize([Say("What does a great first ninety days look like for this role?", ""),
                Say("How does the team decide what to build next?", "")]).write(tmp_path / "questions-engineer.wav")
    rng = np.random.default_rng(0)
    sf.write(str(tmp_path / "sql-dedup-quality.wav"), (rng.standard_normal(16000 * 4) * 0.001).astype(np.float32), 16000)
    run = mock("drill", "5", "--answer-dir", str(tmp_path), "--no-voice", "--json", "--no-followups")
    assert_one_line(run, 3, "no speech", "sql-dedup-quality", "1 was scored")
    data = json.loads(run.out)
    by = {r["prompt_id"]: r for r in data["results"]}
    assert by["questions-engineer"]["report"] is not None  # scored after the silent one
    assert by["sql-dedup-quality"]["report"] is None and "No speech" in by["sql-dedup-quality"]["error"]
    assert list(by) == ["modeling-viewing-history", "sql-dedup-quality", "python-sessionize", "questions-engineer", "questions-manager"]
    assert "sql-dedup-quality" in run.err and "Skipped; not counted as practised." in run.err.replace("\n", " ")  # the note
    assert "no speech" in run.err.split("Skipped")[-1]  # ... and the day's summary after it
    hist = mock("history")  # the silent answer is "no speech": nothing to score, no `mock score` offered for it
    assert hist.code == 0 and "no speech" in hist.out and "interrupted" not in hist.out, hist.out


# --- 7. long recordings are decoded piece by piece ---------------------------------------------------


def test_a_long_answer_decoded_in_pieces_keeps_its_words_at_their_times(transcriber):
    """A ~75 s Piper answer: the file is decoded in the live transcriber's pieces (12-30 s, cut in pauses); no
    sentence is lost where pieces meet, words stay in order and inside the audio, and a sealed stretch was used."""
    import jiwer

    from interviewer.audio.synth import Pause, Say, synthesize
    from evalset import CASES

    sents = [p.text for c in CASES[:3] for p in c.parts if isinstance(p, Say)]
    parts = []
    for i, s in enumerate(sents):
        parts += [Say(s, gap_after=0.0), Pause([0.4, 1.2, 0.5, 2.5][i % 4])]
    answer = synthesize(parts, voice="piper")
    audio = Audio(samples=answer.samples.astype(np.float32))
    assert audio.duration_s > 60
    got = transcriber.transcribe(audio)
    truth = " ".join(sents).lower()
    norm = lambda t: " ".join("".join(c if c.isalnum() or c == " " else " " for c in t.lower()).split())  # noqa: E731
    assert jiwer.wer(norm(truth), norm(got.text)) < 0.12, got.text
    starts = [w.start for w in got.words]
    assert starts == sorted(starts) and got.words[-1].end <= audio.duration_s + 1e-6
    for label in answer.labels:  # every sentence has words within 1 s of where it was said
        if label.label != "pause":
            assert any(abs(w.start - label.start) < 1.0 for w in got.words), label.text


def test_a_drill_stopped_by_an_unreadable_answer_still_sums_up_the_day(mock, tmp_path):
    """An error that ends the day (here a broken recording) still prints the day's summary: what was skipped,
    where it stopped, what was not reached; then the one-line error and a non-zero exit."""
    import json

    (tmp_path / "sql-dedup-quality.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVEnot audio at all")
    run = mock("drill", "5", "--answer-dir", str(tmp_path), "--no-voice", "--json", "--no-followups")
    assert run.code != 0 and "Traceback" not in run.err, run.err
    data = json.loads(run.out)
    assert [r["prompt_id"] for r in data["results"]] == ["modeling-viewing-history", "sql-dedup-quality", "python-sessionize",
                                                        "questions-engineer", "questions-manager"]
    assert all(r["report"] is None for r in data["results"])
    assert "Day 5 summary" in run.err, run.err
    assert "stopped" in run.err and "not reached" in run.err, run.err
