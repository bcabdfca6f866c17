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
