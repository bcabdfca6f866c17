"""Time marks of a live round, for measuring it from outside the process (``bench/run.py --outside-only``).

With ``MOCK_TRACE=FILE`` each :func:`mark` appends ``<name> <time.monotonic()>``; the monotonic clock is the
system's, so a benchmark in another process lines the marks up with what it saw (the sound it played, the
report on stdout). Without it, nothing happens.
"""

from __future__ import annotations

import os
import time


def mark(name: str, note: str = "") -> None:
    path = os.environ.get("MOCK_TRACE")
    if not path:
        return
    try:
        with open(path, "a", encoding="utf-8") as f:
            f.write(f"{name} {time.monotonic():.6f}{' ' + note if note else ''}\n")
    except OSError:
        pass
