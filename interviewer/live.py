"""A live round, stage by stage: choose a prompt -> speak -> record -> transcribe -> score -> follow up -> store -> report."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from rich.console import Console

from rich.markup import escape as esc

from interviewer.errors import MockError, NoSpeechError, StorageError
from interviewer.prompts import BoundPrompt, find_prompt, prompts_for
from interviewer.session import Session, scan_sessions, warn_damaged
from interviewer.types import Report, Transcript

RECENT = timedelta(hours=24)  # a prompt practiced this recently is not picked by default


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


def choose_prompt(round_: str, prompt_id: str | None, now: datetime | None = None, console: Console | None = None) -> BoundPrompt:
    """The asked-for prompt; else one not practiced in the last day, never-practiced first, then weakest score first."""
    if prompt_id:
        bp = find_prompt(prompt_id)
        if bp.round != round_:
            raise MockError(f"Prompt '{prompt_id}' belongs to the {bp.round} round.", hint=f"Run `mock {bp.round} --prompt {prompt_id}`.")
        return bp
    bank = prompts_for(round_)
    if not bank:
        raise MockError(f"No prompts for the {round_} round.", hint="Run `mock list` to see the rounds.")
    last: dict[str, tuple[str, int | None]] = {}  # prompt id -> (last practiced, its score)
    good, damaged = scan_sessions()
    warn_damaged(damaged, console)  # named, and never in the way of a new round
    for _s, meta in good:
        if meta.prompt_id and meta.created >= last.get(meta.prompt_id, ("", None))[0]:
            last[meta.prompt_id] = (meta.created, meta.score)
    now = now or datetime.now(timezone.utc)
    cutoff = (now - RECENT).isoformat(timespec="seconds")
    fresh = [b for b in bank if last.get(b.id, ("", None))[0] < cutoff] or bank

    def key(b: BoundPrompt):
        when, score = last.get(b.id, ("", None))
        return (when != "", score if score is not None else -1, when, bank.index(b))

    return min(fresh, key=key)


def _store_answer_file(audio, dest: Path) -> float:
    """Copy a given recording (already decoded: :class:`~interviewer.audio.Audio`) into the session as 16 kHz
    PCM WAV, so replay works the same for every session.

    The copy goes to a hidden temporary file created 0600 (private from its first byte), written in
    ten-second blocks and renamed over ``dest`` once complete: a full disk or a SIGTERM during the copy leaves
    no partial ``answer.wav`` (the temporary file is removed) and the user's own file is untouched.
    """
    import wave

    import numpy as np

    from interviewer.session import private_file, storage_error

    tmp = dest.with_name(f".{dest.name}.part")
    pcm_max = 32767
    try:
        with _sigterm_raises(), private_file(tmp) as f, wave.open(f, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(audio.sample_rate)
            block = audio.sample_rate * 10
            for i in range(0, audio.samples.size, block):
                chunk = np.clip(audio.samples[i:i + block], -1.0, 1.0)
                w.writeframesraw(np.rint(chunk * pcm_max).astype("<i2").tobytes())
            w.close()  # the header, now that the length is known
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, dest)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise storage_error(dest, e, "the answer") from None
        raise
    return audio.duration_s


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None


class _sigterm_raises:
    """While storing a copy, SIGTERM raises :class:`~interviewer.errors.Terminated` (exit 143) instead of killing
    the process outright, so the half-written copy is removed (main thread only; restored afterwards)."""

    def __enter__(self):
        import signal
        import threading

        self._old = None
        if threading.current_thread() is threading.main_thread():
            def handler(signum, frame):  # noqa: ARG001
                from interviewer.errors import Terminated

                signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM ends the process at once
                raise Terminated("Stopped (SIGTERM) while storing the answer; nothing was kept.",
                                 hint="Your own recording is untouched; run the command again.")

            self._old = signal.signal(signal.SIGTERM, handler)
        return self

    def __exit__(self, *exc) -> None:
        import signal

        if self._old is not None:
            signal.signal(signal.SIGTERM, self._old)


class _Round:
    """One prompt, asked and answered: the stages in order, sharing the session, voice and microphone."""

    def __init__(self, bp: BoundPrompt, opts: RoundOptions, console: Console):
        from interviewer.rubric import load_rubric
        from interviewer.transcribe import WhisperTranscriber

        self.bp, self.opts, self.console = bp, opts, console
        self.rubric = load_rubric(opts.rubric_name or bp.rubric)
        self.transcriber = WhisperTranscriber(opts.model)  # fails now, before the question, if the model is missing
        self.mic = None
        if opts.answer is not None:
            from interviewer.audio import _check_path

            _check_path(Path(opts.answer))
            for f in opts.followup_answers:
                _check_path(Path(f))
        else:
            from interviewer.record import SoundDeviceMicrophone

            self.mic = SoundDeviceMicrophone(opts.device)  # no microphone: say so now, before the question
        self.speaker = None

    def say(self, text: str) -> None:
        if self.opts.answer is not None or self.opts.no_voice:
            self.console.print(f"[bold cyan]Interviewer:[/] {esc(text)}")
            return
        if self.speaker is None:
            from interviewer.speak import make_speaker

            self.speaker = make_speaker(self.opts.voice, self.opts.device, self.console)
        self.speaker.say(text)

    def listen(self, session: Session, dest: Path, given, target_s: float) -> tuple[float, str, Transcript | None]:
        """The answer into ``dest``: from the given file (a path, or its decoded :class:`~interviewer.audio.Audio`),
        or from the microphone.

        Returns (seconds, stopped_by, transcript): from the microphone the answer is transcribed while
        it is spoken (:mod:`interviewer.stream`), so the transcript is ready when the recording stops;
        from a file it is None (transcribe the file).
        """
        if self.mic is None:
            from interviewer.audio import Audio, load_audio

            return _store_answer_file(given if isinstance(given, Audio) else load_audio(given), dest), "file", None
        from interviewer.record import StopPolicy
        from interviewer.stream import StreamingTranscriber

        from interviewer.pipeline import embed_while_speaking

        limit = self.opts.max_s or max(2 * target_s, 60.0)
        streaming = StreamingTranscriber(self.transcriber)
        spoken = embed_while_speaking(streaming.words)  # the scorer's sentence embeddings, as the words arrive
        try:
            result = self.mic.record(dest, stop=StopPolicy(silence_s=self.opts.silence_stop, max_s=limit), target_s=target_s,
                                     console=self.console, listeners=[streaming.feed])
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
        return result.duration_s, result.stopped_by, streaming.finish()

    def transcript(self, path: Path, streamed: Transcript | None) -> Transcript:
        """The streamed transcript of a recorded answer, else the file transcribed; NoSpeechError if nothing was said."""
        from interviewer.pipeline import transcribe_file

        if streamed is None:
            return transcribe_file(path, self.transcriber)
        if not streamed.words:
            raise NoSpeechError(f"No speech was heard in {path} ({streamed.duration_s:.1f} s of audio).",
                                hint="Check the microphone level (`mock devices`) and answer out loud.")
        return streamed

    def run(self) -> tuple[Session, Report]:
        from interviewer import followup
        from interviewer.pipeline import score_transcript, warm_in_background

        bp, opts = self.bp, self.opts
        warm_in_background(self.rubric, list(bp.prompt.key_points))  # the embedder loads while the question is asked
        given = None
        if opts.answer is not None:  # decoded before the session exists: a file we cannot read leaves no empty session
            from interviewer.audio import load_audio

            given = load_audio(opts.answer)
        session = None
        try:
            with _sigterm_raises() if given is not None else _nothing():
                session = Session.create(bp.round, self.rubric.name, prompt_id=bp.id, prompt_text=bp.prompt.text,
                                         target_s=bp.prompt.target_s)
                self.console.print(f"[bold]{esc(bp.prompt.title)}[/] [dim]({bp.id}, target {bp.prompt.target_s:.0f} s, session {session.id})[/]")
                self.say(bp.prompt.text)
                duration, stopped_by, transcript = self.listen(session, session.audio_path, given, bp.prompt.target_s)
        except BaseException:
            if given is not None and session is not None:
                session.discard()  # the copy failed (full disk, SIGTERM): no empty "interrupted" session left behind
            raise
        del given
        session.update(status="complete", stopped_by=stopped_by, duration_s=round(duration, 3))

        transcript = self.transcript(session.audio_path, transcript)
        session.save_transcript(transcript)
        key_points = list(bp.prompt.key_points)
        report = score_transcript(transcript, self.rubric, prompt_id=bp.id, key_points=key_points)
        session.save_report(report)  # the answer's own report is safe before any follow-up

        if not opts.no_followups:
            exchanges = []
            replies = list(opts.followup_answers)
            for i, fu in enumerate(followup.select(report, bp.prompt), 1):
                self.say(fu.text)
                if self.mic is None and not replies:
                    exchanges.append(followup.FollowupExchange(probe=fu.probe, question=fu.text, index=i))
                    continue
                dest = session.dir / f"followup-{i}.wav"
                secs, _, streamed = self.listen(session, dest, replies.pop(0) if replies else None, min(60.0, bp.prompt.target_s / 2))
                try:
                    reply_t = self.transcript(dest, streamed)
                except MockError:
                    reply_t = None  # nothing said: the follow-up earns nothing
                if reply_t is None:
                    exchanges.append(followup.FollowupExchange(probe=fu.probe, question=fu.text, index=i, answer="",
                                                               answer_audio=dest.name, duration_s=round(secs, 2)))
                    continue
                reply = score_transcript(reply_t, self.rubric, prompt_id=bp.id, key_points=key_points)
                got = [g for g in followup.recovered(reply, fu.probe, report) if all(g not in x.recovered for x in exchanges)]  # credited once
                exchanges.append(followup.FollowupExchange(
                    probe=fu.probe, question=fu.text, index=i, answer=reply_t.text, answer_audio=dest.name,
                    duration_s=round(secs, 2), recovered=got, credit=followup.credit(self.rubric, report, fu.probe, got)))
            report = followup.apply(report, exchanges)
            session.save_report(report)
        session.update(score=report.score, model=transcript.model)
        return session, report

    def show_answer(self) -> None:
        points = self.bp.prompt.key_points
        if not points:
            return
        self.console.print("[bold]A strong answer covers:[/]")
        for p in points:
            self.console.print(f"  • {p}", markup=False, highlight=False)
        if self.opts.answer is None and not self.opts.no_voice and not self.opts.json_out:
            self.say("A strong answer covers: " + "; ".join(points) + ".")


def run_live_round(round_: str, *, prompt_id: str | None, opts: RoundOptions, console: Console) -> Report:
    from interviewer.cli import emit

    bp = choose_prompt(round_, prompt_id, console=console)
    r = _Round(bp, opts, console)
    session, report = r.run()
    emit(report, console, opts.json_out, title=f"mock {round_} — {bp.prompt.title}")
    if opts.show_answer:
        r.show_answer()
    console.print(f"Saved as session {session.id} in {session.dir}", style="dim", markup=False, highlight=False)
    return report
