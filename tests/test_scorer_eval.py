"""The scorer measured on the labelled evaluation set (tests/evalset.py): real voices, the real model.

Presence of every beat and STAR part exactly right, boundaries within 3 s, silences of 3 s or more
found within 0.5 s with none spurious, and every strong answer above every flawed one.
`scripts/eval_scorer.py` prints the same measurements as a table.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from evalset import CASES, Outcome, evaluate  # noqa: E402

# Known misses of the scorer, measured and reported under issue 11 (the assertions still run: a fix shows as XPASS; remove an entry
# when it passes). m-orders-late-questions regressed with the deterministic, prompt-free decode of issue
# 16 (Whisper merges "…by order date if a return shows up weeks after the sale." into one sentence, so
# the stress beat is not opened); the others are the plain-word SQL, streaming and design answers added
# to the set to find failure modes, which the scorer still segments too coarsely.
KNOWN_REGRESSIONS = {
    ("test_parts_present_exactly", "q-cohort-plain-strong"),
    ("test_boundaries_within_3s", "q-cohort-plain-strong"),
    ("test_parts_present_exactly", "d-experiments-late-questions"),
    ("test_boundaries_within_3s", "d-experiments-late-questions"),
    # third session: nine answers in new styles (late questions in everyday words, a remark before the
    # questions, rambling and filler-heavy, short senior, a story starting mid-action), added to find failure
    # modes; these still miss a beat (tiny.en merges a question into the frame, a plain-word build or frame
    # sounds like no beat), and the promptless m-orders-no-clarify (87) still outscores two plain-word strong
    # modeling answers (61-63)
    *(("test_parts_present_exactly", c) for c in ("m-rides-oh-wait", "m-iot-short-senior")),  # boundaries right since the fifth session
    *(("test_boundaries_within_3s", c) for c in ("q-funnel-one-thing", "d-gdpr-before-i-go-on")),  # every part heard since the fifth session
    ("test_boundaries_within_3s", "t-eventtime-asks-at-the-end"),  # every beat heard since the fourth session
    ("test_boundaries_within_3s", "m-subs-rambling-strong"),  # every beat heard since the fourth session; the build runs long
    ("test_boundaries_within_3s", "s-outage-out-of-order"),  # every part heard; the action told first runs 28 s long
    ("test_strong_answers_outscore_flawed_ones", "modeling"),  # sixth session: plain-word strong answers 45-74 below the promptless m-orders-no-clarify (77) and m-payments-thinking (72), which pay no coverage
    # Boundaries 3.4-3.5 s off on the transcripts of this machine's decode, before the fourth session too.
    ("test_boundaries_within_3s", "m-viewing-off-topic"),
    ("test_boundaries_within_3s", "m-ads-remark-then-questions"),
    # fourth session: eight answers in styles the set lacked (everyday words, implied beats, rambling, headline
    # first, narrated SQL, an analogy), added to find failure modes; these still miss a part or place one badly
    *(("test_parts_present_exactly", c) for c in (
        "m-rides-plain-no-stress", "s-report-headline-plain",
        "q-top-titles-narrated", "d-recs-rambling", "q-dedup-plain-no-checks")),
    *(("test_boundaries_within_3s", c) for c in (
        "m-ads-rambling-implied", "s-report-headline-plain", "m-rides-plain-no-stress", "d-quality-checks-plain",
        "q-top-titles-narrated", "m-claims-plain-late-question",
        "d-recs-rambling", "q-dedup-plain-no-checks")),
    ("test_strong_answers_outscore_flawed_ones", "design"),  # d-recs-rambling (36) below d-gdpr-before-i-go-on (39)
    # fifth session: the check set (written before that session's changes, never tuned on), as the scorer of
    # the fourth session heard it
    *(("test_parts_present_exactly", c) for c in (
        "c-lifecycle-plain-strong", "c-experiments-model-late", "c-star-bill-headline", "c-sql-spine-narrated",
        "c-ab-design-late")),  # c-ab-design-late: its build lost since the frame is announced
    *(("test_boundaries_within_3s", c) for c in (
        "c-lifecycle-plain-strong", "c-experiments-model-late", "c-star-bill-headline", "c-sql-spine-narrated",
        "c-stream-backlog-plain", "c-ab-design-late")),
    ("test_strong_answers_outscore_flawed_ones", "sql"),  # c-sql-spine-narrated (34, frame and stress not heard) below q-funnel-one-thing (40)
    # 2026-12-02: every file is now decoded in the live round's pieces (issue 16.1), without a context prompt; the
    # punctuation and a few words moved, and with them these (the fifth session's scorer, tuned on the former
    # whole-file transcripts): q-funnel-one-thing loses its build, s-bookings-wandering its situation,
    # m-rides-oh-wait's two late questions are heard as one ("Oh, wait Do we also need …?") and c-ab-design-late's
    # one as two, five boundaries
    # land 3.05-6.2 s off, and a STAR strong answer scores 45, below the flawed ones' 67
    *(("test_parts_present_exactly", c) for c in ("q-funnel-one-thing", "s-bookings-wandering")),
    *(("test_boundaries_within_3s", c) for c in (
        "m-subscriptions-strong", "t-schemas-plain-strong", "m-orders-everyday-words",
        "s-bookings-wandering")),
    ("test_strong_answers_outscore_flawed_ones", "behavioral-star"),  # s-report-headline-plain 45, c-star-bill-headline 57: a headline result and its task not heard
    ("test_questions_after_committing_are_late_not_clarifying", "m-rides-oh-wait"),
    ("test_questions_after_committing_are_late_not_clarifying", "c-ab-design-late"),  # "…which version M1." heard as a question
    # sixth session: m-viewing-plain-strong's clarify is not heard on the transcripts made on this machine at the
    # start of the session (the same code gives a little different punctuation from one machine to another)
    ("test_parts_present_exactly", "m-viewing-plain-strong"),
    # sixth session: the second check set (written before that session's changes, never tuned on), as the scorer
    # of the fifth session hears it: a part missed or made up in every answer but one (a plain-word frame or stress
    # beat sounds like the build, a flat late question is not heard as one); its two lists of terms that scored
    # above a real answer of their prompt (48 and 29) score 0 since a list earns no phrase, key point or STAR part
    *(("test_parts_present_exactly", c) for c in (
        "n-renewal-plain-strong", "n-renewal-no-reasons", "n-handoff-narrated-strong",
        "n-handoff-by-device-late", "n-hotkey-plain-strong", "n-hotkey-bare-fix", "n-windows-offtopic",
        "n-forget-plain-strong", "n-forget-late-flawed", "n-star-dupes-midaction", "n-star-dupes-vague")),
    *(("test_boundaries_within_3s", c) for c in (
        "n-renewal-plain-strong", "n-handoff-narrated-strong", "n-handoff-by-device-late", "n-hotkey-plain-strong",
        "n-hotkey-bare-fix", "n-windows-offtopic", "n-forget-plain-strong", "n-forget-late-flawed",
        "n-star-dupes-midaction", "n-star-dupes-vague")),
    *(("test_questions_after_committing_are_late_not_clarifying", c) for c in (
        "n-handoff-by-device-late", "n-forget-late-flawed")),  # the late questions are not heard as questions
    # seventh session: the third check set (written before that session's changes, never tuned on), as the scorer of
    # the sixth session hears it: a part missed or made up in 13 of its 16 answers; its flawed answers heavy with the
    # rubric's words outscore the plain-word strong ones (streaming: k-kappa-cue-heavy 50 above k-kappa-terse-strong
    # 40; design: k-quality-cue-heavy 70 above d-experiments-plain-strong); and on this machine's transcripts
    # m-payments-thinking's boundaries are 3.7 s off (before any change of that session too)
    *(("test_parts_present_exactly", c) for c in (
        "k-claims-nervous-strong",
        "k-claims-cue-heavy",
        "k-claims-wrong-order",
        "k-iot-terse-strong",
        "k-iot-cue-heavy",
        "k-star-rename-nervous-headline",
        "k-star-load-terse-headline",
        "k-price-cue-heavy",
        "k-kappa-terse-strong",
        "k-kappa-cue-heavy",
        "k-quality-nervous-strong",
        "k-quality-cue-heavy",
        "k-quality-wrong-order",
    )),
    *(("test_boundaries_within_3s", c) for c in (
        "m-payments-thinking",
        "k-claims-wrong-order",
        "k-iot-terse-strong",
        "k-star-rename-nervous-headline",
        "k-star-load-terse-headline",
        "k-price-nervous-strong",
        "k-kappa-terse-strong",
        "k-kappa-cue-heavy",
        "k-quality-nervous-strong",
        "k-quality-cue-heavy",
        "k-quality-wrong-order",
    )),
    ("test_strong_answers_outscore_flawed_ones", "streaming"),
    ("test_questions_after_committing_are_late_not_clarifying", "k-quality-wrong-order"),  # its one late question not heard
    ("test_strong_answers_in_plain_words_are_heard", "d-experiments-plain-strong"),
    # eighth session: 14 development answers (frames said as an outline in everyday words, stories told without STAR
    # vocabulary, one headline first), added before that session's further changes, as its first scorer heard them
    *(("test_parts_present_exactly", c) for c in (
        "q-running-plan-strong", "q-dau-two-halves-strong", "t-windows-map-strong", "t-walkthrough-hops-strong",
        "s-latency-headline-strong", "s-disagree-vague", "s-owned-wandering-strong")),
    *(("test_boundaries_within_3s", c) for c in (
        "q-running-plan-strong", "q-dau-two-halves-strong", "t-windows-map-strong", "s-redesign-plain-strong",
        "s-latency-headline-strong", "s-disagree-vague")),
    # eighth session, second batch (streaming frames said as a verdict, a definition, a rule, a diagnosis): the flawed
    # answer of two bare definitions is heard as build only; three boundaries 3-13 s off
    ("test_parts_present_exactly", "t-kappa-no-verdict"),
    *(("test_boundaries_within_3s", c) for c in (
        "t-kappa-verdict-strong", "t-kappa-no-verdict", "t-eventtime-definition-strong", "t-schemas-principle-strong")),
    # eighth session, third batch (stories told in the present, action first, all 'we', heavy fillers): a run-on the
    # model left unpunctuated, a story that goes back to the action after its context (a part is one run), a task
    # said as 'we needed to' (not owned), a result heard as 'we had' (the model dropped "'ve")
    *(("test_parts_present_exactly", c) for c in ("s-present-tense-strong", "s-we-heavy-flawed", "s-disfluent-strong")),
    *(("test_boundaries_within_3s", c) for c in (
        "s-present-tense-strong", "s-we-heavy-flawed", "s-action-first-strong", "s-disfluent-strong")),
    # eighth session, fourth batch (questions asked indirectly): two late questions joined into one ("…, and I'm not
    # sure if …" continues the one before), and the second one heard as a stress beat by its meaning
    ("test_parts_present_exactly", "m-indirect-late-flawed"),
    ("test_questions_after_committing_are_late_not_clarifying", "m-indirect-late-flawed"),
    # ninth session: 16 development answers, as the scorer heard them after that session's question, off-topic and
    # task changes. Two late questions joined into one ('…? Oh, and do refunds …' continues the one before); a tag
    # question and a garbled one ('Is the lateness …' heard as 'It's the latest mistake'); a situation told again
    # inside the action (one run); a one-sentence SQL plan swallowed by the build or the build by the plan; a
    # definition heard as the build; boundaries off where a part is told twice or a question sits inside the build;
    # the answer to the sessions question covering one top-n point by 'lag' heard as 'light'
    *(("test_parts_present_exactly", c) for c in (
        "m-subs-late-flawed", "d-recs-late-tag-flawed", "q-topn-late-flawed", "s-stuck-partition-revisit",
        "s-two-results-vague", "q-dedup-plan-strong", "t-backpressure-plain-strong")),
    *(("test_boundaries_within_3s", c) for c in (
        "m-subs-late-flawed", "d-recs-late-tag-flawed", "q-topn-late-flawed", "t-watermark-late-flawed",
        "m-ads-statements-strong", "m-subs-plain-strong", "s-stuck-partition-revisit", "s-redesign-asked-later",
        "s-two-results", "s-two-results-vague", "q-sessions-plan-strong", "q-dedup-plan-strong",
        "t-backpressure-plain-strong")),
    *(("test_questions_after_committing_are_late_not_clarifying", c) for c in ("m-subs-late-flawed", "t-watermark-late-flawed")),
    ("test_an_answer_to_another_question_scores_at_most_50", "q-topn-offtopic"),
    # tenth session: 14 development answers, as the scorer of the ninth session hears them: a story's opening
    # situation joined to the task after it, or lost where the story starts with the fix; a situation told as 'we
    # had …' heard as no part; a build of plain column lists swallowed by the frame; the price of a guarantee not
    # heard as the stress beat; a frame said as 'I'd think of it as …' or as a list of tools not heard; boundaries
    # off where a part is missed or a thinking pause sits inside a part
    # (since fixed, and taken off: the situations told as how things always went or going on into a list, the price
    # of exactly-once as its stress, 'I'd think of it as …' as a frame)
    *(("test_parts_present_exactly", c) for c in ("m-royalties-no-stress", "d-dq-tools-flawed")),
    *(("test_boundaries_within_3s", c) for c in (
        "s-disagree-lesson-first", "s-disagree-generic", "s-influence-dialogue", "s-pii-we-not-i", "s-dq-backwards",
        "m-royalties-no-stress", "q-funnel-narrated-strong", "d-dq-tools-flawed")),
}


def _known(request, key: str) -> None:
    if (request.node.originalname, key) in KNOWN_REGRESSIONS:
        request.applymarker(pytest.mark.xfail(reason="known miss of the scorer (issue 11), measured: see KNOWN_REGRESSIONS", strict=False))


@pytest.fixture(scope="module")
def outcomes(transcriber, tmp_path_factory) -> dict[str, Outcome]:
    """Every case synthesized, transcribed and scored. ``MOCK_EVAL_CACHE=<folder>`` reuses the transcripts
    ``scripts/eval_scorer.py --cache <folder>`` kept (keyed by the case, the voice, the model and the
    transcriber's code), for quick runs while changing the scorer; CI transcribes every time."""
    import os

    d = tmp_path_factory.mktemp("evalset")
    cache = Path(os.environ["MOCK_EVAL_CACHE"]) if os.environ.get("MOCK_EVAL_CACHE") else None
    return {c.id: evaluate(c, transcriber, d, cache=cache) for c in CASES}


def test_the_set_is_big_and_varied():
    assert len(CASES) >= 12
    assert {c.voice for c in CASES} == {"piper", "espeak"}
    assert {c.rubric for c in CASES} == {"modeling", "behavioral-star", "sql", "streaming", "design"}
    assert any(c.quality == "strong" for c in CASES) and sum(c.quality == "flawed" for c in CASES) >= 6


@pytest.mark.parametrize("case_id", [c.id for c in CASES])
def test_parts_present_exactly(request, outcomes, case_id):
    _known(request, case_id)
    o = outcomes[case_id]
    assert set(o.found()) == set(o.truth), o.report.feedback


@pytest.mark.parametrize("case_id", [c.id for c in CASES])
def test_boundaries_within_3s(request, outcomes, case_id):
    _known(request, case_id)
    o = outcomes[case_id]
    errors = o.boundary_errors()
    if not o.truth:  # a list of terms has no beat to place
        assert errors == {}, errors
        return
    assert errors and max(errors.values()) <= 3.0, errors


@pytest.mark.parametrize("case_id", [c.id for c in CASES])
def test_silences_found_within_half_a_second_and_none_spurious(outcomes, case_id):
    matched, spurious, missed, worst = outcomes[case_id].silence_match(0.5)
    assert (missed, spurious) == (0, 0), outcomes[case_id].report.silences
    assert worst <= 0.5


@pytest.mark.parametrize("rubric", ["modeling", "behavioral-star", "sql", "streaming", "design"])
def test_strong_answers_outscore_flawed_ones(request, outcomes, rubric):
    _known(request, rubric)
    strong = {i: o.report.score for i, o in outcomes.items() if o.case.rubric == rubric and o.case.kind == "strong"}
    flawed = {i: o.report.score for i, o in outcomes.items() if o.case.rubric == rubric and o.case.kind == "flawed"}
    assert strong and flawed
    assert min(strong.values()) > max(flawed.values()), (strong, flawed)


def test_what_each_flaw_costs_is_said(outcomes):
    """The feedback names the flaw each flawed answer was built with."""
    fb = {i: " ".join(o.report.feedback).lower() for i, o in outcomes.items()}
    assert "committed before asking" in fb["m-orders-no-clarify"]
    assert "stress-tested" in fb["m-ads-no-stress"]
    assert "grain" in fb["m-playlists-no-frame"]
    assert "silent" in fb["m-iot-build-only"]
    assert outcomes["m-payments-thinking"].report.thinking_time_s == pytest.approx(7.5, abs=0.6)
    assert "before your first word" in fb["m-payments-thinking"]
    assert "no result" in fb["s-oncall-no-result"] or "no number" in fb["s-oncall-no-result"]
    assert "no task" in fb["s-conflict-no-task"]
    mig = {p.name: p for p in outcomes["s-migration-rambling"].report.star}
    assert mig["situation"].verdict == "long" and not mig["result"].has_metric
    billing = {p.name: p for p in outcomes["s-billing-strong"].report.star}
    assert billing["result"].has_metric


def test_clarifying_questions_are_counted_before_commitment(outcomes):
    trips = outcomes["m-trips-strong"].report
    assert len(trips.clarifying_questions) >= 2
    frame = next(b for b in trips.beats if b.name == "frame")
    assert all(q.at < frame.start for q in trips.clarifying_questions)
    assert outcomes["m-orders-no-clarify"].report.clarifying_questions == []


def test_fillers_are_heard(outcomes):
    """Whisper is prompted to keep disfluencies: the answers spoken with fillers report them."""
    for case_id in ("m-claims-pauses", "s-latency-pauses"):
        assert outcomes[case_id].report.fillers.count >= 3, outcomes[case_id].report.transcript
    assert outcomes["m-trips-strong"].report.fillers.count <= 1


# ---- the kinds a keyword scorer got wrong (issue 11) ------------------------------------------

RESULT_FIRST = ("s-export-result-first",)
PLAIN_WORDS = ("m-viewing-plain-strong", "s-schema-plain-strong", "q-cohort-plain-strong", "t-schemas-plain-strong",
               "d-experiments-plain-strong")


def test_the_set_has_every_new_kind():
    kinds = {c.kind for c in CASES}
    assert {"buzzword", "offtopic"} <= kinds
    assert any(c.late_questions for c in CASES)
    assert all(i in {c.id for c in CASES} for i in RESULT_FIRST + PLAIN_WORDS)


@pytest.mark.parametrize("case_id", [c.id for c in CASES if c.kind == "buzzword"])
def test_a_buzzword_list_ranks_below_every_real_answer(request, outcomes, case_id):
    """A bare list of terms earns little: below every answer of its rubric that says something."""
    _known(request, case_id)
    for o in [outcomes[case_id]]:
        real = {i: x.report.score for i, x in outcomes.items() if x.case.rubric == o.case.rubric and x.case.kind in ("strong", "flawed")}
        assert o.report.score < min(real.values()), (o.report.score, real)
        assert o.report.failure_modes is None or o.report.failure_modes.volunteered == 0, o.report.failure_modes


@pytest.mark.parametrize("case_id", [c.id for c in CASES if c.late_questions])
def test_questions_after_committing_are_late_not_clarifying(outcomes, case_id, request):
    _known(request, case_id)
    for o in [outcomes[case_id]]:
        r = o.report
        assert r.clarifying_questions == [] and not next(b for b in r.beats if b.name == "clarify").present
        assert len(r.late_questions) == o.case.late_questions, r.late_questions
        committed = next(b for b in r.beats if b.name != "clarify" and b.present)  # the first beat after clarify heard
        assert all(q.at > committed.start for q in r.late_questions)
        assert any("after you committed" in f for f in r.feedback), r.feedback


@pytest.mark.parametrize("case_id", RESULT_FIRST)
def test_a_story_told_result_first_keeps_every_part_in_the_order_spoken(outcomes, case_id):
    r = outcomes[case_id].report
    assert all(p.present for p in r.star), r.star
    assert r.star_order[0] == "result"
    assert next(p for p in r.star if p.name == "result").has_metric
    flawed = [x.report.score for x in outcomes.values() if x.case.rubric == r.rubric and x.case.kind == "flawed"]
    assert r.score > max(flawed), (r.score, max(flawed), r.feedback)
    assert not any("order" in f.lower() for f in r.feedback), r.feedback


@pytest.mark.parametrize("case_id", [c.id for c in CASES if c.kind == "offtopic"])
def test_an_answer_to_another_question_scores_at_most_50(request, outcomes, case_id):
    _known(request, case_id)
    o = outcomes[case_id]
    assert o.report.score <= 50, (o.report.score, o.report.subscores)
    assert o.report.coverage is not None and o.report.coverage.covered * 3 <= o.report.coverage.total
    assert any("did not answer the question" in f for f in o.report.feedback), o.report.feedback


@pytest.mark.parametrize("case_id", PLAIN_WORDS)
def test_strong_answers_in_plain_words_are_heard(request, outcomes, case_id):
    _known(request, case_id)
    o = outcomes[case_id]
    flawed = [x.report.score for x in outcomes.values() if x.case.rubric == o.case.rubric and x.case.kind == "flawed"]
    assert o.report.score > max(flawed), (o.report.score, max(flawed), o.report.feedback)


def test_coverage_weighs_in_when_the_prompt_is_known(outcomes):
    for o in outcomes.values():
        if o.case.prompt_id:
            assert "coverage" in o.report.subscores, o.case.id
