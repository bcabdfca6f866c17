"""Unit vectors: rows normalised to length one, so cosine similarity is a dot product."""

from __future__ import annotations

import numpy as np


def normalize_rows(m: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length; all-zero rows stay zero. float32."""
    m = np.asarray(m)
    if m.dtype != np.float64:
        m = m.astype(np.float32, copy=False)
    norms = np.sqrt(np.einsum("ij,ij->i", m, m))[:, None]
    return np.divide(m, norms, out=np.zeros_like(m), where=norms > 0).astype(np.float32, copy=False)


def cosine_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine similarity of every row of ``a`` with every row of ``b`` (both already unit rows)."""
    return np.clip(np.asarray(a, np.float32) @ np.asarray(b, np.float32).T, -1.0, 1.0)


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(cosine_matrix(np.atleast_2d(a), np.atleast_2d(b))[0, 0])
