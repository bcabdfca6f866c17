"""Times as people read them, written once: the report's and the replay's ``m:ss.s``, the recording meter's
and the feedback's whole seconds ``m:ss``, and WebVTT's ``hh:mm:ss.mmm``. Negative times read as zero."""

from __future__ import annotations


def clock(t: float | None) -> str:
    """``1:05.3``; ``—`` for no time at all."""
    if t is None:
        return "—"
    m, s = divmod(max(0.0, t), 60)
    return f"{int(m)}:{s:04.1f}"


def whole(t: float) -> str:
    """``1:05``: whole seconds, rounded (the feedback's times)."""
    m, s = divmod(int(round(max(0.0, t))), 60)
    return f"{m}:{s:02d}"


def vtt(t: float) -> str:
    """``00:01:05.300``: a WebVTT cue time."""
    h, rem = divmod(max(0.0, t), 3600)
    m, s = divmod(rem, 60)
    return f"{int(h):02d}:{int(m):02d}:{s:06.3f}"
