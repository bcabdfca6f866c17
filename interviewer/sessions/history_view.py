"""`mock history` on screen: one line per session that fits the terminal (80 columns included: cells are
cut with an ellipsis, never wrapped; the session id is never cut), then each round's trends and each
prompt's score over time: a sparkline never mixes two rounds."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from interviewer.sessions.history import History, Trend, sparkline

if TYPE_CHECKING:
    from rich.console import Console

SPARK_WIDTH = 16  # the last 16 sessions: a trend table of a round fits 80 columns


def _table(title: str, columns: list[tuple[str, dict]]) -> Table:
    t = Table(title=title, title_justify="left", box=None, pad_edge=False, padding=(0, 1), header_style="bold underline")
    for name, opts in columns:
        t.add_column(name, no_wrap=True, overflow="ellipsis", **opts)
    return t


STATUS_W, LEN_W, SCORE_W = len("interrupted"), len("999s"), len("score")


def sessions_table(h: History, width: int) -> Table:
    """id (it holds the date and the round, and is never cut), prompt id and text (cut to what is left), status,
    length, score."""
    id_w = max(len(r.id) for r in h.rows)
    prompt_w = max(8, width - id_w - STATUS_W - LEN_W - SCORE_W - 2 * 4)  # four gaps of two spaces between five columns
    t = _table("Sessions", [("id", {"width": id_w}), ("prompt", {"width": prompt_w}), ("status", {"width": STATUS_W}),
                            ("len", {"width": LEN_W, "justify": "right"}), ("score", {"width": SCORE_W, "justify": "right"})])
    for r in h.rows:
        prompt = ": ".join(x for x in (r.prompt_id, r.prompt) if x) or r.round  # cut to the width: the id first
        t.add_row(Text(r.id), Text(prompt),  # Text: meta is data, never markup
                  Text(r.status, style="green" if r.status == "complete" else "yellow"),
                  f"{r.duration_s:.0f}s" if r.duration_s is not None else "", str(r.score) if r.score is not None else "—")
    return t


def _n(v: float) -> str:
    return f"{round(v, 1):g}"


def _trend_row(t: Table, label: str, x: Trend) -> None:
    better = x.improved()
    style = "" if better is None else ("green" if better else "red")
    t.add_row(Text(label), Text(sparkline(x.values, SPARK_WIDTH), style=style or "cyan"), _n(x.values[0]),
              Text(_n(x.values[-1]), style=style), _n(min(x.values)), _n(max(x.values)), str(len(x.points)))


def trend_table(title: str, trends: list[Trend] | dict[str, Trend]) -> Table:
    t = _table(title, [("metric", {"ratio": 1}), ("trend", {"min_width": 4}), ("first", {"justify": "right"}),
                       ("last", {"justify": "right"}), ("min", {"justify": "right"}), ("max", {"justify": "right"}),
                       ("n", {"justify": "right"})])
    for label, x in (trends.items() if isinstance(trends, dict) else ((x.label, x) for x in trends)):
        _trend_row(t, label, x)
    return t


def render(h: History, console: "Console") -> None:
    for d in h.damaged:
        console.print(f"warning: {d.reason}", style="yellow", markup=False, highlight=False)
    if not h.rows:
        console.print("No sessions yet. Start one with `mock modeling` (or `mock demo` to see a report)." if not h.damaged
                      else "No readable sessions.")
        return
    console.print(sessions_table(h, console.width))
    for round_, trends in h.by_round.items():
        if trends:
            console.print()
            console.print(trend_table(f"Trends — {round_} (oldest → newest)", trends))
            if round_ in h.last:
                console.print(f"Pace of the last {round_} session: {h.last[round_].pace_text()}", markup=False, highlight=False)
    if h.by_prompt:
        console.print()
        console.print(trend_table("Score by prompt (oldest → newest)", h.by_prompt))
    if h.by_focus:
        console.print()
        console.print(trend_table("Focused practice: score by prompt and part (oldest → newest)",
                                  {f"{p} · {part}": t for p, parts in h.by_focus.items() for part, t in parts.items()}))
    interrupted = [r.id for r in h.rows if r.status == "interrupted" and r.score is None and r.audio]
    if interrupted:
        console.print(f"[yellow]{len(interrupted)} interrupted session(s) not scored yet[/] — `mock score {interrupted[-1]}` "
                      f"or `mock replay {interrupted[-1]}` scores what was recorded.")
    audio = Path(h.rows[-1].audio).name if h.rows[-1].audio else "answer.wav"
    console.print(f"Sessions live in {h.root}/<id>/ ({audio}, report.json; folders 0700, files 0600).",
                  style="dim", markup=False, highlight=False)
