"""What the speaker did, told in the first person: in the past ("so I, uh, I split the load") or in the present of a
story told as it happened ("I open the logs"). Structure features of a STAR action (rubric data: `deed`, `narrates`)."""

from __future__ import annotations

from typing import Sequence

_IRREGULAR_PAST = {
    "did", "made", "wrote", "built", "found", "ran", "took", "set", "sat", "put", "went", "got", "brought", "began",
    "chose", "led", "told", "spoke", "saw", "sent", "split", "cut", "kept", "moved", "gave", "drew", "rewrote",
    "rebuilt", "broke", "caught", "dug", "fought", "held", "left", "met", "paid", "read", "shut", "sold", "spent",
    "stood", "swapped", "taught", "threw", "took", "understood", "won", "froze", "pulled", "pushed", "reran",
}
_NOT_DEEDS = {"needed", "wanted", "had", "was", "were", "owned", "used", "supposed", "asked", "tasked", "expected",
              "hoped", "liked", "loved", "hated", "joined", "started", "worked", "felt", "seemed", "noticed", "realized"}
_LEAD = {"so", "and", "then", "first", "next", "after", "that", "um", "uh", "like", "well", "also", "finally", "later", "i"}


_NOT_NARRATION = {"am", "'m", "think", "guess", "mean", "know", "have", "need", "want", "feel", "believe", "hope", "like",
                  "love", "can", "could", "will", "would", "should", "must", "may", "might", "do", "don't", "did", "didn't",
                  "just", "really", "also", "then", "actually", "basically", "usually", "always", "never", "still", "was",
                  "had", "i'd", "i'll", "i'm", "i've", "say", "remember", "recall", "suppose", "wonder", "probably", "um", "uh",
                  "work", "lead", "own", "manage", "kind", "sort", "even", "understand", "agree", "prefer", "tend", "suspect",
                  "worry", "hate", "care", "enjoy", "o", "i", "see", "get", "guess", "figure", "realize"}


_SAID = {"said", "told", "thought", "knew", "heard", "came", "became", "felt", "meant", "let", "hit", "quit", "tried", "saw",
         "got", "ran", "sat", "put", "set", "cut", "read"}  # past forms a present-tense check would take for the present


def narrates(tokens: Sequence[str]) -> bool:
    """The clause tells, in the present, what the speaker does next in the story: "I open the logs", "so I kill the stuck
    job", "then I add a time limit" — "I" and a verb that is neither an auxiliary nor a verb of thinking, at its start."""
    head = [t for k, t in enumerate(tokens[:7]) if t not in ("um", "uh", "like") and not (t == "i" and tokens[k + 1 : k + 2] == ["i"])]
    for j, t in enumerate(head[:-1]):
        if t == "i":  # "I, I think": the stutter is one "I"
            verb = head[j + 1]
            return (verb not in _NOT_NARRATION and not verb.endswith(("ed", "ly", "ing")) and verb not in _IRREGULAR_PAST
                    and verb not in _SAID
                    and all(x in _LEAD for x in head[:j]))
    return False


def did_something(tokens: Sequence[str]) -> bool:
    """The clause tells what the speaker did: "I" followed at once by a verb in the past ("I traced", "so I, uh,
    I split", "then I rewrote"), near its start. Owning ("I needed to", "I was responsible", "I owned") is the
    task, not a deed."""
    head = [t for t in tokens[:8] if t not in ("um", "uh", "like")]
    for j, t in enumerate(head[:-1]):
        if t == "i":
            verb = head[j + 1]
            if verb not in _NOT_DEEDS and (verb in _IRREGULAR_PAST or (verb.endswith("ed") and len(verb) > 3)):
                return all(x in _LEAD for x in head[:j])
    return False
