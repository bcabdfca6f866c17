"""The pipeline, one stage after another: (speak -> record) -> transcribe -> score -> follow up -> store.

:func:`run_round` is the one place a round runs, live or from files; its hardware and storage are
ports (:mod:`interviewer.ports`), built by the CLI from flags. A drill is a loop over it; re-scoring a
file or a stored session is its batch tail (:func:`score_file`).
"""

from __future__ import annotations

import threading
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from interviewer.audio.files import load_audio
from interviewer.errors import MockError, NoSpeechError
from interviewer.bank.rubrics import Rubric
from interviewer.scoring.meaning import Embedder
from interviewer.sessions.store import NO_SPEECH
from interviewer.asr.decode import Transcriber
from interviewer.trace import mark
from interviewer.types import FocusedPart, Report, Transcript

if TYPE_CHECKING:
    from interviewer.ports import AnswerSource, Screen, Speaker, Store
    from interviewer.bank.prompts import BoundPrompt


@dataclass(frozen=True)
class Scored:
    transcript: Transcript
    report: Report


def transcribe_file(path: str | Path, transcriber: Transcriber) -> Transcript:
    audio = load_audio(path)
    transcript = transcriber.transcribe(audio)
    if not transcript.words:
        raise NoSpeechError.in_audio(path, audio.duration_s)
    return transcript


def score_transcript(transcript: Transcript, rubric: Rubric, *, prompt_id: str | None = None, key_points: list[str] | None = None,
                     embedder: Embedder | None = None, focus: FocusedPart | None = None) -> Report:
    """Score with the sentence embedder (the process-wide MiniLM one unless given), so meaning counts; ``focus``: a
    focused attempt, judged on that part only."""
    from interviewer.score import score

    if embedder is None:
        from interviewer.embed import default_embedder

        embedder = default_embedder()
    return score(transcript, rubric, prompt_id=prompt_id, key_points=key_points, embedder=embedder,
                 contrast=_contrast(prompt_id) if key_points else None, focus=focus,
                 topics=_topics(prompt_id) if key_points else None, examples=_examples(prompt_id) if key_points else None)


def _contrast(prompt_id: str | None) -> list[str]:
    """The key points of the bank's other prompts of the same rubric (coverage's neighbours), [] when unknown."""
    from interviewer.bank.prompts import contrast_points

    try:
        return contrast_points(prompt_id) if prompt_id else []
    except MockError:
        return []


def _bound(prompt_id: str | None) -> "BoundPrompt | None":
    """The bank prompt of that id, None when there is none."""
    from interviewer.bank.prompts import find_prompt

    try:
        return find_prompt(prompt_id) if prompt_id else None
    except MockError:
        return None


def _examples(prompt_id: str | None) -> dict[str, list[str]]:
    """The bank prompt's sentences that make its key points in an answer's own words, {} when unknown."""
    bound = _bound(prompt_id)
    return dict(bound.prompt.examples) if bound else {}


def _topics(prompt_id: str | None) -> list[list[str]]:
    """The asked prompt's question and key points, then each neighbour's (what each is about), [] when unknown."""
    from interviewer.bank.prompts import prompt_topics

    try:
        return prompt_topics(prompt_id) if prompt_id else []
    except MockError:
        return []


def score_file(path: str | Path, rubric: Rubric, transcriber: Transcriber, *, prompt_id: str | None = None, key_points: list[str] | None = None,
               focus: FocusedPart | None = None) -> Scored:
    # ready while Whisper decodes: the bank prompt, whose neighbours, questions and examples prepare() embeds too
    warm_in_background(rubric, (_bound(prompt_id) or key_points) if key_points else None)
    transcript = transcribe_file(path, transcriber)
    return Scored(transcript=transcript, report=score_transcript(transcript, rubric, prompt_id=prompt_id, key_points=key_points, focus=focus))


def score_session(session, transcriber: Transcriber, *, rubric: Rubric | None = None, prompt=None) -> Scored:
    """The batch tail of the pipeline: transcribe and score a stored session's audio (an interrupted one
    too) and store the result in the session (``mock score ID``, ``mock replay`` of an unscored session).

    ``rubric`` and ``prompt`` (a BoundPrompt) override the session's own; by default the session's rubric
    and, if its prompt is still in the bank, that prompt's key points. A recording that was cut off stays
    "interrupted" (its WAV header repaired first), one that was only left unscored becomes "complete"."""
    from interviewer.bank.prompts import find_prompt
    from interviewer.bank.rubrics import load_rubric
    from interviewer.errors import AudioFileError, MockError
    from interviewer.audio.wavfile import repair_wav

    meta = session.meta()
    if not session.audio_path.is_file():
        raise AudioFileError(f"Session {session.id} has no recording ({session.audio_path.name} is missing).",
                             hint="Nothing was captured; start a new round.")
    focus = meta.focus if prompt is None else None  # a focused attempt is re-scored as one (unless --prompt says otherwise)
    if prompt is None and meta.prompt_id and focus is None:
        try:
            prompt = find_prompt(meta.prompt_id)
        except MockError:
            prompt = None  # the prompt left the bank since: score without key-point coverage
    rub = rubric or load_rubric(meta.rubric)
    cut_off = meta.status in ("recording", "interrupted")  # the answer itself was cut short (not just left unscored)
    recovered = repair_wav(session.audio_path) if cut_off else 0.0  # the last half second past the header is audio too
    scored = score_file(session.audio_path, rub, transcriber, prompt_id=prompt.id if prompt else meta.prompt_id,
                        key_points=list(prompt.prompt.key_points) if prompt else None, focus=focus)
    # A recording that never finished (the process died while writing it, the disk filled) is cut short even
    # though its repaired header now decodes to the end: say so, as for any truncated file.
    if not scored.report.truncated and cut_off and (meta.status == "recording" or meta.stopped_by == "disk_full" or recovered > 0):
        scored = Scored(scored.transcript.model_copy(update={"truncated": True}), scored.report.model_copy(update={"truncated": True}))
    session.save_transcript(scored.transcript)
    session.save_report(scored.report)
    session.update(score=scored.report.score, rubric=rub.name, duration_s=round(scored.report.duration_s, 3),
                   model=scored.transcript.model or meta.model, status="interrupted" if cut_off else "complete")
    return scored


def warm_in_background(rubric: Rubric, key_points: "list[str] | BoundPrompt | None" = None) -> threading.Thread:
    """The embedder loads and the rubric's exemplars and the key points (a bank prompt's: its neighbours' too)
    are embedded (or read from the disk cache) on a thread, while the question is asked or Whisper decodes:
    scoring then pays for the answer's own sentences only (:func:`interviewer.embed.prepare`). A failure here
    surfaces, once, when scoring."""
    from interviewer.embed import prepare_in_background

    return prepare_in_background(rubric, key_points)


EMBED_EVERY_S = 3.0


def embed_while_speaking(words: Callable[[], list], every_s: float = EMBED_EVERY_S, embedder: Embedder | None = None) -> threading.Event:
    """Embed the answer's finished sentences as the transcriber commits them (all but the last, which
    may still grow), on a daemon thread, so scoring after the answer embeds only the last few.
    Returns the event that stops it."""
    stop = threading.Event()

    def run() -> None:
        from interviewer.embed import default_embedder
        from interviewer.score import sentences

        try:
            target = embedder if embedder is not None else default_embedder()
            while not stop.wait(every_s):
                sents = sentences(words())[:-1]
                texts = [s.text for s in sents] + sorted({s.context for s in sents if s.context})
                if texts:
                    target.embed(texts)
        except Exception:  # noqa: BLE001 - only a head start: scoring embeds whatever is missing
            pass

    threading.Thread(target=run, name="embed-while-speaking", daemon=True).start()
    return stop


# --- one round -----------------------------------------------------------------------------------


class _QuietScreen:
    def heading(self, text: str, note: str = "") -> None:
        pass

    def note(self, text: str) -> None:
        pass

    def status(self, text: str):
        return nullcontext()


@dataclass
class Ports:
    """What :func:`run_round` talks to (see :mod:`interviewer.ports`)."""

    speaker: "Speaker"
    answers: "AnswerSource"
    transcriber: Transcriber
    screen: "Screen" = field(default_factory=_QuietScreen)
    followups: bool = True


def no_speech(path: Path, transcript: Transcript) -> NoSpeechError:
    return NoSpeechError(f"No speech was heard in {path} ({transcript.duration_s:.1f} s of audio).",
                         hint="Check the microphone level (`mock devices`) and answer out loud.")


def heard_transcript(path: Path, streamed: Transcript | None, transcriber: Transcriber) -> Transcript:
    """The streamed transcript of a recorded answer, else the file transcribed; NoSpeechError if nothing was said."""
    if streamed is None:
        return transcribe_file(path, transcriber)
    if not streamed.words:
        raise no_speech(path, streamed)
    return streamed




def run_round(prompt: "BoundPrompt", rubric: Rubric, ports: Ports, store: "Store") -> Report:
    """Ask ``prompt``, take the answer, transcribe, score, ask the follow-ups, store: the round's report.

    The session is created by ``store`` (its ``session`` attribute afterwards); the answer's own report is
    saved before any follow-up, so a failure later keeps it. The answer source is released at the end, however
    the round ends."""
    try:
        return _run_round(prompt, rubric, ports, store)
    finally:
        ports.answers.release()


def _run_round(prompt: "BoundPrompt", rubric: Rubric, ports: Ports, store: "Store") -> Report:
    key_points = list(prompt.prompt.key_points)
    warm_in_background(rubric, prompt)  # the embedder loads while the question is asked (its neighbours' points too)
    ports.answers.prepare()  # a given file is decoded before the session exists: an unreadable one leaves no session
    session = None
    try:
        with ports.answers.guard():
            session = store.create(prompt, rubric)
            ports.screen.heading(prompt.prompt.title, f"({prompt.id}, target {prompt.prompt.target_s:.0f} s, session {session.id})")
            heard = ports.answers.listen(session, session.audio_path, prompt.prompt.target_s, speaker=ports.speaker,
                                         question=prompt.prompt.text)
    except BaseException:
        if ports.answers.discard_on_failure and session is not None:
            session.discard()  # the copy failed (full disk, SIGTERM): no empty "interrupted" session left behind
        raise
    session.update(status="complete", stopped_by=heard.stopped_by, duration_s=round(heard.duration_s, 3))
    with ports.screen.status("Transcribing…" if heard.transcript is None else "Scoring…"):
        try:
            transcript = heard_transcript(session.audio_path, heard.transcript, ports.transcriber)
        except NoSpeechError:
            session.update(stopped_by=NO_SPEECH)  # nothing was said: the prompt does not count as practised
            raise
        session.save_transcript(transcript)
        report = score_transcript(transcript, rubric, prompt_id=prompt.id, key_points=key_points, focus=prompt.focus)
        mark("scored")
    session.save_report(report)  # the answer's own report is safe before any follow-up
    if ports.followups:
        report = _follow_up(report, prompt, rubric, ports, session, key_points)
        session.save_report(report)
    session.update(score=report.score, model=transcript.model)
    return report


def _follow_up(report: Report, prompt: "BoundPrompt", rubric: Rubric, ports: Ports, session, key_points: list[str]) -> Report:
    """Ask the follow-ups the report calls for, score each reply, credit what it recovered (once): the report with them."""
    from interviewer import followup

    exchanges = []
    for i, fu in enumerate(followup.select(report, prompt.prompt), 1):
        dest = session.dir / f"followup-{i}.wav"
        reply = ports.answers.listen(session, dest, min(60.0, prompt.prompt.target_s / 2), speaker=ports.speaker, question=fu.text)
        if reply is None:
            exchanges.append(followup.FollowupExchange(probe=fu.probe, question=fu.text, index=i))
            continue
        try:
            reply_t = heard_transcript(dest, reply.transcript, ports.transcriber)
        except MockError:
            reply_t = None  # nothing said: the follow-up earns nothing
        if reply_t is None:
            exchanges.append(followup.FollowupExchange(probe=fu.probe, question=fu.text, index=i, answer="",
                                                       answer_audio=dest.name, duration_s=round(reply.duration_s, 2)))
            continue
        scored = score_transcript(reply_t, rubric, prompt_id=prompt.id, key_points=key_points)
        got = [g for g in followup.recovered(scored, fu.probe, report) if all(g not in x.recovered for x in exchanges)]  # credited once
        exchanges.append(followup.FollowupExchange(
            probe=fu.probe, question=fu.text, index=i, answer=reply_t.text, answer_audio=dest.name,
            duration_s=round(reply.duration_s, 2), recovered=got, credit=followup.credit(rubric, report, fu.probe, got)))
    return followup.apply(report, exchanges, rubric)
