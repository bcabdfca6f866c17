"""Closed-mouth hums ("hm", "mm") heard by their sound, where Whisper hears them only faintly (issue 16).

A thinking "hmm" said with the lips closed is quiet, steady and nasal: Silero often does not call it speech,
and tiny.en, decoding it on its own, writes "Mm" at a word probability of 0.2, under what the gap step trusts
(``words.GAP_MIN_PROBABILITY``). Its sound tells it apart, though, with no model:

- it is voiced (the gap step's voicing: a normalised autocorrelation peak at a pitch of 60-400 Hz), well
  above the noise floor, for ``HUM_MIN_S`` or more;
- its pitch is steady (a thinking sound is held, not intoned as a word is);
- its spectrum is a nasal murmur: the energy below ``LOW_HZ`` stands ``MURMUR_DB`` or more above the band
  where an open vowel's first formant is (``LOW_HZ``-``MID_HZ``), which the closed lips and the bilabial
  nasal's anti-resonance empty. An "uh", "ah" or "er" has most of its energy in that band; broadband noise
  has as much there as below it.

A stretch that sounds like a hum, with no word said over it, is decoded by the gap step even outside the VAD's
regions, and a hesitation heard there is kept however faintly (``HUM_MIN_PROBABILITY``): the sound says a filled
pause, the decoder that it is no word. Kept as the decoder spells it (a long "um" is mostly murmur too).
Deterministic, numpy only.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from interviewer.asr.gaps import FRAME, HOP, LEVEL_DB, MIN_VOICED_S, VOICING, noise_floor_db, voiced_run, voicing
from interviewer.asr.words import GAP_MIN_PROBABILITY, hesitation, subtract
from interviewer.audio import SAMPLE_RATE
from interviewer.types import Word

LOW_HZ, MID_HZ = 500, 1000  # the murmur's band, and an open vowel's first formant band
MURMUR_DB = 10.0  # a hum frame's energy below LOW_HZ over its energy in LOW_HZ-MID_HZ (an "uh": about -8 dB)
STEADY = 0.1  # octaves a hum frame's pitch may differ from the frame before it
BRIDGE = 3  # frames a hum may drop out for (a voicing dip) and go on
HUM_SHARE = 0.8  # of its voiced run a hum is (the rest: its onset and release)
HUM_MIN_S = 0.3  # a hum shorter than this is a nasal consonant of a word, not a thinking sound
NEAR_S = 0.5  # a hesitation this close to a hum, over no sound of its own, is the hum's
EDGE_S = 0.1  # how far a word's time may stray into a hum it is not said over
CHUNK = 500  # frames analysed at once
HUM_MIN_PROBABILITY = 0.0  # a hesitation decoded over a hum needs this word probability: the sound vouches for it


def hum_frames(x: np.ndarray, floor_db: float) -> tuple[np.ndarray, np.ndarray]:
    """(voiced, hum) for each 40 ms frame (every 10 ms) of ``x``: voiced ``LEVEL_DB`` above the noise floor (as the
    gap step's voicing), and of those the frames with a nasal murmur's spectrum at a pitch within ``STEADY``
    octaves of the frame before's."""
    if x.size < FRAME:
        return np.zeros(0, bool), np.zeros(0, bool)
    level, murmur, peak, pitch = (np.concatenate(v) for v in zip(*(_murmur(x[k: k + CHUNK * HOP + FRAME - HOP])
                                                                     for k in range(0, x.size - FRAME + 1, CHUNK * HOP))))
    voiced = (peak >= VOICING) & (level >= floor_db + LEVEL_DB)
    steady = np.abs(np.diff(np.log2(pitch), prepend=np.log2(pitch[:1]))) <= STEADY
    return voiced, voiced & (murmur >= MURMUR_DB) & steady


def _murmur(seg: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(level dB, murmur dB, voicing peak, pitch Hz) of each frame of ``seg`` (``CHUNK`` frames at most: a 30 s piece's
    spectra at once would take ~100 MB)."""
    f, power, peak, pitch = voicing(seg.astype(np.float64))
    freqs = np.fft.rfftfreq(2 * (power.shape[1] - 1), 1 / SAMPLE_RATE)
    low = power[:, (freqs >= 50) & (freqs < LOW_HZ)].sum(axis=1)
    mid = power[:, (freqs >= LOW_HZ) & (freqs < MID_HZ)].sum(axis=1)
    return 10 * np.log10(np.mean(f ** 2, axis=1) + 1e-12), 10 * np.log10((low + 1e-12) / (mid + 1e-12)), peak, pitch


def hum_runs(x: np.ndarray, floor_db: float) -> list[tuple[float, float]]:
    """The hums (start, end in seconds) of ``x``: runs of hum frames (:func:`hum_frames`), bridged over dips of up
    to ``BRIDGE`` frames, ``HUM_MIN_S`` or longer, that are (``HUM_SHARE``) the whole of their voiced run. A nasal
    held at the end of a word ("a liiinnn") continues its vowel's voicing: no hum of its own."""
    voiced, hum = hum_frames(x, floor_db)
    spans = _runs(voiced)
    out = []
    for i, j in _runs(hum):
        s0, s1 = i * HOP / SAMPLE_RATE, (j * HOP + FRAME) / SAMPLE_RATE
        whole = next(((a, b) for a, b in spans if a <= i and j <= b), (i, j))
        if s1 - s0 >= HUM_MIN_S and j - i + 1 >= HUM_SHARE * (whole[1] - whole[0] + 1):
            out.append((round(s0, 3), round(min(s1, x.size / SAMPLE_RATE), 3)))
    return out


def _runs(on: np.ndarray) -> list[tuple[int, int]]:
    """(first, last) frame of each run of ``on``, runs less than ``BRIDGE`` frames apart joined."""
    idx = np.flatnonzero(on)
    if idx.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(idx) > BRIDGE + 1)
    starts = np.concatenate([[idx[0]], idx[breaks + 1]])
    ends = np.concatenate([idx[breaks], [idx[-1]]])
    return [(int(i), int(j)) for i, j in zip(starts, ends)]


def free_hums(hums: list[tuple[float, float]], covers: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The hums no word is said over (a word's cover reaching at most ``EDGE_S`` into one, as word times stray): a hum
    under a word is that word's own sound (the "mmm" of a long "um")."""
    return [(h0, h1) for h0, h1 in hums if not any(c0 < h1 - EDGE_S and c1 > h0 + EDGE_S for c0, c1 in covers)]


def with_hums(gaps: list[tuple[float, float]], hums: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The gaps to decode: ``gaps`` and ``hums``, overlapping ones joined (one sound is decoded once)."""
    out: list[list[float]] = []
    for a, b in sorted(gaps + hums):
        if out and a < out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def min_probability(w: Word, hums: list[tuple[float, float]], usual: float = GAP_MIN_PROBABILITY) -> float:
    """The word probability a hesitation heard in a gap needs: ``HUM_MIN_PROBABILITY`` when said over a hum (its
    middle in one: the sound is a filled pause's, and the decoder heard no word in it, only a hesitation, however
    faintly: tiny.en writes a real "hm" as "Mm" at 0.2), else ``usual``."""
    mid = (w.start + w.end) / 2
    return HUM_MIN_PROBABILITY if hesitation(w.text) and any(h0 <= mid <= h1 for h0, h1 in hums) else usual


def hum_need(x: np.ndarray, hums: list[tuple[float, float]], words: list[Word]) -> Callable[[Word], float]:
    """:func:`min_probability` over the hums that have no hesitation yet. A hesitation already next to a hum (the
    nearest word on either side, within ``NEAR_S``) that is said over no voiced sound of its own is the hum's,
    stamped a little off (the disfluent pass times a hum loosely): one sound, one hesitation. One over its own
    voiced sound is a hesitation of its own ("uh, hm, hm, um" comes in runs)."""
    floor = noise_floor_db(x)

    def claimed(h0: float, h1: float) -> bool:
        before = [w for w in words if w.end <= h0 + EDGE_S][-1:]
        after = [w for w in words if w.start >= h1 - EDGE_S][:1]
        return any(hesitation(w.text) and w.start - h1 <= NEAR_S and h0 - w.end <= NEAR_S
                   and voiced_run(x, w.start, w.end, floor) < MIN_VOICED_S for w in before + after)

    free = [(h0, h1) for h0, h1 in hums if not claimed(h0, h1)]
    return lambda w: min_probability(w, free)


def filler_gaps(x: np.ndarray, regions: list[tuple[float, float]], covers: list[tuple[float, float]],
                min_s: float) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """(gaps to decode for hesitations, hums among them): the speech ``regions`` no word ``covers`` for ``min_s`` or
    more, and the hums no word is said over, in the regions or not (the VAD often does not call a hum speech)."""
    hums = free_hums(hum_runs(x, noise_floor_db(x)), covers)
    return with_hums(subtract(regions, covers, min_s), hums), hums
