"""Parameter types parsed at the edge: a command receives a known round, a session or a file, never a
string to check itself. A value that does not parse is the user's error: one line (a :class:`MockError`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from interviewer.errors import MockError

if TYPE_CHECKING:
    from interviewer.sessions.store import Session

# what `mock score` takes for a session id even before looking: the shape of the ids mock makes
SESSION_ID_SHAPE = re.compile(r"\d{8}-\d{6}-[\w-]+")


def parse_round(value: str | None) -> str | None:
    """A round of the bank (modeling, sql, …), or None when none was given."""
    from interviewer.bank.prompts import ROUNDS

    if value is not None and value not in ROUNDS:
        raise MockError(f"Unknown round '{value}'.", hint=f"Rounds: {', '.join(ROUNDS)}.")
    return value


def parse_score_target(target: str) -> "Session | Path":
    """`mock score FILE|ID`: an existing path is a file; else something shaped like a session id (or naming a
    folder in sessions/) is that session (SessionNotFound when it is not there); else a file (its error later)."""
    from interviewer.sessions.store import Session, is_session_id, sessions_root

    path = Path(target)
    if not path.exists() and is_session_id(target) and (SESSION_ID_SHAPE.fullmatch(target) or (sessions_root() / target).is_dir()):
        return Session.open(target)
    return path


RoundOpt = typer.Option(None, "--round", metavar="ROUND", callback=parse_round,
                        help="Only this round's sessions and trends (modeling, behavioral, …).")
RoundArg = typer.Argument(None, metavar="[ROUND]", callback=parse_round,
                          help="modeling, sql, python, streaming, behavioral, design or questions.")
