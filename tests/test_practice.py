"""The practice loop after the report: key handling with fake ports (fast), and the real CLI driven through tmux."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import time
from contextlib import nullcontext
from pathlib import Path

import pytest
from rich.console import Console

from interviewer import practice
from interviewer.errors import NoSpeechError
from interviewer.bank.prompts import find_prompt, prompts_for
from interviewer.bank.rubrics import load_rubric
from interviewer.types import Fillers, Report, StarPart


def _report(rubric: str = "behavioral-star", **kw) -> Report:
    return Report(rubric=rubric, duration_s=60.0, fillers=Fillers(count=0, per_minute=0.0), words_per_minute=150.0, score=50, **kw)


def _star_report(rubric) -> Report:
    verdicts = {0: ("ok", 15.0), 1: ("short", 4.0), 2: ("ok", 40.0), 3: ("ok", 14.0)}
    parts = [StarPart(name=s.name, present=True, duration_s=verdicts[i][1], target_s=s.target_s, verdict=verdicts[i][0])
             for i, s in enumerate(rubric.star.parts)]
    return _report(star=parts)


class Speaker:
    printed = False

    def __init__(self):
        self.said: list[str] = []

    def say(self, text: str, until=None) -> None:
        self.said.append(text)
        self.stopped = until is not None and until()


def _loop(keys: str, attempt, bp=None, rubric=None, base=None):
    bp = bp or prompts_for("behavioral")[0]
    rubric = rubric or load_rubric("behavioral-star")
    out = io.StringIO()
    console = Console(file=out, width=200, force_terminal=False)
    state = practice.State(prompt=bp, asked=bp, rubric=rubric, base=base or _star_report(rubric), seen={bp.id})
    pressed = iter(keys)
    speaker = Speaker()
    made = practice.practice(state, "behavioral", console, attempt, speaker, read_key=lambda: next(pressed, ""),
                             keys_pressed=lambda: nullcontext(lambda: True))  # a key pressed during the model answer
    return made, out.getvalue(), speaker, state


def test_weakest_is_the_worst_star_part_described_by_the_rubric():
    rubric = load_rubric("behavioral-star")
    focus = practice.weakest(_star_report(rubric), rubric)
    spec = rubric.star.parts[1]  # the one left short
    assert (focus.name, focus.description, focus.advice, focus.target_s) == (spec.name, spec.description, spec.advice, spec.target_s)
    assert practice.weakest(_report(), rubric) is None  # nothing measured: nothing to practise on its own


def test_weakest_beat_when_the_rubric_has_no_star():
    from interviewer.types import BeatResult

    rubric = load_rubric("modeling")
    beats = [BeatResult(name=b.name, present=True, duration_s=b.min_s + 5, min_s=b.min_s, max_s=b.max_s, target_s=b.min_s + 5)
             for b in rubric.beats]
    beats[2] = beats[2].model_copy(update={"present": False, "duration_s": 0.0})
    focus = practice.weakest(_report("modeling", beats=beats), rubric)
    spec = rubric.beats[2]
    assert (focus.name, focus.description) == (spec.name, spec.description)
    bp = practice.focused_prompt(find_prompt("modeling-viewing-history"), focus)
    assert spec.description in bp.prompt.text and bp.prompt.followups == [] and bp.id.endswith(spec.name)


def test_retry_then_model_answer_then_quit():
    asked = []
    made, screen, speaker, _ = _loop("rmq", lambda bp, rub: asked.append(bp) or _report())
    bp = prompts_for("behavioral")[0]
    assert made == 1 and [b.id for b in asked] == [bp.id] and asked[0].prompt.text == bp.prompt.text
    assert "r retry" in screen and "m model answer" in screen and "q quit" in screen
    assert len(speaker.said) == 1 and all(p in speaker.said[0] for p in bp.prompt.key_points)
    assert speaker.stopped and "any key stops the model answer" in screen  # the voice is told to stop at a key
    assert "Model answer:" in screen and bp.prompt.key_points[-1] in screen  # printed too


def test_the_model_answer_is_on_screen_once_when_the_voice_prints_its_lines():
    from io import StringIO

    from rich.console import Console

    from interviewer.audio.speak import PrintSpeaker

    out = StringIO()
    console = Console(file=out, width=400, color_system=None)
    bp = prompts_for("behavioral")[0]
    practice.say_model_answer(bp, console, PrintSpeaker(console))
    screen = out.getvalue()
    assert screen.count(bp.prompt.key_points[-1].strip().rstrip(".")) == 1 and "Interviewer:" in screen


def test_weakest_asks_a_focused_prompt_from_the_rubric_and_enter_quits():
    rubric = load_rubric("behavioral-star")
    spec = rubric.star.parts[1]
    asked = []
    made, screen, _, state = _loop("w\r", lambda bp, rub: asked.append(bp) or _report(star=[]))
    assert made == 1 and asked[0].prompt.target_s == spec.target_s and spec.description in asked[0].prompt.text
    assert asked[0].prompt.key_points == [] and asked[0].id != state.prompt.id  # its own id: not practice of the whole question
    assert f"Focus on {spec.name}" in screen
    assert state.base.star  # the whole question's report still decides what `w` practises


def test_an_empty_attempt_is_noted_and_the_loop_goes_on_unknown_keys_ignored():
    def silent(bp, rub):
        raise NoSpeechError("No speech was heard.")

    made, screen, _, _ = _loop("xrrq", silent)
    assert made == 2 and screen.count("Not counted as practised.") == 2


def test_next_question_is_another_prompt_of_the_round(tmp_path, monkeypatch):
    monkeypatch.setenv("MOCK_HOME", str(tmp_path / "home"))
    asked = []
    made, _, _, state = _loop("nnq", lambda bp, rub: asked.append(bp) or _report())
    ids = [b.id for b in asked]
    first = prompts_for("behavioral")[0].id
    assert made == 2 and len(set(ids + [first])) == 3 and all(find_prompt(i).round == "behavioral" for i in ids)


def test_no_weakest_part_of_a_new_question_until_it_is_answered(tmp_path, monkeypatch):
    """`n` then no speech: the new question has no report yet, so `w` is not offered (it once built a focused
    prompt for the new question from the last question's weakest part); once answered, it is."""
    monkeypatch.setenv("MOCK_HOME", str(tmp_path / "home"))
    rubric = load_rubric("behavioral-star")
    asked = []

    def attempt(bp, rub):
        asked.append(bp)
        if len(asked) == 1:
            raise NoSpeechError("No speech was heard.")
        return _star_report(rubric)

    made, screen, _, state = _loop("nwrwq", attempt)
    assert made == 3 and [b.id for b in asked] == [state.prompt.id, state.prompt.id, f"{state.prompt.id}-{rubric.star.parts[1].name}"]
    assert screen.count("w weakest part") == 3  # before `n`, after the answered retry and after the focused attempt


def test_only_a_terminal_on_both_ends_without_json_is_interactive():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    assert practice.interactive(False, Tty(), Tty())
    assert not practice.interactive(True, Tty(), Tty())
    assert not practice.interactive(False, io.StringIO(), Tty())
    assert not practice.interactive(False, Tty(), io.StringIO())


# --- the real CLI in a terminal (tmux) -----------------------------------------------------------------------


def _tmux(sock: str, *args: str) -> str:
    return subprocess.run(["tmux", "-S", sock, *args], capture_output=True, text=True, timeout=30).stdout


def _wait_for(sock: str, text: str, timeout: float = 240, count: int = 1) -> str:
    """The screen (with its scrollback) once ``text`` shows on it ``count`` times."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        screen = _tmux(sock, "capture-pane", "-p", "-J", "-S", "-2000", "-t", "t")
        if screen.count(text) >= count:
            return screen
        time.sleep(0.5)
    raise AssertionError(f"{text!r} never showed {count} time(s); screen:\n{screen}")


def _start_in_tmux(tmp_path: Path, args: list[str], **env: str) -> tuple[str, Path]:
    """`mock ARGS…` in a detached tmux pane (a terminal on both ends), with a private MOCK_HOME: (socket, home)."""
    from conftest import REPO, mock_env

    home = tmp_path / "tty-home"
    home.mkdir()
    sock = str(tmp_path / "tmux.sock")
    cmd = " ".join([sys.executable, "-m", "interviewer", *args]) + "; echo EXIT=$?; sleep 30"
    subprocess.run(["tmux", "-S", sock, "new-session", "-d", "-s", "t", "-x", "160", "-y", "50", "bash", "-c", cmd],
                   env=mock_env(home, **env), cwd=REPO, check=True, timeout=30)
    return sock, home


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_keys_in_a_terminal_retry_and_model_answer_and_none_on_a_pipe(tmp_path, mock):
    from interviewer.audio.synth import Say, synthesize

    wav = synthesize([Say("The situation was that our nightly job kept missing its deadline.", "situation"),
                      Say("I rewrote it to load only what changed, and it now ends in forty minutes.", "action")]).write(tmp_path / "a.wav")
    args = ["behavioral", "--prompt", prompts_for("behavioral")[0].id, "--answer", str(wav), "--no-voice", "--no-followups"]
    piped = mock(*args)
    assert piped.code == 0 and "Score" in piped.out and "q quit" not in piped.out and "Enter quits" not in piped.out

    sock, home = _start_in_tmux(tmp_path, args)
    try:
        _wait_for(sock, "r retry")
        _tmux(sock, "send-keys", "-t", "t", "r")
        _wait_for(sock, "r retry", count=2)  # the retry scored: the keys again
        _tmux(sock, "send-keys", "-t", "t", "m")
        screen = _wait_for(sock, prompts_for("behavioral")[0].prompt.key_points[-1])
        assert "Here is a model answer" in screen
        _tmux(sock, "send-keys", "-t", "t", "q")
        screen = _wait_for(sock, "EXIT=")
    finally:
        _tmux(sock, "kill-server")
    assert "EXIT=0" in screen and screen.count("Saved as session") == 2
    assert len([d for d in (home / "sessions").iterdir() if d.is_dir()]) == 2


@pytest.mark.live
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_keys_in_a_terminal_on_the_microphone_retry_then_quit(tmp_path, pulse):
    """The practice loop on the live microphone (the virtual card): answer, `r`, answer again, `q`. Each attempt
    opens the microphone anew (the round before released it) and is transcribed and scored as said."""
    from interviewer.audio.synth import Say, synthesize

    wav = synthesize([Say("The situation was that our nightly job kept missing its deadline.", "situation"),
                      Say("I rewrote it to load only what changed, and it now ends in forty minutes.", "action")],
                     tail=0.0).write(tmp_path / "a.wav")
    first = prompts_for("behavioral")[0]
    pulse.wait_until_quiet()
    sock, home = _start_in_tmux(tmp_path, ["behavioral", "--prompt", first.id, "--device", "pulse", "--no-voice",
                                           "--no-followups"], **pulse.env)
    try:
        for attempt in (1, 2):
            deadline = time.monotonic() + 120
            while len(list(home.glob("sessions/*/answer.wav"))) < attempt and time.monotonic() < deadline:
                time.sleep(0.05)  # until this attempt records
            time.sleep(0.3)
            pulse.play(wav).wait(timeout=30)
            _wait_for(sock, "r retry", count=attempt)
            _tmux(sock, "send-keys", "-t", "t", "r" if attempt == 1 else "q")
        screen = _wait_for(sock, "EXIT=")
    finally:
        _tmux(sock, "kill-server")
    assert "EXIT=0" in screen and "Traceback" not in screen and screen.count("Saved as session") == 2
    saved = _saved(home)
    assert [pid for pid, _ in saved] == [first.id, first.id] and all(r is not None for _, r in saved), saved
    for _, report in saved:  # both heard as said: the words of the answer, its situation and action
        assert any(p.name == "situation" and p.present for p in report.star), report.star
        assert 8 < report.duration_s < 30, report.duration_s


def _saved(home: Path) -> list[tuple[str, "Report | None"]]:
    """Each stored session's prompt id and report, oldest first."""
    import json

    out = []
    for d in sorted(d for d in (home / "sessions").iterdir() if d.is_dir()):
        meta = json.loads((d / "meta.json").read_text())
        report = Report.model_validate_json((d / "report.json").read_text()) if (d / "report.json").exists() else None
        out.append((meta["prompt_id"], report))
    return out


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_keys_in_a_terminal_weakest_part_then_next_question(tmp_path):
    """`w` asks a focused prompt for the weakest STAR part (from the first report) and scores it; `n` asks
    another prompt of the round and scores it; `q` quits. Three sessions, the last of a new prompt."""
    from interviewer.audio.synth import Say, synthesize

    wav = synthesize([Say("The situation was that our nightly job kept missing its deadline.", "situation"),
                      Say("I rewrote it to load only what changed, and it now ends in forty minutes.", "action")]).write(tmp_path / "a.wav")
    first = prompts_for("behavioral")[0]
    rubric = load_rubric("behavioral-star")
    sock, home = _start_in_tmux(tmp_path, ["behavioral", "--prompt", first.id, "--answer", str(wav), "--no-voice", "--no-followups"])
    try:
        _wait_for(sock, "r retry")
        [(pid, report)] = _saved(home)
        focus = practice.weakest(report, rubric)
        assert pid == first.id and focus is not None
        screen = _wait_for(sock, f"w weakest part ({focus.name})")
        _tmux(sock, "send-keys", "-t", "t", "w")
        screen = _wait_for(sock, f"Focus on {focus.name}:")
        assert f"Answer only the {focus.name} part of this question" in screen and focus.description in screen
        assert screen.count("Saved as session") == 2
        _wait_for(sock, "r retry", count=2)
        _tmux(sock, "send-keys", "-t", "t", "n")
        screen = _wait_for(sock, "Saved as session", count=3)
        _wait_for(sock, "r retry", count=3)
        _tmux(sock, "send-keys", "-t", "t", "q")
        screen = _wait_for(sock, "EXIT=")
    finally:
        _tmux(sock, "kill-server")
    assert "EXIT=0" in screen and "Traceback" not in screen
    saved = _saved(home)
    assert len(saved) == 3 and all(r is not None for _, r in saved), saved
    ids = [pid for pid, _ in saved]
    assert ids[1] == f"{first.id}-{focus.name}"  # the focused attempt, stored under its own id
    focused = saved[1][1]  # ... marked as focused, and judged on that part only
    assert focused.focus is not None and (focused.focus.prompt_id, focused.focus.part) == (first.id, focus.name)
    assert [p.name for p in focused.star] == [focus.name] and focused.coverage is None and focused.star_total_s is None
    assert f"Focused attempt: only the {focus.name} of {first.id} was scored" in screen
    assert saved[0][1].focus is None and saved[2][1].focus is None
    assert ids[2] != first.id and ids[2] != ids[1] and find_prompt(ids[2]).round == "behavioral"  # `n`: another question
    assert find_prompt(ids[2]).prompt.title in screen and screen.count("Score") >= 3


# --- a focused attempt is judged on its part only (issue 15) ----------------------------------------------------------


def _spoken(text: str, start: float = 0.0, step: float = 0.35):
    from interviewer.types import Transcript, Word

    ws = [Word(text=t, start=start + i * step, end=start + i * step + 0.3) for i, t in enumerate(text.split())]
    return Transcript(words=ws, duration_s=ws[-1].end + 0.5)


TASK_ONLY = ("It was my job to make the numbers arrive on time again before the quarter closed. "
             "My lead handed it to me and said I had to get it sorted within a month, without stopping the other loads. "
             "So getting the nightly job back on track was on me.")
SITUATION_ONLY = ("Last year our nightly reporting job kept missing its deadline, and the sales team had no numbers in the morning. "
                  "We were a team of four looking after every pipeline in the company.")


def _focused(part_index: int = 1):
    rubric = load_rubric("behavioral-star")
    bp = prompts_for("behavioral")[0]
    spec = rubric.star.parts[part_index]
    return rubric, bp, spec, practice.focused_prompt(bp, practice.Focus(spec.name, spec.description, spec.advice, spec.target_s))


def test_a_focused_attempt_is_scored_on_the_part_it_asked_for_only():
    """`w` asked for the task: a task-only answer is not told its story had no situation, no STAR total, no coverage;
    the report says it is a focused attempt of that part of that question. Scored whole, the same answer is."""
    from rich.console import Console

    from interviewer.pipeline import score_transcript
    from interviewer.report import render

    rubric, bp, spec, asked = _focused()
    others = [p.name for p in rubric.star.parts if p.name != spec.name]
    whole = score_transcript(_spoken(TASK_ONLY), rubric, prompt_id=bp.id, key_points=list(bp.prompt.key_points))
    assert any(f"no {others[0]}" in n for n in whole.feedback)  # the bug, scored whole
    rep = score_transcript(_spoken(TASK_ONLY), rubric, prompt_id=asked.id, focus=asked.focus)
    assert rep.focus is not None and (rep.focus.prompt_id, rep.focus.part, rep.focus.target_s) == (bp.id, spec.name, spec.target_s)
    assert [p.name for p in rep.star] == [spec.name] and rep.star[0].present and rep.star[0].target_s == spec.target_s
    assert rep.coverage is None and rep.star_total_s is None and rep.phrases == [] and set(rep.subscores) == {"star", "fluency"}
    assert not any(o in n for n in rep.feedback for o in others), rep.feedback  # no note about the other parts
    assert rep.score > whole.score and spec.name in rep.feedback[0]
    assert practice.focus_line(rep, spec.name).startswith(f"Focus on {spec.name}: ok")
    out = io.StringIO()
    render(rep, Console(file=out, width=200, color_system=None))
    assert f"Focused attempt: only the {spec.name} of {bp.id} was scored (target {spec.target_s:.0f} s)." in out.getvalue()


def test_a_focused_attempt_that_tells_another_part_says_what_was_heard_instead():
    from interviewer.pipeline import score_transcript

    rubric, bp, spec, asked = _focused()
    rep = score_transcript(_spoken(SITUATION_ONLY), rubric, prompt_id=asked.id, focus=asked.focus)
    assert [p.name for p in rep.star] == [spec.name] and not rep.star[0].present and rep.subscores["star"] == 0
    note = rep.feedback[0]
    assert note.startswith(f"You were asked for the {spec.name} only, and no {spec.name} was heard (heard: {rubric.star.parts[0].name} 0:00")
    assert spec.advice in note


def test_a_focused_beat_keeps_its_phrases_and_failure_modes_and_nothing_else():
    """A beat's focused rubric is derived from the data: the beat alone, the phrases that support it, the failure
    modes only on the beat where they are volunteered."""
    from interviewer.scoring.focus import focus_rubric
    from interviewer.scoring.grade import failure_beat

    rubric = load_rubric("modeling")
    for b in rubric.beats:
        f = focus_rubric(rubric, b.name)
        assert [x.name for x in f.beats] == [b.name] and f.star is None
        assert [p.id for p in f.phrases] == [p.id for p in rubric.phrases if p.supports == b.name]
        assert (f.failure_modes is not None) == (failure_beat(rubric) == b.name)
    star = load_rubric("behavioral-star")
    f = focus_rubric(star, star.star.parts[2].name)
    assert [p.name for p in f.star.parts] == [star.star.parts[2].name] and f.beats == [] and f.phrases == []


def test_mock_score_of_a_focused_session_rescores_it_focused(tmp_path, monkeypatch):
    """The session stores the focus (meta.json), so `mock score ID` judges it on its part again."""
    import wave

    from interviewer.live import SessionStore
    from interviewer.pipeline import score_session
    from interviewer.sessions.store import Session

    monkeypatch.setenv("MOCK_HOME", str(tmp_path / "home"))
    rubric, bp, spec, asked = _focused()
    session = SessionStore().create(asked, rubric)
    with wave.open(str(session.audio_path), "wb") as w:  # the words come from the fake transcriber below
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(16000), w.writeframes(b"\0\0" * 16000 * 18)
    session.update(status="complete")
    meta = Session.open(session.id).meta()
    assert meta.focus == asked.focus and meta.prompt_id == asked.id

    class Fake:
        def transcribe(self, audio):
            return _spoken(TASK_ONLY)

    scored = score_session(Session.open(session.id), Fake())
    assert scored.report.focus == asked.focus and [p.name for p in scored.report.star] == [spec.name]
    assert scored.report.coverage is None and Session.open(session.id).report().focus == asked.focus
