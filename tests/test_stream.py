"""Streaming transcription: the transcript built while the answer is spoken matches the batch transcript.

One synthesized ~30 s answer with pauses, one batch and one streaming Whisper run (2 shared cores).
No timings are asserted: the latency figures are printed by `make bench`.
"""

from __future__ import annotations

import re
import subprocess
import sys

import numpy as np
import pytest

from conftest import REPO, mock_env

ANSWER = [
    ("Before I design anything, who reads this table, the pricing team or finance?", 0.9),
    ("And how fresh does it need to be, minutes or a daily batch?", 2.0),
    ("Okay. I'll treat this as a star schema with one fact table for completed trips.", 0.3),
    ("The grain of this fact is one row per trip.", 1.2),
    ("The dimensions are rider, driver, city and date, and the driver dimension is slowly changing, type two.", 0.8),
    ("I'd partition the fact by trip date and cluster it by city.", 3.0),
    ("This breaks when trip events arrive late, so a daily job backfills a two day tail.", 0.3),
]


NUMBERS = dict(enumerate("zero one two three four five six seven eight nine ten".split()))


def _norm(text: str) -> str:
    """Lower case, no punctuation, small numbers as words ("type 2" and "type two" are the same words)."""
    words = re.sub(r"[^a-z0-9' ]+", " ", text.lower()).split()
    return " ".join(NUMBERS.get(int(w), w) if w.isdigit() else w for w in words)


@pytest.fixture(scope="module")
def answer():
    from interviewer.audio.synth import Pause, Say, synthesize

    parts = []
    for text, pause in ANSWER:
        parts += [Say(text, gap_after=0.0), Pause(pause)]
    return synthesize(parts)


def test_streaming_matches_batch(answer, transcriber):
    """Live and from the file, the same audio gives the same transcript (issue 16: the same report), whatever the
    blocks and however fast the decoder kept up; and it is a good one."""
    import jiwer

    from interviewer.audio.files import Audio
    from interviewer.asr.stream import StreamingTranscriber
    from interviewer.audio.files import PacedFile

    truth = _norm(" ".join(t for t, _ in ANSWER))
    # the answer, then the recorder's trailing-silence window (2 s, as `--silence-stop 2`): what the recording holds
    recorded = np.concatenate([answer.samples, np.zeros(2 * answer.sample_rate, np.float32)])
    batch = transcriber.transcribe(Audio(recorded))

    st = StreamingTranscriber(transcriber)
    for block in PacedFile(answer.samples, block_s=0.1, speed=0, trailing_silence_s=2.0):
        st.feed(block)
        st.drain()  # as when the decoder keeps up with real time
    live = st.finish()
    assert live.model_dump() == batch.model_dump()

    behind = StreamingTranscriber(transcriber)  # other blocks, and a decoder that falls behind
    for block in PacedFile(answer.samples, block_s=0.037, speed=0, trailing_silence_s=2.0):
        behind.feed(block)
    assert behind.finish().model_dump() == batch.model_dump()

    wer_live = jiwer.wer(truth, _norm(live.text))
    print(f"\nWER {wer_live:.3f}  stretches {st.stats.stretches}  decodes {st.stats.decodes}")
    assert wer_live < 0.15
    assert st.stats.stretches >= 1 and st.stats.decodes > 1  # a sealed stretch, then the tail
    # the tail after the last pause was decoded while the answer's trailing silence ran: nothing was
    # left to decode when the recording stopped
    assert st.stats.speculations >= 1 and st.stats.final_decode_s == 0
    starts = [w.start for w in live.words]
    assert starts == sorted(starts)
    assert all(0 <= w.start <= w.end <= live.duration_s + 1e-3 for w in live.words)
    assert live.duration_s == pytest.approx(answer.duration_s + 2.0, abs=0.01)
    # each sentence starts where it was spoken: first word within 0.6 s of its true start
    for label in answer.labels:
        if label.label == "pause":
            continue
        near = [w for w in live.words if abs(w.start - label.start) < 0.6]
        assert near, f"no word near {label.start:.2f} s ({label.text})"


def test_the_vad_of_a_growing_tail_equals_silero_over_it(answer):
    """SileroTail pays at each look for the new audio only, and finds exactly the regions faster-whisper's
    get_speech_timestamps finds over the whole tail (looks of any length, from any start)."""
    from interviewer.asr.vad import silero_vad
    from interviewer.asr.vad_tail import SileroTail

    x = np.concatenate([answer.samples, answer.samples])
    rng = np.random.default_rng(7)
    looks = 0
    for start in (0, int(rng.integers(1, 10 * 16000)), int(rng.integers(10 * 16000, 20 * 16000))):
        tail, end = SileroTail(300), start
        while end < min(x.size, start + 40 * 16000):
            end += int(rng.choice([4096, 512, 777, 16000, 3]))
            assert tail(x[start:end], start) == silero_vad(x[start:end], 300), (start, end)
            looks += 1
    assert looks > 100


def test_transcribe_live_iterable_and_errors(transcriber):
    from interviewer.asr.stream import StreamingTranscriber, transcribe_live

    silent = transcribe_live([np.zeros(1600, np.float32)] * 20, transcriber)
    assert silent.words == [] and silent.speech == [] and silent.duration_s == pytest.approx(2.0)

    st = StreamingTranscriber(transcriber)
    st.finish()
    with pytest.raises(RuntimeError):
        st.feed(np.zeros(160, np.float32))


def test_stopped_right_after_the_last_word(answer, transcriber):
    """Enter pressed 0.2 s after the last word: the last sentence is decoded inside finish(), in full,
    with nothing after it (tiny.en tends to loop "see you next time" on a window of bare silence)."""
    from interviewer.asr.stream import StreamingTranscriber
    from interviewer.audio.files import PacedFile

    last = [lab for lab in answer.labels if lab.label != "pause"][-1]
    cut = int((last.end + 0.2) * answer.sample_rate)
    st = StreamingTranscriber(transcriber)
    for block in PacedFile(answer.samples[:cut], block_s=0.1, speed=0):
        st.feed(block)
    st.drain()
    t = st.finish()
    assert st.stats.final_decode_s > 0  # the last sentence was still open when the recording stopped
    import jiwer

    heard = _norm(" ".join(w.text for w in t.words if w.start >= last.start - 0.3))
    assert heard.endswith("a two day tail"), heard  # nothing made up after the last word
    assert jiwer.wer(_norm(last.text), heard) <= 0.25, heard
    assert all(w.end <= t.duration_s + 1e-6 for w in t.words)


def test_audio_buffer_keeps_every_sample(transcriber):
    from interviewer.asr.stream import StreamingTranscriber, StreamOptions

    rng = np.random.default_rng(7)
    blocks = [rng.standard_normal(int(n)).astype(np.float32) for n in rng.integers(1, 40000, 400)]
    st = StreamingTranscriber(transcriber, stream=StreamOptions(check_every_s=1e9))  # no scans: only buffering
    try:
        for i, b in enumerate(blocks):
            st.feed(b)
            if i % 37 == 0:  # the buffer is read now and then, as scans do, and grows in between
                assert np.array_equal(st._samples(), np.concatenate(blocks[: i + 1]))
        assert np.array_equal(st._samples(), np.concatenate(blocks))
    finally:
        st.close()


def test_heap_is_bounded_on_glibc():
    import platform

    from interviewer.asr.heap import bound_heap

    if platform.libc_ver()[0] != "glibc":
        pytest.skip("mallopt is glibc's")
    assert bound_heap() is True


HEAVY = ("faster_whisper", "ctranslate2", "av", "onnxruntime", "piper", "numpy", "sounddevice", "soundfile", "scipy")
PROBE = """
import runpy, sys
sys.argv = ["mock", *sys.argv[1:]]
try:
    runpy.run_module("interviewer", run_name="__main__")
except SystemExit:
    pass
print(",".join(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)
"""


@pytest.mark.parametrize("args,allowed", [
    (["--help"], ()),
    (["modeling", "--help"], ()),
    (["history"], ()),
    (["devices"], ("numpy", "sounddevice")),  # listing devices is PortAudio's job
])
def test_commands_that_do_not_transcribe_stay_light(args, allowed, mock_home):
    p = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), *args], capture_output=True, text=True,
                       env=mock_env(mock_home), cwd=REPO, timeout=60, stdin=subprocess.DEVNULL)
    loaded = [m for m in p.stderr.strip().splitlines()[-1].split(",") if m] if p.stderr.strip() else []
    assert set(loaded) <= set(allowed), f"mock {' '.join(args)} imported {loaded}"
