"""The recorder's terminal side: the level gate, the live clock and meter, keys typed while recording,
and Ctrl-C handled at the next block."""

from __future__ import annotations

import math
import select
import signal
import sys
import threading
from dataclasses import dataclass

import numpy as np

from interviewer.clock import whole

MORE_TIME_KEYS = ("m", "more")

@dataclass
class Level:
    """An energy gate that adapts to the room: a block is speech when it is well above the noise floor."""

    floor_db: float = -70.0
    margin_db: float = 15.0
    ceiling_db: float = -32.0  # never demand more than this to call it speech

    def update(self, block: np.ndarray) -> tuple[float, bool]:
        rms = float(np.sqrt(np.mean(np.square(block, dtype=np.float64)))) if block.size else 0.0
        db = 20 * math.log10(rms) if rms > 1e-7 else -140.0
        voiced = db > min(max(self.floor_db + self.margin_db, -55.0), self.ceiling_db)
        if not voiced:  # follow the floor down fast, up slowly
            self.floor_db = db if db < self.floor_db else self.floor_db + 0.02 * (db - self.floor_db)
        return db, voiced


def _line_typed() -> str | None:
    """A line typed on the terminal while recording (Enter alone: ""), else None."""
    try:
        if not sys.stdin or not sys.stdin.isatty():
            return None
        ready, _, _ = select.select([sys.stdin], [], [], 0)
        if ready:
            return sys.stdin.readline().strip().lower()
    except (OSError, ValueError):
        return None
    return None


def enter_pressed(turn=None) -> bool:
    """Enter stops the recording; with an end-of-turn judge, ``m`` + Enter asks for more time instead."""
    line = _line_typed()
    if line is None:
        return False
    if turn is not None and line in MORE_TIME_KEYS:
        turn.more_time()
        return False
    return True


class CtrlC:
    """Ctrl-C while recording stops the recording at the next block instead of raising in the middle of
    whatever the loop is doing (a KeyboardInterrupt can land inside a queue's lock or a listener and
    leave them half-done). A second Ctrl-C raises KeyboardInterrupt as usual. Only where Ctrl-C would
    raise KeyboardInterrupt at all: the main thread, with Python's default handler in place."""

    def __init__(self):
        self.pressed = False
        self._old = None

    def _handle(self, signum, frame) -> None:
        self.pressed = True
        signal.signal(signal.SIGINT, signal.default_int_handler)

    def __enter__(self):
        if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            self._old = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        if self._old is not None:
            signal.signal(signal.SIGINT, self._old)
            self._old = None


class Display:
    """A one-line live clock against the target and a level meter (rich), or nothing without a console."""

    def __init__(self, console, target_s: float | None, more_time: bool = False):
        self.console, self.target_s, self.more_time = console, target_s, more_time
        self._live = None
        self._last = 0.0

    def __enter__(self):
        if self.console is not None:
            from rich.live import Live

            self._live = Live(console=self.console, refresh_per_second=8, transient=True)
            self._live.__enter__()
        return self

    def __exit__(self, *exc):
        if self._live is not None:
            self._live.__exit__(*exc)
        return False

    def update(self, elapsed: float, db: float, voiced: bool) -> None:
        if self._live is None or elapsed - self._last < 0.1:
            return
        self._last = elapsed
        from rich.text import Text

        t = Text("● REC ", style="bold red")
        over = self.target_s is not None and elapsed > self.target_s
        t.append(whole(int(elapsed)), style="bold red" if over else "bold")
        if self.target_s:
            t.append(f" / {whole(int(self.target_s))}", style="dim")
        bars = max(0, min(30, int((db + 60) / 2)))
        t.append("  ")
        t.append("█" * bars, style="green" if voiced else "dim")
        t.append("░" * (30 - bars), style="dim")
        t.append("   Enter to stop" + ("  ·  m Enter: more time" if self.more_time else ""), style="dim")
        self._live.update(t)
