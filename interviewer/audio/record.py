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

import queue
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Literal, Protocol

import numpy as np

from interviewer.audio import SAMPLE_RATE
from interviewer.audio.files import PacedFile
from interviewer.audio.writer import WavWriter, as_saved
from interviewer.audio.meter import CtrlC, Display, Level, enter_pressed
from interviewer.errors import DeviceError
from interviewer.trace import mark

BLOCK_S = 0.05  # 50 ms blocks: fine enough for the meter and the silence clock

StoppedBy = Literal["enter", "silence", "max", "interrupt", "disk_full", "end"]
Listener = Callable[[np.ndarray], None]


# --- stopping and the meter ----------------------------------------------------------------------


@dataclass(frozen=True)
class StopPolicy:
    silence_s: float = 8.0  # stop after this much trailing silence once speech was heard
    max_s: float | None = None  # stop after this long
    min_speech_s: float = 0.5  # speech heard before the silence clock may stop the recording


@dataclass
class RecordResult:
    path: Path
    duration_s: float
    stopped_by: StoppedBy
    speech_s: float = 0.0
    sample_rate: int = SAMPLE_RATE
    error: str | None = None
    asked: object | None = None  # interviewer.audio.duplex.Asked: the question spoken while listening (barge-in, where the answer starts)


# --- sources ---------------------------------------------------------------------------------------


class Microphone(Protocol):
    def record(self, path: Path, *, stop: StopPolicy, target_s: float | None = None, console=None,
               listeners: list[Listener] | None = None, turn=None, question=None) -> RecordResult: ...


@dataclass
class _Clock:
    """Seconds captured, seconds of them voiced, and when voice was last heard."""

    level: Level = field(default_factory=Level)
    elapsed: float = 0.0
    speech: float = 0.0
    last_voice: float | None = None

    def hear(self, block: np.ndarray, turn=None) -> tuple[float, bool]:
        self.elapsed += block.size / SAMPLE_RATE
        db, voiced = self.level.update(block)
        if voiced:
            self.speech += block.size / SAMPLE_RATE
            if turn is not None and self.last_voice is not None and self.elapsed - self.last_voice > 0.5:
                turn.voiced()  # talking again: a request for time is used up
            self.last_voice = self.elapsed
        return db, voiced


@dataclass
class _Capture:
    """The main-thread side: meter, clock, stop decisions. Shared by every source."""

    path: Path
    stop: StopPolicy
    target_s: float | None
    console: object
    listeners: list[Listener] = field(default_factory=list)
    turn: object | None = None  # an interviewer.turn.EndOfTurn: the silence that ends the answer, judged from its words
    question: object | None = None  # an interviewer.audio.playback.Playback (duplex.question_playback): spoken while listening, before the answer starts
    mic_clock: object | None = None  # an interviewer.audio.stream_clock.StreamClock: when each microphone sample was captured

    def run(self, blocks: Iterator[np.ndarray] | None, start_stream: Callable[[Callable[[np.ndarray], None]], Callable[[], None]] | None = None) -> RecordResult:
        q: queue.Queue = queue.Queue()
        inbox: queue.Queue = queue.Queue()
        # with a question spoken first, the main loop writes: the blocks before the answer are the question, not the answer
        self._direct = self.question is None and blocks is None

        def push(block: np.ndarray) -> None:  # runs on the audio thread: hand over, nothing else
            if self._direct:
                block = as_saved(block)  # the listeners hear what the file will hold
                q.put(block)  # to disk straight away, whatever the main loop is doing
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
        clock = _Clock()
        self.asked = None
        try:
            stopped_by = self._loop(blocks, inbox, q, writer, clock)
        except KeyboardInterrupt:
            stopped_by = "interrupt"
        finally:
            if self.question is not None:
                self.question.stop()
                self.question.close()
            if closer is not None:
                closer()
            while not inbox.empty():  # delivered before the stream closed: on disk already, so listeners see it too
                late = np.asarray(inbox.get(), dtype=np.float32).reshape(-1)
                if self.question is not None and self.asked is not None:
                    late = as_saved(late)
                    q.put(late)  # the main loop was the writer
                for fn in self.listeners:
                    fn(late)
            mark("mic_closed")
            q.put(None)  # everything the callback delivered is already queued for the writer
            writer.join()
            mark("recording_saved")
        err = None
        if writer.error is not None:
            stopped_by = "disk_full"
            err = writer.error.strerror or str(writer.error)
        return RecordResult(self.path, writer.frames / SAMPLE_RATE, stopped_by, round(clock.speech, 2), SAMPLE_RATE, err, self.asked)

    def _loop(self, blocks: Iterator[np.ndarray] | None, inbox: queue.Queue, q: queue.Queue, writer: WavWriter,
              clock: _Clock) -> StoppedBy:
        """Take blocks until something ends the recording; returns what did."""
        with Display(self.console, self.target_s, more_time=self.turn is not None) as live, CtrlC() as interrupted:
            guard, backlog, early = None, [], 0
            if self.question is not None and blocks is None:
                guard, backlog, early = self._ask(inbox, interrupted)
            while True:
                if interrupted.pressed:
                    return "interrupt"
                if backlog:
                    block = as_saved(backlog.pop(0))  # the answer's beginning, heard while the question was spoken (echo removed)
                    q.put(block)
                elif blocks is not None:
                    block = next(blocks, None)
                    if block is None:
                        return "end"
                    block = as_saved(block)
                    q.put(block)  # a file source has no audio thread: the main loop feeds the writer
                else:
                    try:
                        block = np.asarray(inbox.get(timeout=0.2), dtype=np.float32).reshape(-1)
                    except queue.Empty:
                        if enter_pressed(self.turn):
                            return "enter"
                        continue
                    if guard is not None:
                        if guard.n < guard.echo_ends() + SAMPLE_RATE // 2:
                            s0 = guard.n  # the question's echo may still be in the microphone: subtract it
                            guard.push(block)
                            block = guard.clean(s0, guard.n)
                        block = as_saved(block)  # the listeners hear what the file will hold
                        q.put(block)  # after a question the main loop feeds the writer
                stopped = self._take(block, clock, live, writer)
                early -= 1
                if early == 0:  # what was said before the question is in: the silence that ends the answer counts from now
                    clock.speech, clock.last_voice = 0.0, None
                if stopped is not None:
                    mark("answer_end")  # the interviewer has decided: the answer is over
                    return stopped

    def _ask(self, inbox: queue.Queue, interrupted: CtrlC):
        """Speak the question while listening (:mod:`interviewer.audio.duplex`): the echo guard and the answer's
        first blocks (echo removed); ``self.asked`` says what happened."""
        from interviewer.audio.duplex import Asked, ask, blocks_from
        from interviewer.audio.echo import EchoGuard

        guard = EchoGuard(block=int(SAMPLE_RATE * BLOCK_S))
        try:
            self.asked = ask(blocks_from(inbox), guard, self.question, interrupted=lambda: interrupted.pressed, clock=self.mic_clock)
        except DeviceError as e:  # the speaker would not play: the question is on screen, the answer starts now
            if self.console is not None:
                self.console.print(f"[dim]({e.message} The question is printed above.)[/]")
            self.asked = Asked(start=guard.n, spoke=False)
        if self.question is not None:
            self.question.close()  # the question is over (played out, or dropped at a barge-in): free the speaker now
        n = int(SAMPLE_RATE * BLOCK_S)
        cut = lambda x: [x[i : i + n] for i in range(0, x.size, n)]  # noqa: E731
        # said before the question, which waited for it: the answer's first words (the question's time cut out)
        early = cut(guard.clean(*self.asked.early)) if self.asked.early is not None else []
        return guard, early + cut(guard.clean(self.asked.start, guard.n)), len(early)

    def _take(self, block: np.ndarray, clock: _Clock, live: Display, writer: WavWriter) -> StoppedBy | None:
        """One captured block: to the listeners and the meter; does it end the recording?"""
        for fn in self.listeners:
            fn(block)
        db, voiced = clock.hear(block, self.turn)
        live.update(clock.elapsed, db, voiced)
        if writer.error is not None:
            return "disk_full"  # ENOSPC/EDQUOT, or any failed write: stop, keep what is on disk
        if clock.speech >= self.stop.min_speech_s and clock.last_voice is not None and self._ended(clock.elapsed, clock.last_voice):
            return "silence"
        if self.stop.max_s is not None and clock.elapsed >= self.stop.max_s:
            return "max"
        if enter_pressed(self.turn):
            return "enter"
        return None

    def _ended(self, elapsed: float, last_voice: float) -> bool:
        """Has the answer ended? The fixed silence window, or (with a turn judge) the wait its words call for."""
        silent = elapsed - last_voice
        if self.turn is None:
            return silent >= self.stop.silence_s
        if silent < 0.5:
            return False
        return silent >= self.turn.wait_s(elapsed, last_voice)


class FileMicrophone:
    """A recording standing in for the microphone: its blocks go through the same writer and stop logic.

    ``realtime=True`` paces the blocks at the speed they were spoken (benchmarks of live latency).
    """

    def __init__(self, source: str | Path, realtime: bool = False, trailing_silence_s: float = 0.0):
        self.paced = PacedFile.from_path(source, block_s=BLOCK_S, speed=1.0 if realtime else 0.0,
                                         trailing_silence_s=trailing_silence_s)
        self.samples = self.paced.samples

    def blocks(self) -> Iterator[np.ndarray]:
        return iter(self.paced)

    def record(self, path: Path, *, stop: StopPolicy, target_s: float | None = None, console=None,
               listeners: list[Listener] | None = None, turn=None, question=None) -> RecordResult:  # noqa: ARG002 - no speaker
        return _Capture(Path(path), stop, target_s, console, list(listeners or []), turn).run(self.blocks())
