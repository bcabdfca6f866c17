"""History: every session as a row, and how each beat and metric moved over time. Pure functions."""

from __future__ import annotations

from dataclasses import dataclass, field

from interviewer.types import Report

SPARK = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class Row:
    id: str
    created: str
    round: str
    prompt_id: str | None
    status: str
    audio: str | None
    duration_s: float | None
    score: int | None


@dataclass
class Trend:
    metric: str
    label: str
    points: list[tuple[str, float]] = field(default_factory=list)  # (session id, value)

    @property
    def values(self) -> list[float]:
        return [v for _, v in self.points]


METRICS: list[tuple[str, str]] = [
    ("score", "score (0-100)"),
    ("clarify_s", "clarify beat, seconds"),
    ("frame_s", "frame beat, seconds"),
    ("build_s", "build beat, seconds"),
    ("stress_s", "stress beat, seconds"),
    ("phrases_said", "seniority phrases said"),
    ("star_total_s", "STAR story, seconds"),
    ("words_per_minute", "words per minute"),
    ("fillers_per_minute", "fillers per minute"),
    ("long_silences", "silences of 3 s+"),
    ("thinking_time_s", "thinking time, seconds"),
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
    if report.star_total_s is not None:
        m["star_total_s"] = report.star_total_s
    return m


def trends(reports: list[tuple[str, Report]]) -> list[Trend]:
    """One trend per metric over the sessions (oldest first) that have it."""
    out = []
    for key, label in METRICS:
        t = Trend(key, label, [(sid, round(v, 2)) for sid, r in reports if (v := measures(r).get(key)) is not None])
        if t.points:
            out.append(t)
    return out


def sparkline(values: list[float], width: int = 24) -> str:
    vals = values[-width:]
    if not vals:
        return ""
    lo, hi = min(vals), max(vals)
    if hi - lo < 1e-9:
        return SPARK[3] * len(vals)
    return "".join(SPARK[int(round((v - lo) / (hi - lo) * (len(SPARK) - 1)))] for v in vals)
