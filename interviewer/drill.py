"""The 5-day drill pack (``prompts/drills.toml``): one day's prompts, one after another, each timed."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from interviewer.bank.datafile import load_toml_model
from interviewer.errors import MockError, NoSpeechError, PromptError
from interviewer.bank.prompts import PROMPTS_DIR, find_prompt

AUDIO_EXT = (".wav", ".flac", ".mp3", ".ogg", ".m4a")


class DrillDay(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    day: int = Field(ge=1, le=5)
    title: str
    note: str = ""
    prompts: list[str] = Field(min_length=1)

    @field_validator("prompts")
    @classmethod
    def _known(cls, ids: list[str]) -> list[str]:
        for i in ids:
            find_prompt(i)  # an unknown id is a PromptError naming it
        return ids


class DrillPack(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    days: list[DrillDay] = Field(min_length=5, max_length=5)


def load_drills(path: Path = PROMPTS_DIR / "drills.toml") -> DrillPack:
    return load_toml_model(path, DrillPack, PromptError, "drill")


def _answer_for(answer_dir: Path, prompt_id: str) -> Path | None:
    for ext in AUDIO_EXT:
        p = answer_dir / f"{prompt_id}{ext}"
        if p.is_file():
            return p
    return None


def _followup_answers_for(answer_dir: Path, prompt_id: str) -> list[Path]:
    """Replies to the follow-ups, in order: ``<prompt-id>.followup-1.wav``, ``<prompt-id>.followup-2.wav``."""
    out = []
    for n in (1, 2):
        found = _answer_for(answer_dir, f"{prompt_id}.followup-{n}")
        if found is None:
            break
        out.append(found)
    return out


def run_drill(day: int, **kw) -> None:
    """A day's drill; ALSA/PortAudio's own stderr lines stay off the screen meanwhile (a log with --debug)."""
    from interviewer.audio.quiet import c_stderr_to_log, debug_log_path

    with c_stderr_to_log(debug_log_path()):
        _run_drill(day, **kw)


def _run_drill(day: int, *, answer_dir: Path | None, voice: str, no_voice: bool, device: str | None, silence_stop: float,
               json_out: bool, no_followups: bool, model: str | None, console, show_answer: bool = False) -> None:
    from interviewer.live import RoundOptions
    from interviewer.ui import esc

    plan = next(d for d in load_drills().days if d.day == day)
    if answer_dir is not None and not Path(answer_dir).is_dir():
        raise MockError(f"--answer-dir {answer_dir} is not a folder.", hint="Pass a folder holding <prompt-id>.wav files.")
    console.print(f"[bold]Day {plan.day} — {esc(plan.title)}[/]  [dim]{esc(plan.note)}[/]")
    results: list = []
    failed: list = []  # (prompt, NoSpeechError)
    try:
        _prompts(plan, answer_dir, RoundOptions(voice=voice, no_voice=no_voice, device=device, silence_stop=silence_stop,
                                                json_out=json_out, no_followups=no_followups, show_answer=show_answer,
                                                model=model), console, results, failed)
    except (MockError, KeyboardInterrupt):  # the day stops here: what was done is still summed up, then the error
        done = {bp.id for bp, _ in results}
        rest = [pid for pid in plan.prompts if pid not in done]
        results += [(find_prompt(pid), None) for pid in rest]
        _summary(day, plan.title, results, failed, console, json_out, stopped_at=rest[0] if rest else None)
        raise
    _summary(day, plan.title, results, failed, console, json_out)
    if failed:  # the day ran to the end; the exit code still says an answer had no speech (README: exit 3)
        scored = sum(r is not None for _, r in results)
        raise NoSpeechError(f"No speech was heard in {len(failed)} of the day's answers ({', '.join(bp.id for bp, _ in failed)}); "
                            f"{scored} {'was' if scored == 1 else 'were'} scored.", hint="Check the microphone level (`mock devices`).")


def _prompts(plan, answer_dir: Path | None, base, console, results: list, failed: list) -> None:
    """Each prompt of the day in turn, into ``results`` ((prompt, report or None)) and ``failed`` (no speech)."""
    from dataclasses import replace

    from interviewer.live import SessionStore, build_ports, show_answer as say_answer
    from interviewer.pipeline import run_round
    from interviewer.bank.rubrics import load_rubric
    from interviewer.ui import emit, esc

    shared = None  # one Whisper model for the whole day, loaded once
    for n, pid in enumerate(plan.prompts, 1):
        bp = find_prompt(pid)
        answer = _answer_for(Path(answer_dir), pid) if answer_dir is not None else None
        if answer_dir is not None and answer is None:
            console.print(f"[yellow]{n}/{len(plan.prompts)} {pid}: no recording in {esc(str(answer_dir))}; skipped.[/]")
            results.append((bp, None))
            continue
        console.rule(esc(f"{n}/{len(plan.prompts)} · {bp.round} · {bp.prompt.title} · {bp.prompt.target_s:.0f} s on the clock"))
        replies = _followup_answers_for(Path(answer_dir), pid) if answer is not None else []
        opts = replace(base, max_s=bp.prompt.target_s * 1.5, answer=answer, followup_answers=replies)
        rubric = load_rubric(bp.rubric)
        ports = build_ports(opts, console, transcriber=shared)
        shared = ports.transcriber
        try:
            report = run_round(bp, rubric, ports, SessionStore())
        except NoSpeechError as e:  # one silent answer does not end the day: say so, go on to the next prompt
            console.print(f"{n}/{len(plan.prompts)} {pid}: {e} Skipped; not counted as practised.", style="yellow",
                          markup=False, highlight=False)
            failed.append((bp, e))
            results.append((bp, None))
            continue
        emit(report, console, False, title=f"drill day {plan.day} — {bp.prompt.title}")
        if opts.show_answer:
            say_answer(bp, opts, ports, console)
        results.append((bp, report))


def _summary(day: int, title: str, results: list, failed: list, console, json_out: bool, stopped_at: str | None = None) -> None:
    """The day's table (and its JSON with --json): every prompt, scored, skipped or without speech (``failed``); ``stopped_at``:
    the prompt where the day ended early (an error, Ctrl-C); those after it were not reached."""
    problems = {bp.id: e for bp, e in failed}
    order = [bp.id for bp, _ in results]
    late = set(order[order.index(stopped_at) + 1:]) if stopped_at in order else set()
    from rich.table import Table

    t = Table(title=f"Day {day} summary")
    for col in ("prompt", "round", "length", "target", "score"):
        t.add_column(col)
    for bp, r in results:
        t.add_row(bp.id, bp.round, f"{r.duration_s:.0f} s" if r else "—", f"{bp.prompt.target_s:.0f} s",
                  str(r.score) if r else "no speech" if bp.id in problems else "stopped" if bp.id == stopped_at
                  else "not reached" if bp.id in late else "skipped")
    console.print(t)
    if json_out:
        sys.stdout.write(json.dumps({"day": day, "title": title, "results": [
            {"prompt_id": bp.id, "round": bp.round, "report": json.loads(r.to_json()) if r else None,
             **({"error": str(problems[bp.id])} if bp.id in problems else {})} for bp, r in results]}, indent=2) + "\n")
        sys.stdout.flush()
