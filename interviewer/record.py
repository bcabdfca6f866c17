"""Record the answer: a source of audio chunks -> a queue -> a writer thread -> a WAV on disk.

Modelled on python-sounddevice's ``examples/rec_unlimited.py``. The PortAudio callback (or a file
played at real-time pace, :class:`FileMicrophone`) only copies each block into a queue; a writer
thread appends the blocks to a 16 kHz mono PCM WAV and rewrites its header (and fsyncs) every half
second, so Ctrl-C, a crash, ``kill -9`` or a power cut leaves a playable file holding all but the
last second. The main thread draws the clock and level meter and decides when to stop: Enter, trailing
silence after speech, ``--max``, Ctrl-C, or a full disk.

Chunk listeners (``listeners=[callable]``) see every captured block as float32 at 16 kHz, e.g. a
streaming transcriber.
"""

from __future__ import annotations

import errno
import math
import os
import queue
import select
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Literal, Protocol

import numpy as np

from interviewer.errors import DeviceError, StorageError

SAMPLE_RATE = 16_000
BLOCK_S = 0.05  # 50 ms blocks: fine enough for the meter and the silence clock
HEADER_EVERY_S = 0.5  # header rewrite + fsync: what a kill -9 can lose, plus the sound server's latency
SFC_UPDATE_HEADER_NOW = 0x1060  # libsndfile's sf_command: rewrite the header with the frames written so far

StoppedBy = Literal["enter", "silence", "max", "interrupt", "disk_full", "end"]
Listener = Callable[[np.ndarray], None]


# --- devices ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeviceInfo:
    index: int
    name: str
    inputs: int
    outputs: int
    default: str  # "input", "output", "input+output" or ""
    samplerate: float = 0.0


def _sd():
    try:
        import sounddevice as sd
    except OSError as e:  # libportaudio2 missing
        raise DeviceError(f"No audio system: {e}.", hint="Install it with `apt-get install libportaudio2`, or pass --answer FILE.") from None
    return sd


def list_devices() -> list[DeviceInfo]:
    sd = _sd()
    try:
        devs = sd.query_devices()
        d_in, d_out = sd.default.device
    except Exception:  # PortAudio without any host API
        return []
    out = []
    for i, d in enumerate(devs):
        marks = [m for m, idx in (("input", d_in), ("output", d_out)) if idx == i]
        out.append(DeviceInfo(i, d["name"], d["max_input_channels"], d["max_output_channels"], "+".join(marks), d["default_samplerate"]))
    return out


def _describe(devs: list[DeviceInfo], kind: str) -> str:
    names = [f"{d.index}: {d.name}" for d in devs if (d.inputs if kind == "input" else d.outputs) > 0]
    return "; ".join(names) if names else "none"


def resolve_device(device: str | int | None, kind: Literal["input", "output"] = "input") -> int | None:
    """The PortAudio index for ``--device NAME|INDEX`` (None: the system default), or a DeviceError."""
    devs = list_devices()
    usable = [d for d in devs if (d.inputs if kind == "input" else d.outputs) > 0]
    what = "microphone" if kind == "input" else "speaker"
    if not usable:
        raise DeviceError(f"No {what} found (audio {kind}s: none).",
                          hint="Plug one in and check `mock devices`, or pass --answer FILE to score a recording." if kind == "input" else "")
    if device is None or device == "":
        default = next((d for d in usable if kind in d.default), None)
        return default.index if default else usable[0].index
    if isinstance(device, int) or str(device).isdigit():
        idx = int(device)
        if any(d.index == idx for d in usable):
            return idx
    else:
        exact = [d for d in usable if d.name == device]
        partial = [d for d in usable if str(device).lower() in d.name.lower()]
        if exact or len(partial) == 1:
            return (exact or partial)[0].index
        if len(partial) > 1:
            raise DeviceError(f"--device '{device}' matches several {kind}s: {_describe(partial, kind)}.", hint="Pick one by its index.")
    raise DeviceError(f"Unknown {kind} device '{device}'. Audio {kind}s: {_describe(devs, kind)}.",
                      hint="Pick one from `mock devices`, or pass --answer FILE to score a recording.")


# --- stopping and the meter ----------------------------------------------------------------------


@dataclass(frozen=True)
class StopPolicy:
    silence_s: float = 8.0  # stop after this much trailing silence once speech was heard
    max_s: float | None = None  # stop after this long
    min_speech_s: float = 0.5  # speech heard before the silence clock may stop the recording


@dataclass
class Level:
    """An energy gate that adapts to the room: a block is speech when it is well above the noise floor."""

    floor_db: float = -70.0
    margin_db: float = 15.0
    ceiling_db: float = -32.0  # never demand more than this to call it speech

    def update(self, block: np.ndarray) -> tuple[float, bool]:
        rms = float(np.sqrt(np.mean(np.square(block, dtype=np.float64)))) if block.size else 0.0
        db = 20 * math.log10(rms) if rms > 1e-7 else -140.0
        voiced = db > min(max(self.floor_db + self.margin_db, -55.0), self.ceiling_db)
        if not voiced:  # follow the floor down fast, up slowly
            self.floor_db = db if db < self.floor_db else self.floor_db + 0.02 * (db - self.floor_db)
        return db, voiced


@dataclass
class RecordResult:
    path: Path
    duration_s: float
    stopped_by: StoppedBy
    speech_s: float = 0.0
    sample_rate: int = SAMPLE_RATE
    error: str | None = None


# --- the writer ----------------------------------------------------------------------------------


class WavWriter(threading.Thread):
    """Drains the queue into a private WAV; rewrites the header every half second; stops on a full disk."""

    def __init__(self, path: Path, q: "queue.Queue[np.ndarray | None]", sample_rate: int = SAMPLE_RATE):
        super().__init__(daemon=True, name="mock-wav-writer")
        import soundfile as sf

        self.path, self.q, self.sample_rate = path, q, sample_rate
        self.frames = 0
        self.error: OSError | None = None
        try:
            self.fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)  # private from the first byte
            self.file = sf.SoundFile(self.fd, "w", samplerate=sample_rate, channels=1, subtype="PCM_16", format="WAV", closefd=True)
        except (OSError, RuntimeError) as e:
            raise StorageError(f"Cannot write the recording to {path}: {e}.", hint="Check the recordings folder (MOCK_HOME) is writable.") from None
        os.chmod(path, 0o600)

    def _sync_header(self) -> None:
        import soundfile as sf

        self.file.flush()
        sf._snd.sf_command(self.file._file, SFC_UPDATE_HEADER_NOW, sf._ffi.NULL, 0)
        os.fsync(self.fd)  # on disk, not just in the page cache: survives a power cut

    def run(self) -> None:
        last_sync = time.monotonic()
        while True:
            block = self.q.get()
            if block is None:
                break
            if self.error is not None:
                continue  # keep draining so the producer never blocks
            try:
                self.file.write(block)
                self.frames += len(block)
                if time.monotonic() - last_sync >= HEADER_EVERY_S:
                    self._sync_header()
                    last_sync = time.monotonic()
                if _disk_free(self.path) < len(block) * 2 * 4:
                    raise OSError(errno.ENOSPC, "No space left on device")
            except (OSError, RuntimeError, AssertionError) as e:  # soundfile asserts all frames were written
                self.error = e if isinstance(e, OSError) else OSError(errno.ENOSPC, f"write failed: {e}")
        try:
            self._sync_header()
            self.file.close()
        except (OSError, RuntimeError, AssertionError):
            pass


def _disk_free(path: Path) -> int:
    try:
        st = os.statvfs(path.parent)
        return st.f_bavail * st.f_frsize
    except OSError:
        return 1 << 40


# --- sources ---------------------------------------------------------------------------------------


class Microphone(Protocol):
    def record(self, path: Path, *, stop: StopPolicy, target_s: float | None = None, console=None,
               listeners: list[Listener] | None = None, turn=None) -> RecordResult: ...


MORE_TIME_KEYS = ("m", "more")


def _line_typed() -> str | None:
    """A line typed on the terminal while recording (Enter alone: ""), else None."""
    try:
        if not sys.stdin or not sys.stdin.isatty():
            return None
        ready, _, _ = select.select([sys.stdin], [], [], 0)
        if ready:
            return sys.stdin.readline().strip().lower()
    except (OSError, ValueError):
        return None
    return None


def _enter_pressed(turn=None) -> bool:
    """Enter stops the recording; with an end-of-turn judge, ``m`` + Enter asks for more time instead."""
    line = _line_typed()
    if line is None:
        return False
    if turn is not None and line in MORE_TIME_KEYS:
        turn.more_time()
        return False
    return True


@dataclass
class _Capture:
    """The main-thread side: meter, clock, stop decisions. Shared by every source."""

    path: Path
    stop: StopPolicy
    target_s: float | None
    console: object
    listeners: list[Listener] = field(default_factory=list)
    turn: object | None = None  # an interviewer.turn.EndOfTurn: the silence that ends the answer, judged from its words

    def run(self, blocks: Iterator[np.ndarray] | None, start_stream: Callable[[Callable[[np.ndarray], None]], Callable[[], None]] | None = None) -> RecordResult:
        q: queue.Queue = queue.Queue()
        inbox: queue.Queue = queue.Queue()

        def push(block: np.ndarray) -> None:  # runs on the audio thread: hand over, nothing else
            q.put(np.asarray(block, dtype=np.float32).reshape(-1))  # to disk straight away, whatever the main loop is doing
            inbox.put(block)  # to the meter, the stop logic and the listeners

        # the microphone first, then the file: once answer.wav exists, the recording is running
        closer = start_stream(push) if start_stream else None
        try:
            writer = WavWriter(self.path, q)
        except BaseException:
            if closer is not None:
                closer()
            raise
        writer.start()
        level = Level()
        elapsed = speech = 0.0
        last_voice = None
        stopped_by: StoppedBy = "end"

        live = _Display(self.console, self.target_s, more_time=self.turn is not None)
        turn = self.turn
        interrupted = _CtrlC()
        try:
            with live, interrupted:
                while True:
                    if interrupted.pressed:
                        stopped_by = "interrupt"
                        break
                    if blocks is not None:
                        block = next(blocks, None)
                        if block is None:
                            stopped_by = "end"
                            break
                    else:
                        try:
                            block = inbox.get(timeout=0.2)
                        except queue.Empty:
                            if _enter_pressed(turn):
                                stopped_by = "enter"
                                break
                            continue
                    block = np.asarray(block, dtype=np.float32).reshape(-1)
                    if blocks is not None:
                        q.put(block)  # a file source has no audio thread: the main loop feeds the writer
                    for fn in self.listeners:
                        fn(block)
                    elapsed += block.size / SAMPLE_RATE
                    db, voiced = level.update(block)
                    if voiced:
                        speech += block.size / SAMPLE_RATE
                        if turn is not None and last_voice is not None and elapsed - last_voice > 0.5:
                            turn.voiced()  # talking again: a request for time is used up
                        last_voice = elapsed
                    live.update(elapsed, db, voiced)
                    if writer.error is not None:
                        stopped_by = "disk_full"  # ENOSPC/EDQUOT, or any failed write: stop, keep what is on disk
                        break
                    if speech >= self.stop.min_speech_s and last_voice is not None and self._ended(elapsed, last_voice):
                        stopped_by = "silence"
                        break
                    if self.stop.max_s is not None and elapsed >= self.stop.max_s:
                        stopped_by = "max"
                        break
                    if _enter_pressed(turn):
                        stopped_by = "enter"
                        break
        except KeyboardInterrupt:
            stopped_by = "interrupt"
        finally:
            if closer is not None:
                closer()
            while not inbox.empty():  # delivered before the stream closed: on disk already, so listeners see it too
                late = np.asarray(inbox.get(), dtype=np.float32).reshape(-1)
                for fn in self.listeners:
                    fn(late)
            q.put(None)  # everything the callback delivered is already queued for the writer
            writer.join()
        duration = writer.frames / SAMPLE_RATE
        err = None
        if writer.error is not None:
            stopped_by = "disk_full"
            err = writer.error.strerror or str(writer.error)
        return RecordResult(self.path, duration, stopped_by, round(speech, 2), SAMPLE_RATE, err)


    def _ended(self, elapsed: float, last_voice: float) -> bool:
        """Has the answer ended? The fixed silence window, or (with a turn judge) the wait its words call for."""
        silent = elapsed - last_voice
        if self.turn is None:
            return silent >= self.stop.silence_s
        if silent < 0.5:
            return False
        return silent >= self.turn.wait_s(elapsed, last_voice)


class _CtrlC:
    """Ctrl-C while recording stops the recording at the next block instead of raising in the middle of
    whatever the loop is doing (a KeyboardInterrupt can land inside a queue's lock or a listener and
    leave them half-done). A second Ctrl-C raises KeyboardInterrupt as usual. Only where Ctrl-C would
    raise KeyboardInterrupt at all: the main thread, with Python's default handler in place."""

    def __init__(self):
        self.pressed = False
        self._old = None

    def _handle(self, signum, frame) -> None:
        self.pressed = True
        signal.signal(signal.SIGINT, signal.default_int_handler)

    def __enter__(self):
        if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            self._old = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        if self._old is not None:
            signal.signal(signal.SIGINT, self._old)
            self._old = None


class _Display:
    """A one-line live clock against the target and a level meter (rich), or nothing without a console."""

    def __init__(self, console, target_s: float | None, more_time: bool = False):
        self.console, self.target_s, self.more_time = console, target_s, more_time
        self._live = None
        self._last = 0.0

    def __enter__(self):
        if self.console is not None:
            from rich.live import Live

            self._live = Live(console=self.console, refresh_per_second=8, transient=True)
            self._live.__enter__()
        return self

    def __exit__(self, *exc):
        if self._live is not None:
            self._live.__exit__(*exc)
        return False

    def update(self, elapsed: float, db: float, voiced: bool) -> None:
        if self._live is None or elapsed - self._last < 0.1:
            return
        self._last = elapsed
        from rich.text import Text

        m, s = divmod(int(elapsed), 60)
        t = Text("● REC ", style="bold red")
        over = self.target_s is not None and elapsed > self.target_s
        t.append(f"{m}:{s:02d}", style="bold red" if over else "bold")
        if self.target_s:
            tm, ts = divmod(int(self.target_s), 60)
            t.append(f" / {tm}:{ts:02d}", style="dim")
        bars = max(0, min(30, int((db + 60) / 2)))
        t.append("  ")
        t.append("█" * bars, style="green" if voiced else "dim")
        t.append("░" * (30 - bars), style="dim")
        t.append("   Enter to stop" + ("  ·  m Enter: more time" if self.more_time else ""), style="dim")
        self._live.update(t)


class SoundDeviceMicrophone:
    """The real microphone through PortAudio (python-sounddevice)."""

    def __init__(self, device: str | int | None = None):
        self.device = resolve_device(device, "input")

    def record(self, path: Path, *, stop: StopPolicy, target_s: float | None = None, console=None,
               listeners: list[Listener] | None = None, turn=None) -> RecordResult:
        sd = _sd()

        def start(push: Callable[[np.ndarray], None]) -> Callable[[], None]:
            def callback(indata, frames, t, status):  # noqa: ARG001
                push(indata[:, 0].copy())

            try:
                stream = sd.InputStream(samplerate=SAMPLE_RATE, channels=1, dtype="float32", device=self.device,
                                        blocksize=int(SAMPLE_RATE * BLOCK_S), callback=callback)
                stream.start()
            except Exception as e:  # PortAudioError: busy, unsupported rate, unplugged
                raise DeviceError(f"Cannot open the microphone ({_device_name(self.device)}): {e}.",
                                  hint="Check `mock devices`, pick one with --device, or pass --answer FILE.") from None

            def close() -> None:
                try:
                    stream.stop()
                    stream.close()
                except Exception:
                    pass

            return close

        return _Capture(Path(path), stop, target_s, console, list(listeners or []), turn).run(None, start)


def _device_name(index: int | None) -> str:
    for d in list_devices():
        if d.index == index:
            return d.name
    return str(index)


class FileMicrophone:
    """A recording standing in for the microphone: its blocks go through the same writer and stop logic.

    ``realtime=True`` paces the blocks at the speed they were spoken (benchmarks of live latency).
    """

    def __init__(self, source: str | Path, realtime: bool = False, trailing_silence_s: float = 0.0):
        from interviewer.audio import load_audio

        audio = load_audio(source)
        pad = np.zeros(int(trailing_silence_s * SAMPLE_RATE), np.float32)
        self.samples = np.concatenate([audio.samples, pad])
        self.realtime = realtime

    def blocks(self) -> Iterator[np.ndarray]:
        n = int(SAMPLE_RATE * BLOCK_S)
        t0 = time.monotonic()
        for i in range(0, self.samples.size, n):
            if self.realtime:
                due = t0 + i / SAMPLE_RATE
                delay = due - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            yield self.samples[i : i + n]

    def record(self, path: Path, *, stop: StopPolicy, target_s: float | None = None, console=None,
               listeners: list[Listener] | None = None, turn=None) -> RecordResult:
        return _Capture(Path(path), stop, target_s, console, list(listeners or []), turn).run(self.blocks())
