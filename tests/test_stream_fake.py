"""The streaming transcriber's commit/speculate logic with a fake decoder and an energy VAD: fast, no model.

"Speech" is a burst of a tone; the fake decoder hears one word per burst, named by the burst's absolute
start (so a word decoded twice, or lost at a cut, shows). The real-model tests are in test_stream.py.
"""

from __future__ import annotations

import threading
import time

import numpy as np

from interviewer.asr.batch import transcribe_audio
from interviewer.asr.stream import StreamingTranscriber, StreamOptions
from interviewer.audio.files import PacedFile
from interviewer.asr.decode import Decoded, TranscribeOptions
from interviewer.types import Span, Word

SR = 16_000


def bursts(x: np.ndarray, min_silence_ms: int = 0) -> list[tuple[int, int]]:
    """Runs of non-silent 10 ms frames, joined across gaps shorter than ``min_silence_ms``."""
    frame = SR // 100
    n = x.size // frame
    on = np.abs(x[: n * frame].reshape(n, frame)).max(axis=1) > 1e-3 if n else np.zeros(0, bool)
    runs, start = [], None
    for i, v in enumerate(on):
        if v and start is None:
            start = i
        if not v and start is not None:
            runs.append([start * frame, i * frame])
            start = None
    if start is not None:
        runs.append([start * frame, n * frame])
    gap = min_silence_ms * SR // 1000
    merged: list[list[int]] = []
    for r in runs:
        if merged and r[0] - merged[-1][1] < gap:
            merged[-1][1] = r[1]
        else:
            merged.append(r)
    return [(a, b) for a, b in merged]


class FakeDecoder:
    options = TranscribeOptions()
    model_name = "fake"

    def __init__(self, closing: str | None = None):
        self.calls: list[tuple[float, float]] = []  # (offset, seconds) of each decode
        self.closing = closing  # a word "heard" in the silence at the end of a decode, as Whisper invents one

    def decode_full(self, samples, offset=0.0, context="", fallback=True, first=None) -> Decoded:
        self.calls.append((offset, samples.size / SR))
        words = []
        for a, b in bursts(samples):
            if b - a < SR // 20:
                continue  # a sliver at a cut: no word
            t = offset + a / SR
            words.append(Word(text=f"w{round(t * 10)}", start=round(t, 3), end=round(offset + b / SR, 3)))
        runs = bursts(samples)
        silent_tail = samples.size / SR - (runs[-1][1] / SR if runs else 0)
        if self.closing and silent_tail > 1.0:
            t = offset + samples.size / SR - 0.8
            words.append(Word(text=self.closing, start=round(t, 3), end=round(t + 0.5, 3)))
        if first is not None:
            first(list(words))
        return Decoded(words=words)


def fake_regions(samples, start, min_silence_ms):
    return [Span(start=(start + a) / SR, end=(start + b) / SR) for a, b in bursts(samples, min_silence_ms)]


def answer(plan: list[tuple[float, float]]) -> tuple[np.ndarray, list[str]]:
    """Audio for [(burst seconds, pause after)], and the words the fake decoder should hear."""
    out, names, t = [], [], 0.0
    for dur, pause in plan:
        n = int(dur * SR)
        out.append(0.3 * np.sin(2 * np.pi * 220 * np.arange(n) / SR).astype(np.float32))
        names.append(f"w{round(t * 10)}")
        out.append(np.zeros(int(pause * SR), np.float32))
        t += dur + pause
    return np.concatenate(out), names


def stream(samples: np.ndarray, opts: StreamOptions | None = None, trailing: float = 1.5) -> tuple[StreamingTranscriber, list[str]]:
    st = StreamingTranscriber(FakeDecoder(), stream=opts, vad=bursts, regions=fake_regions)
    for block in PacedFile(samples, block_s=0.05, speed=0, trailing_silence_s=trailing):
        st.feed(block)
        st.drain()  # decode as it goes, as the worker does when it keeps up
    return st, [w.text for w in st.finish().words]


def test_commits_stretches_in_pauses_and_loses_no_word():
    samples, names = answer([(0.6, 0.4)] * 40 + [(0.6, 1.0)] * 20)  # 60 s: pauses of 0.4 s and 1 s
    st, heard = stream(samples)
    assert heard == names  # every burst once, in order, across the commits
    assert st.stats.stretches >= 2
    assert st.stats.cuts == 0
    commits = st.transcriber.calls[: st.stats.stretches]
    assert all(sec >= StreamOptions().min_stretch_s for _, sec in commits[:-1])


def test_speculation_covers_the_tail_so_finish_decodes_nothing():
    samples, names = answer([(0.6, 0.4)] * 10)  # 10 s: shorter than a stretch, so the tail is open at the end
    st, heard = stream(samples, trailing=2.0)
    assert heard == names
    assert st.stats.speculations >= 1
    assert st.stats.final_decode_s == 0.0  # the speculative decode of the open tail was used as it was


def test_speech_after_the_provisional_piece_is_decoded_with_it_from_the_kept_edge():
    first, names1 = answer([(0.6, 0.4)] * 5 + [(0.6, 1.5)])  # a long pause: the tail is decoded speculatively
    second, _ = answer([(0.6, 0.4)] * 3)
    samples = np.concatenate([first, second])
    st = StreamingTranscriber(FakeDecoder(), vad=bursts, regions=fake_regions)
    for block in PacedFile(samples, block_s=0.05, speed=0, trailing_silence_s=0.2):
        st.feed(block)
        st.drain()
    words = [w.text for w in st.finish().words]
    offset = first.size / SR
    assert words == names1 + [f"w{round((offset + i) * 10)}" for i in range(3)]
    # the provisional piece (under keep_piece_s) is not glued to a second decode: the open part is decoded once,
    # from the end of the kept pieces (here the start), as the file would be
    assert st.transcriber.calls[-1][0] == 0.0 and st.stats.final_decode_s > samples.size / SR - 1


def test_no_pause_at_all_is_cut_at_the_quietest_point():
    n = int(40 * SR)
    tone = (0.3 * np.sin(2 * np.pi * 220 * np.arange(n) / SR)).astype(np.float32)
    st = StreamingTranscriber(FakeDecoder(), vad=bursts, regions=fake_regions)
    for block in PacedFile(tone, block_s=0.05, speed=0, trailing_silence_s=1.0):
        st.feed(block)
        st.drain()
    st.finish()
    assert st.stats.cuts == 1
    assert st.transcriber.calls[0][1] <= StreamOptions().max_stretch_s + 0.5


def test_close_without_finish_stops_the_worker():
    samples, _ = answer([(0.6, 0.4)] * 30)
    st = StreamingTranscriber(FakeDecoder(), vad=bursts, regions=fake_regions)
    for block in PacedFile(samples, block_s=0.05, speed=0):
        st.feed(block)
    st.close()
    assert not st._worker.is_alive()


def test_the_trailing_silence_is_never_decoded_and_words_after_the_speech_are_dropped():
    first, names1 = answer([(0.6, 0.4)] * 5 + [(0.6, 1.5)])  # a speculation, then speech after it
    second, _ = answer([(0.6, 0.4)] * 3)
    samples = np.concatenate([first, second])
    dec = FakeDecoder(closing="Thanks for watching!")  # invents a closing in any long silence it is given
    st = StreamingTranscriber(dec, vad=bursts, regions=fake_regions)
    for block in PacedFile(samples, block_s=0.05, speed=0, trailing_silence_s=4.0):
        st.feed(block)
        st.drain()
    transcript = st.finish()
    assert "Thanks" not in transcript.text
    assert len(transcript.words) == len(names1) + 3
    speech_end = transcript.speech[-1].end
    assert max(off + sec for off, sec in dec.calls) <= speech_end + 0.5  # the 4 s of silence went to no decode

    # and if a decoder does put words in the silence (a forced cut, a long answer), they are dropped
    class Late(FakeDecoder):  # stamps a word past the end of the audio it was given
        def decode_full(self, samples, offset=0.0, context="", fallback=True, first=None):
            out = super().decode_full(samples, offset, context, fallback, first)
            end = offset + samples.size / SR
            return Decoded(words=out.words + [Word(text="Bye.", start=round(end + 0.6, 3), end=round(end + 0.7, 3))])

    st = StreamingTranscriber(Late(), vad=bursts, regions=fake_regions)
    for block in PacedFile(first, block_s=0.05, speed=0, trailing_silence_s=0.5):
        st.feed(block)
    transcript = st.finish()
    assert "Bye." not in transcript.text
    assert st.stats.dropped_after_speech == 1


def test_the_tail_is_decoded_in_kept_pieces_so_the_end_waits_for_one_short_decode():
    # 3 x (5 bursts 0.4 s apart, then a 1 s pause): each pause may be the end, and each piece is >= keep_piece_s
    samples, names = answer(([(0.6, 0.4)] * 4 + [(0.6, 1.0)]) * 3)
    st, heard = stream(samples, StreamOptions(keep_piece_s=4.0), trailing=2.0)
    assert heard == names  # no word lost or doubled where pieces meet
    assert st.stats.stretches == 0 and st.stats.final_decode_s == 0.0
    offsets = [off for off, _ in st.transcriber.calls]
    assert offsets == sorted(offsets) and len(set(offsets)) == 3  # three pieces end to end, none decoded twice
    assert max(sec for _, sec in st.transcriber.calls) < 6.5  # never the whole 16 s tail


def test_a_short_piece_is_decoded_again_longer():
    samples, names = answer(([(0.6, 0.4)] * 2 + [(0.6, 1.0)]) * 3)  # pieces of ~3.5 s, shorter than keep_piece_s
    st, heard = stream(samples, StreamOptions(keep_piece_s=6.0), trailing=2.0)
    assert heard == names
    starts = [off for off, _ in st.transcriber.calls]
    assert starts[0] == starts[1] == 0.0  # the first piece was too short to keep: decoded again from the same start
    assert st.transcriber.calls[1][1] > st.transcriber.calls[0][1]


def test_the_pieces_depend_on_the_audio_not_on_the_blocks_or_the_decoders_pace():
    """The same audio gives the same transcript live (any block size, a decoder that keeps up or one stuck until the
    end) and from the file (transcribe_audio): the kept pieces fall at the same places; a provisional piece a newer
    one replaced before the decoder took it is never decoded."""
    gate = threading.Event()

    class Slow(FakeDecoder):
        def decode_full(self, samples, offset=0.0, context="", fallback=True, first=None):
            gate.wait(10)
            return super().decode_full(samples, offset, context, fallback, first)

    samples, names = answer(([(0.6, 0.4)] * 6 + [(0.6, 1.0)]) * 8)  # 56 s: a pause that may end it every 7 s

    def live(decoder, block_s, drain):
        st = StreamingTranscriber(decoder, vad=bursts, regions=fake_regions)
        for block in PacedFile(samples, block_s=block_s, speed=0, trailing_silence_s=1.5):
            st.feed(block)
            if drain:
                st.drain()
        gate.set()  # the stuck decoder goes on once all the audio is in
        return st.finish(), decoder.calls

    stuck, stuck_calls = live(Slow(), 0.05, False)
    fast, fast_calls = live(FakeDecoder(), 0.05, True)
    odd, _ = live(FakeDecoder(), 0.013, True)
    batch_decoder = FakeDecoder()
    batch = transcribe_audio(np.concatenate([samples, np.zeros(int(1.5 * SR), np.float32)]), batch_decoder,
                             vad=bursts, regions=fake_regions)
    assert [w.text for w in fast.words] == names
    for other in (odd, stuck, batch):
        assert other.model_dump() == fast.model_dump()
    kept = [c for c in fast_calls if c[1] >= StreamOptions().keep_piece_s]
    assert kept and all(c in stuck_calls for c in kept) and set(batch_decoder.calls) <= set(fast_calls)
    assert len(stuck_calls) < len(fast_calls)  # provisional pieces replaced while the decoder was stuck: not decoded


def test_the_end_is_judged_on_the_content_pass_while_the_rest_of_the_decode_runs():
    gate = threading.Event()

    class Previewing(FakeDecoder):
        def decode_full(self, samples, offset=0.0, context="", fallback=True, first=None):
            out = super().decode_full(samples, offset, context, fallback, first)  # calls first() with its words
            gate.wait(10)  # the repairs and the filler pass, still running
            return out

    samples, names = answer([(0.6, 0.4)] * 4)
    st = StreamingTranscriber(Previewing(), vad=bursts, regions=fake_regions)
    for block in PacedFile(samples, block_s=0.05, speed=0, trailing_silence_s=1.5):
        st.feed(block)
    deadline = time.monotonic() + 10
    while st.heard()[0] == "" and time.monotonic() < deadline:
        time.sleep(0.01)
    text, covered, last_end = st.heard()
    assert text.split() == names and covered > samples.size / SR - 0.4  # before the decode has finished
    gate.set()
    assert [w.text for w in st.finish().words] == names


def test_a_provisional_piece_replaced_during_its_content_pass_stops_there():
    """The decoder does not finish (repairs, filler pass) a piece a newer pause replaced: the newer piece is next,
    so the end of the answer does not wait behind work nobody will read."""
    gate, entered = threading.Event(), threading.Event()

    class Stopping(FakeDecoder):
        def __init__(self):
            super().__init__()
            self.asked: list[tuple[float, bool]] = []  # (offset, whether the rest of the decode was still wanted)

        def decode_full(self, samples, offset=0.0, context="", fallback=True, first=None):
            entered.set()
            gate.wait(10)
            out = super().decode_full(samples, offset, context, fallback, None)
            wanted = first(list(out.words)) if first is not None else None
            self.asked.append((offset, wanted is not False))
            return out

    samples, names = answer([(0.6, 0.4)] * 3 + [(0.6, 1.0)] + [(0.6, 0.4)] * 3 + [(0.6, 1.0)])  # two pauses, 4 s apart
    dec = Stopping()
    st = StreamingTranscriber(dec, vad=bursts, regions=fake_regions)
    for block in PacedFile(samples, block_s=0.05, speed=0, trailing_silence_s=1.5):
        st.feed(block)  # the first piece's decode is held while the second pause replaces it
        if st.stats.speculations == 1:
            assert entered.wait(10)  # the worker holds the first piece (a busy machine may start it late)
    gate.set()
    assert [w.text for w in st.finish().words] == names
    assert dec.asked[0] == (0.0, False) and dec.asked[-1][1]  # the first stopped after its content pass; the last went on
