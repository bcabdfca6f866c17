"""Transcribe while the candidate speaks, so the report is ready as soon as the answer ends.

Captured blocks (16 kHz mono float32) go to :meth:`StreamingTranscriber.feed`. The Silero VAD that
ships in faster-whisper runs incrementally on them (the same ONNX model and the same state machine
as the batch path, so the speech regions are identical). When a pause of ``vad_min_silence_ms``
closes a stretch of speech, the stretch is queued for a background worker thread that decodes it
with the same Whisper options as :class:`~interviewer.transcribe.WhisperTranscriber` (beam size,
disfluency prompt, word timestamps) and commits its words at their absolute times. One decode runs
at a time; stretches that closed while the worker was busy are decoded together, the way the batch
path joins speech chunks. A stretch longer than ``max_stretch_s`` without a pause is cut at its
quietest point so the undecoded tail stays short.

The recorder stops after several seconds of trailing silence; by then the last stretch has long
been closed and decoded, so :meth:`finish` only waits for a decode already under way (if any).

    st = StreamingTranscriber(WhisperTranscriber())
    mic.record(path, stop=policy, listeners=[st.feed])
    transcript = st.finish()
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from interviewer.audio import SAMPLE_RATE
from interviewer.transcribe import DISFLUENT_PROMPT, TranscribeOptions, WhisperTranscriber
from interviewer.types import Span, Transcript, Word

WINDOW = 512  # Silero VAD window (32 ms at 16 kHz)
CONTEXT = 64  # samples of the previous window the v6 model sees


class IncrementalVad:
    """Silero VAD speech probabilities, one per 512-sample window, computed as samples arrive.

    Carries the LSTM state and the 64-sample context across calls, so the probabilities equal
    those of ``faster_whisper.vad`` on the whole recording (checked in tests/test_stream.py).
    """

    def __init__(self) -> None:
        from faster_whisper.vad import get_vad_model

        self._session = get_vad_model().session
        self._h = np.zeros((1, 1, 128), np.float32)
        self._c = np.zeros((1, 1, 128), np.float32)
        self._ctx = np.zeros(CONTEXT, np.float32)
        self._rest = np.zeros(0, np.float32)
        self.probs: list[float] = []

    def feed(self, samples: np.ndarray, final: bool = False) -> int:
        """Add samples; returns how many new windows were scored. ``final`` zero-pads the last window."""
        x = np.concatenate([self._rest, samples]) if self._rest.size else samples
        if final:
            x = np.pad(x, (0, WINDOW - x.size % WINDOW))  # as get_speech_timestamps pads
        n = x.size // WINDOW
        self._rest = x[n * WINDOW :].copy()
        if n == 0:
            return 0
        blocks = x[: n * WINDOW].reshape(n, WINDOW)
        ctxs = np.concatenate([self._ctx[None], blocks[:-1, -CONTEXT:]], axis=0)
        out, self._h, self._c = self._session.run(
            None, {"input": np.concatenate([ctxs, blocks], axis=1).astype(np.float32), "h": self._h, "c": self._c}
        )
        self._ctx = blocks[-1, -CONTEXT:].copy()
        self.probs.extend(float(p) for p in np.asarray(out).reshape(-1))
        return n


@dataclass
class _Segmenter:
    """faster-whisper's ``get_speech_timestamps`` state machine, run one window at a time.

    Emits raw (unpadded) speech stretches ``(start, end)`` in samples as soon as a pause closes them.
    """

    min_silence_samples: int
    threshold: float = 0.5
    neg_threshold: float = 0.35
    triggered: bool = False
    start: int = 0
    temp_end: int = 0
    closed: list[tuple[int, int]] = field(default_factory=list)

    def step(self, i: int, p: float) -> None:
        pos = WINDOW * i
        if p >= self.threshold and self.temp_end:
            self.temp_end = 0
        if p >= self.threshold and not self.triggered:
            self.triggered, self.start = True, pos
            return
        if p < self.neg_threshold and self.triggered:
            if not self.temp_end:
                self.temp_end = pos
            if pos - self.temp_end >= self.min_silence_samples:
                self.closed.append((self.start, self.temp_end))
                self.triggered, self.temp_end = False, 0

    def cut(self, at: int) -> None:
        """Close the open stretch at ``at`` and keep going from there (a long stretch without a pause)."""
        self.closed.append((self.start, at))
        self.start, self.temp_end = at, 0


def pad_regions(raw: list[tuple[int, int]], total: int, pad_ms: int) -> list[tuple[int, int]]:
    """The padding step of ``get_speech_timestamps`` applied to raw stretches (same rule, same result)."""
    pad = SAMPLE_RATE * pad_ms // 1000
    out = [list(r) for r in raw]
    for i, s in enumerate(out):
        if i == 0:
            s[0] = int(max(0, s[0] - pad))
        if i != len(out) - 1:
            gap = out[i + 1][0] - s[1]
            if gap < 2 * pad:
                s[1] += int(gap // 2)
                out[i + 1][0] = int(max(0, out[i + 1][0] - gap // 2))
            else:
                s[1] = int(min(total, s[1] + pad))
                out[i + 1][0] = int(max(0, out[i + 1][0] - pad))
        else:
            s[1] = int(min(total, s[1] + pad))
    return [(a, b) for a, b in out]


@dataclass(frozen=True)
class StreamOptions:
    decode_pad_ms: int = 400  # padding around each stretch handed to Whisper (faster-whisper's default)
    speech_pad_ms: int = 100  # padding of Transcript.speech (as transcribe.speech_regions)
    max_stretch_s: float = 20.0  # cut a stretch without a pause after this long, at its quietest point
    min_cut_s: float = 8.0  # never cut closer than this to the stretch start
    prompt_previous: bool = True  # follow the disfluency prompt with the last committed words (context across pauses)
    min_batch_s: float = 0.0  # wait for this much closed speech before decoding (0: every pause)


@dataclass
class StreamStats:
    stretches: int = 0  # closed stretches of speech (pauses and cuts)
    decodes: int = 0  # Whisper runs
    cuts: int = 0  # stretches cut for length
    decode_s: float = 0.0  # time spent decoding
    finish_wait_s: float = 0.0  # time finish() spent waiting for decodes


class StreamingTranscriber:
    """Whisper transcription that keeps up with a live recording. Feed blocks, then :meth:`finish`.

    ``feed`` is cheap (VAD only: about a millisecond per 50 ms block) and safe to call from the
    recorder's capture loop; decoding happens on one background thread.
    """

    def __init__(self, transcriber: WhisperTranscriber | str | Path | None = None, options: TranscribeOptions | None = None,
                 stream: StreamOptions | None = None):
        if isinstance(transcriber, WhisperTranscriber):
            self.transcriber = transcriber
        else:
            self.transcriber = WhisperTranscriber(transcriber, options)
        self.options = options or self.transcriber.options
        self.stream = stream or StreamOptions()
        self.stats = StreamStats()
        self._vad = IncrementalVad()
        self._seg = _Segmenter(min_silence_samples=SAMPLE_RATE * self.options.vad_min_silence_ms // 1000)
        self._chunks: list[np.ndarray] = []
        self._n = 0  # samples received
        self._audio: np.ndarray | None = None  # concatenation cache
        self._raw: list[tuple[int, int]] = []  # all closed raw stretches
        self._cut_after: set[int] = set()  # indexes of stretches that end at a cut, not a pause
        self._queued = 0  # stretches handed to the worker so far
        self._decoded_end = 0  # sample up to which decode chunks have been taken
        self._words: list[Word] = []
        self._lock = threading.Condition()
        self._pending: list[tuple[int, int]] = []
        self._busy = False
        self._closing = False
        self._error: BaseException | None = None
        self._finished = False
        _ = self.transcriber.model  # load now (a ModelError surfaces here): the first decode must not pay for it
        self._worker = threading.Thread(target=self._run, name="mock-stream-decoder", daemon=True)
        self._worker.start()

    # --- capture side ------------------------------------------------------------------------

    def feed(self, samples: np.ndarray) -> None:
        """Add one captured block (16 kHz mono float32)."""
        if self._finished:
            raise RuntimeError("feed() after finish()")
        x = np.asarray(samples, dtype=np.float32).reshape(-1)
        if x.size == 0:
            return
        self._chunks.append(x)
        self._n += x.size
        self._audio = None
        first = len(self._vad.probs)
        self._vad.feed(x)
        self._advance(first)

    def _samples(self) -> np.ndarray:
        if self._audio is None:
            self._audio = np.concatenate(self._chunks) if self._chunks else np.zeros(0, np.float32)
            self._chunks = [self._audio]
        return self._audio

    def _advance(self, first: int) -> None:
        seg = self._seg
        probs = self._vad.probs
        for i in range(first, len(probs)):
            seg.step(i, probs[i])
            if seg.triggered and WINDOW * i - seg.start > self.stream.max_stretch_s * SAMPLE_RATE:
                lo = (seg.start + int(self.stream.min_cut_s * SAMPLE_RATE)) // WINDOW
                hi = i - int(0.5 * SAMPLE_RATE) // WINDOW
                if hi > lo:
                    j = lo + int(np.argmin(probs[lo:hi]))
                    seg.cut(WINDOW * j)
                    self._cut_after.add(len(self._raw) + len(seg.closed) - 1)
                    self.stats.cuts += 1
        if seg.closed:
            self._raw.extend(seg.closed)
            seg.closed.clear()
            self._dispatch(final=False)

    def _dispatch(self, final: bool) -> None:
        """Hand closed stretches to the worker, padded for decoding, never overlapping the previous ones."""
        pad = SAMPLE_RATE * self.stream.decode_pad_ms // 1000
        new = []
        for k in range(self._queued, len(self._raw)):
            a, b = self._raw[k]
            start = a if (k - 1) in self._cut_after else max(0, a - pad)
            end = b if k in self._cut_after else min(self._n, b + pad)
            if k + 1 < len(self._raw) and k not in self._cut_after:
                end = min(end, self._raw[k + 1][0])
            start = max(start, self._decoded_end)
            if end > start:
                new.append((start, end))
                self._decoded_end = end
        self._queued = len(self._raw)
        self.stats.stretches = len(self._raw)
        if not new:
            return
        with self._lock:
            self._pending.extend(new)
            self._lock.notify_all()

    # --- decoder side -------------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            with self._lock:
                while True:
                    if self._pending and (self._closing or self._ready()):
                        break
                    if self._closing and not self._pending:
                        return
                    self._lock.wait()
                batch, self._pending = self._pending, []
                self._busy = True
            try:
                self._decode(batch)
            except BaseException as e:  # surfaced by finish()
                self._error = e
            finally:
                with self._lock:
                    self._busy = False
                    self._lock.notify_all()

    def _ready(self) -> bool:
        return sum(b - a for a, b in self._pending) >= self.stream.min_batch_s * SAMPLE_RATE

    def _prompt(self) -> str | None:
        o = self.options
        parts = [DISFLUENT_PROMPT] if o.keep_disfluencies else []
        if self.stream.prompt_previous and self._words:
            parts.append(" ".join(w.text for w in self._words[-40:]))
        return " ".join(parts) or None

    def _decode(self, regions: list[tuple[int, int]]) -> None:
        from faster_whisper.vad import SpeechTimestampsMap

        audio = self._samples()
        chunks = [{"start": a, "end": b} for a, b in regions]
        joined = np.concatenate([audio[a:b] for a, b in regions])
        o = self.options
        t0 = time.perf_counter()
        segments, _info = self.transcriber.model.transcribe(
            joined, language="en", beam_size=o.beam_size, word_timestamps=True, vad_filter=False,
            initial_prompt=self._prompt(), condition_on_previous_text=False, **o.extra,
        )
        ts = SpeechTimestampsMap(chunks, SAMPLE_RATE)
        out: list[Word] = []
        last = self._words[-1].end if self._words else 0.0
        for seg in segments:
            for w in seg.words or []:
                text = w.word.strip()
                if not text:
                    continue
                idx = ts.get_chunk_index((w.start + w.end) / 2)
                start = max(ts.get_original_time(w.start, idx), last)
                end = max(ts.get_original_time(w.end, idx), start)
                out.append(Word(text=text, start=round(start, 3), end=round(end, 3), probability=round(w.probability, 3)))
                last = end
        self._words.extend(out)
        self.stats.decodes += 1
        self.stats.decode_s += time.perf_counter() - t0

    # --- the end ------------------------------------------------------------------------------

    def drain(self) -> None:
        """Block until every closed stretch handed over so far is decoded (tests: one decode per pause)."""
        with self._lock:
            while (self._pending and self._ready()) or self._busy:
                if self._error is not None:
                    break
                self._lock.wait(0.1)

    @property
    def words(self) -> list[Word]:
        """The words committed so far (a copy)."""
        return list(self._words)

    def finish(self, truncated: bool = False) -> Transcript:
        """Close the open stretch, wait for the decoder, return the whole transcript."""
        if self._finished:
            raise RuntimeError("finish() called twice")
        self._finished = True
        t0 = time.perf_counter()
        first = len(self._vad.probs)
        if self._vad._rest.size:
            self._vad.feed(np.zeros(0, np.float32), final=True)
        self._advance(first)
        seg = self._seg
        if seg.triggered and self._n - seg.start > 0:  # speech running to the end of the audio
            self._raw.append((seg.start, self._n))
            seg.triggered = False
        self._dispatch(final=True)
        with self._lock:
            self._closing = True
            self._lock.notify_all()
        self._worker.join()
        self.stats.finish_wait_s = time.perf_counter() - t0
        if self._error is not None:
            raise self._error
        merged: list[tuple[int, int]] = []
        for k, (a, b) in enumerate(self._raw):
            if merged and (k - 1) in self._cut_after:
                merged[-1] = (merged[-1][0], b)
            else:
                merged.append((a, b))
        speech = [Span(start=a / SAMPLE_RATE, end=b / SAMPLE_RATE) for a, b in pad_regions(merged, self._n, self.stream.speech_pad_ms)]
        t = self.transcriber
        from interviewer.transcribe import bundled_model_dir

        return Transcript(
            words=list(self._words),
            duration_s=round(self._n / SAMPLE_RATE, 3),
            speech=speech,
            model=t.model_dir.name if t.model_dir != bundled_model_dir() else "tiny.en (bundled)",
            truncated=truncated,
        )

    def close(self) -> None:
        """Stop the worker without a transcript (e.g. the recording was abandoned)."""
        with self._lock:
            self._closing = True
            self._pending.clear()
            self._lock.notify_all()
        self._finished = True
        # wait for a decode under way: a process exiting while CTranslate2 runs on this thread aborts
        self._worker.join(timeout=60)


def transcribe_live(chunks: Iterable[np.ndarray], transcriber: WhisperTranscriber | None = None,
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


class PacedFile:
    """A recording played block by block at ``speed`` times real time (benchmarks and tests).

    ``trailing_silence_s`` of silence is appended, as a recorder waiting for the stop would capture.
    """

    def __init__(self, samples: np.ndarray, block_s: float = 0.1, speed: float = 1.0, trailing_silence_s: float = 0.0):
        pad = np.zeros(int(trailing_silence_s * SAMPLE_RATE), np.float32)
        self.samples = np.concatenate([np.asarray(samples, np.float32).reshape(-1), pad])
        self.block = max(1, int(block_s * SAMPLE_RATE))
        self.speed = speed
        self.ended_at: float | None = None  # time.monotonic() when the last block was delivered

    @classmethod
    def from_path(cls, path: str | Path, **kw) -> "PacedFile":
        from interviewer.audio import load_audio

        return cls(load_audio(path).samples, **kw)

    def __iter__(self) -> Iterator[np.ndarray]:
        t0 = time.monotonic()
        for i in range(0, self.samples.size, self.block):
            if self.speed > 0:
                # a block is available once it has been spoken: its end time
                due = t0 + min(i + self.block, self.samples.size) / SAMPLE_RATE / self.speed
                delay = due - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            yield self.samples[i : i + self.block]
        self.ended_at = time.monotonic()
