"""run_round with fake ports (no microphone, no model): the round's own rules, fast."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import datetime, timedelta, timezone

import pytest

from interviewer.errors import NoSpeechError
from interviewer.pipeline import Ports, run_round
from interviewer.sessions.store import NO_SPEECH
from interviewer.ports import Heard
from interviewer.types import Transcript


class Said:
    def __init__(self):
        self.lines: list[str] = []

    def say(self, text: str) -> None:
        self.lines.append(text)


class Silent:
    """An answer source whose candidate says nothing."""

    discard_on_failure = False

    def guard(self):
        return nullcontext()

    def prepare(self) -> None:
        pass

    def release(self) -> None:
        self.released = True

    def listen(self, session, dest, target_s, *, speaker=None, question=None):
        if speaker is not None and question:
            speaker.say(question)
        dest.write_bytes(b"")
        return Heard(4.0, "silence", Transcript(words=[], duration_s=4.0))


def test_an_empty_answer_is_no_speech_and_not_practised(tmp_path, monkeypatch):
    monkeypatch.setenv("MOCK_HOME", str(tmp_path / "home"))
    monkeypatch.setattr("interviewer.pipeline.warm_in_background", lambda *a, **k: None)
    from interviewer.live import SessionStore
    from interviewer.sessions.pick import choose_prompt
    from interviewer.bank.prompts import find_prompt, prompts_for
    from interviewer.bank.rubrics import load_rubric

    bank = prompts_for("modeling")
    first = bank[0]
    speaker, store = Said(), SessionStore()
    ports = Ports(speaker=speaker, answers=Silent(), transcriber=None, followups=True)
    with pytest.raises(NoSpeechError):
        run_round(first, load_rubric(first.rubric), ports, store)
    assert ports.answers.released  # however the round ends, the microphone kept open between its answers closes
    assert speaker.lines == [first.prompt.text]  # asked, and no follow-up after an empty answer
    assert store.session.meta().stopped_by == NO_SPEECH and store.session.status == "no speech"  # not "interrupted"
    # the next round still picks the prompt that was only met with silence (never practised, first in the bank)
    later = datetime.now(timezone.utc) + timedelta(minutes=1)
    assert choose_prompt("modeling", None, now=later).id == first.id
    assert find_prompt(first.id).id == first.id
