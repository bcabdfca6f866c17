"""Score validity (issue 11): near a line, credit ramps instead of jumping, so evidence that moves by a few
hundredths (Whisper splitting a sentence elsewhere, a part's edge a little later) moves the score by as little;
and every view shows the credit the score was computed from (a point made in part reads "partly")."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Sequence

import numpy as np
import pytest

from interviewer.bank.rubrics import load_rubric
from interviewer.report import coverage_text
from interviewer.score import score, sentences
from interviewer.scoring import grade, policy
from interviewer.scoring.coverage import MEANING_SIMILARITY, NEAREST_FLOOR, find_key_points
from interviewer.scoring.policy import PENALTIES, RAMPS, length_cost
from interviewer.types import BeatResult, Coverage, Fillers, KeyPointHit, Report, Transcript, Word

sys.path.insert(0, str(Path(__file__).parent))
from fake_embed import FakeEmbedder  # noqa: E402
from test_scoring_meaning import said  # noqa: E402

MODELING = load_rubric("modeling")
STAR = load_rubric("behavioral-star")
ANSWER = ["Who reads this and how fresh must it be?", "Are the ids stable?", "I'll treat this as a star schema.",
          "The grain of this fact is one row per play.", "The title dimension is slowly changing type two with a surrogate key.",
          "The trade-off here is cost versus freshness.", "This breaks when events arrive late after the watermark.",
          "It also breaks on a GDPR delete request, so we tokenize the user at ingest."]
PLAIN = "keeps the catalogue's past versions"  # no word of it in ANSWER: only its meaning can make it
SAID = "The title dimension is slowly changing type two with a surrogate key."
LEXICAL = "events arrive late after the watermark"  # every content word in ANSWER: covered by its words


class Placed(FakeEmbedder):
    """The fake embedder, with some texts placed at an exact cosine to others: ``{text: [(to, cosine)]}``,
    the rest of each placed vector on a dimension no other text uses."""

    def __init__(self, place: dict[str, list[tuple[str, float]]], free: Sequence[int]) -> None:
        super().__init__()
        self.place, self.free = place, list(free)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = super().embed(texts)
        for i, t in enumerate(texts):
            if t in self.place:
                (to, cos), = self.place[t]
                v = cos * FakeEmbedder().embed([to])[0].astype(np.float64)
                v[self.free[list(self.place).index(t)]] = np.sqrt(1 - cos * cos)  # the rest, where no other text is
                out[i] = v
        return out


def _free_dims(texts: Sequence[str], n: int) -> list[int]:
    used = np.abs(FakeEmbedder().embed(list(texts))).sum(axis=0)
    return [int(d) for d in np.flatnonzero(used == 0)[:n]]


def _modeling(cos: float) -> Report:
    t = said(*ANSWER, step=0.4)
    texts = [s.text for s in sentences(t.words)]
    return score(t, MODELING, key_points=[PLAIN, LEXICAL], embedder=Placed({PLAIN: [(SAID, cos)]}, _free_dims(texts, 4)))


def test_a_key_point_a_hundredth_either_side_of_the_meaning_line_scores_nearly_the_same():
    """0.555 and 0.565 straddle the 0.56 line: before, 0 or all of the point (8 points of score); now each
    earns part of it, and the scores are within 2 points."""
    below, above = _modeling(MEANING_SIMILARITY - 0.005), _modeling(MEANING_SIMILARITY + 0.005)
    got = [next(i for i in r.coverage.items if i.point == PLAIN) for r in (below, above)]
    assert [g.similarity for g in got] == pytest.approx([0.555, 0.565], abs=2e-3)
    assert 0.3 < got[0].credit < 0.5 < got[1].credit < 0.7 and not got[0].covered and not got[1].covered
    assert abs(above.score - below.score) <= 2
    for r, g in zip((below, above), got):  # one source: the subscore is the credits the report lists
        assert g.partly and g.heard == SAID and r.coverage.partly == [PLAIN] and r.coverage.missed == []
        assert r.subscores["coverage"] == pytest.approx(100 * (1 + g.credit) / 2, abs=0.05)
        assert f"1 of 2 talking points and 1 partly ({1 + g.credit:.1f} of 2 in all)" in coverage_text(r)
        assert any(f"made only in part: {PLAIN}" in f for f in r.feedback)
        assert Report.model_validate_json(r.to_json()).coverage == r.coverage  # the JSON carries the credits


def test_far_from_the_line_a_point_is_made_or_missed_as_before():
    made, missed = _modeling(MEANING_SIMILARITY + RAMPS.meaning), _modeling(MEANING_SIMILARITY - RAMPS.meaning)
    assert [i.credit for i in made.coverage.items] == [1.0, 1.0] and made.coverage.covered == 2
    assert [i.credit for i in missed.coverage.items] == [0.0, 1.0] and missed.coverage.missed == [PLAIN]
    assert "partly" not in coverage_text(made) + coverage_text(missed)


def test_a_sentence_as_near_a_neighbouring_question_as_this_one_earns_half():
    """The nearest-point rule: a hundredth nearer this point than the neighbour's, or a hundredth further, moves
    the credit by a sixth of it, not all of it (half for a tie)."""
    sent = "Late files are waited for before the nightly load runs."
    sents = sentences(said(sent).words)
    mine, theirs = "late data handled by waiting", "a nightly batch window"
    free = _free_dims([sent], 4)

    def credit(margin: float) -> float:
        fake = Placed({mine: [(sent, 0.45 + margin)], theirs: [(sent, 0.45)]}, free)
        cov = find_key_points(sents, [mine], fake, contrast=[theirs])
        assert cov is not None
        return cov.items[0].credit

    assert credit(0.0) == pytest.approx(0.5, abs=0.02)
    assert credit(0.005) - credit(-0.005) == pytest.approx(0.01 / (2 * RAMPS.nearest), abs=0.02)
    assert credit(RAMPS.nearest) == 1.0 and credit(-RAMPS.nearest) == 0.0
    # near enough: the floor is a ramp too
    fake = Placed({mine: [(sent, NEAREST_FLOOR)], theirs: [(sent, NEAREST_FLOOR - 0.2)]}, free)
    assert find_key_points(sents, [mine], fake, contrast=[theirs]).items[0].credit == pytest.approx(0.5, abs=0.02)


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


def test_an_older_report_without_credits_reads_them_from_covered():
    old = Coverage.model_validate({"covered": 1, "total": 2, "items": [{"point": "a", "covered": True}, {"point": "b", "covered": False}]})
    assert [i.credit for i in old.items] == [1.0, 0.0] and old.credit == 1.0 and old.tally() == "1 of 2 talking points"


def test_a_point_made_partly_and_supplied_when_asked_earns_the_rest_of_its_worth():
    from interviewer import followup

    def main(credit: float) -> Report:
        items = [KeyPointHit(point="a", covered=True), KeyPointHit(point="b", covered=False, credit=credit)]
        cov = Coverage(covered=1, total=2, items=items)
        return Report(rubric="modeling", duration_s=60, fillers=Fillers(count=0, per_minute=0), words_per_minute=150,
                      score=60, subscores={"beats": 50, "coverage": 50 * (1 + credit), "fluency": 100}, coverage=cov)

    whole, rest = followup.credit(MODELING, main(0.0), "coverage", ["b"]), followup.credit(MODELING, main(0.6), "coverage", ["b"])
    assert rest == pytest.approx(0.4 * whole, abs=0.1)


@pytest.mark.parametrize("share,cap", [(0.0, 50.0), (0.1, 50.0), (0.15, 75.0), (0.19, 95.0), (0.2, 100.0), (0.5, 100.0)])
def test_the_off_topic_cap_lowers_in_proportion_below_its_line(share, cap):
    """Below 20 % of the key points an answer is to another question and scores at most 50 — in full 10 % of the
    points below the line, less just under it: a point's credit a hundredth lower no longer costs 30 points."""
    assert MODELING.coverage.off_topic_below == 0.2 and MODELING.coverage.off_topic_cap == 50
    assert policy.capped(100.0, share, MODELING) == pytest.approx(cap)
    assert policy.capped(40.0, share, MODELING) == 40.0 and policy.capped(100.0, None, MODELING) == 100.0
