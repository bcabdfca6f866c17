"""History: every session as a row, and how each beat and metric moved over time.

:func:`collect` reads the sessions folder (the only I/O here); :func:`trends`, :func:`sparkline` and
:func:`measures` are pure; :func:`render` draws the tables with rich; :meth:`History.to_json` is the
``mock history --json`` contract: ``{"sessions": [...], "trends": {...}}``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from interviewer.types import Report

if TYPE_CHECKING:
    from rich.console import Console

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


@dataclass
class History:
    rows: list[Row]
    trends: list[Trend]
    root: Path
    damaged: list = field(default_factory=list)  # interviewer.session.Damaged: named, never silently hidden

    def to_json(self) -> dict:
        out = {"sessions": [dataclasses.asdict(r) for r in self.rows],
               "trends": {t.metric: [{"id": sid, "created": created, "value": v} for sid, created, v in t.points] for t in self.trends}}
        if self.damaged:  # only when there are some: the usual answer keeps its two keys
            out["damaged"] = [{"id": d.id, "problem": d.reason} for d in self.damaged]
        return out


def collect(home: Path | None = None, round_: str | None = None) -> History:
    """Every stored session (oldest first; only ``round_``'s if given) and the trends over those that have a report."""
    from interviewer.errors import MockError
    from interviewer.session import scan_sessions, sessions_root, wav_seconds

    rows, reports = [], []
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
        from interviewer.session import session_status

        rows.append(Row(meta.id, meta.created, meta.round, meta.prompt_id, meta.prompt_text,
                        session_status(meta.status, has_audio, has_report), str(sess.audio_path) if has_audio else None,
                        duration, meta.score))
        try:
            rep = sess.report()
        except MockError:
            rep = None  # a report from an older schema, or damaged: `mock score ID` makes a new one
        if rep is not None:
            reports.append((meta.id, meta.created, rep))
    rows.sort(key=lambda r: (r.created, r.id))
    reports.sort(key=lambda x: (x[1], x[0]))
    return History(rows, trends(reports), sessions_root(home), damaged)


def render(h: History, console: "Console") -> None:
    from rich.table import Table
    from rich.text import Text

    for d in h.damaged:
        console.print(f"warning: {d.reason}", style="yellow", markup=False, highlight=False)
    if not h.rows:
        console.print("No sessions yet. Start one with `mock modeling` (or `mock demo` to see a report)." if not h.damaged
                      else "No readable sessions.")
        return
    t = Table(title="Sessions", title_justify="left")
    for col in ("id", "date", "round", "prompt", "status", "audio", "length", "score"):
        t.add_column(col, no_wrap=col in ("id", "date", "status"), overflow="fold", max_width=36 if col == "prompt" else None)
    for r in h.rows:
        prompt = r.prompt_id or ""
        if r.prompt:
            prompt = f"{prompt}: {r.prompt[:60]}{'…' if len(r.prompt) > 60 else ''}" if prompt else r.prompt[:60]
        audio = Path(r.audio).relative_to(h.root).as_posix() if r.audio and Path(r.audio).is_relative_to(h.root) else (r.audio or "—")
        t.add_row(Text(r.id), Text(r.created.replace("T", " ")[:16]), Text(r.round), Text(prompt),  # Text: meta is data, never markup
                  Text(r.status, style="green" if r.status == "complete" else "yellow"), Text(audio),
                  f"{r.duration_s:.0f} s" if r.duration_s is not None else "", str(r.score) if r.score is not None else "—")
    console.print(t)
    if h.trends:
        tt = Table(title="Trends (oldest → newest)", title_justify="left")
        for col in ("metric", "trend", "first", "last", "min", "max", "sessions"):
            tt.add_column(col, justify="left" if col in ("metric", "trend") else "right")
        for x in h.trends:
            better = x.improved()
            style = "" if better is None else ("green" if better else "red")
            n = lambda v: f"{round(v, 1):g}"  # noqa: E731
            tt.add_row(x.label, Text(sparkline(x.values), style=style or "cyan"), n(x.values[0]),
                       Text(n(x.values[-1]), style=style), n(min(x.values)), n(max(x.values)), str(len(x.points)))
        console.print(tt)
    interrupted = [r.id for r in h.rows if r.status == "interrupted" and r.score is None and r.audio]
    if interrupted:
        console.print(f"[yellow]{len(interrupted)} interrupted session(s) not scored yet[/] — `mock score {interrupted[-1]}` "
                      f"or `mock replay {interrupted[-1]}` scores what was recorded.")
    console.print(f"Sessions live in {h.root} (folders 0700, files 0600).", style="dim", markup=False, highlight=False)
