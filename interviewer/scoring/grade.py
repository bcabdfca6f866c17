"""From what was heard to the score and the feedback: one subscore per thing listened for, each with its notes.

Every number a note quotes is the number the report carries (one source: the tables, the JSON, the
HTML and the replay all read the report).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from interviewer.rubric import Rubric
from interviewer.types import (
    BeatResult,
    ClarifyingQuestion,
    Coverage,
    FailureModes,
    Fillers,
    PacePoint,
    PhraseResult,
    Silence,
    StarPart,
)


@dataclass
class Notes:
    items: list[tuple[int, str]] = field(default_factory=list)

    def add(self, priority: int, text: str) -> None:
        self.items.append((priority, text))

    def top(self, n: int = 5) -> list[str]:
        return [t for _, t in sorted(self.items, key=lambda pt: pt[0])[:n]]


@dataclass(frozen=True)
class Heard:
    """Everything the scorer heard in one answer, before it is graded."""

    beats: list[BeatResult]
    questions: list[ClarifyingQuestion]
    late_questions: list[ClarifyingQuestion]
    phrases: list[PhraseResult]
    failures: FailureModes | None
    coverage: Coverage | None
    star: list[StarPart]
    star_total: float | None
    star_order: list[str]
    silences: list[Silence]
    thinking_time: float
    fillers: Fillers
    wpm: float
    pace: list[PacePoint]
    spoke: bool


def clock(t: float) -> str:
    m, s = divmod(int(round(t)), 60)
    return f"{m}:{s:02d}"


def band(b: BeatResult) -> str:
    """The beat's target as the tables show it: 'target of 45 s (30-60 s)'."""
    if not b.max_s:
        return f"target of at least {b.target_s:.0f} s"
    return f"target of {b.target_s:.0f} s ({b.min_s:.0f}–{b.max_s:.0f} s)"


def grade_beats(h: Heard, rubric: Rubric, notes: Notes) -> float:
    pri = rubric.notes
    vals = []
    for k, (b, spec) in enumerate(zip(h.beats, rubric.beats)):
        if not b.present:
            vals.append(0.0)
            notes.add(rubric.beat_priority(k), spec.advice or f"The {b.name} beat was missing. {spec.description}")
            continue
        v = 1.0
        if b.duration_s < spec.min_s * 0.5:
            v -= 0.25
            notes.add(pri.beat_length, f"Your {b.name} beat lasted {b.duration_s:.0f} s against a {band(b)}. {spec.description}")
        elif spec.max_s and b.duration_s > spec.max_s * 1.5:
            v -= 0.25
            notes.add(pri.beat_length, f"Your {b.name} beat ran {b.duration_s:.0f} s against a {band(b)}; move on sooner.")
        vals.append(v)
    if any(b.name == "clarify" and b.present for b in h.beats) and len(h.questions) == 1:
        notes.add(pri.one_question, f"You asked one clarifying question ('{h.questions[0].text}'); ask two or three before committing.")
    if h.late_questions:
        q = h.late_questions[0]
        more = f" and {len(h.late_questions) - 1} more" if len(h.late_questions) > 1 else ""
        notes.add(pri.late_questions, f"You asked '{q.text}' at {clock(q.at)}{more} after you committed to an answer; "
                                      "ask it first, while the answer can still change what you build.")
    return 100 * sum(vals) / len(vals)


def grade_phrases(h: Heard, rubric: Rubric, notes: Notes) -> float:
    for p, spec in zip(h.phrases, rubric.phrases):
        if not p.found:
            notes.add(spec.priority, spec.advice)
    return 100 * sum(p.found for p in h.phrases) / len(h.phrases)


def grade_failures(fm: FailureModes, rubric: Rubric, notes: Notes) -> float:
    spec = rubric.failure_modes
    assert spec is not None
    if fm.volunteered < fm.target:
        heard = f" (you explained {', '.join(fm.items)})" if fm.items else ""
        examples = ", ".join(m.cue.split("|")[0] for m in spec.modes[:5])
        notes.add(rubric.notes.failure_modes, f"Volunteer at least {fm.target} {spec.label} before you are asked{heard}, "
                                              f"each with how it happens and what you do about it: {examples}.")
    return 100 * min(1.0, fm.volunteered / max(1, fm.target))


def grade_star(h: Heard, rubric: Rubric, notes: Notes) -> float:
    spec = rubric.star
    assert spec is not None
    pri = rubric.notes
    vals = []
    for part, pspec in zip(h.star, spec.parts):
        if part.verdict == "missing":
            vals.append(0.0)
            notes.add(pri.star_part_missing, f"Your story had no {part.name}. {pspec.advice}")
            continue
        v = 1.0 if part.verdict == "ok" else 0.6
        if part.verdict == "long":
            notes.add(pri.star_part_long, f"The {part.name} ran {part.duration_s:.0f} s against a {part.target_s:.0f} s budget; cut it to the essentials.")
        elif part.verdict == "short":
            notes.add(pri.star_part_short, f"The {part.name} took only {part.duration_s:.0f} s of its {part.target_s:.0f} s. {pspec.advice}")
        if part.name == "result" and not part.has_metric:
            v -= 0.4
            notes.add(pri.result_without_number, "Your result had no number. End on a measurable result: a percentage, a time saved, a count.")
        vals.append(max(0.0, v))
    total_v = 1.0
    if h.star_total is not None and h.star_total > spec.total_s * (1 + spec.tolerance / 2):
        total_v = 0.6
        notes.add(pri.star_total_long, f"The story took {h.star_total:.0f} s; a STAR answer should land in {spec.total_s:.0f} s.")
    return 100 * (0.8 * sum(vals) / len(vals) + 0.2 * total_v)


def grade_coverage(cov: Coverage, rubric: Rubric, notes: Notes) -> float:
    if cov.covered < cov.total and not off_topic(cov, rubric):
        notes.add(rubric.notes.coverage, f"You covered {cov.covered} of {cov.total} talking points; missed: {'; '.join(cov.missed[:3])}.")
    return 100 * cov.covered / cov.total


def off_topic(cov: Coverage | None, rubric: Rubric) -> bool:
    """The answer touched too few of the prompt's key points to be an answer to it."""
    return cov is not None and cov.total > 0 and cov.covered < rubric.coverage.off_topic_below * cov.total


def grade_fluency(h: Heard, rubric: Rubric, notes: Notes) -> float:
    pri = rubric.notes
    fl = 100.0
    for s in h.silences:
        fl -= min(20.0, 4.0 * s.duration_s)
        notes.add(pri.long_silence if s.duration_s >= 5.0 else pri.silence,
                  f"You went silent for {s.duration_s:.1f} s at {clock(s.start)}. Think out loud instead: 'I'm weighing X against Y…'.")
    if h.thinking_time > 5.0:
        fl -= min(15.0, 2.0 * (h.thinking_time - 5.0))
        notes.add(pri.thinking_time, f"You took {h.thinking_time:.0f} s before your first word; start with a clarifying question while you think.")
    f = h.fillers
    if f.per_minute > rubric.fillers.max_per_minute:
        fl -= min(25.0, 5.0 * (f.per_minute - rubric.fillers.max_per_minute))
        common = max({x.text for x in f.items}, key=lambda t: sum(x.text == t for x in f.items))
        notes.add(pri.fillers, f"{f.per_minute:.1f} fillers a minute (mostly '{common}'); pause silently instead of filling.")
    if h.spoke and h.wpm > rubric.pace.max_wpm:
        fl -= min(20.0, (h.wpm - rubric.pace.max_wpm) / 2)
        notes.add(pri.pace, f"You spoke at {h.wpm:.0f} words a minute; slow to about {rubric.pace.max_wpm - 30:.0f} so the interviewer can follow.")
    elif h.spoke and h.wpm < rubric.pace.min_wpm:
        fl -= min(20.0, (rubric.pace.min_wpm - h.wpm) / 2)
        notes.add(pri.pace, f"You spoke at {h.wpm:.0f} words a minute; aim for {rubric.pace.min_wpm:.0f}–{rubric.pace.max_wpm:.0f}.")
    return max(0.0, fl)


def subscores(h: Heard, rubric: Rubric, notes: Notes) -> dict[str, float]:
    sub: dict[str, float] = {}
    if rubric.beats:
        sub["beats"] = grade_beats(h, rubric, notes)
    if rubric.phrases:
        sub["phrases"] = grade_phrases(h, rubric, notes)
    if h.failures is not None and rubric.failure_modes is not None:
        sub["failure_modes"] = grade_failures(h.failures, rubric, notes)
    if rubric.star is not None:
        sub["star"] = grade_star(h, rubric, notes)
    if h.coverage is not None and h.coverage.total:
        sub["coverage"] = grade_coverage(h.coverage, rubric, notes)
    sub["fluency"] = grade_fluency(h, rubric, notes)
    return sub


def overall(sub: dict[str, float], h: Heard, rubric: Rubric, notes: Notes) -> float:
    """The weighted mean of the subscores; delivery earns only as much as there was content to deliver;
    an answer to another question is capped."""
    weights = {k: w for k, w in rubric.weights.model_dump().items() if w > 0 and k in sub}
    content = {k: w for k, w in weights.items() if k != "fluency"}
    eff = dict(sub)
    if content and "fluency" in eff and rubric.fluency_needs_content > 0:
        mean = sum(sub[k] * w for k, w in content.items()) / sum(content.values())
        eff["fluency"] = sub["fluency"] * min(1.0, mean / rubric.fluency_needs_content)
    total_w = sum(weights.values())
    score = sum(eff[k] * w for k, w in weights.items()) / total_w if total_w else 0.0
    if off_topic(h.coverage, rubric):
        assert h.coverage is not None
        score = min(score, float(rubric.coverage.off_topic_cap))
        notes.add(rubric.notes.off_topic, f"This did not answer the question asked: {h.coverage.covered} of its "
                                          f"{h.coverage.total} talking points were heard (for example: {h.coverage.missed[0]}).")
    return score
