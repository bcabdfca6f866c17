"""A focused attempt (the practice loop's ``w``): one beat or STAR part, judged on its own.

The answer is heard with the whole rubric (so a stretch that sounds like another part is placed there, and
the note can say so), then graded on the asked part only, with a rubric derived from the rubric's data:
that beat or part alone, the phrases that support it, the failure modes when it is where they are
volunteered, and fluency. No coverage (a part does not make the whole answer's talking points), no STAR
total, no note about the other parts. Which parts exist is the rubric's data: no name is written here.
"""

from __future__ import annotations

from dataclasses import replace

from interviewer.bank.rubrics import Rubric
from interviewer.clock import whole as clock
from interviewer.errors import RubricError
from interviewer.scoring.grade import Heard, Notes, failure_beat, grade_beats, grade_failures, grade_fluency, grade_part, grade_phrases, heard_beats
from interviewer.scoring.policy import Subscores


def is_star_part(rubric: Rubric, name: str) -> bool:
    """Is ``name`` a STAR part of ``rubric`` (else one of its beats)? A name it has neither of is an error."""
    if rubric.star is not None and any(p.name == name for p in rubric.star.parts):
        return True
    if any(b.name == name for b in rubric.beats):
        return False
    raise RubricError(f"The rubric '{rubric.name}' has no beat or STAR part '{name}' to focus on.",
                      hint="Score the session with the rubric it was recorded with (omit --rubric).")


def focus_rubric(rubric: Rubric, name: str) -> Rubric:
    """The rubric of a focused attempt on ``name``: that beat or STAR part alone, the phrases that support it,
    the failure modes only where they are volunteered. A copy (a single STAR part is no whole story to validate)."""
    star = is_star_part(rubric, name)
    keep_failures = not star and failure_beat(rubric) == name
    return rubric.model_copy(update={
        "beats": [b for b in rubric.beats if b.name == name],
        "star": rubric.star.model_copy(update={"parts": [p for p in rubric.star.parts if p.name == name]}) if star and rubric.star else None,
        "phrases": [p for p in rubric.phrases if p.supports == name],
        "failure_modes": rubric.failure_modes if keep_failures else None,
    })


def focus_heard(h: Heard, focused: Rubric, name: str) -> Heard:
    """What was heard, kept to the focused part (``focused``: :func:`focus_rubric`'s rubric)."""
    ids = {p.id for p in focused.phrases}
    return replace(h, beats=[b for b in h.beats if b.name == name], star=[p for p in h.star if p.name == name],
                   phrases=[p for p in h.phrases if p.id in ids], failures=h.failures if focused.failure_modes is not None else None,
                   coverage=None, star_total=None, star_order=[n for n in h.star_order if n == name],
                   late_questions=[])  # committing early is a whole answer's matter


def _missing(h: Heard, rubric: Rubric, name: str, star: bool, notes: Notes) -> float:
    if star and rubric.star is not None:
        spec = next(p for p in rubric.star.parts if p.name == name)
        advice, priority = spec.advice, rubric.notes.star_part_missing
    else:
        k, spec_b = next((k, b) for k, b in enumerate(rubric.beats) if b.name == name)
        advice, priority = spec_b.advice or spec_b.description, rubric.beat_priority(k)
    notes.add(priority, f"You were asked for the {name} only, and no {name} was heard{heard_beats(h)}. {advice}", topic=f"part:{name}")
    return 0.0


def grade_focus(h: Heard, rubric: Rubric, name: str, notes: Notes) -> tuple[Heard, Subscores]:
    """What was heard of the part ``name`` and its subscores: the part itself, its phrases and failure modes
    (when the rubric puts them there), and fluency; the notes are about that part and the delivery only."""
    star = is_star_part(rubric, name)
    focused = focus_rubric(rubric, name)
    fh = focus_heard(h, focused, name)
    said = fh.star[0] if star else fh.beats[0]
    if not said.present:
        part = _missing(h, rubric, name, star, notes)
    elif star:
        assert focused.star is not None
        part = 100 * grade_part(fh.star[0], focused.star.parts[0], focused, notes)
    else:
        part = grade_beats(fh, focused, notes)
    return fh, Subscores(
        star=part if star else None, beats=None if star else part,
        phrases=grade_phrases(fh, focused, notes) if focused.phrases else None,
        failure_modes=grade_failures(fh.failures, focused, notes, fh.beats) if fh.failures is not None and focused.failure_modes else None,
        fluency=grade_fluency(h, rubric, notes),
    )


def praise(name: str, target_s: float, h: Heard) -> str:
    """The note when nothing is left to fix in a focused attempt: when the part was heard, and what next."""
    said = next((x for x in [*h.star, *h.beats] if x.present), None)
    when = (f" ({clock(said.start or 0)}–{clock(said.end or 0)}, {said.duration_s:.0f} s for a target of {target_s:.0f} s)"
            if said is not None else "")
    return f"The {name} was heard{when}. Now answer the whole question again and keep this part as it was."
