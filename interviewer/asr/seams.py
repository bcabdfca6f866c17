"""A closed-mouth hum across the cut between two streamed pieces (issue 16).

The streaming transcriber decodes its pieces one by one, and each piece's decode looks for hums in its own audio
(:mod:`interviewer.asr.hum`). A piece ends in a pause the VAD found, but the VAD often does not call a soft "hmm"
speech, so a cut can fall inside one. Measured on espeak-ng sentences with a hum between them, decoded as two pieces
cut 0.1 s into, in the middle of or 0.1 s before the end of a 0.6 s hum, or 0.06 s after it: the hum lost (each part
too short, or too near the piece's edge, to be heard); an 0.8 s hum cut in its middle: two hesitations (each piece
heard one in its part).

Moving the cuts out of hums was tried: every later piece then falls elsewhere, and tiny.en's words change all along
the recording (on the development clips, fillers 18/19 -> 17/19 and word error 0.293 -> 0.311 from one moved cut).
So the pieces stay where they are, and the seam between two is mended: the hums across a cut (from ``LOOK_S`` before
it to ``AHEAD_S`` after it, against that stretch's own noise floor; the hum ending ``MARGIN_S`` or less before the
cut too) are found as soon as the audio after the cut is there (on the decoder's thread, a few ms), and a hum with
no hesitation over it is decoded on its own (the gap step's decode, with the disfluent prompt) then; when the
transcript is put together, such a hum gets the hesitation heard over it (however faintly, as the gap step trusts a
hum), and a hum holding two hesitations keeps the first. The same audio gives the same seams.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from interviewer.asr.gaps import noise_floor_db
from interviewer.asr.hum import EDGE_S, free_hums, hum_runs
from interviewer.asr.words import cover, hesitation, spell_hesitations
from interviewer.audio import SAMPLE_RATE
from interviewer.types import Word

LOOK_S = 1.5  # audio before a cut looked at for a hum across it
AHEAD_S = 1.0  # and after it (the streaming transcriber's SPAN_LOOKAHEAD: the audio it waits for anyway)
MARGIN_S = 0.2  # a hum ending this close before a cut is cut too (a piece hears nothing that near its end)
NEAR_S = 0.15  # a hesitation whose middle is this close to a hum is said over it

Seam = list[tuple[tuple[float, float], list[Word]]]  # (hum across a cut, s; hesitations heard over it alone)
Hear = Callable[[np.ndarray, list[tuple[float, float]]], list[tuple[tuple[float, float], list[Word]]]]


def seam(x: np.ndarray, start: int, cut: int, end: int, hear: Hear | None) -> Seam:
    """The hums across the cut at sample ``cut`` of ``x`` (in the piece from ``start``; audio up to ``end``), at ``x``'s
    times, each with the hesitations ``hear`` (the gap step's decode) hears over it alone."""
    a, b = max(start, cut - int(LOOK_S * SAMPLE_RATE)), min(end, cut + int(AHEAD_S * SAMPLE_RATE))
    if b - a < SAMPLE_RATE // 10:
        return []
    seg, off, at = x[a:b], a / SAMPLE_RATE, cut / SAMPLE_RATE
    hums = [(round(off + h0, 3), round(off + h1, 3)) for h0, h1 in hum_runs(seg, noise_floor_db(seg))]
    hums = [(h0, h1) for h0, h1 in hums if h0 < at < h1 + MARGIN_S]
    if not hums or hear is None:
        return [(h, []) for h in hums]
    heard = hear(seg, [(h0 - off, h1 - off) for h0, h1 in hums])
    return [(h, [w.model_copy(update={"start": round(w.start + off, 3), "end": round(w.end + off, 3)}) for w in got
                 if hesitation(w.text)]) for h, (_, got) in zip(hums, heard)]


def mend(words: list[Word], seams: Seam) -> list[Word]:
    """``words`` with one hesitation over each hum across a cut: the first one the pieces heard over it, or else
    the first its own decode heard (none when a word is said over the hum: it is that word's sound)."""
    for (h0, h1), heard in seams:
        over = [w for w in words if hesitation(w.text) and h0 - NEAR_S <= (w.start + w.end) / 2 <= h1 + NEAR_S]
        if over:
            words = [w for w in words if not any(w is v for v in over[1:])]
        elif heard and free_hums([(h0, h1)], [cover(w) for w in words]):
            w = heard[0]
            s0 = min(max(w.start, h0 - EDGE_S), h1)
            w = w.model_copy(update={"start": round(s0, 3), "end": round(min(max(w.end, s0), h1 + EDGE_S), 3)})
            words = sorted(words + spell_hesitations([w]), key=lambda v: v.start)
    return words
