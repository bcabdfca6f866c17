"""The scoring core: a :class:`~interviewer.types.Transcript` and a rubric in, a :class:`Report` out.

Pure: no I/O, no clock, no randomness. Small functions, one per thing a senior interviewer listens
for, so each can be tested on hand-made transcripts:

* :func:`sentences`   — words grouped into sentences (punctuation, or a pause of 0.8 s or more);
* :func:`segment`     — an order-aware segmentation of the sentences into ordered parts (the four
  beats, or the four STAR parts), by dynamic programming: each part may be absent, parts never
  come back once left, and switching part costs evidence, so a part needs real cues to exist;
* :func:`find_phrase` — a phrase (or a paraphrase) matched on normalised words with rapidfuzz,
  robust to ASR errors, with the time it was said;
* :func:`find_silences`, :func:`find_fillers`, :func:`pace` — delivery.

Cue strings in rubrics may list synonyms separated by ``|`` (``"late arriving|late events"``):
they count as one cue, e.g. one failure mode.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from rapidfuzz import fuzz

from interviewer.rubric import BeatSpec, Rubric, StarPartSpec
from interviewer.types import (
    BeatResult,
    ClarifyingQuestion,
    Coverage,
    FailureModes,
    HESITATIONS,
    FillerHit,
    Fillers,
    KeyPointHit,
    PacePoint,
    PhraseResult,
    Report,
    Silence,
    StarPart,
    Transcript,
    Word,
)

SENTENCE_GAP_S = 0.8  # a pause this long ends a sentence even without punctuation
PHRASE_THRESHOLD = 80.0  # rapidfuzz ratio (0-100) for a phrase window to count as said
CUE_THRESHOLD = 88.0
SWITCH_COST = 0.9  # evidence a new part must bring to be opened
QUESTION_WORDS = {
    "who", "what", "when", "where", "which", "why", "how", "is", "are", "do", "does", "did", "can",
    "could", "should", "would", "will", "shall", "may", "am", "was", "were", "have", "has",
}
NUMBER_WORDS = {
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
    "thousand", "million", "billion", "half", "double", "twice", "triple", "percent", "x",
}
METRIC_UNITS = {
    "percent", "percentage", "seconds", "minutes", "minute", "hours", "hour", "days", "day", "weeks",
    "week", "months", "month", "dollars", "rows", "times", "x", "ms", "milliseconds", "gigabytes", "terabytes",
}


# --- text normalisation ----------------------------------------------------------------------

_TOKEN = re.compile(r"[a-z0-9%]+(?:'[a-z]+)?")


def normalize(text: str) -> list[str]:
    """Lower-case words without punctuation; 'trade-off'/'tradeoff' -> 'trade off', '40%' -> '40 percent'."""
    t = text.lower().replace("-", " ").replace("_", " ")
    t = re.sub(r"\btradeoffs?\b", lambda m: "trade offs" if m.group(0).endswith("s") else "trade off", t)
    t = t.replace("%", " percent")
    t = t.replace("\u2019", "'")
    return _TOKEN.findall(t)


def _word_tokens(words: Sequence[Word]) -> tuple[list[str], list[int]]:
    """Normalised tokens of a word list and, for each token, the index of the word it came from."""
    toks: list[str] = []
    owner: list[int] = []
    for i, w in enumerate(words):
        for t in normalize(w.text):
            toks.append(t)
            owner.append(i)
    return toks, owner


# --- sentences -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    """A sentence (or, for a long run-on sentence, one clause of it) with its words and times."""

    words: tuple[Word, ...]
    index: int  # index of the first word in the transcript
    question: bool = False

    @property
    def start(self) -> float:
        return self.words[0].start

    @property
    def end(self) -> float:
        return self.words[-1].end

    @property
    def text(self) -> str:
        return " ".join(w.text.strip() for w in self.words)

    @property
    def tokens(self) -> list[str]:
        return normalize(self.text)

    @property
    def is_question(self) -> bool:
        return self.question


def _is_question(words: Sequence[Word]) -> bool:
    raw = " ".join(w.text.strip() for w in words).rstrip()
    if raw.endswith("?"):
        return True
    toks = normalize(raw)
    # "So who reads this" — a question word leading the sentence, spoken flat and left unpunctuated.
    lead = [t for t in toks[:3] if t not in {"so", "and", "but", "then", "okay", "ok", "um", "uh", "first", "also"}]
    return bool(lead) and lead[0] in {"who", "what", "when", "where", "which", "why", "how"} and not raw.endswith(".")


LONG_SENTENCE_S = 5.0  # run-on sentences longer than this are split into clauses at commas
MIN_CLAUSE_WORDS = 6


def _clauses(words: list[Word], first: int) -> list[Sentence]:
    q = _is_question(words)
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
    out, idx = [], first
    for part in parts:
        out.append(Sentence(tuple(part), idx, q))
        idx += len(part)
    return out


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
    return [c for g, f in groups for c in _clauses(g, f)]


# --- fuzzy phrase matching ---------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    phrase: str
    similarity: float
    first: int  # token index range in the searched token list, inclusive-exclusive
    last: int


def _alternatives(cue: str) -> list[str]:
    return [a.strip() for a in cue.split("|") if a.strip()]


def find_phrase(tokens: Sequence[str], phrases: Sequence[str], threshold: float = PHRASE_THRESHOLD) -> Match | None:
    """The best window of ``tokens`` matching any of ``phrases`` (whole words, fuzzy), or None.

    Windows of n-1..n+1 tokens are compared with rapidfuzz's ratio on the joined words, so an ASR
    slip ("the grain of this factor is") or one word more or less still matches, while a short
    cue never matches inside a longer word.
    """
    best: Match | None = None
    for phrase in phrases:
        target = normalize(phrase)
        if not target:
            continue
        joined = " ".join(target)
        n = len(target)
        # short single words must match exactly: fuzzy 'late' would match 'rate'
        thr = 100.0 if len(joined) <= 5 else threshold
        for size in sorted({max(1, n - 1), n, n + 1}):
            if size > len(tokens):
                continue
            for i in range(len(tokens) - size + 1):
                window = tokens[i : i + size]
                if size == 1 and n == 1:
                    sim = 100.0 if window[0] == joined else fuzz.ratio(window[0], joined)
                else:
                    sim = fuzz.ratio(" ".join(window), joined)
                if sim >= thr and (best is None or sim > best.similarity + 1e-9):
                    best = Match(phrase, sim, i, i + size)
    return best


def count_cues(tokens: Sequence[str], cues: Sequence[str], threshold: float = CUE_THRESHOLD) -> list[Match]:
    """Every cue (a ``|``-separated synonym group counts once) heard in ``tokens``."""
    hits: list[Match] = []
    for cue in cues:
        m = find_phrase(tokens, _alternatives(cue), threshold)
        if m is not None:
            hits.append(m)
    return hits


# --- ordered segmentation ----------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    part: int  # index into the ordered part list
    sentences: tuple[Sentence, ...]
    evidence: float

    @property
    def start(self) -> float:
        return self.sentences[0].start

    @property
    def end(self) -> float:
        return self.sentences[-1].end


def segment(evidence: Sequence[Sequence[float]], n_parts: int, switch_cost: float = SWITCH_COST) -> list[int]:
    """Label each sentence with a part index, non-decreasing, maximising evidence minus switch costs.

    ``evidence[s][k]`` is how much sentence ``s`` sounds like part ``k``. Opening a part costs
    ``switch_cost`` (the first part too), so a part with no cues is skipped, and sentences without
    cues stay with the part being spoken. Returns one label per sentence.
    """
    n = len(evidence)
    if n == 0:
        return []
    # ties go to the earlier part: a sentence without cues stays with the part being spoken
    evidence = [[e - 1e-3 * k for k, e in enumerate(row)] for row in evidence]
    neg = float("-inf")
    best = [[neg] * n_parts for _ in range(n)]
    back = [[-1] * n_parts for _ in range(n)]
    for k in range(n_parts):
        best[0][k] = evidence[0][k] - switch_cost
    for s in range(1, n):
        running, arg = neg, -1
        for k in range(n_parts):
            # stay in k, or come from the best earlier part (strictly before k) and open k
            if k > 0 and best[s - 1][k - 1] > running:
                running, arg = best[s - 1][k - 1], k - 1
            stay = best[s - 1][k]
            come = running - switch_cost if arg >= 0 else neg
            if stay >= come:
                best[s][k], back[s][k] = stay + evidence[s][k], k
            else:
                best[s][k], back[s][k] = come + evidence[s][k], arg
    k = max(range(n_parts), key=lambda j: best[n - 1][j])
    labels = [0] * n
    for s in range(n - 1, -1, -1):
        labels[s] = k
        k = back[s][k] if s > 0 else k
    return labels


def _segments(sents: list[Sentence], labels: list[int], evidence: Sequence[Sequence[float]]) -> dict[int, Segment]:
    out: dict[int, Segment] = {}
    for s, k in zip(sents, labels):
        idx = sents.index(s)
        if k in out:
            seg = out[k]
            out[k] = Segment(k, seg.sentences + (s,), seg.evidence + evidence[idx][k])
        else:
            out[k] = Segment(k, (s,), evidence[idx][k])
    return out


# --- the four beats ----------------------------------------------------------------------------


def _beat_evidence(sents: list[Sentence], beats: Sequence[BeatSpec], rubric: Rubric) -> tuple[list[list[float]], list[list[list[str]]]]:
    phrase_boost = {"grain": "frame", "breaks": "stress", "tradeoff": "build"}
    phrase_texts = {p.id: [p.text, *p.paraphrases] for p in rubric.phrases}
    ev: list[list[float]] = []
    why: list[list[list[str]]] = []
    for s in sents:
        toks = s.tokens
        row, reasons = [], []
        for b in beats:
            hits = count_cues(toks, b.cues)
            e = min(3.0, float(len(hits)))
            r = [h.phrase for h in hits]
            for pid, beat in phrase_boost.items():
                if beat == b.name and pid in phrase_texts and find_phrase(toks, phrase_texts[pid]):
                    e += 1.5
                    r.append(pid)
            if b.name == "clarify" and s.is_question:
                e += 1.5
                r.append("question")
            if b.name != "clarify" and s.is_question:
                e -= 0.5  # a beat after clarify rarely asks
            row.append(e)
            reasons.append(r)
        ev.append(row)
        why.append(reasons)
    return ev, why


CONTINUATION_WORDS = {"and", "or", "plus", "also"}
CONTINUATION_GAP_S = 1.0


def _join_continuations(qs: list[Sentence]) -> list[ClarifyingQuestion]:
    """One question per thing asked: "...last quarter? And what did the team learn?" is a single
    two-part question, however Whisper punctuated it."""
    out: list[ClarifyingQuestion] = []
    prev: Sentence | None = None
    for s in qs:
        toks = s.tokens
        if (out and prev is not None and toks and toks[0] in CONTINUATION_WORDS
                and s.start - prev.end <= CONTINUATION_GAP_S):
            out[-1] = ClarifyingQuestion(text=f"{out[-1].text} {s.text}", at=out[-1].at)
        else:
            out.append(ClarifyingQuestion(text=s.text, at=round(s.start, 2)))
        prev = s
    return out


def find_beats(sents: list[Sentence], rubric: Rubric) -> tuple[list[BeatResult], list[ClarifyingQuestion]]:
    beats = list(rubric.beats)
    if not beats:
        return [], []
    ev, why = _beat_evidence(sents, beats, rubric)
    labels = segment(ev, len(beats))
    segs = _segments(sents, labels, ev)
    results: list[BeatResult] = []
    questions: list[ClarifyingQuestion] = []
    for k, spec in enumerate(beats):
        target = (spec.min_s + spec.max_s) / 2 if spec.max_s else spec.min_s
        seg = segs.get(k)
        evidence = sorted({r for s in (seg.sentences if seg else ()) for r in why[sents.index(s)][k]})
        present = seg is not None and seg.evidence >= 1.0
        if spec.name == "clarify" and seg is not None:
            qs = [s for s in seg.sentences if s.is_question]
            questions = _join_continuations(qs)
            present = bool(qs) or seg.evidence >= 2.0
        if present and seg is not None:
            results.append(BeatResult(name=spec.name, present=True, start=round(seg.start, 2), end=round(seg.end, 2),
                                      duration_s=round(seg.end - seg.start, 2), target_s=target, evidence=evidence[:8]))
        else:
            results.append(BeatResult(name=spec.name, present=False, target_s=target))
    return results, questions


# --- phrases, failure modes, key points ----------------------------------------------------------


def find_phrases(words: Sequence[Word], rubric: Rubric) -> list[PhraseResult]:
    toks, owner = _word_tokens(words)
    out = []
    for p in rubric.phrases:
        m = find_phrase(toks, [p.text, *p.paraphrases])
        if m is None:
            out.append(PhraseResult(id=p.id, text=p.text, found=False))
        else:
            out.append(PhraseResult(id=p.id, text=p.text, found=True, at=round(words[owner[m.first]].start, 2),
                                    heard=" ".join(toks[m.first : m.last]), similarity=round(m.similarity / 100, 3)))
    return out


def find_failure_modes(words: Sequence[Word], rubric: Rubric) -> FailureModes | None:
    spec = rubric.failure_modes
    if spec is None:
        return None
    toks, _ = _word_tokens(words)
    hits = count_cues(toks, spec.cues)
    items = [" ".join(toks[h.first : h.last]) for h in sorted(hits, key=lambda h: h.first)]
    return FailureModes(volunteered=len(hits), target=spec.min_volunteered, items=items)


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


# --- STAR --------------------------------------------------------------------------------------


def has_metric(text: str) -> bool:
    toks = normalize(text)
    if any(re.search(r"\d", t) for t in toks):
        return True
    for a, b in zip(toks, toks[1:] + [""]):
        if a in NUMBER_WORDS and (b in METRIC_UNITS or a == "percent"):
            return True
    return "percent" in toks


def verdict(duration: float, target: float, tolerance: float) -> str:
    """ok within target x (1 +/- tolerance); below is short, above is long."""
    if duration < target * (1 - tolerance):
        return "short"
    if duration > target * (1 + tolerance):
        return "long"
    return "ok"


def find_star(sents: list[Sentence], rubric: Rubric) -> tuple[list[StarPart], float | None]:
    spec = rubric.star
    if spec is None:
        return [], None
    parts: list[StarPartSpec] = list(spec.parts)
    ev: list[list[float]] = []
    for idx, s in enumerate(sents):
        toks = s.tokens
        row = []
        for p in parts:
            e = min(3.0, float(len(count_cues(toks, p.cues))))
            if p.name == "result" and has_metric(s.text) and idx >= len(sents) // 2:
                e += 1.0
            if p.name == "action" and toks[:1] == ["i"]:
                e += 0.3
            row.append(e)
        ev.append(row)
    labels = segment(ev, len(parts), switch_cost=0.6)
    segs = _segments(sents, labels, ev)
    out: list[StarPart] = []
    spans: list[tuple[float, float]] = []
    present_idx = [k for k in range(len(parts)) if k in segs and segs[k].evidence >= 0.9]
    for k, p in enumerate(parts):
        seg = segs.get(k)
        if k not in present_idx or seg is None:
            out.append(StarPart(name=p.name, present=False, target_s=p.target_s, verdict="missing"))
            continue
        # a part lasts until the next present part begins (its trailing pause is still that part)
        later = [segs[j].start for j in present_idx if j > k]
        end = later[0] if later else seg.end
        dur = end - seg.start
        spans.append((seg.start, end))
        metric = has_metric(" ".join(s.text for s in seg.sentences)) if p.name == "result" else False
        out.append(StarPart(name=p.name, present=True, start=round(seg.start, 2), end=round(end, 2), duration_s=round(dur, 2),
                            target_s=p.target_s, verdict=verdict(dur, p.target_s, spec.tolerance), has_metric=metric))
    total = round(spans[-1][1] - spans[0][0], 2) if spans else None
    return out, total


# --- delivery ----------------------------------------------------------------------------------


def find_silences(transcript: Transcript, min_gap_s: float) -> list[Silence]:
    """Gaps of ``min_gap_s`` or more between words, narrowed to where the VAD also hears no speech.

    Leading silence (before the first word) is thinking time and trailing silence is the end of the
    answer; neither is reported here. Without VAD regions the word gaps are used as they are.
    """
    words = transcript.words
    out: list[Silence] = []
    speech = sorted(transcript.speech, key=lambda s: s.start)
    for a, b in zip(words, words[1:]):
        g0, g1 = a.end, b.start
        if g1 - g0 < min_gap_s * 0.5:
            continue
        if speech:
            # VAD non-speech parts of the widened gap (word edges from Whisper can be off by ~0.5 s)
            lo, hi = a.start, b.end
            cuts: list[tuple[float, float]] = []
            cursor = lo
            for sp in speech:
                if sp.end <= cursor or sp.start >= hi:
                    continue
                if sp.start > cursor:
                    cuts.append((cursor, sp.start))
                cursor = max(cursor, sp.end)
            if cursor < hi:
                cuts.append((cursor, hi))
            if not cuts:
                continue
            s0, s1 = max(cuts, key=lambda c: c[1] - c[0])
            # VAD regions are padded by 0.1 s on each side
            s0, s1 = s0 - 0.1 if s0 > lo else s0, s1 + 0.1 if s1 < hi else s1
        else:
            s0, s1 = g0, g1
        if s1 - s0 >= min_gap_s:
            out.append(Silence(start=round(s0, 2), end=round(s1, 2), duration_s=round(s1 - s0, 2)))
    return out


def thinking_time(transcript: Transcript) -> float:
    if not transcript.words:
        return 0.0
    first = transcript.words[0].start
    if transcript.speech:
        first = min(first, max(0.0, transcript.speech[0].start + 0.1))
    return round(max(0.0, first), 2)


_NOT_FILLER_LIKE = {"would", "look", "looks", "looked", "feel", "feels", "felt", "seem", "seems", "sound", "sounds", "something", "things", "just", "don't", "didn't", "i", "we", "you", "they", "more"}
_LITERAL_BEFORE = {"you know": {"do", "did", "does", "if", "would", "let", "don't", "didn't", "doesn't", "what", "you", "we", "they"},
                   "i mean": {"what", "which", "do", "did", "don't", "if", "that"}}
_LITERAL_AFTER = {"you know": {"what", "how", "why", "where", "who", "whether", "that", "him", "her", "them", "it"}}
_BREAK = tuple(",.?!;:")


def _filler_kind(tokens: list[str]) -> str:
    return "filled_pause" if len(tokens) == 1 and tokens[0] in HESITATIONS else "lexical"


def find_fillers(words: Sequence[Word], filler_words: Sequence[str]) -> list[FillerHit]:
    """Fillers: hesitation sounds (um, uh, er, hm, mm, however Whisper spells them) and the rubric's
    lexical fillers only where used as fillers.

    A one-word lexical filler ("like", "actually", "basically") counts only when set off from the
    sentence — at its start or after a comma, and followed by a comma or the end of the sentence
    ("the grain is, like, one row"; not "I'd like to", "what actually happened"). "you know" and
    "i mean" do not count after a word that makes them literal ("do you know", "what I mean").
    """
    toks, owner = _word_tokens(words)
    toks = [HESITATIONS.get(t, t) for t in toks]
    targets = [[HESITATIONS.get(t, t) for t in normalize(f)] for f in filler_words]
    hits: list[FillerHit] = []
    i = 0
    while i < len(toks):
        matched = None
        for t in targets:
            if t and toks[i : i + len(t)] == t:
                matched = t
                break
        if matched is None:
            i += 1
            continue
        phrase = " ".join(matched)
        kind = _filler_kind(matched)
        prev = toks[i - 1] if i > 0 else ""
        nxt = toks[i + len(matched)] if i + len(matched) < len(toks) else ""
        literal = False
        if kind == "lexical" and len(matched) == 1:
            w = words[owner[i]]
            before = words[owner[i] - 1] if owner[i] > 0 else None
            set_before = before is None or before.text.rstrip().endswith(_BREAK)
            set_after = w.text.rstrip().endswith(_BREAK) or nxt == ""
            literal = not (set_before and set_after) or (matched == ["like"] and prev in _NOT_FILLER_LIKE)
        elif kind == "lexical":
            set_after = words[owner[i + len(matched) - 1]].text.rstrip().endswith(_BREAK)
            literal = prev in _LITERAL_BEFORE.get(phrase, ()) or (nxt in _LITERAL_AFTER.get(phrase, ()) and not set_after)
        elif hits and hits[-1].kind == "filled_pause" and i > 0 and owner[i - 1] == owner[i]:
            literal = True  # "mm-hmm" is one hesitation
        if literal:
            i += 1
            continue
        hits.append(FillerHit(text=phrase, at=round(words[owner[i]].start, 2), kind=kind))
        i += len(matched)
    return hits


def pace(words: Sequence[Word], window_s: float) -> tuple[float, list[PacePoint]]:
    if not words:
        return 0.0, []
    t0, t1 = words[0].start, words[-1].end
    speaking = max(t1 - t0, 1e-6)
    wpm = len(words) / speaking * 60
    points: list[PacePoint] = []
    start = t0
    while start < t1:
        end = min(start + window_s, t1)
        if end - start >= min(10.0, window_s / 2) or not points:
            n = sum(1 for w in words if start <= w.start < end)
            points.append(PacePoint(start=round(start, 2), end=round(end, 2), words_per_minute=round(n / max(end - start, 1e-6) * 60, 1)))
        start = end
    return round(wpm, 1), points


# --- scoring and feedback ------------------------------------------------------------------------


def _clock(t: float) -> str:
    m, s = divmod(int(round(t)), 60)
    return f"{m}:{s:02d}"


@dataclass
class _Notes:
    items: list[tuple[int, str]] = field(default_factory=list)

    def add(self, priority: int, text: str) -> None:
        self.items.append((priority, text))

    def top(self, n: int = 5) -> list[str]:
        return [t for _, t in sorted(self.items, key=lambda pt: pt[0])[:n]]


def score(transcript: Transcript, rubric: Rubric, *, prompt_id: str | None = None, key_points: Sequence[str] | None = None) -> Report:
    words = list(transcript.words)
    sents = sentences(words)
    beats, questions = find_beats(sents, rubric)
    phrases = find_phrases(words, rubric)
    failures = find_failure_modes(words, rubric)
    coverage = find_key_points(sents, list(key_points or []))
    star, star_total = find_star(sents, rubric)
    silences = find_silences(transcript, rubric.silence.min_gap_s)
    think = thinking_time(transcript)
    filler_hits = find_fillers(words, rubric.fillers.words)
    wpm, pace_points = pace(words, rubric.pace.window_s)
    minutes = max((words[-1].end - words[0].start) / 60, 1 / 60) if words else 1.0
    fillers = Fillers(count=len(filler_hits), per_minute=round(len(filler_hits) / minutes, 2), items=filler_hits)

    notes = _Notes()
    sub: dict[str, float] = {}

    if rubric.beats:
        vals = []
        for b, spec in zip(beats, rubric.beats):
            if not b.present:
                vals.append(0.0)
                advice = spec.advice or f"The {b.name} beat was missing. {spec.description}"
                notes.add(10 + ["clarify", "frame", "build", "stress"].index(b.name), advice)
                continue
            v = 1.0
            if b.duration_s < spec.min_s * 0.5:
                v -= 0.25
                notes.add(40, f"Your {b.name} beat lasted {b.duration_s:.0f} s of the {spec.min_s:.0f} s it deserves. {spec.description}")
            elif spec.max_s and b.duration_s > spec.max_s * 1.5:
                v -= 0.25
                notes.add(40, f"Your {b.name} beat ran {b.duration_s:.0f} s, past its {spec.max_s:.0f} s budget; move on sooner.")
            vals.append(v)
        if any(b.name == "clarify" and b.present for b in beats) and len(questions) == 1:
            notes.add(45, f"You asked one clarifying question ('{questions[0].text}'); ask two or three before committing.")
        sub["beats"] = 100 * sum(vals) / len(vals)

    if rubric.phrases:
        for p, spec in zip(phrases, rubric.phrases):
            if not p.found:
                notes.add({"grain": 20, "breaks": 25, "tradeoff": 30}.get(p.id, 35), spec.advice)
        sub["phrases"] = 100 * sum(p.found for p in phrases) / len(phrases)

    if failures is not None and rubric.failure_modes is not None:
        target = max(1, failures.target)
        sub["failure_modes"] = 100 * min(1.0, failures.volunteered / target)
        if failures.volunteered < failures.target:
            heard = f" (you named {', '.join(failures.items)})" if failures.items else ""
            examples = ", ".join(c.split("|")[0] for c in rubric.failure_modes.cues[:5])
            what = "failure modes" if rubric.name in ("modeling", "design") else "edge cases or failure modes"
            notes.add(26, f"Volunteer at least {failures.target} {what} before you are asked{heard}: {examples}.")

    if rubric.star is not None:
        vals = []
        for part, spec in zip(star, rubric.star.parts):
            if part.verdict == "missing":
                vals.append(0.0)
                notes.add(12, f"Your story had no {part.name}. {spec.advice}")
                continue
            v = 1.0 if part.verdict == "ok" else 0.6
            if part.verdict == "long":
                notes.add(32, f"The {part.name} ran {part.duration_s:.0f} s against a {part.target_s:.0f} s budget; cut it to the essentials.")
            elif part.verdict == "short":
                notes.add(34, f"The {part.name} took only {part.duration_s:.0f} s of its {part.target_s:.0f} s. {spec.advice}")
            if part.name == "result" and not part.has_metric:
                v -= 0.4
                notes.add(15, "Your result had no number. End on a measurable result: a percentage, a time saved, a count.")
            vals.append(max(0.0, v))
        total_v = 1.0
        if star_total is not None and star_total > rubric.star.total_s * (1 + rubric.star.tolerance / 2):
            total_v = 0.6
            notes.add(14, f"The story took {star_total:.0f} s; a STAR answer should land in {rubric.star.total_s:.0f} s.")
        sub["star"] = 100 * (0.8 * sum(vals) / len(vals) + 0.2 * total_v)

    if coverage is not None and coverage.total:
        sub["coverage"] = 100 * coverage.covered / coverage.total
        if coverage.covered < coverage.total:
            missed = "; ".join(coverage.missed[:3])
            notes.add(28, f"You covered {coverage.covered} of {coverage.total} talking points; missed: {missed}.")

    fl = 100.0
    for s in silences:
        fl -= min(20.0, 4.0 * s.duration_s)
        notes.add(18 if s.duration_s >= 5.0 else 36, f"You went silent for {s.duration_s:.1f} s at {_clock(s.start)}. Think out loud instead: 'I'm weighing X against Y…'.")
    if think > 5.0:
        fl -= min(15.0, 2.0 * (think - 5.0))
        notes.add(38, f"You took {think:.0f} s before your first word; start with a clarifying question while you think.")
    if fillers.per_minute > rubric.fillers.max_per_minute:
        fl -= min(25.0, 5.0 * (fillers.per_minute - rubric.fillers.max_per_minute))
        common = max({f.text for f in filler_hits}, key=lambda t: sum(f.text == t for f in filler_hits))
        notes.add(42, f"{fillers.per_minute:.1f} fillers a minute (mostly '{common}'); pause silently instead of filling.")
    if words and wpm > rubric.pace.max_wpm:
        fl -= min(20.0, (wpm - rubric.pace.max_wpm) / 2)
        notes.add(44, f"You spoke at {wpm:.0f} words a minute; slow to about {rubric.pace.max_wpm - 30:.0f} so the interviewer can follow.")
    elif words and wpm < rubric.pace.min_wpm:
        fl -= min(20.0, (rubric.pace.min_wpm - wpm) / 2)
        notes.add(44, f"You spoke at {wpm:.0f} words a minute; aim for {rubric.pace.min_wpm:.0f}–{rubric.pace.max_wpm:.0f}.")
    sub["fluency"] = max(0.0, fl)

    weights = rubric.weights.model_dump()
    used = {k: w for k, w in weights.items() if w > 0 and k in sub}
    total_w = sum(used.values())
    overall = sum(sub[k] * w for k, w in used.items()) / total_w if total_w else 0.0
    feedback = notes.top(5)
    if not feedback:
        feedback = ["Strong answer: every beat was there, in order, with the seniority phrases said out loud. Keep it this tight."]

    return Report(
        rubric=rubric.name, prompt_id=prompt_id, duration_s=round(transcript.duration_s, 3), transcript=transcript.text,
        words=words, beats=beats, clarifying_questions=questions, phrases=phrases, failure_modes=failures,
        coverage=coverage, star=star, star_total_s=star_total, silences=silences, unintelligible=list(transcript.unintelligible), thinking_time_s=think,
        fillers=fillers, words_per_minute=wpm, pace=pace_points, score=int(round(overall)),
        subscores={k: round(v, 1) for k, v in sub.items()}, feedback=feedback, truncated=transcript.truncated,
    )
