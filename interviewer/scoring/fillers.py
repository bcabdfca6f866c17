"""Fillers: hesitation sounds, and the rubric's lexical fillers only where used as fillers.

The rules that tell a lexical filler from the same words in their literal sense are data:
``conversation/fillers.toml``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Sequence

from pydantic import BaseModel, ConfigDict

from interviewer.bank.datafile import load_toml_model
from interviewer.bank.resources import data_dir
from interviewer.errors import MockError
from interviewer.scoring.tokens import _word_tokens, normalize
from interviewer.types import HESITATIONS, FillerHit, Word

FILLERS_FILE = "fillers.toml"
_BREAK = tuple(",.?!;:")


class FillerRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    opener_fillers: frozenset[str] = frozenset()
    opener_before: frozenset[str] = frozenset()
    literal_after_opener: frozenset[str] = frozenset()
    like_literal_after: frozenset[str] = frozenset()
    literal_before: dict[str, frozenset[str]] = {}
    literal_after: dict[str, frozenset[str]] = {}


@cache
def load_rules(path: Path | None = None) -> FillerRules:
    return load_toml_model(path or data_dir("conversation") / FILLERS_FILE, FillerRules, MockError, "filler rules")


def _kind(tokens: list[str]) -> str:
    return "filled_pause" if len(tokens) == 1 and tokens[0] in HESITATIONS else "lexical"


def _set_off(words: Sequence[Word], k: int, at_end: bool) -> tuple[bool, bool]:
    """Whether word ``k`` follows a sentence break (or starts the answer), and whether it ends with one (or the answer)."""
    before = words[k - 1] if k > 0 else None
    return before is None or before.text.rstrip().endswith(_BREAK), words[k].text.rstrip().endswith(_BREAK) or at_end


def _literal_one(words: Sequence[Word], k: int, word: str, prev: str, nxt: str, rules: FillerRules) -> bool:
    """A one-word lexical filler (word ``k``) used in its literal sense."""
    if word == "like" and prev in rules.like_literal_after:
        return True
    before, after = _set_off(words, k, nxt == "")
    if before and after:
        return False
    return not (word in rules.opener_fillers and prev in rules.opener_before and nxt not in rules.literal_after_opener)


def find_fillers(words: Sequence[Word], filler_words: Sequence[str], rules: FillerRules | None = None) -> list[FillerHit]:
    """Fillers: hesitation sounds (um, uh, er, hm, mm, however Whisper spells them) and the rubric's
    lexical fillers only where used as fillers (``conversation/fillers.toml``).

    A one-word lexical filler ("like", "actually", "basically") counts when set off from the sentence — at
    its start or after a comma, and followed by a comma or the end ("the grain is, like, one row"; not "I'd
    like to", "what actually happened") — or right after a clause opener ("and like most of the time").
    "you know" and "i mean" do not count after a word that makes them literal ("do you know", "what I mean").
    """
    rules = rules or load_rules()
    toks, owner = _word_tokens(words)
    toks = [HESITATIONS.get(t, t) for t in toks]
    targets = [[HESITATIONS.get(t, t) for t in normalize(f)] for f in filler_words]
    hits: list[FillerHit] = []
    i = 0
    while i < len(toks):
        matched = next((t for t in targets if t and toks[i: i + len(t)] == t), None)
        if matched is None:
            i += 1
            continue
        phrase, kind = " ".join(matched), _kind(matched)
        prev = toks[i - 1] if i > 0 else ""
        nxt = toks[i + len(matched)] if i + len(matched) < len(toks) else ""
        if kind == "lexical" and len(matched) == 1:
            literal = _literal_one(words, owner[i], phrase, prev, nxt, rules)
        elif kind == "lexical":
            set_after = words[owner[i + len(matched) - 1]].text.rstrip().endswith(_BREAK)
            literal = prev in rules.literal_before.get(phrase, ()) or (nxt in rules.literal_after.get(phrase, ()) and not set_after)
        else:  # "mm-hmm" is one hesitation
            literal = bool(hits) and hits[-1].kind == "filled_pause" and i > 0 and owner[i - 1] == owner[i]
        if literal:
            i += 1
            continue
        hits.append(FillerHit(text=phrase, at=round(words[owner[i]].start, 2), kind=kind))
        i += len(matched)
    return hits
