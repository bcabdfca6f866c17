"""The C libraries' stderr (ALSA's "underrun occurred") is kept off the interview screen; --debug keeps it in a log."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO

SCRIPT = r"""
import ctypes, os, sys, pathlib
from interviewer.audio.quiet import c_stderr_to_log, debug_log_path
with c_stderr_to_log(debug_log_path()):
    libc = ctypes.CDLL(None)
    libc.write(2, b"ALSA lib pcm.c:8570:(snd_pcm_recover) underrun occurred\n", 56)  # as ALSA does: straight to fd 2, from C
    print("ours", file=sys.stderr)  # Python's own messages still reach the screen
print("after", file=sys.stderr)
os.write(2, b"fd2 restored\n")
"""


def run(tmp_path, debug: bool):
    env = {"PYTHONPATH": str(REPO), "MOCK_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}
    if debug:
        env["MOCK_DEBUG"] = "1"
    return subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, cwd=REPO, timeout=60)


def test_alsa_lines_never_reach_the_screen(tmp_path):
    p = run(tmp_path, debug=False)
    assert p.returncode == 0, p.stderr
    assert "ALSA lib" not in p.stderr
    assert p.stderr.splitlines() == ["ours", "after", "fd2 restored"]
    assert not (tmp_path / "home" / "logs").exists()


def test_with_debug_they_are_kept_in_a_private_log(tmp_path):
    p = run(tmp_path, debug=True)
    assert p.returncode == 0, p.stderr
    assert "ALSA lib" not in p.stderr and "ours" in p.stderr
    log = tmp_path / "home" / "logs" / "audio.log"
    assert "underrun occurred" in log.read_text()
    assert (log.stat().st_mode & 0o777) == 0o600
