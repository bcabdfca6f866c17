"""Transcribe while the candidate speaks, so the report is ready a fraction of a second after the end.

:class:`StreamingTranscriber` is fed the microphone's blocks as they are captured (a recorder
listener). At every pause that may end the answer it decodes the audio since the last kept piece on
one background decoder (:mod:`interviewer.asr.speculate`: pieces laid end to end, bounded, the first
pass read by the end-of-turn judge), and seals long stretches (24-30 s, cut in a pause) so the VAD
scans only what follows; :meth:`~StreamingTranscriber.finish` usually has nothing left to decode.
Why and how it was measured: docs/stream.md. ``MOCK_TRACE`` marks each piece's decode (interviewer/trace.py).

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
from interviewer.asr.decode import DISFLUENT_PROMPT, Decoded, TranscribeOptions, WhisperTranscriber
from interviewer.asr.gaps import gap_words
from interviewer.asr.seams import mend, seam
from interviewer.asr.speculate import Chain, Piece
from interviewer.asr.stream_options import StreamOptions, StreamStats
from interviewer.asr.vad import merge_spans, quietest, regions_at
from interviewer.asr.vad_tail import WINDOW, SileroTail
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
                 stream: StreamOptions | None = None, vad=None, regions=None, previews: bool = True, tape: Tape | None = None):
        self.transcriber: Decoder = (transcriber if transcriber is not None and not isinstance(transcriber, (str, Path))
                                     else WhisperTranscriber(transcriber, options))
        self._vad_fn = vad  # (samples, min_silence_ms) -> regions; None: Silero, paying only for new audio at each look
        self.previews = previews  # decode provisional pieces for the end-of-turn judge (live); not for a file
        self._regions_fn = regions or regions_at
        self._hear = (lambda seg, spans: gap_words(self.transcriber.model, seg, spans, DISFLUENT_PROMPT)) \
            if isinstance(self.transcriber, WhisperTranscriber) else None  # a hum across a cut, decoded on its own
        o = self.stream = stream or StreamOptions()
        self.cut_silence = o.cut_silence_ms * SAMPLE_RATE // 1000
        self.min_stretch = int(o.min_stretch_s * SAMPLE_RATE)
        self.end_silence = o.end_silence_ms * SAMPLE_RATE // 1000
        self.max_stretch = int(o.max_stretch_s * SAMPLE_RATE)
        # the VAD looks at the open tail every check_every samples counted from its start, whole Silero windows: at
        # the same places in the audio however the blocks arrive, so the pieces depend on the audio only
        self.check_every = max(WINDOW, round(o.check_every_s * SAMPLE_RATE / WINDOW) * WINDOW)
        self._tail_vad = SileroTail(o.cut_silence_ms)
        self.stats = StreamStats()
        self._tape = tape or Tape()  # Tape.over(samples) for a file: held once
        self._cut = 0  # audio before this sample is sealed: covered by kept pieces (the VAD scans after it)
        self._next_scan = self.check_every
        self._held = 0
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
        while self._next_scan <= n:
            at = self._next_scan
            self._scan(at)
            if self._next_scan == at:  # not realigned by a seal
                self._next_scan = at + self.check_every

    @property
    def words(self) -> list[Word]:
        """Words decoded so far that will not be decoded again."""
        return self._chain.take().words

    def heard(self) -> tuple[str, float, float]:
        """What was said so far, for judging the end of the answer: the decoded pieces (the last one by its first pass
        while the rest of its decode runs); the seconds of audio they cover (to the last decoded pause); its last word's end (s)."""
        words, covered = self._chain.heard()
        return " ".join(w.text for w in words), covered / SAMPLE_RATE, (words[-1].end if words else 0.0)

    def drain(self) -> None:
        """Wait until the worker has decoded everything handed to it so far."""
        self._jobs.join()

    def _samples(self) -> np.ndarray:
        view = self._tape.view()
        self._held = view.size  # the tape's buffer holds this much (the worker reads no further)
        return view

    def _vad(self, samples: np.ndarray, base: int) -> list[tuple[int, int]]:
        if self._vad_fn is not None:
            return self._vad_fn(samples, self.stream.cut_silence_ms)
        return self._tail_vad(samples, base)

    def _queue(self, piece: Piece | None) -> None:
        if piece is not None and (piece.kept or self.previews):
            piece.queued = True
            self._jobs.put(piece)

    def _scan(self, at: int) -> None:
        """The VAD's look at the open tail up to ``at`` (samples)."""
        tail = self._samples()[self._cut : at]
        if tail.size == 0:
            return
        base = self._cut
        regions = self._vad(tail, base)
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
                self._queue(piece)

    def _seal(self, cut: int) -> None:
        """Seal the stretch up to ``cut``: kept pieces reach it, and the VAD scans only what follows."""
        if cut <= self._cut:
            return
        at = self._next_scan
        piece, self._cut = self._chain.seal(cut)
        self.stats.stretches += 1
        self._queue(piece)
        self._next_scan = self._cut + self.check_every * ((at - self._cut) // self.check_every + 1) if at > self._cut else self._cut + self.check_every

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
                self._speculate(job)
            except BaseException as e:  # surfaced by finish()
                self._error = e
            finally:
                self._jobs.task_done()

    def _speculate(self, piece: Piece) -> None:
        """Decode one piece; the end-of-turn judge reads its content pass's words (``first``) before the rest."""
        before = None if self._finished else self._chain.begin(piece)
        if before is None:
            return  # void: a newer piece replaced it, or the stream was closed
        mark("piece_start", what := f"{piece.start / SAMPLE_RATE:.2f}-{piece.end / SAMPLE_RATE:.2f} {'kept' if piece.kept else 'provisional'}")
        decoded = self._decode(self._tape.data[piece.start:piece.end].copy(), piece.start, before,
                               first=lambda words: self._chain.preview(piece, words))
        if not self._chain.wanted(piece):
            return  # replaced while its content pass ran: stopped there (the newer piece is next in the queue)
        mark("piece_done", what)
        self._chain.done(piece, decoded.words, decoded.unintelligible)
        self._settle(self._held, final=False)

    def _settle(self, n: int, final: bool) -> None:
        """Speech spans for the kept pieces that have none yet: each from the VAD over the piece and the second after it
        (a clip ending 0.3 s into a pause would end its last span at the clip's end), as soon as the audio holds that
        second, or at the end (``final``) with what there is. The same audio gives the same spans however it arrived."""
        for p in self._chain.kept():
            if p.words is not None:
                upto = min(n, p.end + SPAN_LOOKAHEAD)
                if p.regions_upto != upto and (final or upto == p.end + SPAN_LOOKAHEAD):
                    p.regions, p.regions_upto = self._piece_regions(p.start, p.end, upto), upto
                    p.seam = seam(self._tape.data, p.start, p.end, upto, self._hear)

    def _piece_regions(self, a: int, b: int, upto: int) -> list[Span]:
        more = self._tape.data[a:upto].copy()
        return [Span(start=r.start, end=min(r.end, b / SAMPLE_RATE)) for r in
                self._regions_fn(more, a, self.transcriber.options.vad_min_silence_ms) if r.start < b / SAMPLE_RATE]

    def finish(self, truncated: bool = False) -> Transcript:
        """Wait for the worker, decode the speech after the kept pieces (unless the last provisional piece covered exactly
        that), return the transcript."""
        t0 = time.perf_counter()
        self._jobs.join()
        mark("finish_joined")  # the decode under way when the answer ended
        self._finished = True
        if self._error is not None:
            self._stop()
            raise self._error
        audio = self._samples()
        n, base = self._tape.n, self._cut
        regions = self._tail_regions(audio[base:], base)
        mark("finish_vad")
        self._settle(n, final=True)
        kept = self._chain.take()
        words, unintelligible, speech = kept.words, kept.unintelligible, kept.regions
        if any(base + e > kept.end + SAMPLE_RATE // 10 for _, e in regions):  # speech after the kept pieces
            # up to just after the last speech: the trailing silence is where Whisper invents closings
            stop = min(n, base + regions[-1][1] + self.cut_silence)
            last = self._chain.decoded(kept.end, stop)
            if last is None:
                self.stats.final_decode_s = (stop - kept.end) / SAMPLE_RATE
                got = self._decode(audio[kept.end : stop].copy(), kept.end, words)  # the candidate is waiting
                last_words, last_unheard = got.words, got.unintelligible
            else:
                last_words, last_unheard = last.words or [], last.unintelligible or []
            words, unintelligible = words + last_words, unintelligible + last_unheard
            speech = speech + self._piece_regions(kept.end, stop, min(n, stop + SPAN_LOOKAHEAD))
        words = mend(words, [s for p in self._chain.kept() for s in p.seam or []])  # a hum across a cut
        mark("finish_decoded")
        self._stop()
        mark("finish_regions")
        speech = merge_spans(speech)
        words = sorted(words, key=lambda w: w.start)
        if speech:  # words after the last speech are Whisper's invented closings ("see you next time"): never the candidate's
            kept_words = [w for w in words if w.start < speech[-1].end + AFTER_SPEECH_S]
            self.stats.dropped_after_speech = len(words) - len(kept_words)
            words = kept_words
        self.stats.finish_wait_s = time.perf_counter() - t0
        return Transcript(words=words, duration_s=round(n / SAMPLE_RATE, 3),
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
        return self._vad(tail, base)

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

