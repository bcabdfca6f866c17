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
