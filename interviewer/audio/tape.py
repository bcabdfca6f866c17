"""Audio captured so far: appended block by block, read as one contiguous array."""

from __future__ import annotations

import numpy as np

from interviewer.audio import SAMPLE_RATE


class Tape:
    """Blocks are kept as they come (appending is cheap, on the capture path) and copied into one buffer
    that grows by doubling only when the whole is read, so reading never copies everything per block."""

    def __init__(self) -> None:
        self._chunks: list[np.ndarray] = []
        self.n = 0  # samples received
        self.data = np.zeros(0, np.float32)  # holds the first ``n`` samples after :meth:`view`
        self._over = False  # a tape over samples already in memory (:meth:`over`)

    @classmethod
    def over(cls, samples: np.ndarray) -> "Tape":
        """A tape over a whole recording already in memory (a file): appending its blocks in order only moves the
        end along, so a long file is held once, not copied."""
        tape = cls()
        tape.data = np.ascontiguousarray(samples, dtype=np.float32).reshape(-1)
        tape._over = True
        return tape

    def append(self, block: np.ndarray) -> int:
        """Add a block (16 kHz mono float32); returns the samples received so far."""
        if self._over:  # the block is the next part of ``data``
            self.n = min(self.data.size, self.n + block.size)
            return self.n
        self._chunks.append(block)
        self.n += block.size
        return self.n

    def view(self) -> np.ndarray:
        """All audio so far, as a view of the buffer (no copy)."""
        if self._chunks:
            have = self.n - sum(c.size for c in self._chunks)
            if self.n > self.data.size:
                grown = np.zeros(max(self.n, 2 * self.data.size, 60 * SAMPLE_RATE), np.float32)
                grown[:have] = self.data[:have]
                self.data = grown
            for c in self._chunks:
                self.data[have : have + c.size] = c
                have += c.size
            self._chunks = []
        return self.data[: self.n]
