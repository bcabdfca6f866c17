"""The scoring core: a :class:`~interviewer.types.Transcript` and a rubric in, a :class:`Report` out.

Pure: no I/O, no clock, no randomness. Small functions, one per thing a senior interviewer listens
for, so each can be tested on hand-made transcripts. The listening lives in :mod:`interviewer.scoring`:

* :mod:`~interviewer.scoring.text`    — :func:`sentences` (punctuation, or a pause of 0.8 s or more)
  and :func:`find_phrase` (a phrase or paraphrase, fuzzy on normalised words, robust to ASR errors);
* :mod:`~interviewer.scoring.segment` — :func:`segment`, the order-aware segmentation by dynamic
  programming (each part may be absent, parts never come back once left, opening one costs evidence);
* :mod:`~interviewer.scoring.beats`, :mod:`~interviewer.scoring.star`, :mod:`~interviewer.scoring.claims`,
  :mod:`~interviewer.scoring.phrases`, :mod:`~interviewer.scoring.coverage` — beats (with the
  commitment point and late questions), the STAR clock in any order, failure modes with reasons,
  seniority phrases, key points; each by cues and, given an embedder, by meaning;
* :mod:`~interviewer.scoring.grade` — subscores, the overall score and the feedback.

Here: delivery (:func:`find_silences`, :func:`~interviewer.scoring.fillers.find_fillers`, :func:`pace`), and :func:`score`, which
hears everything and grades it. The sentence embedder is a port passed in (never loaded here).
"""

from __future__ import annotations

from typing import Mapping, Sequence

from interviewer.bank.rubrics import REASON_MARKERS, Rubric
from interviewer.scoring.beats import _beat_evidence, _join_continuations, find_beats  # noqa: F401
from interviewer.scoring.claims import find_failure_modes
from interviewer.scoring.coverage import find_key_points
from interviewer.scoring.fillers import find_fillers
from interviewer.scoring.focus import grade_focus, praise
from interviewer.scoring.grade import Heard, Notes, judge_pace, overall, subscores
from interviewer.scoring.meaning import ClauseMeans, Embedder
from interviewer.scoring.nearest import nearest_said
from interviewer.scoring.phrases import find_phrases
from interviewer.scoring.policy import weighted_total
from interviewer.scoring.segment import SWITCH_COST, Segment, segment  # noqa: F401
from interviewer.scoring.topic import topic_fit
from interviewer.scoring.star import find_star, has_metric, verdict  # noqa: F401
from interviewer.scoring.text import (  # noqa: F401
    CUE_THRESHOLD,
    PHRASE_THRESHOLD,
    SENTENCE_GAP_S,
    Match,
    Sentence,
    _alternatives,
    _word_tokens,
    count_cues,
    find_phrase,
    normalize,
    sentences,
)
from interviewer.types import (  # noqa: F401 - FillerHit re-exported
    FillerHit,
    Fillers,
    FocusedPart,
    PacePoint,
    PhraseResult,
    Report,
    Silence,
    Transcript,
    Word,
)


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


def clause_means(embedder: Embedder | None, sents: Sequence[Sentence]) -> Embedder | None:
    """``embedder`` for this answer: a sentence split into clauses means the mean of its clauses."""
    if embedder is None:
        return None
    parts: dict[str, list[tuple[str, int]]] = {}
    for s in sents:
        if s.context:
            parts.setdefault(s.context, []).append((s.text, len(s.words)))
    return ClauseMeans(embedder, parts) if parts else embedder


def hear(transcript: Transcript, rubric: Rubric, key_points: Sequence[str], embedder: Embedder | None,
         contrast: Sequence[str] = (), topics: Sequence[Sequence[str]] = (),
         examples: Mapping[str, Sequence[str]] | None = None) -> Heard:
    """Everything listened for in one answer. ``topics``: the asked prompt's texts, then each other prompt's of the
    round (:func:`~interviewer.scoring.topic.topic_fit`)."""
    words = list(transcript.words)
    sents = sentences(words)
    topic = topic_fit(sents, embedder, topics) if key_points else None
    embedder = clause_means(embedder, sents)
    failures = find_failure_modes(sents, rubric, embedder)
    starts = {round(s.start, 2): i for i, s in reversed(list(enumerate(sents)))}
    claimed = frozenset(i for c in (failures.explained if failures else []) if (i := starts.get(c.at)) is not None
                        and not sents[i].is_question)  # a failure asked about is no stress test
    beats, questions, late = find_beats(sents, rubric, embedder, claimed)
    reasons = rubric.failure_modes.reasons if rubric.failure_modes is not None else REASON_MARKERS
    star, star_total, order = find_star(sents, rubric, embedder)
    filler_hits = find_fillers(words, rubric.fillers.words)
    wpm, pace_points = pace(words, rubric.pace.window_s)
    minutes = max((words[-1].end - words[0].start) / 60, 1 / 60) if words else 1.0
    spans = {b.name: (b.start, b.end) for b in beats if b.present and b.start is not None and b.end is not None}
    return Heard(
        beats=beats, questions=questions, late_questions=late, phrases=find_phrases(words, rubric, sents, embedder, [b.name for b in beats if b.present], spans),
        failures=failures, coverage=nearest_said(find_key_points(sents, list(key_points), embedder, reasons, contrast, examples), sents, embedder, reasons),
        star=star, star_total=star_total, star_order=order, silences=find_silences(transcript, rubric.silence.min_gap_s),
        thinking_time=thinking_time(transcript),
        fillers=Fillers(count=len(filler_hits), per_minute=round(len(filler_hits) / minutes, 2), items=filler_hits),
        wpm=wpm, pace=pace_points, spoke=bool(words), topic=topic,
    )


STRONG = "Strong answer: every beat was there, in order, with the seniority phrases said out loud. Keep it this tight."


def score(transcript: Transcript, rubric: Rubric, *, prompt_id: str | None = None, key_points: Sequence[str] | None = None,
          embedder: Embedder | None = None, contrast: Sequence[str] | None = None, focus: FocusedPart | None = None,
          topics: Sequence[Sequence[str]] | None = None, examples: Mapping[str, Sequence[str]] | None = None) -> Report:
    """The report for one answer. ``embedder`` (a sentence-embedding port) lets the scorer hear meaning,
    not only the rubric's cues; without one, evidence comes from cues and structure alone. ``contrast``: the
    key points of neighbouring questions (a point is heard where the answer is nearer it than any of these).
    ``focus``: a focused attempt, judged on that beat or STAR part only (:mod:`interviewer.scoring.focus`)."""
    h = hear(transcript, rubric, [] if focus else list(key_points or []), embedder, list(contrast or []), list(topics or []),
             examples)
    notes = Notes()
    if focus is None:
        sub = subscores(h, rubric, notes)
        total, star_target = overall(sub, h, rubric, notes), rubric.star.total_s if rubric.star is not None else None
        feedback = notes.top(5) or [STRONG]
    else:
        h, sub = grade_focus(h, rubric, focus.part, notes)
        total, star_target = weighted_total(sub, rubric), None
        feedback = notes.top(5) or [praise(focus.part, focus.target_s, h)]
    return Report(
        rubric=rubric.name, prompt_id=prompt_id, duration_s=round(transcript.duration_s, 3), transcript=transcript.text,
        words=list(transcript.words), beats=h.beats, clarifying_questions=h.questions, late_questions=h.late_questions, phrases=h.phrases,
        failure_modes=h.failures, coverage=h.coverage, star=h.star, star_total_s=h.star_total, star_order=h.star_order,
        star_target_s=star_target, silences=h.silences, unintelligible=list(transcript.unintelligible),
        thinking_time_s=h.thinking_time, fillers=h.fillers, words_per_minute=h.wpm, pace=h.pace, pace_band=judge_pace(h, rubric),
        score=int(round(total)), subscores=sub.as_dict(1), feedback=feedback,
        truncated=transcript.truncated, focus=focus,
    )
