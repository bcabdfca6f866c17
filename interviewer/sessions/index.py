"""The sessions folder as a whole: every session that reads, every damaged one named (never silently
hidden), and what each prompt was last practiced at."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from interviewer.errors import SessionDamaged, StorageError
from interviewer.sessions.store import NO_SPEECH, Session, SessionMeta, sessions_root


@dataclass(frozen=True)
class Damaged:
    """A folder in sessions/ that cannot be read as a session, and why (one line for the user)."""

    id: str
    reason: str  # the whole line: "Session X is damaged: meta.json is not valid JSON. Delete the folder …"


def scan_sessions(home: Path | None = None, *, fresh_s: float = 10.0) -> tuple[list[tuple[Session, SessionMeta]], list[Damaged]]:
    """Every session whose meta reads (with that meta), and every folder that is damaged, both in id order.

    A damaged session never stops the others from being listed. A folder without meta.json that is younger
    than ``fresh_s`` is a session being created right now and is left out of both lists.
    """
    import time

    root = sessions_root(home)
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except FileNotFoundError:
        return [], []
    except NotADirectoryError:
        raise StorageError(f"{root} is not a folder.", hint="Move it aside; mock keeps its sessions in that folder.") from None
    except OSError as e:
        raise StorageError(f"Cannot read the sessions folder {root}: {e.strerror}.", hint="Check its permissions, or set MOCK_HOME.") from None
    good, damaged = [], []
    for entry in entries:
        if entry.name.startswith(".") or not entry.is_dir(follow_symlinks=False):
            continue  # temporary files, a stray file: not sessions
        sess = Session(Path(entry.path))
        try:
            good.append((sess, sess.meta()))
        except SessionDamaged as e:
            if "meta.json is missing" in e.message:
                try:
                    if time.time() - entry.stat(follow_symlinks=False).st_mtime < fresh_s:
                        continue  # being created by another mock this very second
                except OSError:
                    pass
            damaged.append(Damaged(sess.id, str(e)))
    return good, damaged


def warn_damaged(damaged: list[Damaged], console=None) -> None:
    """One line per damaged session on stderr (or ``console``), so it is named instead of silently hidden."""
    import sys

    for d in damaged:
        if console is not None:
            console.print(f"warning: {d.reason}", style="yellow", markup=False, highlight=False)
        else:
            sys.stderr.write(f"mock: warning: {d.reason}\n")




def last_practiced(good: list[tuple[Session, SessionMeta]]) -> dict[str, tuple[str, int | None]]:
    """prompt id -> (when it was last practiced, that session's score), from :func:`scan_sessions`' good list.
    The one index behind `mock list` and the live round's choice of prompt."""
    last: dict[str, tuple[str, int | None]] = {}
    for _sess, m in good:
        if m.stopped_by == NO_SPEECH or m.focus is not None:
            continue  # an empty answer is not practice, nor is one part of a question practised on its own
        if m.prompt_id and m.created >= last.get(m.prompt_id, ("", None))[0]:
            last[m.prompt_id] = (m.created, m.score)
    return last
