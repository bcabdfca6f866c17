"""Claims need reasons, everywhere a point is credited: a list of terms names no seniority phrase, covers no key
point and tells no STAR part; a phrase heard only by meaning needs the beat it belongs to (issue 11 items 2, 4)."""

from __future__ import annotations

import sys
from pathlib import Path

from interviewer.bank.rubrics import load_rubric
from interviewer.score import score, sentences
from interviewer.scoring.coverage import find_key_points
from interviewer.scoring.phrases import find_phrases
from interviewer.scoring.star import find_star

sys.path.insert(0, str(Path(__file__).parent))
from fake_embed import FakeEmbedder  # noqa: E402
from test_scoring_meaning import said  # noqa: E402

MODELING = load_rubric("modeling")
STAR = load_rubric("behavioral-star")
TERMS = "Star schema, one row per order line, the grain, surrogate keys, type two, partition by date, GDPR, backfill."


def test_a_phrase_said_inside_a_list_of_terms_is_not_said():
    listed = said(TERMS)
    assert not any(p.found for p in find_phrases(listed.words, MODELING, sentences(listed.words)))
    told = said("I'll treat this as a star schema, and the grain of this fact is one row per order line.")
    assert next(p for p in find_phrases(told.words, MODELING, sentences(told.words)) if p.id == "grain").found


def test_a_key_point_named_in_a_list_of_terms_is_not_covered():
    points = ["order line as the grain of the sales fact", "product dimension type two so price history is kept"]
    listed = find_key_points(sentences(said(TERMS, "Order line grain, sales fact, product type two, price history.").words), points)
    assert listed is not None and listed.covered == 0
    told = find_key_points(sentences(said("The grain of the sales fact is one order line, because returns are per item.",
                                          "The product dimension is type two, so the price history is kept.").words), points)
    assert told is not None and told.covered == 2


def test_a_phrase_heard_by_meaning_needs_the_beat_it_supports():
    t = said("Where could this go wrong, I wonder.")
    sents = sentences(t.words)
    fake = FakeEmbedder()
    heard = {p.id: p.found for p in find_phrases(t.words, MODELING, sents, fake)}
    assert heard["breaks"]  # sounds like one of the phrase's examples
    without = {p.id: p.found for p in find_phrases(t.words, MODELING, sents, fake, heard_beats=["frame", "build"])}
    assert not without["breaks"]
    with_beat = {p.id: p.found for p in find_phrases(t.words, MODELING, sents, fake, heard_beats=["stress"])}
    assert with_beat["breaks"]


def test_a_star_part_told_only_in_terms_is_not_told_and_no_story_earns_no_length_credit():
    t = said("At least once delivery, idempotent sink, double counted revenue.", "Merge on event id, idempotency contract, reconciliation.")
    parts, total, order = find_star(sentences(t.words), STAR)
    assert not any(p.present for p in parts) and total is None and order == []
    report = score(t, STAR)
    assert report.subscores["star"] == 0.0


# --- coverage by meaning: the point nearest to what was said, among the neighbouring questions' points -------


def test_a_point_said_in_other_words_is_covered_when_it_is_the_nearest_of_the_bank():
    """issue 11 item 4: a sentence that is nearer this prompt's point than any point of the bank's other prompts
    (and at least a little near) makes that point, however plainly it is worded; an answer to another question is
    nearer that question's points and covers nothing here."""
    points = ["late events handled with a watermark and a backfill window"]
    contrast = ["tumbling windows are fixed and non overlapping", "salt the key with a hash of the profile id"]
    fake = FakeEmbedder()
    plain = sentences(said("Events that come late are handled, every night the job reruns.").words)
    alone = find_key_points(plain, points, fake)
    assert alone is not None and alone.credit == 0  # not close enough on its own ...
    near = find_key_points(plain, points, fake, contrast=contrast)
    # ... but nearer this point than any neighbour's (by 0.028 of cosine here: nearly all of the credit, a tie half)
    assert near is not None and near.credit > 0.9
    other = sentences(said("I would salt the hot key with a hash of the profile id.").words)
    off = find_key_points(other, points, fake, contrast=contrast)
    assert off is not None and off.credit == 0


def test_the_neighbouring_points_are_the_bank_prompts_of_the_same_rubric():
    from interviewer.bank.prompts import contrast_points, find_prompt, load_bank

    own = find_prompt("modeling-viewing-history")
    others = contrast_points(own.id)
    assert others and not set(own.prompt.key_points) & set(others)
    same = {k for b in load_bank() if b.rubric == own.rubric and b.id != own.id for k in b.prompt.key_points}
    assert set(others) == same
    assert contrast_points("no-such-prompt") == []


def test_a_filler_inside_a_phrase_is_a_pause_not_a_list_separator():
    """"So my um, manager said, can you own this?" is a sentence broken by a filler; "Kafka, um, Flink, uh, Iceberg,
    dbt." and "Kafka um, Flink uh, Iceberg, dbt." stay lists of terms."""
    from interviewer.scoring.claims import is_list

    reasons = ["so", "because"]
    assert not is_list("So my um, manager said, can you own this?", reasons)
    assert is_list("Kafka, um, Flink, uh, Iceberg, dbt.", reasons)
    assert is_list("Kafka um, Flink uh, Iceberg, dbt.", reasons)
