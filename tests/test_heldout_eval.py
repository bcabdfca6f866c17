"""The frozen held-out set (tests/heldout.py) is well formed and runs end to end.

This only checks that every held-out answer synthesizes, transcribes and scores against its bank
prompt. It does not assert the scorer's figures on the set: `scripts/eval_scorer.py --set heldout`
prints them (baseline in docs/eval-baseline.md); ranking asserts come with the meaning-based scorer.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from evalset import BEATS, STAR, evaluate  # noqa: E402
from evalset import CASES as DEV_CASES  # noqa: E402
from heldout import CASES  # noqa: E402

from interviewer.bank.prompts import find_prompt  # noqa: E402
from interviewer.audio.synth import Say  # noqa: E402


def test_the_held_out_set_is_big_varied_and_bound_to_real_prompts():
    assert len(CASES) >= 22
    assert len({c.id for c in CASES}) == len(CASES)
    assert not {c.id for c in CASES} & {c.id for c in DEV_CASES}
    assert {c.voice for c in CASES} == {"piper", "espeak"}
    assert {c.rubric for c in CASES} == {"modeling", "behavioral-star", "sql", "streaming", "design"}
    kinds = Counter(c.kind for c in CASES)
    assert kinds["strong"] >= 5 and kinds["flawed"] >= 8 and kinds["buzzword"] >= 3 and kinds["offtopic"] >= 2
    assert sum(c.late_questions > 0 for c in CASES) >= 2
    dev_sentences = {p.text.lower() for c in DEV_CASES for p in c.parts if isinstance(p, Say)}
    for c in CASES:
        assert find_prompt(c.prompt_id).rubric == c.rubric, c.id
        names = STAR if c.rubric == "behavioral-star" else BEATS
        for p in c.parts:
            if isinstance(p, Say):
                assert p.label in names or (p.label == "" and c.kind == "buzzword"), (c.id, p.label)
                assert p.text.lower() not in dev_sentences, (c.id, p.text)
        if c.kind == "buzzword":
            real = [o for o in CASES if o.prompt_id == c.prompt_id and o.kind in ("strong", "flawed")]
            assert real, f"{c.id}: a buzzword list needs a real answer of the same prompt to rank against"


def test_the_development_set_uses_the_same_kinds():
    """The development set (grown for issue 11 with cases of the new kinds, in its own words) labels
    them as the held-out set does: a buzzword list or an off-topic answer is a flawed answer."""
    for c in DEV_CASES:
        assert c.kind in ("strong", "flawed", "buzzword", "offtopic"), c.id
        assert c.kind == c.quality or (c.kind in ("buzzword", "offtopic") and c.quality == "flawed"), c.id
        assert c.kind not in ("buzzword", "offtopic") or c.prompt_id, c.id


@pytest.mark.slow
def test_every_held_out_answer_synthesizes_and_scores(transcriber, tmp_path):
    for case in CASES:
        o = evaluate(case, transcriber, tmp_path)
        assert o.report.rubric == case.rubric and o.report.prompt_id == case.prompt_id, case.id
        assert 0 <= o.report.score <= 100, case.id
        assert o.report.transcript.strip(), case.id
        assert o.truth or case.kind == "buzzword", case.id
        assert o.report.coverage is not None and o.report.coverage.total == len(find_prompt(case.prompt_id).prompt.key_points)
