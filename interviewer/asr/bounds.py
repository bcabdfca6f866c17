"""What bounds a Whisper decode here, for every pass and for the gap step alike: when a decode is a loop, and how
many tokens a decode the candidate may be waiting for is allowed."""

from __future__ import annotations

import numpy as np

COMPRESSION_LIMIT = 2.4  # faster-whisper's compression_ratio_threshold: text that compresses more is a decoding loop
MAX_TOKENS = 224  # Whisper's per-window output budget (half its 448-token context)


def token_budget(duration_s: float) -> int:
    """New tokens allowed for ``duration_s`` seconds of audio in a bounded decode: 16 + 8 per second (fast speech
    needs about 5), at most :data:`MAX_TOKENS`."""
    return min(MAX_TOKENS, 16 + 8 * int(np.ceil(duration_s)))
