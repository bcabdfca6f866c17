"""Replay: the score laid over the recording.

:func:`timeline` is pure — a :class:`Report` in, time-ordered :class:`Event`s out (the transcript line by
line and word by word, beat boundaries, seniority phrases, silences, fillers, STAR parts and the
instant each overruns its budget). :func:`now` is pure too: what the live display shows at time t.
The renderers draw it: :func:`render_text` (``--no-audio``, golden-tested), :func:`play` (audio
through the speaker with the events printed as they happen), :func:`to_vtt` (WebVTT captions) and
:func:`to_html` (one self-contained page).
"""

from __future__ import annotations

import base64
import html
import io
import json
from dataclasses import dataclass
from typing import Literal

import numpy as np

from interviewer.report import star_total_text
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


class _Player:
    """Plays samples through a PortAudio output stream; :meth:`position` is the time being heard now:
    frames handed to the device, less the device's output latency (the audio clock, not the wall clock)."""

    def __init__(self, samples: np.ndarray, rate: int, device=None):
        import threading

        import sounddevice as sd

        self.samples = np.ascontiguousarray(samples, dtype=np.float32)
        self.rate, self.pos = rate, 0
        self.done = threading.Event()

        def callback(outdata, frames, time_info, status):
            chunk = self.samples[self.pos:self.pos + frames]
            outdata[: len(chunk), 0] = chunk
            outdata[len(chunk):] = 0
            self.pos += len(chunk)
            if len(chunk) < frames:
                raise sd.CallbackStop

        self.stream = sd.OutputStream(samplerate=rate, channels=1, dtype="float32", device=device, callback=callback,
                                      finished_callback=self.done.set)

    def start(self) -> None:
        self.stream.start()

    def position(self) -> float:
        if self.done.is_set():
            return self.samples.size / self.rate
        return max(0.0, self.pos / self.rate - float(self.stream.latency))

    def close(self) -> None:
        try:
            self.stream.abort() if not self.done.is_set() else None
        finally:
            self.stream.close()


def play(report: Report, samples: np.ndarray, rate: int, events: list[Event], console, device=None, start_at: float = 0.0) -> None:
    """Play the recording; print each annotation and line when the audio reaches it, with a live panel
    following the words, the beat and the STAR clock (red once a part passes its budget). Ctrl-C stops."""
    from rich.live import Live
    from rich.text import Text

    first = int(start_at * rate)
    duration = len(samples) / rate
    pending = [e for e in events if e.at >= start_at and e.kind != "word"]
    player = _Player(samples[first:], rate, device)
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
                player.done.wait(0.05)
    finally:
        player.close()


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
        vtt.captions.append(webvtt.Caption(_vtt_time(start), _vtt_time(end), _vtt_text(text)))
    return vtt.content


def _vtt_text(text: str) -> str:
    """Cue text as WebVTT wants it: '&', '<' and '>' as character references (so a word can open no tag and
    no '-->' can end a cue's timing line), on one line (a blank line would end the cue)."""
    return " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") or "…"


def _peaks(samples: np.ndarray, n: int = 1000) -> list[float]:
    """Downsampled peak envelope (0..1) of the recording: ``n`` columns for the waveform."""
    if samples.size == 0:
        return [0.0] * n
    edges = np.linspace(0, samples.size, n + 1).astype(int)
    peak = max(float(np.abs(samples).max()), 1e-6)
    return [round(float(np.abs(samples[a:b]).max()) / peak if b > a else 0.0, 3) for a, b in zip(edges[:-1], edges[1:])]


def audio_data_uri(samples: np.ndarray, rate: int) -> str:
    """The recording as an Ogg/Opus data URI (about 3 KB a second of speech; FLAC would be 5x that)."""
    import soundfile as sf

    buf = io.BytesIO()
    sf.write(buf, samples, rate, format="OGG", subtype="OPUS")
    return "data:audio/ogg;codecs=opus;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


BAND_COLOURS = {"clarify": "#4e79a7", "frame": "#59a14f", "build": "#f28e2b", "stress": "#e15759",
                "situation": "#4e79a7", "task": "#59a14f", "action": "#f28e2b", "result": "#b07aa1"}

_CSS = """
body { font: 15px/1.5 system-ui, sans-serif; max-width: 1040px; margin: 2em auto; padding: 0 1em; color: #222; }
h1 { font-size: 1.3em; margin-bottom: .2em; } h2 { font-size: 1.1em; margin-top: 1.6em; }
.prompt { color: #555; font-style: italic; }
.head { display: flex; gap: 2em; align-items: center; flex-wrap: wrap; }
.score { font-size: 2.2em; font-weight: bold; } .good { color: #2a7a2a; } .mid { color: #b8860b; } .low { color: #c0392b; }
#clock { font: bold 1.1em ui-monospace, monospace; padding: .2em .6em; border-radius: 4px; background: #f2eef7; color: #6b3fa0; }
#clock.over { background: #fde2e1; color: #c0392b; }
#beat { font: 1.1em ui-monospace, monospace; color: #2c5d8a; }
audio { width: 100%; margin: .6em 0; }
#wave { width: 100%; height: 170px; cursor: pointer; background: #fafafa; border: 1px solid #ddd; display: block; }
.lbl { font-size: 11px; fill: #222; pointer-events: none; }
.legend span { display: inline-block; margin-right: 1.2em; font-size: 13px; }
.legend i { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -1px; }
#transcript { line-height: 2.1; } .w { cursor: pointer; padding: 1px 2px; border-radius: 3px; }
.w:hover { background: #eee; } .w.now { background: #ffe08a; }
.filler { color: #b8860b; text-decoration: underline wavy; } .phrase { font-weight: bold; color: #2a7a2a; }
.gap { color: #c0392b; font-size: 12px; white-space: nowrap; cursor: pointer; }
table { border-collapse: collapse; } td, th { padding: 2px 10px; border-bottom: 1px solid #eee; text-align: left; }
.v-ok { color: #2a7a2a; } .v-short { color: #b8860b; } .v-long, .v-missing { color: #c0392b; }
"""

_JS = """
const D = JSON.parse(document.getElementById('data').textContent);
const audio = document.getElementById('audio');
const head = document.getElementById('playhead');
const clockEl = document.getElementById('clock');
const beatEl = document.getElementById('beat');
const words = Array.from(document.querySelectorAll('.w'));
function fmt(t) { const m = Math.floor(t / 60), s = t - 60 * m; return m + ':' + (s < 10 ? '0' : '') + s.toFixed(1); }
function seek(t) { audio.currentTime = t; draw(); }
document.querySelectorAll('[data-start]').forEach(el => el.addEventListener('click', () => seek(parseFloat(el.dataset.start))));
document.getElementById('wave').addEventListener('click', ev => {
  if (ev.target.closest('[data-start]')) return;
  const r = ev.currentTarget.getBoundingClientRect(); seek((ev.clientX - r.left) / r.width * D.duration); });
function draw() {
  const t = audio.currentTime; const x = t / D.duration * D.width;
  head.setAttribute('x1', x); head.setAttribute('x2', x);
  words.forEach(el => el.classList.toggle('now', t >= parseFloat(el.dataset.start) && t < parseFloat(el.dataset.end)));
  const beat = D.beats.find(b => t >= b.start && t < b.end);
  beatEl.textContent = beat ? 'beat: ' + beat.name : 'beat: —';
  if (clockEl) {
    const part = D.star.find(p => t >= p.start && t < p.end);
    if (D.star.length && t >= D.star[0].start) {
      const total = Math.min(t, D.star[D.star.length - 1].end) - D.star[0].start;
      clockEl.textContent = 'STAR ' + total.toFixed(0) + ' s' + (part ? ' · ' + part.name + ' ' + (t - part.start).toFixed(0) + '/' + part.target + ' s' : '');
      clockEl.classList.toggle('over', !!part && t - part.start > part.target);
    } else { clockEl.textContent = 'STAR clock'; clockEl.classList.remove('over'); }
  }
}
audio.addEventListener('timeupdate', draw);
audio.addEventListener('seeked', draw);
draw();
"""


def to_html(report: Report, samples: np.ndarray, rate: int, *, title: str, prompt: str | None = None) -> str:
    """One self-contained page: the recording embedded (Ogg/Opus data URI), its waveform with beat and STAR
    bands (overruns in red), silences, fillers and phrases marked, the transcript as clickable words, the
    STAR clock following the audio, the tables and the feedback. No external resource of any kind."""
    esc = html.escape
    dur = max(report.duration_s, samples.size / rate, 1e-3)
    W, H = 1000, 170
    lane_beat, lane_star, wave_top, wave_h = (0, 22), (148, 22), 24, 122
    x = lambda t: round(max(0.0, min(t, dur)) / dur * W, 1)  # noqa: E731
    peaks = _peaks(samples, W)
    mid = wave_top + wave_h / 2
    top = " ".join(f"{i},{mid - p * wave_h / 2:.1f}" for i, p in enumerate(peaks))
    bottom = " ".join(f"{i},{mid + p * wave_h / 2:.1f}" for i, p in reversed(list(enumerate(peaks))))
    svg: list[str] = [f'<polygon points="{top} {bottom}" fill="#9aa3ad"/>']

    def band(kind: str, name: str, start: float, end: float, lane: tuple[int, int], label: str, colour: str, extra: str = "") -> str:
        y, h = lane
        return (f'<g class="band {kind}" data-start="{start:.2f}"><rect class="band-{kind}" x="{x(start)}" y="{y}" width="{max(1.0, x(end) - x(start)):.1f}" '
                f'height="{h}" fill="{colour}" fill-opacity="0.85"><title>{esc(label)}</title></rect>'
                f'<rect x="{x(start)}" y="{wave_top}" width="{max(1.0, x(end) - x(start)):.1f}" height="{wave_h}" fill="{colour}" fill-opacity="0.12"/>'
                f'<text class="lbl" x="{x(start) + 3}" y="{y + 15}" fill="#fff">{esc(name)}</text>{extra}</g>')

    for b in report.beats:
        if b.present and b.start is not None and b.end is not None:
            svg.append(band("beat", b.name, b.start, b.end, lane_beat, f"{b.name} {clock(b.start)}–{clock(b.end)} ({b.duration_s:.0f} s)", BAND_COLOURS[b.name]))
    for p in report.star:
        if p.present and p.start is not None and p.end is not None:
            over = ""
            if p.duration_s > p.target_s:  # the part ran past its budget: that stretch of the lane turns red
                o = p.start + p.target_s
                over = (f'<rect class="overrun" x="{x(o)}" y="{lane_star[0]}" width="{max(1.0, x(p.end) - x(o)):.1f}" height="6" fill="#d62728">'
                        f'<title>{p.name} over its {p.target_s:.0f} s budget from {clock(o)}</title></rect>')
            svg.append(band("star", p.name, p.start, p.end, lane_star, f"STAR {p.name} {p.duration_s:.0f} s of {p.target_s:.0f} s ({p.verdict})",
                            BAND_COLOURS[p.name], over))
    for s in report.silences:
        svg.append(f'<rect class="silence" data-start="{s.start:.2f}" x="{x(s.start)}" y="{wave_top + wave_h - 10}" width="{max(1.0, x(s.end) - x(s.start)):.1f}" '
                   f'height="10" fill="#d62728"><title>{s.duration_s:.1f} s silence at {clock(s.start)}</title></rect>')
    for f in report.fillers.items:
        svg.append(f'<rect class="filler-mark" data-start="{f.at:.2f}" x="{x(f.at) - 1}" y="{wave_top}" width="3" height="12" fill="#e6a700">'
                   f'<title>filler “{esc(f.text)}” at {clock(f.at)}</title></rect>')
    for ph in report.phrases:
        if ph.found and ph.at is not None:
            svg.append(f'<path class="phrase-mark" data-start="{ph.at:.2f}" d="M{x(ph.at)},{wave_top} l-5,-0 l5,9 l5,-9 z" fill="#2a7a2a">'
                       f'<title>said “{esc(ph.text)}…” at {clock(ph.at)}</title></path>')
    svg.append(f'<line id="playhead" x1="0" x2="0" y1="0" y2="{H}" stroke="#000" stroke-width="2"/>')

    # the transcript: each word a span; fillers and seniority phrases marked; long silences shown where they fell
    filler_at = {round(f.at, 2) for f in report.fillers.items}
    phrase_words: set[int] = set()
    starts = [round(w.start, 2) for w in report.words]
    for ph in report.phrases:
        if ph.found and ph.at is not None and round(ph.at, 2) in starts:
            i = starts.index(round(ph.at, 2))
            phrase_words.update(range(i, min(len(report.words), i + len((ph.heard or ph.text).split()))))
    gaps = sorted(report.silences, key=lambda s: s.start)
    spans: list[str] = []
    for i, wd in enumerate(report.words):
        while gaps and gaps[0].start < wd.start:
            g = gaps.pop(0)
            spans.append(f'<span class="gap" data-start="{g.start:.2f}" title="silence">[{g.duration_s:.1f} s silence]</span>')
        cls = ["w"] + (["filler"] if round(wd.start, 2) in filler_at else []) + (["phrase"] if i in phrase_words else [])
        spans.append(f'<span class="{" ".join(cls)}" id="w{i}" data-start="{wd.start:.2f}" data-end="{wd.end:.2f}">{esc(wd.text.strip())}</span>')
    spans += [f'<span class="gap" data-start="{g.start:.2f}">[{g.duration_s:.1f} s silence]</span>' for g in gaps]

    beat_rows = "".join(
        f"<tr><td>{b.name}</td><td>{'yes' if b.present else 'no'}</td><td>{clock(b.start) if b.start is not None else ''}</td>"
        f"<td>{f'{b.duration_s:.0f} s' if b.present else ''}</td></tr>" for b in report.beats)
    star_rows = "".join(
        f"<tr><td>{p.name}</td><td class=\"v-{p.verdict}\">{p.verdict}</td><td>{clock(p.start) if p.start is not None else ''}</td>"
        f"<td>{f'{p.duration_s:.0f} s of {p.target_s:.0f} s' if p.present else f'target {p.target_s:.0f} s'}</td></tr>" for p in report.star)
    phrase_rows = "".join(
        f"<tr><td>“{esc(p.text)}…”</td><td>{'yes' if p.found else 'no'}</td><td>{clock(p.at) if p.found and p.at is not None else ''}</td></tr>"
        for p in report.phrases)
    tables = ""
    if beat_rows:
        tables += f"<h2>Beats</h2><table><tr><th>beat</th><th>heard</th><th>from</th><th>length</th></tr>{beat_rows}</table>"
    if star_rows:
        total = star_total_text(report)
        tables += f"<h2>STAR clock{total}</h2><table><tr><th>part</th><th>verdict</th><th>from</th><th>length</th></tr>{star_rows}</table>"
    if phrase_rows:
        tables += f"<h2>Seniority phrases</h2><table><tr><th>phrase</th><th>said</th><th>at</th></tr>{phrase_rows}</table>"
    f = report.fillers
    delivery = (f"{report.words_per_minute:.0f} words/min · fillers {f.count} ({f.per_minute:.1f}/min) · "
                f"{len(report.silences)} long silence{'s' if len(report.silences) != 1 else ''} · thinking time {report.thinking_time_s:.1f} s")
    feedback = "".join(f"<li>{esc(x)}</li>" for x in report.feedback)
    if report.followups:  # asked after the answer; their replies are in their own recordings, not on this waveform
        items = "".join(
            f"<li><b>Interviewer:</b> {esc(x.question)}<br><b>You:</b> {esc(x.answer) if x.answer else '<i>(no reply)</i>'}"
            f"{f' — supplied {esc(chr(44).join(x.recovered))} (+{x.credit:g}, half credit)' if x.recovered else ''}</li>" for x in report.followups)
        before = f"<p>Score before follow-ups: {report.score_volunteered}</p>" if report.score_volunteered is not None else ""
        tables += f"<h2>Follow-ups</h2><ol id=\"followups\">{items}</ol>{before}"
    legend = "".join(f'<span><i style="background:{BAND_COLOURS[n]}"></i>{n}</span>' for n in
                     ([b.name for b in report.beats] + [p.name for p in report.star]))
    legend += '<span><i style="background:#d62728"></i>silence / STAR overrun</span><span><i style="background:#e6a700"></i>filler</span>'
    legend += '<span><i style="background:#2a7a2a"></i>seniority phrase</span>'
    data = {"duration": round(dur, 3), "width": W,
            "beats": [{"name": b.name, "start": b.start, "end": b.end} for b in report.beats if b.present and b.start is not None and b.end is not None],
            "star": [{"name": p.name, "start": p.start, "end": p.end, "target": p.target_s} for p in report.star
                     if p.present and p.start is not None and p.end is not None]}
    data_json = json.dumps(data).replace("</", "<\\/")
    grade = "good" if report.score >= 75 else "mid" if report.score >= 50 else "low"
    clock_el = '<span id="clock">STAR clock</span>' if data["star"] else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; media-src data:; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<style>{_CSS}</style></head><body>
<h1>{esc(title)}</h1>
{f'<p class="prompt">{esc(prompt)}</p>' if prompt else ''}
<div class="head"><span class="score {grade}">{report.score}/100</span><span id="beat">beat: —</span>{clock_el}
<span>{esc(report.rubric)} · {clock(report.duration_s)}</span></div>
<audio id="audio" controls preload="auto" src="{audio_data_uri(samples, rate)}"></audio>
<svg id="wave" viewBox="0 0 {W} {H}" preserveAspectRatio="none" role="img" aria-label="waveform with beat and STAR bands">
{''.join(svg)}</svg>
<div class="legend">{legend}</div>
<h2>Transcript</h2><p id="transcript">{' '.join(spans)}</p>
<p>{delivery}</p>
{tables}
<h2>What to do next time</h2><ol id="feedback">{feedback}</ol>
<script type="application/json" id="data">{data_json}</script>
<script>{_JS}</script>
</body></html>
"""
