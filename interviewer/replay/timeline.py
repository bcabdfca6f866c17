"""The replay's timeline, pure: a :class:`Report` in, time-ordered :class:`Event` objects out (the transcript line
by line and word by word, beat boundaries, seniority phrases, silences, fillers, STAR parts and the instant
each overruns its budget, then each follow-up question, its reply and its credit). :func:`now` is what the
live display shows at time t; :func:`render_text` is the ``--no-audio`` timeline (golden-tested)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from interviewer.clock import clock
from interviewer.score import sentences
from interviewer.types import FollowupExchange, Report

Kind = Literal["line", "word", "beat_start", "beat_end", "phrase", "silence", "filler", "star_start", "star_end", "star_overrun", "end",
               "followup", "reply", "credit"]

# draw order for events at the same instant: boundaries before what is said in them
_ORDER = {"beat_end": 0, "star_end": 1, "beat_start": 2, "star_start": 3, "star_overrun": 4, "silence": 5, "phrase": 6, "line": 7,
          "word": 8, "filler": 9, "end": 10,
          "followup": 11, "reply": 12, "credit": 13}
GAP_S = 1.0  # the replay's pause between the answer and a follow-up question, and between the question and its reply


@dataclass(frozen=True)
class Event:
    at: float
    kind: Kind
    text: str
    end: float | None = None
    alert: bool = False  # drawn in red: an overrun, a long silence
    cue: str | None = None  # the short caption for an annotation ("grain stated"); default: ``text``

    @property
    def caption(self) -> str:
        return self.cue or self.text


def timeline(report: Report) -> list[Event]:
    """Every moment worth pointing at, in time order: lines and words of the transcript, beat boundaries,
    seniority phrases, silences, fillers, STAR parts and the instant each part passes its budget; after the
    answer's end, each follow-up question, its reply and its credit (laid out by :func:`followup_layout`)."""
    ev = _answer_events(report) + _star_events(report)
    ev.append(Event(report.duration_s, "end", f"end — score {report.score}/100, pace {report.pace_text()}"))
    ev += followup_events(report)
    return sorted(ev, key=lambda e: (round(e.at, 2), _ORDER[e.kind]))


def _answer_events(report: Report) -> list[Event]:
    ev: list[Event] = []
    for s in sentences(report.words):
        ev.append(Event(s.start, "line", s.text, s.end))
    for w in report.words:
        ev.append(Event(w.start, "word", w.text.strip(), w.end))
    for b in report.beats:
        if b.present and b.start is not None and b.end is not None:
            ev.append(Event(b.start, "beat_start", f"{b.name.capitalize()} begins", b.end))
            ev.append(Event(b.end, "beat_end", f"{b.name.capitalize()} ends ({b.duration_s:.0f} s)"))
    for p in report.phrases:
        if p.found and p.at is not None:
            ev.append(Event(p.at, "phrase", f"said: “{p.text}…”", cue=f"{p.id} stated"))
    for s in report.silences:
        ev.append(Event(s.start, "silence", f"{s.duration_s:.1f} s silence", s.end, alert=True))
    for f in report.fillers.items:
        ev.append(Event(f.at, "filler", f"filler: {f.text}", cue=f"filler “{f.text}”"))
    return ev


def _star_events(report: Report) -> list[Event]:
    ev: list[Event] = []
    for part in report.star:
        if not part.present or part.start is None or part.end is None:
            continue
        ev.append(Event(part.start, "star_start", f"STAR {part.name} begins (budget {part.target_s:.0f} s)", part.end,
                        cue=f"{part.name.capitalize()} begins"))
        if part.duration_s > part.target_s:
            ev.append(Event(part.start + part.target_s, "star_overrun", f"STAR {part.name} over its {part.target_s:.0f} s budget",
                            alert=True, cue=f"{part.name.capitalize()} over {part.target_s:.0f} s"))
        ev.append(Event(part.end, "star_end", f"STAR {part.name} ends ({part.duration_s:.0f} s, {part.verdict})"))
    return ev


@dataclass(frozen=True)
class Slot:
    """Where one follow-up sits on the replay's clock: its question, then (after :data:`GAP_S`) its reply."""

    exchange: FollowupExchange
    question_at: float
    reply_at: float
    reply_end: float


def followup_layout(report: Report) -> list[Slot]:
    """The follow-ups placed one after another after the answer (each reply lasting its own recording's
    length), so the player and the captions can run them on one clock with the answer."""
    slots, t = [], report.duration_s + GAP_S
    for x in report.followups:
        reply_at = t + GAP_S
        slots.append(Slot(x, t, reply_at, reply_at + max(x.duration_s, 0.0)))
        t = slots[-1].reply_end + GAP_S
    return slots


def credit_text(x: FollowupExchange) -> str:
    """What a follow-up earned, in words: the points made when asked and the credit, or none."""
    if x.recovered:
        from interviewer.scoring.policy import PENALTIES

        return (f"made when asked: {', '.join(x.recovered)} — +{x.credit:.1f} points ({PENALTIES.prompted_credit:.0%} of "
                "the credit of saying it unprompted)")
    if x.answer:
        return "nothing the answer lacked — no credit"
    return "no reply — no credit"


def followup_events(report: Report) -> list[Event]:
    ev: list[Event] = []
    for s in followup_layout(report):
        x = s.exchange
        ev.append(Event(s.question_at, "followup", f"Follow-up {x.index}: {x.question}", s.reply_at, cue=f"Follow-up {x.index}: {x.question}"))
        ev.append(Event(s.reply_at, "reply", x.answer or "(no reply)", s.reply_end))
        ev.append(Event(s.reply_end, "credit", credit_text(x), alert=not x.recovered))
    return ev


@dataclass(frozen=True)
class Now:
    """What the replay shows at one instant: the line being spoken, the beat, and the STAR clock."""

    t: float
    line: str = ""
    spoken: int = 0  # words of ``line`` said by ``t``
    beat: str | None = None
    star_part: str | None = None
    star_elapsed: float = 0.0  # seconds into the current STAR part
    star_target: float = 0.0
    star_clock: float | None = None  # seconds since the story began (None: no STAR story, or not begun)

    @property
    def over(self) -> bool:
        """The STAR clock turns red: the current part has run past its budget."""
        return self.star_part is not None and self.star_elapsed > self.star_target


def now(report: Report, t: float) -> Now:
    """The replay state at ``t`` seconds (pure; what the live display draws)."""
    line, spoken = "", 0
    for s in sentences(report.words):
        if s.start <= t + 1e-9:
            line, spoken = s.text, sum(1 for w in s.words if w.start <= t + 1e-9)
        else:
            break
    beat = next((b.name for b in report.beats if b.present and b.start is not None and b.end is not None and b.start <= t < b.end), None)
    parts = [p for p in report.star if p.present and p.start is not None and p.end is not None]
    part = next((p for p in parts if p.start <= t < p.end), None)
    first = min((p.start for p in parts), default=None)
    story_end = max((p.end for p in parts), default=None)
    star_clock = None if first is None or t < first else min(t, story_end) - first
    if part is None:
        return Now(t, line, spoken, beat, star_clock=star_clock)
    return Now(t, line, spoken, beat, part.name, t - part.start, part.target_s, star_clock)


_MARK = {"beat_start": "▶", "beat_end": "■", "phrase": "★", "silence": "⏸", "filler": "~", "star_start": "◆",
         "star_end": "◇", "star_overrun": "⏰", "end": "●",
         "followup": "?", "reply": "»", "credit": "+"}


def render_text(events: list[Event], *, show_fillers: bool = True) -> str:
    """The annotated timeline as plain text, one event per line (what ``--no-audio`` prints)."""
    out = []
    for e in events:
        if e.kind == "word" or (e.kind == "filler" and not show_fillers):
            continue
        if e.kind == "line":
            out.append(f"{clock(e.at):>7}    {e.text}")
        else:
            out.append(f"{clock(e.at):>7}  {_MARK[e.kind]} {e.text}")
    return "\n".join(out) + "\n"
