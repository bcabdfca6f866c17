"""The one audio output: samples (mono) through a PortAudio output stream, fed by one callback.

Every sound mock makes goes through :class:`Playback`: the interviewer's voice (:mod:`.speak`), the question
spoken while listening (:mod:`.duplex`, where a barge-in aborts it), the replay (:mod:`interviewer.replay.player`,
which follows :meth:`Playback.position`) and `mock doctor`'s speaker check. Opening the stream, the callback
that hands the samples to the device and mapping PortAudio's errors to :meth:`DeviceError.speaker
<interviewer.errors.DeviceError.speaker>` are written here, once.

The shape is python-sounddevice's own (``play_long_file.py``): a callback that copies the next block into
``outdata`` and raises ``CallbackStop`` after the last one, and ``finished_callback`` setting an event.
"""

from __future__ import annotations

import threading
import time
from typing import Callable

import numpy as np

from interviewer.errors import DeviceError

STEADY_BLOCKS = 4  # a primed output runs steadily once this many callbacks in a row did not underflow


class Playback:
    """``samples`` at ``rate`` on output ``device`` (None: the default). ``written`` counts the samples handed
    to the device; ``done`` is set once the stream has finished (played to the end, or aborted).

    :meth:`play` plays to the end and returns. :meth:`start` starts at once; :meth:`open` first opens the
    output *primed* with silence, and :meth:`start` then waits until it runs steadily (a new PulseAudio stream
    drops its first blocks). :meth:`stop` aborts now, dropping what the device has queued (its ``latency``);
    :meth:`close` lets what is queued play out and frees the device.
    """

    def __init__(self, samples: np.ndarray, rate: int, device: int | None = None, *,
                 latency: float | str | None = None, block: int = 0):
        self.samples = np.ascontiguousarray(np.asarray(samples, np.float32).reshape(-1))
        self.rate, self.device = rate, device
        self.latency, self.block = latency, block  # None: PortAudio's default for the device
        self.written = 0
        self.done = threading.Event()
        self.ready = threading.Event()  # a primed output runs steadily
        self.stopped_at: float | None = None  # time.monotonic() when the output was stopped early
        self.first_dac: float | None = None  # when the first sample is heard, on PortAudio's stream clock (None: not told)
        self._go = False  # hand out samples (until then: silence)
        self._stop = False
        self._steady = 0
        self._stream = None

    def open(self) -> None:
        """Open the output and feed it silence until :meth:`start`. A speaker that will not open is
        :meth:`DeviceError.speaker <interviewer.errors.DeviceError.speaker>`."""
        if self._stream is not None:
            return
        try:
            import sounddevice as sd

            self._finished = sd.CallbackStop
            self._stream = sd.OutputStream(samplerate=self.rate, channels=1, dtype="float32", device=self.device,
                                           blocksize=self.block, latency=self.latency, callback=self._callback,
                                           finished_callback=self.done.set)
            self._stream.start()
        except Exception as e:  # PortAudioError: busy, unplugged, unknown device; OSError: no PortAudio
            self._stream = None
            self.done.set()
            raise DeviceError.speaker(e) from None

    def start(self, steady_within_s: float = 3.0) -> None:
        """Play from the next callback: at once, or, when :meth:`open` primed the output, once it runs steadily
        (at most ``steady_within_s`` from now)."""
        primed = self._stream is not None
        if not primed:
            self._go = True  # no silence first: the first callback carries the first samples
        self.open()
        if primed:
            self.ready.wait(steady_within_s)
            self._go = True

    def wait(self, timeout: float | None = None) -> bool:
        """Until the output has finished (True), or ``timeout`` seconds have passed (False)."""
        return self.done.wait(timeout)

    def play(self, until: Callable[[], bool] | None = None) -> None:
        """Play to the end, or until ``until()`` says stop (asked every 50 ms), then free the device (Ctrl-C stops
        it at once)."""
        try:
            self.start()
            while not self.wait(0.05 if until is not None else None):
                if until is not None and until():
                    break
        finally:
            self.stop()
            self.close()

    def position(self) -> float:
        """The time being heard now, in seconds: samples handed to the device less its output latency (the
        audio clock, not the wall clock)."""
        if self.done.is_set() or self._stream is None:
            return self.written / self.rate
        return max(0.0, self.written / self.rate - float(self._stream.latency))

    def stop(self) -> None:
        """Stop now: what is still queued in the output (its latency, ~0.25 s) is dropped, not played out."""
        self._stop = True
        if self._stream is not None and self._go and not self.done.is_set():
            try:
                self._stream.abort()
            except Exception:  # noqa: BLE001 - stopping a speaker that failed: it is silent either way
                pass
            self.stopped_at = time.monotonic()

    def close(self) -> None:
        """Let what is queued play out, and free the device."""
        if self._stream is not None:
            try:
                self._stream.stop()
                self._stream.close()
            except Exception:  # noqa: BLE001
                pass
            self._stream = None
        self.done.set()

    def _callback(self, outdata, frames, time_info, status) -> None:  # noqa: ARG002 - the audio thread: copy, nothing else
        outdata.fill(0)
        if not self._go:
            self._steady = 0 if status.output_underflow else self._steady + 1
            if self._steady >= STEADY_BLOCKS:
                self.ready.set()
            return
        pos = self.written
        if pos == 0 and self.first_dac is None:
            self.first_dac = float(getattr(time_info, "outputBufferDacTime", 0.0) or 0.0) or None
        if self._stop:  # stopped between two callbacks, before the abort: fade out over 10 ms
            n = min(self.rate // 100, frames, self.samples.size - pos)
            if n > 0:
                outdata[:n, 0] = self.samples[pos : pos + n] * np.linspace(1.0, 0.0, n, dtype=np.float32)
                self.written = pos + n
            self.stopped_at = time.monotonic()
            raise self._finished
        chunk = self.samples[pos : pos + frames]
        outdata[: chunk.size, 0] = chunk
        self.written = pos + chunk.size
        if self.written >= self.samples.size:
            raise self._finished
