"""Sanity checks shared by every data-file model (rubrics, prompts): bounded numbers, strings and lists,
and cues that contain words the scorer can match."""

from __future__ import annotations

import math

from pydantic import BaseModel, ConfigDict, Field, model_validator

# Sane ranges for anything a data file says (issue 12): nothing in a rubric may hang or crash the scorer.
MAX_NUMBER = 1e6  # no time, pace, weight or count in a rubric comes near this
MAX_SECONDS = 3600.0  # no beat, STAR part, window or gap is longer than an hour
MAX_TEXT = 2000  # characters in one string
MAX_ITEMS = 500  # entries in one list


def check_sane(model: BaseModel) -> None:
    """Every number finite and at most MAX_NUMBER in size, every string and list bounded: the checks that hold
    for every field of every rubric and prompt model, those added later included. Raises ValueError naming the field."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, bool):
            continue
        if isinstance(value, (int, float)) and not (math.isfinite(value) and abs(value) <= MAX_NUMBER):
            raise ValueError(f"{name} must be a finite number no larger than {MAX_NUMBER:g} (got {value!r})")
        if isinstance(value, str) and len(value) > MAX_TEXT:
            raise ValueError(f"{name} is longer than {MAX_TEXT} characters")
        if isinstance(value, (list, tuple)):
            if len(value) > MAX_ITEMS:
                raise ValueError(f"{name} has more than {MAX_ITEMS} entries")
            for item in value:
                if isinstance(item, str) and len(item) > MAX_TEXT:
                    raise ValueError(f"an entry of {name} is longer than {MAX_TEXT} characters")


def check_words(texts: list[str], what: str) -> list[str]:
    """Each cue, phrase or filler must contain at least one word the scorer can match."""
    from interviewer.score import normalize, _alternatives

    for t in texts:
        if not any(normalize(a) for a in _alternatives(t)):
            raise ValueError(f"{what} {t!r} has no words to listen for")
    return texts


def check_seconds(v: float | None, what: str = "a time", *, least: tuple[float, str] | None = None) -> float | None:
    """``v`` if it is a sane time: at most an hour, and at least ``least[0]`` (else ``least[1]`` says why)."""
    if v is not None and least is not None and v < least[0]:
        raise ValueError(least[1])
    if v is not None and v > MAX_SECONDS:
        raise ValueError(f"{what} longer than {MAX_SECONDS:.0f} s makes no sense for an answer")
    return v


class Strict(BaseModel):
    """The base of every data-file model: unknown keys rejected, frozen, every value sane (:func:`check_sane`)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    @model_validator(mode="after")
    def _sane(self):
        check_sane(self)  # numbers finite and bounded, strings and lists bounded (issue 12)
        return self


class Position(Strict):
    """Where in the answer a part usually sits: ``at`` (0 its start, 1 its end, in time) give or take ``spread``."""

    at: float = Field(ge=0, le=1)
    spread: float = Field(gt=0, le=1)
