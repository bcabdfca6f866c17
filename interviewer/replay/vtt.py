"""WebVTT captions of a replay: the transcript line by line, each annotation as its own cue in brackets."""

from __future__ import annotations

from interviewer.clock import vtt as _vtt_time
from interviewer.replay.timeline import Event


def to_vtt(events: list[Event]) -> str:
    """WebVTT captions: the transcript line by line, and each annotation as its own cue in brackets; after
    the answer, each follow-up question, the reply's words and its credit, on the replay's one clock."""
    import webvtt

    vtt = webvtt.WebVTT()
    last = max((e.at for e in events if e.kind == "end"), default=None)
    for e in events:
        if e.kind in ("end", "word"):
            continue
        if e.kind in ("line", "reply"):
            start, end, text = e.at, max(e.end or e.at, e.at + 0.5), e.text
        elif e.end is not None and e.kind in ("silence", "followup"):
            start, end, text = e.at, e.end, f"[{e.caption}]"  # shown for as long as the silence (the question) lasts
        else:
            start, end, text = e.at, e.at + 2.0, f"[{e.caption}]"
        if last is not None and end > last and e.at <= last:  # the answer's cues end with the answer
            end = max(last, start + 0.1)
        vtt.captions.append(webvtt.Caption(_vtt_time(start), _vtt_time(end), _vtt_text(text)))
    return vtt.content


def _vtt_text(text: str) -> str:
    """Cue text as WebVTT wants it: '&', '<' and '>' as character references (so a word can open no tag and
    no '-->' can end a cue's timing line), on one line (a blank line would end the cue)."""
    return " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") or "…"
