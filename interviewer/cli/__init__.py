"""`mock`: the command line. Thin: parameters parsed at the edge (:mod:`.params`), the pipeline composed
by the commands (:mod:`.scoring`, :mod:`.sessions`, :mod:`.rounds`, :mod:`.setup`), every domain error
mapped to one line and an exit code once (:mod:`.main`).

Heavy libraries (faster-whisper, numpy, sounddevice, PyAV) are imported inside the commands that
need them, so `mock --help` starts about as fast as typer itself.
"""

from interviewer.cli.common import app, consoles, emit, esc  # noqa: F401

# the commands, registered in the order `mock --help` lists them
from interviewer.cli import scoring, sessions  # noqa: E402,F401
from interviewer.cli import setup as _setup  # noqa: E402,F401
from interviewer.cli import rounds  # noqa: E402,F401
from interviewer.cli.main import exit_for, main  # noqa: E402,F401
from interviewer.cli.rounds import run_round  # noqa: E402,F401

# `mock --help` lists the commands in this order (as it always has), whichever module defines them
ORDER = ("demo", "score", "history", "replay", "devices", "modeling", "sql", "python", "streaming", "design", "questions",
         "behavioral", "list", "drill", "config", "doctor")
app.registered_commands.sort(key=lambda c: ORDER.index(c.name or c.callback.__name__))
