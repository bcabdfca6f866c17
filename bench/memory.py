"""Peak memory of scoring a long recording (issue 12: at most 600 MB for a 30-minute answer).

    python bench/memory.py                 # 10- and 30-minute answers, `mock score FILE --json` under /usr/bin/time -v
    python bench/memory.py --minutes 10    # only one length
    python bench/memory.py --runs 3        # several runs each: median and worst

The answers are the scorer's evaluation sentences spoken by the Piper voice with their pauses (cached under
bench/.cache/), repeated until the length is reached. Prints peak RSS (maximum resident set size) and
wall time per run, and the transcript's word count against the words spoken. No figure fails the run.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]
CACHE = ROOT / "bench" / ".cache"


def long_answer(minutes: int) -> tuple[Path, int]:
    """A cached WAV of ``minutes`` minutes of speech (16 kHz PCM) and the number of words spoken in it."""
    import numpy as np
    import soundfile as sf

    wav, meta = CACHE / f"long-{minutes}min.wav", CACHE / f"long-{minutes}min.json"
    if wav.exists() and meta.exists():
        return wav, json.loads(meta.read_text())["words"]
    from run import answer  # the ~3-minute Piper answer of `make bench`

    base, text = answer(180)
    samples, rate = sf.read(str(base), dtype="float32")
    gap = np.zeros(int(rate * 2.0), np.float32)  # two seconds between repeats
    per, words, target = samples.size + gap.size, len(text.split()), minutes * 60 * rate
    reps = int(np.ceil(target / per))
    CACHE.mkdir(parents=True, exist_ok=True)
    with sf.SoundFile(str(wav), "w", samplerate=rate, channels=1, subtype="PCM_16") as f:
        written = 0
        for _ in range(reps):
            for block in (samples, gap):
                take = block[: max(0, target - written)]
                f.write(take)
                written += take.size
    spoken = int(words * (target / per))  # about: the last repeat is cut
    meta.write_text(json.dumps({"words": spoken, "seconds": target / rate}))
    return wav, spoken


def peak(wav: Path) -> tuple[float, float, int]:
    """(peak RSS in MB, wall seconds, words transcribed) of `mock score WAV --json`."""
    with tempfile.TemporaryDirectory() as home:
        p = subprocess.run(["/usr/bin/time", "-v", sys.executable, "-m", "interviewer", "score", str(wav), "--json"],
                           capture_output=True, text=True, cwd=ROOT,
                           env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "MOCK_HOME": home, "HOME": home})
    if p.returncode != 0:
        raise SystemExit(f"mock score failed ({p.returncode}): {p.stderr[-2000:]}")
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", p.stderr).group(1)
    secs = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall.split(":"))))
    return rss_kb / 1024, secs, len(json.loads(p.stdout)["words"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=int, action="append", help="answer length (repeatable; default 10 and 30)")
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args()
    for minutes in args.minutes or [10, 30]:
        wav, spoken = long_answer(minutes)
        runs = [peak(wav) for _ in range(args.runs)]
        rss = [r[0] for r in runs]
        print(f"{minutes:>3} min answer: peak RSS median {statistics.median(rss):.0f} MB, worst {max(rss):.0f} MB; "
              f"wall {statistics.median(r[1] for r in runs):.0f} s; words {runs[0][2]} of ~{spoken} spoken (n={args.runs})", flush=True)


if __name__ == "__main__":
    main()
