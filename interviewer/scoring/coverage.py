"""Coverage of the prompt's key points: what a model answer would have said, heard in the answer."""

from __future__ import annotations

from typing import Sequence

from rapidfuzz import fuzz

from interviewer.scoring.text import Sentence, normalize
from interviewer.types import Coverage, KeyPointHit

_STOP = {
    "a", "an", "the", "of", "on", "in", "to", "for", "and", "or", "by", "with", "is", "are", "be", "it",
    "this", "that", "as", "at", "per", "its", "from", "into", "vs", "versus", "not", "no", "so", "we", "i",
    # the verbs of a key point's wording, not its content
    "ask", "asks", "whether", "means", "mean", "state", "states", "define", "handled", "handle", "through",
    "kept", "keep", "using", "use", "via", "when", "how", "what", "which", "there", "their", "them",
}


def _word_matches(c: str, toks: set[str]) -> bool:
    """A key-point word heard: exactly, by a shared stem (token/tokenized), or fuzzily for long words."""
    if c in toks:
        return True
    for t in toks:
        short, long_ = (c, t) if len(c) <= len(t) else (t, c)
        if len(short) >= 4 and long_.startswith(short):
            return True
        if len(c) > 4 and fuzz.ratio(c, t) >= 85:
            return True
    return False


def find_key_points(sents: list[Sentence], key_points: Sequence[str]) -> Coverage | None:
    """A key point counts as covered when one or two consecutive sentences hold 60% of its content words."""
    if not key_points:
        return None
    windows: list[tuple[float, set[str], str]] = []
    for i in range(len(sents)):
        for j in range(i, min(i + 2, len(sents))):
            chunk = sents[i : j + 1]
            toks = [t for s in chunk for t in s.tokens]
            heard = set(toks) | {a + b for a, b in zip(toks, toks[1:])}  # "back fills" is "backfills"
            windows.append((chunk[0].start, heard, " ".join(s.text for s in chunk)))
    items: list[KeyPointHit] = []
    for point in key_points:
        content = [t for t in normalize(point) if t not in _STOP]
        if not content:
            continue
        best = (0.0, None, None)
        for at, toks, text in windows:
            frac = sum(_word_matches(c, toks) for c in content) / len(content)
            if frac > best[0]:
                best = (frac, at, text)
        covered = best[0] >= 0.6
        items.append(KeyPointHit(point=point, covered=covered, at=round(best[1], 2) if covered and best[1] is not None else None,
                                 heard=best[2] if covered else None, similarity=round(best[0], 3)))
    return Coverage(covered=sum(i.covered for i in items), total=len(items), items=items)
