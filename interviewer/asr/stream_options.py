"""The streaming transcriber's options and the counts it keeps (docs/stream.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StreamOptions:
    cut_silence_ms: int = 300  # a pause this long can end a stretch
    min_stretch_s: float = 24.0  # seal a stretch this long at its next pause (the VAD then scans only what follows)
    end_silence_ms: int = 700  # a pause this long may end the answer: decode the open tail now
    keep_piece_s: float = 12.0  # a speculative piece this long is kept; a shorter one is decoded again, longer
    max_stretch_s: float = 30.0  # cut a stretch without a usable pause after this long
    check_every_s: float = 0.25  # how often the VAD looks at the open tail
    context_words: int = 0  # words before a piece given to Whisper as context (0: none; see docs/stream.md)


@dataclass
class StreamStats:
    stretches: int = 0  # sealed stretches
    decodes: int = 0  # Whisper runs (pieces, and the speech after the last one)
    cuts: int = 0  # stretches cut without a pause
    speculations: int = 0  # speculative decodes of the open tail
    decode_s: float = 0.0  # time the decoder was busy
    final_decode_s: float = 0.0  # audio still to decode inside finish() (0: a speculation covered it)
    finish_wait_s: float = 0.0  # time finish() took
    dropped_after_speech: int = 0  # decoded words that start after the last speech (hallucinated closings)
