"""A live round, stage by stage: choose a prompt -> speak -> record -> transcribe -> score -> store -> report."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from interviewer.errors import MockError, NoSpeechError, StorageError
from interviewer.prompts import BoundPrompt, find_prompt, prompts_for
from interviewer.session import Session, list_sessions


def choose_prompt(round_: str, prompt_id: str | None) -> BoundPrompt:
    """The asked-for prompt, else the one of this round practiced least recently (never practiced first)."""
    if prompt_id:
        bp = find_prompt(prompt_id)
        if bp.round != round_:
            raise MockError(f"Prompt '{prompt_id}' belongs to the {bp.round} round.", hint=f"Run `mock {bp.round} --prompt {prompt_id}`.")
        return bp
    bank = prompts_for(round_)
    if not bank:
        raise MockError(f"No prompts for the {round_} round.", hint="Run `mock list` to see the rounds.")
    last_seen: dict[str, str] = {}
    for s in list_sessions():
        meta = s.meta()
        if meta.prompt_id:
            last_seen[meta.prompt_id] = max(last_seen.get(meta.prompt_id, ""), meta.created)
    return min(bank, key=lambda b: (last_seen.get(b.id, ""), bank.index(b)))


def _store_answer_file(answer: Path, session: Session) -> float:
    """Copy a given recording into the session as 16 kHz WAV, so replay works the same for every session."""
    import soundfile as sf

    from interviewer.audio import load_audio

    audio = load_audio(answer)
    try:
        sf.write(str(session.audio_path), audio.samples, audio.sample_rate, subtype="PCM_16")
        session.audio_path.chmod(0o600)
    except OSError as e:
        raise StorageError(f"Cannot store the answer in {session.dir}: {e.strerror}.") from None
    return audio.duration_s


def run_live_round(
    round_: str, *, rubric_name: str | None, prompt_id: str | None, voice: str, no_voice: bool, device: str | None,
    silence_stop: float, max_s: float | None, answer: Path | None, json_out: bool, no_followups: bool,
    model: str | None, console: Console,
) -> None:
    from interviewer.cli import emit
    from interviewer.pipeline import score_transcript, transcribe_file
    from interviewer.rubric import load_rubric
    from interviewer.transcribe import WhisperTranscriber

    bp = choose_prompt(round_, prompt_id)
    rubric = load_rubric(rubric_name or bp.rubric)
    transcriber = WhisperTranscriber(model)  # fails now, before the question, if the model is missing
    mic = streaming = None
    if answer is not None:
        from interviewer.audio import _check_path

        _check_path(Path(answer))
    else:
        from interviewer.record import SoundDeviceMicrophone

        from interviewer.stream import StreamingTranscriber

        mic = SoundDeviceMicrophone(device)  # no microphone: say so now, before the question
        streaming = StreamingTranscriber(transcriber)  # loads the model now, not after the answer
    session = Session.create(round_, rubric.name, prompt_id=bp.id, prompt_text=bp.prompt.text, target_s=bp.prompt.target_s)
    console.print(f"[bold]{bp.prompt.title}[/] [dim]({bp.id}, target {bp.prompt.target_s:.0f} s, session {session.id})[/]")

    if answer is not None or no_voice:
        console.print(f"[bold cyan]Interviewer:[/] {bp.prompt.text}")
    else:
        from interviewer.speak import make_speaker

        make_speaker(voice, device, console).say(bp.prompt.text)

    if answer is not None:
        duration = _store_answer_file(Path(answer), session)
        session.update(status="complete", stopped_by="file", duration_s=round(duration, 3))
    else:
        from interviewer.record import StopPolicy

        limit = max_s or max(2 * bp.prompt.target_s, 60.0)
        # transcribe while the candidate speaks: by the time the trailing silence stops the
        # recording, every stretch of speech has been decoded (see interviewer/stream.py)
        try:
            result = mic.record(session.audio_path, stop=StopPolicy(silence_s=silence_stop, max_s=limit), target_s=bp.prompt.target_s,
                                console=console, listeners=[streaming.feed])
        except BaseException:
            streaming.close()
            raise
        status = "interrupted" if result.stopped_by in ("interrupt", "disk_full") else "complete"
        session.update(status=status, stopped_by=result.stopped_by, duration_s=round(result.duration_s, 3))
        if result.stopped_by in ("interrupt", "disk_full"):
            streaming.close()
        if result.stopped_by == "interrupt":
            raise MockError(
                f"Stopped. Your answer so far ({result.duration_s:.0f} s) is kept in {session.audio_path}.",
                hint=f"Score it with `mock score {session.id}`.",
            )
        if result.stopped_by == "disk_full":
            raise StorageError(
                f"The disk filled up; recording stopped at {result.duration_s:.0f} s and what was recorded is kept in {session.audio_path}.",
                hint=f"Free some space, then `mock score {session.id}`.",
            )

    if streaming is not None:
        transcript = streaming.finish()
        if not transcript.words:
            raise NoSpeechError(
                f"No speech was heard in your answer ({transcript.duration_s:.1f} s of audio, kept in {session.audio_path}).",
                hint="Check the microphone level (`mock devices`) and answer out loud.",
            )
    else:
        transcript = transcribe_file(session.audio_path, transcriber)
    session.save_transcript(transcript)
    report = score_transcript(transcript, rubric, prompt_id=bp.id, key_points=list(bp.prompt.key_points))
    session.save_report(report)
    session.update(score=report.score, model=transcript.model)
    emit(report, console, json_out, title=f"mock {round_} — {bp.prompt.title}")
    console.print(f"[dim]Saved as session {session.id} in {session.dir}[/]")
