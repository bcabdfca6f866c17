"""Rubrics are data: ``rubrics/*.toml``, validated by the pydantic models below.

Unknown keys are rejected, and every error names the file and the field, e.g.
``rubrics/modeling.toml: beats.0.target_s: Input should be a valid number``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from interviewer.datafile import load_toml_model
from interviewer.errors import RubricError
from interviewer.resources import data_dir

RUBRICS_DIR = data_dir("rubrics")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BeatSpec(_Strict):
    name: Literal["clarify", "frame", "build", "stress"]
    description: str
    min_s: float = Field(ge=0)
    max_s: float | None = Field(default=None, gt=0)
    cues: list[str] = Field(min_length=1)
    advice: str | None = None  # what to say when the beat is missing (default: from the description)


class PhraseSpec(_Strict):
    id: str
    text: str
    paraphrases: list[str] = Field(default_factory=list)
    advice: str


class FailureModeSpec(_Strict):
    min_volunteered: int = Field(ge=0)
    cues: list[str] = Field(min_length=1)


class StarPartSpec(_Strict):
    name: Literal["situation", "task", "action", "result"]
    target_s: float = Field(gt=0)
    cues: list[str] = Field(min_length=1)
    advice: str


class StarSpec(_Strict):
    total_s: float = Field(gt=0)
    tolerance: float = Field(default=0.5, gt=0, lt=1)
    parts: list[StarPartSpec]

    @model_validator(mode="after")
    def _all_parts(self) -> "StarSpec":
        names = [p.name for p in self.parts]
        if names != ["situation", "task", "action", "result"]:
            raise ValueError("parts must be situation, task, action, result in that order")
        return self


class SilenceSpec(_Strict):
    min_gap_s: float = Field(default=3.0, gt=0)


class PaceSpec(_Strict):
    min_wpm: float = Field(default=110, gt=0)
    max_wpm: float = Field(default=180, gt=0)
    window_s: float = Field(default=30, gt=0)


class FillerSpec(_Strict):
    words: list[str] = Field(min_length=1)
    max_per_minute: float = Field(default=4.0, ge=0)


class Weights(_Strict):
    beats: float = Field(default=0, ge=0)
    phrases: float = Field(default=0, ge=0)
    failure_modes: float = Field(default=0, ge=0)
    star: float = Field(default=0, ge=0)
    coverage: float = Field(default=0, ge=0)
    fluency: float = Field(default=0, ge=0)

    @model_validator(mode="after")
    def _some_weight(self) -> "Weights":
        if sum(self.model_dump().values()) <= 0:
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

    @model_validator(mode="after")
    def _consistent(self) -> "Rubric":
        names = [b.name for b in self.beats]
        if len(set(names)) != len(names):
            raise ValueError("each beat may appear once")
        if self.weights.star and self.star is None:
            raise ValueError("weights.star is set but there is no [star] section")
        if self.weights.beats and not self.beats:
            raise ValueError("weights.beats is set but there are no [[beats]]")
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
