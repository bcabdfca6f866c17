"""A fake sentence embedder for pure unit tests: bag of word stems hashed into 256 dimensions.

Two texts are similar exactly as far as they share words (stems of 5 letters), so a test can say
what 'means the same' without a model. Deterministic (crc32, not Python's salted hash).
"""

from __future__ import annotations

import re
import zlib
from typing import Sequence

import numpy as np

STOP = {"the", "a", "an", "of", "to", "and", "is", "it", "in", "on", "we", "i", "this", "that", "for", "so", "be"}


class FakeEmbedder:
    dim = 256

    def __init__(self) -> None:
        self.calls = 0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in re.findall(r"[a-z0-9]+", t.lower()):
                if w not in STOP:
                    out[i, zlib.crc32(w[:5].encode()) % self.dim] += 1.0
            n = np.linalg.norm(out[i])
            if n:
                out[i] /= n
        return out
