"""Whisper's OpenMP threads wait passively (interviewer/__init__.py): spinning starved the live round's other threads
when anything else used a core (README, "Measured from outside the process")."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import REPO

PROBE = "import interviewer, faster_whisper, os; print(os.environ.get('OMP_WAIT_POLICY'))"


def _policy(**env: str) -> str:
    base = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    out = subprocess.run([sys.executable, "-c", PROBE], env={**base, **env, "PYTHONPATH": str(REPO)},
                         capture_output=True, text=True, check=True, timeout=120)
    return out.stdout.strip()


def test_passive_waits_by_default():
    assert _policy() == "PASSIVE"


def test_the_users_setting_wins():
    assert _policy(OMP_WAIT_POLICY="ACTIVE") == "ACTIVE"


def test_set_before_ctranslate2_is_loaded():
    """The package sets it on import, so nothing of ours loads ctranslate2 (libgomp reads it once) before that."""
    probe = "import sys, interviewer; print('ctranslate2' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], env={**os.environ, "PYTHONPATH": str(REPO)},
                         capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "False"
