"""Similarity of sentences to exemplar texts through a sentence embedder (the port)."""

from __future__ import annotations

from typing import Protocol, Sequence

import numpy as np


class Embedder(Protocol):
    """Texts in, one L2-normalised float32 row per text out (deterministic)."""

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def best_similarity(embedder: Embedder, texts: Sequence[str], groups: Sequence[Sequence[str]]) -> np.ndarray:
    """``[len(texts), len(groups)]``: each text's highest cosine to any text of each group (0 for an empty group).

    One call to the embedder for everything, texts and groups deduplicated.
    """
    out = np.zeros((len(texts), len(groups)), dtype=np.float32)
    flat = [g for group in groups for g in group]
    if not texts or not flat:
        return out
    uniq = list(dict.fromkeys([*texts, *flat]))
    vecs = embedder.embed(uniq)
    index = {t: i for i, t in enumerate(uniq)}
    a = vecs[[index[t] for t in texts]]
    for k, group in enumerate(groups):
        if group:
            b = vecs[[index[g] for g in group]]
            out[:, k] = (a @ b.T).max(axis=1)
    return out


def similarity_matrix(embedder: Embedder, a: Sequence[str], b: Sequence[str]) -> np.ndarray:
    """``[len(a), len(b)]`` cosines, in one call to the embedder."""
    if not a or not b:
        return np.zeros((len(a), len(b)), dtype=np.float32)
    uniq = list(dict.fromkeys([*a, *b]))
    vecs = embedder.embed(uniq)
    index = {t: i for i, t in enumerate(uniq)}
    return vecs[[index[t] for t in a]] @ vecs[[index[t] for t in b]].T


class ClauseMeans:
    """The embedder port for one answer: a long sentence that was split into clauses is embedded as the
    word-weighted mean of its clauses' vectors, not run through the model a second time.

    Mean pooling over a sentence's tokens is close to the word-weighted mean of its parts' poolings, and
    the whole sentences were a quarter of a 3-minute answer's tokens (issue 11, item 6). Every other
    text goes to ``inner`` as it is."""

    def __init__(self, inner: Embedder, parts: dict[str, list[tuple[str, int]]]):
        self.inner = inner
        self.name = getattr(inner, "name", type(inner).__name__)
        self._parts = parts  # whole sentence -> [(clause text, its words)]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        need = [c for t in texts for c in ([p for p, _ in self._parts[t]] if t in self._parts else [t])]
        uniq = list(dict.fromkeys(need))
        rows = self.inner.embed(uniq) if uniq else np.zeros((0, 0), np.float32)
        index = {t: i for i, t in enumerate(uniq)}
        out = np.zeros((len(texts), rows.shape[1] if rows.size else 0), np.float32)
        for i, t in enumerate(texts):
            if t in self._parts:
                v = sum(w * rows[index[p]].astype(np.float64) for p, w in self._parts[t])
                n = float(np.linalg.norm(v))
                out[i] = v / n if n > 0 else 0.0
            else:
                out[i] = rows[index[t]]
        return out
