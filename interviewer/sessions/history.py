"""History: every session as a row, and how each beat and metric moved over time.

:func:`collect` reads the sessions folder (the only I/O here); :func:`trends`, :func:`by_round`,
:func:`by_prompt`, :func:`sparkline` and :func:`measures` are pure; :mod:`.history_view` draws them;
:meth:`History.to_json` is the ``mock history --json`` contract: ``{"sessions": [...], "trends": {...}}``,
plus ``trends_by_round``, ``trends_by_prompt`` and ``last_pace_by_round`` when there are scored sessions, and
``trends_by_focus`` (prompt id -> part -> points) when there are focused attempts (the practice loop's ``w``),
which never enter the round's or the prompt's whole-answer trends.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from interviewer.types import Report

SPARK = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class Row:
    id: str
    created: str
    round: str
    prompt_id: str | None
    prompt: str | None
    status: str
    audio: str | None
    duration_s: float | None
    score: int | None
    focus: str | None = None  # a focused attempt: the part practised (its prompt is the bank question plus the part)


@dataclass
class Trend:
    metric: str
    label: str
    better: Literal["higher", "lower"] | None
    points: list[tuple[str, str, float]] = field(default_factory=list)  # (session id, created, value)

    @property
    def values(self) -> list[float]:
        return [v for _, _, v in self.points]

    def change(self) -> float:
        return self.values[-1] - self.values[0] if len(self.points) > 1 else 0.0

    def improved(self) -> bool | None:
        """Did the last session do better than the first? None when it is not a better/worse metric, or unchanged."""
        d = self.change()
        if self.better is None or abs(d) < 1e-9:
            return None
        return (d > 0) == (self.better == "higher")


# (key, label, which direction is better)
METRICS: list[tuple[str, str, Literal["higher", "lower"] | None]] = [
    ("score", "score (0-100)", "higher"),
    ("clarify_s", "clarify beat, seconds", None),
    ("frame_s", "frame beat, seconds", None),
    ("build_s", "build beat, seconds", None),
    ("stress_s", "stress beat, seconds", None),
    ("phrases_said", "seniority phrases said", "higher"),
    ("situation_s", "STAR situation, seconds", None),
    ("task_s", "STAR task, seconds", None),
    ("action_s", "STAR action, seconds", None),
    ("result_s", "STAR result, seconds", None),
    ("star_total_s", "STAR story, seconds", None),
    ("words_per_minute", "words per minute", None),
    ("fillers_per_minute", "fillers per minute", "lower"),
    ("long_silences", "long silences", "lower"),
    ("thinking_time_s", "thinking time, seconds", None),
]


def measures(report: Report) -> dict[str, float]:
    """The metrics of one report that are worth following over time (absent ones left out)."""
    m: dict[str, float] = {"score": float(report.score), "words_per_minute": report.words_per_minute,
                           "fillers_per_minute": report.fillers.per_minute, "long_silences": float(len(report.silences)),
                           "thinking_time_s": report.thinking_time_s}
    for b in report.beats:
        m[f"{b.name}_s"] = b.duration_s if b.present else 0.0
    if report.phrases:
        m["phrases_said"] = float(sum(p.found for p in report.phrases))
    for p in report.star:
        m[f"{p.name}_s"] = p.duration_s if p.present else 0.0
    if report.star_total_s is not None:
        m["star_total_s"] = report.star_total_s
    return m


def trends(reports: list[tuple[str, str, Report]]) -> list[Trend]:
    """One trend per metric over the sessions (id, created, report; oldest first) that have it."""
    out = []
    for key, label, better in METRICS:
        t = Trend(key, label, better, [(sid, created, round(v, 2)) for sid, created, r in reports if (v := measures(r).get(key)) is not None])
        if t.points:
            out.append(t)
    return out


def sparkline(values: list[float], width: int = 24) -> str:
    """The last ``width`` values as unicode block characters, scaled between their own min and max."""
    vals = values[-width:]
    if not vals:
        return ""
    lo, hi = min(vals), max(vals)
    if hi - lo < 1e-9:
        return SPARK[3] * len(vals)
    return "".join(SPARK[int(round((v - lo) / (hi - lo) * (len(SPARK) - 1)))] for v in vals)


def _points(t: Trend) -> list[dict]:
    return [{"id": sid, "created": created, "value": v} for sid, created, v in t.points]


@dataclass
class History:
    rows: list[Row]
    trends: list[Trend]  # over every listed session (one round's when ``--round`` is given)
    root: Path
    damaged: list = field(default_factory=list)  # interviewer.sessions.index.Damaged: named, never silently hidden
    by_round: dict[str, list[Trend]] = field(default_factory=dict)  # each round's own trends: never two rounds on one line
    by_prompt: dict[str, Trend] = field(default_factory=dict)  # prompt id -> its score over the sessions that answered it
    last: dict[str, Report] = field(default_factory=dict)  # round -> its newest report (its pace is shown as that report shows it)
    by_focus: dict[str, dict[str, Trend]] = field(default_factory=dict)  # prompt id -> part -> the focused attempts' score

    def to_json(self) -> dict:
        out = {"sessions": [dataclasses.asdict(r) for r in self.rows], "trends": {t.metric: _points(t) for t in self.trends}}
        if self.by_round:  # these keys only when there is something in them: an empty history keeps its two keys
            out["trends_by_round"] = {r: {t.metric: _points(t) for t in ts} for r, ts in self.by_round.items()}
        if self.by_prompt:
            out["trends_by_prompt"] = {p: _points(t) for p, t in self.by_prompt.items()}
        if self.last:
            out["last_pace_by_round"] = {r: {"words_per_minute": rep.words_per_minute, "pace_band": rep.pace_band and rep.pace_band.model_dump(),
                                             "text": rep.pace_text()} for r, rep in self.last.items()}
        if self.by_focus:
            out["trends_by_focus"] = {p: {part: _points(t) for part, t in parts.items()} for p, parts in self.by_focus.items()}
        if self.damaged:
            out["damaged"] = [{"id": d.id, "problem": d.reason} for d in self.damaged]
        return out


Scored = tuple[str, str, Report]  # (session id, created, its report)


def by_round(reports: list[tuple[str, Scored]]) -> dict[str, list[Trend]]:
    """Each round's trends over its own sessions (round, (id, created, report)); rounds in name order."""
    rounds = sorted({r for r, _ in reports})
    return {r: trends([x for rr, x in reports if rr == r]) for r in rounds}


def by_prompt(reports: list[tuple[str | None, Scored]]) -> dict[str, Trend]:
    """Each prompt's score over the sessions that answered it (prompt id, (id, created, report)), oldest first."""
    out: dict[str, Trend] = {}
    for pid, (sid, created, rep) in reports:
        if pid:
            out.setdefault(pid, Trend("score", f"{pid} score", "higher")).points.append((sid, created, float(rep.score)))
    return dict(sorted(out.items()))


def by_focus(reports: list[tuple[tuple[str, str], Scored]]) -> dict[str, dict[str, Trend]]:
    """Focused attempts' score over time, per question and part (((prompt id, part), (id, created, report)), oldest
    first): never part of a round's or a question's whole-answer trend."""
    out: dict[str, dict[str, Trend]] = {}
    for (pid, part), (sid, created, rep) in reports:
        t = out.setdefault(pid, {}).setdefault(part, Trend("score", f"{pid} · {part} only", "higher"))
        t.points.append((sid, created, float(rep.score)))
    return {p: dict(sorted(parts.items())) for p, parts in sorted(out.items())}


def collect(home: Path | None = None, round_: str | None = None) -> History:
    """Every stored session (oldest first; only ``round_``'s if given) and the trends over those that have a report."""
    from interviewer.errors import MockError
    from interviewer.sessions.index import scan_sessions
    from interviewer.sessions.store import session_status, sessions_root
    from interviewer.audio.wavfile import wav_seconds

    rows, reports, rounds, prompts, focused = [], [], [], [], []
    good, damaged = scan_sessions(home)
    for sess, meta in good:
        if round_ is not None and meta.round != round_:
            continue
        has_audio = sess.audio_path.is_file()
        duration = meta.duration_s
        if duration is None and has_audio:  # cut off before meta learned its length: measure the file
            secs = wav_seconds(sess.audio_path)
            duration = round(secs, 3) if secs is not None else None
        has_report = (sess.dir / "report.json").is_file()
        rows.append(Row(meta.id, meta.created, meta.round, meta.prompt_id, meta.prompt_text,
                        session_status(meta.status, has_audio, has_report, meta.stopped_by), str(sess.audio_path) if has_audio else None,
                        duration, meta.score, meta.focus.part if meta.focus else None))
        try:
            rep = sess.report()
        except MockError:
            rep = None  # a report from an older schema, or damaged: `mock score ID` makes a new one
        focus = meta.focus or (rep.focus if rep is not None else None)
        if rep is not None and focus is not None:  # one part practised: a trend of its own, never the round's
            focused.append(((focus.prompt_id, focus.part), (meta.id, meta.created, rep)))
        elif rep is not None:
            reports.append((meta.id, meta.created, rep))
            rounds.append((meta.round, reports[-1]))
            prompts.append((meta.prompt_id or rep.prompt_id, reports[-1]))
    rows.sort(key=lambda r: (r.created, r.id))
    oldest_first = lambda x: (x[1][1], x[1][0])  # noqa: E731 - (created, id) of the report
    reports.sort(key=lambda x: (x[1], x[0]))
    rounds.sort(key=oldest_first)
    return History(rows, trends(reports), sessions_root(home), damaged, by_round(rounds), by_prompt(sorted(prompts, key=oldest_first)),
                   {r: rep for r, (_, _, rep) in rounds}, by_focus(sorted(focused, key=oldest_first)))
