"""The question bank: ``prompts/*.toml``, one file per round, validated like the rubrics."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from interviewer.errors import PromptError
from interviewer.types import FocusedPart
from interviewer.bank.checks import Strict as _Strict
from interviewer.bank.datafile import load_toml_model
from interviewer.bank.resources import data_dir

PROMPTS_DIR = data_dir("prompts")
DRILLS_FILE = "drills.toml"

Round = Literal["modeling", "sql", "python", "streaming", "behavioral", "design", "questions"]
ROUNDS: tuple[str, ...] = ("modeling", "sql", "python", "streaming", "behavioral", "design", "questions")

# What a follow-up probes: a beat, a STAR part, or thin key-point coverage.
Probe = Literal["clarify", "frame", "build", "stress", "situation", "task", "action", "result", "coverage", "phrase:grain", "phrase:tradeoff", "phrase:breaks"]


class FollowUp(_Strict):
    probe: Probe
    text: str


class Prompt(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    text: str
    rubric: str | None = None  # defaults to the round's rubric
    target_s: float = Field(gt=0)
    key_points: list[str] = Field(default_factory=list)
    # sentences that make a key point in an answer's own words ("what went wrong": "the load kept timing out because
    # …"), by point: a point worded as what to say, not as what is said, is heard by them too
    examples: dict[str, list[str]] = Field(default_factory=dict)
    # prompts of the round one true answer may answer as well (a data-quality story may be the duplicates one): never
    # the "other question" an answer is taken for (either side may say it)
    overlaps: list[str] = Field(default_factory=list)
    followups: list[FollowUp] = Field(default_factory=list)
    source: str = ""

    @model_validator(mode="after")
    def _examples_of_points(self) -> "Prompt":
        unknown = sorted(set(self.examples) - set(self.key_points))
        if unknown:
            raise ValueError(f"examples for points that are not key points: {unknown}")
        return self

    @field_validator("target_s")
    @classmethod
    def _target(cls, v: float) -> float:
        from interviewer.bank.checks import check_seconds

        return check_seconds(v, "a target")

    @field_validator("text", "title")
    @classmethod
    def _said(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("must not be empty")
        return v

    @field_validator("key_points")
    @classmethod
    def _points(cls, v: list[str]) -> list[str]:
        from interviewer.bank.checks import check_words

        return check_words(v, "key point")


class PromptFile(_Strict):
    round: Round
    rubric: str
    description: str = ""
    prompts: list[Prompt] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> "PromptFile":
        ids = [p.id for p in self.prompts]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate prompt ids: {', '.join(dupes)}")
        return self


class BoundPrompt(_Strict):
    """A prompt with its round and resolved rubric name."""

    round: Round
    rubric: str
    prompt: Prompt
    focus: FocusedPart | None = None  # a focused attempt on one part of a bank question (the practice loop's `w`)

    @property
    def id(self) -> str:
        return self.prompt.id


def load_prompt_file(path: Path) -> PromptFile:
    return load_toml_model(path, PromptFile, PromptError, "prompt")


@cache
def load_bank(directory: Path = PROMPTS_DIR) -> tuple[BoundPrompt, ...]:
    out: list[BoundPrompt] = []
    seen: set[str] = set()
    for path in sorted(directory.glob("*.toml")):
        if path.name == DRILLS_FILE:
            continue  # the drill pack lists prompt ids; it is not a bank of its own
        pf = load_prompt_file(path)
        for p in pf.prompts:
            if p.id in seen:
                raise PromptError(f"{path}: prompt id '{p.id}' is used twice in the bank")
            seen.add(p.id)
            out.append(BoundPrompt(round=pf.round, rubric=p.rubric or pf.rubric, prompt=p))
    rubric_of = {b.id: b.rubric for b in out}
    for b in out:
        stray = [o for o in b.prompt.overlaps if rubric_of.get(o) != b.rubric]
        if stray:
            raise PromptError(f"prompt '{b.id}': overlaps {stray} are not prompts of its rubric '{b.rubric}'")
    return tuple(out)


def prompts_for(round_: str, directory: Path = PROMPTS_DIR) -> list[BoundPrompt]:
    return [b for b in load_bank(directory) if b.round == round_]


def find_prompt(prompt_id: str, directory: Path = PROMPTS_DIR) -> BoundPrompt:
    for b in load_bank(directory):
        if b.id == prompt_id:
            return b
    raise PromptError(f"Unknown prompt '{prompt_id}'.", hint="Run `mock list` to see the prompt ids.")


def contrast_points(prompt_id: str, directory: Path = PROMPTS_DIR) -> list[str]:
    """The key points of every other prompt scored with the same rubric: what an answer to a neighbouring
    question would say (coverage hears a point when the answer is nearer it than any of these); [] for an
    unknown prompt."""
    bank = load_bank(directory)
    own = next((b for b in bank if b.id == prompt_id), None)
    if own is None:
        return []
    return list(dict.fromkeys(k for b in bank if b.rubric == own.rubric and b.id != prompt_id for k in b.prompt.key_points))


def prompt_topics(prompt_id: str, directory: Path = PROMPTS_DIR) -> list[list[str]]:
    """What each prompt of the round is about, the asked one first: its question and its key points (the scorer
    tells an incomplete answer from an answer to another question by them); [] for an unknown prompt."""
    bank = load_bank(directory)
    own = next((b for b in bank if b.id == prompt_id), None)
    if own is None:
        return []
    peers = [own, *(b for b in bank if b.rubric == own.rubric and b.id != prompt_id
                    and b.id not in own.prompt.overlaps and prompt_id not in b.prompt.overlaps)]
    return [[b.prompt.text, *b.prompt.key_points] for b in peers]
