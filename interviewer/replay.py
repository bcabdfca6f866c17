"""Replay: the score laid over the recording.

:func:`timeline` is pure — a :class:`Report` in, time-ordered :class:`Event`s out (beat boundaries,
seniority phrases, silences, fillers, the STAR clock and its overruns, the transcript line by line).
The renderers draw it: :func:`render_text` (``--no-audio``, golden-tested), :func:`play` (audio
through the speaker with the events printed as they happen), :func:`to_vtt` (WebVTT captions) and
:func:`to_html` (one self-contained page).
"""

from __future__ import annotations

import base64
import html
import io
import json
import time
from dataclasses import dataclass
from typing import Literal

import numpy as np

from interviewer.score import sentences
from interviewer.types import Report

Kind = Literal["line", "word", "beat_start", "beat_end", "phrase", "silence", "filler", "star_start", "star_end", "star_overrun", "end"]

# draw order for events at the same instant: boundaries before what is said in them
_ORDER = {"beat_end": 0, "star_end": 1, "beat_start": 2, "star_start": 3, "star_overrun": 4, "silence": 5, "phrase": 6, "line": 7,
          "word": 8, "filler": 9, "end": 10}


@dataclass(frozen=True)
class Event:
    at: float
    kind: Kind
    text: str
    end: float | None = None
    alert: bool = False  # drawn in red: an overrun, a long silence
    cue: str | None = None  # the short caption for an annotation ("grain stated"); default: ``text``

    @property
    def caption(self) -> str:
        return self.cue or self.text


def clock(t: float) -> str:
    m, s = divmod(max(0.0, t), 60)
    return f"{int(m)}:{s:04.1f}"


def timeline(report: Report) -> list[Event]:
    """Every moment worth pointing at, in time order: lines and words of the transcript, beat boundaries,
    seniority phrases, silences, fillers, STAR parts and the instant each part passes its budget."""
    ev: list[Event] = []
    for s in sentences(report.words):
        ev.append(Event(s.start, "line", s.text, s.end))
    for w in report.words:
        ev.append(Event(w.start, "word", w.text.strip(), w.end))
    for b in report.beats:
        if b.present and b.start is not None and b.end is not None:
            ev.append(Event(b.start, "beat_start", f"{b.name.capitalize()} begins", b.end))
            ev.append(Event(b.end, "beat_end", f"{b.name.capitalize()} ends ({b.duration_s:.0f} s)"))
    for p in report.phrases:
        if p.found and p.at is not None:
            ev.append(Event(p.at, "phrase", f"said: “{p.text}…”", cue=f"{p.id} stated"))
    for s in report.silences:
        ev.append(Event(s.start, "silence", f"{s.duration_s:.1f} s silence", s.end, alert=True))
    for f in report.fillers.items:
        ev.append(Event(f.at, "filler", f"filler: {f.text}", cue=f"filler “{f.text}”"))
    for part in report.star:
        if not part.present or part.start is None or part.end is None:
            continue
        ev.append(Event(part.start, "star_start", f"STAR {part.name} begins (budget {part.target_s:.0f} s)", part.end,
                        cue=f"{part.name.capitalize()} begins"))
        if part.duration_s > part.target_s:
            ev.append(Event(part.start + part.target_s, "star_overrun", f"STAR {part.name} over its {part.target_s:.0f} s budget",
                            alert=True, cue=f"{part.name.capitalize()} over {part.target_s:.0f} s"))
        ev.append(Event(part.end, "star_end", f"STAR {part.name} ends ({part.duration_s:.0f} s, {part.verdict})"))
    ev.append(Event(report.duration_s, "end", f"end — score {report.score}/100"))
    return sorted(ev, key=lambda e: (round(e.at, 2), _ORDER[e.kind]))


@dataclass(frozen=True)
class Now:
    """What the replay shows at one instant: the line being spoken, the beat, and the STAR clock."""

    t: float
    line: str = ""
    spoken: int = 0  # words of ``line`` said by ``t``
    beat: str | None = None
    star_part: str | None = None
    star_elapsed: float = 0.0  # seconds into the current STAR part
    star_target: float = 0.0
    star_clock: float | None = None  # seconds since the story began (None: no STAR story, or not begun)

    @property
    def over(self) -> bool:
        """The STAR clock turns red: the current part has run past its budget."""
        return self.star_part is not None and self.star_elapsed > self.star_target


def now(report: Report, t: float) -> Now:
    """The replay state at ``t`` seconds (pure; what the live display draws)."""
    line, spoken = "", 0
    for s in sentences(report.words):
        if s.start <= t + 1e-9:
            line, spoken = s.text, sum(1 for w in s.words if w.start <= t + 1e-9)
        else:
            break
    beat = next((b.name for b in report.beats if b.present and b.start is not None and b.end is not None and b.start <= t < b.end), None)
    parts = [p for p in report.star if p.present and p.start is not None and p.end is not None]
    part = next((p for p in parts if p.start <= t < p.end), None)
    first = min((p.start for p in parts), default=None)
    story_end = max((p.end for p in parts), default=None)
    star_clock = None if first is None or t < first else min(t, story_end) - first
    if part is None:
        return Now(t, line, spoken, beat, star_clock=star_clock)
    return Now(t, line, spoken, beat, part.name, t - part.start, part.target_s, star_clock)


_MARK = {"beat_start": "▶", "beat_end": "■", "phrase": "★", "silence": "⏸", "filler": "~", "star_start": "◆",
         "star_end": "◇", "star_overrun": "⏰", "end": "●"}


def render_text(events: list[Event], *, show_fillers: bool = True) -> str:
    """The annotated timeline as plain text, one event per line (what ``--no-audio`` prints)."""
    out = []
    for e in events:
        if e.kind == "word" or (e.kind == "filler" and not show_fillers):
            continue
        if e.kind == "line":
            out.append(f"{clock(e.at):>7}    {e.text}")
        else:
            out.append(f"{clock(e.at):>7}  {_MARK[e.kind]} {e.text}")
    return "\n".join(out) + "\n"


def _style(e: Event) -> str:
    if e.alert:
        return "bold red"
    return {"beat_start": "bold cyan", "beat_end": "cyan", "phrase": "bold green", "filler": "yellow",
            "star_start": "bold magenta", "star_end": "magenta", "end": "bold"}.get(e.kind, "")


def play(samples: np.ndarray, rate: int, events: list[Event], console, device=None, start_at: float = 0.0) -> None:
    """Play the recording and print each event when the playback reaches it (Ctrl-C stops)."""
    import sounddevice as sd

    from rich.text import Text

    first = int(start_at * rate)
    sd.play(samples[first:], rate, device=device)
    t0 = time.monotonic() - start_at
    try:
        for e in [x for x in events if x.at >= start_at]:
            delay = e.at - (time.monotonic() - t0)
            if delay > 0:
                time.sleep(delay)
            line = Text(f"{clock(e.at):>7}  ")
            line.append(e.text if e.kind == "line" else f"{_MARK[e.kind]} {e.text}", style=_style(e))
            console.print(line)
        rest = len(samples) / rate - (time.monotonic() - t0)
        if rest > 0:
            time.sleep(rest)
    finally:
        sd.stop()


def _vtt_time(t: float) -> str:
    t = max(0.0, t)
    h, rem = divmod(t, 3600)
    m, s = divmod(rem, 60)
    return f"{int(h):02d}:{int(m):02d}:{s:06.3f}"


def to_vtt(events: list[Event]) -> str:
    """WebVTT captions: the transcript line by line, and each annotation as its own cue in brackets."""
    import webvtt

    vtt = webvtt.WebVTT()
    last = max((e.at for e in events if e.kind == "end"), default=None)
    for e in events:
        if e.kind in ("end", "word"):
            continue
        if e.kind == "line":
            start, end, text = e.at, max(e.end or e.at, e.at + 0.5), e.text
        elif e.kind == "silence" and e.end is not None:
            start, end, text = e.at, e.end, f"[{e.caption}]"  # shown for as long as the silence lasts
        else:
            start, end, text = e.at, e.at + 2.0, f"[{e.caption}]"
        if last is not None and end > last:
            end = max(last, start + 0.1)
        vtt.captions.append(webvtt.Caption(_vtt_time(start), _vtt_time(end), text))
    return vtt.content


def _peaks(samples: np.ndarray, n: int = 800) -> list[float]:
    if samples.size == 0:
        return [0.0] * n
    edges = np.linspace(0, samples.size, n + 1).astype(int)
    peak = max(float(np.abs(samples).max()), 1e-6)
    return [round(float(np.abs(samples[a:b]).max()) / peak if b > a else 0.0, 3) for a, b in zip(edges[:-1], edges[1:])]


def _audio_data_uri(samples: np.ndarray, rate: int) -> str:
    import soundfile as sf

    buf = io.BytesIO()
    sf.write(buf, samples, rate, format="OGG", subtype="VORBIS")
    return "data:audio/ogg;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


_BEAT_COLOURS = {"clarify": "#4e79a7", "frame": "#59a14f", "build": "#f28e2b", "stress": "#e15759",
                 "situation": "#4e79a7", "task": "#59a14f", "action": "#f28e2b", "result": "#b07aa1"}


def to_html(report: Report, samples: np.ndarray, rate: int, *, title: str) -> str:
    """One self-contained page: embedded audio, waveform with coloured bands, clickable words, feedback."""
    dur = max(report.duration_s, samples.size / rate, 1e-3)
    peaks = _peaks(samples)
    w, h = 1000, 120
    pts = " ".join(f"{i * w / len(peaks):.1f},{h / 2 - p * h / 2:.1f}" for i, p in enumerate(peaks))
    pts += " " + " ".join(f"{i * w / len(peaks):.1f},{h / 2 + p * h / 2:.1f}" for i, p in reversed(list(enumerate(peaks))))
    bands = []
    for b in [*report.beats, *report.star]:
        if b.present and b.start is not None and b.end is not None:
            bands.append(f'<rect class="band" x="{b.start / dur * w:.1f}" y="0" width="{max(1.0, (b.end - b.start) / dur * w):.1f}" '
                         f'height="{h}" fill="{_BEAT_COLOURS[b.name]}" fill-opacity="0.25"><title>{b.name} {clock(b.start)}–{clock(b.end)}</title></rect>'
                         f'<text x="{b.start / dur * w + 3:.1f}" y="14" class="lbl">{b.name}</text>')
    for s in report.silences:
        bands.append(f'<rect x="{s.start / dur * w:.1f}" y="{h - 8}" width="{(s.end - s.start) / dur * w:.1f}" height="8" fill="#d62728">'
                     f'<title>{s.duration_s:.1f} s silence</title></rect>')
    filler_at = {round(f.at, 2) for f in report.fillers.items}
    phrase_at = {round(p.at, 2) for p in report.phrases if p.found and p.at is not None}
    words = []
    for i, wd in enumerate(report.words):
        cls = ["w"]
        if round(wd.start, 2) in filler_at:
            cls.append("filler")
        if round(wd.start, 2) in phrase_at:
            cls.append("phrase")
        words.append(f'<span class="{" ".join(cls)}" id="w{i}" data-start="{wd.start:.2f}" data-end="{wd.end:.2f}">{html.escape(wd.text.strip())}</span>')
    feedback = "".join(f"<li>{html.escape(f)}</li>" for f in report.feedback)
    rows = "".join(
        f"<tr><td>{b.name}</td><td>{'yes' if b.present else 'no'}</td><td>{clock(b.start) if b.start is not None else ''}</td>"
        f"<td>{f'{b.duration_s:.0f} s' if b.present else ''}</td></tr>" for b in report.beats
    ) + "".join(
        f"<tr><td>{p.name}</td><td>{p.verdict}</td><td>{clock(p.start) if p.start is not None else ''}</td>"
        f"<td>{f'{p.duration_s:.0f} s of {p.target_s:.0f} s' if p.present else ''}</td></tr>" for p in report.star
    )
    data = json.dumps({"duration": dur})
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; media-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<style>
body {{ font: 15px/1.5 system-ui, sans-serif; max-width: 1040px; margin: 2em auto; color: #222; }}
h1 {{ font-size: 1.3em; }} .score {{ font-size: 2em; font-weight: bold; }}
#wave {{ width: 100%; height: 120px; cursor: pointer; background: #fafafa; border: 1px solid #ddd; }}
.lbl {{ font-size: 11px; fill: #333; }}
#transcript {{ line-height: 2; }} .w {{ cursor: pointer; padding: 1px 2px; border-radius: 3px; }}
.w:hover {{ background: #eee; }} .w.now {{ background: #ffe08a; }}
.filler {{ color: #b8860b; text-decoration: underline wavy; }} .phrase {{ font-weight: bold; color: #2a7a2a; }}
table {{ border-collapse: collapse; }} td {{ padding: 2px 10px; border-bottom: 1px solid #eee; }}
</style></head><body>
<h1>{html.escape(title)}</h1>
<div class="score">{report.score}/100</div>
<audio id="audio" controls preload="auto" src="{_audio_data_uri(samples, rate)}"></audio>
<svg id="wave" viewBox="0 0 {w} {h}" preserveAspectRatio="none">
<polygon points="{pts}" fill="#888"/>{''.join(bands)}
<line id="playhead" x1="0" x2="0" y1="0" y2="{h}" stroke="#000" stroke-width="2"/></svg>
<h2>Transcript</h2><p id="transcript">{' '.join(words)}</p>
<h2>Beats and STAR clock</h2><table>{rows}</table>
<h2>What to do next time</h2><ol id="feedback">{feedback}</ol>
<script>
const D = {data};
const audio = document.getElementById('audio');
const head = document.getElementById('playhead');
const words = Array.from(document.querySelectorAll('.w'));
function seek(t) {{ audio.currentTime = t; draw(); }}
words.forEach(el => el.addEventListener('click', () => seek(parseFloat(el.dataset.start))));
document.getElementById('wave').addEventListener('click', ev => {{
  const r = ev.currentTarget.getBoundingClientRect(); seek((ev.clientX - r.left) / r.width * D.duration); }});
function draw() {{
  const t = audio.currentTime; const x = t / D.duration * {w};
  head.setAttribute('x1', x); head.setAttribute('x2', x);
  words.forEach(el => el.classList.toggle('now', t >= parseFloat(el.dataset.start) && t < parseFloat(el.dataset.end)));
}}
audio.addEventListener('timeupdate', draw);
</script></body></html>
"""
