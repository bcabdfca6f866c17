"""The scoring core: a :class:`~interviewer.types.Transcript` and a rubric in, a :class:`Report` out.

Pure: no I/O, no clock, no randomness. Small functions, one per thing a senior interviewer listens
for, so each can be tested on hand-made transcripts. The listening lives in :mod:`interviewer.scoring`:

* :mod:`~interviewer.scoring.text`    — :func:`sentences` (punctuation, or a pause of 0.8 s or more)
  and :func:`find_phrase` (a phrase or paraphrase, fuzzy on normalised words, robust to ASR errors);
* :mod:`~interviewer.scoring.segment` — :func:`segment`, the order-aware segmentation by dynamic
  programming (each part may be absent, parts never come back once left, opening one costs evidence);
* :mod:`~interviewer.scoring.beats`, :mod:`~interviewer.scoring.star`, :mod:`~interviewer.scoring.claims`,
  :mod:`~interviewer.scoring.coverage` — beats, the STAR clock, failure modes, key points.

Here: the seniority phrases, delivery (:func:`find_silences`, :func:`find_fillers`, :func:`pace`),
and the score with its feedback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from interviewer.rubric import Rubric
from interviewer.scoring.beats import _beat_evidence, _join_continuations, find_beats  # noqa: F401
from interviewer.scoring.claims import find_failure_modes
from interviewer.scoring.coverage import find_key_points
from interviewer.scoring.segment import SWITCH_COST, Segment, segment  # noqa: F401
from interviewer.scoring.star import find_star, has_metric, verdict  # noqa: F401
from interviewer.scoring.text import (  # noqa: F401
    CUE_THRESHOLD,
    PHRASE_THRESHOLD,
    SENTENCE_GAP_S,
    Match,
    Sentence,
    _word_tokens,
    count_cues,
    find_phrase,
    normalize,
    sentences,
)
from interviewer.types import (
    BeatResult,
    FillerHit,
    Fillers,
    PacePoint,
    PhraseResult,
    Report,
    Silence,
    Transcript,
    Word,
)


# --- phrases ----------------------------------------------------------


def find_phrases(words: Sequence[Word], rubric: Rubric) -> list[PhraseResult]:
    toks, owner = _word_tokens(words)
    out = []
    for p in rubric.phrases:
        m = find_phrase(toks, [p.text, *p.paraphrases])
        if m is None:
            out.append(PhraseResult(id=p.id, text=p.text, found=False))
        else:
            out.append(PhraseResult(id=p.id, text=p.text, found=True, at=round(words[owner[m.first]].start, 2),
                                    heard=" ".join(toks[m.first : m.last]), similarity=round(m.similarity / 100, 3)))
    return out


# --- delivery ----------------------------------------------------------------------------------


def find_silences(transcript: Transcript, min_gap_s: float) -> list[Silence]:
    """Gaps of ``min_gap_s`` or more between words, narrowed to where the VAD also hears no speech.

    Leading silence (before the first word) is thinking time and trailing silence is the end of the
    answer; neither is reported here. Without VAD regions the word gaps are used as they are.
    """
    words = transcript.words
    out: list[Silence] = []
    speech = sorted(transcript.speech, key=lambda s: s.start)
    for a, b in zip(words, words[1:]):
        g0, g1 = a.end, b.start
        if g1 - g0 < min_gap_s * 0.5:
            continue
        if speech:
            # VAD non-speech parts of the widened gap (word edges from Whisper can be off by ~0.5 s)
            lo, hi = a.start, b.end
            cuts: list[tuple[float, float]] = []
            cursor = lo
            for sp in speech:
                if sp.end <= cursor or sp.start >= hi:
                    continue
                if sp.start > cursor:
                    cuts.append((cursor, sp.start))
                cursor = max(cursor, sp.end)
            if cursor < hi:
                cuts.append((cursor, hi))
            if not cuts:
                continue
            s0, s1 = max(cuts, key=lambda c: c[1] - c[0])
            # VAD regions are padded by 0.1 s on each side
            s0, s1 = s0 - 0.1 if s0 > lo else s0, s1 + 0.1 if s1 < hi else s1
        else:
            s0, s1 = g0, g1
        if s1 - s0 >= min_gap_s:
            out.append(Silence(start=round(s0, 2), end=round(s1, 2), duration_s=round(s1 - s0, 2)))
    return out


def thinking_time(transcript: Transcript) -> float:
    if not transcript.words:
        return 0.0
    first = transcript.words[0].start
    if transcript.speech:
        first = min(first, max(0.0, transcript.speech[0].start + 0.1))
    return round(max(0.0, first), 2)


_NOT_FILLER_LIKE = {"would", "look", "looks", "looked", "feel", "feels", "felt", "seem", "seems", "sound", "sounds", "something", "things", "just", "don't", "didn't", "i", "we", "you", "they", "more"}


def find_fillers(words: Sequence[Word], filler_words: Sequence[str]) -> list[FillerHit]:
    toks, owner = _word_tokens(words)
    targets = [normalize(f) for f in filler_words]
    hits: list[FillerHit] = []
    i = 0
    while i < len(toks):
        matched = None
        for t in targets:
            if t and toks[i : i + len(t)] == t:
                matched = t
                break
        if matched is None:
            i += 1
            continue
        if matched == ["like"] and i > 0 and toks[i - 1] in _NOT_FILLER_LIKE:
            i += 1
            continue
        if matched == ["you", "know"] and i > 0 and toks[i - 1] in {"do", "did", "if", "would", "let"}:
            i += 2
            continue
        hits.append(FillerHit(text=" ".join(matched), at=round(words[owner[i]].start, 2)))
        i += len(matched)
    return hits


def pace(words: Sequence[Word], window_s: float) -> tuple[float, list[PacePoint]]:
    if not words:
        return 0.0, []
    t0, t1 = words[0].start, words[-1].end
    speaking = max(t1 - t0, 1e-6)
    wpm = len(words) / speaking * 60
    points: list[PacePoint] = []
    start = t0
    while start < t1:
        end = min(start + window_s, t1)
        if end - start >= min(10.0, window_s / 2) or not points:
            n = sum(1 for w in words if start <= w.start < end)
            points.append(PacePoint(start=round(start, 2), end=round(end, 2), words_per_minute=round(n / max(end - start, 1e-6) * 60, 1)))
        start = end
    return round(wpm, 1), points


# --- scoring and feedback ------------------------------------------------------------------------


def _clock(t: float) -> str:
    m, s = divmod(int(round(t)), 60)
    return f"{m}:{s:02d}"


def _band(b: BeatResult) -> str:
    """The beat's target as the tables show it: 'target of 45 s (30-60 s)'."""
    if not b.max_s:
        return f"target of at least {b.target_s:.0f} s"
    return f"target of {b.target_s:.0f} s ({b.min_s:.0f}–{b.max_s:.0f} s)"


@dataclass
class _Notes:
    items: list[tuple[int, str]] = field(default_factory=list)

    def add(self, priority: int, text: str) -> None:
        self.items.append((priority, text))

    def top(self, n: int = 5) -> list[str]:
        return [t for _, t in sorted(self.items, key=lambda pt: pt[0])[:n]]


def score(transcript: Transcript, rubric: Rubric, *, prompt_id: str | None = None, key_points: Sequence[str] | None = None) -> Report:
    words = list(transcript.words)
    sents = sentences(words)
    beats, questions = find_beats(sents, rubric)
    phrases = find_phrases(words, rubric)
    failures = find_failure_modes(words, rubric)
    coverage = find_key_points(sents, list(key_points or []))
    star, star_total = find_star(sents, rubric)
    silences = find_silences(transcript, rubric.silence.min_gap_s)
    think = thinking_time(transcript)
    filler_hits = find_fillers(words, rubric.fillers.words)
    wpm, pace_points = pace(words, rubric.pace.window_s)
    minutes = max((words[-1].end - words[0].start) / 60, 1 / 60) if words else 1.0
    fillers = Fillers(count=len(filler_hits), per_minute=round(len(filler_hits) / minutes, 2), items=filler_hits)

    notes = _Notes()
    pri = rubric.notes
    sub: dict[str, float] = {}

    if rubric.beats:
        vals = []
        for k, (b, spec) in enumerate(zip(beats, rubric.beats)):
            if not b.present:
                vals.append(0.0)
                advice = spec.advice or f"The {b.name} beat was missing. {spec.description}"
                notes.add(rubric.beat_priority(k), advice)
                continue
            v = 1.0
            if b.duration_s < spec.min_s * 0.5:
                v -= 0.25
                notes.add(pri.beat_length, f"Your {b.name} beat lasted {b.duration_s:.0f} s against a {_band(b)}. {spec.description}")
            elif spec.max_s and b.duration_s > spec.max_s * 1.5:
                v -= 0.25
                notes.add(pri.beat_length, f"Your {b.name} beat ran {b.duration_s:.0f} s against a {_band(b)}; move on sooner.")
            vals.append(v)
        if any(b.name == "clarify" and b.present for b in beats) and len(questions) == 1:
            notes.add(pri.one_question, f"You asked one clarifying question ('{questions[0].text}'); ask two or three before committing.")
        sub["beats"] = 100 * sum(vals) / len(vals)

    if rubric.phrases:
        for p, spec in zip(phrases, rubric.phrases):
            if not p.found:
                notes.add(spec.priority, spec.advice)
        sub["phrases"] = 100 * sum(p.found for p in phrases) / len(phrases)

    if failures is not None and rubric.failure_modes is not None:
        target = max(1, failures.target)
        sub["failure_modes"] = 100 * min(1.0, failures.volunteered / target)
        if failures.volunteered < failures.target:
            heard = f" (you named {', '.join(failures.items)})" if failures.items else ""
            examples = ", ".join(c.split("|")[0] for c in rubric.failure_modes.cues[:5])
            notes.add(pri.failure_modes, f"Volunteer at least {failures.target} {rubric.failure_modes.label} before you are asked{heard}: {examples}.")

    if rubric.star is not None:
        vals = []
        for part, spec in zip(star, rubric.star.parts):
            if part.verdict == "missing":
                vals.append(0.0)
                notes.add(pri.star_part_missing, f"Your story had no {part.name}. {spec.advice}")
                continue
            v = 1.0 if part.verdict == "ok" else 0.6
            if part.verdict == "long":
                notes.add(pri.star_part_long, f"The {part.name} ran {part.duration_s:.0f} s against a {part.target_s:.0f} s budget; cut it to the essentials.")
            elif part.verdict == "short":
                notes.add(pri.star_part_short, f"The {part.name} took only {part.duration_s:.0f} s of its {part.target_s:.0f} s. {spec.advice}")
            if part.name == "result" and not part.has_metric:
                v -= 0.4
                notes.add(pri.result_without_number, "Your result had no number. End on a measurable result: a percentage, a time saved, a count.")
            vals.append(max(0.0, v))
        total_v = 1.0
        if star_total is not None and star_total > rubric.star.total_s * (1 + rubric.star.tolerance / 2):
            total_v = 0.6
            notes.add(pri.star_total_long, f"The story took {star_total:.0f} s; a STAR answer should land in {rubric.star.total_s:.0f} s.")
        sub["star"] = 100 * (0.8 * sum(vals) / len(vals) + 0.2 * total_v)

    if coverage is not None and coverage.total:
        sub["coverage"] = 100 * coverage.covered / coverage.total
        if coverage.covered < coverage.total:
            missed = "; ".join(coverage.missed[:3])
            notes.add(pri.coverage, f"You covered {coverage.covered} of {coverage.total} talking points; missed: {missed}.")

    fl = 100.0
    for s in silences:
        fl -= min(20.0, 4.0 * s.duration_s)
        notes.add(pri.long_silence if s.duration_s >= 5.0 else pri.silence, f"You went silent for {s.duration_s:.1f} s at {_clock(s.start)}. Think out loud instead: 'I'm weighing X against Y…'.")
    if think > 5.0:
        fl -= min(15.0, 2.0 * (think - 5.0))
        notes.add(pri.thinking_time, f"You took {think:.0f} s before your first word; start with a clarifying question while you think.")
    if fillers.per_minute > rubric.fillers.max_per_minute:
        fl -= min(25.0, 5.0 * (fillers.per_minute - rubric.fillers.max_per_minute))
        common = max({f.text for f in filler_hits}, key=lambda t: sum(f.text == t for f in filler_hits))
        notes.add(pri.fillers, f"{fillers.per_minute:.1f} fillers a minute (mostly '{common}'); pause silently instead of filling.")
    if words and wpm > rubric.pace.max_wpm:
        fl -= min(20.0, (wpm - rubric.pace.max_wpm) / 2)
        notes.add(pri.pace, f"You spoke at {wpm:.0f} words a minute; slow to about {rubric.pace.max_wpm - 30:.0f} so the interviewer can follow.")
    elif words and wpm < rubric.pace.min_wpm:
        fl -= min(20.0, (rubric.pace.min_wpm - wpm) / 2)
        notes.add(pri.pace, f"You spoke at {wpm:.0f} words a minute; aim for {rubric.pace.min_wpm:.0f}–{rubric.pace.max_wpm:.0f}.")
    sub["fluency"] = max(0.0, fl)

    weights = rubric.weights.model_dump()
    used = {k: w for k, w in weights.items() if w > 0 and k in sub}
    total_w = sum(used.values())
    overall = sum(sub[k] * w for k, w in used.items()) / total_w if total_w else 0.0
    feedback = notes.top(5)
    if not feedback:
        feedback = ["Strong answer: every beat was there, in order, with the seniority phrases said out loud. Keep it this tight."]

    return Report(
        rubric=rubric.name, prompt_id=prompt_id, duration_s=round(transcript.duration_s, 3), transcript=transcript.text,
        words=words, beats=beats, clarifying_questions=questions, phrases=phrases, failure_modes=failures,
        coverage=coverage, star=star, star_total_s=star_total,
        star_target_s=rubric.star.total_s if rubric.star is not None else None, silences=silences, thinking_time_s=think,
        fillers=fillers, words_per_minute=wpm, pace=pace_points, score=int(round(overall)),
        subscores={k: round(v, 1) for k, v in sub.items()}, feedback=feedback, truncated=transcript.truncated,
    )
