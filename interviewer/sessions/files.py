"""Private files for voice data: folders 0700, files 0600 from their first byte, JSON written atomically
(temp file, fsync, rename), and every failed write turned into one :class:`StorageError` line that keeps
the ``errno`` (``ENOSPC`` for a full disk) for the CLI to map."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from interviewer.errors import StorageError


def private_dir(path: Path) -> Path:
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(path, 0o700)
    except OSError as e:
        raise StorageError(f"Cannot create {path}: {e.strerror}.", hint="Set MOCK_HOME to a writable folder.", errno=e.errno) from None
    return path


def storage_error(path: Path, e: OSError, what: str | None = None) -> StorageError:
    """One line for a failed write: the file we meant to write (never a temporary name), why, and what to do."""
    what = what or path.name
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return StorageError(f"The disk is full; could not write {what} in {path.parent}.",
                            hint="Free some space and try again; anything already recorded is kept.", errno=e.errno)
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StorageError(f"Cannot write {what} in {path.parent}: {e.strerror}.",
                            hint="Check the folder's permissions, or set MOCK_HOME to a writable folder.", errno=e.errno)
    return StorageError(f"Cannot write {what} in {path.parent}: {e.strerror or e}.", errno=e.errno)


class private_file:
    """``open(path, "wb")`` for a new file that is 0600 from its first byte (``os.open`` with the mode, and
    O_EXCL: never someone else's file or a symlink)."""

    def __init__(self, path: Path):
        self.path = path

    def __enter__(self):
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        self.f = os.fdopen(fd, "wb")
        return self.f

    def __exit__(self, *exc) -> None:
        self.f.close()


def write_private(path: Path, data: bytes) -> None:
    """Atomically write ``data`` to ``path`` with mode 0600 from its first byte (temp file, fsync, rename)."""
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")  # mkstemp: 0600
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as e:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        raise storage_error(path, e) from None
    except BaseException:  # SIGTERM, Ctrl-C: no half-written temp file left behind
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        raise


def store_answer_copy(audio, dest: Path) -> float:
    """Copy a given recording (already decoded: :class:`~interviewer.audio.files.Audio`) into the session as 16 kHz
    PCM WAV, so replay works the same for every session.

    The copy goes to a hidden temporary file created 0600 (private from its first byte), written in
    ten-second blocks and renamed over ``dest`` once complete: a full disk or a SIGTERM during the copy leaves
    no partial ``answer.wav`` (the temporary file is removed) and the user's own file is untouched.
    """
    import wave

    import numpy as np

    tmp = dest.with_name(f".{dest.name}.part")
    pcm_max = 32767
    try:
        with sigterm_raises(), private_file(tmp) as f, wave.open(f, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(audio.sample_rate)
            block = audio.sample_rate * 10
            for i in range(0, audio.samples.size, block):
                chunk = np.clip(audio.samples[i:i + block], -1.0, 1.0)
                w.writeframesraw(np.rint(chunk * pcm_max).astype("<i2").tobytes())
            w.close()  # the header, now that the length is known
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, dest)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise storage_error(dest, e, "the answer") from None
        raise
    return audio.duration_s


class sigterm_raises:
    """While storing a copy, SIGTERM raises :class:`~interviewer.errors.Terminated` (exit 143) instead of killing
    the process outright, so the half-written copy is removed (main thread only; restored afterwards)."""

    def __enter__(self):
        import signal
        import threading

        self._old = None
        if threading.current_thread() is threading.main_thread():
            def handler(signum, frame):  # noqa: ARG001
                from interviewer.errors import Terminated

                signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM ends the process at once
                raise Terminated("Stopped (SIGTERM) while storing the answer; nothing was kept.",
                                 hint="Your own recording is untouched; run the command again.")

            self._old = signal.signal(signal.SIGTERM, handler)
        return self

    def __exit__(self, *exc) -> None:
        import signal

        if self._old is not None:
            signal.signal(signal.SIGTERM, self._old)
