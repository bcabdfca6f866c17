"""The live rounds (`mock modeling`, `sql`, …, `behavioral`) and `mock drill`: options parsed here, the round
itself run by :mod:`interviewer.live`."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from interviewer.cli.common import JsonOpt, ModelOpt, _no_followups, _setting, app, consoles


PromptOpt = typer.Option(None, "--prompt", "-p", metavar="ID", help="Prompt id (see `mock list`). Default: one not practiced in the last day, weakest first.")
VoiceOpt = typer.Option(None, "--voice", metavar="piper|system", callback=_setting("voice"), help="The interviewer's voice: piper (natural, offline; the default) or system (pyttsx3). Default: `mock config`.")
NoVoiceOpt = typer.Option(False, "--no-voice", help="Print the question instead of speaking it.")
DeviceOpt = typer.Option(None, "--device", "-d", metavar="NAME|INDEX", callback=_setting("device"), help="Audio device for the microphone and speaker (see `mock devices`; default: `mock config`).")
SilenceOpt = typer.Option(None, "--silence-stop", metavar="SECONDS", callback=_setting("silence_stop"), help="The silence that ends the answer while its end cannot be judged yet (never less than 8); a finished sentence ends it sooner, an open one waits longer (default 8, or `mock config`).")
MaxOpt = typer.Option(None, "--max", metavar="SECONDS", help="Stop recording after this long (default: twice the prompt's target time).")
AnswerOpt = typer.Option(None, "--answer", metavar="FILE", help="Score this recording instead of using the microphone.")
FollowAnswerOpt = typer.Option(None, "--followup-answer", metavar="FILE", help="With --answer: a recording of your reply to a follow-up (repeat for the second).")
NoFollowOpt = typer.Option(None, "--no-followups/--followups", callback=_no_followups, help="Do not ask follow-up questions (default: ask them, or `mock config`).")
ShowAnswerOpt = typer.Option(False, "--show-answer", help="After the report, print (and speak) the key points of a model answer.")


def run_round(round_: str, *, prompt_id: str | None, rubric_name: str | None = None, **opts) -> None:
    """One live mock: choose a prompt, speak it, record the answer, transcribe, score, follow up, store, report."""
    from interviewer.live import RoundOptions, run_live_round

    o = RoundOptions(rubric_name=rubric_name, **{k: v for k, v in opts.items() if k != "followup_answers"},
                     followup_answers=list(opts.get("followup_answers") or []))
    run_live_round(round_, prompt_id=prompt_id, opts=o, console=consoles(o.json_out))


ROUND_HELP = {
    "modeling": "A live data-modeling mock: clarify, frame, build, stress.",
    "sql": "Narrate a SQL solution out loud: clarify the data, name the approach, walk the query, volunteer edge cases.",
    "python": "Narrate a Python drill: restate, brute force, optimize, test, state the complexity.",
    "streaming": "A streaming deep-dive question (S1-S8, the play-event walkthrough), about 90 seconds each.",
    "design": "System design lite (D1-D4): clarify, frame the architecture, build it, stress it.",
    "questions": "The last five minutes: ask the interviewer your two or three questions.",
}


def _round_command(round_: str) -> None:
    def command(
        prompt: Optional[str] = PromptOpt, voice: str = VoiceOpt, no_voice: bool = NoVoiceOpt, device: Optional[str] = DeviceOpt,
        silence_stop: float = SilenceOpt, max_s: Optional[float] = MaxOpt, answer: Optional[Path] = AnswerOpt,
        followup_answer: Optional[list[Path]] = FollowAnswerOpt, json_out: bool = JsonOpt, no_followups: bool = NoFollowOpt,
        show_answer: bool = ShowAnswerOpt, model: Optional[str] = ModelOpt,
    ) -> None:
        run_round(round_, prompt_id=prompt, voice=voice, no_voice=no_voice, device=device, silence_stop=silence_stop,
                  max_s=max_s, answer=answer, followup_answers=followup_answer, json_out=json_out, no_followups=no_followups,
                  show_answer=show_answer, model=model)

    command.__doc__ = ROUND_HELP[round_]
    app.command(round_)(command)


for _r in ("modeling", "sql", "python", "streaming", "design", "questions"):
    _round_command(_r)


@app.command()
def behavioral(
    star: bool = typer.Option(True, "--star/--no-star", help="Score as a 90-second STAR story (the default)."),
    prompt: Optional[str] = PromptOpt, voice: str = VoiceOpt, no_voice: bool = NoVoiceOpt, device: Optional[str] = DeviceOpt,
    silence_stop: float = SilenceOpt, max_s: Optional[float] = MaxOpt, answer: Optional[Path] = AnswerOpt,
    followup_answer: Optional[list[Path]] = FollowAnswerOpt, json_out: bool = JsonOpt, no_followups: bool = NoFollowOpt,
    show_answer: bool = ShowAnswerOpt, model: Optional[str] = ModelOpt,
) -> None:
    """A behavioral or resume probe, answered as a 90-second STAR story."""
    run_round("behavioral", rubric_name="behavioral-star" if star else "behavioral-free", prompt_id=prompt, voice=voice,
              no_voice=no_voice, device=device, silence_stop=silence_stop, max_s=max_s, answer=answer,
              followup_answers=followup_answer, json_out=json_out, no_followups=no_followups, show_answer=show_answer, model=model)


@app.command()
def drill(
    day: int = typer.Argument(..., min=1, max=5, help="Which day of the 5-day drill pack (1-5)."),
    answer_dir: Optional[Path] = typer.Option(None, "--answer-dir", metavar="DIR", help="Take each answer from DIR/<prompt-id>.<wav|flac|mp3|ogg|m4a> (follow-up replies: DIR/<prompt-id>.followup-1.wav, …) instead of the microphone."),
    voice: str = VoiceOpt, no_voice: bool = NoVoiceOpt, device: Optional[str] = DeviceOpt, silence_stop: float = SilenceOpt,
    json_out: bool = JsonOpt, no_followups: bool = NoFollowOpt, show_answer: bool = ShowAnswerOpt, model: Optional[str] = ModelOpt,
) -> None:
    """Run one day of the notebook's 5-day drill pack: its prompts one after another, each on the clock."""
    from interviewer.drill import run_drill

    run_drill(day, answer_dir=answer_dir, voice=voice, no_voice=no_voice, device=device, silence_stop=silence_stop,
              json_out=json_out, no_followups=no_followups, model=model, console=consoles(json_out), show_answer=show_answer)
