"""What scoring costs once the transcript is ready (issue 11, item 6): time, load and memory.

    python bench/score.py            # 5 timed runs per figure, medians (~30 s on 2 cores)
    python bench/score.py --runs 9

The answer is ~3 minutes of the development set's sentences (tests/evalset.py) at ~165 words a
minute, scored with the `modeling` rubric and the `modeling-viewing-history` prompt's key points,
with the real MiniLM embedder. Every figure runs in its own process:

- ``load``: constructing the embedder (graph and tokenizer from the installed packages);
- ``prepare, cold`` / ``prepare, cached``: :func:`interviewer.embed.prepare` — the rubric's exemplars
  and the key points embedded, the first time / with the disk cache a run before wrote (a temporary
  folder here, never the user's). Live rounds and files pay it while the candidate speaks or Whisper
  decodes;
- ``file``: ``score()`` after ``prepare``, with every sentence of the answer still to embed;
- ``live``: the same with all but the last five sentences embedded while they were spoken;
- ``peak RSS +``: the process's peak resident memory (VmHWM) after loading, preparing and scoring,
  minus before (numpy, tokenizers and onnxruntime already imported, as they are in mock).

Wall and CPU time, median of ``--runs``. The machine is shared: say the load average with the
figures, and compare the CPU column. No figure fails the run.
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
RUBRIC, PROMPT = "modeling", "modeling-viewing-history"


def answer_transcript(seconds: float = 180.0):
    """A ~3-minute answer of development-set sentences, at ~165 words a minute, as a Transcript."""
    from evalset import CASES

    from interviewer.audio.synth import Say
    from interviewer.types import Transcript, Word

    words, t = [], 0.0
    for text in (p.text for c in CASES for p in c.parts if isinstance(p, Say)):
        if t >= seconds:
            break
        for w in text.split():
            words.append(Word(text=w, start=round(t, 2), end=round(t + 0.3, 2)))
            t += 0.36
        t += 0.5
    return Transcript(words=words, duration_s=t + 1)


def hwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child(runs: int, out: Path) -> None:
    import numpy  # noqa: F401 - already loaded in mock
    import onnxruntime  # noqa: F401
    import tokenizers  # noqa: F401

    from interviewer import embed
    from interviewer.bank.prompts import contrast_points, find_prompt, prompt_topics
    from interviewer.bank.rubrics import load_rubric
    from interviewer.score import score
    from interviewer.scoring.text import sentences

    rubric, bound = load_rubric(RUBRIC), find_prompt(PROMPT)
    points = list(bound.prompt.key_points)
    transcript = answer_transcript()
    sents = sentences(list(transcript.words))
    before = hwm_mb()
    t0 = time.perf_counter()
    model = embed.MiniLMEmbedder()
    load = time.perf_counter() - t0
    res: dict[str, list[float]] = {k: [] for k in ("prep_cold", "prep_cached", "file", "file_cpu", "live", "live_cpu")}
    scores = set()
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(runs):
            for mode in ("file", "live"):
                for f in Path(folder).iterdir():
                    f.unlink()
                for kind in ("prep_cold", "prep_cached"):  # the second finds what the first saved
                    e = embed.CachedEmbedder(model)
                    t0 = time.perf_counter()
                    embed.prepare(rubric, bound, embedder=e, folder=Path(folder))
                    res[kind].append(time.perf_counter() - t0)
                if mode == "live":
                    e.warm([s.text for s in sents[:-5]])
                t0, c0 = time.perf_counter(), time.process_time()
                r = score(transcript, rubric, prompt_id=PROMPT, key_points=points, embedder=e, contrast=contrast_points(PROMPT),
                          topics=prompt_topics(PROMPT))
                res[mode].append(time.perf_counter() - t0)
                res[f"{mode}_cpu"].append(time.process_time() - c0)
                scores.add(r.score)
    out.write_text(json.dumps(dict(res, load=load, rss=hwm_mb() - before, sentences=len(sents), words=len(transcript.words),
                                   duration=transcript.duration_s, scores=sorted(scores))))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--child")
    args = ap.parse_args()
    if args.child:
        child(args.runs, Path(args.child))
        return
    load0 = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "score.json"
        subprocess.run([sys.executable, __file__, "--runs", str(args.runs), "--child", str(out)], check=True, cwd=ROOT)
        r = json.loads(out.read_text())
    med = lambda k: statistics.median(r[k]) * 1000  # noqa: E731
    print(f"scoring a {r['duration']:.0f} s answer ({r['words']} words, {r['sentences']} sentences; {RUBRIC}, "
          f"{PROMPT}), median of {args.runs}, load average {load0:.1f} -> {os.getloadavg()[0]:.1f}:")
    print(f"  model load                                 {r['load'] * 1000:6.0f} ms")
    print(f"  prepare (rubric exemplars + key points)    {med('prep_cold'):6.0f} ms cold, {med('prep_cached'):.0f} ms from the disk cache")
    print(f"  score, a file (every sentence to embed)    {med('file'):6.0f} ms wall, {med('file_cpu'):.0f} ms CPU")
    print(f"  score, live (all but 5 embedded while said){med('live'):6.0f} ms wall, {med('live_cpu'):.0f} ms CPU")
    print(f"  peak RSS + (load, prepare, score)          {r['rss']:6.0f} MB")
    print(f"  scores (one value: deterministic)          {r['scores']}")


if __name__ == "__main__":
    main()
