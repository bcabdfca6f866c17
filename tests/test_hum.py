"""Closed-mouth hums ("hm", "mm") found by their sound (interviewer/asr/hum.py, issue 16 item 4).

A hum is made here as a voice is: harmonics of a steady pitch under a spectral envelope. The nasal murmur's
envelope peaks low (250-300 Hz) with a weak nasal formant near 2.2 kHz and nothing where an open vowel's first
formant is; an "ah" has formants at 700, 1150 and 2500 Hz. No randomness but a seeded noise generator.
"""

from __future__ import annotations

import numpy as np
import pytest

from interviewer.asr.hum import filler_gaps, free_hums, hum_need, hum_runs, min_probability
from interviewer.types import Word

SR = 16000
HUM = [(250, 80, 1.0), (2200, 200, 0.08)]  # (centre Hz, half-bandwidth Hz, amplitude)
HUM_HIGH = [(300, 80, 1.0), (2500, 200, 0.08)]  # a higher voice's hum
AH = [(700, 90, 1.0), (1150, 110, 0.6), (2500, 150, 0.2)]


def voiced(seconds: float, f0: float, peaks: list[tuple[float, float, float]], level: float = 0.1) -> np.ndarray:
    """A held voiced sound: harmonics of ``f0`` under the envelope ``peaks``, 50 ms ramps at either end."""
    t = np.arange(int(seconds * SR)) / SR
    x = sum(sum(a / (1 + ((k * f0 - c) / bw) ** 2) for c, bw, a in peaks) * np.sin(2 * np.pi * k * f0 * t)
            for k in range(1, int(4000 // f0)))
    ramp = np.minimum(1.0, np.minimum(t, t[::-1]) / 0.05)
    return (level * x / np.abs(x).max() * ramp).astype(np.float32)


def _between_silences(sound: np.ndarray) -> np.ndarray:
    quiet = np.zeros(SR // 2, np.float32)
    return np.concatenate([quiet, sound, quiet])


def test_a_hum_is_found_by_its_sound_at_a_low_and_a_high_pitch():
    for f0, peaks in ((110, HUM), (210, HUM_HIGH)):
        runs = hum_runs(_between_silences(voiced(0.7, f0, peaks)), -100.0)
        assert len(runs) == 1 and runs[0][0] == pytest.approx(0.5, abs=0.05) and runs[0][1] == pytest.approx(1.2, abs=0.05)


def test_an_open_vowel_noise_a_short_nasal_and_a_nasal_held_after_a_vowel_are_no_hum():
    noise = (0.05 * np.random.default_rng(0).standard_normal(SR)).astype(np.float32)
    assert hum_runs(_between_silences(voiced(0.7, 110, AH)), -100.0) == []
    assert hum_runs(_between_silences(noise), -100.0) == []
    assert hum_runs(_between_silences(voiced(0.2, 110, HUM)), -100.0) == []  # the "m" of a word
    # "a liiinnn": the murmur continues the vowel's voicing (one voiced run, mostly vowel): the word's own nasal
    said = np.concatenate([voiced(0.9, 110, AH), voiced(0.5, 110, HUM)])
    assert hum_runs(_between_silences(said), -100.0) == []


def test_a_gliding_pitch_is_no_hum():
    """A hum is held at one pitch; a voiced sound sliding an octave in 0.3 s (a tone, a call) is not one."""
    t = np.arange(int(0.6 * SR)) / SR
    f0 = 110 * 2 ** (t / 0.3)
    phase = 2 * np.pi * np.cumsum(f0) / SR
    x = sum(sum(a / (1 + ((k * 150 - c) / bw) ** 2) for c, bw, a in HUM) * np.sin(k * phase) for k in range(1, 12))
    assert hum_runs(_between_silences((0.1 * x / np.abs(x).max()).astype(np.float32)), -100.0) == []


def test_only_a_hum_no_word_is_said_over_is_decoded_and_trusted_however_faint():
    x = _between_silences(voiced(0.7, 110, HUM))
    hum = hum_runs(x, -100.0)
    assert free_hums(hum, [(0.3, 1.1)]) == []  # under a word ("um" stamped over it): that word's sound
    assert free_hums(hum, [(0.0, 0.55), (1.15, 1.5)]) == hum  # words either side straying 50 ms into it
    gaps, hums = filler_gaps(x, [], [], 0.3)  # outside any VAD region: decoded all the same
    assert hums == hum and gaps == hum
    mm = Word(text="Mm.", start=0.55, end=1.15, probability=0.2)
    assert min_probability(mm, hums) == 0.0
    assert min_probability(mm.model_copy(update={"text": "Um,"}), hums) == 0.0  # kept as the decoder spells it
    assert min_probability(mm.model_copy(update={"start": 2.0, "end": 2.5}), hums) == pytest.approx(0.3)  # not over the hum
    assert min_probability(mm.model_copy(update={"text": "so"}), hums) == pytest.approx(0.3)  # a word


def test_a_hum_holds_one_hesitation():
    """A hesitation next to the hum over silence (the disfluent pass stamped the hum's sound 0.3 s off) is the hum's:
    a faint one heard over the hum is not added again. One over a voiced sound of its own is another hesitation."""
    x = np.concatenate([_between_silences(voiced(0.7, 110, HUM)), voiced(0.4, 110, AH), np.zeros(SR // 2, np.float32)])
    hums = hum_runs(x, -100.0)
    faint = Word(text="Uh,", start=0.5, end=1.2, probability=0.001)
    off = Word(text="Hmm.", start=1.45, end=1.65, probability=0.25)  # over the silence after the hum
    assert hum_need(x, hums, [off])(faint) == pytest.approx(0.3)
    own = Word(text="uh", start=1.72, end=2.1, probability=0.8)  # over the "ah" after the hum
    assert hum_need(x, hums, [own])(faint) == 0.0
    assert hum_need(x, hums, [Word(text="so", start=1.45, end=1.65)])(faint) == 0.0


def test_a_hum_between_two_sentences_is_reported_as_a_filler(transcriber):
    """espeak-ng says two sentences, a hum held between them, soft enough that the VAD calls it no speech, or part of
    the speech: the transcript has one hesitation there (tiny.en hears it only faintly, as "Um" at 0.001-0.003) and
    the sentences' words. An open "ah" of the same length is no hum: no closed-mouth hesitation is written for it."""
    from interviewer.asr.words import hesitation
    from interviewer.audio.files import Audio
    from interviewer.audio.synth import speak_text

    a = speak_text("So the grain is one row per completed trip.", "espeak")
    b = speak_text("Then I would add the driver dimension.", "espeak")
    pause = np.zeros(int(0.4 * SR), np.float32)
    at, loud = (a.size + pause.size) / SR, float(np.abs(a).max())
    for level in (0.05, 0.1):
        x = np.concatenate([a, pause, voiced(0.8, 110, HUM, level * loud), pause, b])
        words = transcriber.transcribe(Audio(x, SR)).words
        found = [w for w in words if hesitation(w.text) and at - 0.2 <= (w.start + w.end) / 2 <= at + 1.0]
        assert len(found) == 1, [(w.text, w.start, w.probability) for w in words]
        assert {"trip", "driver", "dimension"} <= {w.text.strip(".,").lower() for w in words}
    x = np.concatenate([a, pause, voiced(0.8, 110, AH, 0.1 * loud), pause, b])
    assert not [w for w in transcriber.transcribe(Audio(x, SR)).words if hesitation(w.text) in ("hm", "mm")]


def test_the_seam_between_two_pieces_holds_one_hesitation_per_hum():
    """interviewer/asr/seams.py: the hums across a cut (or ending just before it) are found in the audio around it; one
    with no hesitation gets the one its own decode heard (not when a word is said over it); one with two keeps the
    first (each piece heard one in its part). A cut away from any hum has no seam."""
    from interviewer.asr.seams import MARGIN_S, mend, seam

    x = np.concatenate([_between_silences(voiced(0.6, 110, HUM)), np.zeros(SR, np.float32)])  # hum 0.5-1.1 s
    heard = Word(text="Mm.", start=0.45, end=1.0, probability=0.01)
    hear = lambda seg, spans: [(g, [heard, Word(text="so", start=0.5, end=0.6)]) for g in spans]
    for cut in (0.6, 0.8, 1.05, 1.1 + MARGIN_S - 0.05):
        got = seam(x, 0, int(cut * SR), x.size, hear)
        assert len(got) == 1 and got[0][0][0] == pytest.approx(0.5, abs=0.05) and got[0][0][1] == pytest.approx(1.1, abs=0.05)
        assert got[0][1] == [heard]  # its hesitations only
    assert seam(x, 0, int(1.5 * SR), x.size, hear) == [] and seam(x, 0, int(0.3 * SR), x.size, hear) == []
    hum = seam(x, 0, int(0.8 * SR), x.size, hear)
    words = [Word(text="trip.", start=0.1, end=0.45), Word(text="Then", start=1.3, end=1.5)]
    assert [w.text for w in mend(words, hum)] == ["trip.", "Hmm.", "Then"]
    assert mend([words[0], Word(text="stop", start=0.5, end=1.05), words[1]], hum)[1].text == "stop"  # said over it
    two = [words[0], Word(text="Um,", start=0.5, end=0.8), Word(text="Uh,", start=0.8, end=1.1), words[1]]
    assert [w.text for w in mend(two, hum)] == ["trip.", "Um,", "Then"]
    apart = [words[0], Word(text="Um,", start=0.5, end=1.1), Word(text="uh", start=1.6, end=1.9), words[1]]
    assert mend(apart, hum) == apart


@pytest.mark.parametrize("stream", [{"keep_piece_s": 1.0}, {"min_stretch_s": 1.0}], ids=["kept-piece", "sealed"])
def test_a_hum_straddling_a_piece_cut_is_one_filler(transcriber, stream):
    """Streaming, the first sentence's piece ends 0.3 s after its speech (a kept piece: ``keep_piece_s`` 1 s) or in
    the middle of the pause (a seal: ``min_stretch_s`` 1 s): inside the soft 0.6 s hum the VAD does not call speech, or
    0.06 s after it. Each piece held part of the hum, or heard nothing that near its end, and the transcript had no
    hesitation there; the seam's own decode hears it: one hesitation, and the sentences' words."""
    from interviewer.asr.seams import MARGIN_S
    from interviewer.asr.stream import StreamingTranscriber, StreamOptions
    from interviewer.asr.words import hesitation
    from interviewer.audio.synth import speak_text

    a = speak_text("So the grain is one row per completed trip.", "espeak")
    b = speak_text("Then I would add the driver dimension.", "espeak")
    at = (a.size + 0.15 * SR) / SR
    x = np.concatenate([a, np.zeros(int(0.15 * SR), np.float32), voiced(0.6, 110, HUM, 0.1 * float(np.abs(a).max())),
                        np.zeros(int(0.6 * SR), np.float32), b, np.zeros(SR, np.float32)])
    st = StreamingTranscriber(transcriber, stream=StreamOptions(**stream), previews=False)
    for i in range(0, x.size, SR // 10):
        st.feed(x[i: i + SR // 10])
    words = st.finish().words
    assert any(at < p.end / SR < at + 0.6 + MARGIN_S for p in st._chain.kept())  # a cut inside the hum or just after it
    found = [w for w in words if hesitation(w.text) and at - 0.4 <= (w.start + w.end) / 2 <= at + 0.8]
    assert len(found) == 1, [(w.text, w.start, w.probability) for w in words]
    assert {"trip", "driver", "dimension"} <= {w.text.strip(".,").lower() for w in words}


def test_a_run_of_two_filled_pauses_lowers_the_bar_for_the_second():
    """interviewer/asr/runs.py: a gap next to a hesitation already written that holds two separate voiced bursts holds a
    run of sounds: a hesitation heard over a burst of its own there needs only ``RUN_MIN_PROBABILITY``. One burst, or no
    hesitation beside the gap, or a hesitation over no burst: the usual bar."""
    from interviewer.asr.runs import RUN_MIN_PROBABILITY, bursts, run_need
    from interviewer.asr.words import GAP_MIN_PROBABILITY

    quiet = np.zeros(int(0.2 * SR), np.float32)
    x = np.concatenate([quiet, voiced(0.25, 110, AH), quiet, voiced(0.25, 110, AH), quiet])  # bursts 0.2-0.45, 0.65-0.9
    gap = (0.1, 1.0)
    assert bursts(x, *gap, -100.0) == 2 and bursts(x, 0.1, 0.55, -100.0) == 1
    written = Word(text="uh,", start=1.0, end=1.0, probability=0.6)  # stamped on an instant at the gap's end
    faint = Word(text="Uh,", start=0.15, end=0.5, probability=0.08)
    usual = lambda w: GAP_MIN_PROBABILITY
    assert run_need(x, [gap], [written], usual)(faint) == RUN_MIN_PROBABILITY
    assert run_need(x, [(0.1, 0.55)], [written.model_copy(update={"start": 0.55, "end": 0.55})], usual)(faint) == GAP_MIN_PROBABILITY
    assert run_need(x, [gap], [Word(text="so", start=1.0, end=1.1)], usual)(faint) == GAP_MIN_PROBABILITY
    assert run_need(x, [gap], [written], usual)(faint.model_copy(update={"start": 0.5, "end": 0.6})) == GAP_MIN_PROBABILITY
    assert run_need(x, [gap], [written], usual)(faint.model_copy(update={"text": "the"})) == GAP_MIN_PROBABILITY


def test_two_filled_pauses_in_a_row_are_two_fillers(transcriber):
    """espeak-ng says "I think the", "uh" (or "um") twice 0.1-0.35 s apart, then "we should load it nightly": tiny.en
    wrote one hesitation for the two, the other heard only faintly in the gap's own decode; now two. A single "uh"
    stays one."""
    from interviewer.asr.words import hesitation
    from interviewer.audio.files import Audio
    from interviewer.audio.synth import speak_text

    a, b = speak_text("I think the", "espeak"), speak_text("we should load it nightly.", "espeak")
    z = lambda s: np.zeros(int(s * SR), np.float32)
    for f, brk, n in (("uh", 0.1, 2), ("um", 0.35, 2), ("uh", 0.0, 1)):
        u = speak_text(f, "espeak")
        x = np.concatenate([z(0.5), a, z(0.15)] + [u, z(brk)] * (n - 1) + [u, z(0.15), b, z(0.8)])
        words = transcriber.transcribe(Audio(x, SR)).words
        assert len([w for w in words if hesitation(w.text)]) == n, (f, brk, [(w.text, w.start, w.probability) for w in words])
        assert {"think", "load"} <= {w.text.strip(".,").lower() for w in words}
