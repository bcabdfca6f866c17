"""Words as the scorer compares them: lower case, no punctuation, a few spellings folded together."""

from __future__ import annotations

import re
from typing import Sequence

from interviewer.types import Word


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
