"""The stored sessions: `mock history`, `mock replay`, and `mock list` (the bank with when each prompt was
last practiced)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from interviewer.cli.common import ModelOpt, _setting, app, esc
from interviewer.cli.params import RoundArg, RoundOpt
from interviewer.errors import MockError

if TYPE_CHECKING:
    from rich.console import Console

    from interviewer.types import Report


@app.command()
def history(
    round_: Optional[str] = RoundOpt,
    json_out: bool = typer.Option(False, "--json", help="Write {\"sessions\": [...], \"trends\": {...}} as JSON on stdout."),
) -> None:
    """Your sessions (id, date, round, prompt, status, audio, length, score) and how each beat and metric moved."""
    import json

    from rich.console import Console

    from interviewer.sessions.history import collect
    from interviewer.sessions.history_view import render

    h = collect(round_=round_)
    if json_out:
        sys.stdout.write(json.dumps(h.to_json(), indent=2, ensure_ascii=False) + "\n")
        return
    render(h, Console())


@app.command()
def replay(
    session_id: str = typer.Argument(..., metavar="ID", help="A session id (see `mock history`)."),
    no_audio: bool = typer.Option(False, "--no-audio", help="Print the annotated timeline instead of playing the audio."),
    html_out: Optional[Path] = typer.Option(None, "--html", metavar="FILE", help="Write one self-contained page (0600): the audio embedded, waveform with beat and STAR bands, clickable words, feedback."),
    vtt_out: Optional[Path] = typer.Option(None, "--vtt", metavar="FILE", help="Write WebVTT captions (0600): the transcript lines plus cues like [Frame begins], [grain stated], [3.7 s silence]."),
    start: float = typer.Option(0.0, "--from", metavar="SECONDS", help="Start here (playback, or the printed timeline)."),
    device: Optional[str] = typer.Option(None, "--device", "-d", metavar="NAME|INDEX", callback=_setting("device"), help="The speaker to play on (see `mock devices`; default: `mock config`)."),
    model: Optional[str] = ModelOpt,
) -> None:
    """Play a session back with the transcript following along and the score laid over it."""
    from rich.console import Console

    from interviewer.replay import render_text, timeline

    console = Console()
    sess, meta, report = _replay_session(session_id, model, console)
    events = timeline(report)
    title = f"mock replay — {sess.id} ({meta.prompt_id or meta.round})"
    if html_out is not None or vtt_out is not None:
        _write_files(sess, report, events, title, meta.prompt_text, html_out, vtt_out, console)
        if not no_audio:
            return  # writing files is the whole job; --no-audio also prints the timeline
    if start > 0:
        events = [e for e in events if e.at >= start]
    if no_audio:
        sys.stdout.write(render_text(events))
        return
    _play(sess, report, events, title, device, start, console)


def _write_files(sess, report: "Report", events, title: str, prompt: str | None, html_out: Path | None, vtt_out: Path | None,
                 console: "Console") -> None:
    """--html (the page, with every follow-up reply's recording) and --vtt, each 0600."""
    from interviewer.replay import to_html, to_vtt
    from interviewer.sessions.files import write_private

    if html_out is not None:
        audio, replies = _audio(sess, report)
        write_private(Path(html_out), to_html(report, audio.samples, audio.sample_rate, title=title, prompt=prompt,
                                              replies={i: (r, audio.sample_rate) for i, r in replies.items()}).encode())
        console.print(f"Wrote {html_out}", markup=False, highlight=False)
    if vtt_out is not None:
        write_private(Path(vtt_out), to_vtt(events).encode())
        console.print(f"Wrote {vtt_out}", markup=False, highlight=False)


def _play(sess, report: "Report", events, title: str, device: str | None, start: float, console: "Console") -> None:
    """Through the speaker, the answer and each follow-up reply on one track; the timeline printed instead when
    there is no speaker or it would not play (a DeviceError from the player)."""
    from interviewer.errors import DeviceError
    from interviewer.audio.devices import list_devices, resolve_device
    from interviewer.replay import play, render_text
    from interviewer.replay.player import one_track

    def fallback(why: str) -> None:
        console.print(f"{why}; printing the timeline instead (--no-audio).", markup=False, highlight=False)
        sys.stdout.write(render_text(events))

    try:
        outputs = [d for d in list_devices() if d.outputs > 0]
    except DeviceError:
        outputs = []  # no PortAudio at all
    if not outputs:
        return fallback("No audio output device here")
    out = resolve_device(device, "output")  # a named speaker that is not there is the user's error: say so
    audio, replies = _audio(sess, report)
    console.print(f"[bold]{esc(title)}[/]  [dim]score {report.score}/100 — Ctrl-C stops[/]")
    from interviewer.audio.quiet import c_stderr_to_log, debug_log_path

    try:
        with c_stderr_to_log(debug_log_path()):  # the sound library's own lines (ALSA underruns) stay off the screen
            play(report, one_track(report, audio.samples, audio.sample_rate, replies), audio.sample_rate, events, console,
                 device=out, start_at=start)
    except KeyboardInterrupt:
        console.print("[dim]stopped[/]")
    except DeviceError as e:
        fallback(e.message.rstrip("."))


def _audio(sess, report: "Report"):
    from interviewer.audio.files import load_audio

    return load_audio(sess.audio_path), _reply_audio(sess, report)


def _replay_session(session_id: str, model: str | None, console: "Console"):
    """The session, its meta and its report; one interrupted before it was scored (or whose report is
    damaged) is scored now, from what was recorded."""
    from interviewer.sessions.store import Session

    sess = Session.open(session_id)
    meta = sess.meta()  # a damaged meta: one line naming the session and the problem
    try:
        report = sess.report()
        why = f"Session {sess.id} was {sess.status} before it was scored"
    except MockError:
        report, why = None, f"Session {sess.id}'s report.json is damaged"
    if report is None:
        from interviewer.pipeline import score_session
        from interviewer.asr.decode import WhisperTranscriber

        console.print(f"{why}; scoring what was recorded…", style="dim", markup=False, highlight=False)
        report = score_session(sess, WhisperTranscriber(model)).report
    return sess, meta, report


def _reply_audio(sess, report: "Report") -> dict:
    """Each follow-up's reply recording that is still in the session folder: index -> samples (16 kHz)."""
    from interviewer.audio.files import load_audio

    out = {}
    for x in report.followups:
        path = sess.dir / x.answer_audio if x.answer_audio else None
        if path is not None and path.parent == sess.dir and path.is_file():
            try:
                out[x.index] = load_audio(path).samples
            except MockError:
                pass  # a damaged reply: the rest of the replay still plays
    return out


@app.command("list")
def list_cmd(
    round_: Optional[str] = RoundArg,
    json_out: bool = typer.Option(False, "--json", help="Write the prompts as JSON on stdout."),
) -> None:
    """The question bank: every prompt id, its round, target time, and when you last practiced it."""
    import json

    from rich.console import Console
    from rich.table import Table

    from interviewer.bank.prompts import load_bank
    from interviewer.sessions.index import last_practiced, scan_sessions, warn_damaged

    good, damaged = scan_sessions()
    warn_damaged(damaged)  # on stderr: named, never in the way
    last = last_practiced(good)
    bank = [b for b in load_bank() if round_ is None or b.round == round_]
    if json_out:
        sys.stdout.write(json.dumps([{"id": b.id, "round": b.round, "title": b.prompt.title, "rubric": b.rubric,
                                      "target_s": b.prompt.target_s, "last_practiced": last.get(b.id, (None, None))[0],
                                      "last_score": last.get(b.id, (None, None))[1]} for b in bank], indent=2) + "\n")
        return
    t = Table(title=f"Prompts{' — ' + round_ if round_ else ''}")
    for col in ("id", "round", "title", "target", "last practiced", "score"):
        t.add_column(col, no_wrap=col == "id", overflow="fold")
    for b in bank:
        when, score = last.get(b.id, ("", None))
        t.add_row(esc(b.id), b.round, esc(b.prompt.title), f"{b.prompt.target_s:.0f} s", when.replace("T", " ")[:16], "" if score is None else str(score))
    Console().print(t)
