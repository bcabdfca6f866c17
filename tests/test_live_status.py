"""Never waiting blind (issue 15.3): while a live answer's last piece is decoded, a status line says so."""

from __future__ import annotations

import threading
import time
from io import StringIO

from rich.console import Console

from test_stream_fake import FakeDecoder


def test_the_screen_says_it_is_transcribing_while_the_last_decode_runs(monkeypatch, tmp_path):
    import interviewer.audio.record as record
    from interviewer import live
    from interviewer.asr.stream import StreamingTranscriber
    from interviewer.types import Transcript

    monkeypatch.setenv("TERM", "xterm-256color")  # CI runs with TERM=dumb, where rich draws no status line
    monkeypatch.setattr("interviewer.pipeline.embed_while_speaking", lambda words: threading.Event())  # no model loading behind
    out = StringIO()
    console = Console(file=out, force_terminal=True, width=80)

    class Mic:  # the answer is over at once: what is left is the last decode
        def __init__(self, device):
            pass

        def record(self, path, **kw):
            return record.RecordResult(path=path, duration_s=1.0, stopped_by="silence")

    seen: list[str] = []

    def finish(self, truncated=False):
        deadline = time.monotonic() + 2  # rich draws its first frame from a thread, 1/12.5 s after the status starts
        while "Transcribing" not in out.getvalue() and time.monotonic() < deadline:
            time.sleep(0.01)
        seen.append(out.getvalue())  # what the screen showed while the decode ran
        return Transcript(words=[], duration_s=1.0)

    monkeypatch.setattr("interviewer.audio.microphone.SoundDeviceMicrophone", Mic)
    monkeypatch.setattr(StreamingTranscriber, "finish", finish)
    answers = live.MicAnswers(None, FakeDecoder(), live.RoundOptions(), console)
    heard = answers.listen(None, tmp_path / "answer.wav", 60.0)
    assert heard.transcript is not None and len(seen) == 1
    assert "Transcribing the end of your answer" in seen[0]


def test_no_status_without_a_terminal(monkeypatch, tmp_path):
    import interviewer.audio.record as record
    from interviewer import live
    from interviewer.asr.stream import StreamingTranscriber
    from interviewer.types import Transcript

    monkeypatch.setattr("interviewer.pipeline.embed_while_speaking", lambda words: threading.Event())
    out = StringIO()
    console = Console(file=out, force_terminal=False, width=80)
    monkeypatch.setattr("interviewer.audio.microphone.SoundDeviceMicrophone", type("Mic", (), {
        "__init__": lambda self, device: None,
        "record": lambda self, path, **kw: record.RecordResult(path=path, duration_s=1.0, stopped_by="silence")}))
    monkeypatch.setattr(StreamingTranscriber, "finish", lambda self, truncated=False: Transcript(words=[], duration_s=1.0))
    live.MicAnswers(None, FakeDecoder(), live.RoundOptions(), console).listen(None, tmp_path / "answer.wav", 60.0)
    assert "Transcribing" not in out.getvalue()  # a pipe or a file gets the report only
