"""`mock demo` and `mock score`: a recording (the shipped sample, any file, or a stored session) scored."""

from __future__ import annotations

from typing import Optional

import typer

from interviewer.cli.common import JsonOpt, ModelOpt, app, consoles, emit, esc
from interviewer.cli.params import parse_score_target


@app.command()
def demo(model: Optional[str] = ModelOpt, json_out: bool = JsonOpt) -> None:
    """Score the shipped sample answer to a modeling prompt (no microphone, no network)."""
    from interviewer.bank.prompts import find_prompt
    from interviewer.bank.resources import sample_answer
    from interviewer.bank.rubrics import load_rubric
    from interviewer.pipeline import score_file
    from interviewer.asr.decode import WhisperTranscriber

    console = consoles(json_out)
    bp = find_prompt("modeling-viewing-history")
    sample = sample_answer()
    console.print(f"[bold]Prompt[/] ({bp.id}): {esc(bp.prompt.text)}")
    console.print(f"[dim]Scoring the sample answer {esc(sample.parent.name)}/{esc(sample.name)} …[/]")
    transcriber = WhisperTranscriber(model)
    scored = score_file(sample, load_rubric(bp.rubric), transcriber, prompt_id=bp.id, key_points=list(bp.prompt.key_points))
    console.print(f"[bold]Transcript[/]: {esc(scored.transcript.text)}\n")
    emit(scored.report, console, json_out, title=f"mock demo — {bp.prompt.title}")


@app.command("score")
def score_cmd(
    target: str = typer.Argument(..., metavar="FILE|ID", help="An audio file (WAV, FLAC, MP3, OGG, M4A) or a stored session id."),
    rubric: Optional[str] = typer.Option(None, "--rubric", "-r", metavar="NAME|PATH", help="Rubric name (modeling, behavioral-star, …) or a .toml file. Default: the prompt's rubric, the session's, or modeling."),
    prompt: Optional[str] = typer.Option(None, "--prompt", "-p", metavar="ID", help="The prompt the recording answers (`mock list`): adds key-point coverage and picks its rubric."),
    model: Optional[str] = ModelOpt,
    json_out: bool = JsonOpt,
) -> None:
    """Score any recording, or re-score a stored session (after a rubric change, say)."""
    from interviewer.bank.prompts import find_prompt
    from interviewer.bank.rubrics import load_rubric
    from interviewer.pipeline import score_file, score_session
    from interviewer.sessions.store import Session
    from interviewer.asr.decode import WhisperTranscriber

    console = consoles(json_out)
    bound = find_prompt(prompt) if prompt else None  # an unknown id is the user's error: say so
    found = parse_score_target(target)  # an id that is not there: SessionNotFound, pointing at `mock history`
    if isinstance(found, Session):
        rub = load_rubric(rubric or (bound.rubric if bound else found.meta().rubric))
        if found.status == "interrupted":
            console.print(f"[dim]Session {found.id} was interrupted; scoring what was recorded.[/]")
        scored = score_session(found, WhisperTranscriber(model), rubric=rub, prompt=bound)
    else:
        from interviewer.config import default_round, round_rubric

        rub = load_rubric(rubric or (bound.rubric if bound else round_rubric(default_round() or "modeling")))
        scored = score_file(found, rub, WhisperTranscriber(model), prompt_id=bound.id if bound else None,
                            key_points=list(bound.prompt.key_points) if bound else None)
    emit(scored.report, console, json_out, title=f"mock score — {target}")
