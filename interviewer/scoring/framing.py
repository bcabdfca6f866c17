"""Sentences that frame an answer: its shape announced, its parts counted, or the whole cast as one thing, before
any detail ("my plan is …", "I'd split this into two halves", "I'd think of it as checks after every load").
Read from the words only, like :mod:`interviewer.scoring.structure`, which weighs them for the rubrics."""

from __future__ import annotations

from typing import Sequence


def has(toks: Sequence[str], phrase: tuple[str, ...]) -> bool:
    """``phrase`` said as consecutive words of ``toks``."""
    return any(tuple(toks[j : j + len(phrase)]) == phrase for j in range(len(toks) - len(phrase) + 1))


_DISCOURSE = {"so", "okay", "ok", "right", "alright", "um", "uh", "well", "and", "like", "basically", "anyway", "yeah",
              "now", "hmm", "then", "oh"}
_META_NOUNS = {"plan", "idea", "approach", "shape", "picture", "gist", "outline", "version", "summary", "overview", "rundown",
               "trick", "principle", "answer"}
_META_PHRASES = (("here's", "how"), ("here", "is", "how"), ("here's", "what"), ("in", "plain", "words"), ("put", "simply"),
                 ("simply", "put"), ("in", "short"), ("in", "a", "nutshell"), ("at", "a", "high", "level"),
                 ("in", "one", "sentence"), ("the", "way", "i"), ("the", "way", "i'd"), ("the", "way", "we"),
                 ("the", "way", "we'd"), ("the", "way", "i'll"), ("short", "answer"), ("bottom", "line"), ("in", "a", "word"))
_NAMING = (("that's", "a"), ("that's", "an"), ("that's", "classic"), ("this", "is", "a"), ("this", "is", "classic"),
           ("sounds", "like", "a"), ("that", "sounds", "like"), ("this", "sounds", "like"))
_NOT_NAMED = {"good", "great", "fair", "tough", "hard", "interesting", "nice", "lot", "big", "question", "plan", "tricky",
              "mistake", "one", "really", "batch", "bit"}
_OUTLINE_NOUNS = {"outline", "gist", "rundown", "plan", "idea", "approach", "trick", "principle", "shape"}
_HEAD_VERBS = {"broke", "came", "went", "grew", "fell", "took", "got", "was", "is", "were", "are", "had", "has", "did"}
_CLEFT_SUBJECT = {"i", "i'd", "i'll", "we", "we'd", "we'll"}
FILLER_WORDS = {"um", "uh", "like", "er", "hmm"}


def lead(tokens: Sequence[str]) -> list[str]:
    """The words after the discourse markers that open a sentence ("so, okay, um, …")."""
    toks = list(tokens)
    j = 0
    while j < len(toks) and toks[j] in _DISCOURSE:
        j += 1
    return toks[j:]


def announces(tokens: Sequence[str]) -> bool:
    """The sentence announces the shape of what follows, before any detail: "my plan is to …", "so the big
    picture is …", "the way I'd do it is …", "what I'd do is …", "here's how I'd go at it", "in plain words,
    it means …", "the rough shape is …"."""
    words = lead(tokens)[:8]
    for phrase in _META_PHRASES:
        if tuple(words[: len(phrase)]) == phrase:
            return True
    for phrase in _NAMING:  # the problem named in a sentence of its own: "That's a hot key.", not "that's a good question"
        if tuple(words[: len(phrase)]) == phrase and not _NOT_NAMED & set(words[len(phrase) : len(phrase) + 3]) and len(words) <= 6:
            return True
    if has(words[:6], ("in", "a", "nutshell")):
        return True
    if len(words) >= 3 and words[0] == "what" and words[1] in _CLEFT_SUBJECT and "is" in words[2:6]:
        return True  # "what I'd do is", "what we keep is"
    if _construes(words):
        return True
    for j, t in enumerate(words[:4]):
        if t in _META_NOUNS and any(x in ("is", "has", "was") for x in words[j + 1 : j + 3]):
            return True
    head = [t for t in words[:4] if t not in _DETERMINERS] + [""]
    # "the rough outline: decide who sees what, …", not "the plan for late events" nor "the overview dashboard reads"
    return (head[0] in _OUTLINE_NOUNS and head[1] not in _OF and not head[1].endswith(("ed", "s")) and head[1] not in _HEAD_VERBS
            and len(words) >= 6)


_DETERMINERS = {"the", "my", "our", "a", "rough", "overall", "basic", "short", "general", "high", "level", "high-level", "big"}
_OF = {"for", "of", "behind", "with", "on", "about", "to", "that", "was", "were", "did"}
_PART_NOUNS = {"parts", "pieces", "steps", "stages", "layers", "halves", "hops", "phases", "components", "stops", "moving"}
_COUNTS = {"two", "three", "four", "five", "2", "3", "4", "5"}
_STEPS_DONE = {"took", "takes", "after", "join", "job"}
_COMES_SUBJECT = {"it", "this", "choice", "answer", "question", "everything", "decision", "that", "really"}
_KNOWN = {"the", "those", "these", "their", "all", "of"}
_BOILS = (("comes", "down", "to"), ("boils", "down", "to"))


_CONSTRUE = {"think", "treat", "see", "view", "picture", "frame", "approach"}
_WHOLE = (("it",), ("this",), ("the", "whole", "thing"), ("the", "problem"), ("the", "whole", "system"))


def _construes(words: Sequence[str]) -> bool:
    """The whole answer cast as one thing: "I'd think of it as checks that run after every load", "I see this as a
    fan-out problem", not a part of it ("I'd treat the driver table as slowly changing")."""
    w = _unhedged(words)
    verb = next((j for j in range(1, 4) if j < len(w) and w[j] in _CONSTRUE), None)
    if verb is None or not _CLEFT_SUBJECT & set(w[:verb]) or _NEGATION & set(w[:verb]):
        return False  # "I don't see it as a big deal" dismisses
    rest = [t for t in w[verb + 1 :] if not t.endswith("ly")]  # "I view it mostly as …"
    rest = rest[1:] if rest[:1] in (["of"], ["about"]) else rest
    for whole in _WHOLE:
        if tuple(rest[: len(whole)]) == whole:
            after = rest[len(whole) :]
            after = after[2:] if after[:1] == ["whole"] else after  # "this whole pipeline as …"
            return after[:1] == ["as"] and after[1:2] not in (["soon"], ["long"], ["well"], ["much"], ["far"], ["if"])
    return False


_NEGATION = {"don't", "didn't", "wouldn't", "not", "never", "doesn't", "won't", "can't"}
_HEDGES = {"probably", "really", "just", "maybe", "actually", "basically", "honestly", "personally", "mostly"}


def _unhedged(words: Sequence[str]) -> list[str]:
    """The words without fillers and hedges ("I'd, um, probably think of …", "I'd kind of think of …")."""
    out: list[str] = []
    skip = False
    for j, t in enumerate(words):
        if skip:
            skip = False
            continue
        if t in ("kind", "sort") and words[j + 1 : j + 2] == ["of"] and j + 2 < len(words) and words[j + 2] in _CONSTRUE:
            skip = True
            continue
        if t not in FILLER_WORDS and t not in _HEDGES:
            out.append(t)
    return out


def outlines(tokens: Sequence[str]) -> bool:
    """The sentence lays out the answer's parts before any of them: a count of its pieces ("I'd split this into two
    halves", "end to end it's four hops", "three pieces: …") or what the whole comes down to ("roughly, the choice
    comes down to whether …"). A count of other things ("two things to watch") is no outline."""
    toks = lead([t for t in tokens if t not in FILLER_WORDS])
    for j, t in enumerate(toks[:-1]):
        if j and toks[j - 1] in _KNOWN:
            continue  # "each of the four steps" are the funnel's, already known; "in two steps" are the answer's
        if t in _COUNTS and (toks[j + 1] in _PART_NOUNS or (j + 2 < len(toks) and toks[j + 2] in _PART_NOUNS)):
            return not _STEPS_DONE & set(toks[max(0, j - 3) : j])  # not "it took two steps to roll back"
    if tuple(toks[:3]) in (("end", "to", "end"), ("and", "to", "end")) and toks[3:4] != ["latency"]:
        return True  # "end to end it's four hops", not "the end to end latency"
    return any(has(toks[:8], p) and _COMES_SUBJECT & set(toks[: toks.index(p[0]) if p[0] in toks else 0]) for p in _BOILS)
