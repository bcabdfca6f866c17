"""Issue 11 item 4: an answer to another question is capped; an incomplete answer to this one is not. Low coverage
of the key points alone does not tell them apart (a true story in its own words can meet none of a behavioral
prompt's points), so the answer's meaning decides: which prompt of the round its most telling sentences are near."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from interviewer.bank.rubrics import load_rubric
from interviewer.score import score, sentences
from interviewer.scoring.topic import TopicFit, topic_fit

sys.path.insert(0, str(Path(__file__).parent))
from test_scoring_meaning import said  # noqa: E402


class Axes:
    """A hand-made embedder: each text is a unit vector along the axis its first word names."""

    AXES = {"sessions": 0, "ranking": 1, "weather": 2}

    def embed(self, texts):
        rows = np.zeros((len(texts), 3), dtype=np.float32)
        for i, t in enumerate(texts):
            rows[i, self.AXES.get(t.split()[0].lower().strip(".,"), 2)] = 1.0
        return rows


def test_the_topic_is_the_prompt_its_most_telling_sentences_are_near():
    sents = sentences(said("Sessions start after a gap.", "Sessions are numbered by a running sum.", "Weather was nice.").words)
    fit = topic_fit(sents, Axes(), [["ranking the top three titles"], ["sessions from play events"]])
    assert fit == TopicFit(own=0.0, nearest=round(2 / 3, 4))  # two of the three most telling sentences say sessions
    assert fit.elsewhere(margin=0.15, floor=-1.0)
    near = topic_fit(sents, Axes(), [["sessions from play events"], ["ranking the top three titles"]])
    assert near is not None and not near.elsewhere(margin=0.15, floor=0.2)
    assert topic_fit(sents, None, [["x"]]) is None and topic_fit(sents, Axes(), []) is None


@pytest.fixture(scope="module")
def minilm():
    from interviewer.embed import default_embedder

    try:
        return default_embedder()
    except Exception as e:
        pytest.skip(f"no sentence-embedding model: {e}")


STORY = said(
    "Last spring the hourly export we send to our billing partner started missing its window about twice a week.",
    "I was the one who had built it, so getting it back on time was my job.",
    "I traced it to the analysts' big morning reports running on the same machines, so I gave the export its own.",
    "I also made each run pick up where the last one stopped, instead of starting over.",
    "It has gone out on time every hour since then, and the partner dropped the late fee from our contract.",
)
SESSIONS = said(
    "Do sessions cross midnight, or do we cut them at the end of the day?",
    "I take the time since the previous play of the same profile with lag.",
    "A gap over thirty minutes starts a new session and a running sum numbers the sessions.",
    "Grouping by profile and that number gives each session's start and end.",
)


def _scored(transcript, rubric_name: str, prompt_id: str, embedder):
    from interviewer.pipeline import score_transcript

    from interviewer.bank.prompts import find_prompt

    return score_transcript(transcript, load_rubric(rubric_name), prompt_id=prompt_id,
                            key_points=list(find_prompt(prompt_id).prompt.key_points), embedder=embedder)


def test_a_story_that_meets_few_of_the_points_still_answers_the_question(minilm):
    """Scored without the prompt's examples of its points (which now hear most of this story), so that coverage is
    low and only the answer's meaning tells it from an answer to another question."""
    from interviewer.bank.prompts import contrast_points, find_prompt, prompt_topics

    pid = "behavioral-pipeline-owned"
    rubric = load_rubric("behavioral-star")
    report = score(STORY, rubric, prompt_id=pid, key_points=list(find_prompt(pid).prompt.key_points), embedder=minilm,
                   contrast=contrast_points(pid), topics=prompt_topics(pid))
    assert report.coverage is not None and report.coverage.credit < rubric.coverage.off_topic_below * report.coverage.total
    assert not any("did not answer the question" in f for f in report.feedback)
    assert report.score > rubric.coverage.off_topic_cap


def test_an_answer_to_another_question_is_capped_and_told_so(minilm):
    report = _scored(SESSIONS, "sql", "sql-top-n-per-group", minilm)
    assert report.score <= load_rubric("sql").coverage.off_topic_cap
    assert any("did not answer the question" in f for f in report.feedback)


def test_without_the_sentence_model_low_coverage_alone_caps():
    from interviewer.bank.prompts import find_prompt

    rubric = load_rubric("behavioral-star")
    report = score(STORY, rubric, prompt_id="behavioral-pipeline-owned",
                   key_points=list(find_prompt("behavioral-pipeline-owned").prompt.key_points))
    assert report.score <= rubric.coverage.off_topic_cap


# --- a key point worded as what to say ("what went wrong") is heard by the prompt's examples of saying it --------


def test_a_point_worded_as_a_slot_is_heard_by_its_examples(minilm):
    """'what went wrong' names what to say; a story says it in its own words. With the prompt's examples (data), the
    sentence that says it covers the point; without them it does not."""
    from interviewer.bank.prompts import contrast_points, find_prompt
    from interviewer.scoring.coverage import find_key_points

    prompt = find_prompt("behavioral-pipeline-owned").prompt
    point = "what went wrong"
    assert prompt.examples.get(point)
    sents = sentences(said("Every few weeks the export stalled for hours, because two jobs tried to write the same file.").words)
    bare = find_key_points(sents, [point], minilm, contrast=contrast_points("behavioral-pipeline-owned"))
    heard = find_key_points(sents, [point], minilm, contrast=contrast_points("behavioral-pipeline-owned"),
                            examples=prompt.examples)
    assert bare is not None and heard is not None and heard.credit > bare.credit and heard.items[0].covered


def test_examples_must_belong_to_a_key_point():
    from pydantic import ValidationError

    from interviewer.bank.prompts import Prompt

    with pytest.raises(ValidationError, match="not key points"):
        Prompt(id="x", title="x", text="Tell me.", target_s=60, key_points=["what went wrong"],
               examples={"what went right": ["It worked."]})


def test_the_note_on_a_missed_slot_point_suggests_its_example_not_its_wording():
    from interviewer.scoring.advice import coverage_note
    from interviewer.types import Coverage, KeyPointHit

    cov = Coverage(covered=0, total=1, items=[KeyPointHit(point="what went wrong", covered=False,
                                                          example="One night the job dropped half its rows.")])
    note = coverage_note(cov)
    assert note is not None and "e.g. “One night the job dropped half its rows.”" in note and "“What went wrong.”" not in note
    plain = coverage_note(Coverage(covered=0, total=1, items=[KeyPointHit(point="row number per profile", covered=False)]))
    assert plain is not None and "Next time say it: “Row number per profile.”" in plain


def test_overlapping_prompts_are_never_the_other_question(tmp_path):
    """A data-quality story may be the duplicates one: prompts that name each other in ``overlaps`` (either side) are
    left out of the neighbours an answer is taken for; an overlap naming no prompt of the rubric is refused."""
    from interviewer.bank.prompts import PROMPTS_DIR, load_bank, prompt_topics
    from interviewer.errors import PromptError

    questions = [group[0] for group in prompt_topics("behavioral-duplicates")]
    bank = {b.id: b.prompt.text for b in load_bank()}
    assert bank["behavioral-data-quality"] not in questions and bank["behavioral-pii"] in questions
    for f in PROMPTS_DIR.glob("*.toml"):
        (tmp_path / f.name).write_text(f.read_text())
    bad = tmp_path / "behavioral.toml"
    bad.write_text(bad.read_text().replace('overlaps = ["behavioral-duplicates"', 'overlaps = ["no-such-prompt"', 1))
    with pytest.raises(PromptError, match="no-such-prompt"):
        load_bank(tmp_path)
