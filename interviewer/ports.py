"""The round's ports: the small protocols :func:`interviewer.pipeline.run_round` talks to.

The CLI builds them from flags (:func:`interviewer.live.build_ports`): a voice or the printed question
for :class:`Speaker`, the microphone or given files for :class:`AnswerSource`, Whisper for
:class:`Transcriber`, the session folder for :class:`Store`. Tests pass fakes.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from interviewer.asr.decode import Transcriber  # noqa: F401 - a port too: audio -> Transcript (batch)

if TYPE_CHECKING:
    from typing import Callable

    import numpy as np

    from interviewer.bank.prompts import BoundPrompt
    from interviewer.bank.rubrics import Rubric
    from interviewer.sessions.store import Session
    from interviewer.asr.decode import Decoded, TranscribeOptions
    from interviewer.types import Transcript


class Speaker(Protocol):
    """Says the interviewer's lines (a voice through the speaker, or printed); ``until()``, asked while a line plays,
    stops it early (a key pressed during the practice loop's model answer)."""

    def say(self, text: str, until: "Callable[[], bool] | None" = None) -> None: ...


@dataclass(frozen=True)
class Heard:
    """One answer as captured: its length, why it stopped, and (live) the transcript streamed while it was spoken."""

    duration_s: float
    stopped_by: str
    transcript: "Transcript | None" = None  # None: transcribe the stored file


class AnswerSource(Protocol):
    """Where the candidate's answers come from: the microphone (streamed transcript) or given files.

    ``listen`` stores the answer at ``dest`` and returns what was heard, or None when there is no answer
    to give (a follow-up with no reply file). ``guard`` wraps creating the session and storing the first
    answer; ``discard_on_failure`` says whether a failure there removes the new session; ``release`` ends the round
    (a microphone kept open between its answer and the follow-ups' replies closes)."""

    discard_on_failure: bool

    def guard(self) -> AbstractContextManager: ...

    def prepare(self) -> None: ...

    def release(self) -> None: ...

    def listen(self, session: "Session", dest: Path, target_s: float, *, speaker: Speaker | None = None,
               question: str | None = None) -> Heard | None: ...


class Decoder(Protocol):
    """What the streaming transcriber needs from a model (:class:`~interviewer.asr.decode.WhisperTranscriber`)."""

    options: "TranscribeOptions"

    @property
    def model_name(self) -> str: ...

    def decode_full(self, samples: "np.ndarray", offset: float = 0.0, context: str = "", fallback: bool = True,
                    first: "Callable[[list[Word]], bool | None] | None" = None) -> "Decoded": ...


class Store(Protocol):
    """Creates the session a round is stored in."""

    def create(self, prompt: "BoundPrompt", rubric: "Rubric") -> "Session": ...


class Screen(Protocol):
    def heading(self, text: str, note: str = "") -> None: ...

    def note(self, text: str) -> None: ...

    def status(self, text: str) -> AbstractContextManager: ...
