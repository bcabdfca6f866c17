"""Coverage of the prompt's key points: what a model answer would have said, heard in the answer."""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import numpy as np
from rapidfuzz import fuzz

from interviewer.scoring.meaning import Embedder, similarity_matrix
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
    return c in toks or any(_same_word(c, t) for t in toks)


@lru_cache(maxsize=65536)
def _same_word(c: str, t: str) -> bool:
    short, long_ = (c, t) if len(c) <= len(t) else (t, c)
    return (len(short) >= 4 and long_.startswith(short)) or (len(c) > 4 and fuzz.ratio(c, t) >= 85)


def _heard_words(content: Sequence[str], vocab: set[str]) -> dict[str, frozenset[str]]:
    """For each key-point word, every word of the answer that counts as it (computed once)."""
    return {c: frozenset(t for t in vocab if t == c or _same_word(c, t)) for c in content}


LEXICAL_SHARE = 0.6  # a key point is covered when a window holds this share of its content words ...
MEANING_SIMILARITY = 0.56  # ... or one or two sentences mean it (cosine at least this; on the development
# set, answers to another question reach at most 0.49, plain-word paraphrases of a point 0.55-0.66)


def _windows(sents: list[Sentence]) -> list[tuple[float, set[str], str]]:
    """One or two consecutive sentences: (start, the words heard, the text)."""
    out: list[tuple[float, set[str], str]] = []
    for i in range(len(sents)):
        for j in range(i, min(i + 2, len(sents))):
            chunk = sents[i : j + 1]
            toks = [t for s in chunk for t in s.tokens]
            heard = set(toks) | {a + b for a, b in zip(toks, toks[1:])}  # "back fills" is "backfills"
            out.append((chunk[0].start, heard, " ".join(s.text for s in chunk)))
    return out


def _lexical_best(content: list[str], windows: list[tuple[float, set[str], str]]) -> tuple[float, float | None, str | None]:
    best: tuple[float, float | None, str | None] = (0.0, None, None)
    heard = _heard_words(content, set().union(*(w[1] for w in windows)) if windows else set())
    for at, toks, text in windows:
        frac = sum(not heard[c].isdisjoint(toks) for c in content) / len(content)
        if frac > best[0]:
            best = (frac, at, text)
    return best


def _meaning_best(points: Sequence[str], sents: list[Sentence], embedder: Embedder | None) -> list[tuple[float, int]]:
    """For each key point, its best cosine to a single sentence and that sentence's index."""
    if embedder is None or not sents:
        return [(0.0, -1)] * len(points)
    texts = [s.text for s in sents]
    uniq = list(dict.fromkeys([*points, *texts]))
    vecs = embedder.embed(uniq)
    index = {t: i for i, t in enumerate(uniq)}
    p, a = vecs[[index[t] for t in points]], vecs[[index[t] for t in texts]]
    # a point may take two sentences to make: the pair's meaning as the mean of theirs (no second model run)
    pairs = a[:-1] + a[1:]
    norms = np.linalg.norm(pairs, axis=1, keepdims=True)
    pairs = np.divide(pairs, norms, out=np.zeros_like(pairs), where=norms > 0)
    sims = p @ np.concatenate([a, pairs]).T
    return [(float(row.max()), int(row.argmax()) % len(sents)) for row in sims]


def find_key_points(sents: list[Sentence], key_points: Sequence[str], embedder: Embedder | None = None) -> Coverage | None:
    """A key point counts as covered when one or two consecutive sentences hold 60% of its content
    words, or (with an embedder) when a sentence means it."""
    if not key_points:
        return None
    windows = _windows(sents)
    points = [p for p in key_points if any(t not in _STOP for t in normalize(p))]
    meant = _meaning_best(points, sents, embedder)
    items: list[KeyPointHit] = []
    for point, (sim, at_sent) in zip(points, meant):
        content = [t for t in normalize(point) if t not in _STOP]
        frac, at, text = _lexical_best(content, windows)
        if frac < LEXICAL_SHARE and sim >= MEANING_SIMILARITY:
            frac, at, text = sim, sents[at_sent].start, sents[at_sent].text
            covered = True
        else:
            covered = frac >= LEXICAL_SHARE
        items.append(KeyPointHit(point=point, covered=covered, at=round(at, 2) if covered and at is not None else None,
                                 heard=text if covered else None, similarity=round(max(frac, sim), 3)))
    return Coverage(covered=sum(i.covered for i in items), total=len(items), items=items)
