"""A model-free sentence embedder for unit tests and as a lexical baseline (re-exported by
:mod:`interviewer.embed`)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np


def _normalize_rows(m: np.ndarray) -> np.ndarray:
    from interviewer.vectors import normalize_rows

    return normalize_rows(m)




_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


class HashingEmbedder:
    """Feature hashing of lower-cased words (weight 1) and their character trigrams (weight 0.5).

    Deterministic across runs, platforms and batches (blake2b, no Python ``hash``). Sentences that
    share words are close; paraphrases in other words are not: use it where a test needs vectors,
    not meaning.
    """

    def __init__(self, dim: int = 256):
        self.dim = dim
        self.name = f"hashing-{dim}"

    def _vector(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float64)
        for word in _WORD.findall(text.lower()):
            feats = [(f"w:{word}", 1.0)]
            padded = f"<{word}>"
            feats += [(f"c:{padded[i:i + 3]}", 0.5) for i in range(len(padded) - 2)]
            for feat, weight in feats:
                h = int.from_bytes(hashlib.blake2b(feat.encode(), digest_size=8).digest(), "little")
                v[h % self.dim] += weight if (h >> 63) == 0 else -weight
        return v

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return _normalize_rows(np.stack([self._vector(t) for t in texts]))


