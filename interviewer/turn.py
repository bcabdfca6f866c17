"""End of the answer, decided like a person: how long the pause is, whether the last sentence sounds
finished, and how far the answer is against its target length.

The cues (open last words and phrases, phrases asking for more time, the waits) are data:
``conversation/turn-taking.toml``. The recorder asks :meth:`EndOfTurn.wait_s` how much trailing silence
ends the answer now; the words come from the streaming transcriber (committed words plus its
speculative decode of the open tail), so the judgement is on what was actually said.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Callable, Literal

from pydantic import BaseModel, ConfigDict, Field

from interviewer.bank.datafile import load_toml_model
from interviewer.errors import MockError
from interviewer.bank.resources import data_dir
from interviewer.trace import mark

Ending = Literal["complete", "open", "more", "unknown"]


class TurnCues(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    complete_s: float = Field(gt=0, le=10)
    early_s: float = Field(gt=0, le=20)
    progress_done: float = Field(ge=0, le=2)
    open_s: float = Field(ge=8, le=60)
    unknown_s: float = Field(default=8.0, ge=8, le=60)
    more_s: float = Field(ge=8, le=120)
    untranscribed_s: float = Field(gt=0, le=5)
    need_final_mark: bool = True
    open_words: list[str]
    open_phrases: list[str] = Field(default_factory=list)
    more_time_phrases: list[str] = Field(default_factory=list)


CUES_FILE = "turn-taking.toml"


@cache
def load_cues(path: Path | None = None) -> TurnCues:
    return load_toml_model(path or data_dir("conversation") / CUES_FILE, TurnCues, MockError, "turn-taking")


def _norm(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9' ]+", " ", text.lower()).split()


def _ends_with(words: list[str], phrase: str) -> bool:
    p = phrase.split()
    return len(words) >= len(p) and words[-len(p):] == p


def _near_end(words: list[str], phrase: str, slack: int = 3) -> bool:
    """``phrase`` among the last words (up to ``slack`` words after it: "give me a second to think")."""
    p = phrase.split()
    window = words[-(len(p) + slack):]
    return any(window[i:i + len(p)] == p for i in range(len(window) - len(p) + 1))


def ending(text: str, cues: TurnCues) -> Ending:
    """How the answer so far ends: "complete", "open" (a thought left unfinished), "more" (asked for time),
    or "unknown" (nothing decoded)."""
    raw = text.strip()
    words = _norm(raw)
    if not words:
        return "unknown"
    tail = words[-12:]
    if any(_near_end(tail, p) for p in cues.more_time_phrases):
        return "more"
    if raw.endswith(("...", "…", ",", ";", ":", "-", "—")):
        return "open"  # Whisper's own mark of a clause left hanging
    if raw.endswith("?"):
        return "open"  # a question left in the air: the candidate may be asking themself, or the interviewer
    if tail[-1] in cues.open_words or any(_ends_with(tail, p) for p in cues.open_phrases):
        return "open"
    if cues.need_final_mark and not raw.endswith((".", "!", '."', '!"')):
        return "open"  # Whisper did not close the sentence
    return "complete"


@dataclass
class EndOfTurn:
    """The trailing silence that ends the answer now.

    ``heard()`` returns (text so far, seconds of audio the text covers, where its last word ends);
    ``ceiling_s`` is the longest wait when the words cannot be judged (``--silence-stop``), never below the cues'
    ``unknown_s``: a thinking pause may be under way while the decoder catches up."""

    heard: Callable[[], tuple[str, float, float]]
    target_s: float | None = None
    ceiling_s: float = 8.0
    cues: TurnCues | None = None
    margin_s: float = 0.6  # the text must cover speech up to this close to the last voiced block

    def __post_init__(self):
        self.cues = self.cues or load_cues()
        self._more = threading.Event()
        self.last: Ending = "unknown"

    def more_time(self) -> None:
        """The candidate asked for time (a key): the next pause may last up to ``more_s``."""
        self._more.set()

    def voiced(self) -> None:
        """Speech again after a pause: a request for time has been used."""
        self._more.clear()

    def wait_s(self, elapsed_s: float, last_voice_s: float) -> float:
        c = self.cues
        if self._more.is_set():
            self.last = "more"
            return max(c.more_s, self.ceiling_s)
        text, covered, last_word_end = self.heard()
        kind: Ending = ending(text, c) if covered + self.margin_s >= last_voice_s else "unknown"
        if kind == "complete" and last_voice_s - last_word_end > c.untranscribed_s:
            kind = "open"  # speech after the last decoded word: Whisper drops a trailing "and", "um", a broken-off word
        if kind != self.last:
            mark("turn", f"{kind} at={elapsed_s:.2f} voice={last_voice_s:.2f} covered={covered:.2f} word={last_word_end:.2f}")
        self.last = kind
        if kind == "more":
            return max(c.more_s, self.ceiling_s)
        if kind == "open":
            return max(c.open_s, self.ceiling_s)
        if kind == "unknown":
            return max(c.unknown_s, self.ceiling_s)
        done = self.target_s is None or elapsed_s >= c.progress_done * self.target_s
        return min(c.complete_s if done else c.early_s, self.ceiling_s)
