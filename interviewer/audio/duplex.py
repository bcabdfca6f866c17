"""Ask the question while listening: the interviewer never talks over the candidate, and nothing they say is lost.

The microphone is open *before* the question is spoken (the recorder starts it), so:

* **Silent first.** The voice starts only once the microphone has heard ``quiet_s`` of silence (at most
  ``wait_s``; a candidate still talking then is already answering, and the question stays on screen only).
  What they said before it (a candidate who went on after the last answer was judged over: the microphone stays
  open between the two) is the answer's beginning, the question's own time cut out (:attr:`Asked.early`).
* **Barge-in.** While the question plays, each microphone block goes through an
  :class:`~interviewer.audio.echo.EchoGuard` with the exact samples played as its reference; when it hears the
  candidate (speech the echo does not explain) for ``confirm_s``, the output is aborted at once (what it had
  queued is dropped), and the answer starts ``preroll_s`` before that speech began.
* **Nothing lost.** Without a barge-in the answer starts where the question's echo ends, or earlier if the
  candidate had already begun. The answer's blocks before that point are the question, never the
  candidate's words; the blocks kept have the echo subtracted.

:func:`question_playback` is the voice's output (an :class:`~interviewer.audio.playback.Playback` at 16 kHz);
:func:`ask` runs the phase and returns :class:`Asked`: where the answer starts, in microphone samples, and what
happened.
"""

from __future__ import annotations

import queue
import time
from dataclasses import dataclass
from typing import Callable

import numpy as np

from interviewer.audio.echo import RATE, EchoGuard
from interviewer.audio.playback import Playback
from interviewer.audio.stream_clock import StreamClock
from interviewer.trace import mark

QUESTION_LATENCY = 0.2  # the voice's output buffer, in seconds: smaller buffers underrun on a busy machine
QUESTION_BLOCK = 800  # samples a callback (50 ms): PortAudio's default (any size) underflowed on 20-60 % of the callbacks
# on PulseAudio (ALSA plugin), 0 of 460 at 800, and the output then got steady at once (it could take the 3 s limit)


def question_playback(samples: np.ndarray, device: int | None) -> Playback:
    """The question's samples (16 kHz mono) as the output :func:`ask` primes, starts and, at a barge-in, stops."""
    return Playback(samples, RATE, device, latency=QUESTION_LATENCY, block=QUESTION_BLOCK)


@dataclass
class Asked:
    start: int  # microphone sample where the answer starts
    barged_in: bool = False  # the candidate talked over the question, which then stopped
    spoke: bool = True  # the question was played (False: the candidate was already talking)
    stop_s: float | None = None  # barge-in: from the candidate's first speech to the fade-out, as the clocks see it
    echo_gain: float = 0.0  # how loud the question came back through the microphone (0: headphones)
    echo_corr: float = 0.0
    confirmed_at: float | None = None  # time.monotonic() when the barge-in was confirmed
    early: tuple[int, int] | None = None  # microphone samples (from, to) said before the question: the answer's beginning


@dataclass(frozen=True)
class AskOptions:
    quiet_s: float = 0.4  # the candidate silent this long before the voice starts
    wait_s: float = 5.0  # ... but no longer than this
    preroll_s: float = 0.2  # an answer begun during the question keeps this much before its speech was confirmed (the run starts at its first loud block)
    tail_s: float = 0.15  # after the question's echo ends, the answer starts (as a person waits a beat)
    first_block_s: float = 10.0  # the microphone must deliver its first block within this
    early_margin_s: float = 0.1  # speech said before the question is kept up to this long before its first sound


def ask(next_block: Callable[[float], np.ndarray | None], guard: EchoGuard, play: Playback | None,
        options: AskOptions | None = None, interrupted: Callable[[], bool] = lambda: False,
        clock: StreamClock | None = None) -> Asked:
    """Run the question phase on the microphone's blocks (``next_block(timeout)``, None on timeout), feeding
    ``guard``; start ``play`` once the candidate is silent, stop it at a barge-in. Returns where the answer starts.
    ``clock`` (the microphone's, with the output's ``first_dac``) tells the guard which microphone sample hears the
    question's first sample."""
    o = options or AskOptions()
    rate = RATE

    def take(timeout: float) -> bool:
        _place(guard, play, clock)
        block = next_block(timeout)
        if block is None:
            return False
        guard.push(block)
        if play is not None and guard.at is not None:
            guard.played(play.written)
        return True

    # the microphone is running: its first block is here
    deadline = time.monotonic() + o.first_block_s
    while guard.n == 0 and time.monotonic() < deadline and not interrupted():
        take(0.2)
    if play is None:
        return Asked(start=guard.n, spoke=False)
    play.open()  # primed with silence while we wait for the candidate to be quiet
    answering = _silent_first(take, guard, o, interrupted)
    if answering is not None:
        return answering
    play.start()  # once the output runs steadily: its first question sample goes out at the next callback
    guard.start(play.samples)
    mark("question_start")
    while not interrupted():
        take(0.2)
        if guard.barge_in is not None:
            return _barged_in(guard, play, o)
        if play.done.is_set() and guard.n >= guard.echo_ends() + int(o.tail_s * rate) and guard.calibrated():
            break
    mark("question_end")  # played, and its echo (if any) heard to its end: the answer starts
    echo = guard.echo
    end = min(guard.echo_ends(), guard.n)
    since = guard.speaking_since()
    start = end if since is None else max(guard.at, min(end, since - int(o.preroll_s * rate)))
    return Asked(start=start, echo_gain=echo.gain if echo else 0.0, echo_corr=echo.corr if echo else 0.0,
                 early=_early(guard, o))


def _early(guard: EchoGuard, o: AskOptions) -> tuple[int, int] | None:
    """What the candidate said before the question was spoken (they went on after the last answer was judged over,
    then paused; the question waited for that): microphone samples (from, to), up to the question's first sound."""
    if guard.early is None or guard.at is None or guard.early >= guard.at:
        return None
    return max(0, guard.early - int(o.preroll_s * RATE)), max(guard.early, guard.at - int(o.early_margin_s * RATE))


def _silent_first(take: Callable[[float], bool], guard: EchoGuard, o: AskOptions, interrupted: Callable[[], bool]) -> Asked | None:
    """Wait for ``quiet_s`` without speech, judged on the latest audio (a microphone kept open since the last answer
    hands over what it heard meanwhile): None, the question may start; or, still talking after ``wait_s``, they are
    answering already: where their answer starts (the question is not spoken)."""
    waited = time.monotonic() + o.wait_s
    while not interrupted():
        while take(0.0):
            pass
        if guard.quiet_for() >= o.quiet_s:
            return None
        if time.monotonic() >= waited:
            since = guard.early if guard.early is not None else guard.speaking_since()
            return Asked(start=max(0, (since if since is not None else guard.n) - int(o.preroll_s * RATE)), spoke=False)
        take(0.2)
    return None


def _place(guard: EchoGuard, play: Playback | None, clock: StreamClock | None) -> None:
    """Once the question's first sample has a time, the microphone sample that hears it is where the echo starts."""
    if play is not None and guard.at is not None and not guard.placed and clock is not None:
        heard = clock.sample_at(play.first_dac)
        if heard is not None:
            mark("echo_placed", f"counted={guard.at} clocks={heard} n={guard.n}")
            guard.place(heard)


def _barged_in(guard: EchoGuard, play: Playback, o: AskOptions) -> Asked:
    """The candidate talked over the question: stop the voice now; the answer starts just before their speech."""
    barge_at = guard.barge_in
    play.stop()
    t_confirm = time.monotonic()
    mark("barge_in", f"at={guard.at} barge={barge_at} n={guard.n} played={play.written} echo={guard.echo} moves={guard.moves}")
    start = max(guard.at - int(o.preroll_s * RATE), barge_at - int(o.preroll_s * RATE), 0)
    heard_late = (guard.n - barge_at) / RATE  # how long ago the first speech was, by the microphone's count
    play.wait(1.0)
    stop_s = heard_late + ((play.stopped_at or time.monotonic()) - t_confirm)
    echo = guard.echo
    return Asked(start=start, barged_in=True, stop_s=round(stop_s, 3), confirmed_at=t_confirm,
                 echo_gain=echo.gain if echo else 0.0, echo_corr=echo.corr if echo else 0.0, early=_early(guard, o))


def blocks_from(inbox: "queue.Queue") -> Callable[[float], np.ndarray | None]:
    def get(timeout: float) -> np.ndarray | None:
        try:
            return np.asarray(inbox.get(timeout=timeout), np.float32).reshape(-1)
        except queue.Empty:
            return None

    return get
