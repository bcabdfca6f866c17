"""What every command shows on screen: markup-safe text and the report (rendered, and as JSON with --json).

Shared by the CLI, the live round and the drill, so that none of them imports the CLI.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    from rich.console import Console

    from interviewer.types import Report


def esc(text: str) -> str:
    """``text`` safe inside rich markup: a word like "[/bold]" or "[red]" from a transcript or a data file is
    printed as it is, never parsed as a style (a stray closing tag would even raise)."""
    from rich.markup import escape

    return escape(text)


def emit(report: "Report", console: "Console", json_out: bool, title: str | None = None) -> None:
    from interviewer.report import render

    render(report, console, title=title)
    if json_out:
        sys.stdout.write(report.to_json(indent=2) + "\n")
        sys.stdout.flush()


class Screen:
    """The round's screen: a heading, the interviewer's printed lines, and a status line while the machine works."""

    def __init__(self, console: "Console"):
        self.console = console

    def heading(self, text: str, note: str = "") -> None:
        self.console.print(f"[bold]{esc(text)}[/] [dim]{esc(note)}[/]" if note else f"[bold]{esc(text)}[/]")

    def note(self, text: str) -> None:
        self.console.print(text, style="dim", markup=False, highlight=False)

    @contextmanager
    def status(self, text: str) -> Iterator[None]:
        """A transient spinner line ("Transcribing…", "Scoring…") on a terminal; nothing on a pipe or a file."""
        if self.console.is_terminal:
            with self.console.status(text, spinner="dots"):
                yield
        else:
            yield
