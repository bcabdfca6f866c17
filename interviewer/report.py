"""The report, for people: a terminal rendering of :class:`~interviewer.types.Report` with rich.

The JSON form is ``Report.to_json()``; this module only draws.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from interviewer.clock import clock
from interviewer.scoring.policy import PENALTIES
from interviewer.types import Report, StarPart




HEARD_STYLES = {"yes": "green", "no": "red", "when asked": "yellow"}


def focus_text(report: Report) -> str:
    """'Focused attempt: only the task of behavioral-data-quality was scored (target 15 s).' ('' for a whole answer)."""
    f = report.focus
    return "" if f is None else f"Focused attempt: only the {f.part} of {f.prompt_id} was scored (target {f.target_s:.0f} s)."


def _score_style(score: int) -> str:
    return "bold green" if score >= 75 else "bold yellow" if score >= 50 else "bold red"


def asked(report: Report) -> set[str]:
    """The probes (a beat, a STAR part, ``phrase:<id>``) a follow-up reply supplied: made when asked, not missed."""
    return {x.probe for x in report.followups if x.recovered}


def heard_word(ok: bool, when_asked: bool) -> str:
    """'yes', 'no', or 'when asked' (supplied in a follow-up reply): the one wording of the terminal and the HTML."""
    return "when asked" if not ok and when_asked else "yes" if ok else "no"


def star_verdict(part: StarPart, got: set[str]) -> str:
    """A STAR part's verdict as shown: a missing part a follow-up reply supplied reads 'when asked'."""
    return "when asked" if part.verdict == "missing" and part.name in got else part.verdict


def _coverage_parts(report: Report) -> tuple[str, str] | None:
    """('You covered 2 of 4 talking points', '; made when asked: …; missed: ….'), None without a prompt's points."""
    cov = report.coverage
    if cov is None or not cov.total:
        return None
    asked_ = "; made when asked: " + "; ".join(cov.made_when_asked) if cov.made_when_asked else ""
    partly = "; made only in part: " + "; ".join(cov.partly) if cov.partly else ""
    missed = "; missed: " + "; ".join(cov.missed) if cov.missed else ""
    return f"You covered {cov.tally()}", f"{asked_}{partly}{missed}."


def coverage_text(report: Report) -> str | None:
    """'You covered 2 of 4 talking points; made when asked: …; missed: ….' (None without a prompt's points)."""
    parts = _coverage_parts(report)
    return "".join(parts) if parts else None


def _heard(ok: bool, when_asked: bool) -> Text:
    word = heard_word(ok, when_asked)
    return Text(word, style=HEARD_STYLES[word])


def beats_table(report: Report) -> Table | None:
    if not report.beats:
        return None
    t = Table(title="Beats", title_justify="left", expand=False)
    for col in ("beat", "heard", "from", "to", "length", "target"):
        t.add_column(col)
    got = asked(report)
    for b in report.beats:
        target = f"{b.target_s:.0f} s" if b.target_s else ""
        t.add_row(b.name, _heard(b.present, b.name in got), clock(b.start), clock(b.end), f"{b.duration_s:.0f} s" if b.present else "", target)
    return t


def star_total_text(report: Report) -> str:
    """' — 96 s of 90 s': the story's length against the rubric's total (as the report recorded it)."""
    if report.star_total_s is None:
        return ""
    of = f" of {report.star_target_s:.0f} s" if report.star_target_s is not None else ""
    return f" — {report.star_total_s:.0f} s{of}"


def star_table(report: Report) -> Table | None:
    if not report.star:
        return None
    total = star_total_text(report)
    told = report.star_order
    order = f" — told {' → '.join(told)}" if told and told != [p.name for p in report.star if p.present] else ""
    t = Table(title=f"STAR clock{total}{order}", title_justify="left")
    for col in ("part", "from", "to", "length", "target", "verdict", "metric"):
        t.add_column(col)
    colours = {"ok": "green", "short": "yellow", "long": "red", "missing": "red"}
    got = asked(report)
    for p in report.star:
        shown = star_verdict(p, got)
        verdict = Text(shown, style="yellow" if shown == "when asked" else colours[p.verdict])
        t.add_row(p.name, clock(p.start), clock(p.end), f"{p.duration_s:.0f} s" if p.present else "",
                  f"{p.target_s:.0f} s", verdict,
                  ("yes" if p.has_metric else "no") if p.name == "result" else "")
    return t


def phrases_table(report: Report) -> Table | None:
    if not report.phrases:
        return None
    t = Table(title="Seniority phrases", title_justify="left")
    for col in ("phrase", "said", "at", "heard as"):
        t.add_column(col)
    got = asked(report)
    for p in report.phrases:
        t.add_row(Text(f"“{p.text}…”"), _heard(p.found, f"phrase:{p.id}" in got), clock(p.at) if p.found else "", Text(p.heard or ""))  # Text: never markup
    return t


def delivery_lines(report: Report) -> Text:
    out = Text()
    out.append(f"Pace: {report.pace_text()}. ")
    out.append(f"Thinking time before the first word: {report.thinking_time_s:.1f} s. ")
    f = report.fillers
    out.append(f"Fillers: {f.count} ({f.per_minute:.1f}/min)")
    if f.items:
        common: dict[str, int] = {}
        for item in f.items:
            common[item.text.lower()] = common.get(item.text.lower(), 0) + 1
        out.append(" — " + ", ".join(f"{k} ×{v}" for k, v in sorted(common.items(), key=lambda kv: -kv[1])))
    out.append(".\n")
    if report.silences:
        gaps = ", ".join(f"{clock(s.start)}–{clock(s.end)} ({s.duration_s:.1f} s)" for s in report.silences)
        out.append("Long silences: ")
        out.append(gaps, style="yellow")
        out.append("\n")
    else:
        out.append("No long silences.\n")
    if report.late_questions:
        qs = "; ".join(f"{clock(q.at)} “{q.text}”" for q in report.late_questions)
        out.append("Questions asked after committing (not counted as clarifying): ", style="yellow")
        out.append(qs + "\n")
    if report.failure_modes is not None:
        fm = report.failure_modes
        style = "green" if fm.volunteered >= fm.target else "red"
        out.append(f"Failure modes volunteered: {fm.volunteered} (target {fm.target})", style=style)
        if fm.items:
            out.append(": " + ", ".join(fm.items))
        out.append("\n")
    covered = _coverage_parts(report)
    if covered is not None:
        cov = report.coverage
        style = "green" if cov.covered == cov.total else "yellow" if cov.credit * 2 >= cov.total else "red"
        out.append(covered[0], style=style)
        out.append(covered[1] + "\n")
    return out


def render(report: Report, console: Console, *, title: str | None = None) -> None:
    head = Text()
    head.append(f"Score {report.score}/100", style=_score_style(report.score))
    head.append(f"   rubric {report.rubric}   answer {clock(report.duration_s)}")
    if report.prompt_id:
        head.append(f"   prompt {report.prompt_id}")
    if report.focus is not None:
        head.append(f"\n{focus_text(report)}", style="bold")
    if report.truncated:
        head.append("\nThe recording was cut short; this scores what could be decoded.", style="yellow")
    parts: list = [head]
    for table in (beats_table(report), star_table(report), phrases_table(report)):
        if table is not None:
            parts.append(table)
    parts.append(delivery_lines(report))
    if report.followups:
        fu = Text("Follow-ups\n", style="bold")
        for x in report.followups:
            fu.append(f"{x.index}. Interviewer: {x.question}\n", style="cyan")
            if x.answer is None:
                fu.append("   (no reply given)\n", style="dim")
            else:
                fu.append(f"   You: {x.answer or '(silence)'}\n")
                if x.recovered:
                    fu.append(f"   → supplied {', '.join(x.recovered)}: +{x.credit:.1f} points "
                              f"({PENALTIES.prompted_credit:.0%} of their worth: it was prompted)\n", style="yellow")
                else:
                    fu.append("   → the reply did not supply it\n", style="red")
        if report.score_volunteered is not None:
            fu.append(f"Score before follow-ups: {report.score_volunteered}; with them: {report.score}\n", style="dim")
        parts.append(fu)
    if report.feedback:
        fb = Text("What to do next time\n", style="bold")
        for i, sentence in enumerate(report.feedback, 1):
            fb.append(f"{i}. {sentence}\n")
        parts.append(fb)
    console.print(Panel(Group(*parts), title=Text(title or "mock report"), expand=False))
