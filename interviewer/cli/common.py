"""The typer app, its root callback (``mock`` alone runs the configured default round), the options
shared by several commands, and the consoles the commands print on."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import typer

from interviewer.ui import emit, esc  # noqa: F401 - the commands render with them (shared with the live round)

if TYPE_CHECKING:
    from rich.console import Console



app = typer.Typer(
    name="mock",
    help="An offline voice mock-interviewer for senior data-engineering interviews.\n\n"
    "It speaks a question, records your spoken answer, transcribes it locally with Whisper and "
    "scores it the way a senior interviewer listens. Nothing leaves your machine.",
    add_completion=False,
    no_args_is_help=False,  # `mock` alone: the default round when one is configured, else this help (_root)
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(show: bool) -> None:
    if show:
        from interviewer.doctor import version

        sys.stdout.write(f"mock {version()}\n")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    debug: bool = typer.Option(False, "--debug", help="Show full tracebacks for errors."),
    show_version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    if debug:
        os.environ["MOCK_DEBUG"] = "1"
    from interviewer import config

    if ctx.invoked_subcommand != "doctor":  # the doctor reports a malformed config among its checks
        config.apply()
    if ctx.invoked_subcommand is None:
        round_ = config.default_round()
        if round_ is None:
            typer.echo(ctx.get_help(), err=True)  # as click does for a bare group: help on stderr, exit 2
            raise typer.Exit(2)
        from interviewer.cli.rounds import run_round

        run_round(round_, prompt_id=None, voice=config.value("voice"), no_voice=False, device=config.value("device"),
                  silence_stop=config.value("silence_stop"), max_s=None, answer=None, followup_answers=[], json_out=False,
                  no_followups=not config.value("followups"), show_answer=False, model=None)


def _setting(key: str):
    """An option's callback: the flag, else the environment, else the config file, else the default (interviewer/config.py)."""

    def callback(flag):
        from interviewer.config import value

        return value(key, flag)

    return callback


def _no_followups(flag: bool | None) -> bool:
    from interviewer.config import no_followups_option

    return no_followups_option(flag)


ModelOpt = typer.Option(None, "--model", metavar="tiny|base|small|DIR",
                        help="The Whisper model: tiny (tiny.en), base, small, or a local CTranslate2 Whisper model directory (default: $MOCK_MODEL, else tiny).")
JsonOpt = typer.Option(False, "--json", help="Write the report as JSON on stdout (the human display goes to stderr).")


def consoles(json_out: bool) -> "Console":
    from rich.console import Console

    return Console(stderr=True) if json_out else Console()


