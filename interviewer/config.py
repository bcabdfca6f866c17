"""The user's defaults: a TOML file in the platform's config folder, set once, validated like the rubrics.

    # ~/.config/mock/config.toml  (Linux; `mock config` prints the path on any platform)
    voice = "system"          # piper | system
    device = "USB"            # microphone and speaker, by (part of) its name or its index
    silence_stop = 10         # the wait while the end of an answer cannot be judged from its words (never < 8)
    model = "~/models/whisper-small-ct2"   # a local CTranslate2 Whisper model directory
    round = "behavioral"      # what `mock` alone runs, and the rubric `mock score FILE` uses
    home = "~/interview-practice"          # where sessions are stored
    followups = false         # ask follow-up questions after an answer

Every value is looked up in this order: a flag on the command line, then the environment
(``MOCK_VOICE``, ``MOCK_DEVICE``, ``MOCK_SILENCE_STOP``, ``MOCK_MODEL``, ``MOCK_ROUND``, ``MOCK_HOME``,
``MOCK_FOLLOWUPS``), then the file, then the built-in default. ``MOCK_CONFIG`` names another file.
Unknown keys and bad values are errors that name the file (or the variable) and the field, in one line.

``model`` and ``home`` were environment variables before there was a file: the file's value stands in
for the variable when it is unset (:func:`apply`), so every reader of ``MOCK_MODEL``/``MOCK_HOME`` gets
the same precedence without knowing about the file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from interviewer.errors import MockError

CONFIG_ENV = "MOCK_CONFIG"
FILE_NAME = "config.toml"


class ConfigError(MockError):
    """A malformed config file or environment variable: exit 4, like a malformed rubric."""

    exit_code = 4


@cache
def schema():
    """The file's pydantic model (built on first use: commands without a config file never import pydantic here)."""
    from pydantic import BaseModel, ConfigDict, Field

    from interviewer.bank.prompts import Round

    class UserConfig(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True)

        voice: Literal["piper", "system"] | None = None
        device: str | int | None = None
        silence_stop: float | None = Field(default=None, gt=0)
        model: str | None = Field(default=None, min_length=1)
        round: Round | None = None
        home: str | None = Field(default=None, min_length=1)
        followups: bool | None = None

    return UserConfig


@dataclass(frozen=True)
class Key:
    name: str
    env: str
    default: Any
    default_text: str  # how `mock config` shows the default
    flag: str  # the command-line flag that beats everything ("" when a command, not a flag, decides)
    help: str


KEYS: dict[str, Key] = {k.name: k for k in (
    Key("voice", "MOCK_VOICE", "piper", "piper", "--voice", "the interviewer's voice: piper or system"),
    Key("device", "MOCK_DEVICE", None, "the system default", "--device", "microphone and speaker, by name or index"),
    Key("silence_stop", "MOCK_SILENCE_STOP", 8.0, "8", "--silence-stop", "the wait while the end of an answer cannot be judged from its words (never < 8)"),
    Key("model", "MOCK_MODEL", None, "the bundled tiny.en", "--model", "a local CTranslate2 Whisper model directory"),
    Key("round", "MOCK_ROUND", None, "none", "",
        "what `mock` alone runs; the rubric `mock score FILE` uses"),
    Key("home", "MOCK_HOME", None, "", "", "where sessions are stored"),
    Key("followups", "MOCK_FOLLOWUPS", True, "true", "--no-followups", "ask follow-up questions after an answer"),
)}
PATH_KEYS = ("model", "home")  # relative paths in the file are relative to the file's folder
_applied: dict[str, str] = {}  # environment variables :func:`apply` set from the file


def config_path() -> Path:
    """``$MOCK_CONFIG``, else ``config.toml`` in the platform's user config folder (``~/.config/mock`` on Linux)."""
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("mock", appauthor=False)) / FILE_NAME


def default_home() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("mock", appauthor=False))


def _one_line(where: str, err) -> str:
    first = err.errors()[0]
    field = ".".join(str(p) for p in first["loc"]) or "(top level)"
    return f"{where}: {field}: {first['msg']}"


@cache
def _load_file(path: Path) -> dict[str, Any]:
    """The file's settings (only those it sets); {} when there is no file."""
    from interviewer.bank.datafile import load_toml_model

    if not path.exists():
        return {}
    if path.is_dir():
        raise ConfigError(f"{path} is a folder, not a config file.", hint=f"Point {CONFIG_ENV} at a .toml file.")
    cfg = load_toml_model(path, schema(), ConfigError, "config")
    values = cfg.model_dump(exclude_none=True)
    for k in PATH_KEYS:
        v = values.get(k)
        # home is always a folder; model may also be a model's name, so only what looks like a path is a path
        if v is not None and (k == "home" or "/" in v or os.sep in v or v.startswith(("~", "."))):
            p = Path(v).expanduser()
            values[k] = str(p if p.is_absolute() else (path.parent / p))
    return values


def file_values() -> dict[str, Any]:
    return _load_file(config_path())


def env_value(key: str) -> Any:
    """The validated value of ``key``'s environment variable, or None when it is unset or empty."""
    k = KEYS[key]
    raw = os.environ.get(k.env)
    if raw is None or raw == "" or _applied.get(k.env) == raw:  # unset, or the file's value standing in
        return None
    from pydantic import ValidationError

    try:
        return getattr(schema().model_validate({key: raw}), key)
    except ValidationError as e:
        raise ConfigError(f"{_one_line(f'{k.env}={raw!r}', e)}.", hint=f"Fix or unset {k.env}.") from None


def resolve(key: str, flag: Any = None) -> tuple[Any, str]:
    """``(value, source)`` for ``key``: the flag, else the environment, else the file, else the default."""
    k = KEYS[key]
    if flag is not None:
        return flag, "flag"
    env = env_value(key)
    if env is not None:
        return env, f"environment ({k.env})"
    values = file_values()
    if key in values:
        return values[key], f"file ({config_path()})"
    if key == "home":
        return str(default_home()), "default"
    return k.default, "default"


def value(key: str, flag: Any = None) -> Any:
    return resolve(key, flag)[0]


def apply() -> None:
    """Let the file's ``model`` and ``home`` stand in for ``MOCK_MODEL``/``MOCK_HOME`` when those are unset."""
    values = file_values()
    for key in PATH_KEYS:
        env = KEYS[key].env
        if not os.environ.get(env) and key in values:
            os.environ[env] = _applied[env] = str(values[key])


def no_followups_option(flag: bool | None) -> bool:
    """``--no-followups/--followups`` when given, else the inverse of the ``followups`` setting."""
    return flag if flag is not None else not value("followups")


def default_round() -> str | None:
    return value("round")


def round_rubric(round_: str) -> str:
    """The rubric a round's prompts use (its prompt file's ``rubric``), for `mock score FILE`."""
    from interviewer.bank.prompts import prompts_for

    bank = prompts_for(round_)
    return bank[0].rubric if bank else "modeling"


# --- `mock config` ----------------------------------------------------------------------------------


def effective(flags: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    flags = flags or {}
    rows = []
    for key, k in KEYS.items():
        val, source = resolve(key, flags.get(key))
        shown = k.default_text if source == "default" and k.default_text else val
        rows.append({"key": key, "value": val, "shown": shown, "source": source, "env": k.env, "flag": k.flag, "help": k.help})
    return rows


def show(flags: dict[str, Any], json_out: bool) -> None:
    import json
    import sys

    from rich.console import Console
    from rich.table import Table

    path = config_path()
    state = "found" if path.is_file() else "not found: every value below comes from a flag, the environment or the default"
    rows = effective(flags)
    if json_out:
        sys.stdout.write(json.dumps({"file": str(path), "file_exists": path.is_file(),
                                     "settings": {r["key"]: {"value": r["value"], "source": r["source"]} for r in rows}},
                                    indent=2) + "\n")
        return
    console = Console()
    console.print(f"Config file: {path} ({state})", markup=False, highlight=False)
    t = Table(title="Effective settings (a flag beats the environment, which beats the file, which beats the default)")
    for col in ("key", "value", "from", "flag / variable"):
        t.add_column(col, overflow="fold")
    for r in rows:
        t.add_row(r["key"], "" if r["shown"] is None else str(r["shown"]).lower() if isinstance(r["shown"], bool) else str(r["shown"]),
                  r["source"], " / ".join(x for x in (r["flag"], r["env"]) if x))
    console.print(t)
