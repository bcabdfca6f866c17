"""The wording of the notes on talking points and failure modes: each points at one thing, says what was heard
of it (the quote and the time, or where in the answer it belonged) and one line to say next time.

Pure text from what was heard and the rubric's data; no credit is decided here (:mod:`.grade` adds the notes).
"""

from __future__ import annotations

from interviewer.bank.rubrics import FailureMode, FailureModeSpec
from interviewer.clock import whole as clock
from interviewer.types import BeatResult, Coverage, FailureModes, KeyPointHit

QUOTE_WORDS = 14  # a longer sentence is quoted by its first words and '…'
COVERAGE_NOTE_START = "You covered "


def quote(text: str, words: int = QUOTE_WORDS) -> str:
    """'“we keep one row per play”', its first ``words`` words and '…' when longer."""
    ws = text.strip().split()
    return "“" + " ".join(ws[:words]).rstrip(",;:.") + ("…" if len(ws) > words else "") + "”"


def as_line(text: str, stop: str = ".") -> str:
    """A key point or an example as a sentence to say: a capital first letter and a full stop (``stop``)."""
    t = text.strip().rstrip(".")
    return f"“{t[:1].upper()}{t[1:]}{stop}”"


def _belonged(items: list[KeyPointHit], k: int) -> str:
    """Where a point nothing came near belonged: after the point before it that was made, or before the next one."""
    before = next((i for i in reversed(items[:k]) if i.covered and i.at is not None and i.heard), None)
    if before is not None:
        return f"nothing you said came near it; it belonged after {quote(before.heard or '')} ({clock(before.at or 0)})"
    after = next((i for i in items[k + 1:] if i.covered and i.at is not None and i.heard), None)
    if after is not None:
        return f"nothing you said came near it; it belonged before {quote(after.heard or '')} ({clock(after.at or 0)})"
    return "nothing you said came near it"


def coverage_note(cov: Coverage) -> str | None:
    """The note on the talking points not made in full: how many, then the one it came nearest to (made in part, or
    missed: what was said on it and when, or where it belonged) and the line to say; a point made only when asked is
    not missed (None: none is)."""
    todo = [k for k, i in enumerate(cov.items) if not i.covered and not i.when_asked]
    if not todo:
        return None
    k = max(todo, key=lambda j: (cov.items[j].nearest is not None, cov.items[j].similarity))  # the nearest miss first
    item = cov.items[k]
    heard = (f"the nearest you came was {quote(item.nearest)} at {clock(item.nearest_at or 0)}" if item.nearest
             else _belonged(cov.items, k))
    asked = f" ({len(cov.made_when_asked)} more when asked)" if cov.made_when_asked else ""
    others = [j for j in todo if j != k]
    kind = "missed" if all(not cov.items[j].partly for j in others) else "not made in full"
    more = f" {len(others)} more {kind} (the talking points line lists them)." if others else ""
    return (f"{COVERAGE_NOTE_START}{cov.tally()}{asked}; {'made only in part' if item.partly else 'missed'}: {item.point} — "
            f"{heard}. Next time say it{_in_words(item)}{more}")


def _in_words(item: KeyPointHit) -> str:
    """The line to say: the point itself, or, for a point worded as what to say, the prompt's example of saying it."""
    return f" in your story's words, e.g. {as_line(item.example)}" if item.example else f": {as_line(item.point)}"


def _mode(spec: FailureModeSpec, name: str) -> FailureMode | None:
    return next((m for m in spec.modes if m.cue.split("|")[0].strip() == name), None)


def _say(mode: FailureMode | None, name: str) -> str:
    """What to say of one failure: how it happens (the rubric's first example for it) and what is done about it."""
    if mode is not None and mode.examples:
        return f"say how it happens, e.g. {as_line(mode.examples[0], '')}, and what you do about it."
    return f"say it with how it happens and what you do about it: “{name[:1].upper()}{name[1:]} happens when …, so we ….”"


def failure_note(fm: FailureModes, spec: FailureModeSpec, beat: BeatResult | None) -> str:
    """The note when too few failure modes were volunteered: one named without its mechanism (the quote and the
    time) and what to add to it, else the explained ones with their times (or where none was heard: ``beat``, the
    beat where they are volunteered) and one more to say, from the rubric's examples."""
    head = f"Volunteer at least {fm.target} {spec.label} before you are asked"
    if fm.unexplained:
        c = fm.unexplained[0]
        return (f"{head}: you named {c.name} at {clock(c.at)} ({quote(c.said)}) but not how it happens or what you do "
                f"about it. Next time {_say(_mode(spec, c.mode), c.mode)}")
    done = {c.mode for c in fm.explained}
    nxt = next((m for m in spec.modes if m.cue.split("|")[0].strip() not in done and m.examples), None)
    name = nxt.cue.split("|")[0].strip() if nxt is not None else spec.modes[0].cue.split("|")[0].strip()
    if fm.explained:
        heard = "you explained " + ", ".join(f"{c.name} ({clock(c.at)})" for c in fm.explained)
        heard += f"; {fm.target - fm.volunteered} more to go"
    else:
        where = (f" in your {beat.name} beat ({clock(beat.start or 0)}–{clock(beat.end or 0)})"
                 if beat is not None and beat.present else "")
        heard = f"none was heard{where} with how it happens and what you do about it"
    return f"{head}: {heard}. Next time add {'one more' if fm.explained else 'one'}: {_say(nxt, name)}"
