"""faster-whisper's model with its encoder's output remembered for the same features.

One decode runs several passes over the same audio (the content pass, the disfluent pass, a loop's retry): each
cuts the same speech with the same VAD and so hands the encoder the same 30 s window of features. The encoder
is the costly half of a short piece's pass (0.21 s of a 30 s window for tiny.en on 2 cores), and its output
depends on the features only, so the later passes reuse it: the same words, sooner. Measured in README, "Speed".
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

import numpy as np
from faster_whisper import WhisperModel

KEEP = 4  # encoder outputs remembered (tiny.en: 2.3 MB each; base: 3 MB)


class CachingWhisperModel(WhisperModel):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._encoded: OrderedDict[bytes, object] = OrderedDict()
        self._encoded_lock = threading.Lock()
        self.encoder_runs = 0  # diagnostics: windows the encoder actually ran on

    def encode(self, features: np.ndarray):
        key = hashlib.blake2b(np.ascontiguousarray(features).tobytes(), digest_size=16).digest() + repr(features.shape).encode()
        with self._encoded_lock:
            if key in self._encoded:
                self._encoded.move_to_end(key)
                return self._encoded[key]
        out = super().encode(features)
        with self._encoded_lock:
            self.encoder_runs += 1
            self._encoded[key] = out
            while len(self._encoded) > KEEP:
                self._encoded.popitem(last=False)
        return out
