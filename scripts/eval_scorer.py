"""Score the labelled evaluation sets and print presence, boundaries, silences, ranking and scores.

    .venv/bin/python scripts/eval_scorer.py                  # both sets: development and held-out
    .venv/bin/python scripts/eval_scorer.py --set dev        # the development set (tests/evalset.py)
    .venv/bin/python scripts/eval_scorer.py --set heldout    # the frozen held-out set (tests/heldout.py)
    .venv/bin/python scripts/eval_scorer.py m-trips-strong   # one case (either set), with its report
    .venv/bin/python scripts/eval_scorer.py --natural --runs 3   # Piper with its random variation, 3 runs
    .venv/bin/python scripts/eval_scorer.py --set dev --cache .cache/eval   # keep transcripts: re-scoring takes seconds

Synthesizes every answer with a real voice, transcribes with the bundled tiny.en, scores it (against
the case's bank prompt when it names one, so key-point coverage counts).

Ranking checks, per set: every strong answer above every flawed one of the same rubric; every
buzzword list below every real (strong or flawed) answer of the same prompt; every answer to a
different question at or below 50. Late questions are compared with the truth when the report has a
``late_questions`` field, otherwise "n/a".
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

import evalset  # noqa: E402
import heldout  # noqa: E402
from evalset import Outcome, evaluate  # noqa: E402

SETS = {"dev": evalset.CASES, "heldout": heldout.CASES}
OFFTOPIC_MAX = 50


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "n/a"


def _late_questions(report) -> int | None:
    lq = getattr(report, "late_questions", None) if "late_questions" in type(report).model_fields else None
    if lq is None:
        return None
    return lq if isinstance(lq, int) else len(lq)


def _presence(outcomes: list[Outcome]) -> str:
    tp = fp = fn = 0
    for o in outcomes:
        a, b, c = o.presence()
        tp, fp, fn = tp + a, fp + b, fn + c
    return f"precision {_ratio(tp, tp + fp)}  recall {_ratio(tp, tp + fn)}  ({tp} true, {fp} spurious, {fn} missed)"


def ranking_checks(outcomes: list[Outcome]) -> list[str]:
    """One line per check: PASS/FAIL with the scores that decide it."""
    lines = []
    by_rubric: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_rubric[o.case.rubric].append(o)
    for rubric, os_ in sorted(by_rubric.items()):
        strong = [o for o in os_ if o.case.kind == "strong"]
        flawed = [o for o in os_ if o.case.kind == "flawed"]
        if not (strong and flawed):
            continue
        bad = [(s.case.id, f.case.id) for s in strong for f in flawed if s.report.score <= f.report.score]
        verdict = "PASS" if not bad else f"FAIL ({len(bad)} of {len(strong) * len(flawed)} pairs out of order)"
        lines.append(f"strong > flawed, {rubric}: strong {min(o.report.score for o in strong)}-{max(o.report.score for o in strong)}, "
                     f"flawed {min(o.report.score for o in flawed)}-{max(o.report.score for o in flawed)}: {verdict}")
    by_prompt: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        if o.case.prompt_id:
            by_prompt[o.case.prompt_id].append(o)
    buzz_any = False
    for prompt, os_ in sorted(by_prompt.items()):
        real = [o for o in os_ if o.case.kind in ("strong", "flawed")]
        for b in (o for o in os_ if o.case.kind == "buzzword"):
            buzz_any = True
            above = [o.case.id for o in real if o.report.score <= b.report.score]
            verdict = "PASS" if real and not above else ("n/a (no real answer)" if not real else f"FAIL (not below {', '.join(above)})")
            lines.append(f"buzzword < real, {prompt}: buzzword {b.case.id} {b.report.score}, real "
                         f"{', '.join(f'{o.report.score}' for o in real)}: {verdict}")
    if not buzz_any:
        lines.append("buzzword < real: n/a (no buzzword cases)")
    off = [o for o in outcomes if o.case.kind == "offtopic"]
    for o in off:
        lines.append(f"offtopic <= {OFFTOPIC_MAX}, {o.case.id} (scored as {o.case.prompt_id}): {o.report.score}: "
                     f"{'PASS' if o.report.score <= OFFTOPIC_MAX else 'FAIL'}")
    if not off:
        lines.append(f"offtopic <= {OFFTOPIC_MAX}: n/a (no offtopic cases)")
    return lines


def summarize(name: str, outcomes: list[Outcome]) -> None:
    print(f"## {name}: {len(outcomes)} answers")
    print()
    head = f"{'case':32} {'kind':8} {'rubric':15} {'score':>5} {'cover':>7} {'parts':>6} {'extra':>5} {'max edge err':>12} {'pauses':>7} {'spurious':>8} {'late q':>6}"
    print(head)
    errors: list[float] = []
    s_tp = s_fp = s_fn = 0
    sil_errors: list[float] = []
    late_cmp: list[tuple[int, int]] = []
    for o in outcomes:
        a, b, c = o.presence()
        be = o.boundary_errors()
        errors.extend(be.values())
        m, sp, mi, worst = o.silence_match()
        s_tp, s_fp, s_fn = s_tp + m, s_fp + sp, s_fn + mi
        if m:
            sil_errors.append(worst)
        cov = o.report.coverage
        credit = getattr(cov, "credit", None) if cov is not None else None  # points made partly count in part
        cover = "-" if cov is None or not cov.total else f"{cov.covered}/{cov.total}" if credit in (None, cov.covered) \
            else f"{credit:.1f}/{cov.total}"
        lq = _late_questions(o.report)
        if lq is not None:
            late_cmp.append((o.case.late_questions, lq))
        late = f"{lq}/{o.case.late_questions}" if lq is not None else f"?/{o.case.late_questions}"
        print(f"{o.case.id:32} {o.case.kind:8} {o.case.rubric:15} {o.report.score:5d} {cover:>7} {f'{a}/{a + c}':>6} {b:5d} "
              f"{max(be.values(), default=0.0):11.2f}s {f'{m}/{m + mi}':>7} {sp:8d} {late:>6}")
    print()
    print(f"beats + STAR parts, all answers:              {_presence(outcomes)}")
    real = [o for o in outcomes if o.case.kind in ("strong", "flawed")]
    if len(real) != len(outcomes):
        print(f"beats + STAR parts, strong and flawed only:   {_presence(real)}")
    if errors:
        print(f"boundary error: mean {statistics.mean(errors):.2f} s  median {statistics.median(errors):.2f} s  "
              f"worst {max(errors):.2f} s  (n={len(errors)})")
    else:
        print("boundary error: n/a (no part found that is in the truth)")
    print(f"silences >= 3 s: precision {_ratio(s_tp, s_tp + s_fp)}  recall {_ratio(s_tp, s_tp + s_fn)}  "
          f"worst edge error {max(sil_errors, default=0):.2f} s  ({s_tp} found, {s_fp} spurious, {s_fn} missed)")
    if late_cmp:
        exact = sum(t == g for t, g in late_cmp)
        print(f"late questions: {exact}/{len(late_cmp)} answers with the true count; true {sum(t for t, _ in late_cmp)}, "
              f"reported {sum(g for _, g in late_cmp)}")
    else:
        print("late questions: n/a (the report has no late_questions field)")
    print("ranking:")
    for line in ranking_checks(outcomes):
        print(f"  {line}")
    for title, ids, own_ranking in (("check subset", evalset.CHECK_IDS, False),
                                     ("second check subset", evalset.CHECK2_IDS, True),
                                     ("third check subset", evalset.CHECK3_IDS, True)):
        check = [o for o in outcomes if o.case.id in ids]
        if check:
            _check_subset(title, check, own_ranking)
    print()


def _check_subset(title: str, check: list[Outcome], own_ranking: bool) -> None:
    """A check set apart (tests/evalset.py ``CHECK_IDS``, the fifth session's, ``CHECK2_IDS``, the sixth
    session's, and ``CHECK3_IDS``, the seventh's: never tuned on); ``own_ranking``: its ranking checks among its
    own answers too."""
    errors = [e for o in check for e in o.boundary_errors().values()]
    late = [(o.case.late_questions, _late_questions(o.report)) for o in check]
    print(f"{title} ({len(check)} answers, never tuned on):")
    print(f"  beats + STAR parts: {_presence(check)}")
    if errors:
        print(f"  boundary error: mean {statistics.mean(errors):.2f} s  median {statistics.median(errors):.2f} s  "
              f"worst {max(errors):.2f} s  (n={len(errors)})")
    if all(g is not None for _, g in late):
        print(f"  late questions: {sum(t == g for t, g in late)}/{len(late)} answers with the true count; "
              f"true {sum(t for t, _ in late)}, reported {sum(g for _, g in late)}")
    print("  scores: " + ", ".join(f"{o.case.id} {o.report.score}" for o in check))
    if own_ranking:
        print("  ranking among its own answers:")
        for line in ranking_checks(check):
            print(f"    {line}")


def main(argv: list[str]) -> int:
    natural = "--natural" in argv
    runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 1
    which = argv[argv.index("--set") + 1] if "--set" in argv else "both"
    cache = Path(argv[argv.index("--cache") + 1]) if "--cache" in argv else None
    if which not in ("dev", "heldout", "both"):
        print("--set must be dev, heldout or both", file=sys.stderr)
        return 2
    names = ["dev", "heldout"] if which == "both" else [which]
    all_ids = {c.id for cases in SETS.values() for c in cases}
    ids = [a for a in argv if a in all_ids]
    if ids:
        names = [n for n in SETS if any(c.id in ids for c in SETS[n])]
    from interviewer.asr.decode import WhisperTranscriber

    transcriber = WhisperTranscriber()
    with tempfile.TemporaryDirectory() as d:
        for name in names:
            cases = [c for c in SETS[name] if not ids or c.id in ids] * runs
            outcomes = []
            for case in cases:
                o = evaluate(case, transcriber, Path(d), natural=natural, cache=cache)
                outcomes.append(o)
                if ids:
                    print(o.report.to_json(indent=2, exclude={"words"}))
            summarize({"dev": "development set (tests/evalset.py)", "heldout": "held-out set (tests/heldout.py, frozen)"}[name], outcomes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
