"""A private PulseAudio daemon: a real virtual sound card for the live tests.

``module-null-sink`` is a speaker whose ``.monitor`` is a microphone hearing exactly what was
played into it, in real time. PortAudio reaches it as device ``pulse`` through the ALSA pulse
plugin (Debian's ``libasound2-plugins``). The daemon listens on its own socket in a temp folder and
is stopped by pid afterwards.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

SINK = "mock_sink"
SPEAKER = "mock_speaker"  # a second null sink: the interviewer's voice on headphones, which the microphone does not hear


class PulseUnavailable(RuntimeError):
    pass


class PrivatePulse:
    def __init__(self, root: Path):
        self.root = root
        self.socket = root / "native"
        self.proc: subprocess.Popen | None = None
        self.env = {
            "PULSE_SERVER": f"unix:{self.socket}",
            "HOME": str(root),  # pulse writes its cookie and state here, not in the user's home
            "XDG_RUNTIME_DIR": str(root / "run"),
            "XDG_CONFIG_HOME": str(root / "config"),
        }

    def _env(self) -> dict[str, str]:
        return {**os.environ, **self.env}

    def pactl(self, *args: str) -> str:
        return subprocess.run(["pactl", *args], env=self._env(), capture_output=True, text=True, check=True, timeout=10).stdout

    def start(self) -> "PrivatePulse":
        exe = shutil.which("pulseaudio")
        if not exe or not shutil.which("pactl"):
            raise PulseUnavailable("pulseaudio/pactl not installed (apt-get install pulseaudio pulseaudio-utils)")
        (self.root / "run").mkdir(parents=True, exist_ok=True)
        log = open(self.root / "pulse.log", "wb")
        self.proc = subprocess.Popen(
            [exe, "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no", "--disable-shm=yes",
             "-L", f"module-native-protocol-unix socket={self.socket} auth-anonymous=1",
             "-L", f"module-null-sink sink_name={SINK} rate=48000",
             "-L", f"module-null-sink sink_name={SPEAKER} rate=48000",
             "-L", "module-always-sink"],
            env=self._env(), stdout=log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise PulseUnavailable(f"pulseaudio exited: {(self.root / 'pulse.log').read_text(errors='replace')[-500:]}")
            try:
                self.pactl("info")
                break
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
                time.sleep(0.2)
        else:
            self.stop()
            raise PulseUnavailable("pulseaudio did not come up within 15 s")
        self.pactl("set-default-sink", SINK)
        self.pactl("set-default-source", f"{SINK}.monitor")
        return self

    @property
    def headphones_env(self) -> dict[str, str]:
        """The environment of a process whose voice plays on headphones: its output goes to the ``SPEAKER`` sink,
        its microphone is still ``SINK``'s monitor (the default env: a laptop's own speaker, the mic hears it)."""
        return {**self.env, "PULSE_SINK": SPEAKER}

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def play(self, wav: Path) -> subprocess.Popen:
        """Play a file into the sink (what the virtual microphone hears), in the background.

        Returns once the sound server has the stream (paplay's own start-up, slow on a busy machine,
        is then not counted as "played").
        """
        before = self.pactl("list", "short", "sink-inputs")
        proc = subprocess.Popen(["paplay", "--device", SINK, "--latency-msec=30", str(wav)], env=self._env())
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and proc.poll() is None:
            if self.pactl("list", "short", "sink-inputs") != before:
                break
            time.sleep(0.01)
        return proc

    def wait_until_quiet(self, timeout_s: float = 20.0) -> None:
        """Until nothing plays into the sound server (an earlier test's sound would reach the next microphone)."""
        quiet_by = time.monotonic() + timeout_s
        while self.pactl("list", "short", "sink-inputs").strip() and time.monotonic() < quiet_by:
            time.sleep(0.05)

    def start_round(self, home: Path, args: list[str], trace: Path, headphones: bool = False,
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE) -> subprocess.Popen:
        """``python -m interviewer ARGS --device pulse`` started from outside, as a user would, once the server is quiet:
        ``home`` its MOCK_HOME, ``trace`` its time marks (MOCK_TRACE), its voice on headphones or on the microphone's
        own sink, stdout and stderr piped unless told otherwise."""
        from conftest import REPO, mock_env

        self.wait_until_quiet()
        env = mock_env(home, **(self.headphones_env if headphones else self.env), MOCK_TRACE=str(trace))
        return subprocess.Popen([sys.executable, "-m", "interviewer", *args, "--device", "pulse"], env=env, cwd=REPO,
                                stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr, text=True)

    @staticmethod
    def wait_for_recording(home: Path, proc: subprocess.Popen, timeout_s: float = 120.0) -> bool:
        """Until the round started by :meth:`start_round` records its answer (its ``answer.wav`` exists, the microphone
        is open), plus 0.3 s; False if it ended or the time ran out first."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and proc.poll() is None:
            if list(home.glob("sessions/*/answer.wav")):
                time.sleep(0.3)
                return True
            time.sleep(0.02)
        return False

    def record(self, out: Path, latency_ms: int | None = None, sink: str = SINK) -> subprocess.Popen:
        """Record the sink's monitor (what the virtual speaker played) to a WAV, in the background.

        ``latency_ms``: small fragments, so that what it holds when stopped is what had been heard then.
        """
        extra = [f"--latency-msec={latency_ms}"] if latency_ms else []
        return subprocess.Popen(["parecord", "--device", f"{sink}.monitor", "--file-format=wav", "--rate=16000",
                                 "--channels=1", *extra, str(out)], env=self._env())


class Ear:
    """An outside listener on a sink's monitor (``parec`` with 10 ms fragments): when, on this machine's monotonic
    clock, the sink last carried sound. A benchmark's truth for "the candidate's last word was heard", free of
    the latency of the process under test's own microphone stream."""

    CHUNK = 160  # 10 ms at 16 kHz

    def __init__(self, pulse: PrivatePulse, sink: str = SINK, threshold_db: float = -45.0):
        import threading

        self.threshold = 10 ** (threshold_db / 20) * 32768
        self.loud: list[float] = []  # monotonic times of chunks above the threshold
        self.proc = subprocess.Popen(["parec", "--device", f"{sink}.monitor", "--latency-msec=10", "--raw", "--format=s16le",
                                      "--rate=16000", "--channels=1"], env=pulse._env(), stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        import numpy as np

        while True:
            data = self.proc.stdout.read(2 * self.CHUNK)
            if not data:
                return
            now = time.monotonic()
            x = np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2").astype(np.float32)
            if x.size and float(np.sqrt(np.mean(x * x))) >= self.threshold:
                self.loud.append(now)

    def last_sound(self, before: float) -> float | None:
        """When the sink last carried sound before ``before`` (the end of that 10 ms chunk)."""
        return next((t for t in reversed(self.loud) if t <= before), None)

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=5)
