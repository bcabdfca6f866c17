"""Domain errors. Each carries one line for the user: what happened and what to do.

The CLI maps them to a message on stderr and a non-zero exit code; nothing below the CLI prints.
"""

from __future__ import annotations


class MockError(Exception):
    """A user-facing failure. ``str(err)`` is the one line shown to the user."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip() if self.hint else self.message


class AudioFileError(MockError):
    """A recording that cannot be read: missing, a directory, empty, not audio."""

    exit_code = 2


class NoSpeechError(MockError):
    exit_code = 3


class RubricError(MockError):
    exit_code = 4


class PromptError(MockError):
    exit_code = 4


class ModelError(MockError):
    exit_code = 5


class DeviceError(MockError):
    exit_code = 6


class StorageError(MockError):
    exit_code = 7


class SessionNotFound(MockError):
    exit_code = 2


class SessionDamaged(MockError):
    """A session folder that cannot be read as a session (meta.json missing or not valid, unreadable folder)."""

    exit_code = 2


class Terminated(MockError):
    """SIGTERM while something had to be cleaned up first."""

    exit_code = 143
