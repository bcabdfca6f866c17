"""Keep the C libraries' own stderr lines (ALSA's "underrun occurred", PortAudio's "Expression … failed") off
the interview screen.

ALSA and PortAudio print straight to file descriptor 2 from C, below Python. While a live round runs,
:func:`c_stderr_to_log` points descriptor 2 at a log file (with ``--debug``: ``$MOCK_HOME/logs/audio.log``,
private; otherwise nowhere) and gives Python's own ``sys.stderr`` a duplicate of the real terminal, so our
messages, tracebacks and the faulthandler's stack dumps still reach the screen.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import sys
from pathlib import Path


def debug_log_path() -> Path | None:
    """Where the C libraries' stderr goes with ``--debug`` (MOCK_DEBUG=1); None otherwise."""
    if os.environ.get("MOCK_DEBUG") != "1":
        return None
    from interviewer.sessions.store import mock_home

    return mock_home() / "logs" / "audio.log"


@contextlib.contextmanager
def c_stderr_to_log(path: Path | None = None):
    """Descriptor 2 -> ``path`` (appended, 0600) or /dev/null; ``sys.stderr`` -> the real stderr. Restored on exit."""
    try:
        sys.stderr.flush()
        real = os.dup(2)
    except (OSError, ValueError, AttributeError):  # no descriptor 2 (embedded, closed): nothing to hide
        yield None
        return
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    else:
        target = os.open(os.devnull, os.O_WRONLY)
    old_stderr = sys.stderr
    fault = faulthandler.is_enabled()
    terminal = os.fdopen(real, "w", buffering=1, encoding=getattr(old_stderr, "encoding", None) or "utf-8", errors="backslashreplace")
    try:
        os.dup2(target, 2)
        sys.stderr = terminal
        if fault:
            faulthandler.enable(file=terminal)  # a hung process still dumps its threads where they can be seen
        yield path
    finally:
        try:
            terminal.flush()
        except (OSError, ValueError):
            pass
        os.dup2(real, 2)
        sys.stderr = old_stderr
        if fault:
            faulthandler.enable(file=old_stderr)
        os.close(target)
        terminal.close()
