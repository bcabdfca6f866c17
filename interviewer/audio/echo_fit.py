"""Where the interviewer's own voice sits in the microphone's stream: the delay (cross-correlation over a
window of delays), the gain (least squares) and how well subtracting it works. Pure numpy."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

RATE = 16_000
MIN_CORR = 0.3  # below this peak correlation there is no echo (headphones): EchoOptions.min_corr
HALF_TAPS = 8  # the echo path is fit as 2 * 8 + 1 taps around its delay: a sound server's resampling puts the echo a
# fraction of a sample off (one gain then leaves -21 dB of it; 17 taps leave under -50 dB on a virtual card)


@dataclass(frozen=True)
class Echo:
    delay: int  # the echo of reference sample j is at microphone sample ``at + j + delay``
    gain: float
    corr: float
    leak_db: float  # residual / echo energy on the blocks used to calibrate (how well subtraction works)
    taps: tuple[float, ...] = ()  # the echo path around the delay: echo[n] = sum_j taps[j] * ref[n - delay + HALF_TAPS - j]

    def shaped(self, ref: np.ndarray, lo: int, hi: int) -> np.ndarray:
        """The echo of reference samples ``lo:hi`` (their place in the microphone: ``at + delay + lo``)."""
        if not self.taps:
            return (self.gain * ref[lo:hi]).astype(np.float32)
        return np.convolve(_around(ref, lo, hi, np.float32), np.asarray(self.taps, np.float32), "valid").astype(np.float32)


def _around(ref: np.ndarray, lo: int, hi: int, dtype=np.float64) -> np.ndarray:
    """Reference samples ``lo - HALF_TAPS : hi + HALF_TAPS``, zeros where they fall outside it (what the taps read)."""
    k = HALF_TAPS
    pad = np.zeros(hi - lo + 2 * k, dtype)
    a, b = max(lo - k, 0), min(hi + k, ref.size)
    if b > a:
        pad[a - (lo - k) : b - (lo - k)] = ref[a:b]
    return pad


def _voiced_s(x: np.ndarray, block: int = 800, floor_db: float = -40.0) -> float:
    """Seconds of ``x`` in 50 ms blocks louder than ``floor_db``."""
    k = x.size // block
    if k == 0:
        return 0.0
    e = np.mean(np.square(x[: k * block].reshape(k, block), dtype=np.float64), axis=1)
    return float(np.count_nonzero(e > 10 ** (floor_db / 10))) * block / RATE


def estimate(mic: np.ndarray, ref: np.ndarray, at: int, window: int, only: tuple[int, int] | None = None,
             min_corr: float = MIN_CORR) -> Echo:
    """Where ``ref`` (played from microphone sample ``at`` on, by the clocks) sits in ``mic``: the delay within
    ±``window`` samples with the highest cross-correlation, the gain there, and how well subtracting it works."""
    none = Echo(0, 0.0, 0.0, 0.0)
    if ref.size == 0 or not np.any(ref):
        return none
    lo = max(0, at - window)
    seg = mic[lo : at + ref.size + window].astype(np.float64)
    if seg.size < RATE // 10:
        return none
    r = ref.astype(np.float64)
    n = 1 << int(math.ceil(math.log2(seg.size + r.size)))
    xc = np.fft.irfft(np.fft.rfft(seg, n) * np.conj(np.fft.rfft(r, n)), n)
    # xc[k] = sum_j seg[j + k] r[j] for k >= 0; xc[n - k] for k < 0
    lags = np.arange(-r.size + 1, seg.size)
    vals = np.concatenate([xc[n - r.size + 1 :], xc[: seg.size]])
    delays = lags + lo - at  # the echo's delay relative to ``at``
    ok = np.abs(delays) <= window
    if not np.any(ok):
        return none
    k = int(np.argmax(np.where(ok, vals, -np.inf)))
    lag, delay = int(lags[k]), int(delays[k])
    a0, r0 = max(lag, 0), max(-lag, 0)
    m = min(seg.size - a0, r.size - r0)
    if only is not None:  # judge the fit on those microphone samples only
        cut = max(0, only[0] - lo - a0)
        a0, r0, m = a0 + cut, r0 + cut, min(m - cut, only[1] - only[0])
    if m < RATE // 10:
        return none
    a, b = seg[a0 : a0 + m], r[r0 : r0 + m]
    bb = float(b @ b)
    denom = math.sqrt(float(a @ a) * bb)
    corr = float(a @ b) / denom if denom > 0 else 0.0
    if corr < min_corr:
        return Echo(delay, 0.0, corr, 0.0)
    gain = float(a @ b) / bb
    taps, echo = _path(a, r, r0, m)
    res = a - echo
    loud = np.square(echo) > 0  # the leak where the echo is: residual vs echo energy, per 50 ms block
    blocks = m // 800
    if blocks:
        re = np.square(res[: blocks * 800]).reshape(blocks, 800).mean(axis=1)
        ee = np.square(echo[: blocks * 800]).reshape(blocks, 800).mean(axis=1)
        keep = ee > ee.max() * 0.01 if ee.max() > 0 else loud[:0]
        leak = float(np.median(10 * np.log10(np.maximum(re[keep], 1e-14) / ee[keep]))) if np.any(keep) else 0.0
    else:
        leak = 0.0
    return Echo(delay, gain, corr, leak, taps)


def _path(mic: np.ndarray, ref: np.ndarray, r0: int, m: int, fit: int = 2 * RATE) -> tuple[tuple[float, ...], np.ndarray]:
    """Least-squares taps mapping ``ref`` around ``r0:r0+m`` onto ``mic`` (its ``m`` samples; fit on the last ``fit``
    of them, by the normal equations: ~20 ms), and the echo they give on all ``m``."""
    k = HALF_TAPS
    pad = _around(ref, r0, r0 + m)
    n0 = max(0, m - fit)
    x = np.ascontiguousarray(np.lib.stride_tricks.sliding_window_view(pad[n0:], 2 * k + 1)[:, ::-1])  # row n: ref[r0 + n0 + n + k - j]
    gram = x.T @ x
    taps = np.linalg.solve(gram + np.eye(2 * k + 1) * (1e-9 * np.trace(gram) + 1e-12), x.T @ mic[n0:])
    return tuple(float(t) for t in taps), np.convolve(pad, taps, "valid")
