"""Speculative decodes of the open tail, laid end to end (the streaming transcriber's, docs/stream.md).

At every pause that may end the answer the tail is decoded at once, so the end of the answer can be
judged from its words and the report needs no decode after it. Decoding the whole open tail at every
pause (up to 30 s: three Whisper passes of ~1 s each on 2 cores) left 4-8 s of dead air after the
last word. So the tail is decoded in **pieces**: a pause starts a piece where the last kept piece
ended; a piece of at least ``keep_s`` seconds is kept (the next pause starts after it), a shorter one
is provisional (the next pause decodes it again, longer, for Whisper's sake: short pieces lose words).
The end of the answer then waits for one short decode. A piece still queued grows instead of queueing
another one, so at most one piece waits behind the decode under way.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from interviewer.types import Span, Word


@dataclass(eq=False)
class Piece:
    start: int  # samples
    end: int
    started: bool = False  # the worker has taken it (its end is fixed)
    words: list[Word] | None = None  # None until decoded
    preview: list[Word] | None = None  # the content pass's words, before the repairs and the filler pass
    unintelligible: list[Span] | None = None
    regions: list[Span] | None = None  # the batch path's speech spans of the piece (reused by finish)


@dataclass
class Taken:
    """What the decoded pieces hold, from the committed cut: their words, unheard spans, where they end
    (samples), and their speech spans (None when a piece has none computed)."""

    words: list[Word]
    unintelligible: list[Span]
    end: int
    regions: list[Span] | None


class Chain:
    def __init__(self, keep_samples: int):
        self.keep = keep_samples
        self._pieces: list[Piece] = []
        self._lock = threading.Lock()

    def reset(self) -> None:
        """A commit took the tail (or the stream closed): the pieces are void."""
        with self._lock:
            self._pieces = []

    def want(self, base: int, speech_end: int, end: int) -> Piece | None:
        """A pause after speech up to ``speech_end``: the piece to queue for decoding up to ``end``, or None
        (decoded already, or the piece waiting in the queue now reaches ``end``)."""
        with self._lock:
            ps = self._pieces
            last = ps[-1] if ps else None
            if last is not None and last.end >= speech_end:
                return None
            if last is not None and not last.started:
                last.end = end
                return None
            if last is not None and last.end - last.start < self.keep:
                piece = Piece(last.start, end)  # provisional: decoded again, longer
                ps[-1] = piece
            else:
                piece = Piece(last.end if last is not None else base, end)
                ps.append(piece)
            return piece

    def begin(self, piece: Piece) -> tuple[int, int, list[Word]] | None:
        """The worker takes ``piece``: (start, end, the words before it in the chain), or None if it is void."""
        with self._lock:
            if not any(p is piece for p in self._pieces):
                return None
            piece.started = True
            before: list[Word] = []
            for p in self._pieces:
                if p is piece:
                    break
                before += p.words or []
            return piece.start, piece.end, before

    def preview(self, piece: Piece, words: list[Word]) -> None:
        with self._lock:
            piece.preview = words

    def heard(self, base: int) -> tuple[list[Word], int]:
        """For judging the end of the answer: the pieces' words from ``base`` on (a piece being decoded by its
        preview), and where they end (samples)."""
        with self._lock:
            words: list[Word] = []
            end = base
            for p in self._pieces:
                got = p.words if p.words is not None else p.preview
                if p.start != end or got is None:
                    break
                words += got
                end = p.end
            return words, end

    def done(self, piece: Piece, words: list[Word], unintelligible: list[Span], regions: list[Span]) -> None:
        with self._lock:
            piece.unintelligible, piece.regions = unintelligible, regions
            piece.words = words  # last: readers take a piece with words as complete

    def take(self, base: int) -> Taken:
        """The decoded pieces from ``base`` on, in order, up to the first not decoded."""
        with self._lock:
            words: list[Word] = []
            unheard: list[Span] = []
            regions: list[Span] | None = []
            end = base
            for p in self._pieces:
                if p.start != end or p.words is None:
                    break
                words += p.words
                unheard += p.unintelligible or []
                regions = None if regions is None or p.regions is None else regions + p.regions
                end = p.end
            return Taken(words, unheard, end, regions)
