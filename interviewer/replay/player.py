"""The terminal player: the recording through the speaker, each annotation printed when the audio reaches
it, and a live panel following the words, the beat and the STAR clock."""

from __future__ import annotations

import numpy as np

from interviewer.audio.playback import Playback
from interviewer.clock import clock
from interviewer.replay.timeline import _MARK, Event, Now, followup_layout, now
from interviewer.types import Report


def _style(e: Event) -> str:
    if e.alert:
        return "bold red"
    return {"beat_start": "bold cyan", "beat_end": "cyan", "phrase": "bold green", "filler": "yellow",
            "star_start": "bold magenta", "star_end": "magenta", "end": "bold"}.get(e.kind, "")


def live_view(n: Now, duration: float, score: int):
    """The live panel under the scrolling events: the line being said (spoken words bold), beat, STAR clock."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    words = n.line.split()
    line = Text()
    line.append(" ".join(words[:n.spoken]), style="bold")
    if n.spoken < len(words):
        line.append((" " if n.spoken else "") + " ".join(words[n.spoken:]), style="dim")
    status = Table.grid(padding=(0, 3))
    cells = [Text(f"{clock(n.t)} / {clock(duration)}")]
    cells.append(Text(f"beat: {n.beat}" if n.beat else "beat: —", style="bold cyan" if n.beat else "dim"))
    if n.star_clock is not None:
        part = f" {n.star_part} {n.star_elapsed:.0f}/{n.star_target:.0f} s" if n.star_part else ""
        cells.append(Text(f"STAR {n.star_clock:.0f} s{part}", style="bold red" if n.over else "bold magenta"))
    cells.append(Text(f"score {score}/100", style="bold"))
    status.add_row(*cells)
    return Panel(Group(line, status), title="replay", expand=False)


def one_track(report: Report, samples: np.ndarray, rate: int, replies: dict[int, np.ndarray]) -> np.ndarray:
    """The answer and each follow-up's reply (``replies``: index -> samples at ``rate``) on one track, laid out
    as :func:`~interviewer.replay.timeline.followup_layout` places them: the pauses are silence, and a reply
    with no recording is silence of its length, so the clock and the events stay in step."""
    slots = followup_layout(report)
    if not slots:
        return samples
    end = round(slots[-1].reply_end * rate)
    main = samples[: min(samples.size, round(report.duration_s * rate))]
    track = np.zeros(max(end, main.size), dtype=np.float32)
    track[: main.size] = main
    for s in slots:
        reply = replies.get(s.exchange.index)
        if reply is not None:
            a = round(s.reply_at * rate)
            part = reply[: max(0, min(reply.size, end - a))]
            track[a:a + part.size] = part
    return track


def play(report: Report, samples: np.ndarray, rate: int, events: list[Event], console, device=None, start_at: float = 0.0) -> None:
    """Play the recording; print each annotation and line when the audio reaches it, with a live panel
    following the words, the beat and the STAR clock (red once a part passes its budget). Ctrl-C stops; a
    speaker that will not play is ``DeviceError.speaker`` (from the Playback)."""
    from rich.live import Live
    from rich.text import Text

    first = int(start_at * rate)
    duration = len(samples) / rate
    pending = [e for e in events if e.at >= start_at and e.kind != "word"]
    player = Playback(samples[first:], rate, device)
    player.start()
    try:
        with Live(live_view(now(report, start_at), duration, report.score), console=console, refresh_per_second=10,
                  transient=True) as live:
            while True:
                finished = player.done.is_set()
                t = start_at + player.position()
                while pending and (pending[0].at <= t or finished):
                    e = pending.pop(0)
                    line = Text(f"{clock(e.at):>7}  ")
                    line.append(e.text if e.kind == "line" else f"{_MARK[e.kind]} {e.text}", style=_style(e))
                    live.console.print(line)
                live.update(live_view(now(report, min(t, duration)), duration, report.score))
                if finished:
                    break
                player.wait(0.05)
    finally:
        player.stop()  # Ctrl-C: at once
        player.close()
