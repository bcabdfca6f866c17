"""The real microphone (PortAudio through python-sounddevice), kept open between the recordings of a round.

Its blocks go through the recorder of :mod:`interviewer.audio.record` (queue, writer, stop logic). Kept open
(``keep_open=True``), it goes on listening after an answer has been judged over: what the candidate says while the
round scores that answer and renders a follow-up is the start of the next recording, not lost in between.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

import numpy as np

from interviewer.audio import SAMPLE_RATE
from interviewer.audio.devices import device_name, resolve_device, sounddevice
from interviewer.audio.record import BLOCK_S, Listener, RecordResult, StopPolicy, _Capture
from interviewer.audio.stream_clock import StreamClock
from interviewer.errors import DeviceError
from interviewer.trace import mark


class SoundDeviceMicrophone:
    """The real microphone through PortAudio (python-sounddevice).

    ``record(..., keep_open=True)`` leaves the stream running after the recording: what it hears until the next
    ``record`` (the round scoring the answer, the voice rendering a follow-up) is kept and given to that recording
    first, so a candidate who goes on talking after the interviewer judged the answer over loses no word. ``release``
    closes it (the round's end)."""

    CARRY_MAX_S = 60.0  # at most this much is kept between two recordings

    def __init__(self, device: str | int | None = None):
        self.device = resolve_device(device, "input")
        self._lock = threading.Lock()
        self._stream = None
        self._clock = StreamClock()
        self._captured = self._at = 0  # samples the stream has delivered since it opened; the last block's first
        self._target: Callable[[np.ndarray], None] | None = None  # a recording's push, or the carry between two
        self._carry: list[tuple[int, np.ndarray]] = []  # (stream sample, block) heard between two recordings

    def _callback(self, indata, frames, t, status) -> None:  # noqa: ARG002
        with self._lock:  # the push is a queue put: the swap between recordings waits for it, never a block lost
            self._clock.saw(self._captured, t.inputBufferAdcTime)
            self._at = self._captured
            self._captured += frames
            if self._target is not None:
                self._target(indata[:, 0].copy())

    def _keep(self, block: np.ndarray) -> None:
        self._carry.append((self._at, block))
        while self._carry and (self._captured - self._carry[0][0]) / SAMPLE_RATE > self.CARRY_MAX_S:
            self._carry.pop(0)

    def _open(self) -> None:
        sd = sounddevice()
        try:
            stream = sd.InputStream(samplerate=SAMPLE_RATE, channels=1, dtype="float32", device=self.device,
                                    blocksize=int(SAMPLE_RATE * BLOCK_S), callback=self._callback)
            stream.start()
        except Exception as e:  # PortAudioError: busy, unsupported rate, unplugged
            raise DeviceError(f"Cannot open the microphone ({device_name(self.device)}): {e}.",
                              hint="Check `mock devices`, pick one with --device, or pass --answer FILE.") from None
        self._stream = stream

    def release(self) -> None:
        """Close the stream (kept open or not); what was heard since the last recording is dropped."""
        with self._lock:
            self._target, self._carry = None, []
            stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.stop()
                stream.close()
            except Exception:
                pass
        with self._lock:  # a stream opened later counts, and is timed, afresh
            self._captured, self._clock = 0, StreamClock()

    def record(self, path: Path, *, stop: StopPolicy, target_s: float | None = None, console=None,
               listeners: list[Listener] | None = None, turn=None, question=None, keep_open: bool = False) -> RecordResult:
        """Record an answer; ``question`` (an :class:`interviewer.audio.playback.Playback`) is spoken first, while
        listening. A stream kept open by the last call starts this one with what it heard since."""
        clock = _ClockFrom(self._clock)

        def start(push: Callable[[np.ndarray], None]) -> Callable[[], None]:
            with self._lock:
                carried, self._carry = self._carry, []
                clock.base = carried[0][0] if carried else self._captured  # the stream's sample this recording starts at
                for _, block in carried:
                    push(block)
                self._target = push
            if self._stream is None:
                try:
                    self._open()
                except BaseException:
                    self.release()
                    raise
            if carried:
                mark("carried", f"{sum(b.size for _, b in carried) / SAMPLE_RATE:.2f}")

            def close() -> None:
                if not keep_open:
                    self.release()
                    return
                with self._lock:
                    self._target = self._keep

            return close

        return _Capture(Path(path), stop, target_s, console, list(listeners or []), turn, question, clock).run(None, start)


class _ClockFrom:
    """The stream clock counted from the sample a recording starts at (a stream kept open runs on between two)."""

    def __init__(self, clock: StreamClock):
        self.clock, self.base = clock, 0

    def sample_at(self, t: float | None) -> int | None:
        s = self.clock.sample_at(t)
        return None if s is None else s - self.base
