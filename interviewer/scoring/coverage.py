"""Coverage of the prompt's key points: what a model answer would have said, heard in the answer."""

from __future__ import annotations

from bisect import bisect_left
from typing import Mapping, Sequence

import numpy as np
from rapidfuzz import fuzz, process

from interviewer.bank.rubrics import REASON_MARKERS
from interviewer.scoring.claims import is_list
from interviewer.scoring.meaning import Embedder, similarity_matrix
from interviewer.scoring import policy
from interviewer.scoring.policy import ramp
from interviewer.scoring.text import Sentence, normalize
from interviewer.types import Coverage, KeyPointHit

_STOP = {
    "a", "an", "the", "of", "on", "in", "to", "for", "and", "or", "by", "with", "is", "are", "be", "it",
    "this", "that", "as", "at", "per", "its", "from", "into", "vs", "versus", "not", "no", "so", "we", "i",
    # the verbs of a key point's wording, not its content
    "ask", "asks", "whether", "means", "mean", "state", "states", "define", "handled", "handle", "through",
    "kept", "keep", "using", "use", "via", "when", "how", "what", "which", "there", "their", "them",
}


def _heard_words(content: Sequence[str], vocab: set[str]) -> dict[str, frozenset[str]]:
    """For each key-point word, every word of the answer that counts as it: the same word, a shared stem
    of 4 letters or more ("token"/"tokenized"), or for a word over 4 letters a rapidfuzz ratio of 85 or
    more. Computed once per answer, the ratios in one rapidfuzz matrix."""
    content = list(dict.fromkeys(content))
    words = sorted(vocab)
    if not content or not words:
        return {c: frozenset() for c in content}
    fuzzy = process.cdist(content, words, scorer=fuzz.ratio, score_cutoff=85, dtype=np.uint8, workers=1) >= 85
    out: dict[str, frozenset[str]] = {}
    for i, c in enumerate(content):
        hits = {words[j] for j in np.flatnonzero(fuzzy[i])} if len(c) > 4 else set()
        if c in vocab:
            hits.add(c)
        if len(c) >= 4:
            hits.update(words[bisect_left(words, c) : bisect_left(words, c + "\uffff")])  # words that start with c
            hits.update(c[:k] for k in range(4, len(c)) if c[:k] in vocab)  # words c starts with
        out[c] = frozenset(hits)
    return out


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


def _lexical_best(content: list[str], windows: list[tuple[float, set[str], str]],
                  heard: dict[str, frozenset[str]]) -> tuple[float, float | None, str | None]:
    best: tuple[float, float | None, str | None] = (0.0, None, None)
    for at, toks, text in windows:
        frac = sum(not heard[c].isdisjoint(toks) for c in content) / len(content)
        if frac > best[0]:
            best = (frac, at, text)
    return best


NEAREST_FLOOR = 0.35  # ... or a sentence is nearer the point than any neighbouring question's, and at least this near


def _meaning_best(points: Sequence[str], sents: list[Sentence], embedder: Embedder | None,
                  contrast: Sequence[str] = (), examples: Mapping[str, Sequence[str]] | None = None
                  ) -> list[tuple[float, float, int]]:
    """For each key point: its best cosine to a single sentence (or two), the credit (0-1) meaning earns it, and
    the sentence that earns it. A piece earns by being close (:data:`MEANING_SIMILARITY`), or by being nearer this
    point than any other point of the prompt or of the neighbouring questions (``contrast``) while at least
    :data:`NEAREST_FLOOR` near: the answer says *this* point, in whatever words. Each line is a ramp
    (:data:`~interviewer.scoring.policy.RAMPS`): half the credit on the line, a tie with another point half. A
    point with ``examples`` is as near a piece as the nearest of its wording and its examples."""
    if embedder is None or not sents:
        return [(0.0, 0.0, -1)] * len(points)
    texts = [s.text for s in sents]
    others = [c for c in contrast if c not in points]
    groups = [[p, *((examples or {}).get(p, ()))] for p in points] + [[o] for o in others]
    uniq = list(dict.fromkeys([*(t for g in groups for t in g), *texts]))
    vecs = embedder.embed(uniq)
    index = {t: i for i, t in enumerate(uniq)}
    a = vecs[[index[t] for t in texts]]
    # a point may take two sentences to make: the pair's meaning as the mean of theirs (no second model run)
    pairs = a[:-1] + a[1:]
    norms = np.linalg.norm(pairs, axis=1, keepdims=True)
    pairs = np.divide(pairs, norms, out=np.zeros_like(pairs), where=norms > 0)
    pieces = np.concatenate([a, pairs]).T
    sims = np.stack([(vecs[[index[t] for t in g]] @ pieces).max(axis=0) for g in groups]).astype(np.float64)  # [point, piece]
    out = []
    for j, row in enumerate(sims[: len(points)]):
        credit = ramp(row, MEANING_SIMILARITY, policy.RAMPS.meaning)
        if others:  # nearer this point than any other, and near enough
            rival = np.delete(sims, j, axis=0).max(axis=0)
            credit = np.maximum(credit, ramp(row - rival, 0.0, policy.RAMPS.nearest) * ramp(row, NEAREST_FLOOR, policy.RAMPS.meaning))
        at = int(np.lexsort((row, credit))[-1])  # the piece that earns the most, the nearest of those
        out.append((float(row.max()), float(credit[at]), at % len(sents)))
    return out


def find_key_points(sents: list[Sentence], key_points: Sequence[str], embedder: Embedder | None = None,
                    reasons: Sequence[str] = REASON_MARKERS, contrast: Sequence[str] = (),
                    examples: Mapping[str, Sequence[str]] | None = None) -> Coverage | None:
    """A key point counts as covered when one or two consecutive sentences hold 60% of its content
    words, or (with an embedder) when a sentence means it: close to it, or nearer to it than to any point of a
    neighbouring question (``contrast``); by meaning near a line, it earns part of its credit (made partly).
    A list of terms covers nothing: a point named in one is not made."""
    if not key_points:
        return None
    sents = [s for s in sents if not is_list(s.context or s.text, reasons)]
    windows = _windows(sents)
    points = [p for p in key_points if any(t not in _STOP for t in normalize(p))]
    meant = _meaning_best(points, sents, embedder, contrast, examples)
    contents = [[t for t in normalize(p) if t not in _STOP] for p in points]
    heard = _heard_words([c for cs in contents for c in cs], set().union(*(w[1] for w in windows)) if windows else set())
    items: list[KeyPointHit] = []
    for point, content, (sim, by_meaning, at_sent) in zip(points, contents, meant):
        frac, at, text = _lexical_best(content, windows, heard)
        credit = 1.0 if frac >= LEXICAL_SHARE else round(by_meaning, 2)
        if frac < LEXICAL_SHARE:
            at, text = (sents[at_sent].start, sents[at_sent].text) if credit > 0 else (None, None)
        items.append(KeyPointHit(point=point, covered=credit >= 1.0, at=round(at, 2) if at is not None else None,
                                 heard=text, similarity=round(max(frac, sim), 3), credit=credit,
                                 example=next(iter((examples or {}).get(point, ())), None)))
    return Coverage(covered=sum(i.covered for i in items), total=len(items), items=items)
