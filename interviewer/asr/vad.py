"""Where speech is: the Silero VAD shipped in faster-whisper, and an energy check for soft speech. (The pieces a
recording is decoded in are cut by the streaming transcriber: interviewer/asr/stream.py.)"""

from __future__ import annotations

import numpy as np

from interviewer.audio import SAMPLE_RATE
from interviewer.types import Span

VAD_THRESHOLD = 0.5  # Silero speech probability (faster-whisper's default 0.5)
MIN_SPEECH_S = 0.5  # a VAD speech stretch this long must end up with words or be reported unintelligible
# Soft speech the Silero VAD does not hear (a quiet second take on a close mic): 30 ms frames this many
# dB above the recording's noise floor (its 10th-percentile frame level), in runs of 0.5 s or more,
# outside the VAD's regions, are decoded too; what Whisper hears there with confidence is kept.
ENERGY_MARGIN_DB = 5.0


def vad_options(min_silence_ms: int = 500, pad_ms: int = 100):
    from faster_whisper.vad import VadOptions

    return VadOptions(threshold=VAD_THRESHOLD, min_silence_duration_ms=min_silence_ms, speech_pad_ms=pad_ms)


def speech_regions(samples: np.ndarray, min_silence_ms: int = 500) -> list[Span]:
    """Silero VAD (shipped inside faster-whisper) speech regions, in seconds."""
    return [Span(start=a / SAMPLE_RATE, end=b / SAMPLE_RATE) for a, b in silero_vad(samples, min_silence_ms)]


def voiced_stretches(x: np.ndarray, margin_db: float = ENERGY_MARGIN_DB, frame: int = 480, gap_s: float = 0.3,
                     min_s: float = MIN_SPEECH_S) -> list[tuple[float, float]]:
    """Stretches (seconds) where the level stays ``margin_db`` above the noise floor (energy, no model)."""
    n = x.size // frame
    if n < 10:
        return []
    level = 10 * np.log10(np.square(x[: n * frame].reshape(n, frame), dtype=np.float64).mean(axis=1) + 1e-10)
    on = level > max(float(np.percentile(level, 10)) + margin_db, -60.0)
    fs = frame / SAMPLE_RATE
    out: list[list[float]] = []
    edges = np.flatnonzero(np.diff(np.concatenate([[0], on.astype(np.int8), [0]])))
    for a, b in zip(edges[::2], edges[1::2]):
        if out and a * fs - out[-1][1] < gap_s:
            out[-1][1] = b * fs
        else:
            out.append([a * fs, b * fs])
    return [(round(a, 3), round(b, 3)) for a, b in out if b - a >= min_s]


def silero_vad(samples: np.ndarray, min_silence_ms: int) -> list[tuple[int, int]]:
    """Silero (shipped inside faster-whisper): speech regions of ``samples``, in samples, padded 100 ms."""
    from faster_whisper.vad import get_speech_timestamps

    return [(t["start"], t["end"]) for t in get_speech_timestamps(samples, vad_options(min_silence_ms))]


def quietest(x: np.ndarray, frame: int = 800) -> int:
    """Index of the quietest 50 ms frame in ``x`` (where a forced cut hurts least)."""
    n = x.size // frame
    if n == 0:
        return x.size
    energy = np.square(x[: n * frame].reshape(n, frame)).mean(axis=1)
    return int(np.argmin(energy)) * frame + frame // 2


def merge_spans(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for sp in sorted(spans, key=lambda x: x.start):
        if out and sp.start <= out[-1].end:
            out[-1] = Span(start=out[-1].start, end=max(out[-1].end, sp.end))
        else:
            out.append(sp)
    return out


def regions_at(samples: np.ndarray, start: int, min_silence_ms: int) -> list[Span]:
    """The batch path's speech regions of one stretch from sample ``start``, at absolute times (a small VAD run per
    stretch keeps the streaming transcriber's memory flat)."""
    off = start / SAMPLE_RATE
    return [Span(start=round(r.start + off, 3), end=round(r.end + off, 3)) for r in speech_regions(samples, min_silence_ms)] if samples.size else []
