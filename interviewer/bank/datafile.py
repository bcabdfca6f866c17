"""Declarative data files (rubrics, prompts, drills): TOML validated by a pydantic model.

Every failure is one line naming the file and, for a validation error, the field:
``rubrics/modeling.toml: beats.0.min_s: Input should be a valid number``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from interviewer.errors import MockError

M = TypeVar("M", bound=BaseModel)


def format_validation(path: Path, err: ValidationError) -> str:
    first = err.errors()[0]
    field = ".".join(str(p) for p in first["loc"]) or "(top level)"
    more = f" (and {err.error_count() - 1} more)" if err.error_count() > 1 else ""
    return f"{path}: {field}: {first['msg'].removeprefix('Value error, ')}{more}"


def load_toml_model(path: Path, model: type[M], error: type[MockError], what: str) -> M:
    """``path`` parsed as TOML and validated as ``model``; problems raise ``error`` with one line."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise error(f"{what.capitalize()} file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise error(f"Cannot read {what} file {path}: {e}") from None
    except tomllib.TOMLDecodeError as e:
        raise error(f"{path}: not valid TOML: {e}") from None
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise error(format_validation(path, e), hint="Fix the field and try again.") from None
