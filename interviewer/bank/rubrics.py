"""Rubrics are data: ``rubrics/*.toml``, validated by the pydantic models below.

Unknown keys are rejected, and every error names the file and the field, e.g.
``rubrics/modeling.toml: beats.0.target_s: Input should be a valid number``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from interviewer.bank.checks import Position, Strict as _Strict, check_seconds, check_words
from interviewer.bank.datafile import load_toml_model
from interviewer.bank.resources import data_dir
from interviewer.errors import RubricError

RUBRICS_DIR = data_dir("rubrics")

BeatName = Literal["clarify", "frame", "build", "stress"]
StructureFeature = Literal["tasked", "announces", "unit", "weighs", "explains", "outcome", "outlines", "scene", "deed", "narrates"]  # the keys of interviewer.scoring.structure.FEATURES


class BeatSpec(_Strict):
    name: BeatName
    description: str
    min_s: float = Field(ge=0)
    max_s: float | None = Field(default=None, gt=0)
    cues: list[str] = Field(min_length=1)
    advice: str | None = None  # what to say when the beat is missing (default: from the description)
    move_on: str | None = None  # what to say to close the beat when it runs past max_s (the note quotes it)
    priority: int | None = None  # feedback order when missing (lower first; default 10 + its place in the rubric)
    examples: list[str] = Field(default_factory=list)  # sentences that do this beat, in plain words: heard by meaning
    structure: dict[StructureFeature, float] = Field(default_factory=dict)  # {feature: evidence}: how a sentence is built
    position: Position | None = None  # where in the answer the beat usually sits: guides where it is placed, not whether
    claims: float = Field(default=0.0, ge=0)  # evidence of a sentence that names a failure mode and explains it

    @field_validator("cues")
    @classmethod
    def _cue_words(cls, v: list[str]) -> list[str]:
        return check_words(v, "cue")

    @field_validator("min_s", "max_s")
    @classmethod
    def _seconds(cls, v: float | None) -> float | None:
        return check_seconds(v, "a beat")

    @model_validator(mode="after")
    def _min_below_max(self) -> "BeatSpec":
        if self.max_s is not None and self.min_s >= self.max_s:
            raise ValueError(f"min_s ({self.min_s:g}) must be below max_s ({self.max_s:g})")
        return self


class PhraseSpec(_Strict):
    id: str
    text: str
    paraphrases: list[str] = Field(default_factory=list)
    advice: str
    supports: BeatName | None = None  # saying the phrase is evidence for this beat
    examples: list[str] = Field(default_factory=list)  # sentences that say it in other words: heard by meaning
    priority: int = 35  # feedback order when the phrase was not said (lower first)
    structure: list[StructureFeature] = Field(default_factory=list)  # how a sentence of its beat does it in other words

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("a phrase id must not be empty")
        return v

    @field_validator("text")
    @classmethod
    def _text_words(cls, v: str) -> str:
        check_words([v], "phrase")
        return v


class FailureMode(_Strict):
    """One failure mode: its cue (synonyms separated by ``|``) and sentences that describe it in other words."""
    cue: str
    examples: list[str] = Field(default_factory=list)

REASON_MARKERS = ["so", "because", "since", "which", "which means", "means", "then", "otherwise", "instead", "unless", "until",
                  "therefore", "that way", "to avoid", "to handle", "we handle", "we'd", "we would", "i'd", "i would",
                  "when", "whenever", "if", "after"]

class FailureModeSpec(_Strict):
    min_volunteered: int = Field(ge=0)
    cues: list[str | FailureMode] = Field(min_length=1)
    label: str = "edge cases or failure modes"  # what the feedback calls them
    # words that say why a failure happens or what is done about it: a named failure counts only with one
    reasons: list[str] = Field(default_factory=lambda: list(REASON_MARKERS))

    @property
    def modes(self) -> list[FailureMode]:
        return [c if isinstance(c, FailureMode) else FailureMode(cue=c) for c in self.cues]

    @field_validator("cues")
    @classmethod
    def _cue_words(cls, v: list[str | FailureMode]) -> list[str | FailureMode]:
        check_words([c.cue if isinstance(c, FailureMode) else c for c in v], "cue")
        return v


class StarPartSpec(_Strict):
    name: Literal["situation", "task", "action", "result"]
    target_s: float = Field(gt=0)
    cues: list[str] = Field(min_length=1)
    advice: str
    trim: str | None = None  # how to tell this part shorter when it runs past its budget (the note says it)
    description: str = ""
    examples: list[str] = Field(default_factory=list)  # sentences that tell this part, in plain words
    structure: dict[StructureFeature, float] = Field(default_factory=dict)  # {feature: evidence}: how a sentence is built

    @field_validator("cues")
    @classmethod
    def _cue_words(cls, v: list[str]) -> list[str]:
        return check_words(v, "cue")

    @field_validator("target_s")
    @classmethod
    def _seconds(cls, v: float) -> float:
        return check_seconds(v, "a STAR part")


class StarSpec(_Strict):
    total_s: float = Field(gt=0)
    too_long: str | None = None  # what to do next time when the whole story runs past total_s
    tolerance: float = Field(default=0.5, gt=0, lt=1)
    parts: list[StarPartSpec]
    # parts may be told in any order; opening a part before one that canonically precedes it costs this much evidence
    order_penalty: float = Field(default=0.5, ge=0)

    @field_validator("total_s")
    @classmethod
    def _seconds(cls, v: float) -> float:
        return check_seconds(v, "a STAR story")

    @model_validator(mode="after")
    def _all_parts(self) -> "StarSpec":
        names = [p.name for p in self.parts]
        if names != ["situation", "task", "action", "result"]:
            raise ValueError("parts must be situation, task, action, result in that order")
        return self


class SilenceSpec(_Strict):
    min_gap_s: float = Field(default=3.0, gt=0)

    @field_validator("min_gap_s")
    @classmethod
    def _gap(cls, v: float) -> float:
        return check_seconds(v, "a silence", least=(0.5, "min_gap_s below 0.5 s would count every pause between words as a silence"))


class PaceSpec(_Strict):
    min_wpm: float = Field(default=110, gt=0)
    max_wpm: float = Field(default=180, gt=0)
    window_s: float = Field(default=30, gt=0)

    @field_validator("window_s")
    @classmethod
    def _window(cls, v: float) -> float:
        return check_seconds(v, "a pace window", least=(1, "window_s must be at least 1 second"))

    @field_validator("min_wpm", "max_wpm")
    @classmethod
    def _wpm(cls, v: float) -> float:
        if v > 1000:
            raise ValueError("nobody speaks more than 1000 words a minute")
        return v

    @model_validator(mode="after")
    def _min_below_max(self) -> "PaceSpec":
        if self.min_wpm >= self.max_wpm:
            raise ValueError(f"min_wpm ({self.min_wpm:g}) must be below max_wpm ({self.max_wpm:g})")
        return self


class FillerSpec(_Strict):
    words: list[str] = Field(min_length=1)
    max_per_minute: float = Field(default=4.0, ge=0)

    @field_validator("words")
    @classmethod
    def _filler_words(cls, v: list[str]) -> list[str]:
        return check_words(v, "filler")


class NotePriorities(_Strict):
    """Feedback order of the notes that are not tied to a beat or a phrase (lower comes first)."""

    star_part_missing: int = 12
    star_total_long: int = 14
    result_without_number: int = 15
    long_silence: int = 18  # a silence of 5 s or more
    failure_modes: int = 26
    coverage: int = 28
    star_part_long: int = 32
    star_part_short: int = 34
    silence: int = 36
    thinking_time: int = 38
    beat_length: int = 40
    fillers: int = 42
    pace: int = 44
    one_question: int = 45
    off_topic: int = 5
    late_questions: int = 16


class CoverageSpec(_Strict):
    """Under ``off_topic_below`` of the key points and about another question (scoring.topic): at most the cap."""
    off_topic_below: float = Field(default=0.2, ge=0, le=1)
    off_topic_cap: int = Field(default=50, ge=0, le=100)
    off_topic_margin: float = Field(default=0.15, ge=0, le=2)
    off_topic_floor: float = Field(default=0.2, ge=-1, le=1)


class Weights(_Strict):
    beats: float = Field(default=0, ge=0)
    phrases: float = Field(default=0, ge=0)
    failure_modes: float = Field(default=0, ge=0)
    star: float = Field(default=0, ge=0)
    coverage: float = Field(default=0, ge=0)
    fluency: float = Field(default=0, ge=0)

    @model_validator(mode="after")
    def _some_weight(self) -> "Weights":
        values = [v for v in self.model_dump().values() if isinstance(v, (int, float))]
        if any(v > 1000 for v in values):
            raise ValueError("weights are relative: keep each at most 1000")
        if sum(values) <= 0:
            raise ValueError("at least one weight must be positive")
        return self


class Rubric(_Strict):
    name: str
    title: str
    description: str = ""
    weights: Weights
    beats: list[BeatSpec] = Field(default_factory=list)
    phrases: list[PhraseSpec] = Field(default_factory=list)
    failure_modes: FailureModeSpec | None = None
    vocabulary: list[str] = Field(default_factory=list)
    star: StarSpec | None = None
    silence: SilenceSpec = SilenceSpec()
    pace: PaceSpec = PaceSpec()
    fillers: FillerSpec
    notes: NotePriorities = NotePriorities()
    coverage: CoverageSpec = CoverageSpec()
    # fluency earns its full weight only when the content subscores average at least this (0: always);
    # a fluent list of terms does not earn delivery points for content it never gave
    fluency_needs_content: float = Field(default=50, ge=0, le=100)

    def beat_priority(self, k: int) -> int:
        """Feedback order of the note for the ``k``-th beat missing."""
        return self.beats[k].priority if self.beats[k].priority is not None else 10 + k

    @model_validator(mode="after")
    def _consistent(self) -> "Rubric":
        names = [b.name for b in self.beats]
        if len(set(names)) != len(names):
            raise ValueError("each beat may appear once")
        ids = [p.id for p in self.phrases]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"phrase ids must be unique: {', '.join(dupes)} appears more than once")
        if self.weights.star and self.star is None:
            raise ValueError("weights.star is set but there is no [star] section")
        if self.weights.beats and not self.beats:
            raise ValueError("weights.beats is set but there are no [[beats]]")
        if self.weights.coverage <= 0:
            raise ValueError("weights.coverage must be positive: when the prompt is known, its key points weigh in")
        for p in self.phrases:
            if p.supports is not None and p.supports not in names:  # its structure is heard inside it (else anywhere)
                raise ValueError(f"phrase '{p.id}' supports beat '{p.supports}', which this rubric does not have")
        return self


def load_rubric_file(path: Path) -> Rubric:
    return load_toml_model(path, Rubric, RubricError, "rubric")


def available_rubrics(directory: Path = RUBRICS_DIR) -> list[str]:
    return sorted(p.stem for p in directory.glob("*.toml"))


def load_rubric(name_or_path: str, directory: Path = RUBRICS_DIR) -> Rubric:
    """A rubric by name (``modeling``) from ``rubrics/``, or by path to a TOML file."""
    candidate = Path(name_or_path)
    if candidate.suffix == ".toml" or candidate.exists() or "/" in name_or_path:
        return load_rubric_file(candidate)
    path = directory / f"{name_or_path}.toml"
    if not path.exists():
        known = ", ".join(available_rubrics(directory)) or "none"
        raise RubricError(f"Unknown rubric '{name_or_path}'.", hint=f"Known rubrics: {known}; or pass a path to a .toml file.")
    return load_rubric_file(path)
