"""The entry point: every error that reaches the top becomes one line on stderr and its exit code, mapped
here and only here (:func:`exit_for`)."""

from __future__ import annotations

import errno
import os
import sys

from interviewer.cli.common import app
from interviewer.errors import MockError, StorageError


def exit_for(e: BaseException) -> tuple[str, int]:
    """The one mapping from an error that reached the top to the line shown and the exit code."""
    if isinstance(e, MockError):
        return str(e), e.exit_code
    if isinstance(e, KeyboardInterrupt):
        return "interrupted.", 130
    if isinstance(e, OSError):
        err = StorageError.from_os(e)
        if err.errno in (errno.ENOSPC, errno.EDQUOT):
            return str(err), err.exit_code
        return f"{e.strerror or e} ({getattr(e, 'filename', '') or ''}). Run with --debug for details.", 1
    return f"internal error: {type(e).__name__}: {e}. Run with --debug for the traceback.", 70  # a bug: still one line


def main() -> None:
    debug = "--debug" in sys.argv[1:] or os.environ.get("MOCK_DEBUG") == "1"
    os.umask(0o077)  # recordings are private: whatever mock creates is owner-only from its first byte
    try:
        app(prog_name="mock")
    except (Exception, KeyboardInterrupt) as e:
        if debug and not isinstance(e, KeyboardInterrupt):
            raise
        line, code = exit_for(e)
        sys.stderr.write(f"mock: {line}\n")
        sys.exit(code)
