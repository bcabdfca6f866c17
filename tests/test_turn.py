"""End of the answer, decided like a person (issue 15.1): the judge on text, then synthesized answers with
thinking pauses of 5.5-8 s inside unfinished thoughts, through the recorder and the real streaming model."""

from __future__ import annotations

import pytest

from interviewer.turn import EndOfTurn, ending, load_cues


@pytest.mark.parametrize("text,kind", [
    ("I'd partition the fact by trip date.", "complete"),
    ("The grain is one row per trip, and", "open"),
    ("The grain is one row per trip and so", "open"),
    ("It matters because", "open"),
    ("For the dimensions I'd use, for example", "open"),
    ("We could cluster it by city...", "open"),
    ("Should I partition by date?", "open"),
    ("Hmm, give me a second to think.", "more"),
    ("Let me think about that.", "more"),
    ("I held on to the plan and it worked.", "complete"),
    ("end of the quarter what I did first was", "open"),
    ("and then we shipped it", "open"),
    ("", "unknown"),
])
def test_how_the_answer_ends(text, kind):
    assert ending(text, load_cues()) == kind


def test_the_wait_follows_the_ending_and_the_progress():
    said = {"text": "", "covered": 0.0, "last_word": 0.0}
    turn = EndOfTurn(lambda: (said["text"], said["covered"], said["last_word"]), target_s=60.0, ceiling_s=8.0)
    cues = load_cues()
    assert turn.wait_s(10.0, 9.0) == 8.0  # nothing decoded yet: the ceiling
    said.update(text="The grain is one row per trip.", covered=9.2, last_word=8.95)
    assert turn.wait_s(10.0, 9.0) == cues.early_s  # finished, but a third of the way to the target
    assert turn.wait_s(40.0, 39.0) == 8.0  # the text does not reach the last speech: unknown
    said.update(covered=39.1)
    assert turn.wait_s(40.0, 39.0) == cues.open_s  # speech well after the last decoded word: a dropped "and"
    said.update(last_word=38.9)
    assert turn.wait_s(40.0, 39.0) == cues.complete_s
    said.update(text="The grain is one row per trip, because")
    assert turn.wait_s(40.0, 39.0) == cues.open_s > 8.0
    said.update(text="The grain is one row per trip.")
    turn.more_time()
    assert turn.wait_s(40.0, 39.0) == cues.more_s
    turn.voiced()
    assert turn.wait_s(40.0, 39.0) == cues.complete_s


def test_undecoded_speech_waits_at_least_eight_seconds_whatever_the_silence_stop():
    """--silence-stop 4 once cut a 5.5 s thinking pause: while the decoder is behind, nothing says the thought is over."""
    said = {"text": "", "covered": 0.0, "last_word": 0.0}
    cues = load_cues()
    for stop in (3.0, 4.0, 8.0, 12.0):
        turn = EndOfTurn(lambda: (said["text"], said["covered"], said["last_word"]), target_s=60.0, ceiling_s=stop)
        said.update(text="", covered=0.0, last_word=0.0)
        assert turn.wait_s(10.0, 9.0) == max(8.0, stop) >= cues.unknown_s  # nothing decoded yet
        said.update(text="So the grain is one row per trip, and", covered=20.0, last_word=19.0)
        assert turn.wait_s(40.0, 39.0) == max(8.0, stop)  # decoded, but not up to the last speech
        said.update(text="So the grain is one row per trip.", covered=39.1, last_word=38.9)
        assert turn.wait_s(40.0, 39.0) == min(cues.complete_s, stop)  # judged finished: the shorter of the two


def test_thinking_pauses_are_never_cut_and_a_clean_ending_ends_within_two_seconds(transcriber):
    from turns import ANSWERS, build, run

    results = [run(build(name), transcriber, realtime=False) for name in ANSWERS]
    for r in results:
        assert r.stopped_by == "silence", r
        assert not r.cut_off, f"{r.name}: the answer was cut at {r.stopped_at:.1f} s, its last word ends at {r.last_word_s:.1f} s"
        assert r.delay_s <= 2.5, f"{r.name}: ended {r.delay_s:.1f} s after the last word (judged {r.judged})"
    assert sum(r.delay_s for r in results) / len(results) <= 2.0


def test_asking_for_time_holds_a_pause_after_a_finished_sentence_through_the_recorder(transcriber, monkeypatch):
    """"Give me a moment." said, or `m` + Enter typed, while recording: the pause after it is not the end of the answer
    (without either, the same pause after a finished sentence is)."""
    from turns import build, run

    said = run(build("asks-for-time"), transcriber, realtime=False)
    assert not said.cut_off and said.stopped_by == "silence", said
    assert said.delay_s <= 2.5, said  # and the answer still ends soon after its real last word

    answer = build("presses-m")
    silent = run(answer, transcriber, realtime=False)
    assert silent.cut_off, silent  # nothing asked: the 9 s pause after "... per order line." ends the answer

    import interviewer.audio.meter as meter

    calls = {"n": 0}

    def typed() -> str | None:  # the recorder asks once a 50 ms block: `m` + Enter 3 s in, in the pause
        calls["n"] += 1
        return "m" if calls["n"] == 60 else None

    monkeypatch.setattr(meter, "_line_typed", typed)
    pressed = run(answer, transcriber, realtime=False)
    assert not pressed.cut_off and pressed.stopped_by == "silence", pressed
    assert pressed.delay_s <= 2.5, pressed
