"""Which prompt to practise next: the one asked for, else one not practised in the last day, the never
practised first, then the weakest score."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from rich.console import Console

from interviewer.errors import MockError
from interviewer.bank.prompts import BoundPrompt, find_prompt, prompts_for
from interviewer.sessions.index import last_practiced, scan_sessions, warn_damaged

RECENT = timedelta(hours=24)  # a prompt practiced this recently is not picked by default


def choose_prompt(round_: str, prompt_id: str | None, now: datetime | None = None, console: Console | None = None) -> BoundPrompt:
    """The asked-for prompt; else one not practiced in the last day, never-practiced first, then weakest score first."""
    if prompt_id:
        bp = find_prompt(prompt_id)
        if bp.round != round_:
            raise MockError(f"Prompt '{prompt_id}' belongs to the {bp.round} round.", hint=f"Run `mock {bp.round} --prompt {prompt_id}`.")
        return bp
    bank = prompts_for(round_)
    if not bank:
        raise MockError(f"No prompts for the {round_} round.", hint="Run `mock list` to see the rounds.")
    good, damaged = scan_sessions()
    warn_damaged(damaged, console)  # named, and never in the way of a new round
    last = last_practiced(good)  # prompt id -> (last practiced, its score); empty answers are not practice
    now = now or datetime.now(timezone.utc)
    cutoff = (now - RECENT).isoformat(timespec="seconds")
    fresh = [b for b in bank if last.get(b.id, ("", None))[0] < cutoff] or bank

    def key(b: BoundPrompt):
        when, score = last.get(b.id, ("", None))
        return (when != "", score if score is not None else -1, when, bank.index(b))

    return min(fresh, key=key)
