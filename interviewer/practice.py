"""The practice loop after a live round's report (interactive terminal only).

Keys: ``r`` retry the same question, ``n`` the next question of the round, ``w`` practise only the weakest
beat or STAR part (a focused prompt built from the rubric's data for it), ``m`` hear a model answer built
from the prompt's key points, ``q``/Enter quit. Each new attempt is a normal round
(:func:`interviewer.pipeline.run_round`) stored as its own session, with the ports already built (one
transcriber, one voice). Non-interactive runs (pipes, ``--json``) never get here: the report, then exit.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Callable

from interviewer.errors import NoSpeechError
from interviewer.ui import emit, esc

if TYPE_CHECKING:
    from rich.console import Console

    from interviewer.pipeline import Ports
    from interviewer.bank.prompts import BoundPrompt
    from interviewer.bank.rubrics import Rubric
    from interviewer.types import Report

KEYS = {"r": "retry", "n": "next question", "w": "weakest part", "m": "model answer", "q": "quit"}
QUIT_KEYS = ("q", "Q", "\r", "\n", "", "\x1b", "\x04")

_SEVERITY = {"missing": 0, "short": 1, "long": 2, "ok": 3}


@dataclass(frozen=True)
class Focus:
    """One beat or STAR part to practise on its own, with what the rubric says it should contain."""

    name: str
    description: str
    advice: str
    target_s: float


@dataclass
class State:
    prompt: "BoundPrompt"  # the bank question now practised
    asked: "BoundPrompt"  # what the last attempt asked (the question, or a focused prompt built from it)
    rubric: "Rubric"
    base: "Report | None"  # the last report of the whole question (its weakest part is what `w` practises); None until answered
    focus: Focus | None = None
    seen: set[str] = field(default_factory=set)
    rubric_name: str | None = None  # the round's rubric when given (`behavioral --no-star`), else each prompt's own


def interactive(json_out: bool, stdin=None, stdout=None) -> bool:
    """The loop runs only when both stdin and stdout are terminals and no --json was asked."""
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    try:
        return not json_out and stdin.isatty() and stdout.isatty()
    except (AttributeError, ValueError):
        return False


def read_tty_key() -> str:
    """One key press from the terminal, without Enter ("" at end of input; Ctrl-C quits)."""
    import termios
    import tty

    fd = sys.stdin.fileno()
    old = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        return os.read(fd, 1).decode(errors="ignore")
    except KeyboardInterrupt:
        return "q"
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, old)


@contextmanager
def tty_keys():
    """While it lasts, ``pressed()`` says whether a key was pressed since (and takes it), without Enter: the
    model answer stops at any key. Nothing is ever pressed without a terminal."""
    import select
    import termios
    import tty

    try:
        fd = sys.stdin.fileno()
        old = termios.tcgetattr(fd)
    except (AttributeError, ValueError, OSError, termios.error):
        yield lambda: False
        return

    def pressed() -> bool:
        ready, _, _ = select.select([fd], [], [], 0)
        if not ready:
            return False
        os.read(fd, 1)  # the key is taken: it stops the model answer, it does not choose the next action
        return True

    tty.setcbreak(fd)
    try:
        yield pressed
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, old)


def _rank(verdict: int, duration: float, target: float | None, place: int) -> tuple:
    off = abs(duration / target - 1.0) if target else 0.0
    return (verdict, -off, place)


def _beat_verdict(b) -> int:
    if not b.present:
        return _SEVERITY["missing"]
    if b.min_s is not None and b.duration_s < b.min_s:
        return _SEVERITY["short"]
    if b.max_s is not None and b.duration_s > b.max_s:
        return _SEVERITY["long"]
    return _SEVERITY["ok"]


def weakest(report: "Report", rubric: "Rubric") -> Focus | None:
    """The weakest STAR part (missing, then short, then long, then furthest from its target) or beat; None if the
    rubric has neither. What to practise comes from the rubric's own text for that part."""
    if report.star and rubric.star is not None:
        part = min(report.star, key=lambda p: _rank(_SEVERITY[p.verdict], p.duration_s, p.target_s, report.star.index(p)))
        spec = next((s for s in rubric.star.parts if s.name == part.name), None)
        if spec is not None:
            return Focus(spec.name, spec.description, spec.advice, spec.target_s)
    if report.beats and rubric.beats:
        beat = min(report.beats, key=lambda b: _rank(_beat_verdict(b), b.duration_s, b.target_s, report.beats.index(b)))
        spec = next((s for s in rubric.beats if s.name == beat.name), None)
        if spec is not None:
            target = beat.target_s or spec.min_s or 20.0
            return Focus(spec.name, spec.description, spec.advice or "", max(target, 10.0))
    return None


def focused_prompt(bp: "BoundPrompt", focus: Focus) -> "BoundPrompt":
    """The question again, asking for one part only: its description and advice from the rubric, its own target
    time, no key points (coverage of the whole answer is not the point) and no follow-ups. Marked as focused
    (``BoundPrompt.focus``): scored on that part only, stored as such, a trend of its own in the history."""
    from interviewer.types import FocusedPart

    text = f"Answer only the {focus.name} part of this question: {bp.prompt.text} For this part: {focus.description}"
    if focus.advice:
        text += f" {focus.advice}"
    text += f" Take about {focus.target_s:.0f} seconds."
    prompt = bp.prompt.model_copy(update={
        "id": f"{bp.id}-{focus.name}", "title": f"{bp.prompt.title} — {focus.name} only", "text": text,
        "target_s": focus.target_s, "key_points": [], "followups": []})
    return bp.model_copy(update={"prompt": prompt, "focus": FocusedPart(prompt_id=bp.id, part=focus.name, target_s=focus.target_s)})


def model_answer(bp: "BoundPrompt") -> str:
    """A spoken model answer from the prompt's key points, in order."""
    points = [p.strip().rstrip(".") for p in bp.prompt.key_points if p.strip()]
    if not points:
        return ""
    steps = [f"First, {points[0]}."] + [f"Then, {p}." for p in points[1:-1]]
    if len(points) > 1:
        steps.append(f"Finally, {points[-1]}.")
    return f"Here is a model answer to “{bp.prompt.title}”. " + " ".join(steps)


def focus_line(report: "Report", name: str) -> str:
    """How the practised part went in a focused attempt: heard or not, its length against its target."""
    for p in report.star:
        if p.name == name:
            return f"Focus on {name}: {p.verdict}, {p.duration_s:.0f} s of {p.target_s:.0f} s."
    for b in report.beats:
        if b.name == name:
            heard = f"heard, {b.duration_s:.0f} s" if b.present else "not heard"
            return f"Focus on {name}: {heard}" + (f" (target {b.target_s:.0f} s)." if b.target_s else ".")
    return f"Focus on {name}: not heard."


def next_prompt(state: State, round_: str) -> "BoundPrompt":
    """The next question of the round: the usual pick (not practised in the last day, weakest first), else the
    bank's next one not yet asked in this loop (wrapping round)."""
    from interviewer.sessions.pick import choose_prompt
    from interviewer.bank.prompts import prompts_for

    pick = choose_prompt(round_, None)
    if pick.id not in state.seen:
        return pick
    bank = prompts_for(round_)
    at = next((i for i, b in enumerate(bank) if b.id == state.prompt.id), -1)
    ring = bank[at + 1:] + bank[:at + 1]
    return next((b for b in ring if b.id not in state.seen), ring[0])


def keys_line(keys: list[str], focus: Focus | None = None) -> str:
    label = {**KEYS, "w": f"weakest part ({esc(focus.name)})"} if focus is not None else KEYS
    return "  ".join(f"[bold]{k}[/] {label[k]}" for k in keys) + "  [dim](Enter quits)[/]"


def weakest_now(state: State) -> Focus | None:
    """The part `w` would practise: none while the question now practised has no report of its own yet."""
    return weakest(state.base, state.rubric) if state.base is not None else None


def available(state: State) -> list[str]:
    keys = ["r", "n"]
    if weakest_now(state) is not None:
        keys.append("w")
    if state.prompt.prompt.key_points:
        keys.append("m")
    return keys + ["q"]


Attempt = Callable[["BoundPrompt", "Rubric"], "Report"]


def practice(state: State, round_: str, console: "Console", attempt: Attempt, speaker, *,
             read_key: Callable[[], str] = read_tty_key, keys_pressed=tty_keys) -> int:
    """Show the keys, act on one, again, until quit; returns how many new attempts were made. ``keys_pressed``: a
    context whose value says whether a key was pressed meanwhile (it stops the model answer)."""
    made = 0
    while True:
        keys = available(state)
        console.print(keys_line(keys, weakest_now(state)))
        key = read_key()
        if key in QUIT_KEYS:
            return made
        key = key.lower()
        if key not in keys:
            continue
        if key == "m":
            with keys_pressed() as pressed:
                say_model_answer(state.prompt, console, speaker, until=pressed)
            continue
        made += _act(state, key, round_, console, attempt)


def _act(state: State, key: str, round_: str, console: "Console", attempt: Attempt) -> int:
    from interviewer.bank.rubrics import load_rubric

    if key == "n":
        state.prompt = state.asked = next_prompt(state, round_)
        state.seen.add(state.prompt.id)
        state.focus, state.base = None, None  # the last question's report says nothing about this one
        state.rubric = load_rubric(state.rubric_name or state.prompt.rubric)
    elif key == "w":
        state.focus = weakest_now(state)
        state.asked = focused_prompt(state.prompt, state.focus)
    try:
        report = attempt(state.asked, state.rubric)
    except NoSpeechError as e:
        console.print(f"{e} Not counted as practised.", style="yellow", markup=False, highlight=False)
        return 1
    if state.asked is state.prompt:
        state.base = report
    elif state.focus is not None:
        console.print(focus_line(report, state.focus.name), style="bold", markup=False, highlight=False)
    return 1


def say_model_answer(bp: "BoundPrompt", console: "Console", speaker, until: Callable[[], bool] | None = None) -> None:
    """Spoken through the Speaker port, and on screen once: the interviewer's own line when its speaker shows
    what it says (every real one does), else printed here. ``until()`` stops it early (any key)."""
    text = model_answer(bp)
    if not getattr(speaker, "shows_text", False):
        console.print(f"[bold]Model answer:[/] {esc(text)}")
    if until is not None:
        console.print("[dim](any key stops the model answer)[/]")
    speaker.say(text, until)


def run_attempt(ports: "Ports", opts, console: "Console", round_: str) -> Attempt:
    """One more round with the ports already built: same voice and transcriber; given answer files are read anew."""
    from interviewer.live import FileAnswers, SessionStore
    from interviewer.pipeline import run_round

    def attempt(bp: "BoundPrompt", rubric: "Rubric") -> "Report":
        answers = ports.answers
        if opts.answer is not None:
            answers = FileAnswers(opts.answer, list(opts.followup_answers))
        store = SessionStore()
        report = run_round(bp, rubric, replace(ports, answers=answers), store)
        emit(report, console, False, title=f"mock {round_} — {bp.prompt.title}")
        console.print(f"Saved as session {store.session.id} in {store.session.dir}", style="dim", markup=False, highlight=False)
        return report

    return attempt
