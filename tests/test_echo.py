"""The echo guard on known signals: the candidate told from the interviewer's own voice in the microphone.

A synthesized question is the reference; the "microphone" is its echo (delayed, quieter, as a sound card
returns it) with or without the candidate's voice added. No sound card: the live tests do that part."""

from __future__ import annotations

import numpy as np
import pytest

from interviewer.audio.echo import EchoGuard, estimate

RATE = 16000


@pytest.fixture(scope="module")
def voices():
    from interviewer.audio.synth import Say, synthesize

    q = synthesize([Say("Tell me about a time you found a data quality problem before anyone else did.")], tail=0.0).samples
    a = synthesize([Say("Sure, it was a revenue dashboard that stopped adding up.")], voice="espeak", tail=0.0).samples
    return q.astype(np.float32), a.astype(np.float32)


def run(mic: np.ndarray, ref: np.ndarray, at: int, block: int = 800) -> EchoGuard:
    """Feed ``mic`` block by block; the reference starts playing at microphone sample ``at``, 1 block ahead of it."""
    g = EchoGuard(block)
    for i in range(0, mic.size, block):
        if i == at:
            g.start(ref)
        if g.at is not None:
            g.played(min(ref.size, i - at + 2 * block))
        g.push(mic[i : i + block])
    return g


def mix(q, a, *, echo_gain: float, delay: int, answer_at: float | None, at: int = RATE // 2, noise: float = 1e-4):
    n = at + q.size + delay + 2 * RATE
    rng = np.random.default_rng(0)
    mic = (rng.standard_normal(n) * noise).astype(np.float32)
    if echo_gain:
        mic[at + delay : at + delay + q.size] += echo_gain * q
    if answer_at is not None:
        s = int(answer_at * RATE)
        m = min(a.size, n - s)
        mic[s : s + m] += a[:m]
    return mic


@pytest.mark.parametrize("delay", [0, 1600, 9000])
def test_the_echo_alone_is_not_the_candidate_and_subtracts_away(voices, delay):
    q, _ = voices
    at = RATE
    mic = mix(q, None, echo_gain=0.7, delay=delay, answer_at=None, at=at)
    g = run(mic, q, at)
    assert g.barge_in is None, g.barge_in / RATE
    assert g.echo is not None and g.echo.delay == delay and g.echo.gain == pytest.approx(0.7, rel=0.02)
    span = slice(at + max(delay, 0), at + delay + q.size)
    before = float(np.sum(np.square(mic[span])))
    after = float(np.sum(np.square(g.clean(span.start, span.stop))))
    assert 10 * np.log10(after / before) < -30


@pytest.mark.parametrize("echo_gain", [0.0, 0.7])
def test_the_candidate_talking_over_the_question_is_a_barge_in_where_they_began(voices, echo_gain):
    q, a = voices
    at = RATE // 2
    said = at / RATE + 2.0  # two seconds into the question
    mic = mix(q, a, echo_gain=echo_gain, delay=1600, answer_at=said, at=at)
    g = run(mic, q, at)
    assert g.barge_in is not None
    first_voice = int(said * RATE) + int(np.argmax(np.abs(a) > 0.02))
    assert abs(g.barge_in - first_voice) / RATE < 0.15, (g.barge_in / RATE, first_voice / RATE)


def test_no_echo_no_candidate_no_barge_in(voices):
    q, _ = voices
    g = run(mix(q, None, echo_gain=0.0, delay=0, answer_at=None), q, RATE // 2)
    assert g.barge_in is None
    assert g.echo is not None and g.echo.gain == 0.0  # headphones: nothing to subtract


def test_estimate_without_reference_energy_is_no_echo():
    e = estimate(np.zeros(RATE, np.float32), np.zeros(RATE, np.float32), 0, RATE)
    assert e.gain == 0.0


def test_an_underrun_that_moves_the_echo_is_followed_not_taken_for_the_candidate(voices):
    """A busy sound server inserts silence (an underrun) into the played voice: the echo arrives later from there on."""
    q, _ = voices
    at, delay, k = RATE // 2, 4000, int(2.5 * RATE)
    moved = np.concatenate([q[:k], np.zeros(RATE // 25, np.float32), q[k:]])  # 40 ms of nothing mid-question
    mic = np.zeros(at + delay + moved.size + 2 * RATE, np.float32)
    mic[at + delay : at + delay + moved.size] += 0.8 * moved
    mic += (np.random.default_rng(1).standard_normal(mic.size) * 1e-4).astype(np.float32)
    g = run(mic, q, at)
    assert g.barge_in is None, g.barge_in / RATE
    assert g.moves >= 1 and g.echo.delay == delay + RATE // 25


def test_the_stream_clocks_place_a_question_heard_seconds_after_the_blocks_taken_say(voices):
    """The main thread starts the question while 3 s of microphone blocks are still queued (the output took that
    long to run steadily): by the count of blocks taken the echo is 3 s late, outside the search window. Placed by
    the stream clocks, the echo is found at no delay and calibrated; not placed, a run of it is still recognised
    as the question by its shape (before 2026-12-02 it became a barge-in at 4.0 s, 2 s before the candidate spoke).
    Either way the candidate talking 2 s into the question is a barge-in where they began."""
    q, a = voices
    counted, lag = RATE // 2, 3 * RATE
    heard = counted + lag
    said = heard / RATE + 2.0
    mic = mix(q, a, echo_gain=0.7, delay=lag, answer_at=said, at=counted)
    first_voice = int(said * RATE) + int(np.argmax(np.abs(a) > 0.02))
    for placed in (True, False):
        g = EchoGuard(800)
        for i in range(0, mic.size, 800):
            if i == counted:
                g.start(q)
                if placed:
                    g.place(heard)
            if g.at is not None:
                g.played(min(q.size, i - counted + 2 * 800))
            g.push(mic[i : i + 800])
        assert g.barge_in is not None and abs(g.barge_in - first_voice) / RATE < 0.15, (placed, g.barge_in / RATE)
        assert g.echo is not None and g.echo.gain == pytest.approx(0.7, rel=0.02)
        if placed:
            assert abs(g.echo.delay) <= 1


def test_the_stream_clock_maps_a_time_to_the_microphone_sample_captured_then():
    from interviewer.audio.stream_clock import StreamClock

    clock = StreamClock()
    assert clock.sample_at(12.0) is None  # nothing heard yet
    for k in range(40):  # callbacks of 800 samples, captured from t = 100 s on, with a few ms of jitter
        clock.saw(k * 800, 100.0 + k * 0.05 + (0.003 if k % 3 else -0.002))
    assert clock.sample_at(101.0) == pytest.approx(16000, abs=50)
    assert clock.sample_at(None) is None and clock.sample_at(0.0) is None  # the output said nothing: unknown
    silent = StreamClock()
    silent.saw(0, 0.0)  # a host that reports no times
    assert silent.sample_at(101.0) is None


def test_an_echo_a_fraction_of_a_sample_off_subtracts_away(voices):
    """A sound server resampling 16 kHz to its 48 kHz sink and back returns the voice a third of a sample off: one
    gain leaves -21 dB of it (and the candidate must then be that much louder); the fitted taps leave < -45 dB."""
    q, _ = voices
    at, delay = RATE // 2, 1600
    spectrum = np.fft.rfft(q.astype(np.float64), 2 * q.size)
    shift = np.exp(-2j * np.pi * np.fft.rfftfreq(2 * q.size) * (1 / 3))
    moved = np.fft.irfft(spectrum * shift, 2 * q.size)[: q.size].astype(np.float32)
    mic = np.zeros(at + delay + q.size + RATE, np.float32)
    mic[at + delay : at + delay + q.size] = 0.8 * moved
    g = run(mic, q, at)
    assert g.barge_in is None and g.echo is not None and g.echo.delay == delay
    span = slice(at + delay, at + delay + q.size)
    left = float(np.sum(np.square(g.clean(span.start, span.stop)))) / float(np.sum(np.square(mic[span])))
    assert 10 * np.log10(left) < -45, 10 * np.log10(left)


@pytest.mark.parametrize("echo_off_s", [None, -2.5, 2.5])
def test_a_question_the_clocks_misplace_is_still_told_from_the_candidate(voices, echo_off_s):
    """The clocks can be seconds off (a new output stream slow to start), or the question may never reach the
    microphone: its echo alone, wherever it sits, is no barge-in, and the candidate talking 2 s in is one,
    where they began, without waiting for the question to end."""
    q, a = voices
    counted, placed = RATE // 2, RATE // 2 + 3 * RATE
    said = placed / RATE + 2.0
    at_echo = None if echo_off_s is None else placed + int(echo_off_s * RATE)
    for answer_at in (None, said):
        mic = mix(q, a, echo_gain=0.0, delay=0, answer_at=answer_at, at=counted)
        if at_echo is not None:
            mic[at_echo : at_echo + q.size] += 0.7 * q[: mic.size - at_echo]
        g = EchoGuard(800)
        for i in range(0, mic.size, 800):
            if i == counted:
                g.start(q)
                g.place(placed)
            if g.at is not None:
                g.played(min(q.size, i - counted + 2 * 800))
            g.push(mic[i : i + 800])
        if answer_at is None:
            assert g.barge_in is None, g.barge_in / RATE
        else:
            first_voice = int(said * RATE) + int(np.argmax(np.abs(a) > 0.02))
            assert g.barge_in is not None and abs(g.barge_in - first_voice) / RATE < 0.15, (g.barge_in, first_voice)
