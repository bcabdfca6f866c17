"""The machine and the settings: `mock devices`, `mock config`, `mock doctor`."""

from __future__ import annotations

import sys
from typing import Optional

import typer

from interviewer.cli.common import JsonOpt, ModelOpt, app, esc


@app.command()
def devices(json_out: bool = JsonOpt) -> None:
    """List audio inputs (microphones) and outputs (speakers): pass a name or index to --device."""
    import dataclasses
    import json

    from interviewer.audio.devices import list_devices

    from rich.console import Console
    from rich.table import Table

    found = list_devices()
    if json_out:
        sys.stdout.write(json.dumps([dataclasses.asdict(d) for d in found], indent=2) + "\n")
        return
    if not found:
        Console().print("No audio devices found: no sound card and no sound server. Use --answer FILE to score a recording.")
        return
    t = Table(title="Audio devices")
    for col in ("index", "name", "inputs", "outputs", "default"):
        t.add_column(col)
    for d in found:
        t.add_row(str(d.index), esc(d.name), str(d.inputs), str(d.outputs), d.default)
    Console().print(t)


@app.command("config")
def config_cmd(
    voice: Optional[str] = typer.Option(None, "--voice", metavar="piper|system", help="Show the effect of this flag too."),
    device: Optional[str] = typer.Option(None, "--device", "-d", metavar="NAME|INDEX", help="Show the effect of this flag too."),
    silence_stop: Optional[float] = typer.Option(None, "--silence-stop", metavar="SECONDS", help="Show the effect of this flag too."),
    model: Optional[str] = typer.Option(None, "--model", metavar="DIR", help="Show the effect of this flag too."),
    json_out: bool = typer.Option(False, "--json", help="Write {file, file_exists, settings: {key: {value, source}}} as JSON on stdout."),
) -> None:
    """Your settings: each effective value and where it came from (flag, environment, config file, default)."""
    from interviewer.config import show

    show({"voice": voice, "device": device, "silence_stop": silence_stop, "model": model}, json_out)


@app.command()
def doctor(
    device: Optional[str] = typer.Option(None, "--device", "-d", metavar="NAME|INDEX", help="Check this device (default: `mock config`)."),
    model: Optional[str] = ModelOpt,
    voice: Optional[str] = typer.Option(None, "--voice", metavar="piper|system", help="Check this voice (default: `mock config`)."),
    json_out: bool = typer.Option(False, "--json", help="Write {version, ok, checks: [{name, status, detail, fix}]} as JSON on stdout."),
) -> None:
    """Check what a live mock needs (Python, model, voice, microphone, speaker, session folder, libraries) and how to fix it."""
    from interviewer.doctor import doctor as run_doctor

    code = run_doctor(device=device, model=model, voice=voice, json_out=json_out)
    if code:
        raise typer.Exit(code)
