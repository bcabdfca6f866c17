"""From what was heard to the score and the feedback: one subscore per thing listened for, each with its notes.

Every number a note quotes is the number the report carries (one source: the tables, the JSON, the
HTML and the replay all read the report).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from interviewer.clock import whole as clock  # the feedback's whole seconds
from interviewer.bank.rubrics import Rubric, StarPartSpec
from interviewer.scoring.advice import COVERAGE_NOTE_START, coverage_note, failure_note  # noqa: F401 - re-exported
from interviewer.scoring.policy import PENALTIES as P
from interviewer.scoring.policy import Subscores, capped, length_cost, weighted_total
from interviewer.scoring.topic import TopicFit
from interviewer.types import (
    BeatResult,
    ClarifyingQuestion,
    Coverage,
    FailureModes,
    Fillers,
    PaceBand,
    PacePoint,
    PhraseResult,
    Silence,
    StarPart,
)


@dataclass
class Notes:
    """Feedback notes: (priority, text, topic). Lower priority comes first; one note per topic (the
    stress beat missing, its phrase not said and no failure mode volunteered are one piece of advice)."""

    items: list[tuple[int, str, str]] = field(default_factory=list)

    def add(self, priority: int, text: str, topic: str = "") -> None:
        self.items.append((priority, text, topic or text))

    def top(self, n: int = 5) -> list[str]:
        out: list[str] = []
        seen: set[str] = set()
        for _, text, topic in sorted(self.items, key=lambda pt: pt[0]):
            if topic not in seen and text not in out:
                seen.add(topic)
                out.append(text)
        return out[:n]


def heard_beats(h: Heard) -> str:
    """What was heard, for a note about what was not: 'heard: clarify 0:00–0:13, build 0:25–1:13'."""
    spans = [f"{b.name} {clock(b.start)}–{clock(b.end)}" for b in h.beats if b.present and b.start is not None and b.end is not None]
    spans += [f"{p.name} {clock(p.start)}–{clock(p.end)}" for p in h.star if p.present and p.start is not None and p.end is not None]
    return f" (heard: {', '.join(spans)})" if spans else " (nothing was heard for any part)"


def failure_beat(rubric: Rubric) -> str:
    """The beat whose cues share the most with the failure modes' (where failure modes are volunteered),
    so their notes count as one topic; '' when none does."""
    if rubric.failure_modes is None:
        return ""
    fm = {a.strip() for c in rubric.failure_modes.cues for a in (c if isinstance(c, str) else c.cue).split("|")}
    overlap = [(len(fm & {a.strip() for c in b.cues for a in c.split("|")}), b.name) for b in rubric.beats]
    best = max(overlap, default=(0, ""))
    return best[1] if best[0] else ""


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
    topic: TopicFit | None = None  # what the answer is about (None: no embedder or no prompt)


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
            notes.add(rubric.beat_priority(k), (spec.advice or f"The {b.name} beat was missing. {spec.description}") + heard_beats(h),
                      topic=f"beat:{b.name}")
            continue
        short, long = spec.min_s * P.beat_too_short_below, spec.max_s * P.beat_too_long_above if spec.max_s else None
        v = 1.0 - P.beat_length * length_cost(b.duration_s, short, long)  # in proportion, just past a line
        if b.duration_s < short:
            notes.add(pri.beat_length, f"Your {b.name} beat lasted {b.duration_s:.0f} s (from {clock(b.start or 0)}) against a {band(b)}. {spec.description}",
                      topic=f"beat:{b.name}")
        elif long is not None and b.duration_s > long:
            notes.add(pri.beat_length, f"Your {b.name} beat ran {b.duration_s:.0f} s (from {clock(b.start or 0)}) against a {band(b)}; "
                      + (f"close it and move on: {spec.move_on}" if spec.move_on else "move on sooner."),
                      topic=f"beat:{b.name}")
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
    missing = {b.name for b in h.beats if not b.present}
    spans = {b.name: b for b in h.beats if b.present}
    volunteer = failure_beat(rubric)  # a phrase of that beat and the failure-modes note give one advice: say how it breaks
    for p, spec in zip(h.phrases, rubric.phrases):
        if p.found:
            continue
        where = spans.get(spec.supports or "")
        heard = (f" (your {where.name} beat, {clock(where.start or 0)}–{clock(where.end or 0)}, never said it)" if where
                 else heard_beats(h))
        topic = (f"beat:{spec.supports}" if spec.supports in missing else f"volunteer:{volunteer}"
                 if volunteer and spec.supports == volunteer else f"phrase:{spec.id}")
        notes.add(spec.priority, spec.advice + heard, topic=topic)
    return 100 * sum(p.found for p in h.phrases) / len(h.phrases)


def grade_failures(fm: FailureModes, rubric: Rubric, notes: Notes, beats: list[BeatResult] | None = None) -> float:
    spec = rubric.failure_modes
    assert spec is not None
    if fm.volunteered < fm.target:
        beat, beats = failure_beat(rubric), beats or []
        topic = (f"beat:{beat}" if beat and any(b.name == beat and not b.present for b in beats)
                 else f"volunteer:{beat}" if beat else "failure_modes")
        # a failure named without its mechanism is quoted: that note says more than the phrase's advice on the same topic
        pri = min([rubric.notes.failure_modes] + [p.priority - 1 for p in rubric.phrases if p.supports == beat]) if fm.unexplained \
            else rubric.notes.failure_modes
        notes.add(pri, failure_note(fm, spec, next((b for b in beats if b.name == beat), None)), topic=topic)
    return 100 * min(1.0, fm.volunteered / max(1, fm.target))


def grade_part(part: StarPart, pspec: StarPartSpec, rubric: Rubric, notes: Notes) -> float:
    """The credit (0-1) of one STAR part that was told, with its notes (too long, too short, a result without a number)."""
    pri = rubric.notes
    # 'short' / 'long' (the rubric's band) pay in proportion how far past the line, in full a ramp beyond it
    tol = rubric.star.tolerance if rubric.star is not None else 0.0
    v = 1.0 - P.star_part_off_target * length_cost(part.duration_s, part.target_s * (1 - tol), part.target_s * (1 + tol))
    if part.verdict == "long":
        notes.add(pri.star_part_long, f"The {part.name} ({clock(part.start or 0)}) ran {part.duration_s:.0f} s against a "
                                      f"{part.target_s:.0f} s budget; {pspec.trim or 'cut it to the essentials.'}", topic=f"part:{part.name}")
    elif part.verdict == "short":
        notes.add(pri.star_part_short, f"The {part.name} ({clock(part.start or 0)}) took only {part.duration_s:.0f} s of its "
                                       f"{part.target_s:.0f} s. {pspec.advice}", topic=f"part:{part.name}")
    if part.name == "result" and not part.has_metric:
        v -= P.result_without_number
        notes.add(pri.result_without_number, f"Your result ({clock(part.start or 0)}) had no number. End on a measurable result: "
                                             "a percentage, a time saved, a count.", topic="part:result:number")
    return max(0.0, v)


def grade_star(h: Heard, rubric: Rubric, notes: Notes) -> float:
    spec = rubric.star
    assert spec is not None
    pri = rubric.notes
    vals = []
    for part, pspec in zip(h.star, spec.parts):
        if part.verdict == "missing":
            vals.append(0.0)
            notes.add(pri.star_part_missing, f"Your story had no {part.name}{heard_beats(h)}. {pspec.advice}", topic=f"part:{part.name}")
            continue
        vals.append(grade_part(part, pspec, rubric, notes))
    total_v = 1.0 if h.star_total is not None else 0.0  # no story told, no credit for its length
    if h.star_total is not None and h.star_total > spec.total_s * (1 + spec.tolerance / 2):
        total_v = 1.0 - P.star_total_long * length_cost(h.star_total, None, spec.total_s * (1 + spec.tolerance / 2))
        told = [p for p in h.star if p.present and p.start is not None]
        most = max(told, key=lambda p: p.duration_s - p.target_s, default=None)  # the part furthest over its budget
        where = f" (the {most.name} ran {most.duration_s:.0f} s from {clock(most.start or 0)}, against {most.target_s:.0f} s)" if most else ""
        notes.add(pri.star_total_long, f"The story took {h.star_total:.0f} s{where}; a STAR answer should land in {spec.total_s:.0f} s."
                  + (f" {spec.too_long}" if spec.too_long else ""))
    return 100 * (P.star_parts_share * sum(vals) / len(vals) + (1 - P.star_parts_share) * total_v)


def grade_coverage(cov: Coverage, topic: TopicFit | None, rubric: Rubric, notes: Notes) -> float:
    note = coverage_note(cov) if cov.covered < cov.total and not off_topic(cov, topic, rubric) else None
    if note is not None:
        notes.add(rubric.notes.coverage, note)
    return 100 * cov.credit / cov.total  # the points' credits, as the report lists them (a point made partly, in part)


def off_topic(cov: Coverage | None, topic: TopicFit | None, rubric: Rubric) -> bool:
    """The answer touched too few of the prompt's key points to be an answer to it, and (when its meaning is known)
    is about another question: an incomplete answer to this one is not called an answer to another."""
    low = cov is not None and cov.total > 0 and cov.credit < rubric.coverage.off_topic_below * cov.total
    return low and about_another(topic, rubric)


def about_another(topic: TopicFit | None, rubric: Rubric) -> bool:
    """Whether the answer's meaning may be another question's: unknown (no embedder or prompt), or nearer another."""
    spec = rubric.coverage
    return topic is None or topic.elsewhere(spec.off_topic_margin, spec.off_topic_floor)


def pace_band(rubric: Rubric) -> str:
    """The pace band as the feedback note words it: '110–185 words a minute' (the verdict: :func:`judge_pace`)."""
    return f"{rubric.pace.min_wpm:.0f}–{rubric.pace.max_wpm:.0f} words a minute"


def judge_pace(h: Heard, rubric: Rubric) -> PaceBand | None:
    """Where the answer's pace falls in the rubric's band (None when nothing was said): the one verdict the
    feedback note, the report, the replay and the history use."""
    if not h.spoke:
        return None
    verdict = "fast" if h.wpm > rubric.pace.max_wpm else "slow" if h.wpm < rubric.pace.min_wpm else "in band"
    return PaceBand(min_wpm=rubric.pace.min_wpm, max_wpm=rubric.pace.max_wpm, verdict=verdict)


def _densest(f: Fillers, window_s: float = 30.0) -> str:
    """Where the fillers crowd most: ', 6 of them in 0:30–1:00' ('' when no stretch holds more than two)."""
    ats = sorted(x.at for x in f.items)
    best = max(((sum(a <= t < a + window_s for t in ats), a) for a in ats), default=(0, 0.0))
    return f", {best[0]} of them in {clock(best[1])}–{clock(best[1] + window_s)}" if best[0] > 2 else ""


def _stretch(h: Heard, pick) -> str:
    """The fastest (``max``) or slowest (``min``) stretch of the pace line: ' (220 from 0:40 to 1:00)'."""
    if len(h.pace) < 2:
        return ""
    p = pick(h.pace, key=lambda q: q.words_per_minute)
    return f" ({p.words_per_minute:.0f} from {clock(p.start)} to {clock(p.end)})"


def grade_fluency(h: Heard, rubric: Rubric, notes: Notes) -> float:
    pri = rubric.notes
    fl = 100.0
    for s in h.silences:
        fl -= min(P.silence_max, P.silence_per_s * s.duration_s)
    if h.silences:  # one note for every silence: the advice is the same
        longest = max(s.duration_s for s in h.silences)
        when = ", ".join(f"{s.duration_s:.1f} s at {clock(s.start)}" for s in h.silences[:3])
        times = f"{len(h.silences)} times ({when}{', …' if len(h.silences) > 3 else ''})" if len(h.silences) > 1 else f"for {when}"
        notes.add(pri.long_silence if longest >= P.long_silence_s else pri.silence,
                  f"You went silent {times}. Think out loud instead: 'I'm weighing X against Y…'.", topic="silence")
    if h.thinking_time > P.thinking_free_s:
        fl -= min(P.thinking_max, P.thinking_per_s * (h.thinking_time - P.thinking_free_s))
        notes.add(pri.thinking_time, f"You took {h.thinking_time:.0f} s before your first word; start with a clarifying question while you think.")
    f = h.fillers
    if f.per_minute > rubric.fillers.max_per_minute:
        fl -= min(P.fillers_max, P.fillers_per_extra * (f.per_minute - rubric.fillers.max_per_minute))
        common = max({x.text for x in f.items}, key=lambda t: sum(x.text == t for x in f.items))
        notes.add(pri.fillers, f"{f.per_minute:.1f} fillers a minute (mostly '{common}'{_densest(f)}); pause silently instead of filling.")
    band = judge_pace(h, rubric)
    if band is not None and band.verdict == "fast":
        fl -= min(P.pace_max, P.pace_per_wpm * (h.wpm - rubric.pace.max_wpm))
        notes.add(pri.pace, f"You spoke at {h.wpm:.0f} words a minute{_stretch(h, max)}, above the {pace_band(rubric)} band; slow to about "
                            f"{rubric.pace.max_wpm - 30:.0f} so the interviewer can follow.", topic="pace")
    elif band is not None and band.verdict == "slow":
        fl -= min(P.pace_max, P.pace_per_wpm * (rubric.pace.min_wpm - h.wpm))
        notes.add(pri.pace, f"You spoke at {h.wpm:.0f} words a minute{_stretch(h, min)}, below the {pace_band(rubric)} band; say the next step "
                            "out loud as you think it.", topic="pace")
    return max(0.0, fl)


def subscores(h: Heard, rubric: Rubric, notes: Notes) -> Subscores:
    cov = h.coverage
    return Subscores(
        beats=grade_beats(h, rubric, notes) if rubric.beats else None,
        phrases=grade_phrases(h, rubric, notes) if rubric.phrases else None,
        failure_modes=grade_failures(h.failures, rubric, notes, h.beats) if h.failures is not None and rubric.failure_modes is not None else None,
        star=grade_star(h, rubric, notes) if rubric.star is not None else None,
        coverage=grade_coverage(cov, h.topic, rubric, notes) if cov is not None and cov.total else None,
        fluency=grade_fluency(h, rubric, notes),
    )


def overall(sub: Subscores, h: Heard, rubric: Rubric, notes: Notes) -> float:
    """The weighted total (:func:`~interviewer.scoring.policy.weighted_total`); an answer to another
    question is capped, and told so."""
    is_off = off_topic(h.coverage, h.topic, rubric)
    if is_off:
        assert h.coverage is not None
        notes.add(rubric.notes.off_topic, f"This did not answer the question asked: {h.coverage.tally(of='its ')} "
                                          f"were heard (for example: {(h.coverage.missed or h.coverage.partly)[0]}).")
    cov = h.coverage
    share = cov.credit / cov.total if cov is not None and cov.total and about_another(h.topic, rubric) else None
    return capped(weighted_total(sub, rubric), share, rubric)
