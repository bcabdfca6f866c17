"""STAR parts in any order: a headline result first is fine. Each part is one stretch of the story;
parts are reported as spoken, each lasting until the next part begins."""

from __future__ import annotations

import re
from typing import Sequence

from interviewer.rubric import Rubric, StarPartSpec
from interviewer.scoring.segment import _segments, segment
from interviewer.scoring.text import Sentence, count_cues, normalize
from interviewer.types import StarPart

NEG = float("-inf")
NUMBER_WORDS = {
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
    "thousand", "million", "billion", "half", "double", "twice", "triple", "percent", "x",
}
METRIC_UNITS = {
    "percent", "percentage", "seconds", "minutes", "minute", "hours", "hour", "days", "day", "weeks",
    "week", "months", "month", "dollars", "rows", "times", "x", "ms", "milliseconds", "gigabytes", "terabytes",
}


def segment_any_order(evidence: Sequence[Sequence[float]], switch_cost: float, order_penalty: float) -> list[int]:
    """One part label per sentence, maximising evidence minus the cost of opening parts.

    Each part is one contiguous run (it never comes back once left) but the parts may come in any
    order; opening a part that canonically comes before the current one costs ``order_penalty`` more.
    Ties go to staying in the part being spoken, then to the canonical order.
    """
    n = len(evidence)
    if n == 0:
        return []
    parts = len(evidence[0])
    ev = [[e - 1e-3 * k for k, e in enumerate(row)] for row in evidence]
    best: list[dict[tuple[int, int], float]] = [{} for _ in range(n)]
    back: list[dict[tuple[int, int], tuple[int, int] | None]] = [{} for _ in range(n)]
    for k in range(parts):
        best[0][(k, 1 << k)] = ev[0][k] - switch_cost
        back[0][(k, 1 << k)] = None
    for s in range(1, n):
        for (k, m), v in best[s - 1].items():
            _relax(best[s], back[s], (k, m), v + ev[s][k], (k, m))
            for j in range(parts):
                if not m >> j & 1:
                    cost = switch_cost + (order_penalty if j < k else 0.0)
                    _relax(best[s], back[s], (j, m | 1 << j), v - cost + ev[s][j], (k, m))
    state = max(best[n - 1], key=lambda st: (best[n - 1][st], -st[1], -st[0]))
    labels = [0] * n
    for s in range(n - 1, -1, -1):
        labels[s] = state[0]
        prev = back[s][state]
        if prev is None:
            break
        state = prev
    return labels


def _relax(best: dict, back: dict, state: tuple[int, int], value: float, prev: tuple[int, int]) -> None:
    if value > best.get(state, NEG) + 1e-12:
        best[state] = value
        back[state] = prev


def runs(labels: Sequence[int]) -> list[tuple[int, int, int]]:
    """(part, first sentence, last sentence) of each stretch, in spoken order."""
    out: list[tuple[int, int, int]] = []
    for i, k in enumerate(labels):
        if out and out[-1][0] == k:
            out[-1] = (k, out[-1][1], i)
        else:
            out.append((k, i, i))
    return out


def has_metric(text: str) -> bool:
    toks = normalize(text)
    if any(re.search(r"\d", t) for t in toks):
        return True
    for a, b in zip(toks, toks[1:] + [""]):
        if a in NUMBER_WORDS and (b in METRIC_UNITS or a == "percent"):
            return True
    return "percent" in toks


def verdict(duration: float, target: float, tolerance: float) -> str:
    """ok within target x (1 +/- tolerance); below is short, above is long."""
    if duration < target * (1 - tolerance):
        return "short"
    if duration > target * (1 + tolerance):
        return "long"
    return "ok"


def find_star(sents: list[Sentence], rubric: Rubric) -> tuple[list[StarPart], float | None]:
    spec = rubric.star
    if spec is None:
        return [], None
    parts: list[StarPartSpec] = list(spec.parts)
    ev: list[list[float]] = []
    for idx, s in enumerate(sents):
        toks = s.tokens
        row = []
        for p in parts:
            e = min(3.0, float(len(count_cues(toks, p.cues))))
            if p.name == "result" and has_metric(s.text) and idx >= len(sents) // 2:
                e += 1.0
            if p.name == "action" and toks[:1] == ["i"]:
                e += 0.3
            row.append(e)
        ev.append(row)
    labels = segment(ev, len(parts), switch_cost=0.6)
    segs = _segments(sents, labels, ev)
    out: list[StarPart] = []
    spans: list[tuple[float, float]] = []
    present_idx = [k for k in range(len(parts)) if k in segs and segs[k].evidence >= 0.9]
    for k, p in enumerate(parts):
        seg = segs.get(k)
        if k not in present_idx or seg is None:
            out.append(StarPart(name=p.name, present=False, target_s=p.target_s, verdict="missing"))
            continue
        # a part lasts until the next present part begins (its trailing pause is still that part)
        later = [segs[j].start for j in present_idx if j > k]
        end = later[0] if later else seg.end
        dur = end - seg.start
        spans.append((seg.start, end))
        metric = has_metric(" ".join(s.text for s in seg.sentences)) if p.name == "result" else False
        out.append(StarPart(name=p.name, present=True, start=round(seg.start, 2), end=round(end, 2), duration_s=round(dur, 2),
                            target_s=p.target_s, verdict=verdict(dur, p.target_s, spec.tolerance), has_metric=metric))
    total = round(spans[-1][1] - spans[0][0], 2) if spans else None
    return out, total
