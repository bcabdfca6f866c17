"""The replay as one self-contained page, rendered from the packaged template ``page.html``.

The recording is embedded (Ogg/Opus data URI) under its waveform with beat and STAR bands (overruns in
red), silences, fillers and phrases marked; the transcript as clickable words; the STAR clock following
the audio; the tables; each follow-up question with its reply's audio, what it said and its credit; the
feedback. No external resource of any kind (the page's Content-Security-Policy forbids them).
"""

from __future__ import annotations

import base64
import html
import io
import json
from importlib.resources import files
from string import Template

import numpy as np

from interviewer.clock import clock
from interviewer.replay.timeline import credit_text
from interviewer.report import asked, coverage_text, focus_text, heard_word, star_total_text, star_verdict
from interviewer.types import Report

esc = html.escape
W, H = 1000, 170  # the waveform's viewBox
LANE_BEAT, LANE_STAR, WAVE_TOP, WAVE_H = (0, 22), (148, 22), 24, 122
BAND_COLOURS = {"clarify": "#4e79a7", "frame": "#59a14f", "build": "#f28e2b", "stress": "#e15759",
                "situation": "#4e79a7", "task": "#59a14f", "action": "#f28e2b", "result": "#b07aa1"}


def template() -> Template:
    """The page template shipped in the package (``interviewer/replay/page.html``)."""
    return Template(files("interviewer.replay").joinpath("page.html").read_text(encoding="utf-8"))


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


class _Scale:
    def __init__(self, dur: float):
        self.dur = dur

    def __call__(self, t: float) -> float:
        return round(max(0.0, min(t, self.dur)) / self.dur * W, 1)

    def width(self, a: float, b: float) -> str:
        return f"{max(1.0, self(b) - self(a)):.1f}"


def _band(x: _Scale, kind: str, name: str, span: tuple[float, float], lane: tuple[int, int], label: str, extra: str = "") -> str:
    (start, end), (y, h), colour = span, lane, BAND_COLOURS[name]
    return (f'<g class="band {kind}" data-start="{start:.2f}"><rect class="band-{kind}" x="{x(start)}" y="{y}" width="{x.width(start, end)}" '
            f'height="{h}" fill="{colour}" fill-opacity="0.85"><title>{esc(label)}</title></rect>'
            f'<rect x="{x(start)}" y="{WAVE_TOP}" width="{x.width(start, end)}" height="{WAVE_H}" fill="{colour}" fill-opacity="0.12"/>'
            f'<text class="lbl" x="{x(start) + 3}" y="{y + 15}" fill="#fff">{esc(name)}</text>{extra}</g>')


def _bands(report: Report, x: _Scale) -> list[str]:
    out = [_band(x, "beat", b.name, (b.start, b.end), LANE_BEAT, f"{b.name} {clock(b.start)}–{clock(b.end)} ({b.duration_s:.0f} s)")
           for b in report.beats if b.present and b.start is not None and b.end is not None]
    for p in report.star:
        if p.present and p.start is not None and p.end is not None:
            over = ""
            if p.duration_s > p.target_s:  # the part ran past its budget: that stretch of the lane turns red
                o = p.start + p.target_s
                over = (f'<rect class="overrun" x="{x(o)}" y="{LANE_STAR[0]}" width="{x.width(o, p.end)}" height="6" fill="#d62728">'
                        f'<title>{p.name} over its {p.target_s:.0f} s budget from {clock(o)}</title></rect>')
            out.append(_band(x, "star", p.name, (p.start, p.end), LANE_STAR,
                             f"STAR {p.name} {p.duration_s:.0f} s of {p.target_s:.0f} s ({p.verdict})", over))
    return out


def _svg(report: Report, samples: np.ndarray, x: _Scale) -> str:
    peaks, mid = _peaks(samples, W), WAVE_TOP + WAVE_H / 2
    top = " ".join(f"{i},{mid - p * WAVE_H / 2:.1f}" for i, p in enumerate(peaks))
    bottom = " ".join(f"{i},{mid + p * WAVE_H / 2:.1f}" for i, p in reversed(list(enumerate(peaks))))
    svg = [f'<polygon points="{top} {bottom}" fill="#9aa3ad"/>'] + _bands(report, x)
    for s in report.silences:
        svg.append(f'<rect class="silence" data-start="{s.start:.2f}" x="{x(s.start)}" y="{WAVE_TOP + WAVE_H - 10}" width="{x.width(s.start, s.end)}" '
                   f'height="10" fill="#d62728"><title>{s.duration_s:.1f} s silence at {clock(s.start)}</title></rect>')
    for f in report.fillers.items:
        svg.append(f'<rect class="filler-mark" data-start="{f.at:.2f}" x="{x(f.at) - 1}" y="{WAVE_TOP}" width="3" height="12" fill="#e6a700">'
                   f'<title>filler “{esc(f.text)}” at {clock(f.at)}</title></rect>')
    for ph in report.phrases:
        if ph.found and ph.at is not None:
            svg.append(f'<path class="phrase-mark" data-start="{ph.at:.2f}" d="M{x(ph.at)},{WAVE_TOP} l-5,-0 l5,9 l5,-9 z" fill="#2a7a2a">'
                       f'<title>said “{esc(ph.text)}…” at {clock(ph.at)}</title></path>')
    svg.append(f'<line id="playhead" x1="0" x2="0" y1="0" y2="{H}" stroke="#000" stroke-width="2"/>')
    return "".join(svg)


def _transcript(report: Report) -> str:
    """Each word a span; fillers and seniority phrases marked; long silences shown where they fell."""
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
    return " ".join(spans)


def _table(title: str, head: tuple[str, ...], rows: list[str]) -> str:
    if not rows:
        return ""
    return f"<h2>{title}</h2><table><tr>{''.join(f'<th>{h}</th>' for h in head)}</tr>{''.join(rows)}</table>"


def _tables(report: Report) -> str:
    got = asked(report)  # supplied in a follow-up reply: "when asked", as the terminal report says
    beats = [f"<tr><td>{b.name}</td><td>{heard_word(b.present, b.name in got)}</td><td>{clock(b.start) if b.start is not None else ''}</td>"
             f"<td>{f'{b.duration_s:.0f} s' if b.present else ''}</td></tr>" for b in report.beats]
    star = [f"<tr><td>{p.name}</td><td class=\"v-{p.verdict}\">{star_verdict(p, got)}</td><td>{clock(p.start) if p.start is not None else ''}</td>"
            f"<td>{f'{p.duration_s:.0f} s of {p.target_s:.0f} s' if p.present else f'target {p.target_s:.0f} s'}</td></tr>" for p in report.star]
    phrases = [f"<tr><td>“{esc(p.text)}…”</td><td>{heard_word(p.found, f'phrase:{p.id}' in got)}</td>"
               f"<td>{clock(p.at) if p.found and p.at is not None else ''}</td></tr>" for p in report.phrases]
    covered, focus = coverage_text(report), focus_text(report)
    return ((f'<p class="focus">{esc(focus)}</p>' if focus else "")
            + (f'<p class="coverage">{esc(covered)}</p>' if covered else "")
            + _table("Beats", ("beat", "heard", "from", "length"), beats)
            + _table(f"STAR clock{star_total_text(report)}", ("part", "verdict", "from", "length"), star)
            + _table("Seniority phrases", ("phrase", "said", "at"), phrases))


def _followups(report: Report, replies: dict[int, tuple[np.ndarray, int]]) -> str:
    """Each follow-up: the question, the reply's own recording (playable), what it said, and its credit."""
    if not report.followups:
        return ""
    items = []
    for x in report.followups:
        reply = replies.get(x.index)
        player = (f'<audio class="reply" controls preload="auto" src="{audio_data_uri(*reply)}"></audio>' if reply is not None
                  else '<br><i>(no recording of the reply)</i><br>' if x.answer else "<br>")
        said = esc(x.answer) if x.answer else "<i>(no reply)</i>"
        cls = "credit" if x.recovered else "credit none"
        items.append(f'<li id="followup-{x.index}"><b>Interviewer:</b> <span class="question">{esc(x.question)}</span>{player}'
                     f'<b>You:</b> <span class="reply-text">{said}</span><br><span class="{cls}">{esc(credit_text(x))}</span></li>')
    before = f"<p>Score before follow-ups: {report.score_volunteered}</p>" if report.score_volunteered is not None else ""
    return f"<h2>Follow-ups</h2><ol id=\"followups\">{''.join(items)}</ol>{before}"


def _legend(report: Report) -> str:
    legend = "".join(f'<span><i style="background:{BAND_COLOURS[n]}"></i>{n}</span>' for n in
                     ([b.name for b in report.beats] + [p.name for p in report.star]))
    return (legend + '<span><i style="background:#d62728"></i>silence / STAR overrun</span><span><i style="background:#e6a700"></i>filler</span>'
            '<span><i style="background:#2a7a2a"></i>seniority phrase</span>')


def _data(report: Report, dur: float) -> dict:
    return {"duration": round(dur, 3), "width": W,
            "beats": [{"name": b.name, "start": b.start, "end": b.end} for b in report.beats if b.present and b.start is not None and b.end is not None],
            "star": [{"name": p.name, "start": p.start, "end": p.end, "target": p.target_s} for p in report.star
                     if p.present and p.start is not None and p.end is not None]}


def to_html(report: Report, samples: np.ndarray, rate: int, *, title: str, prompt: str | None = None,
            replies: dict[int, tuple[np.ndarray, int]] | None = None) -> str:
    """The page; ``replies`` maps a follow-up's index to its reply recording (samples, rate)."""
    dur = max(report.duration_s, samples.size / rate, 1e-3)
    data = _data(report, dur)
    f = report.fillers
    delivery = (f"{report.pace_text()} · fillers {f.count} ({f.per_minute:.1f}/min) · "
                f"{len(report.silences)} long silence{'s' if len(report.silences) != 1 else ''} · thinking time {report.thinking_time_s:.1f} s")
    return template().substitute(
        title=esc(title), prompt=f'<p class="prompt">{esc(prompt)}</p>' if prompt else "",
        grade="good" if report.score >= 75 else "mid" if report.score >= 50 else "low", score=report.score,
        clock_el='<span id="clock">STAR clock</span>' if data["star"] else "", rubric=esc(report.rubric), length=clock(report.duration_s),
        audio=audio_data_uri(samples, rate), width=W, height=H, svg=_svg(report, samples, _Scale(dur)), legend=_legend(report),
        transcript=_transcript(report), delivery=delivery, tables=_tables(report), followups=_followups(report, replies or {}),
        feedback="".join(f"<li>{esc(x)}</li>" for x in report.feedback), data=json.dumps(data).replace("</", "<\\/"))
