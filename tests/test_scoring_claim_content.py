"""Claims need reasons with content (issue 11 items 1-2): a blanket "so we backfill" hung on a list of failure
names, or the "when" of the signpost "this breaks when", explains nothing; a failure whose mechanism or
mitigation is said still counts. Hand-made transcripts in this file's own wording."""

from __future__ import annotations

import pytest

from interviewer import score as S
from interviewer.bank.rubrics import REASON_MARKERS, load_rubric
from interviewer.scoring import claims
from interviewer.types import Transcript, Word


def spoken(text: str, step: float = 0.3) -> list[Word]:
    return [Word(text=w, start=i * step, end=i * step + step * 0.8) for i, w in enumerate(text.split())]


def volunteered(text: str, rubric: str = "modeling") -> list[str]:
    sents = S.sentences(spoken(text))
    fm = claims.find_failure_modes(sents, load_rubric(rubric))
    assert fm is not None
    return fm.items


@pytest.mark.parametrize("text,ok", [
    ("so we backfill", False),  # the marker's only content is another failure's name
    ("so you need monitoring", False),
    ("because of retries", False),
    ("so we reprocess the last two days", True),
    ("which means one phone's plays land a day late", True),
])
def test_a_reason_marker_needs_words_of_content_after_it(text, ok):
    assert claims.gives_reason(text, REASON_MARKERS) is ok


def test_a_list_of_failure_names_with_a_blanket_tail_is_a_list():
    assert claims.is_list("Data loss, hot keys and lag, so you need alerts.", REASON_MARKERS)
    assert not claims.is_list("Two apps retry, so the same play arrives twice, and we drop the repeat.", REASON_MARKERS)


def test_a_blanket_reason_after_a_list_of_failures_explains_none_of_them():
    assert volunteered("Things that go wrong are schema changes, duplicates and skew, so we backfill.") == []


def test_the_signpost_when_is_not_a_reason():
    assert volunteered("This breaks when there is schema drift.") == []
    assert volunteered("This breaks when a source starts sending a new column overnight, so the loader rejects every row after it.") \
        == ["new column"]


def test_a_mechanism_said_in_plain_words_counts():
    said = volunteered("Duplicates are the other danger: the player resends a play when the network drops, "
                       "so we keep the event id and throw away repeats.")
    assert said == ["duplicates"]


def test_a_reason_linking_two_failures_explains_both():
    assert sorted(volunteered("Plays that arrive late after the watermark would be lost, so we reprocess the last "
                              "two days every night.")) == ["arrive late", "reprocess"]


def test_a_cue_heavy_answer_earns_fewer_failure_points_than_a_plain_one():
    rubric = load_rubric("modeling")
    cued = spoken("The grain of this fact is one row per play. The trade-off here is cost. "
                  "This breaks when there are late events, duplicates, skew and GDPR, so we backfill.")
    plain = spoken("Every row here is one play of one song by one listener. Phones that were offline send their "
                   "plays a day later, so each night we reload the last three days. The player also resends a play "
                   "when the network drops, so we keep its event id and drop the repeat.")
    a = S.score(Transcript(words=cued, duration_s=cued[-1].end + 0.5), rubric)
    b = S.score(Transcript(words=plain, duration_s=plain[-1].end + 0.5), rubric)
    assert a.failure_modes.volunteered == 0
    assert b.failure_modes.volunteered >= 1
    assert b.subscores["failure_modes"] > a.subscores["failure_modes"]


def test_a_sentence_level_reason_needs_content_too():
    assert not claims.reasoned("Hot keys, so we backfill.", 2, REASON_MARKERS)
    assert claims.reasoned("Hot keys pile one tenant onto a single worker, so we salt the key.", 2, REASON_MARKERS)
