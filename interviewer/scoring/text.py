"""Text primitives of the scorer: normalised words, sentences with their times, fuzzy phrase matching.

Cue strings in rubrics may list synonyms separated by ``|`` (``"late arriving|late events"``):
they count as one cue, e.g. one failure mode.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Sequence

from rapidfuzz import fuzz, process

from interviewer.scoring.questions import is_question, is_relative
from interviewer.scoring.tokens import _word_tokens, normalize  # noqa: F401 - re-exported: the scorer's text primitives
from interviewer.types import Word

SENTENCE_GAP_S = 0.8  # a pause this long ends a sentence even without punctuation
PHRASE_THRESHOLD = 80.0  # rapidfuzz ratio (0-100) for a phrase window to count as said
CUE_THRESHOLD = 88.0
QUESTION_WORDS = {
    "who", "what", "when", "where", "which", "why", "how", "is", "are", "do", "does", "did", "can",
    "could", "should", "would", "will", "shall", "may", "am", "was", "were", "have", "has",
}


# --- sentences -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    """A sentence (or, for a long run-on sentence, one clause of it) with its words and times."""

    words: tuple[Word, ...]
    index: int  # index of the first word in the transcript
    question: bool = False
    context: str = ""  # for a clause of a long sentence: the whole sentence (its meaning may span clauses)

    @property
    def start(self) -> float:
        return self.words[0].start

    @property
    def end(self) -> float:
        return self.words[-1].end

    @property
    def text(self) -> str:
        return " ".join(w.text.strip() for w in self.words)

    @cached_property
    def tokens(self) -> list[str]:
        return normalize(self.text)

    @property
    def is_question(self) -> bool:
        return self.question


LONG_SENTENCE_S = 5.0  # run-on sentences longer than this are split into clauses at commas
MIN_CLAUSE_WORDS = 6


def _clauses(words: list[Word], first: int) -> list[Sentence]:
    q = is_question(words)
    if words[-1].end - words[0].start <= LONG_SENTENCE_S:
        return [Sentence(tuple(words), first, q)]
    parts: list[list[Word]] = [[]]
    for w in words:
        parts[-1].append(w)
        if w.text.strip().endswith((",", ";", ":")) and len(parts[-1]) >= MIN_CLAUSE_WORDS:
            parts.append([])
    if not parts[-1]:
        parts.pop()
    if len(parts) > 1 and len(parts[-1]) < MIN_CLAUSE_WORDS:
        parts[-2].extend(parts.pop())
    parts = [piece for part in parts for piece in _split_run_on(part)]
    out, idx = [], first
    whole = " ".join(w.text.strip() for w in words) if len(parts) > 1 else ""
    for part in parts:
        out.append(Sentence(tuple(part), idx, (is_question(part) and not is_relative(part, idx == first)) if whole else q, whole))
        idx += len(part)
    return out


CLAUSE_OPENERS = {"and", "so", "but", "then", "because", "which", "while", "when", "if", "or", "now", "after",
                  "before", "once", "since", "unless", "otherwise", "every", "each", "we", "i", "our", "that's", "it's"}
MAX_CLAUSE_S = 8.0  # a stretch with no punctuation longer than this is cut where a new clause most likely opens


def _split_run_on(words: list[Word]) -> list[list[Word]]:
    """A run-on with no punctuation to cut at (Whisper often leaves a fast speaker's sentences
    unpunctuated: "…without any reader noticing every event is written in Avro and…"), cut where a
    clause most likely opens: at the longest pause, before a word that opens clauses, near the middle;
    each piece at least ``MIN_CLAUSE_WORDS`` words, recursively until none is longer than ``MAX_CLAUSE_S``."""
    n = len(words)
    if words[-1].end - words[0].start <= MAX_CLAUSE_S or n < 2 * MIN_CLAUSE_WORDS:
        return [words]

    def score(j: int) -> float:
        gap = words[j].start - words[j - 1].end
        opener = normalize(words[j].text)[:1] in ([w] for w in CLAUSE_OPENERS)
        capital = words[j].text.strip()[:1].isupper() and normalize(words[j].text)[:1] in ([w] for w in SENTENCE_OPENERS)
        middle = 1.0 - abs(j - n / 2) / n
        return 4.0 * min(gap, 0.5) + 1.0 * opener + 1.5 * capital + 0.5 * middle

    j = max(range(MIN_CLAUSE_WORDS, n - MIN_CLAUSE_WORDS + 1), key=lambda j: (score(j), -j))
    return _split_run_on(words[:j]) + _split_run_on(words[j:])


def sentences(words: Sequence[Word], gap_s: float = SENTENCE_GAP_S) -> list[Sentence]:
    """Words grouped into sentences: at . ? ! or at a pause of ``gap_s``; long run-ons split at commas."""
    groups: list[tuple[list[Word], int]] = []
    cur: list[Word] = []
    first = 0
    for i, w in enumerate(words):
        if cur and (w.start - cur[-1].end >= gap_s):
            groups.append((cur, first))
            cur = []
        if not cur:
            first = i
        cur.append(w)
        if re.search(r"[.?!]['\"]?$", w.text.strip()) and not re.search(r"\b(?:e\.g|i\.e|vs|etc|mr|dr)\.$", w.text.strip().lower()):
            groups.append((cur, first))
            cur = []
    if cur:
        groups.append((cur, first))
    return [c for g, f in groups for piece, at in _at_capitals(g, f) for c in _clauses(piece, at)]


# Words that are capitalised only when they open a sentence: a capital one with no full stop before it is a
# sentence the model forgot to close ("… the load of stuck The finance team reads …"). Names ("Kafka") are not here.
SENTENCE_OPENERS = {"the", "my", "our", "so", "and", "but", "then", "we", "it", "that", "this", "there", "back", "when",
                    "if", "every", "each", "a", "an", "after", "before", "since", "once", "now", "they", "she", "he",
                    "what", "how", "who", "why", "anyway", "also", "finally", "first", "next", "later", "in", "at", "on"}
MIN_PIECE_WORDS = 3


def _opens_sentence(text: str) -> bool:
    """A whole word that only opens sentences, capitalised and not all capitals ("The", not "A/B" nor "IT")."""
    w = text.strip().strip(",.;:!?\"'")
    return w[:1].isupper() and not (w.isupper() and len(w) > 1) and w.lower() in SENTENCE_OPENERS and w != "A"


def _at_capitals(words: list[Word], first: int) -> list[tuple[list[Word], int]]:
    """``words`` cut before every word that only opens sentences and is written with a capital, pieces of at
    least ``MIN_PIECE_WORDS`` words."""
    cuts = [j for j in range(MIN_PIECE_WORDS, len(words) - MIN_PIECE_WORDS + 1)
            if _opens_sentence(words[j].text) and not re.search(r"[,;:.?!]$", words[j - 1].text.strip())]
    out, start = [], 0
    for j in cuts:
        if j - start >= MIN_PIECE_WORDS:
            out.append((words[start:j], first + start))
            start = j
    out.append((words[start:], first + start))
    return out


# --- fuzzy phrase matching ---------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    phrase: str
    similarity: float
    first: int  # token index range in the searched token list, inclusive-exclusive
    last: int


def _alternatives(cue: str) -> list[str]:
    return list(_alternatives_of(cue))


@lru_cache(maxsize=4096)
def _alternatives_of(cue: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in cue.split("|") if a.strip())


@lru_cache(maxsize=4096)
def _target(phrase: str) -> tuple[str, int]:
    """A phrase as matched: its normalised words joined, and how many words."""
    t = normalize(phrase)
    return " ".join(t), len(t)


@lru_cache(maxsize=4096)
def _target_words(phrase: str) -> frozenset[str]:
    return frozenset(normalize(phrase))


@lru_cache(maxsize=8192)
def _windows(tokens: tuple[str, ...], size: int) -> tuple[str, ...]:
    """Every run of ``size`` consecutive tokens, joined, in order."""
    return tuple(" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def find_phrase(tokens: Sequence[str], phrases: Sequence[str], threshold: float = PHRASE_THRESHOLD) -> Match | None:
    """The best window of ``tokens`` matching any of ``phrases`` (whole words, fuzzy), or None.

    Windows of n-1..n+1 tokens are compared with rapidfuzz's ratio on the joined words, so an ASR
    slip ("the grain of this factor is") or one word more or less still matches, while a short
    cue never matches inside a longer word. Ties go to the earlier phrase, the shorter window, the
    earlier position.
    """
    toks = tuple(tokens)
    heard = frozenset(toks)
    best: Match | None = None
    for phrase in phrases:
        joined, n = _target(phrase)
        if not n:
            continue
        if n > 1 and heard.isdisjoint(_target_words(phrase)):
            continue  # a phrase none of whose words was said is not there (and checking windows is the scorer's hot loop)
        if n == 1:  # one word matches exactly, or split in two by the model ("check point"): fuzzy 'tricky' is 'trick'
            hit = _one_word(toks, joined)
            if hit is not None and best is None:
                best = Match(phrase, 100.0, hit[0], hit[1])
            continue
        thr = 100.0 if len(joined) <= 5 else threshold  # a short phrase must match exactly: fuzzy 'late' would match 'rate'
        for size in sorted({max(1, n - 1), n, n + 1}):
            if size > len(toks):
                continue
            hit = process.extractOne(joined, _windows(toks, size), scorer=fuzz.ratio, score_cutoff=thr)
            if hit is not None and hit[1] < 100.0 and n <= 2 and not _keeps_longest(joined, toks[hit[2] : hit[2] + size]):
                continue
            if hit is not None and (best is None or hit[1] > best.similarity + 1e-9):
                best = Match(phrase, hit[1], hit[2], hit[2] + size)
    return best


KEPT_WORD = 70.0  # a fuzzy window keeps a two-word phrase's longest word this alike: "in a cte" is not "the catch"


def _keeps_longest(joined: str, window: Sequence[str]) -> bool:
    """A phrase of two words is one word and its article: a window alike in letters ("in a cte" for "the catch") must
    keep that word, bent by an ASR slip at most. A longer phrase's other words vouch for it ("the rate of this stack
    is" is the model's "the grain of this fact is")."""
    longest = max(joined.split(), key=len)
    return any(fuzz.ratio(longest, t) >= KEPT_WORD for t in window)


def _one_word(toks: tuple[str, ...], word: str) -> tuple[int, int] | None:
    if word in toks:
        j = toks.index(word)
        return j, j + 1
    j = next((j for j in range(len(toks) - 1) if toks[j] + toks[j + 1] == word), None)
    return None if j is None else (j, j + 2)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light English stem, the same on both sides of a match: "retrying", "retries", "retried" and "retry"
    are one word, as are "arriving" and "arrive" (words of four letters or fewer are left alone)."""
    if len(word) <= 4 or "'" in word:
        return word
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ying", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not (suffix == "s" and word.endswith("ss")):
            word = word[: len(word) - len(suffix)] + repl
            break
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


@lru_cache(maxsize=8192)
def _stems(tokens: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(stem(t) for t in tokens)


@lru_cache(maxsize=4096)
def _stemmed_alternatives(cue: str) -> tuple[tuple[str, ...], dict[str, str]]:
    """A cue's alternatives as stems, and each stemmed alternative's original wording."""
    out: dict[str, str] = {}
    for a in _alternatives_of(cue):
        out.setdefault(" ".join(stem(t) for t in normalize(a)), a)
    return tuple(out), out


def count_cues(tokens: Sequence[str], cues: Sequence[str], threshold: float = CUE_THRESHOLD) -> list[Match]:
    """Every cue (a ``|``-separated synonym group counts once) heard in ``tokens``, word endings aside
    ("a retrying server" says the cue "retries"). Each match names the cue's wording as the rubric has it."""
    stems = _stems(tuple(tokens))
    hits: list[Match] = []
    for cue in cues:
        alts, original = _stemmed_alternatives(cue)
        m = find_phrase(stems, alts, threshold)
        if m is not None:
            hits.append(Match(original[m.phrase], m.similarity, m.first, m.last))
    return hits
