"""Hesitations in the gaps between words, at a fraction of a Whisper run per gap (issue 16).

A gap (speech no word covers, see :meth:`WhisperTranscriber._with_fillers`) is decoded as a recording of
its own with the disfluent prompt: its audio with ``PAD_S`` either side, then ``SILENCE_S`` of silence.
Through faster-whisper that was one whole run per gap, whose encoder always sees a padded 30 s window
(0.78 s of CPU per gap). Here:

- a gap with no sustained voiced sound (``voiced_run`` under ``MIN_VOICED_S``) is not decoded: a filled
  pause is voiced;
- the encoder sees ``INPUT_S`` (the gap's audio and its silence, padded as Whisper pads): 35 ms of
  CPU instead of ~300 ms;
- the gaps are decoded together (CTranslate2's ``generate``, beam 5, temperature 0, the token budget of a
  bounded decode) and their words timed together (``align``), as faster-whisper times words.

Deterministic: the same audio gives the same gaps, the same batches and the same words.
"""

from __future__ import annotations

import zlib

import numpy as np

from interviewer.asr.bounds import COMPRESSION_LIMIT, token_budget
from interviewer.audio import SAMPLE_RATE
from interviewer.types import Word

PAD_S = 0.15  # audio kept either side of a gap
SILENCE_S = 1.0  # silence after each gap's audio (a decode ends on silence, see decode.END_PAD)
INPUT_S = 10.0  # what the encoder sees of one gap (Whisper's own window is 30 s)
MAX_INPUT_S = 30.0
BATCH = 16  # gaps decoded together
BEAM_SIZE = 5  # as the other passes (greedy lost two true fillers on the development clips)
FRAME, HOP = 640, 160  # voicing: 40 ms frames every 10 ms
VOICING = 0.6  # normalised autocorrelation peak of a voiced frame
LEVEL_DB = 10.0  # a voiced frame is this far above the noise floor
MIN_VOICED_S = 0.1  # a gap whose longest voiced run is shorter holds no hesitation: not decoded
_HANN = np.hanning(FRAME)
_HANN_AC = np.correlate(_HANN, _HANN, "full")[FRAME - 1:] / np.dot(_HANN, _HANN)  # the window's own autocorrelation
PREPEND = "\"'“¿([{-"  # faster-whisper's word punctuation defaults
APPEND = "\"'.。,，!！?？:：”)]}、"


def voicing(seg: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The 40 ms frames (every 10 ms) of ``seg``, windowed, with their power spectra (2048 points), the peak of their
    normalised autocorrelation at a pitch of 60-400 Hz (1: perfectly periodic) and that pitch (Hz)."""
    idx = np.arange(FRAME)[None, :] + HOP * np.arange(1 + (seg.size - FRAME) // HOP)[:, None]
    f = (seg[idx] - seg[idx].mean(axis=1, keepdims=True)) * _HANN
    power = np.abs(np.fft.rfft(f, 2 * 1024)) ** 2
    ac = np.fft.irfft(power)[:, : SAMPLE_RATE // 60] / _HANN_AC[: SAMPLE_RATE // 60]
    norm = ac[:, SAMPLE_RATE // 400:] / (ac[:, :1] + 1e-12)
    return f, power, norm.max(axis=1), SAMPLE_RATE / (SAMPLE_RATE // 400 + norm.argmax(axis=1))


def voiced_run(x: np.ndarray, a: float, b: float, floor_db: float) -> float:
    """The longest run (seconds) of voiced frames in ``x[a:b]``: 40 ms frames every 10 ms whose normalised
    autocorrelation peaks at ``VOICING`` or more at a pitch of 60-400 Hz, ``LEVEL_DB`` or more above ``floor_db``.
    A filled pause ("um", "uh", "er", "hmm") is a sustained voiced sound; breath, clicks and silence are not."""
    seg = x[int(a * SAMPLE_RATE): int(b * SAMPLE_RATE)].astype(np.float64)
    if seg.size < FRAME:
        return 0.0
    f, _, peak, _ = voicing(seg)
    on = (peak >= VOICING) & (10 * np.log10(np.mean(f ** 2, axis=1) + 1e-12) >= floor_db + LEVEL_DB)
    runs = np.diff(np.flatnonzero(np.diff(np.concatenate([[0], on.astype(np.int8), [0]]))))[::2]
    return float(runs.max(initial=0)) * HOP / SAMPLE_RATE


def noise_floor_db(x: np.ndarray) -> float:
    """The recording's noise floor: its 10th-percentile 40 ms frame level (dB), as vad.voiced_stretches measures it."""
    n = x.size // FRAME
    if n == 0:
        return -120.0
    return float(np.percentile(10 * np.log10(np.square(x[: n * FRAME].reshape(n, FRAME), dtype=np.float64).mean(axis=1) + 1e-12), 10))


def _tokenizer(fw):
    from faster_whisper.tokenizer import Tokenizer

    return Tokenizer(fw.hf_tokenizer, fw.model.is_multilingual, task="transcribe", language="en")


def _suppressed(tok) -> list[int]:  # faster-whisper's suppress_tokens=[-1]
    return sorted(set(tok.non_speech_tokens) | {tok.transcribe, tok.translate, tok.sot, tok.sot_prev, tok.sot_lm, tok.no_speech})


def _inputs(fw, x: np.ndarray, gaps: list[tuple[float, float]]) -> list[tuple[float, float, np.ndarray, int]]:
    """(start, end in ``x``, log-mel features padded to the input length, frames of audio) per gap."""
    from faster_whisper.audio import pad_or_trim

    end = x.size / SAMPLE_RATE
    out = []
    for g0, g1 in gaps:
        a, b = max(0.0, g0 - PAD_S), min(end, g1 + PAD_S)
        clip = np.concatenate([x[int(a * SAMPLE_RATE): int(b * SAMPLE_RATE)], np.zeros(int(SILENCE_S * SAMPLE_RATE), np.float32)])
        feats = fw.feature_extractor(clip)[:, :-1]
        size = min(MAX_INPUT_S, max(INPUT_S, float(np.ceil(feats.shape[1] / 100 + 1))))
        out.append((a, b, pad_or_trim(feats, int(size * 100)), min(feats.shape[1], int(size * 100))))
    return out


def gap_words(fw, x: np.ndarray, gaps: list[tuple[float, float]], prompt: str) -> list[tuple[tuple[float, float], list[Word]]]:
    """(gap, words heard in it, at ``x``'s times) for each gap of ``x``, decoded with ``prompt``; a gap with no
    voiced run of ``MIN_VOICED_S`` is not decoded (no words)."""
    tok = _tokenizer(fw)
    head = [tok.sot_prev] + tok.encode(" " + prompt.strip())[-(fw.max_length // 2 - 1):] + list(tok.sot_sequence)
    floor = noise_floor_db(x)
    voiced = [g for g in gaps if voiced_run(x, *g, floor) >= MIN_VOICED_S]
    items = _inputs(fw, x, voiced)
    groups: dict[tuple[int, int], list[int]] = {}  # decoded together: the same input length and token budget
    for i, (a, b, feats, _) in enumerate(items):
        groups.setdefault((feats.shape[1], token_budget(b - a)), []).append(i)
    heard: dict[tuple[float, float], list[Word]] = {}
    for key in sorted(groups):
        for k in range(0, len(groups[key]), BATCH):
            part = groups[key][k: k + BATCH]
            heard.update(zip([voiced[i] for i in part], _decode(fw, tok, head, [items[i] for i in part])))
    return [(g, heard.get(g, [])) for g in gaps]


def _decode(fw, tok, head: list[int], items) -> list[list[Word]]:
    """The words of gaps of one input length and budget: each encoded alone (a batch of encoder inputs took longer),
    decoded and aligned together."""
    import ctranslate2

    enc = np.concatenate([np.array(fw.encode(f)) for _, _, f, _ in items])
    ids = _generate(fw, tok, enc, head, token_budget(items[0][1] - items[0][0]))
    got = _aligned(fw, tok, ctranslate2.StorageView.from_array(enc), ids, [n for _, _, _, n in items])
    # at x's times, never in the silence after the gap's audio (a last word's alignment runs on into it)
    return [[w.model_copy(update={"start": round(min(w.start + a, b), 3), "end": round(min(w.end + a, b), 3)}) for w in ws]
            for (a, b, _, _), ws in zip(items, got)]


def _looping(tok, ids: list[int]) -> bool:
    text = tok.decode(ids).strip().encode()
    return bool(text) and len(text) / len(zlib.compress(text)) > COMPRESSION_LIMIT


def _generate(fw, tok, enc: np.ndarray, head: list[int], new: int) -> list[list[int]]:
    """Text tokens of each encoded input at temperature 0, at most ``new`` of them. A looping decode (compression
    ratio above 2.4) is decoded once more with 4-grams barred, as decode._pass does."""
    import ctranslate2

    def run(rows: list[int], ngram: int) -> list[list[int]]:
        res = fw.model.generate(ctranslate2.StorageView.from_array(np.ascontiguousarray(enc[rows])), [head] * len(rows),
                                beam_size=BEAM_SIZE, max_length=len(head) + new, suppress_tokens=_suppressed(tok),
                                suppress_blank=True, no_repeat_ngram_size=ngram)
        return [[t for t in r.sequences_ids[0] if t < tok.eot] for r in res]

    out = run(list(range(len(enc))), 0)
    looping = [i for i, ids in enumerate(out) if _looping(tok, ids)]
    for i, ids in zip(looping, run(looping, 4) if looping else []):
        out[i] = ids
    return out


def _aligned(fw, tok, enc, ids: list[list[int]], frames: list[int]) -> list[list[Word]]:
    """Words of each input's ``ids`` timed on its audio (seconds from its start), as faster-whisper times words."""
    from faster_whisper.transcribe import merge_punctuations

    res = fw.model.align(enc, list(tok.sot_sequence), [i or [tok.eot] for i in ids], frames)
    out = []
    for r, toks in zip(res, ids):
        words, word_tokens = tok.split_to_word_tokens(toks + [tok.eot])
        if not toks or len(word_tokens) <= 1:
            out.append([])
            continue
        bounds = np.pad(np.cumsum([len(t) for t in word_tokens[:-1]]), (1, 0))
        text_idx = np.array([p[0] for p in r.alignments])
        times = np.array([p[1] for p in r.alignments])[np.pad(np.diff(text_idx), (1, 0), constant_values=1).astype(bool)] / 50
        al = [dict(word=w, tokens=t, start=float(times[i]), end=float(times[j]), probability=float(np.mean(r.text_token_probs[i:j])))
              for w, t, i, j in zip(words, word_tokens, bounds[:-1], bounds[1:])]
        merge_punctuations(al, PREPEND, APPEND)
        out.append([Word(text=d["word"].strip(), start=round(d["start"], 3), end=round(d["end"], 3), probability=round(d["probability"], 3))
                    for d in al if d["word"].strip()])
    return out
