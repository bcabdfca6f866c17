"""The pipeline, one stage after another: (speak -> record) -> transcribe -> score.

The CLI composes these; every stage takes and returns typed objects, and the hardware stages are
protocols (:class:`~interviewer.speak.Speaker`, :class:`~interviewer.record.Microphone`,
:class:`~interviewer.transcribe.Transcriber`) so a file can stand in for the microphone.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Callable
from pathlib import Path

from interviewer.audio import load_audio
from interviewer.errors import NoSpeechError
from interviewer.rubric import Rubric
from interviewer.scoring.meaning import Embedder
from interviewer.transcribe import Transcriber
from interviewer.types import Report, Transcript


@dataclass(frozen=True)
class Scored:
    transcript: Transcript
    report: Report


def transcribe_file(path: str | Path, transcriber: Transcriber) -> Transcript:
    audio = load_audio(path)
    transcript = transcriber.transcribe(audio)
    if not transcript.words:
        raise NoSpeechError(
            f"No speech was heard in {path} ({audio.duration_s:.1f} s of audio).",
            hint="Check the microphone level (`mock devices`) and answer out loud.",
        )
    return transcript


def score_transcript(transcript: Transcript, rubric: Rubric, *, prompt_id: str | None = None, key_points: list[str] | None = None,
                     embedder: Embedder | None = None) -> Report:
    """Score with the sentence embedder (the process-wide MiniLM one unless given), so meaning counts."""
    from interviewer.score import score

    if embedder is None:
        from interviewer.embed import default_embedder

        embedder = default_embedder()
    return score(transcript, rubric, prompt_id=prompt_id, key_points=key_points, embedder=embedder)


def score_file(path: str | Path, rubric: Rubric, transcriber: Transcriber, *, prompt_id: str | None = None, key_points: list[str] | None = None) -> Scored:
    transcript = transcribe_file(path, transcriber)
    return Scored(transcript=transcript, report=score_transcript(transcript, rubric, prompt_id=prompt_id, key_points=key_points))


def warm_scorer(rubric: Rubric, key_points: list[str] | None = None) -> None:
    """Load the sentence embedder and embed the rubric's exemplars and the key points now (in a live
    round: while the candidate speaks), so scoring after the answer pays for the answer's sentences only."""
    from interviewer.embed import default_embedder
    from interviewer.scoring.evidence import rubric_texts

    default_embedder().embed(rubric_texts(rubric) + list(key_points or []))


def warm_in_background(rubric: Rubric, key_points: list[str] | None = None) -> threading.Thread:
    """:func:`warm_scorer` on a background thread; a failure here surfaces (once) when scoring.

    Not a daemon: a process that ends early (a full disk while storing the answer, say) waits for the
    load to finish instead of tearing the interpreter down under onnxruntime's initialisation, which
    aborted with std::bad_alloc."""
    def run() -> None:
        try:
            warm_scorer(rubric, key_points)
        except Exception:  # noqa: BLE001 - scoring loads the model again and reports the error there
            pass

    t = threading.Thread(target=run, name="warm-scorer", daemon=False)
    t.start()
    return t


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
            target = embedder or default_embedder()
            while not stop.wait(every_s):
                sents = sentences(words())[:-1]
                texts = [s.text for s in sents] + sorted({s.context for s in sents if s.context})
                if texts:
                    target.embed(texts)
        except Exception:  # noqa: BLE001 - only a head start: scoring embeds whatever is missing
            pass

    threading.Thread(target=run, name="embed-while-speaking", daemon=True).start()
    return stop
