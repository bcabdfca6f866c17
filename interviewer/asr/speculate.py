"""The live transcript as pieces decoded end to end while the candidate speaks (docs/stream.md).

Where the pieces fall depends on the audio only, never on how fast the decoder keeps up, so the same
audio gives the same transcript live and from the file (``mock score``):

- a pause that may end the answer (0.7 s) asks for a piece from the end of the last *kept* piece to that
  pause. One of ``keep`` samples or more is kept; a shorter one is *provisional*: decoded only so the
  end of the answer can be judged from its words, and replaced by a longer one at the next pause;
- a long stretch (24-30 s) is *sealed*: a kept piece reaches its cut, whatever its length;
- the transcript is the kept pieces and, after them, the speech up to its end (the last provisional
  piece's decode serves when it covers exactly that audio).

A provisional piece that a newer one replaced before the decoder took it is never decoded, so the
decoder keeps up on a busy machine. Measured before (2026-12-02, 2 cores, quiet): decoding the whole
open tail at every pause left 4-8 s of dead air after the last word.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from interviewer.types import Span, Word


@dataclass(eq=False)
class Piece:
    start: int  # samples
    end: int
    kept: bool = False  # kept: part of the transcript; provisional: read by the judge, then replaced
    queued: bool = False  # handed to the decoder
    words: list[Word] | None = None  # None until decoded
    preview: list[Word] | None = None  # the content pass's words, before the repairs and the filler pass
    unintelligible: list[Span] | None = None
    regions: list[Span] | None = None  # the batch path's speech spans of the piece
    regions_upto: int = 0  # the audio the VAD saw for them ended here (samples)
    seam: list | None = None  # the hums across the piece's end, with what was heard over them (asr/seams.py)


@dataclass
class Taken:
    """The kept pieces from the start, in order: their words, unheard spans, where they end (samples), and their
    speech spans."""

    words: list[Word]
    unintelligible: list[Span]
    end: int
    regions: list[Span]


class Chain:
    def __init__(self, keep_samples: int):
        self.keep = keep_samples
        self._kept: list[Piece] = []
        self._open: Piece | None = None  # the latest provisional piece, from the end of the kept ones
        self._shown: Piece | None = None  # the latest piece from there with words to show the judge
        self._lock = threading.Lock()

    @property
    def edge(self) -> int:
        """Where the kept pieces end (samples)."""
        return self._kept[-1].end if self._kept else 0

    def reset(self) -> None:
        with self._lock:
            self._kept, self._open, self._shown = [], None, None

    def want(self, speech_end: int, end: int) -> Piece | None:
        """A pause after speech up to ``speech_end``: the piece up to ``end`` to decode, or None (asked for already)."""
        with self._lock:
            reach = self._open.end if self._open is not None else self.edge
            if max(reach, self.edge) >= speech_end:
                return None
            return self._piece(end, keep=end - self.edge >= self.keep)

    def seal(self, cut: int) -> tuple[Piece | None, int]:
        """Kept pieces up to ``cut``: (a piece to decode, or None; where the kept pieces now end)."""
        with self._lock:
            if self.edge >= cut:
                return None, self.edge
            return self._piece(cut, keep=True), cut

    def _piece(self, end: int, keep: bool) -> Piece | None:
        """The piece from the edge to ``end`` (under the lock); None when the provisional piece is that very audio and
        is with the decoder already (kept, when ``keep``: its decode serves)."""
        o = self._open
        if o is not None and o.start == self.edge and o.end == end:
            if keep:
                o.kept, self._open = True, None
                self._kept.append(o)
            return None if o.queued else o
        p = Piece(self.edge, end, kept=keep)
        if keep:
            self._kept.append(p)
            self._open = None
        else:
            self._open = p
        return p

    def begin(self, piece: Piece) -> list[Word] | None:
        """The decoder takes ``piece``: the words before it, or None when a newer piece replaced it."""
        with self._lock:
            if not self._wanted(piece):
                return None
            return [w for p in self._kept if p.end <= piece.start for w in (p.words or [])]

    def preview(self, piece: Piece, words: list[Word]) -> bool:
        """The content pass of ``piece`` is heard: shown to the judge. Returns whether the rest of its decode is still
        wanted (no: a provisional piece a newer one replaced meanwhile; the newer one's decode comes next)."""
        with self._lock:
            piece.preview = words
            if piece.start == self.edge and (self._shown is None or self._shown.start != piece.start or self._shown.end <= piece.end):
                self._shown = piece
            return self._wanted(piece)

    def wanted(self, piece: Piece) -> bool:
        """Is ``piece`` still part of what is asked for (kept, or the latest provisional piece)?"""
        with self._lock:
            return self._wanted(piece)

    def _wanted(self, piece: Piece) -> bool:
        return piece.kept or piece is self._open

    def done(self, piece: Piece, words: list[Word], unintelligible: list[Span]) -> None:
        with self._lock:
            piece.unintelligible, piece.words = unintelligible, words

    def heard(self) -> tuple[list[Word], int]:
        """For judging the end of the answer: the kept pieces' words, then the latest decoded piece after them (by its
        first pass while the rest of its decode runs); and where those words end (samples)."""
        with self._lock:
            words: list[Word] = []
            end = 0
            for p in self._kept:
                got = _said(p)
                if got is None:
                    return words, end
                words, end = words + got, p.end
            s = self._shown
            if s is not None and s.start == end:
                got = _said(s)
                if got is not None:
                    words, end = words + got, s.end
            return words, end

    def take(self) -> Taken:
        """The kept pieces (all decoded: call when the decoder is idle)."""
        with self._lock:
            out = Taken([], [], 0, [])
            for p in self._kept:
                out.words += p.words or []
                out.unintelligible += p.unintelligible or []
                out.regions += p.regions or []
                out.end = p.end
            return out

    def decoded(self, start: int, end: int) -> Piece | None:
        """The provisional piece that covers exactly ``start:end``, decoded, or None."""
        with self._lock:
            o = self._open
            return o if o is not None and o.start == start and o.end == end and o.words is not None else None

    def kept(self) -> list[Piece]:
        with self._lock:
            return list(self._kept)


def _said(p: Piece) -> list[Word] | None:
    """A piece's words, or its content pass's while the rest of its decode runs (None: not heard yet)."""
    return p.words if p.words is not None else p.preview
