"""Where a sample of a PortAudio stream sits in time, by PortAudio's own clock.

Each callback of a PortAudio stream is told when its first sample was captured (``inputBufferAdcTime``) or will
be played (``outputBufferDacTime``), on one clock shared by the streams of a process (``Pa_GetStreamTime``).
:class:`StreamClock` keeps what the microphone's callbacks said, so the echo guard can ask which microphone
sample hears the question's first sample (:meth:`sample_at`), instead of guessing it from how many blocks the
main thread had taken when the question started: that count lags the microphone by whatever is still queued (up
to the 3 s the output may take to run steadily), and the echo then seemed that much late.

Some hosts report no times (0.0): the clock then knows nothing (``None``) and the guard keeps the count's guess.
"""

from __future__ import annotations

from collections import deque
from statistics import median

from interviewer.audio import SAMPLE_RATE


class StreamClock:
    """Fed from the microphone's callback (:meth:`saw`: its first sample and that sample's time), read from the
    main thread (:meth:`sample_at`). The offset is the median over the last ``keep`` callbacks (jitter ~3 ms)."""

    def __init__(self, rate: int = SAMPLE_RATE, keep: int = 64):
        self.rate = rate
        self._offsets: deque[float] = deque(maxlen=keep)

    def saw(self, sample: int, t: float) -> None:
        if t > 0.0:
            self._offsets.append(t - sample / self.rate)

    def sample_at(self, t: float | None) -> int | None:
        """The stream's sample at time ``t`` of the same clock (None: no time known)."""
        offsets = list(self._offsets)
        if not t or t <= 0.0 or not offsets:
            return None
        return round((t - median(offsets)) * self.rate)
