"""Transcribe while the candidate speaks, so the report is ready a fraction of a second after the end.

:class:`StreamingTranscriber` is fed the microphone's blocks as they are captured (a recorder
listener). At every pause that may end the answer it decodes the audio since the last kept piece on
one background decoder (:mod:`interviewer.asr.speculate`: pieces laid end to end, bounded, the first
pass read by the end-of-turn judge), and seals long stretches (24-30 s, cut in a pause) so the VAD
scans only what follows; :meth:`~StreamingTranscriber.finish` usually has nothing left to decode.
Why and how it was measured: docs/stream.md.

    st = StreamingTranscriber(WhisperTranscriber())
    mic.record(path, stop=policy, listeners=[st.feed])
    transcript = st.finish()
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from interviewer.trace import mark
from interviewer.asr.heap import bound_heap
from interviewer.asr.decode import Decoded, TranscribeOptions, WhisperTranscriber
from interviewer.asr.speculate import Chain, Piece
from interviewer.asr.stream_options import StreamOptions, StreamStats
from interviewer.asr.vad import merge_spans, quietest, silero_vad, speech_regions
from interviewer.audio import SAMPLE_RATE
from interviewer.audio.tape import Tape
from interviewer.ports import Decoder
from interviewer.types import Span, Transcript, Word

QUIET_RMS = 0.003  # about -50 dBFS: audio after the last scan this quiet holds no speech to find
SPAN_LOOKAHEAD = SAMPLE_RATE  # audio after a piece given to the VAD that finds its speech spans
AFTER_SPEECH_S = 0.5  # a word starting this long after the last speech the VAD heard was not said


class StreamingTranscriber:
    """Decodes a growing recording in pieces, at each long pause, on a :class:`~interviewer.ports.Decoder`
    (Whisper, or a fake in tests), and seals long stretches; ``vad`` finds the speech
    (Silero by default; ``regions`` gives the transcript's speech spans, the batch path's VAD by default)."""

    def __init__(self, transcriber: Decoder | str | Path | None = None, options: TranscribeOptions | None = None,
                 stream: StreamOptions | None = None, vad=None, regions=None):
        self.transcriber: Decoder = (transcriber if transcriber is not None and not isinstance(transcriber, (str, Path))
                                     else WhisperTranscriber(transcriber, options))
        self._vad_fn = vad or silero_vad
        self._regions_fn = regions or _regions
        o = self.stream = stream or StreamOptions()
        self.cut_silence = o.cut_silence_ms * SAMPLE_RATE // 1000
        self.min_stretch = int(o.min_stretch_s * SAMPLE_RATE)
        self.end_silence = o.end_silence_ms * SAMPLE_RATE // 1000
        self.max_stretch = int(o.max_stretch_s * SAMPLE_RATE)
        self.check_every = int(o.check_every_s * SAMPLE_RATE)
        self.stats = StreamStats()
        self._tape = Tape()
        self._cut = 0  # audio before this sample is sealed: covered by kept pieces (the VAD scans after it)
        self._last_check = 0
        self._chain = Chain(int(o.keep_piece_s * SAMPLE_RATE))
        self._jobs: queue.Queue = queue.Queue()
        self._error: BaseException | None = None
        self._finished = False
        bound_heap()
        _ = getattr(self.transcriber, "model", None)  # load the model now, not at the first pause
        self._worker = threading.Thread(target=self._work, daemon=True, name="mock-stream-decoder")
        self._worker.start()


    def feed(self, samples: np.ndarray) -> None:
        """A block of captured audio (16 kHz mono float32). Cheap; decoding happens on the worker."""
        if self._finished:
            raise RuntimeError("StreamingTranscriber.feed() after finish() or close()")
        block = np.asarray(samples, dtype=np.float32).reshape(-1)
        n = self._tape.append(block)
        if n - self._last_check >= self.check_every:
            self._last_check = n
            self._scan()

    @property
    def words(self) -> list[Word]:
        """Words decoded so far that will not be decoded again."""
        return self._chain.take(kept_only=True).words

    def heard(self) -> tuple[str, float, float]:
        """What was said so far, for judging the end of the answer: the decoded pieces (the last one by its
        first pass while the rest of its decode runs); the seconds of audio that text covers (up to the last decoded pause); and
        where its last word ends (s)."""
        words, covered = self._chain.heard()
        return " ".join(w.text for w in words), covered / SAMPLE_RATE, (words[-1].end if words else 0.0)

    def drain(self) -> None:
        """Wait until the worker has decoded everything handed to it so far."""
        self._jobs.join()

    def _samples(self) -> np.ndarray:
        return self._tape.view()

    def _vad(self, samples: np.ndarray) -> list[tuple[int, int]]:
        return self._vad_fn(samples, self.stream.cut_silence_ms)

    def _scan(self) -> None:
        tail = self._samples()[self._cut :]
        if tail.size == 0:
            return
        regions = self._vad(tail)
        base = self._cut
        self._last_scan = (base, tail.size, regions)  # finish() reuses it when nothing was said since
        closed = [r for r in regions if tail.size - r[1] >= self.cut_silence]
        if closed and (closed[-1][1] >= self.min_stretch or tail.size >= self.max_stretch):
            last_end = closed[-1][1]
            nxt = next((r[0] for r in regions if r[0] > last_end), tail.size)
            self._seal(base + (last_end + nxt) // 2)
            return
        if tail.size >= self.max_stretch and not closed:
            self.stats.cuts += 1
            self._seal(base + int(tail.size * 0.6) + quietest(tail[int(tail.size * 0.6) :]))
            return
        # a pause long enough to be the end of the answer: decode the open tail now, speculatively
        if regions and tail.size - regions[-1][1] >= self.end_silence:
            end = base + min(tail.size, regions[-1][1] + self.cut_silence)
            piece = self._chain.want(base + regions[-1][1], end)
            if piece is not None:
                self.stats.speculations += 1
                self._jobs.put(("spec", piece))

    def _seal(self, cut: int) -> None:
        """Seal the stretch up to ``cut``: kept pieces reach it, and the VAD scans only what follows."""
        if cut <= self._cut:
            return
        piece, self._cut = self._chain.seal(cut)
        self.stats.stretches += 1
        if piece is not None:
            self._jobs.put(("spec", piece))

    def _decode(self, samples: np.ndarray, start: int, before: list[Word], first=None) -> Decoded:
        """Bounded as a last decode is (``fallback=False``: a token budget, a looping window dropped): the
        candidate may be waiting for it."""
        t0 = time.perf_counter()
        n = self.stream.context_words
        context = " ".join(w.text for w in before[-n:]) if n else ""
        try:
            return self.transcriber.decode_full(samples, offset=start / SAMPLE_RATE, context=context, fallback=False, first=first)
        finally:
            self.stats.decodes += 1
            self.stats.decode_s += time.perf_counter() - t0

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                if job is None:
                    return
                self._speculate(job[1])
            except BaseException as e:  # surfaced by finish()
                self._error = e
            finally:
                self._jobs.task_done()


    def _speculate(self, piece: Piece) -> None:
        """Decode one piece; the end-of-turn judge reads its content pass's words (``first``) before the rest."""
        taken = None if self._finished else self._chain.begin(piece)
        if taken is None:
            return  # void: a longer piece replaced it, or the stream was closed
        a, b, before = taken
        # the piece and, for its speech spans, the pause after it (the tape holds it by now): a clip ending 0.3 s
        # into a pause would end its last span at the clip's end, not where the VAD ends speech in the batch path
        more = self._tape.data[a : min(self._tape.n, b + SPAN_LOOKAHEAD)].copy()
        decoded = self._decode(more[: b - a], a, before, first=lambda words: self._chain.preview(piece, words))
        regions = [Span(start=r.start, end=min(r.end, b / SAMPLE_RATE)) for r in
                   self._regions_fn(more, a, self.transcriber.options.vad_min_silence_ms) if r.start < b / SAMPLE_RATE]
        self._chain.done(piece, decoded.words, decoded.unintelligible, regions)

    def finish(self, truncated: bool = False) -> Transcript:
        """Wait for the worker, decode whatever speech the last piece did not cover, return the transcript."""
        t0 = time.perf_counter()
        self._jobs.join()
        mark("finish_joined")  # the decode under way when the answer ended
        self._finished = True
        if self._error is not None:
            self._stop()
            raise self._error
        audio = self._samples()
        tail = audio[self._cut :]
        base = self._cut
        regions = self._tail_regions(tail, base)
        mark("finish_vad")
        pieces = self._chain.take()  # up to the last long pause, decoded already
        words, unintelligible, speech = pieces.words, pieces.unintelligible, pieces.regions
        if any(base + e > pieces.end + SAMPLE_RATE // 10 for _, e in regions):  # speech after it: decode only that
            # up to just after the last speech: the trailing silence is where Whisper invents closings
            stop = min(self._tape.n, base + regions[-1][1] + self.cut_silence)
            self.stats.final_decode_s = (stop - pieces.end) / SAMPLE_RATE
            rest = audio[pieces.end : stop].copy()
            last = self._decode(rest, pieces.end, words)  # the candidate is waiting
            words, unintelligible = words + last.words, unintelligible + last.unintelligible
            speech = speech + self._regions_fn(rest, pieces.end, self.transcriber.options.vad_min_silence_ms)
        mark("finish_decoded")
        self._stop()
        mark("finish_regions")
        speech = merge_spans(speech)
        words = sorted(words, key=lambda w: w.start)
        if speech:  # words after the last speech are Whisper's invented closings ("see you next time"): never the candidate's
            kept = [w for w in words if w.start < speech[-1].end + AFTER_SPEECH_S]
            self.stats.dropped_after_speech = len(words) - len(kept)
            words = kept
        self.stats.finish_wait_s = time.perf_counter() - t0
        return Transcript(words=words, duration_s=round(self._tape.n / SAMPLE_RATE, 3),
                          speech=speech, unintelligible=sorted(unintelligible, key=lambda u: u.start),
                          model=self.transcriber.model_name, truncated=truncated)

    def _tail_regions(self, tail: np.ndarray, base: int) -> list[tuple[int, int]]:
        """The open tail's speech regions: the last scan's, when it covered this tail and what came after it is
        quiet (the answer ended in silence: no second VAD pass over up to 30 s while the candidate waits)."""
        if tail.size == 0:
            return []
        last = getattr(self, "_last_scan", None)
        if last is not None and last[0] == base and last[1] <= tail.size:
            rest = tail[last[1] :]
            if rest.size == 0 or float(np.sqrt(np.mean(np.square(rest, dtype=np.float64)))) < QUIET_RMS:
                return last[2]
        return self._vad(tail)

    def _stop(self) -> None:
        self._jobs.put(None)
        # wait for a decode under way: a process exiting while CTranslate2 runs on this thread aborts
        self._worker.join(timeout=60)

    def close(self) -> None:
        """Stop the worker without a transcript (e.g. the recording was abandoned)."""
        if self._finished:
            return
        self._finished = True
        self._chain.reset()
        while True:  # drop what has not started
            try:
                self._jobs.get_nowait()
                self._jobs.task_done()
            except queue.Empty:
                break
        self._stop()


def _regions(samples: np.ndarray, start: int, min_silence_ms: int) -> list[Span]:
    """The batch path's speech regions of one stretch, at absolute times (a small VAD run per stretch keeps memory flat)."""
    off = start / SAMPLE_RATE
    return [Span(start=round(r.start + off, 3), end=round(r.end + off, 3)) for r in speech_regions(samples, min_silence_ms)] if samples.size else []


def transcribe_live(chunks: Iterable[np.ndarray], transcriber: Decoder | None = None,
                    stream: StreamOptions | None = None) -> Transcript:
    """Feed every block of ``chunks`` (e.g. a microphone's, as captured) and return the transcript."""
    st = StreamingTranscriber(transcriber, stream=stream)
    try:
        for block in chunks:
            st.feed(block)
    except BaseException:
        st.close()
        raise
    return st.finish()
