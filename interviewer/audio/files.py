"""Reading recordings: any WAV, FLAC, MP3, OGG or M4A file, checked and decoded to 16 kHz mono; and a
recording played back block by block at the pace it was spoken.

Decoding goes through PyAV (FFmpeg), which faster-whisper already depends on. A file that is cut
short decodes as far as it can and is flagged ``truncated`` rather than rejected.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from interviewer.audio import SAMPLE_RATE
from interviewer.errors import AudioFileError

@dataclass(frozen=True)
class Audio:
    """Mono float32 samples at ``sample_rate`` and where they came from."""

    samples: np.ndarray
    sample_rate: int = SAMPLE_RATE
    source: str = ""
    truncated: bool = False

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.sample_rate


def check_path(path: Path) -> None:
    if not path.exists():
        raise AudioFileError(f"No such file: {path}", hint="Check the path, or record an answer with `mock modeling`.")
    if path.is_dir():
        raise AudioFileError(f"{path} is a directory, not an audio file.", hint="Pass a WAV, FLAC, MP3, OGG or M4A file.")
    if path.stat().st_size == 0:
        raise AudioFileError(f"{path} is empty (0 bytes).", hint="Record the answer again, or pass another file.")
    try:
        with open(path, "rb") as f:
            f.read(1)
    except OSError as e:  # permission denied, an I/O error: not a format problem
        raise AudioFileError(f"Cannot read {path}: {e.strerror or e}.", hint="Check the file's permissions.") from None


def _wav_header_duration(path: Path) -> float | None:
    """What a PCM WAV header claims (FFmpeg sizes WAVs by the bytes present, so it cannot tell a cut file)."""
    import wave

    try:
        with wave.open(str(path), "rb") as w:
            return w.getnframes() / w.getframerate() if w.getframerate() else None
    except (wave.Error, EOFError, OSError):
        return None


def _expected_duration(container, path: Path | None = None) -> float | None:
    if path is not None and container.format.name == "wav":
        claimed = _wav_header_duration(path)
        if claimed:
            return claimed
    durations = []
    for s in container.streams.audio:
        if s.duration is not None and s.time_base is not None:
            durations.append(float(s.duration * s.time_base))
    if not durations and container.duration:
        durations.append(container.duration / 1_000_000)
    return max(durations) if durations else None


def load_audio(path: str | Path) -> Audio:
    """Decode ``path`` to 16 kHz mono float32, or raise :class:`AudioFileError` with one clear line."""
    import av  # PyAV ships with faster-whisper

    path = Path(path)
    check_path(path)
    chunks: list[np.ndarray] = []
    truncated = False
    try:
        container = av.open(str(path), mode="r", metadata_errors="ignore")
    except (av.error.InvalidDataError, av.error.FFmpegError, UnicodeDecodeError, ValueError) as e:
        raise AudioFileError(f"{path} is not an audio file we can read ({_reason(e)}).", hint="Pass a WAV, FLAC, MP3, OGG or M4A file.") from None
    with container:
        if not container.streams.audio:
            raise AudioFileError(f"{path} has no audio stream.", hint="Pass a WAV, FLAC, MP3, OGG or M4A file.")
        expected = _expected_duration(container, path)
        resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
        try:
            for frame in container.decode(audio=0):
                for out in resampler.resample(frame):
                    chunks.append(out.to_ndarray().reshape(-1))
        except (av.error.InvalidDataError, av.error.FFmpegError, EOFError):
            truncated = True
        for out in resampler.resample(None):
            chunks.append(out.to_ndarray().reshape(-1))
    samples = np.concatenate(chunks).astype(np.float32, copy=False) if chunks else np.zeros(0, np.float32)
    chunks.clear()  # a 30-minute answer is 115 MB of samples: hold it once, not twice
    if samples.size == 0:
        raise AudioFileError(f"{path} holds no decodable audio.", hint="The file may be corrupt; record the answer again.")
    got = samples.size / SAMPLE_RATE
    if expected is not None and got < expected - 0.5:
        truncated = True
    return Audio(samples=samples, sample_rate=SAMPLE_RATE, source=str(path), truncated=truncated)


def _reason(e: Exception) -> str:
    text = getattr(e, "strerror", None) or str(e)
    return text.split(":")[-1].strip() or type(e).__name__


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
