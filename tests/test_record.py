"""The recorder's writer and stop logic with a file standing in for the microphone (no sound card needed)."""

from __future__ import annotations

import wave

import numpy as np
import pytest
import soundfile as sf

from interviewer.audio.record import FileMicrophone, StopPolicy
from interviewer.audio.synth import Say, synthesize


@pytest.fixture(scope="module")
def spoken(tmp_path_factory):
    d = tmp_path_factory.mktemp("rec")
    s = synthesize([Say("The grain of this fact table is one row per profile per title per day.", "a")], voice="espeak")
    return s, s.write(d / "said.wav")


def test_silence_after_speech_stops_and_the_file_is_private(spoken, tmp_path):
    said, wav = spoken
    out = tmp_path / "answer.wav"
    seen: list[np.ndarray] = []
    r = FileMicrophone(wav, trailing_silence_s=10).record(out, stop=StopPolicy(silence_s=2.0), listeners=[seen.append])
    assert r.stopped_by == "silence"
    assert said.duration_s < r.duration_s < said.duration_s + 2.6
    assert (out.stat().st_mode & 0o777) == 0o600
    data, rate = sf.read(str(out), dtype="float32")
    assert rate == 16000 and sf.info(str(out)).subtype == "PCM_16" and sf.info(str(out)).channels == 1
    assert np.concatenate(seen).size == data.size


def test_the_listeners_hear_exactly_what_the_file_gives_back(spoken, tmp_path):
    """The live transcriber (a listener) and `mock score` of the recording must see the same samples, to the bit,
    or the same answer gets two transcripts: blocks are quantized as the 16-bit file holds them."""
    from interviewer.audio.files import load_audio

    _, wav = spoken
    out = tmp_path / "answer.wav"
    seen: list[np.ndarray] = []
    FileMicrophone(wav, trailing_silence_s=3).record(out, stop=StopPolicy(silence_s=2.0), listeners=[seen.append])
    heard = np.concatenate(seen)
    saved = load_audio(out).samples
    assert heard.dtype == saved.dtype == np.float32 and np.array_equal(heard, saved)
    assert not np.array_equal(heard, FileMicrophone(wav).samples[: heard.size])  # the source itself is not on that grid


def test_max_length_stops(spoken, tmp_path):
    _, wav = spoken
    r = FileMicrophone(wav).record(tmp_path / "a.wav", stop=StopPolicy(silence_s=30, max_s=1.5))
    assert r.stopped_by == "max" and r.duration_s == pytest.approx(1.5, abs=0.06)


def test_silence_alone_never_stops_before_speech(tmp_path):
    quiet = tmp_path / "quiet.wav"
    sf.write(str(quiet), np.zeros(16000 * 5, np.float32), 16000)
    r = FileMicrophone(quiet).record(tmp_path / "a.wav", stop=StopPolicy(silence_s=1.0))
    assert r.stopped_by == "end" and r.duration_s == pytest.approx(5.0, abs=0.06) and r.speech_s == 0


def test_header_is_kept_current_while_recording(spoken, tmp_path):
    """Read the WAV header mid-recording (as a kill -9 would leave it): it covers all but the last half second."""
    said, wav = spoken
    out = tmp_path / "a.wav"
    checks: list[tuple[float, float]] = []
    total = [0]

    def peek(block: np.ndarray) -> None:
        total[0] += block.size
        if total[0] % 16000 < block.size and total[0] > 16000:  # about once a second
            with wave.open(str(out)) as w:
                checks.append((total[0] / 16000, w.getnframes() / 16000))

    FileMicrophone(wav, realtime=True).record(out, stop=StopPolicy(silence_s=30), listeners=[peek])
    assert checks
    for captured, on_disk in checks:
        assert on_disk >= captured - 1.0, checks
