"""Where the shipped data lives: the rubrics, the question bank and drills, the sample answer.

The repository keeps them at its top level (``rubrics/``, ``prompts/``, ``recordings/``): that is
the source, edited there. A wheel carries the same files as package data under
``interviewer/data/`` (``pyproject.toml`` maps each folder into the package at build time), found
through :mod:`importlib.resources`. A checkout, or an editable install of it, has no
``interviewer/data/`` and reads the top-level folders directly.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[2]


def data_dir(kind: str) -> Path:
    """The folder holding ``kind`` (``rubrics``, ``prompts`` or ``recordings``): in the package, else the checkout."""
    packaged = files("interviewer").joinpath("data", kind)
    if packaged.is_dir():
        return Path(str(packaged))  # pip, pipx and uv always unpack wheels: a real folder
    return CHECKOUT / kind


def sample_answer() -> Path:
    """The shipped sample answer that `mock demo` scores."""
    return data_dir("recordings") / "sample-modeling.flac"
