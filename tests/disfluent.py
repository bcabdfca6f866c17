"""Synthesized disfluent answers with every filler marked: the truth for filler recall and precision.

A sentence's text marks each filler in braces: "So, {um}, the grain is, {like}, one row per trip." The
voice says the text without the braces; the truth is the braced words, in order. Lexical fillers
("like", "you know", "i mean", "basically", "actually") also appear in their literal sense
("I'd like", "looks like", "what actually happened"), where they must not be counted.

Used by ``tests/test_transcript.py`` and ``bench/transcript.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from interviewer.audio.synth import Pause, Say, Synthesized, synthesize

_BRACE = re.compile(r"\{([^}]*)\}")


@dataclass(frozen=True)
class Disfluent:
    id: str
    voice: str
    sentences: tuple[str, ...]
    pause_s: float = 0.6

    def parts(self) -> list:
        out: list = []
        for i, s in enumerate(self.sentences):
            out.append(Say(_BRACE.sub(r"\1", s), label=f"s{i}", gap_after=0.0))
            out.append(Pause(self.pause_s))
        return out

    def synthesize(self) -> Synthesized:
        return synthesize(self.parts(), voice=self.voice)

    def truth(self) -> list[list[str]]:
        """The fillers of each sentence, lower case."""
        return [[m.lower() for m in _BRACE.findall(s)] for s in self.sentences]

    def text(self) -> str:
        return " ".join(_BRACE.sub(r"\1", s) for s in self.sentences)


ANSWERS: list[Disfluent] = [
    Disfluent("d-trips", "piper", (
        "{Um}, so who reads this data, the pricing team or finance?",
        "I'd like to know how fresh it needs to be, {uh}, minutes or a daily batch.",
        "Okay, {um}, I'll treat this as a star schema with one fact table for trips.",
        "The grain is, {like}, one row per completed trip.",
        "It looks like the driver dimension changes, so, {uh}, it is slowly changing, type two.",
        "{Basically}, the trade-off here is a wide table versus a star.",
        "This breaks when trip events arrive late, {you know}, after the watermark.",
    )),
    Disfluent("d-claims", "espeak", (
        "{Uh}, who is the consumer of this, the actuaries?",
        "What actually happened last quarter with the late claims?",
        "So, {um}, I would model it as a claims fact, {basically}.",
        "The grain of this fact is one row per claim line, {I mean}, per adjusted line.",
        "{Um}, members and providers are the dimensions.",
        "We actually reload the last ninety days every night.",
    )),
    Disfluent("d-story", "piper", (
        "So last year, {um}, our nightly pipeline kept missing its deadline.",
        "My task was, {uh}, to get it under two hours.",
        "I profiled it, and, {like}, most of the time went into one skewed join.",
        "{Um}, I salted the key and, {uh}, split the hot customers out.",
        "The run went from six hours to ninety minutes, {you know}, every night since.",
    )),
]
