"""Domain errors. Each carries one line for the user: what happened and what to do.

They are raised where the failure happens (the device, the disk, a data file) and mapped ONCE, in the
CLI's entry point, to a message on stderr and the class's exit code; nothing below the CLI prints.
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

    @classmethod
    def in_audio(cls, source: object, duration_s: float) -> "NoSpeechError":
        """The one no-speech message, for a file or a live answer alike."""
        return cls(f"No speech was heard in {source} ({duration_s:.1f} s of audio).",
                   hint="Check the microphone level (`mock devices`) and answer out loud.")


class RubricError(MockError):
    exit_code = 4


class PromptError(MockError):
    exit_code = 4


class ModelError(MockError):
    exit_code = 5


class DeviceError(MockError):
    """A microphone or speaker that is missing, busy or failing (PortAudio's errors, mapped at the edge)."""

    exit_code = 6
    cause: BaseException | None = None  # the device's own error (PortAudio's), where one was mapped

    @classmethod
    def speaker(cls, e: BaseException) -> "DeviceError":
        """A speaker that would not open or play (sounddevice's PortAudioError), as the one domain error: for
        every audio output there is (raised by :class:`interviewer.audio.playback.Playback`); ``cause`` keeps it."""
        err = cls(f"The speaker would not play ({e}).", hint="Pick another with --device (see `mock devices`).")
        err.cause = e
        return err


class StorageError(MockError):
    """A write or read of mock's own files that failed; ``errno`` says why (``errno.ENOSPC``: the disk is full)."""

    exit_code = 7

    def __init__(self, message: str, *, hint: str | None = None, errno: int | None = None):
        super().__init__(message, hint=hint)
        self.errno = errno

    @classmethod
    def from_os(cls, e: OSError) -> "StorageError":
        """An OSError that escaped to the top: one line, keeping its errno."""
        import errno as E

        if e.errno in (E.ENOSPC, E.EDQUOT):
            return cls("The disk is full.", hint="Free some space and try again; anything already recorded was kept.", errno=e.errno)
        where = f" ({e.filename})" if getattr(e, "filename", None) else ""
        return cls(f"{e.strerror or e}{where}.", hint="Run with --debug for details.", errno=e.errno)


class SessionNotFound(MockError):
    exit_code = 2


class SessionDamaged(MockError):
    """A session folder that cannot be read as a session (meta.json missing or not valid, unreadable folder)."""

    exit_code = 2


class Terminated(MockError):
    """SIGTERM while something had to be cleaned up first."""

    exit_code = 143
