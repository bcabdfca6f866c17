"""A live round's ports, built from the flags: the voice, the microphone or the given files, the session store.

The round itself is :func:`interviewer.pipeline.run_round`; this module picks the prompt, builds the
ports (:func:`build_ports`) and shows the report."""

from __future__ import annotations

import threading
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console

from interviewer.errors import MockError, StorageError
from interviewer.pipeline import Ports, run_round
from interviewer.ports import Heard, Speaker
from interviewer.bank.prompts import BoundPrompt
from interviewer.sessions.files import sigterm_raises, store_answer_copy
from interviewer.sessions.pick import choose_prompt
from interviewer.sessions.store import Session
from interviewer.types import Report
from interviewer.trace import mark
from interviewer.ui import Screen, emit, esc


@dataclass
class RoundOptions:
    voice: str = "piper"
    no_voice: bool = False
    device: str | None = None
    silence_stop: float = 8.0
    max_s: float | None = None
    answer: Path | None = None
    followup_answers: list[Path] = field(default_factory=list)
    json_out: bool = False
    no_followups: bool = False
    show_answer: bool = False
    model: str | None = None
    rubric_name: str | None = None


class SessionStore:
    """Rounds are stored as sessions (:mod:`interviewer.sessions.store`); the last one created is ``session``."""

    def __init__(self):
        self.session: Session | None = None

    def create(self, prompt: BoundPrompt, rubric) -> Session:
        self.session = Session.create(prompt.round, rubric.name, prompt_id=prompt.id, prompt_text=prompt.prompt.text,
                                      target_s=prompt.prompt.target_s, focus=prompt.focus)
        return self.session


class Voice:
    """The interviewer's voice for ``--voice``/``--device``, set up at its first line; printed with ``--no-voice``."""

    shows_text = True  # every line it says is also on screen ("Interviewer: …")

    def __init__(self, opts: RoundOptions, console: Console, printed: bool):
        self.opts, self.console, self.printed = opts, console, printed
        self._speaker: Speaker | None = None

    def say(self, text: str, until=None) -> None:
        """Say ``text``; ``until()`` (asked while it plays) stops it early: a key pressed during a model answer."""
        if self.printed:
            self.console.print(f"[bold cyan]Interviewer:[/] {esc(text)}")
            return
        if self._speaker is None:
            from interviewer.audio.speak import make_speaker

            self._speaker = make_speaker(self.opts.voice, self.opts.device, self.console)
        self._speaker.say(text, until)

    def utter(self, text: str):
        """The line printed and rendered for the recorder to speak while it listens (None: printed only)."""
        if self.printed:
            self.say(text)
            return None
        if self._speaker is None:
            from interviewer.audio.speak import make_speaker

            self._speaker = make_speaker(self.opts.voice, self.opts.device, self.console)
        utter = getattr(self._speaker, "utter", None)
        if utter is None:
            self._speaker.say(text)
            return None
        return utter(text)


class FileAnswers:
    """The answer and the follow-up replies from given recordings, copied into the session."""

    discard_on_failure = True

    def __init__(self, answer: Path, replies: list[Path]):
        from interviewer.audio.files import check_path

        self.files = [Path(answer), *map(Path, replies)]
        for f in self.files:
            check_path(f)
        self._first = None

    def prepare(self) -> None:
        from interviewer.audio.files import load_audio

        self._first = load_audio(self.files[0])

    def release(self) -> None:
        pass

    def guard(self):
        return sigterm_raises()

    def listen(self, session: Session, dest: Path, target_s: float, *, speaker: Speaker | None = None,
               question: str | None = None) -> Heard | None:
        from interviewer.audio.files import load_audio

        if speaker is not None and question:
            speaker.say(question)
        if not self.files:
            return None
        path = self.files.pop(0)
        given, self._first = (self._first, None) if self._first is not None else (load_audio(path), None)
        return Heard(store_answer_copy(given, dest), "file", None)


class MicAnswers:
    """Answers from the microphone, transcribed while they are spoken (:mod:`interviewer.asr.stream`)."""

    discard_on_failure = False

    def __init__(self, device: str | None, transcriber, opts: RoundOptions, console: Console):
        from interviewer.audio.microphone import SoundDeviceMicrophone

        self.mic = SoundDeviceMicrophone(device)  # no microphone: say so now, before the question
        self.transcriber, self.opts, self.console = transcriber, opts, console
        self._warm = threading.Thread(target=_warm_decoder, args=(transcriber,), name="warm-decoder", daemon=False)
        self._warm.start()  # Whisper and the VAD load while the question is spoken, not after it

    def prepare(self) -> None:
        pass

    def release(self) -> None:
        """The round is over: the microphone, kept open between its answer and follow-ups, closes."""
        self.mic.release()

    def guard(self):
        return nullcontext()

    def listen(self, session: Session, dest: Path, target_s: float, *, speaker: Speaker | None = None,
               question: str | None = None) -> Heard:
        from interviewer.pipeline import embed_while_speaking
        from interviewer.audio.record import StopPolicy
        from interviewer.asr.stream import StreamingTranscriber
        from interviewer.turn import EndOfTurn

        from interviewer.audio.duplex import question_playback

        play = None
        if speaker is not None and question:
            utter = getattr(speaker, "utter", None)
            said = utter(question) if utter is not None else speaker.say(question)
            if said is not None:  # spoken by the recorder while it listens: barge-in, and no word of the reply lost
                play = question_playback(said.samples, said.device)
        limit = self.opts.max_s or max(2 * target_s, 60.0)
        streaming = _LateStream(lambda: (self._warm.join(), StreamingTranscriber(self.transcriber))[1])
        spoken = embed_while_speaking(streaming.words)  # the scorer's sentence embeddings, as the words arrive
        turn = EndOfTurn(streaming.heard, target_s=target_s, ceiling_s=self.opts.silence_stop)  # the end judged from the words
        try:
            result = self.mic.record(dest, stop=StopPolicy(silence_s=self.opts.silence_stop, max_s=limit), target_s=target_s,
                                     console=self.console, listeners=[streaming.feed], turn=turn, question=play,
                                     keep_open=True)  # still listening while this answer is scored: a follow-up's reply starts there
            self.last = result
        except BaseException:
            streaming.close()
            raise
        finally:
            spoken.set()
        if result.stopped_by in ("interrupt", "disk_full"):
            streaming.close()
        if result.stopped_by == "interrupt":
            session.update(status="interrupted", stopped_by="interrupt", duration_s=round(result.duration_s, 3))
            raise MockError(f"Stopped. Your answer so far ({result.duration_s:.0f} s) is kept in {dest}.",
                            hint=f"Score it with `mock score {session.id}`.")
        if result.stopped_by == "disk_full":
            session.update(status="interrupted", stopped_by="disk_full", duration_s=round(result.duration_s, 3))
            raise StorageError(f"The disk filled up; recording stopped at {result.duration_s:.0f} s and what was recorded is kept in {dest}.",
                               hint=f"Free some space, then `mock score {session.id}`.")
        with _working(self.console, "Transcribing the end of your answer…"):  # the screen is never blank while it decodes
            transcript = streaming.finish()
        mark("transcript_ready")
        return Heard(result.duration_s, result.stopped_by, transcript)


def _working(console, text: str):
    """The round's status line (:meth:`interviewer.ui.Screen.status`) on ``console``; nothing without one."""
    from contextlib import nullcontext

    from interviewer.ui import Screen

    return Screen(console).status(text) if console is not None else nullcontext()


class _LateStream:
    """The streaming transcriber, made at the answer's first block: the model loads while the question is spoken
    (the recorder is already listening then), and the answer's blocks wait in the recorder's queue meanwhile."""

    def __init__(self, make):
        self._make, self.st = make, None

    def feed(self, block) -> None:
        if self.st is None:
            self.st = self._make()
        self.st.feed(block)

    def words(self) -> list:
        return self.st.words if self.st is not None else []

    def heard(self) -> tuple[str, float, float]:
        return self.st.heard() if self.st is not None else ("", 0.0, 0.0)

    def close(self) -> None:
        if self.st is not None:
            self.st.close()

    def finish(self):
        if self.st is None:
            self.st = self._make()
        return self.st.finish()


def _warm_decoder(transcriber) -> None:
    """Load the Whisper model and the Silero VAD (a failure surfaces when the answer is transcribed)."""
    try:
        import numpy as np

        from interviewer.asr.vad import silero_vad

        _ = transcriber.model
        silero_vad(np.zeros(1600, np.float32), 300)
    except Exception:  # noqa: BLE001
        pass


def build_ports(opts: RoundOptions, console: Console, transcriber=None) -> Ports:
    """The ports for these flags; ``transcriber`` shares one loaded model between rounds (a drill)."""
    if transcriber is None:
        from interviewer.asr.decode import WhisperTranscriber

        transcriber = WhisperTranscriber(opts.model)  # fails now, before the question, if the model is missing
    if opts.answer is not None:
        answers = FileAnswers(opts.answer, list(opts.followup_answers))
    else:
        answers = MicAnswers(opts.device, transcriber, opts, console)
    voice = Voice(opts, console, printed=opts.answer is not None or opts.no_voice)
    return Ports(speaker=voice, answers=answers, transcriber=transcriber, screen=Screen(console), followups=not opts.no_followups)


def show_answer(bp: BoundPrompt, opts: RoundOptions, ports: Ports, console: Console) -> None:
    points = bp.prompt.key_points
    if not points:
        return
    console.print("[bold]A strong answer covers:[/]")
    for p in points:
        console.print(f"  • {p}", markup=False, highlight=False)
    if opts.answer is None and not opts.no_voice and not opts.json_out:
        ports.speaker.say("A strong answer covers: " + "; ".join(points) + ".")


def run_live_round(round_: str, *, prompt_id: str | None, opts: RoundOptions, console: Console) -> Report:
    """One round; ALSA/PortAudio's own stderr lines stay off the screen meanwhile (a log with --debug)."""
    from interviewer.audio.quiet import c_stderr_to_log, debug_log_path

    with c_stderr_to_log(debug_log_path()):
        return _run_live_round(round_, prompt_id=prompt_id, opts=opts, console=console)


def _run_live_round(round_: str, *, prompt_id: str | None, opts: RoundOptions, console: Console) -> Report:
    from interviewer.bank.rubrics import load_rubric

    bp = choose_prompt(round_, prompt_id, console=console)
    rubric = load_rubric(opts.rubric_name or bp.rubric)
    ports = build_ports(opts, console)
    store = SessionStore()
    report = run_round(bp, rubric, ports, store)
    emit(report, console, opts.json_out, title=f"mock {round_} — {bp.prompt.title}")
    mark("report_shown")
    if opts.show_answer:
        show_answer(bp, opts, ports, console)
    session = store.session
    console.print(f"Saved as session {session.id} in {session.dir}", style="dim", markup=False, highlight=False)
    from interviewer import practice

    if practice.interactive(opts.json_out):  # a terminal on both ends: the practice loop (keys on screen)
        state = practice.State(prompt=bp, asked=bp, rubric=rubric, base=report, seen={bp.id}, rubric_name=opts.rubric_name)
        practice.practice(state, round_, console, practice.run_attempt(ports, opts, console, round_), ports.speaker)
    return report
