"""Sentence-embedding speed, load time and memory (issue 11 item 6).

    python bench/embed.py               # each configuration, 7 timed runs (~1 min on 2 cores)
    python bench/embed.py --runs 3      # quicker

Each configuration runs in its own process (clean memory figures). "60 sentences" are the first
60 sentences of the scorer's evaluation set (tests/evalset.py): a 3-minute answer's worth. The
timed call embeds all 60 from nothing (no cache). Figures:

- ``ms/60``: median wall and CPU time of one ``embed(60 sentences)`` call (wall min and max too);
- ``load``: constructing the embedder (the int8 graph and tokenizer read from the installed packages);
- ``RSS+``: resident memory after load and one embed call, minus before (numpy, tokenizers and
  onnxruntime already imported, as they are in mock once faster-whisper is loaded);
- ``det``: identical bits in a second run, with the sentences in reverse order and split into
  batches of 7 (batch composition must not matter).

Also printed: a live round's final pass with a ``CachedEmbedder`` that embedded 55 sentences while
they were spoken (5 left to embed). No figure fails the run. The machine is shared: rerun, and
compare medians.
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

# name -> workers
CONFIGS = {
    "onnx int8, runs of up to 16 similar-length sentences, 2 workers (default)": 2,
    "onnx int8, runs of up to 16 similar-length sentences, 1 worker": 1,
}
DEFAULT = next(iter(CONFIGS))


def sentences(n: int = 60) -> list[str]:
    from evalset import CASES

    from interviewer.audio.synth import Say

    out = [p.text for c in CASES for p in c.parts if isinstance(p, Say)]
    return out[:n]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def one(name: str, runs: int, out: Path) -> None:
    """Child process: measure one configuration, write JSON."""
    workers = CONFIGS[name]
    import numpy as np
    import onnxruntime  # noqa: F401 - already loaded in mock (faster-whisper)
    import tokenizers  # noqa: F401

    from interviewer import embed

    texts = sentences()
    before = rss_mb()
    t0 = time.perf_counter()
    model = embed.MiniLMEmbedder(workers=workers)
    load = time.perf_counter() - t0
    vecs = model.embed(texts)
    rss = rss_mb() - before
    times, cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        model.embed(texts)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    order = list(range(len(texts)))[::-1]
    again = np.zeros_like(vecs)
    for k in range(0, len(order), 7):
        idx = order[k:k + 7]
        again[idx] = model.embed([texts[i] for i in idx])
    cached = None
    if name == DEFAULT:
        c = embed.CachedEmbedder(model)
        c.warm(texts[:55])
        t0 = time.perf_counter()
        c.embed(texts)
        cached = time.perf_counter() - t0
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
    texts = sentences()
    print(f"{len(texts)} sentences, {sum(len(t.split()) for t in texts)} words, load average {os.getloadavg()[0]:.1f}")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for i, name in enumerate(CONFIGS):
            out = Path(tmp) / f"c{i}.json"
            subprocess.run([sys.executable, __file__, "--one", name, "--runs", str(args.runs), "--out", str(out)], check=True, cwd=ROOT)
            results[name] = json.loads(out.read_text())
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    print("\n| configuration | wall ms/60 median (min-max) | CPU ms/60 median | load s | RSS+ MB | same bits in other batches |")
    print("|---|---|---|---|---|---|")
    for name, r in results.items():
        ms = [t * 1000 for t in r["times"]]
        det = "yes" if r["det"] else f"no ({r['det_dev']:.1e})"
        cpu = statistics.median(r["cpu"]) * 1000
        print(f"| {name} | {statistics.median(ms):.0f} ({min(ms):.0f}-{max(ms):.0f}) | {cpu:.0f} | {r['load']:.2f} | {r['rss']:.0f} | {det} |")
    c = results[DEFAULT]["cached"]
    print(f"\nlive round, default + CachedEmbedder: 55 of 60 embedded while spoken, final pass {c * 1000:.0f} ms")
    print("\nscoring after the transcript, prepare, peak memory: python bench/score.py")


if __name__ == "__main__":
    main()
