"""Score the labelled evaluation set (tests/evalset.py) and print precision, recall and boundary error.

    .venv/bin/python scripts/eval_scorer.py            # all cases
    .venv/bin/python scripts/eval_scorer.py m-trips-strong   # one case, with its report
    .venv/bin/python scripts/eval_scorer.py --natural --runs 3   # Piper with its random variation, 3 runs

Synthesizes every answer with a real voice, transcribes with the bundled tiny.en, scores it.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from evalset import CASES, evaluate  # noqa: E402

from interviewer.transcribe import WhisperTranscriber  # noqa: E402


def main(argv: list[str]) -> int:
    natural = "--natural" in argv
    runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 1
    ids = [a for a in argv if a in {c.id for c in CASES}]
    cases = [c for c in CASES if not ids or c.id in ids] * runs
    transcriber = WhisperTranscriber()
    rows = []
    tp = fp = fn = 0
    s_tp = s_fp = s_fn = 0
    errors: list[float] = []
    sil_errors: list[float] = []
    with tempfile.TemporaryDirectory() as d:
        for case in cases:
            o = evaluate(case, transcriber, Path(d), natural=natural)
            a, b, c = o.presence()
            tp, fp, fn = tp + a, fp + b, fn + c
            be = o.boundary_errors()
            errors.extend(be.values())
            m, sp, mi, worst = o.silence_match()
            s_tp, s_fp, s_fn = s_tp + m, s_fp + sp, s_fn + mi
            if m:
                sil_errors.append(worst)
            rows.append((case.id, case.quality, o.report.score, f"{a}/{a + c}", b, max(be.values(), default=0.0), f"{m}/{m + mi}", sp))
            if ids:
                print(o.report.to_json(indent=2, exclude={"words"}))
    print(f"{'case':24} {'quality':8} {'score':>5} {'parts':>6} {'extra':>5} {'max edge err':>12} {'pauses':>7} {'spurious':>8}")
    for r in rows:
        print(f"{r[0]:24} {r[1]:8} {r[2]:5d} {r[3]:>6} {r[4]:5d} {r[5]:11.2f}s {r[6]:>7} {r[7]:8d}")
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    print()
    print(f"beats + STAR parts: precision {prec:.3f}  recall {rec:.3f}  ({tp} true, {fp} spurious, {fn} missed)")
    if errors:
        print(f"boundary error: mean {statistics.mean(errors):.2f} s  median {statistics.median(errors):.2f} s  worst {max(errors):.2f} s  (n={len(errors)})")
    sp = s_tp / (s_tp + s_fp) if s_tp + s_fp else 1.0
    sr = s_tp / (s_tp + s_fn) if s_tp + s_fn else 1.0
    print(f"silences >= 3 s: precision {sp:.3f}  recall {sr:.3f}  worst edge error {max(sil_errors, default=0):.2f} s")
    for rubric in sorted({c.rubric for c in cases}):
        strong = [r[2] for r, c in zip(rows, cases) if c.rubric == rubric and c.quality == "strong"]
        flawed = [r[2] for r, c in zip(rows, cases) if c.rubric == rubric and c.quality == "flawed"]
        if strong and flawed:
            print(f"{rubric}: strong answers score {min(strong)}-{max(strong)}, flawed {min(flawed)}-{max(flawed)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
