"""The encoder's output is reused by the passes of one decode over the same audio (interviewer/asr/encoder.py):
the same words as a model that encodes every pass, with fewer encoder runs."""

from __future__ import annotations

import numpy as np
from disfluent import ANSWERS
from faster_whisper import WhisperModel

from interviewer.asr.decode import WhisperTranscriber
from interviewer.asr.encoder import KEEP, CachingWhisperModel


def test_a_decode_encodes_its_audio_once_and_hears_the_same_words(monkeypatch):
    samples = next(a for a in ANSWERS if a.id == "d-trips").synthesize().samples[: 16000 * 14]
    cached = WhisperTranscriber()
    got = cached.decode_full(samples, fallback=False)
    runs = cached.model.encoder_runs
    passes = []
    monkeypatch.setattr(CachingWhisperModel, "encode", lambda self, f: passes.append(1) or WhisperModel.encode(self, f))
    plain = WhisperTranscriber().decode_full(samples, fallback=False)
    assert got == plain and got.words
    assert len(passes) >= 2  # the content pass and the disfluent pass each hand the encoder this window
    assert runs < len(passes)  # ... which the caching model encodes once


def test_the_cache_holds_a_few_windows_and_tells_them_apart():
    model = WhisperTranscriber().model
    before = model.encoder_runs
    windows = [np.full((80, 3000), i / 10, np.float32) for i in range(KEEP + 1)]
    first = [model.encode(w) for w in windows]
    assert model.encoder_runs == before + KEEP + 1  # each distinct window encoded
    assert model.encode(windows[-1]) is first[-1]  # the latest is remembered
    assert model.encoder_runs == before + KEEP + 1
    model.encode(windows[0])  # the oldest was let go: encoded again
    assert model.encoder_runs == before + KEEP + 2
    a, b = np.array(model.encode(windows[1])), np.array(model.encode(windows[2]))
    assert not np.array_equal(a, b)


def test_the_first_decode_loads_one_model_for_both_passes():
    """The disfluent pass starts on its own thread before the content pass: the model is loaded before either runs,
    so both use the same one (and share its encoder output), never two loaded side by side."""
    samples = next(a for a in ANSWERS if a.id == "d-trips").synthesize().samples[: 16000 * 6]
    loaded = []
    original = CachingWhisperModel.__init__

    def counting(self, *a, **k):
        loaded.append(1)
        original(self, *a, **k)

    CachingWhisperModel.__init__ = counting
    try:
        fresh = WhisperTranscriber()
        assert fresh.decode_full(samples, fallback=False).words
    finally:
        CachingWhisperModel.__init__ = original
    assert len(loaded) == 1
