"""One check's result, and the small helpers every check uses."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Literal

Status = Literal["ok", "warn", "fail"]
RECORD_S = 0.5


@dataclass
class Check:
    name: str
    status: Status
    detail: str
    fix: str = ""


def _platform() -> str:
    return "linux" if sys.platform.startswith("linux") else "macos" if sys.platform == "darwin" else "windows" if os.name == "nt" else sys.platform


def _first_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return text[0] if text else type(e).__name__
