"""The Silero speech regions of a growing tail of audio, paying at each look only for what is new.

The streaming transcriber looks at the open tail every quarter second. Silero's probability for one 32 ms
window depends only on that window and the 64 samples before it, so the probabilities of the windows seen
at the last look are kept and only the new windows (and the zero-padded last one) are run. The regions
are then found from the probabilities exactly as faster-whisper's ``get_speech_timestamps`` finds them
(its loop, written out here because it takes audio, not probabilities), so a look gives the regions
``silero_vad(tail)`` gives (tests/test_stream.py checks it). Looks at fixed places in the audio make the
pieces of the live transcript depend on the audio only, not on how the blocks arrived.
"""

from __future__ import annotations

import numpy as np

WINDOW = 512  # Silero's window at 16 kHz
CONTEXT = 64  # samples of the window before that Silero sees with each window


class SileroTail:
    """``tail(samples, start)``: the speech regions (samples, relative) of ``samples``, the audio from ``start``
    on; calls with the same ``start`` and growing audio reuse what was found for the windows already seen. One caller
    at a time (the streaming transcriber's feeding thread)."""

    def __init__(self, min_silence_ms: int):
        from interviewer.asr.vad import vad_options

        self.options = vad_options(min_silence_ms)
        self._reset(None)

    def _reset(self, start: int | None) -> None:
        self._start = start
        self._probs = np.zeros(0, np.float32)  # of the full windows seen so far
        self._state = (np.zeros((1, 1, 128), np.float32), np.zeros((1, 1, 128), np.float32))  # Silero's, after them

    def __call__(self, samples: np.ndarray, start: int = 0) -> list[tuple[int, int]]:
        if start != self._start or samples.size // WINDOW < self._probs.size:
            self._reset(start)
        self._grow(samples)
        rest = np.zeros(WINDOW, np.float32)  # the zero-padded window get_speech_timestamps adds
        full = samples.size // WINDOW
        rest[: samples.size - full * WINDOW] = samples[full * WINDOW :]
        last, _ = self._run(samples, full, rest[None, :])
        return timestamps(np.concatenate([self._probs, last]), samples.size, self.options)

    def _grow(self, samples: np.ndarray) -> None:
        full, have = samples.size // WINDOW, self._probs.size
        if full > have:
            got, self._state = self._run(samples, have, samples[have * WINDOW : full * WINDOW].reshape(-1, WINDOW))
            self._probs = np.concatenate([self._probs, got])

    def _run(self, samples: np.ndarray, first: int, windows: np.ndarray):
        """Silero over ``windows`` (rows), the first being window ``first`` of ``samples``, after the state of the
        windows before it: as faster-whisper's SileroVADModel runs them (each row with the 64 samples before it)."""
        prev = samples[first * WINDOW - CONTEXT : first * WINDOW] if first > 0 else np.zeros(CONTEXT, np.float32)
        context = np.concatenate([prev[None, :], windows[:-1, -CONTEXT:]], axis=0)
        rows = np.concatenate([context, windows], axis=1).astype(np.float32)
        out, h, c = _model().session.run(None, {"input": rows, "h": self._state[0], "c": self._state[1]})
        return np.asarray(out, np.float32).reshape(-1), (h, c)


def _model():
    from faster_whisper.vad import get_vad_model  # cached by faster-whisper

    return get_vad_model()


def timestamps(probs: np.ndarray, length: int, options, sampling_rate: int = 16000) -> list[tuple[int, int]]:
    """faster-whisper 1.2's ``get_speech_timestamps`` after its model call: speech regions from the window
    probabilities (the padded last window included) of ``length`` samples of audio."""
    threshold, neg_threshold, min_speech, pad, max_speech, min_silence, min_silence_at_max = _limits(options, sampling_rate)
    triggered, speeches, cur = False, [], {}
    temp_end = prev_end = next_start = 0
    for i, p in enumerate(probs.tolist()):
        at = WINDOW * i
        if p >= threshold and temp_end:
            temp_end = 0
            if next_start < prev_end:
                next_start = at
        if p >= threshold and not triggered:
            triggered, cur["start"] = True, at
            continue
        if triggered and at - cur["start"] > max_speech:
            if prev_end:
                cur["end"] = prev_end
                speeches.append(cur)
                cur = {}
                if next_start < prev_end:
                    triggered = False
                else:
                    cur["start"] = next_start
                prev_end = next_start = temp_end = 0
            else:
                cur["end"] = at
                speeches.append(cur)
                cur, triggered = {}, False
                prev_end = next_start = temp_end = 0
                continue
        if p < neg_threshold and triggered:
            if not temp_end:
                temp_end = at
            if at - temp_end > min_silence_at_max:
                prev_end = temp_end
            if at - temp_end < min_silence:
                continue
            cur["end"] = temp_end
            if cur["end"] - cur["start"] > min_speech:
                speeches.append(cur)
            cur, triggered = {}, False
            prev_end = next_start = temp_end = 0
            continue
    if cur and length - cur["start"] > min_speech:
        cur["end"] = length
        speeches.append(cur)
    return _padded(speeches, length, pad)


def _limits(o, sampling_rate: int) -> tuple[float, ...]:
    pad = sampling_rate * o.speech_pad_ms / 1000
    return (o.threshold, o.neg_threshold if o.neg_threshold is not None else max(o.threshold - 0.15, 0.01),
            sampling_rate * o.min_speech_duration_ms / 1000, pad, sampling_rate * o.max_speech_duration_s - WINDOW - 2 * pad,
            sampling_rate * o.min_silence_duration_ms / 1000, sampling_rate * 98 / 1000)


def _padded(speeches: list[dict], length: int, pad: float) -> list[tuple[int, int]]:
    for i, s in enumerate(speeches):
        if i == 0:
            s["start"] = int(max(0, s["start"] - pad))
        if i != len(speeches) - 1:
            silence = speeches[i + 1]["start"] - s["end"]
            if silence < 2 * pad:
                s["end"] += int(silence // 2)
                speeches[i + 1]["start"] = int(max(0, speeches[i + 1]["start"] - silence // 2))
            else:
                s["end"] = int(min(length, s["end"] + pad))
                speeches[i + 1]["start"] = int(max(0, speeches[i + 1]["start"] - pad))
        else:
            s["end"] = int(min(length, s["end"] + pad))
    return [(s["start"], s["end"]) for s in speeches]
