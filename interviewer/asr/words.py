"""Decoded words, made trustworthy: hesitations recognised, decoding loops collapsed, fillers of the
disfluent pass merged into the content pass, and the speech no word covers found."""

from __future__ import annotations

from typing import Callable

from interviewer.types import HESITATIONS, Word

MIN_FILLER_S = 0.05  # a hesitation clipped to less than this, onto another one's instant, is dropped
MAX_WORD_S = 1.5  # a word Whisper stamps longer than this hides speech it skipped (its end ran on)
STRETCHED_COVER_S = 0.6  # how much of such a word's span counts as covered when looking for gaps
MISPLACED_S = 2.0  # a hesitation the text alignment puts this far from its own time was misaligned
SAME_SOUND_S = 0.3  # hesitations starting closer than this are one sound heard twice
GAP_MIN_PROBABILITY = 0.3  # a hesitation heard only in a gap's own decode needs this word probability
TIMESTAMP_S = 0.02  # Whisper's timestamp step

def subtract(spans: list[tuple[float, float]], cover: list[tuple[float, float]], min_s: float) -> list[tuple[float, float]]:
    out = []
    cover = sorted(cover)
    for a, b in spans:
        cur = a
        for c, d in cover:
            if d <= cur:
                continue
            if c >= b:
                break
            if c > cur:
                out.append((cur, c))
            cur = max(cur, d)
        if cur < b:
            out.append((cur, b))
    return [(a, b) for a, b in out if b - a >= min_s]


def _norm(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum() or ch == "'")


def hesitation(text: str) -> str | None:
    """The canonical hesitation sound ("um", "uh", "er", "hm", "mm", "ah") a word is, or None."""
    parts = [p for p in (_norm(x) for x in text.replace("-", " ").split()) if p]
    if not parts:
        return None
    canon = [HESITATIONS.get(p) for p in parts]
    return canon[0] if all(canon) else None


LOOP_SPACING_S = 0.3  # a word said again sooner than this after itself is a decoding loop
LOOP_PHRASE_KEEP = 3  # a phrase of two or more words repeated back to back keeps this many copies


def collapse_loops(words: list[Word], max_phrase: int = 8) -> tuple[list[Word], int]:
    """Drop repetitions beyond what was said: Whisper's decoding loops. Deterministic.

    A single word repeated back to back keeps each copy that starts at least ``LOOP_SPACING_S`` after
    the last one kept ("uh, uh, uh" said over two seconds stays; thirty "uh" stamped within one second
    do not). A phrase of two or more words repeated more than ``LOOP_PHRASE_KEEP`` times in a row
    keeps that many copies. Returns the words kept and how many were dropped.
    """
    toks = [_norm(w.text) for w in words]
    keep: list[Word] = []
    i, dropped, n = 0, 0, len(words)
    while i < n:
        if not toks[i]:
            keep.append(words[i])
            i += 1
            continue
        j = i + 1
        while j < n and toks[j] == toks[i]:
            j += 1
        if j - i > 1:  # a single word repeated: keep copies spaced like speech
            keep.append(words[i])
            for w in words[i + 1 : j]:
                if w.start - keep[-1].start >= LOOP_SPACING_S:
                    keep.append(w)
                else:
                    dropped += 1
            i = j
            continue
        best = None  # (phrase length, repeats)
        for k in range(2, max_phrase + 1):
            if i + 2 * k > n:
                break
            phrase = toks[i : i + k]
            r = 1
            while i + (r + 1) * k <= n and toks[i + r * k : i + (r + 1) * k] == phrase:
                r += 1
            if r > LOOP_PHRASE_KEEP and (best is None or r * k > best[0] * best[1]):
                best = (k, r)
        if best is None:
            keep.append(words[i])
            i += 1
            continue
        k, r = best
        keep.extend(words[i : i + LOOP_PHRASE_KEEP * k])
        dropped += (r - LOOP_PHRASE_KEEP) * k
        i += r * k
    return keep, dropped


def merge_fillers(content: list[Word], disfluent: list[Word], one_word: Callable[[str], bool] | None = None) -> list[Word]:
    """Add the hesitation sounds of the disfluent pass to the content pass, where the content pass has none.

    The two word sequences are aligned on their text; a hesitation the disfluent pass heard between two
    aligned words (or before the first, after the last) is inserted there, at its own time clipped to
    its neighbours, and the neighbours' edges are pulled back off it. Nothing else of the disfluent
    pass is used, so its content errors cannot reach the transcript. ``one_word`` (is this one word of the
    model's vocabulary?) tells a word's split-off last syllable from the hesitation "er" (see :func:`_suffix`).
    """
    inserts = _inserts(content, disfluent, one_word)
    if not inserts:
        return list(content)
    out = [w.model_copy() for w in content]
    result: list[Word] = []
    by_pos: dict[int, list[Word]] = {}
    for pos, w in inserts:
        by_pos.setdefault(pos, []).append(w)
    for i in range(len(out) + 1):
        for f in by_pos.get(i, []):
            lo = result[-1].start if result else 0.0
            hi = out[i].end if i < len(out) else max(f.end, lo)
            s0 = min(max(f.start, lo), hi)
            s1 = min(max(f.end, s0), hi)
            if s1 - s0 < MIN_FILLER_S and result and hesitation(result[-1].text) and s0 - result[-1].start < MIN_FILLER_S:
                continue  # clipped onto an instant that already holds a hesitation: no time left to say it
            if result and result[-1].end > s0:
                result[-1] = result[-1].model_copy(update={"end": round(max(result[-1].start, s0), 3)})
            if i < len(out) and out[i].start < s1:
                out[i] = out[i].model_copy(update={"start": round(min(s1, out[i].end), 3)})
            result.append(Word(text=f.text, start=round(s0, 3), end=round(s1, 3), probability=f.probability))
        if i < len(out):
            result.append(out[i])
    return result


def _same_sound(c: Word, w: Word) -> bool:
    """``w`` is the hesitation ``c`` heard again: their times overlap, start within ``SAME_SOUND_S``, or one was
    clipped onto an instant (its true time unknown) that the other spans."""
    overlap = min(c.end, w.end) - max(c.start, w.start)
    instant = min(c.end - c.start, w.end - w.start) < MIN_FILLER_S
    return bool(hesitation(c.text)) and (overlap > 0 or (instant and overlap >= 0) or abs(c.start - w.start) < SAME_SOUND_S)


def _read_as_word(replaced: list[Word], w: Word) -> bool:
    """The disfluent pass heard as a hesitation the very sound the content pass wrote as a word: a word of the
    ``replaced`` stretch (content words the disfluent pass did not hear as such) covering mostly the same time
    (each at least half of the other), as a drawn-out "Maaah" read as "Mmm". (A word the disfluent pass also heard,
    stamped over a hesitation the content pass left out, is not that hesitation.)"""
    for c in replaced:
        overlap = min(c.end, w.end) - max(c.start, w.start)
        if overlap > 0 and not hesitation(c.text) and overlap >= 0.5 * (w.end - w.start) and overlap >= 0.5 * (c.end - c.start):
            return True
    return False


def _instant_in(v: Word, h: Word) -> bool:
    """``v`` is a hesitation clipped onto an instant (its true time unknown) inside ``h``'s time."""
    return bool(hesitation(v.text)) and v.end - v.start < MIN_FILLER_S and h.start - TIMESTAMP_S <= v.start <= h.end + TIMESTAMP_S


def heard_before(words: list[Word], end_s: float) -> list[Word]:
    """Drop the hesitations stamped at ``end_s`` (the end of the audio, within a timestamp step) or after: heard in
    the silence a decode is padded with (a sound cut at the end of a piece belongs to the next piece, which hears it
    whole)."""
    return [w for w in words if not (hesitation(w.text) and w.start >= end_s - TIMESTAMP_S)]


def _slot_by_time(content: list[Word], w: Word) -> int | None:
    """Where a hesitation goes by its own time (before the first content word whose middle is after its
    middle), or None when that time is inside a content word or next to a hesitation already there."""
    mid = (w.start + w.end) / 2
    p = 0
    while p < len(content) and (content[p].start + content[p].end) / 2 <= mid:
        p += 1
    near = any(hesitation(c.text) and abs((c.start + c.end) / 2 - mid) < MISPLACED_S / 2 for c in content[max(0, p - 1) : p + 1])
    inside = any(c.start + 0.05 < mid < c.end - 0.05 and not stretched(c) for c in content)
    return None if near or inside else p


def _suffix(before: Word | None, w: Word, one_word: Callable[[str], bool] | None) -> bool:
    """An "er" the disfluent pass split off the end of the word before it (its prompt has "er"): it starts where
    that word ends, and the two spell one word of the model's vocabulary ("a line" + "er": "liner")."""
    return (one_word is not None and before is not None and hesitation(w.text) == "er" and abs(w.start - before.end) <= TIMESTAMP_S
            and not hesitation(before.text) and one_word(_with_er(_norm(before.text))))


def _with_er(stem: str) -> str:
    return stem + ("r" if stem.endswith("e") else "er")  # "line" -> "liner", "long" -> "longer"


def _inserts(content: list[Word], disfluent: list[Word], one_word: Callable[[str], bool] | None = None) -> list[tuple[int, Word]]:
    """(insert before content index, hesitation) for :func:`merge_fillers`, sorted.

    Placed by the text alignment; one the alignment puts more than ``MISPLACED_S`` from its own time (a
    long answer aligns a repeated word to the wrong copy) is placed by its time instead, or dropped when
    that time holds a content word. A hesitation the content pass already has at that time is not added again."""
    from difflib import SequenceMatcher

    sm = SequenceMatcher(a=[_norm(w.text) for w in content], b=[_norm(w.text) for w in disfluent], autojunk=False)
    inserts: list[tuple[int, Word]] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        have = sum(1 for w in content[i1:i2] if hesitation(w.text))
        fills = [w for w in disfluent[j1:j2] if hesitation(w.text)]
        for w in fills[have:] if have else fills:
            if any(_same_sound(c, w) for c in content) or _read_as_word(content[i1:i2], w):
                continue
            # position by time among content[i1:i2] (a replaced stretch) or at i1
            pos = i1
            while pos < i2 and (content[pos].start + content[pos].end) / 2 <= (w.start + w.end) / 2:
                pos += 1
            lo = content[pos - 1].start if pos > 0 else 0.0
            hi = content[pos].end if pos < len(content) else float("inf")
            if not lo - MISPLACED_S <= (w.start + w.end) / 2 <= hi + MISPLACED_S:
                pos = _slot_by_time(content, w)
            if pos is not None and not _suffix(content[pos - 1] if pos > 0 else None, w, one_word):
                inserts.append((pos, w))
    return sorted(inserts, key=lambda t: (t[0], t[1].start))


def refuted(words: list[Word], content: list[Word], heard: list[tuple[tuple[float, float], list[Word]]]) -> list[Word]:
    """Drop the hesitations merged from the disfluent pass that it stamped on an instant (its alignment found no
    sound for them) where the gap decodes either side, which hear that instant's surroundings with the same
    prompt, heard words and no hesitation. Where no gap beside it was decoded, it stays (nothing refutes it)."""
    mine = {(w.text, w.start) for w in content} | {(w.text, w.end) for w in content}
    out = []
    for w in words:
        if hesitation(w.text) and w.end - w.start < MIN_FILLER_S and (w.text, w.start) not in mine and (w.text, w.end) not in mine:
            beside = [got for (g0, g1), got in heard if got and (abs(g1 - w.start) <= TIMESTAMP_S or abs(g0 - w.end) <= TIMESTAMP_S)]
            if beside and not any(hesitation(v.text) for got in beside for v in got):
                continue
        out.append(w)
    return out


def add_gap_hesitations(words: list[Word], heard: list[tuple[tuple[float, float], list[Word]]],
                        need: Callable[[Word], float] | None = None) -> list[Word]:
    """Add the hesitations a gap's own disfluent decode heard (``heard``: (gap, words decoded over it)).

    Kept: a hesitation whose middle is in the gap and whose time overlaps it (one heard wholly in the audio
    decoded either side of the gap is the neighbouring word), heard with probability ``GAP_MIN_PROBABILITY``
    or more (what ``need`` says: less over a hum, see :mod:`interviewer.asr.hum`), from a decode that is not a loop
    (at most two hesitations per second of window), not the same
    sound as one already there. A hesitation stamped over its time (its end ran on), or clipped onto an instant
    inside it, is the same sound, re-timed."""
    add: list[Word] = []
    for (g0, g1), got in heard:
        hs = [w for w in got if hesitation(w.text)]
        if len(hs) > 2 * (g1 - g0 + 0.3) + 1:
            continue
        for h in hs:
            if h.probability < (need(h) if need else GAP_MIN_PROBABILITY) or not g0 - 0.15 <= (h.start + h.end) / 2 <= g1 + 0.15:
                continue
            if h.start >= g1 or max(h.start, h.end) <= g0:
                continue
            instant = next((v for v in words if _instant_in(v, h)), None)
            if any(_same_sound(v, h) and not stretched(v) and v is not instant for v in words + add):
                continue
            words = [v for v in words if not (hesitation(v.text) and stretched(v) and v.start <= (h.start + h.end) / 2 <= v.end
                                              and h.start - v.start <= MAX_WORD_S) and v is not instant]  # never opens a gap the invariant would miss
            add.append(h.model_copy(update={"start": round(max(h.start, g0), 3), "end": round(min(max(h.end, h.start), g1), 3)}))
    return sorted(words + add, key=lambda w: w.start)


def spell_hesitations(words: list[Word]) -> list[Word]:
    """The closed-mouth hesitation is written "hmm" however Whisper spelled it ("mm", "mmm", "Hmm"): one
    thinking sound, one spelling (the usual one for it; "mm" also reads as assent)."""
    out = []
    for w in words:
        if hesitation(w.text) == "mm":
            core = "".join(ch for ch in w.text if ch.isalnum())
            w = w.model_copy(update={"text": w.text.replace(core, "Hmm" if core[:1].isupper() else "hmm", 1)})
        out.append(w)
    return out


def stretched(w: Word) -> bool:
    """A word stamped implausibly long: when tiny.en stops early, its last word's end runs on over the
    speech it never decoded (seen: "to" stamped 45.3–49.3 s over "rerun a single day by hand, ...")."""
    return w.end - w.start > MAX_WORD_S


def cover(w: Word) -> tuple[float, float]:
    return (w.start, w.start + STRETCHED_COVER_S) if stretched(w) else (w.start, w.end)


def uncovered(regions: list[tuple[float, float]], words: list[Word], slack: float = 0.25) -> list[tuple[float, float]]:
    """Parts of the speech ``regions`` (seconds) that no word covers (words widened by ``slack``).

    A stretched word (see :func:`stretched`) covers only its first ``STRETCHED_COVER_S``."""
    return subtract(regions, [(a - slack, b + slack) for a, b in map(cover, words)], 0.0)
