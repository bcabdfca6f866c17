"""The one audio output, :class:`interviewer.audio.playback.Playback`: with a fake PortAudio stream (fast, no
sound card) and on the private PulseAudio's virtual sink."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace

import numpy as np
import pytest

from interviewer.audio.playback import Playback
from interviewer.errors import DeviceError

RATE = 16000
BLOCK = 160  # 10 ms


class FakeStream:
    """A stand-in for ``sounddevice.OutputStream``: a thread calls the callback block by block (about twice as
    fast as real time), keeps what it was given, and calls ``finished_callback`` at CallbackStop or an abort."""

    made: list["FakeStream"] = []
    underflows = 0  # how many first callbacks report an output underflow (a new PulseAudio stream)

    def __init__(self, *, samplerate, channels, dtype, device, blocksize, latency, callback, finished_callback):
        self.kwargs = dict(samplerate=samplerate, channels=channels, dtype=dtype, device=device, blocksize=blocksize, latency=latency)
        self.callback, self.finished = callback, finished_callback
        self.latency = 0.05
        self.out: list[np.ndarray] = []
        self.calls = 0
        self.aborted = self.closed = False
        self._halt = threading.Event()
        FakeStream.made.append(self)

    def start(self) -> None:
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        import sounddevice as sd

        while not self._halt.is_set():
            outdata = np.full((BLOCK, 1), np.nan, np.float32)  # the callback must fill every sample
            status = SimpleNamespace(output_underflow=self.calls < FakeStream.underflows)
            self.calls += 1
            try:
                self.callback(outdata, BLOCK, None, status)
            except sd.CallbackStop:
                self.out.append(outdata[:, 0].copy())
                break
            self.out.append(outdata[:, 0].copy())
            time.sleep(0.005)
        self.finished()

    def abort(self) -> None:
        self.aborted = True
        self._halt.set()

    def stop(self) -> None:
        self._halt.set()

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def fake_stream(monkeypatch):
    import sounddevice as sd

    FakeStream.made, FakeStream.underflows = [], 0
    monkeypatch.setattr(sd, "OutputStream", FakeStream)
    return FakeStream


def ramp(seconds: float) -> np.ndarray:
    return np.linspace(0.01, 1.0, int(seconds * RATE), dtype=np.float32)


def test_plays_every_sample_in_order_and_frees_the_device(fake_stream):
    samples = ramp(0.5)
    p = Playback(samples, RATE, 3)
    player = threading.Thread(target=p.play, daemon=True)
    player.start()
    player.join(5.0)
    assert not player.is_alive(), "play() did not return"
    stream = fake_stream.made[0]
    played = np.concatenate(stream.out)
    assert p.written == samples.size and p.done.is_set() and stream.closed
    assert np.array_equal(played[: samples.size], samples) and not played[samples.size:].any()  # then silence, no NaN
    assert stream.kwargs == dict(samplerate=RATE, channels=1, dtype="float32", device=3, blocksize=0, latency=None)
    assert p.stopped_at is None  # played to the end, not stopped


def test_position_follows_the_audio_clock(fake_stream):
    p = Playback(ramp(1.0), RATE)
    assert p.position() == 0.0
    p.start()
    seen = []
    deadline = time.monotonic() + 5
    while not p.wait(0.01) and time.monotonic() < deadline:
        seen.append((p.position(), p.written / RATE))
    assert len(seen) > 10
    assert all(pos <= written for pos, written in seen)  # the device's latency is not heard yet
    assert all(b[0] >= a[0] - 0.011 for a, b in zip(seen, seen[1:]))  # forward only (one block of reading skew)
    assert seen[-1][0] > 0.5
    assert p.position() == pytest.approx(1.0)  # finished: the whole recording was heard
    p.close()


def test_stop_aborts_at_once_and_drops_the_rest(fake_stream):
    samples = ramp(2.0)
    p = Playback(samples, RATE)
    p.start()
    deadline = time.monotonic() + 5
    while p.written < 0.2 * RATE and time.monotonic() < deadline:
        time.sleep(0.002)
    t = time.monotonic()
    p.stop()
    assert p.wait(0.5) and time.monotonic() - t < 0.1
    stream = fake_stream.made[0]
    written = p.written
    time.sleep(0.05)
    assert stream.aborted and p.written == written < 0.5 * samples.size  # nothing more was fed
    assert p.stopped_at is not None and p.stopped_at >= t
    p.close()
    assert stream.closed


def test_a_primed_output_plays_silence_until_it_runs_steadily(fake_stream):
    fake_stream.underflows = 3  # a new sound-server stream drops its first blocks
    p = Playback(ramp(0.2), RATE, latency=0.2)
    p.open()
    assert p.ready.wait(2.0)
    stream = fake_stream.made[0]
    assert stream.calls >= 3 + 4 and p.written == 0
    assert stream.kwargs["latency"] == 0.2
    p.start()
    assert p.wait(2.0) and p.written == p.samples.size
    played = np.concatenate(stream.out)
    first = int(np.argmax(played > 0))
    assert first >= 7 * BLOCK and not played[:first].any()  # the question starts after the silence, whole
    assert np.array_equal(played[first:first + p.samples.size], p.samples)
    p.close()


def test_a_speaker_that_will_not_open_is_the_domain_error(monkeypatch):
    import sounddevice as sd

    def broken(**kwargs):
        raise sd.PortAudioError("Device unavailable [PaErrorCode -9985]")

    monkeypatch.setattr(sd, "OutputStream", broken)
    p = Playback(ramp(0.1), RATE, 7)
    with pytest.raises(DeviceError) as err:
        p.play()
    assert err.value.exit_code == 6 and "speaker would not play" in err.value.message
    assert "Device unavailable" in str(err.value.cause)
    assert p.done.is_set()  # nobody waits for it


def test_an_unknown_output_device_is_the_domain_error_from_real_portaudio():
    with pytest.raises(DeviceError, match="speaker would not play"):
        Playback(ramp(0.1), RATE, 9999).play()


@pytest.mark.live
def test_on_the_virtual_sink_it_plays_in_real_time_and_stops_at_once(pulse, portaudio_on_pulse):
    from interviewer.audio.devices import resolve_device

    out = resolve_device("pulse", "output")
    tone = (0.2 * np.sin(2 * np.pi * 440 * np.arange(int(0.6 * RATE)) / RATE)).astype(np.float32)
    t = time.monotonic()
    Playback(tone, RATE, out).play()
    took = time.monotonic() - t
    assert 0.55 < took < 10.0, took  # the audio clock, not a copy into a buffer (a new stream here may idle ~2 s first)

    long = np.tile(tone, 10)  # 6 s
    p = Playback(long, RATE, out)
    p.start()
    deadline = time.monotonic() + 10
    while p.written < 0.5 * RATE and time.monotonic() < deadline:
        time.sleep(0.01)
    heard, written = p.position(), p.written / RATE
    assert 0.0 < heard < written <= 1.0, (heard, written)  # behind what the device was given, by its latency
    t = time.monotonic()
    p.stop()
    assert p.wait(1.0) and time.monotonic() - t < 0.3  # aborted: the queued audio is dropped, not played
    assert p.written < long.size / 2
    p.close()


@pytest.mark.live
def test_the_voice_stops_a_long_model_answer_when_a_key_is_pressed(pulse, portaudio_on_pulse, monkeypatch):
    """`m` in the practice loop speaks a model answer of a minute or more: any key stops it at once."""
    import io

    from rich.console import Console

    from interviewer import practice
    from interviewer.audio.devices import resolve_device
    from interviewer.audio.speak import DeviceSpeaker
    from interviewer.bank.prompts import find_prompt

    voice = DeviceSpeaker("piper", resolve_device("pulse", "output"), Console(file=io.StringIO()))
    played: list[Playback] = []
    real_play = Playback.play

    def play(self, until=None):
        played.append(self)
        real_play(self, until)

    asked: list[float] = []

    def key_after_a_second() -> bool:  # asked while it plays; a key "pressed" 1 s in
        asked.append(time.monotonic())
        return asked[-1] - asked[0] >= 1.0

    monkeypatch.setattr(Playback, "play", play)
    voice.say(practice.model_answer(find_prompt("modeling-viewing-history")), key_after_a_second)
    stopped = time.monotonic() - asked[-1]
    (p,) = played
    assert p.samples.size / RATE > 20  # a long answer ...
    assert stopped < 0.5 and p.written / RATE < 5.0, (stopped, p.written / RATE)  # ... stopped at the key, not played on
