"""Score validity (issue 11): near a line, credit ramps instead of jumping, so evidence that moves by a few
hundredths (Whisper splitting a sentence elsewhere, a part's edge a little later) moves the score by as little."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from interviewer.bank.rubrics import load_rubric
from interviewer.score import score
from interviewer.scoring import grade
from interviewer.scoring.policy import PENALTIES, length_cost
from interviewer.types import BeatResult, Fillers, Report, Transcript

sys.path.insert(0, str(Path(__file__).parent))
from test_scoring_meaning import said  # noqa: E402

MODELING = load_rubric("modeling")
STAR = load_rubric("behavioral-star")


def _story(result_s: float) -> Report:
    t = said("We had a nightly pipeline at my last job that kept failing every week.",
             "I needed to make it reliable before the quarter closed.",
             "So I traced the failures to late files and I rewrote the loader to wait for them.",
             "As a result, failures dropped by ninety percent in two weeks and finance stopped doubting the numbers.", step=0.4)
    words = list(t.words)
    parts = {p.name: p for p in score(t, STAR).star}
    assert parts["result"].present and parts["result"].end == words[-1].end
    words[-1] = words[-1].model_copy(update={"end": round(parts["result"].start + result_s, 2)})
    assert words[-1].end > words[-1].start
    return score(Transcript(words=words, duration_s=words[-1].end + 0.5), STAR)


def test_a_star_part_a_tenth_of_a_second_either_side_of_its_short_line_scores_nearly_the_same():
    """The result's short line is 7.5 s (15 s x (1 - 0.5)): at 7.45 s it is short, at 7.55 s ok, and the two
    stories score within a point (before: 0.4 of the part's credit, 4 points of score)."""
    short, ok = _story(7.45), _story(7.55)
    r_short, r_ok = (next(p for p in r.star if p.name == "result") for r in (short, ok))
    assert (r_short.verdict, r_ok.verdict) == ("short", "ok")
    assert abs(short.subscores["star"] - ok.subscores["star"]) < 0.5
    assert abs(short.score - ok.score) <= 1
    assert any("took only 7 s of its 15 s" in f for f in short.feedback)  # the note still says it ran short


@pytest.mark.parametrize("duration,cost", [(7.5, 0.0), (7.4, 0.1 / 1.5), (6.75, 0.5), (6.0, 1.0), (3.0, 1.0),
                                           (22.5, 0.0), (24.75, 0.5), (27.0, 1.0), (40.0, 1.0)])
def test_a_length_cost_grows_from_the_line_and_is_whole_a_fifth_of_the_line_beyond(duration, cost):
    assert length_cost(duration, 7.5, 22.5) == pytest.approx(cost)


def _heard(beats: list[BeatResult]) -> grade.Heard:
    return grade.Heard(beats=beats, questions=[], late_questions=[], phrases=[], failures=None, coverage=None, star=[],
                       star_total=None, star_order=[], silences=[], thinking_time=0.0,
                       fillers=Fillers(count=0, per_minute=0.0), wpm=150.0, pace=[], spoke=True)


def test_a_beat_a_tenth_of_a_second_either_side_of_its_short_line_scores_nearly_the_same():
    """The frame's short line is half its 10 s minimum: 4.95 s and 5.05 s differ by at most a point of the beats
    subscore (before: a quarter of the beat's credit, 6 points of it)."""
    def beats(frame_s: float) -> float:
        spans = [("clarify", 0.0, 20.0), ("frame", 20.0, 20.0 + frame_s), ("build", 30.0, 80.0), ("stress", 80.0, 120.0)]
        bs = [BeatResult(name=n, present=True, start=a, end=b, duration_s=round(b - a, 2), target_s=spec.min_s,
                         min_s=spec.min_s, max_s=spec.max_s) for (n, a, b), spec in zip(spans, MODELING.beats)]
        return grade.grade_beats(_heard(bs), MODELING, grade.Notes())

    assert abs(beats(4.95) - beats(5.05)) < 1
    assert beats(5.05) == 100.0 and beats(2.0) == 100 * (1 - PENALTIES.beat_length / 4)
