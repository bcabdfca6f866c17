"""`mock`: the command line. Thin: parse options, compose the pipeline stages, map domain errors.

Heavy libraries (faster-whisper, numpy, sounddevice, PyAV) are imported inside the commands that
need them, so `mock --help` starts about as fast as typer itself.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from interviewer.errors import MockError, StorageError


def esc(text: str) -> str:
    """``text`` safe inside rich markup: a word like "[/bold]" or "[red]" from a transcript or a data file is
    printed as it is, never parsed as a style (a stray closing tag would even raise)."""
    from rich.markup import escape

    return escape(text)

if TYPE_CHECKING:
    from rich.console import Console

    from interviewer.bank.prompts import BoundPrompt
    from interviewer.types import Report


app = typer.Typer(
    name="mock",
    help="An offline voice mock-interviewer for senior data-engineering interviews.\n\n"
    "It speaks a question, records your spoken answer, transcribes it locally with Whisper and "
    "scores it the way a senior interviewer listens. Nothing leaves your machine.",
    add_completion=False,
    no_args_is_help=False,  # `mock` alone: the default round when one is configured, else this help (_root)
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(show: bool) -> None:
    if show:
        from interviewer.doctor import version

        sys.stdout.write(f"mock {version()}\n")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    debug: bool = typer.Option(False, "--debug", help="Show full tracebacks for errors."),
    show_version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    if debug:
        os.environ["MOCK_DEBUG"] = "1"
    from interviewer import config

    if ctx.invoked_subcommand != "doctor":  # the doctor reports a malformed config among its checks
        config.apply()
    if ctx.invoked_subcommand is None:
        round_ = config.default_round()
        if round_ is None:
            typer.echo(ctx.get_help(), err=True)  # as click does for a bare group: help on stderr, exit 2
            raise typer.Exit(2)
        run_round(round_, prompt_id=None, voice=config.value("voice"), no_voice=False, device=config.value("device"),
                  silence_stop=config.value("silence_stop"), max_s=None, answer=None, followup_answers=[], json_out=False,
                  no_followups=not config.value("followups"), show_answer=False, model=None)


# --- shared options -------------------------------------------------------------------------------

def _setting(key: str):
    """An option's callback: the flag, else the environment, else the config file, else the default (interviewer/config.py)."""

    def callback(flag):
        from interviewer.config import value

        return value(key, flag)

    return callback


def _no_followups(flag: bool | None) -> bool:
    from interviewer.config import no_followups_option

    return no_followups_option(flag)


ModelOpt = typer.Option(None, "--model", metavar="tiny|base|small|DIR",
                        help="The Whisper model: tiny (tiny.en), base, small, or a local CTranslate2 Whisper model directory (default: $MOCK_MODEL, else tiny).")
JsonOpt = typer.Option(False, "--json", help="Write the report as JSON on stdout (the human display goes to stderr).")


def consoles(json_out: bool) -> "Console":
    from rich.console import Console

    return Console(stderr=True) if json_out else Console()


def emit(report: "Report", console: "Console", json_out: bool, title: str | None = None) -> None:
    from interviewer.report import render

    render(report, console, title=title)
    if json_out:
        sys.stdout.write(report.to_json(indent=2) + "\n")
        sys.stdout.flush()


# --- commands -------------------------------------------------------------------------------------


@app.command()
def demo(model: Optional[str] = ModelOpt, json_out: bool = JsonOpt) -> None:
    """Score the shipped sample answer to a modeling prompt (no microphone, no network)."""
    from interviewer.bank.prompts import find_prompt
    from interviewer.bank.resources import sample_answer
    from interviewer.bank.rubrics import load_rubric
    from interviewer.pipeline import score_file
    from interviewer.transcribe import WhisperTranscriber

    console = consoles(json_out)
    bp = find_prompt("modeling-viewing-history")
    sample = sample_answer()
    console.print(f"[bold]Prompt[/] ({bp.id}): {esc(bp.prompt.text)}")
    console.print(f"[dim]Scoring the sample answer {esc(sample.parent.name)}/{esc(sample.name)} …[/]")
    transcriber = WhisperTranscriber(model)
    scored = score_file(sample, load_rubric(bp.rubric), transcriber, prompt_id=bp.id, key_points=list(bp.prompt.key_points))
    console.print(f"[bold]Transcript[/]: {esc(scored.transcript.text)}\n")
    emit(scored.report, console, json_out, title=f"mock demo — {bp.prompt.title}")


@app.command("score")
def score_cmd(
    target: str = typer.Argument(..., metavar="FILE|ID", help="An audio file (WAV, FLAC, MP3, OGG, M4A) or a stored session id."),
    rubric: Optional[str] = typer.Option(None, "--rubric", "-r", metavar="NAME|PATH", help="Rubric name (modeling, behavioral-star, …) or a .toml file. Default: the prompt's rubric, the session's, or modeling."),
    prompt: Optional[str] = typer.Option(None, "--prompt", "-p", metavar="ID", help="The prompt the recording answers (`mock list`): adds key-point coverage and picks its rubric."),
    model: Optional[str] = ModelOpt,
    json_out: bool = JsonOpt,
) -> None:
    """Score any recording, or re-score a stored session (after a rubric change, say)."""
    from interviewer.bank.prompts import find_prompt
    from interviewer.bank.rubrics import load_rubric
    from interviewer.pipeline import score_file, score_session
    from interviewer.sessions.store import Session, is_session_id, sessions_root
    from interviewer.transcribe import WhisperTranscriber

    console = consoles(json_out)
    path = Path(target)
    bound = find_prompt(prompt) if prompt else None  # an unknown id is the user's error: say so
    import re

    looks_like_id = re.fullmatch(r"\d{8}-\d{6}-[\w-]+", target) is not None
    if not path.exists() and is_session_id(target) and (looks_like_id or (sessions_root() / target).is_dir()):
        session = Session.open(target)  # an id that is not there: SessionNotFound, pointing at `mock history`
        rub = load_rubric(rubric or (bound.rubric if bound else session.meta().rubric))
        if session.status == "interrupted":
            console.print(f"[dim]Session {session.id} was interrupted; scoring what was recorded.[/]")
        scored = score_session(session, WhisperTranscriber(model), rubric=rub, prompt=bound)
    else:
        from interviewer.config import default_round, round_rubric

        rub = load_rubric(rubric or (bound.rubric if bound else round_rubric(default_round() or "modeling")))
        scored = score_file(path, rub, WhisperTranscriber(model), prompt_id=bound.id if bound else None,
                            key_points=list(bound.prompt.key_points) if bound else None)
    emit(scored.report, console, json_out, title=f"mock score — {target}")


@app.command()
def history(
    round_: Optional[str] = typer.Option(None, "--round", metavar="ROUND", help="Only this round's sessions and trends (modeling, behavioral, …)."),
    json_out: bool = typer.Option(False, "--json", help="Write {\"sessions\": [...], \"trends\": {...}} as JSON on stdout."),
) -> None:
    """Your sessions (id, date, round, prompt, status, audio, length, score) and how each beat and metric moved."""
    import json

    from rich.console import Console

    from interviewer.bank.prompts import ROUNDS
    from interviewer.sessions.history import collect
    from interviewer.sessions.history_view import render

    if round_ is not None and round_ not in ROUNDS:
        raise MockError(f"Unknown round '{round_}'.", hint=f"Rounds: {', '.join(ROUNDS)}.")
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

    from interviewer.audio import load_audio
    from interviewer.replay import play, render_text, timeline, to_html, to_vtt
    from interviewer.replay.player import one_track
    from interviewer.sessions.files import write_private

    console = Console()
    sess, meta, report = _replay_session(session_id, model, console)
    events = timeline(report)
    title = f"mock replay — {sess.id} ({meta.prompt_id or meta.round})"
    audio = replies = None
    if html_out is not None or not no_audio:
        audio, replies = load_audio(sess.audio_path), _reply_audio(sess, report)
    if html_out is not None:
        write_private(Path(html_out), to_html(report, audio.samples, audio.sample_rate, title=title, prompt=meta.prompt_text,
                                              replies={i: (r, audio.sample_rate) for i, r in replies.items()}).encode())
        console.print(f"Wrote {html_out}", markup=False, highlight=False)
    if vtt_out is not None:
        write_private(Path(vtt_out), to_vtt(events).encode())
        console.print(f"Wrote {vtt_out}", markup=False, highlight=False)
    if (html_out is not None or vtt_out is not None) and not no_audio:
        return  # writing files is the whole job; --no-audio also prints the timeline
    if start > 0:
        events = [e for e in events if e.at >= start]
    if no_audio:
        sys.stdout.write(render_text(events))
        return
    from interviewer.errors import DeviceError
    from interviewer.record import list_devices, resolve_device

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
    console.print(f"[bold]{esc(title)}[/]  [dim]score {report.score}/100 — Ctrl-C stops[/]")
    try:
        play(report, one_track(report, audio.samples, audio.sample_rate, replies), audio.sample_rate, events, console,
             device=out, start_at=start)
    except KeyboardInterrupt:
        console.print("[dim]stopped[/]")
    except DeviceError as e:  # the speaker would not play (raised by the player at the device edge)
        fallback(e.message.rstrip("."))


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
        from interviewer.transcribe import WhisperTranscriber

        console.print(f"{why}; scoring what was recorded…", style="dim", markup=False, highlight=False)
        report = score_session(sess, WhisperTranscriber(model)).report
    return sess, meta, report


def _reply_audio(sess, report: "Report") -> dict:
    """Each follow-up's reply recording that is still in the session folder: index -> samples (16 kHz)."""
    from interviewer.audio import load_audio

    out = {}
    for x in report.followups:
        path = sess.dir / x.answer_audio if x.answer_audio else None
        if path is not None and path.parent == sess.dir and path.is_file():
            try:
                out[x.index] = load_audio(path).samples
            except MockError:
                pass  # a damaged reply: the rest of the replay still plays
    return out


@app.command()
def devices(json_out: bool = JsonOpt) -> None:
    """List audio inputs (microphones) and outputs (speakers): pass a name or index to --device."""
    import dataclasses
    import json

    from interviewer.record import list_devices

    from rich.console import Console
    from rich.table import Table

    found = list_devices()
    if json_out:
        sys.stdout.write(json.dumps([dataclasses.asdict(d) for d in found], indent=2) + "\n")
        return
    if not found:
        Console().print("No audio devices found: no sound card and no sound server. Use --answer FILE to score a recording.")
        return
    t = Table(title="Audio devices")
    for col in ("index", "name", "inputs", "outputs", "default"):
        t.add_column(col)
    for d in found:
        t.add_row(str(d.index), esc(d.name), str(d.inputs), str(d.outputs), d.default)
    Console().print(t)


PromptOpt = typer.Option(None, "--prompt", "-p", metavar="ID", help="Prompt id (see `mock list`). Default: one not practiced in the last day, weakest first.")
VoiceOpt = typer.Option(None, "--voice", metavar="piper|system", callback=_setting("voice"), help="The interviewer's voice: piper (natural, offline; the default) or system (pyttsx3). Default: `mock config`.")
NoVoiceOpt = typer.Option(False, "--no-voice", help="Print the question instead of speaking it.")
DeviceOpt = typer.Option(None, "--device", "-d", metavar="NAME|INDEX", callback=_setting("device"), help="Audio device for the microphone and speaker (see `mock devices`; default: `mock config`).")
SilenceOpt = typer.Option(None, "--silence-stop", metavar="SECONDS", callback=_setting("silence_stop"), help="Stop after this many seconds of silence once you have spoken (default 8, or `mock config`).")
MaxOpt = typer.Option(None, "--max", metavar="SECONDS", help="Stop recording after this long (default: twice the prompt's target time).")
AnswerOpt = typer.Option(None, "--answer", metavar="FILE", help="Score this recording instead of using the microphone.")
FollowAnswerOpt = typer.Option(None, "--followup-answer", metavar="FILE", help="With --answer: a recording of your reply to a follow-up (repeat for the second).")
NoFollowOpt = typer.Option(None, "--no-followups/--followups", callback=_no_followups, help="Do not ask follow-up questions (default: ask them, or `mock config`).")
ShowAnswerOpt = typer.Option(False, "--show-answer", help="After the report, print (and speak) the key points of a model answer.")


def run_round(round_: str, *, prompt_id: str | None, rubric_name: str | None = None, **opts) -> None:
    """One live mock: choose a prompt, speak it, record the answer, transcribe, score, follow up, store, report."""
    from interviewer.live import RoundOptions, run_live_round

    o = RoundOptions(rubric_name=rubric_name, **{k: v for k, v in opts.items() if k != "followup_answers"},
                     followup_answers=list(opts.get("followup_answers") or []))
    run_live_round(round_, prompt_id=prompt_id, opts=o, console=consoles(o.json_out))


ROUND_HELP = {
    "modeling": "A live data-modeling mock: clarify, frame, build, stress.",
    "sql": "Narrate a SQL solution out loud: clarify the data, name the approach, walk the query, volunteer edge cases.",
    "python": "Narrate a Python drill: restate, brute force, optimize, test, state the complexity.",
    "streaming": "A streaming deep-dive question (S1-S8, the play-event walkthrough), about 90 seconds each.",
    "design": "System design lite (D1-D4): clarify, frame the architecture, build it, stress it.",
    "questions": "The last five minutes: ask the interviewer your two or three questions.",
}


def _round_command(round_: str) -> None:
    def command(
        prompt: Optional[str] = PromptOpt, voice: str = VoiceOpt, no_voice: bool = NoVoiceOpt, device: Optional[str] = DeviceOpt,
        silence_stop: float = SilenceOpt, max_s: Optional[float] = MaxOpt, answer: Optional[Path] = AnswerOpt,
        followup_answer: Optional[list[Path]] = FollowAnswerOpt, json_out: bool = JsonOpt, no_followups: bool = NoFollowOpt,
        show_answer: bool = ShowAnswerOpt, model: Optional[str] = ModelOpt,
    ) -> None:
        run_round(round_, prompt_id=prompt, voice=voice, no_voice=no_voice, device=device, silence_stop=silence_stop,
                  max_s=max_s, answer=answer, followup_answers=followup_answer, json_out=json_out, no_followups=no_followups,
                  show_answer=show_answer, model=model)

    command.__doc__ = ROUND_HELP[round_]
    app.command(round_)(command)


for _r in ("modeling", "sql", "python", "streaming", "design", "questions"):
    _round_command(_r)


@app.command()
def behavioral(
    star: bool = typer.Option(True, "--star/--no-star", help="Score as a 90-second STAR story (the default)."),
    prompt: Optional[str] = PromptOpt, voice: str = VoiceOpt, no_voice: bool = NoVoiceOpt, device: Optional[str] = DeviceOpt,
    silence_stop: float = SilenceOpt, max_s: Optional[float] = MaxOpt, answer: Optional[Path] = AnswerOpt,
    followup_answer: Optional[list[Path]] = FollowAnswerOpt, json_out: bool = JsonOpt, no_followups: bool = NoFollowOpt,
    show_answer: bool = ShowAnswerOpt, model: Optional[str] = ModelOpt,
) -> None:
    """A behavioral or resume probe, answered as a 90-second STAR story."""
    run_round("behavioral", rubric_name="behavioral-star" if star else "behavioral-free", prompt_id=prompt, voice=voice,
              no_voice=no_voice, device=device, silence_stop=silence_stop, max_s=max_s, answer=answer,
              followup_answers=followup_answer, json_out=json_out, no_followups=no_followups, show_answer=show_answer, model=model)


@app.command("list")
def list_cmd(
    round_: Optional[str] = typer.Argument(None, metavar="[ROUND]", help="modeling, sql, python, streaming, behavioral, design or questions."),
    json_out: bool = typer.Option(False, "--json", help="Write the prompts as JSON on stdout."),
) -> None:
    """The question bank: every prompt id, its round, target time, and when you last practiced it."""
    import json

    from rich.console import Console
    from rich.table import Table

    from interviewer.bank.prompts import ROUNDS, load_bank
    from interviewer.sessions.index import last_practiced, scan_sessions, warn_damaged

    if round_ is not None and round_ not in ROUNDS:
        raise MockError(f"Unknown round '{round_}'.", hint=f"Rounds: {', '.join(ROUNDS)}.")
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


@app.command()
def drill(
    day: int = typer.Argument(..., min=1, max=5, help="Which day of the 5-day drill pack (1-5)."),
    answer_dir: Optional[Path] = typer.Option(None, "--answer-dir", metavar="DIR", help="Take each answer from DIR/<prompt-id>.<wav|flac|mp3|ogg|m4a> (follow-up replies: DIR/<prompt-id>.followup-1.wav, …) instead of the microphone."),
    voice: str = VoiceOpt, no_voice: bool = NoVoiceOpt, device: Optional[str] = DeviceOpt, silence_stop: float = SilenceOpt,
    json_out: bool = JsonOpt, no_followups: bool = NoFollowOpt, show_answer: bool = ShowAnswerOpt, model: Optional[str] = ModelOpt,
) -> None:
    """Run one day of the notebook's 5-day drill pack: its prompts one after another, each on the clock."""
    from interviewer.drill import run_drill

    run_drill(day, answer_dir=answer_dir, voice=voice, no_voice=no_voice, device=device, silence_stop=silence_stop,
              json_out=json_out, no_followups=no_followups, model=model, console=consoles(json_out), show_answer=show_answer)


@app.command("config")
def config_cmd(
    voice: Optional[str] = typer.Option(None, "--voice", metavar="piper|system", help="Show the effect of this flag too."),
    device: Optional[str] = typer.Option(None, "--device", "-d", metavar="NAME|INDEX", help="Show the effect of this flag too."),
    silence_stop: Optional[float] = typer.Option(None, "--silence-stop", metavar="SECONDS", help="Show the effect of this flag too."),
    model: Optional[str] = typer.Option(None, "--model", metavar="DIR", help="Show the effect of this flag too."),
    json_out: bool = typer.Option(False, "--json", help="Write {file, file_exists, settings: {key: {value, source}}} as JSON on stdout."),
) -> None:
    """Your settings: each effective value and where it came from (flag, environment, config file, default)."""
    from interviewer.config import show

    show({"voice": voice, "device": device, "silence_stop": silence_stop, "model": model}, json_out)


@app.command()
def doctor(
    device: Optional[str] = typer.Option(None, "--device", "-d", metavar="NAME|INDEX", help="Check this device (default: `mock config`)."),
    model: Optional[str] = ModelOpt,
    voice: Optional[str] = typer.Option(None, "--voice", metavar="piper|system", help="Check this voice (default: `mock config`)."),
    json_out: bool = typer.Option(False, "--json", help="Write {version, ok, checks: [{name, status, detail, fix}]} as JSON on stdout."),
) -> None:
    """Check what a live mock needs (Python, model, voice, microphone, speaker, session folder, libraries) and how to fix it."""
    from interviewer.doctor import doctor as run_doctor

    code = run_doctor(device=device, model=model, voice=voice, json_out=json_out)
    if code:
        raise typer.Exit(code)


# --- entry point: domain errors become one line and an exit code ----------------------------------


def exit_for(e: BaseException) -> tuple[str, int]:
    """The one mapping from an error that reached the top to the line shown and the exit code."""
    if isinstance(e, MockError):
        return str(e), e.exit_code
    if isinstance(e, KeyboardInterrupt):
        return "interrupted.", 130
    if isinstance(e, OSError):
        err = StorageError.from_os(e)
        if err.errno in (errno.ENOSPC, errno.EDQUOT):
            return str(err), err.exit_code
        return f"{e.strerror or e} ({getattr(e, 'filename', '') or ''}). Run with --debug for details.", 1
    return f"internal error: {type(e).__name__}: {e}. Run with --debug for the traceback.", 70  # a bug: still one line


def main() -> None:
    debug = "--debug" in sys.argv[1:] or os.environ.get("MOCK_DEBUG") == "1"
    os.umask(0o077)  # recordings are private: whatever mock creates is owner-only from its first byte
    try:
        app(prog_name="mock")
    except (Exception, KeyboardInterrupt) as e:
        if debug and not isinstance(e, KeyboardInterrupt):
            raise
        line, code = exit_for(e)
        sys.stderr.write(f"mock: {line}\n")
        sys.exit(code)
