"""Rubrics are data, all of it: which phrase supports which beat, note priorities, the STAR total and the
beat order come from the rubric files, validated; the Python names no rubric and no phrase id."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from interviewer import score as S
from interviewer.errors import RubricError
from interviewer.report import star_total_text
from interviewer.bank.rubrics import available_rubrics, load_rubric
from interviewer.types import Transcript, Word

REPO = Path(__file__).resolve().parent.parent


def spoken(text: str, start: float = 0.0, step: float = 0.35) -> list[Word]:
    return [Word(text=t, start=start + i * step, end=start + i * step + 0.3) for i, t in enumerate(text.split())]


def transcript(text: str) -> Transcript:
    ws = spoken(text)
    return Transcript(words=ws, duration_s=ws[-1].end + 0.5)


def scoring_sources() -> list[Path]:
    return [REPO / "interviewer" / "score.py", *sorted((REPO / "interviewer" / "scoring").glob("*.py"))]


def test_no_rubric_name_or_phrase_id_in_the_scoring_code():
    ids = {p.id for name in available_rubrics() for p in load_rubric(name).phrases}
    names = set(available_rubrics())
    for path in scoring_sources():
        tree = ast.parse(path.read_text())
        docs = {id(n.body[0].value) for n in ast.walk(tree)
                if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
                and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        strings = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs}
        assert not strings & (ids | names), f"{path.name} names {sorted(strings & (ids | names))}"


def write_rubric(tmp_path: Path, edit) -> Path:
    """The shipped modeling rubric with ``edit`` applied to its text, as a file of one's own."""
    path = tmp_path / "mine.toml"
    path.write_text(edit((REPO / "rubrics" / "modeling.toml").read_text()))
    return path


def drop_beat(text: str, name: str) -> str:
    return re.sub(r'\[\[beats\]\]\nname = "%s"\n.*?(?=\n\[)' % name, "", text, flags=re.S)


def in_phrase(text: str, pid: str, old: str, new: str) -> str:
    start = text.index(f'id = "{pid}"')
    end = text.index("[", text.index("\n[", start) + 1) if "\n[" in text[start:] else len(text)
    return text[:start] + text[start:end].replace(old, new, 1) + text[end:]


def test_a_phrase_must_support_a_beat_the_rubric_has(tmp_path):
    def edit(text):
        return drop_beat(text, "stress")
    with pytest.raises(RubricError, match="breaks.*supports beat 'stress'"):
        load_rubric(str(write_rubric(tmp_path, edit)))


def test_which_phrase_supports_which_beat_is_read_from_the_rubric(tmp_path):
    """Moving the grain phrase's support from frame to build moves its evidence with it."""
    said = transcript("The grain of this fact is one row per play.")
    sents = S.sentences(said.words)
    base = load_rubric("modeling")
    _, why = S._beat_evidence(sents, list(base.beats), base)
    assert "grain" in why[0][1] and "grain" not in why[0][2]

    def edit(text):
        return in_phrase(text, "grain", 'supports = "frame"', 'supports = "build"')
    moved = load_rubric(str(write_rubric(tmp_path, edit)))
    _, why = S._beat_evidence(sents, list(moved.beats), moved)
    assert "grain" not in why[0][1] and "grain" in why[0][2]


def test_note_priorities_and_labels_come_from_the_rubric(tmp_path):
    said = transcript("There is a plays table with a title id and a user id and a timestamp column.")
    base = S.score(said, load_rubric("modeling"))
    assert base.feedback[0].startswith("You committed before asking anything")

    def edit(text):
        text = in_phrase(text, "grain", "priority = 20", "priority = 1")
        text = text.replace('label = "failure modes"', 'label = "ways it can break"')
        return text + "\n[notes]\nfailure_modes = 2\n"
    mine = S.score(said, load_rubric(str(write_rubric(tmp_path, edit))))
    assert mine.feedback[0].startswith("You never stated the grain")
    assert any("ways it can break" in f for f in mine.feedback)


def test_the_star_total_in_tables_is_the_rubrics(tmp_path):
    said = transcript("We had a slow dashboard. I needed to fix it. I found the cause and I built a cache. As a result it loads in two seconds.")
    rep = S.score(said, load_rubric("behavioral-star"))
    assert rep.star_target_s == 90
    assert star_total_text(rep).endswith("of 90 s")
    assert star_total_text(rep.model_copy(update={"star_target_s": 60.0})).endswith("of 60 s")


def test_beat_length_feedback_quotes_the_tables_target():
    """One source for every number: the note about a short beat names the target the table shows."""
    said = transcript("Who reads this? I'll treat this as a star schema with one fact. The grain of this fact is one row per play. "
                      "The title dimension is slowly changing type two with a surrogate key. This breaks when events arrive late.")
    rep = S.score(said, load_rubric("modeling"))
    notes = [f for f in rep.feedback if " beat lasted " in f]
    assert notes
    for note in notes:
        name = note.split()[1]
        beat = next(b for b in rep.beats if b.name == name)
        assert f"target of {beat.target_s:.0f} s" in note or f"at least {beat.target_s:.0f} s" in note


def test_one_pace_band_everywhere():
    """The same pace band in every rubric, and the pace note quotes it: 189 and 199 words a minute are
    both above it, in every round (the note was once given at 189 and not at 199)."""
    from interviewer.scoring import grade

    bands = {(r.pace.min_wpm, r.pace.max_wpm) for r in (load_rubric(n) for n in available_rubrics())}
    assert len(bands) == 1, bands
    lo, hi = bands.pop()
    for name in available_rubrics():
        rubric = load_rubric(name)
        for wpm in (189, 199):
            heard = S.hear(Transcript(words=[], duration_s=1), rubric, [], None)
            notes = grade.Notes()
            grade.grade_fluency(type(heard)(**{**heard.__dict__, "wpm": float(wpm), "spoke": True}), rubric, notes)
            assert any(f"above the {lo:.0f}–{hi:.0f} words a minute band" in n for n in notes.top()), (name, wpm, notes.items)
