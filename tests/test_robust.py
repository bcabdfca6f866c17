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
from interviewer.audio import Audio
from interviewer.errors import StorageError, Terminated
from interviewer.session import Session

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
    from interviewer.live import _store_answer_file

    old = os.umask(0o022)  # a permissive umask: the mode must come from os.open, not from the umask
    try:
        dest = tmp_path / "answer.wav"
        samples = _audio(60).samples.view(_KillAt)
        _KillAt.seen, _KillAt.dest = [], dest
        before = signal.getsignal(signal.SIGTERM)
        with pytest.raises(Terminated) as err:
            _store_answer_file(Audio(samples=samples), dest)
        assert err.value.exit_code == 143
        assert signal.getsignal(signal.SIGTERM) is before  # the handler is restored
        exists, m, size = _KillAt.seen[0]
        assert exists and m == 0o600 and size > 0  # mid-copy: already written to, and private
        assert not dest.exists() and list(tmp_path.iterdir()) == []  # nothing partial left
    finally:
        os.umask(old)


def test_answer_copy_is_0600_and_plays_back(tmp_path):
    from interviewer.audio import load_audio
    from interviewer.live import _store_answer_file

    old = os.umask(0)
    try:
        a = _audio(25)
        dest = tmp_path / "answer.wav"
        assert _store_answer_file(a, dest) == pytest.approx(25)
        assert mode(dest) == 0o600
        back = load_audio(dest)
        assert back.samples.size == a.samples.size and np.abs(back.samples - a.samples).max() < 1e-3
    finally:
        os.umask(old)


def test_full_disk_during_the_answer_copy_is_a_storage_error_and_leaves_nothing(tmp_path, monkeypatch):
    import interviewer.session as session_mod
    from interviewer.live import _store_answer_file

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
        _store_answer_file(_audio(30), dest)
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
