"""How a sentence is built, not what it is about: generic grammatical signals the rubrics weigh.

A rubric part lists which of these support it and how much (``structure = { tasked = 1.0 }`` in
``rubrics/*.toml``, validated against :data:`FEATURES`); the functions here only read the words. They hear
the *role* of a sentence where the sentence embedder mostly hears its topic: "my manager asked me to find
out why" is the speaker being given a goal (a task) whatever the goal is about.
"""

from __future__ import annotations

from typing import Callable, Sequence

_GOAL_VERBS = {"wanted", "needed", "had", "offered", "volunteered", "agreed", "promised", "hoped", "signed"}  # "I … to"
_TO_ME = {"to", "on", "with"}
_CLAUSE_END = {"and", "so", "since", "because", "but", "before", "while", "which", "to"}


def tasked(tokens: Sequence[str]) -> bool:
    """The speaker is given or takes on a goal: "my manager asked me to find out why", "she handed it to me",
    "gave me the quarter to try", "I wanted to get that down to a day", "I put my hand up to move it"."""
    toks = [t for t in tokens if t not in ("um", "uh", "like")]
    for j, t in enumerate(toks):
        if t == "me":
            if "to" in toks[j + 1 : j + 4] and j > 0:
                return True
            if j > 0 and toks[j - 1] in _TO_ME and (j + 1 == len(toks) or toks[j + 1] in _CLAUSE_END):
                return True
        if t == "i" and j + 2 < len(toks):
            nxt = toks[j + 1]
            if nxt in _GOAL_VERBS and "to" in toks[j + 2 : j + 4] and not (nxt == "had" and toks[j + 2] != "to"):
                return True
            if "hand" in toks[j + 1 : j + 5] and "up" in toks[j + 2 : j + 6]:
                return True
    return False


_DISCOURSE = {"so", "okay", "ok", "right", "alright", "um", "uh", "well", "and", "like", "basically", "anyway", "yeah",
              "now", "hmm", "then", "oh"}
_META_NOUNS = {"plan", "idea", "approach", "shape", "picture", "gist", "outline", "version", "summary"}
_META_PHRASES = (("here's", "how"), ("here", "is", "how"), ("here's", "what"), ("in", "plain", "words"), ("put", "simply"),
                 ("simply", "put"), ("in", "short"), ("in", "a", "nutshell"), ("at", "a", "high", "level"),
                 ("in", "one", "sentence"), ("the", "way", "i"), ("the", "way", "i'd"), ("the", "way", "we"),
                 ("the", "way", "we'd"), ("the", "way", "i'll"))
_CLEFT_SUBJECT = {"i", "i'd", "i'll", "we", "we'd", "we'll"}


def _lead(tokens: Sequence[str]) -> list[str]:
    toks = list(tokens)
    j = 0
    while j < len(toks) and toks[j] in _DISCOURSE:
        j += 1
    return toks[j:]


def announces(tokens: Sequence[str]) -> bool:
    """The sentence announces the shape of what follows, before any detail: "my plan is to …", "so the big
    picture is …", "the way I'd do it is …", "what I'd do is …", "here's how I'd go at it", "in plain words,
    it means …", "the rough shape is …"."""
    lead = _lead(tokens)[:8]
    for phrase in _META_PHRASES:
        if tuple(lead[: len(phrase)]) == phrase:
            return True
    if len(lead) >= 3 and lead[0] == "what" and lead[1] in _CLEFT_SUBJECT and "is" in lead[2:6]:
        return True  # "what I'd do is", "what we keep is"
    for j, t in enumerate(lead[:4]):
        if t in _META_NOUNS and any(x in ("is", "has", "was") for x in lead[j + 1 : j + 3]):
            return True
    return False


FEATURES: dict[str, Callable[[Sequence[str]], bool]] = {"tasked": tasked, "announces": announces}


def structure_evidence(tokens: Sequence[str], weights: dict[str, float]) -> float:
    """The evidence a sentence's structure gives a part: the sum of the weights of the features it has."""
    return sum(w for name, w in weights.items() if FEATURES[name](tokens))


def structure_features(tokens: Sequence[str], weights: dict[str, float]) -> list[str]:
    """The features of ``weights`` (a part's) that the sentence has, with a weight above zero."""
    return [name for name, w in weights.items() if w and FEATURES[name](tokens)]
