"""faster-whisper's model with its encoder's output shared by the passes over the same audio.

One decode runs several passes over the same audio (the content pass, the disfluent pass, a loop's retry): each
cuts the same speech with the same VAD and so hands the encoder the same 30 s window of features. The encoder's
output depends on the features only, so it is computed once: a pass that asks for a window another pass is
encoding (the two run side by side, :mod:`interviewer.asr.decode`) waits for it instead. The same words, sooner
(README, "Speed").
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from concurrent.futures import Future

import numpy as np
from faster_whisper import WhisperModel

KEEP = 4  # encoder outputs remembered (tiny.en: 2.3 MB each; base: 3 MB)


class CachingWhisperModel(WhisperModel):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._encoded: OrderedDict[bytes, Future] = OrderedDict()
        self._encoded_lock = threading.Lock()
        self.encoder_runs = 0  # diagnostics: windows the encoder actually ran on

    def encode(self, features: np.ndarray):
        key = hashlib.blake2b(np.ascontiguousarray(features).tobytes(), digest_size=16).digest() + repr(features.shape).encode()
        with self._encoded_lock:
            known = self._encoded.get(key)
            if known is None:
                known = self._encoded[key] = Future()
                self.encoder_runs += 1
                mine = True
                while len(self._encoded) > KEEP:
                    self._encoded.popitem(last=False)
            else:
                self._encoded.move_to_end(key)
                mine = False
        if not mine:
            return known.result()
        try:
            known.set_result(super().encode(features))
        except BaseException as e:
            with self._encoded_lock:
                self._encoded.pop(key, None)  # not remembered: the next pass tries again
            known.set_exception(e)
        return known.result()
