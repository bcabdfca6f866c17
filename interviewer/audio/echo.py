"""Tell the candidate from the interviewer's own voice in the microphone, while the question is spoken.

On headphones the microphone hears only the candidate; on a laptop's own speaker it also hears the
question (echo). We know the exact samples we play (the *reference*), so the echo is predictable:
:class:`EchoGuard` finds where the reference sits in the microphone's stream (cross-correlation over
a window of possible delays), how loud it arrives there (least-squares gain), and subtracts it. What
is left — the *residual* — is the candidate. A block is the candidate's speech when the residual is
loud in itself (above the room's floor, as :class:`~interviewer.audio.meter.Level` judges) *and* well
beyond what the subtraction typically leaves of the echo alone (the leak measured while calibrating:
about -40 dB on a virtual card, far less on a real room's echo, which a single delay cannot model).

Without echo (headphones), the correlation is low, the gain is 0 and the residual is the microphone.

Pure: numpy in, decisions out; the recorder feeds it (:mod:`interviewer.audio.record`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from interviewer.audio.echo_fit import MIN_CORR, RATE, Echo, _voiced_s, estimate  # noqa: F401 - Echo re-exported


@dataclass(frozen=True)
class EchoOptions:
    search_s: float = 1.5  # the echo may sit this far before or after where the stream clocks put it (within ~50 ms on a quiet
    # machine, up to 0.7 s off when the output underruns at load 4), or, without them, the count of blocks taken
    calibrate_s: float = 0.4  # loud reference played before the first estimate
    recalibrate_s: float = 0.5  # re-estimate this often while the question plays
    min_corr: float = MIN_CORR  # below this peak correlation there is no echo (headphones)
    confirm_s: float = 0.1  # this much residual speech in a row is a barge-in
    unknown_confirm_s: float = 0.2  # ... before the echo is known (enough of it to tell the question's echo by its shape)
    preroll_s: float = 0.2  # an answer begun during the question starts this long before its speech was confirmed
    margin_db: float = 15.0  # residual over the room's floor
    beyond_echo_db: float = 10.0  # residual over what the subtraction leaves of the echo alone
    track_s: float = 1.5  # the echo's delay is followed on this much of the latest microphone audio
    track_corr: float = 0.6  # ... when it explains it this well
    max_cancel_db: float = 25.0  # the subtraction is never trusted to remove more of the echo than this
    louder_db: float = 1.0  # with echo, the microphone must be at least this much louder than the echo alone
    floor_min_db: float = -55.0  # never call quieter than this speech
    ceiling_db: float = -32.0  # never demand more than this to call it speech (as record.Level)


def _db(energy: float) -> float:
    return 10 * math.log10(energy) if energy > 1e-14 else -140.0


class EchoGuard:
    """Feed every microphone block (:meth:`push`) and the reference as it is played (:meth:`played`).

    ``barge_in`` is the microphone sample where the candidate's speech began during the question (None: not yet),
    ``early`` where it began before it (the question waits); :meth:`clean`: the microphone, echo subtracted."""

    def __init__(self, block: int = 800, options: EchoOptions | None = None):
        self.o = options or EchoOptions()
        self.block = block
        self._mic = np.zeros(0, np.float32)
        self._n = 0
        self._chunks: list[np.ndarray] = []
        self.ref = np.zeros(0, np.float32)
        self.at: int | None = None  # the microphone sample that hears the first reference sample (first guess: the count when it was written)
        self.placed = False  # ``at`` comes from the stream clocks (:meth:`place`), not from the count of blocks taken
        self.echo: Echo | None = None  # the latest estimate (None: not estimated yet)
        self._steps: list[tuple[int, Echo]] = []  # (from microphone sample, the echo from there on)
        self.moves = 0  # times the delay was seen to move
        self.barge_in: int | None = None
        self.early: int | None = None  # where speech before the question began (a reply begun before it was asked)
        self._floor_db = -70.0
        self._judged = 0  # microphone samples judged so far
        self._run_start: int | None = None  # first sample of the current run of speech blocks
        self._last_cal = -1
        self._cal_n = 0
        self.voiced_blocks = 0
        self._last_voiced_end = 0

    # --- inputs -----------------------------------------------------------------------------------

    def start(self, reference: np.ndarray) -> None:
        """The speaker starts now: its samples will be ``reference`` (or a prefix of it, if stopped)."""
        self.at = self._n
        self.ref = np.asarray(reference, np.float32).reshape(-1)
        self._played = 0

    def place(self, at: int) -> None:
        """The stream clocks say microphone sample ``at`` hears the first reference sample: look for the echo near
        there only. (The count of blocks taken when the speaker started lags the microphone by what was queued.)"""
        self.at, self.placed = at, True
        self.echo, self._steps, self._last_cal, self._cal_n = None, [], -1, 0

    def played(self, n: int) -> None:
        """``n`` reference samples have been written to the speaker so far (a stopped question writes fewer)."""
        self._played = n

    @property
    def mic(self) -> np.ndarray:
        if self._chunks:
            self._mic = np.concatenate([self._mic, *self._chunks])
            self._chunks = []
        return self._mic

    @property
    def n(self) -> int:
        return self._n

    def push(self, block: np.ndarray) -> None:
        b = np.asarray(block, np.float32).reshape(-1)
        self._chunks.append(b)
        self._n += b.size
        if self.at is not None and self.barge_in is None:
            self._maybe_calibrate()
        self._judge()

    # --- the echo ---------------------------------------------------------------------------------

    def _window(self) -> int:
        return int(self.o.search_s * RATE)

    def _maybe_calibrate(self) -> None:
        heard_ref = max(0, min(self._played, self._n - self.at))  # reference samples that could have reached the microphone
        loud = _voiced_s(self.ref[:heard_ref])
        # the whole question was played and could have arrived by now
        all_in = self._played >= self.ref.size and self._n - self.at >= self._played + self._window()
        if loud < self.o.calibrate_s and not all_in:
            return  # a voice starts with silence: wait until enough of it was loud
        if self.echo is not None and self._n - self._last_cal < self.o.recalibrate_s * RATE:
            return
        if self.echo is not None and self.echo.gain == 0.0 and self._cal_n >= self._played:
            return  # nothing new played since the last estimate
        self._last_cal = self._n
        self._cal_n = self._played
        if self.echo is not None and self.echo.gain > 0.0:
            self._track()
            return
        est = estimate(self.mic, self.ref[: self._played], self.at, self._window(), min_corr=self.o.min_corr)
        if est.gain == 0.0 and self.echo is None and loud < self.o.calibrate_s + self.o.search_s and not all_in:
            return  # no echo yet, but it may still be on its way (up to search_s late): do not judge before we know
        if self.echo is None or est.corr >= self.echo.corr - 0.05:  # a later, longer estimate wins unless clearly worse
            had = self.echo
            self.echo = est
            self._steps = [(0, est)]
            if had is None or had.delay != est.delay or had.gain != est.gain:
                self._rejudge()

    def _local(self, start: int, end: int, window: int | None = None) -> Echo:
        """The echo estimated on microphone samples ``start:end`` only."""
        recent = np.zeros(end, np.float32)
        recent[start:end] = self.mic[start:end]
        return estimate(recent, self.ref[: self._played], self.at, window or self._window(), only=(start, end),
                        min_corr=self.o.min_corr)

    def _track(self) -> None:
        """Follow the echo's delay on the last ``track_s``: a busy sound server inserts or drops audio (underruns),
        which moves the echo against the reference; from the middle of that window on, the new delay holds."""
        span = int(self.o.track_s * RATE)
        local = self._local(max(self.at, self._n - span), self._n)
        if local.gain > 0.0 and local.corr >= self.o.track_corr and abs(local.delay - self.echo.delay) > 8:
            self._move(max(self.at, self._n - span // 2), local)

    def _move(self, at: int, local: Echo) -> None:
        self.echo = Echo(local.delay, local.gain, local.corr, self.echo.leak_db, local.taps)
        self._steps = [st for st in self._steps if st[0] < at] + [(at, self.echo)]
        self.moves += 1

    def predicted(self, start: int, end: int) -> np.ndarray:
        """The echo expected in microphone samples ``start:end`` (zeros without echo or before calibration)."""
        out = np.zeros(max(0, end - start), np.float32)
        if self.echo is None or self.echo.gain == 0.0 or self.at is None:
            return out
        ref = self.ref[: self._played]
        for i, (frm, echo) in enumerate(self._steps):  # the delay, piece by piece (see _track)
            to = self._steps[i + 1][0] if i + 1 < len(self._steps) else end
            s, e = max(start, frm), min(end, to)
            if e <= s or echo.gain == 0.0:
                continue
            r0 = s - self.at - echo.delay
            lo, hi = max(r0, 0), min(r0 + (e - s), ref.size)
            if hi > lo:
                out[s - start + lo - r0 : s - start + hi - r0] = echo.shaped(ref, lo, hi)
        return out

    def clean(self, start: int, end: int) -> np.ndarray:
        """Microphone samples ``start:end`` with the echo subtracted, block by block where that makes them quieter
        (a question stopped at once never played what was queued: there is no echo of it to subtract)."""
        mic = self.mic[start:end]
        echo = self.predicted(start, end)
        out = mic.copy()
        for i in range(0, mic.size, self.block):
            m, e = mic[i : i + self.block], echo[i : i + self.block]
            if np.any(e):
                r = m - e
                if float(np.dot(r, r)) < float(np.dot(m, m)):
                    out[i : i + self.block] = r
        return out

    def echo_ends(self) -> int:
        """The microphone sample where the echo of what was played ends (the question's end as heard)."""
        if self.at is None:
            return self._n
        delay = self.echo.delay if self.echo is not None and self.echo.gain else 0
        return max(self.at, self.at + self._played + max(delay, 0))

    # --- judging blocks ---------------------------------------------------------------------------

    def calibrated(self) -> bool:
        return self.at is None or self.echo is not None

    def _rejudge(self) -> None:
        """The estimate changed: judge again every block since the question started."""
        if self.at is None or self.barge_in is not None:
            return
        early = min(0, self.echo.delay) if self.echo is not None else 0  # a microphone stream that dropped its first samples
        self._judged = min(self._judged, max(0, self.at + early))
        self._run_start = None
        self.voiced_blocks = 0

    def _judge(self) -> None:
        if self.barge_in is not None:
            return
        while self._n - self._judged >= self.block and self.barge_in is None:
            s, e = self._judged, self._judged + self.block
            self._judged = e
            if self._voiced(s, e):
                self.voiced_blocks += 1
                self._last_voiced_end = e
                if self._run_start is None:
                    self._run_start = s
                if self.at is None:  # before the question: not a barge-in, but where they began (``early``)
                    self.early = self._run_start if self.early is None and e - self._run_start >= self.o.confirm_s * RATE else self.early
                    continue
                known = self.at is None or self._played == 0 or (self.echo is not None and self.echo.gain > 0.0)
                need = self.o.confirm_s if known else self.o.unknown_confirm_s
                if e - self._run_start >= need * RATE and not self._explained(self._run_start, e):
                    self.barge_in = self._run_start
            else:
                self._run_start = None

    def _explained(self, s: int, e: int) -> bool:
        """Before calling a run of speech a barge-in: is it the question's echo? Not calibrated yet, or calibrated
        as no echo (the echo may sit anywhere up to the run: the clocks can be seconds off, a new output slow to
        start), estimate it on the run and the half second before; if subtracting that leaves the run silent, adopt it."""
        if self.at is None or self._played == 0 or (self.echo is not None and self.echo.gain > 0.0):
            return self._echo_moved(s, e)
        local = self._local(max(0, s - RATE // 2), e, window=abs(e - self.at) + self._window())
        if local.gain == 0.0 or local.corr < self.o.track_corr:
            return False  # nothing like the question (another voice matches it by chance at 0.1-0.4): the candidate
        self.echo, self._steps = local, [(0, local)]
        return self._silenced(s, e)  # False: the question's echo and the candidate over it: a barge-in, the echo kept to clean the answer

    def _silenced(self, s: int, e: int) -> bool:
        """With the echo as now estimated, is nothing of the run ``s:e`` voiced? Then it was the echo: the run ends."""
        if all(not self._voiced(b, b + self.block) for b in range(s, e - self.block + 1, self.block)):
            self._run_start = None
            return True
        return False

    def _echo_moved(self, s: int, e: int) -> bool:
        """Before calling speech a barge-in: is it the echo, shifted (the sound server dropped or inserted audio)?
        Re-estimate on the last second only; if that explains the run, adopt it and judge on."""
        if self.at is None or self.echo is None or self.echo.gain == 0.0 or self._played == 0:
            return False
        local = self._local(max(self.at, s - RATE // 20), e)  # the run itself: after a step, the new delay only
        if local.gain == 0.0 or local.delay == self.echo.delay:
            return False
        old, steps = self.echo, list(self._steps)
        self._move(max(self.at, s - RATE // 20), local)
        if self._silenced(s, e):
            return True
        self.echo, self._steps = old, steps
        self.moves -= 1
        return False

    def _voiced(self, s: int, e: int) -> bool:
        o = self.o
        echo = self.predicted(s, e)
        res = self.mic[s:e] - echo
        r_db = _db(float(np.mean(np.square(res, dtype=np.float64))))
        e_db = _db(float(np.mean(np.square(echo, dtype=np.float64))))
        gate = min(max(self._floor_db + o.margin_db, o.floor_min_db), o.ceiling_db)
        if self.echo is None or self.echo.gain == 0.0 or e_db <= gate - o.margin_db:
            beyond = True  # no echo here: the residual is the microphone
        else:
            # the candidate adds energy: louder than the echo alone, and more left after subtracting it than a
            # good subtraction leaves (however good it was while calibrating, never trust it past max_cancel_db)
            m_db = _db(float(np.mean(np.square(self.mic[s:e], dtype=np.float64))))
            beyond = m_db > e_db + o.louder_db and r_db > e_db + max(self.echo.leak_db, -o.max_cancel_db) + o.beyond_echo_db
        voiced = r_db > gate and beyond
        if r_db <= gate:  # follow the floor down fast, up slowly
            self._floor_db = r_db if r_db < self._floor_db else self._floor_db + 0.02 * (r_db - self._floor_db)
        return voiced

    def quiet_for(self) -> float:
        """Seconds of the microphone judged since the last speech."""
        return (self._judged - self._last_voiced_end) / RATE

    def speaking_since(self) -> int | None:
        """Where the current run of residual speech began, confirmed or not (None: silent now)."""
        return self.barge_in if self.barge_in is not None else self._run_start
