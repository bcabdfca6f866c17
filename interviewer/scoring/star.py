"""STAR parts in any order: a headline result first is fine. Each part is one stretch of the story;
parts are reported as spoken, each lasting until the next part begins."""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from interviewer.bank.rubrics import REASON_MARKERS, Rubric, StarPartSpec
from interviewer.scoring.claims import SUBJECTS, is_list
from interviewer.scoring.evidence import damp_by_cues, exemplars, semantic_evidence, sentence_similarity
from interviewer.scoring.meaning import Embedder
from interviewer.scoring.deeds import did_something, narrates  # noqa: F401 - re-exported: the STAR action's deeds
from interviewer.scoring.structure import structure_evidence, tasked
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


BLIND_OPEN = 1e-2  # a part opens on a sentence with evidence for it, not on one before (breaks ties, beats the order's)


def segment_any_order(evidence: Sequence[Sequence[float]], switch_cost: float, order_penalty: float) -> list[int]:
    """One part label per sentence, maximising evidence minus the cost of opening parts.

    Each part is one contiguous run (it never comes back once left) but the parts may come in any
    order; opening a part that canonically comes before the current one costs ``order_penalty`` more,
    except right after the opening part (a story may open on its headline, then go from the start).
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
                    backward = j < k and m & (m - 1)  # going back, past the opener (a headline first is fine)
                    cost = switch_cost + (order_penalty if backward else 0.0) + (BLIND_OPEN if evidence[s][j] <= 0 else 0.0)
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


STAR_SWITCH_COST = 0.5
STAR_SEM_GAIN = 1.0  # STAR parts differ less in topic than beats do: meaning weighs less against the cues
STAR_SEM_FLOOR = 0.35  # ... and needs a closer likeness to count at all
PRESENT_EVIDENCE = 0.9  # a part told with less evidence than this is missing
SENTENCE_CAP = 2.0  # the most one sentence weighs in where the parts begin and end


def _cue_counts(tokens: list[str], parts: Sequence[StarPartSpec]) -> list[int]:
    """Each part's cues heard in the sentence, a word heard once: where two parts' cues overlap ("back then I was"
    holds the situation's "back then" and the action's "then I"), the longer cue keeps it, then the one said first."""
    hits = sorted(((-(m.last - m.first), m.first, k, m) for k, p in enumerate(parts) for m in count_cues(tokens, p.cues)),
                  key=lambda h: h[:3])  # the longer cue first ("so I needed to" is the task's, not "so I"), then the earlier
    taken: set[int] = set()
    counts = [0] * len(parts)
    for _, _, k, m in hits:
        span = set(range(m.first, m.last))
        if not span & taken:
            taken |= span
            counts[k] += 1
    return counts


def _star_evidence(sents: list[Sentence], parts: Sequence[StarPartSpec], embedder: Embedder | None) -> np.ndarray:
    """Evidence per sentence and part: the part's cues, what the sentence means, a number for the result."""
    ev = np.array([[min(3.0, float(n)) for n in _cue_counts(s.tokens, parts)] for s in sents]).reshape(len(sents), len(parts))
    if embedder is not None and sents:
        groups = [exemplars(p.cues, p.description, p.examples) for p in parts]
        ev += damp_by_cues(semantic_evidence(sentence_similarity(embedder, sents, groups, context=False), gain=STAR_SEM_GAIN, floor=STAR_SEM_FLOOR), ev > 0)
    names = [p.name for p in parts]
    weighs_tasked = any(p.structure.get("tasked") for p in parts)
    for i, s in enumerate(sents):
        for k, p in enumerate(parts):
            ev[i, k] += structure_evidence(s.tokens, p.structure)
        if "result" in names and has_metric(s.text):
            r = names.index("result")
            # a number late in the story, or in a sentence that already sounds like a result (a change said as one)
            if i >= len(sents) // 2 or ev[i, r] > 0:
                ev[i, r] += 1.0
        given = weighs_tasked and tasked(s.tokens)
        told = did_something(s.tokens) or narrates(s.tokens)  # weighed as the rubric says (structure `deed`, `narrates`)
        if "action" in names and not given and not told and s.tokens[:1] == ["i"]:
            ev[i, names.index("action")] += 0.3  # a sentence in the first person, its verb not heard as a deed
    return ev


_FINITE = {"was", "were", "is", "are", "had", "has"}  # a clause with a noun subject: "the stack was pretty standard"
CLAUSE_MIN_WORDS = 5  # a clause of this many words with a subject of its own says something, whatever follows it


def _only_terms(s: Sentence) -> bool:
    """A piece of a list of terms. A clause with its own subject that a list only goes on from ("At my last company
    we had a lot of customer data, names, emails, addresses") still says something."""
    if not is_list(s.context or s.text, REASON_MARKERS):
        return False
    toks = s.tokens
    own = (bool(s.context) and len(toks) >= CLAUSE_MIN_WORDS and bool((SUBJECTS | _FINITE) & set(toks))
           and toks[-1:] not in (["like"], ["including"], ["as"]))  # "it was stuff like …" only opens the list
    return not (own and not is_list(s.text, REASON_MARKERS))


def _part(p: StarPartSpec, sents: list[Sentence], first: int, last: int, end: float, tolerance: float) -> StarPart:
    start = sents[first].start
    dur = round(end - start, 2)  # the verdict and its cost (grade) read the length the report carries
    metric = has_metric(" ".join(s.text for s in sents[first : last + 1])) if p.name == "result" else False
    return StarPart(name=p.name, present=True, start=round(start, 2), end=round(end, 2), duration_s=dur,
                    target_s=p.target_s, verdict=verdict(dur, p.target_s, tolerance), has_metric=metric)


def find_star(sents: list[Sentence], rubric: Rubric, embedder: Embedder | None = None
              ) -> tuple[list[StarPart], float | None, list[str]]:
    """The STAR parts (in the rubric's order), the story's length, and the parts' names in the order spoken.

    Parts may be told in any order; each lasts until the next part told begins (its trailing pause
    is still that part).
    """
    spec = rubric.star
    if spec is None:
        return [], None, []
    parts: list[StarPartSpec] = list(spec.parts)
    ev = _star_evidence(sents, parts, embedder)
    # one sentence says which part it is, not how long a part lasts: capped, a misleading last sentence cannot drag
    # the part it sounds like over the whole story (each part is one run)
    labels = segment_any_order(np.minimum(ev, SENTENCE_CAP).tolist(), STAR_SWITCH_COST, spec.order_penalty)
    # a part needs more than a list of terms: its evidence from sentences that say something
    said = np.array([0.0 if _only_terms(s) else 1.0 for s in sents])
    told = [(k, a, b) for k, a, b in runs(labels) if (ev[a : b + 1, k] * said[a : b + 1]).sum() >= PRESENT_EVIDENCE]
    found: dict[int, StarPart] = {}
    for n, (k, a, b) in enumerate(told):
        end = sents[told[n + 1][1]].start if n + 1 < len(told) else sents[b].end
        found[k] = _part(parts[k], sents, a, b, end, spec.tolerance)
    out = [found.get(k) or StarPart(name=p.name, present=False, target_s=p.target_s, verdict="missing") for k, p in enumerate(parts)]
    total = round(sents[told[-1][2]].end - sents[told[0][1]].start, 2) if told else None
    return out, total, [parts[k].name for k, _, _ in told]
