"""Shared fixtures: run the real `mock` CLI in a subprocess, one real Whisper model per test run."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


def mock_env(home: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["MOCK_HOME"] = str(home)
    for key in ("MOCK_MODEL", "MOCK_DEBUG", "MOCK_VOICE", "MOCK_DEVICE", "MOCK_SILENCE_STOP", "MOCK_ROUND", "MOCK_FOLLOWUPS"):
        env.pop(key, None)
    env["MOCK_CONFIG"] = str(home.parent / "no-config.toml")  # the user's own config file never reaches a test
    env["COLUMNS"] = "120"
    env.update(extra)
    return env


@pytest.fixture
def mock_home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    return home


@pytest.fixture
def mock(mock_home: Path):
    """Run `mock ARGS…` as a user would (python -m interviewer), with a private MOCK_HOME."""

    def run(*args: str, env: dict[str, str] | None = None, timeout: float = 300, prefix: list[str] | None = None) -> Run:
        cmd = (prefix or []) + [sys.executable, "-m", "interviewer", *args]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=mock_env(mock_home, **(env or {})),
                           stdin=subprocess.DEVNULL, cwd=REPO)
        return Run(p.returncode, p.stdout, p.stderr)

    return run


@pytest.fixture(scope="session")
def transcriber():
    from interviewer.asr.decode import WhisperTranscriber

    return WhisperTranscriber()


@pytest.fixture(scope="session")
def pulse(tmp_path_factory):
    """A private PulseAudio daemon with a null sink. Skips where it cannot start, unless MOCK_REQUIRE_PULSE=1 (CI)."""
    from pulse import PrivatePulse, PulseUnavailable

    daemon = PrivatePulse(tmp_path_factory.mktemp("pulse"))
    try:
        daemon.start()
    except PulseUnavailable as e:
        if os.environ.get("MOCK_REQUIRE_PULSE") == "1":
            pytest.fail(f"PulseAudio is required here (MOCK_REQUIRE_PULSE=1) but could not start: {e}")
        pytest.skip(f"PulseAudio cannot start on this machine: {e}")
    yield daemon
    daemon.stop()


@pytest.fixture
def portaudio_on_pulse(pulse, monkeypatch):
    """This process's PortAudio, re-initialised to see the private sound server as device ``pulse``."""
    import sounddevice as sd

    for k, v in pulse.env.items():
        monkeypatch.setenv(k, v)
    sd._terminate()
    sd._initialize()
    yield sd
    monkeypatch.undo()
    sd._terminate()
    sd._initialize()


@pytest.fixture(scope="session")
def _sessions_base(tmp_path_factory):
    """Built once per run (one Whisper pass): a complete session scored from a synthesized answer, and an
    interrupted one — the same answer's audio with meta status "recording" and no report, as a crash leaves it."""
    import json
    import shutil

    from interviewer.sessions.store import Session
    from interviewer.audio.synth import Say, synthesize

    home = tmp_path_factory.mktemp("sessions-home")
    d = tmp_path_factory.mktemp("answers")
    wav = synthesize([Say("Who reads this, and how fresh must it be?", "clarify"),
                      Say("I'll treat this as a star schema. The grain of this fact is one row per order line.", "frame"),
                      Say("This breaks when refunds arrive late, so we reload a week.", "stress")]).write(d / "a.wav")
    p = subprocess.run([sys.executable, "-m", "interviewer", "modeling", "--answer", str(wav), "--no-voice", "--json",
                        "--prompt", "modeling-viewing-history"], capture_output=True, text=True, env=mock_env(home), cwd=REPO,
                       timeout=300, stdin=subprocess.DEVNULL)
    assert p.returncode == 0, p.stderr
    complete = json.loads(p.stdout)
    s = Session.create("behavioral", "behavioral-star", prompt_id="behavioral-data-quality", home=home)
    shutil.copy(wav, s.audio_path)
    s.audio_path.chmod(0o600)
    return home, complete, s.id


@pytest.fixture
def sessions_home(_sessions_base, tmp_path):
    """A private copy of the two sessions for one test (so a test that scores the interrupted one changes no other)."""
    import shutil

    base, complete, interrupted_id = _sessions_base
    home = tmp_path / "sessions-home"
    shutil.copytree(base, home)
    return home, complete, interrupted_id
