"""Follow-ups: which probes to ask after an answer, and what the replies earn. Pure functions.

The interviewer asks a prompt's follow-up only when what it probes is missing from the answer: a
beat not heard, a STAR part missing (or a result without a number), a seniority phrase not said,
or thin coverage of the model answer's key points. A point made only when prompted earns half the
credit of the same point volunteered; key points of the model answer made in a reply count the same way.
"""

from __future__ import annotations

from typing import Sequence

from interviewer.bank.prompts import FollowUp, Prompt
from interviewer.bank.rubrics import Rubric
from interviewer.scoring.policy import PENALTIES as P
from interviewer.scoring.grade import COVERAGE_NOTE_START, coverage_note
from interviewer.scoring.policy import Subscores, weight_share
from interviewer.types import Coverage, FollowupExchange, Report

PROMPTED_CREDIT = P.prompted_credit  # a point made when asked is worth half the point volunteered
MAX_FOLLOWUPS = 2


def missing(report: Report, probe: str) -> bool:
    """Is what ``probe`` asks about missing from ``report``?"""
    if probe == "coverage":
        return report.coverage is not None and report.coverage.total > 0 and report.coverage.credit * 2 < report.coverage.total
    if probe.startswith("phrase:"):
        pid = probe.split(":", 1)[1]
        return any(p.id == pid and not p.found for p in report.phrases)
    for b in report.beats:
        if b.name == probe:
            return not b.present
    for s in report.star:
        if s.name == probe:
            return not s.present or (s.name == "result" and not s.has_metric)
    return False


def select(report: Report, prompt: Prompt, limit: int = MAX_FOLLOWUPS) -> list[FollowUp]:
    """The prompt's follow-ups whose probe is missing from the answer, in the prompt's order, at most ``limit``."""
    return [f for f in prompt.followups if missing(report, f.probe)][:limit]


def new_points(reply: Report, main: Report) -> list[str]:
    """Key points of the model answer the reply covered that the answer had not."""
    before = {i.point for i in (main.coverage.items if main.coverage else []) if i.covered}
    return [i.point for i in (reply.coverage.items if reply.coverage else []) if i.covered and i.point not in before]


def recovered(reply: Report, probe: str, main: Report) -> list[str]:
    """What the reply supplied: what ``probe`` asked for, then any key points newly made (empty: nothing)."""
    points = new_points(reply, main)
    if probe == "coverage":
        return points
    return _probe_items(reply, probe) + points


def _probe_items(reply: Report, probe: str) -> list[str]:
    if probe.startswith("phrase:"):
        pid = probe.split(":", 1)[1]
        return [f"said “{p.text}…”" for p in reply.phrases if p.id == pid and p.found]
    for b in reply.beats:
        if b.name == probe:
            if b.present:
                return [f"{probe} beat"]
            if probe == "stress" and reply.failure_modes and reply.failure_modes.volunteered:
                return [f"failure modes: {', '.join(reply.failure_modes.items)}"]
            if probe == "clarify" and reply.clarifying_questions:
                return ["clarifying questions"]
            return []
    for s in reply.star:
        if s.name == probe:
            if probe == "result":
                return ["a measurable result"] if s.has_metric else []
            return [f"{probe}"] if s.present else []
    return []


def credit(rubric: Rubric, main: Report, probe: str, got: list[str]) -> float:
    """Score points (0-100 scale) the reply earns: a share (``prompted_credit``) of what the same points
    volunteered are worth.

    ``got`` mixes what the probe asked for (a beat, a STAR part, a phrase) and key points of the model
    answer; each key point earns its share of the coverage weight, the probe's item its own share.
    """
    if not got:
        return 0.0
    sub = Subscores.from_dict(main.subscores)
    share = lambda name: weight_share(rubric.weights, sub, name)  # noqa: E731
    had = {i.point: i.credit or 0.0 for i in main.coverage.items} if main.coverage else {}  # a point made partly earns the rest
    points = [g for g in got if g in had]
    worth = 0.0
    if points and main.coverage and main.coverage.total:
        worth += share("coverage") * sum(1.0 - had[g] for g in points) / main.coverage.total
    if probe != "coverage" and len(points) < len(got):
        if probe.startswith("phrase:") and main.phrases:
            worth += share("phrases") / len(main.phrases)
        elif any(b.name == probe for b in main.beats):
            worth += share("beats") / len(main.beats)
        elif any(s.name == probe for s in main.star):
            worth += share("star") * P.star_parts_share / len(main.star)
    return round(100 * worth * P.prompted_credit, 1)


MAX_FEEDBACK = 5


def _probe_note_starts(rubric: Rubric, probe: str) -> tuple[str, ...]:
    """How the answer's note about ``probe`` missing begins (to replace it with what the reply supplied)."""
    if probe == "coverage":
        return (COVERAGE_NOTE_START,)
    if probe.startswith("phrase:"):
        return tuple(p.advice for p in rubric.phrases if p.id == probe.split(":", 1)[1])
    for b in rubric.beats:
        if b.name == probe:
            return (b.advice or f"The {b.name} beat was missing.",)
    return (f"Your story had no {probe}", f"Your {probe} (")


def _note_at(notes: list[str], starts: tuple[str, ...]) -> int | None:
    """Where the first note beginning with one of ``starts`` is (None: no such note, or no beginnings given)."""
    return next((i for i, f in enumerate(notes) if starts and f.startswith(starts)), None)


def _feedback(main: Report, exchanges: Sequence[FollowupExchange], rubric: Rubric | None,
              coverage: Coverage | None = None) -> list[str]:
    """At most five distinct notes: a point supplied when asked replaces the note that it was missing,
    in that note's place (or, without the rubric, comes first). The note on missed talking points no longer
    names those made when asked, whatever the question was (``coverage``: with them marked)."""
    out = list(main.feedback)
    for x in (x for x in exchanges if x.recovered):
        note = (f"When asked “{x.question}” you supplied {', '.join(x.recovered)} (+{x.credit:.1f} points, "
                f"{P.prompted_credit:.0%} of their worth) — say it unprompted next time for full credit.")
        at = _note_at(out, _probe_note_starts(rubric, x.probe) if rubric is not None else ())
        if at is None:
            out.insert(0 if rubric is None else min(len(out), MAX_FEEDBACK - 1), note)
        else:
            out[at] = note
    if coverage is not None and coverage.made_when_asked:  # still there: the points were supplied to another question
        at = _note_at(out, (COVERAGE_NOTE_START,))
        note = coverage_note(coverage)
        if at is not None:
            out[at:at + 1] = [note] if note is not None else []
    return list(dict.fromkeys(out))[:MAX_FEEDBACK]


def _made_when_asked(main: Report, exchanges: Sequence[FollowupExchange]) -> Report:
    """Key points supplied in a reply are marked ``when_asked`` (listed as made when asked, not missed)."""
    got = {g for x in exchanges for g in x.recovered}
    if main.coverage is None or not got:
        return main
    items = [i.model_copy(update={"when_asked": True}) if not i.covered and i.point in got else i for i in main.coverage.items]
    return main.model_copy(update={"coverage": main.coverage.model_copy(update={"items": items})})


def apply(main: Report, exchanges: Sequence[FollowupExchange], rubric: Rubric | None = None) -> Report:
    """The report with the exchanges recorded in order, their (reduced) credit added to the score, the
    points they supplied marked as made when asked, and at most five distinct notes."""
    if not exchanges:
        return main
    bonus = sum(x.credit for x in exchanges)
    marked = _made_when_asked(main, exchanges)
    return marked.model_copy(update={
        "followups": list(exchanges),
        "score_volunteered": main.score,
        "score": min(100, int(round(main.score + bonus))),
        "feedback": _feedback(main, exchanges, rubric, marked.coverage),
    })
