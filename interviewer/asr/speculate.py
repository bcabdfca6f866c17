"""The live transcript as pieces decoded end to end while the candidate speaks (docs/stream.md).

At every pause that may end the answer (0.7 s) the audio since the last kept piece is decoded at once,
so the end of the answer can be judged from its words and the report needs no decode after it. A piece
of at least ``keep`` samples is kept: the next pause starts a new piece after it. A shorter one is
provisional: the next pause decodes it again, longer (short pieces cost Whisper words). A stretch of 24 s
or more (or 30 s without a pause) is *sealed*: the pieces are made to reach its cut and kept, whatever
their length. A piece still waiting in the queue grows instead of queueing another, so at most one piece
waits behind the decode under way, and the decoder keeps up with speech on a busy machine.

Measured before (2026-12-02, 2 cores, quiet): decoding the whole open tail at every pause, and each
24-30 s stretch again with the per-gap filler decodes, left 4-8 s of dead air after the last word.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from interviewer.types import Span, Word


@dataclass(eq=False)
class Piece:
    start: int  # samples
    end: int
    kept: bool = False  # a provisional piece (not kept) is replaced by a longer one at the next pause
    started: bool = False  # the worker has taken it (its end is fixed)
    words: list[Word] | None = None  # None until decoded
    preview: list[Word] | None = None  # the content pass's words, before the repairs and the filler pass
    unintelligible: list[Span] | None = None
    regions: list[Span] | None = None  # the batch path's speech spans of the piece


@dataclass
class Taken:
    """The decoded pieces from the start, in order, up to the first not decoded: their words, unheard spans,
    where they end (samples), and their speech spans."""

    words: list[Word]
    unintelligible: list[Span]
    end: int
    regions: list[Span]


class Chain:
    def __init__(self, keep_samples: int):
        self.keep = keep_samples
        self._pieces: list[Piece] = []
        self._lock = threading.Lock()

    def reset(self) -> None:
        with self._lock:
            self._pieces = []

    def want(self, speech_end: int, end: int) -> Piece | None:
        """A pause after speech up to ``speech_end``: the piece to queue for decoding up to ``end``, or None
        (decoded already, or the piece waiting in the queue now reaches ``end``)."""
        with self._lock:
            last = self._pieces[-1] if self._pieces else None
            if last is not None and last.end >= speech_end:
                return None
            piece = self._reach(end)
            last = self._pieces[-1]
            last.kept = last.kept or last.end - last.start >= self.keep
            return piece

    def seal(self, cut: int) -> tuple[Piece | None, int]:
        """Kept pieces up to ``cut`` at least: (a piece to queue, or None; where the kept pieces now end)."""
        with self._lock:
            last = self._pieces[-1] if self._pieces else None
            piece = None if last is not None and last.end >= cut else self._reach(cut)
            last = self._pieces[-1]
            last.kept = True
            return piece, max(cut, last.end)

    def _reach(self, end: int) -> Piece | None:
        """Make the last piece reach ``end`` (under the lock): a queued piece grows (None: nothing new to queue), a
        provisional one is replaced by a longer one, a kept one is followed by a new one (returned, to queue)."""
        ps = self._pieces
        last = ps[-1] if ps else None
        if last is not None and not last.started:
            last.end = end
            return None
        if last is not None and not last.kept:
            piece = ps[-1] = Piece(last.start, end)  # provisional: decoded again, longer
        else:
            piece = Piece(last.end if last is not None else 0, end)
            ps.append(piece)
        return piece

    def begin(self, piece: Piece) -> tuple[int, int, list[Word]] | None:
        """The worker takes ``piece``: (start, end, the words before it), or None if a longer piece replaced it."""
        with self._lock:
            before: list[Word] = []
            for p in self._pieces:
                if p is piece:
                    piece.started = True
                    return piece.start, piece.end, before
                before += p.words or []
            return None

    def preview(self, piece: Piece, words: list[Word]) -> None:
        with self._lock:
            piece.preview = words

    def done(self, piece: Piece, words: list[Word], unintelligible: list[Span], regions: list[Span]) -> None:
        with self._lock:
            piece.unintelligible, piece.regions = unintelligible, regions
            piece.words = words

    def heard(self) -> tuple[list[Word], int]:
        """For judging the end of the answer: the pieces' words (a piece being decoded by its preview), and
        where they end (samples)."""
        with self._lock:
            words: list[Word] = []
            end = 0
            for p, got in self._in_order(lambda p: p.words if p.words is not None else p.preview):
                words += got
                end = p.end
            return words, end

    def take(self, kept_only: bool = False) -> Taken:
        """The decoded pieces (``kept_only``: those that will not be decoded again)."""
        with self._lock:
            out = Taken([], [], 0, [])
            for p, words in self._in_order(lambda p: p.words if p.kept or not kept_only else None):
                out.words += words
                out.unintelligible += p.unintelligible or []
                out.regions += p.regions or []
                out.end = p.end
            return out

    def _in_order(self, what):
        """(piece, what(piece)) from the first piece on, end to end, up to the first for which ``what`` is None."""
        end = 0
        for p in self._pieces:
            got = what(p)
            if p.start != end or got is None:
                return
            yield p, got
            end = p.end
