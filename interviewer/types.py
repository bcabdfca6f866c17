"""Typed objects that flow through the pipeline: speak -> record -> transcribe -> score -> report.

Everything here is plain data (pydantic models) with no I/O, so the scoring core and the
report renderers can be tested on hand-made values.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

REPORT_SCHEMA = "mock.report/1"

BeatName = Literal["clarify", "frame", "build", "stress"]
StarName = Literal["situation", "task", "action", "result"]
Verdict = Literal["ok", "short", "long", "missing"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- transcription ---------------------------------------------------------------------------


# Hesitation sounds (filled pauses) as Whisper spells them, to the canonical form the rubrics list.
HESITATIONS = {"um": "um", "umm": "um", "uhm": "um", "uh": "uh", "uhh": "uh", "er": "er", "erm": "er", "hm": "hm",
               "hmm": "hm", "mm": "mm", "mmm": "mm", "mhm": "mm", "ah": "ah", "ahh": "ah"}


class Word(_Model):
    """One recognised word with its time in seconds from the start of the audio."""

    text: str
    start: float
    end: float
    probability: float = 1.0


class Span(_Model):
    start: float
    end: float

    @property
    def duration(self) -> float:
        return self.end - self.start


class Transcript(_Model):
    """What the transcriber heard: words with times, plus the VAD's speech regions."""

    words: list[Word]
    duration_s: float
    speech: list[Span] = Field(default_factory=list)
    unintelligible: list[Span] = Field(default_factory=list)  # speech no decode could put words on
    model: str = ""
    truncated: bool = False

    @property
    def text(self) -> str:
        return " ".join(w.text.strip() for w in self.words).strip()


# --- report ----------------------------------------------------------------------------------


class BeatResult(_Model):
    name: BeatName
    present: bool
    start: float | None = None
    end: float | None = None
    duration_s: float = 0.0
    target_s: float | None = None
    min_s: float | None = None  # the beat's band: shorter is thin, longer than max_s overruns
    max_s: float | None = None
    evidence: list[str] = Field(default_factory=list)


class PhraseResult(_Model):
    id: str
    text: str
    found: bool
    at: float | None = None
    heard: str | None = None
    similarity: float = 0.0


class StarPart(_Model):
    name: StarName
    present: bool
    start: float | None = None
    end: float | None = None
    duration_s: float = 0.0
    target_s: float
    verdict: Verdict
    has_metric: bool = False


class Silence(_Model):
    start: float
    end: float
    duration_s: float


class FillerHit(_Model):
    text: str
    at: float
    kind: Literal["filled_pause", "lexical"] = "lexical"  # a hesitation sound (um, uh, er, hm, mm) or a word used as filler


class Fillers(_Model):
    count: int
    per_minute: float
    items: list[FillerHit] = Field(default_factory=list)
    filled_pauses: int = 0  # items that are hesitation sounds (silent pauses are the report's `silences`)
    lexical: int = 0  # items that are words used as fillers ("like", "you know", ...)

    @model_validator(mode="after")
    def _kinds(self) -> "Fillers":
        self.filled_pauses = sum(1 for i in self.items if i.kind == "filled_pause")
        self.lexical = len(self.items) - self.filled_pauses
        return self


class PacePoint(_Model):
    start: float
    end: float
    words_per_minute: float


class PaceBand(_Model):
    """The rubric's pace band and where the answer's pace fell in it: decided once, when the answer is scored
    (:func:`interviewer.scoring.grade.judge_pace`), and shown as it was by every view."""

    min_wpm: float
    max_wpm: float
    verdict: Literal["slow", "in band", "fast"]

    def describe(self, wpm: float) -> str:
        """'182 words/min (fast; band 110–185)', '150 words/min (in band 110–185)'."""
        where = "in band" if self.verdict == "in band" else f"{self.verdict}; band"
        return f"{wpm:.0f} words/min ({where} {self.min_wpm:.0f}–{self.max_wpm:.0f})"


class ClaimHeard(_Model):
    """A failure mode heard in one sentence: the rubric's name for it, the words heard, when, and the sentence."""

    mode: str
    name: str
    at: float
    said: str


class FailureModes(_Model):
    volunteered: int
    target: int
    items: list[str] = Field(default_factory=list)
    explained: list[ClaimHeard] = Field(default_factory=list)  # the items, with when and where they were said
    unexplained: list[ClaimHeard] = Field(default_factory=list)  # named or described, never with how or what is done about it


class ClarifyingQuestion(_Model):
    text: str
    at: float


class KeyPointHit(_Model):
    point: str
    covered: bool  # made in full (credit 1)
    at: float | None = None
    heard: str | None = None
    # not covered: the sentence of the answer nearest the point and when it began (None: nothing came near), for the note
    nearest: str | None = None
    nearest_at: float | None = None
    similarity: float = 0.0
    when_asked: bool = False  # not volunteered, but made in a follow-up reply (listed as made when asked, not missed)
    example: str | None = None  # how an answer says the point, when the prompt gives one (the note suggests it)
    # 0-1: what the point earns (1 covered, 0 missed, between: made partly, its evidence near the coverage line);
    # None in an older report: 1 when covered, else 0
    credit: float | None = None

    @model_validator(mode="after")
    def _credit(self) -> "KeyPointHit":
        if self.credit is None:
            self.credit = 1.0 if self.covered else 0.0
        return self

    @property
    def partly(self) -> bool:
        return not self.covered and (self.credit or 0.0) > 0


class Coverage(_Model):
    """How many of the model answer's key points the answer touched, fuzzy-matched."""

    covered: int
    total: int
    items: list[KeyPointHit] = Field(default_factory=list)

    @property
    def credit(self) -> float:
        """The points' credits summed (0 to ``total``): what the coverage subscore is the share of."""
        return sum(i.credit or 0.0 for i in self.items) if self.items else float(self.covered)

    @property
    def missed(self) -> list[str]:
        return [i.point for i in self.items if not i.covered and not i.partly and not i.when_asked]

    @property
    def partly(self) -> list[str]:
        """Points made in part (their evidence near the line), not supplied again when asked."""
        return [i.point for i in self.items if i.partly and not i.when_asked]

    @property
    def made_when_asked(self) -> list[str]:
        return [i.point for i in self.items if not i.covered and i.when_asked]

    def tally(self, noun: str = "talking points", of: str = "") -> str:
        """'2 of 4 talking points', or with points made in part '1 of 4 talking points and 1 partly (1.6 of 4 in all)':
        the one wording of the count (``of``: 'its ' reads '0 of its 4 talking points')."""
        n = sum(1 for i in self.items if i.partly)
        head = f"{self.covered} of {of}{self.total} {noun}"
        return f"{head} and {n} partly ({self.credit:.1f} of {self.total} in all)" if n else head


class FollowupExchange(_Model):
    """One follow-up question, the reply, and what the reply supplied (at reduced credit)."""

    probe: str
    question: str
    index: int  # 1 for the first follow-up, 2 for the second
    answer: str | None = None  # the reply's transcript; None when no reply was given
    answer_audio: str | None = None
    duration_s: float = 0.0
    recovered: list[str] = Field(default_factory=list)
    credit: float = 0.0


class FocusedPart(_Model):
    """A focused attempt (the practice loop's ``w``): one beat or STAR part of a bank question, asked and judged
    on its own. ``part`` is a name from the rubric's data; ``prompt_id`` the whole question's id."""

    prompt_id: str
    part: str
    target_s: float


class Report(_Model):
    """The scored answer. Serialised as the versioned JSON report (see README)."""

    schema_: str = Field(default=REPORT_SCHEMA, alias="schema")
    rubric: str
    prompt_id: str | None = None
    duration_s: float
    transcript: str = ""
    words: list[Word] = Field(default_factory=list)
    beats: list[BeatResult] = Field(default_factory=list)
    clarifying_questions: list[ClarifyingQuestion] = Field(default_factory=list)
    late_questions: list[ClarifyingQuestion] = Field(default_factory=list)  # asked after committing to an answer
    phrases: list[PhraseResult] = Field(default_factory=list)
    failure_modes: FailureModes | None = None
    coverage: Coverage | None = None
    star: list[StarPart] = Field(default_factory=list)
    star_total_s: float | None = None
    star_order: list[StarName] = Field(default_factory=list)  # the parts told, in the order spoken
    star_target_s: float | None = None  # what the whole story should last (the rubric's STAR total)
    silences: list[Silence] = Field(default_factory=list)
    unintelligible: list[Span] = Field(default_factory=list)  # speech heard but no words could be put on it
    thinking_time_s: float = 0.0
    fillers: Fillers
    words_per_minute: float
    pace: list[PacePoint] = Field(default_factory=list)
    pace_band: PaceBand | None = None  # None: nothing was said, or a report scored before the band was recorded
    score: int
    subscores: dict[str, float] = Field(default_factory=dict)
    feedback: list[str] = Field(default_factory=list)
    followups: list[FollowupExchange] = Field(default_factory=list)
    score_volunteered: int | None = None  # the score before follow-ups (None: none were asked)
    truncated: bool = False
    focus: FocusedPart | None = None  # a focused attempt: only this part was scored (None: the whole answer)
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def pace_text(self) -> str:
        """The pace as every view shows it: with the band verdict the scorer recorded, when it recorded one."""
        return self.pace_band.describe(self.words_per_minute) if self.pace_band else f"{self.words_per_minute:.0f} words/min"

    def to_json(self, **kw) -> str:
        return self.model_dump_json(by_alias=True, **kw)
