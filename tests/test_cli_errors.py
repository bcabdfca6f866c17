"""Bad input: one clear line on stderr, a non-zero exit, no traceback; `--debug` shows the traceback."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

from interviewer.audio.synth import Say, synthesize


def assert_one_line(run, code: int, *needles: str) -> None:
    assert run.code == code, (run.code, run.out, run.err)
    assert "Traceback" not in run.err
    assert len(run.err_lines) == 1, run.err
    line = run.err_lines[0]
    assert line.startswith("mock: ")
    for n in needles:
        assert n.lower() in line.lower(), line


def test_missing_file(mock, tmp_path):
    assert_one_line(mock("score", str(tmp_path / "nope.wav")), 2, "no such file")


def test_directory(mock, tmp_path):
    assert_one_line(mock("score", str(tmp_path)), 2, "is a directory")


def test_empty_file(mock, tmp_path):
    f = tmp_path / "empty.wav"
    f.write_bytes(b"")
    assert_one_line(mock("score", str(f)), 2, "empty")


def test_not_audio(mock, tmp_path):
    f = tmp_path / "notes.wav"
    f.write_text("this is a text file, not a recording\n" * 50)
    assert_one_line(mock("score", str(f)), 2, "not an audio file")


def test_no_speech(mock, tmp_path):
    f = tmp_path / "silence.wav"
    rng = np.random.default_rng(0)
    sf.write(str(f), (rng.standard_normal(16000 * 4) * 0.001).astype(np.float32), 16000)
    assert_one_line(mock("score", str(f)), 3, "no speech was heard")


def test_unknown_rubric(mock, tmp_path):
    f = tmp_path / "a.wav"
    sf.write(str(f), np.zeros(16000, np.float32), 16000)
    assert_one_line(mock("score", str(f), "--rubric", "astrology"), 4, "unknown rubric 'astrology'", "modeling", "behavioral-star")


def test_malformed_rubric_names_file_and_field(mock, tmp_path):
    from interviewer.bank.rubrics import RUBRICS_DIR

    bad = tmp_path / "mine.toml"
    bad.write_text((RUBRICS_DIR / "modeling.toml").read_text().replace("min_s = 30", 'min_s = "thirty"', 1))
    f = tmp_path / "a.wav"
    sf.write(str(f), np.zeros(16000, np.float32), 16000)
    assert_one_line(mock("score", str(f), "--rubric", str(bad)), 4, "mine.toml", "beats.0.min_s")


def test_unknown_key_in_rubric_rejected(mock, tmp_path):
    from interviewer.bank.rubrics import RUBRICS_DIR

    bad = tmp_path / "typo.toml"
    bad.write_text((RUBRICS_DIR / "behavioral-star.toml").read_text().replace("tolerance = 0.5", "tolerance = 0.5\ntolerence = 0.4"))
    f = tmp_path / "a.wav"
    sf.write(str(f), np.zeros(16000, np.float32), 16000)
    assert_one_line(mock("score", str(f), "--rubric", str(bad)), 4, "typo.toml", "star.tolerence", "extra")


def test_missing_model(mock, tmp_path):
    f = tmp_path / "a.wav"
    sf.write(str(f), np.zeros(16000, np.float32), 16000)
    assert_one_line(mock("score", str(f), "--model", str(tmp_path / "no-model")), 5, "no ctranslate2 whisper model")


def test_unknown_prompt(mock):
    assert_one_line(mock("modeling", "--prompt", "no-such-prompt", "--no-voice"), 4, "unknown prompt", "mock list")


def test_debug_shows_traceback(mock, tmp_path):
    run = mock("--debug", "score", str(tmp_path / "nope.wav"))
    assert run.code != 0
    assert "Traceback" in run.err and "AudioFileError" in run.err


@pytest.fixture(scope="module")
def spoken(tmp_path_factory):
    d = tmp_path_factory.mktemp("spoken")
    answer = synthesize([
        Say("Before I model anything, who reads this table, and how fresh does it need to be?", "clarify"),
        Say("The grain of this fact is one row per order per day.", "frame"),
        Say("I would partition it by date and cluster it by customer, with a surrogate key.", "build"),
        Say("This breaks when late events arrive after the watermark, or when a time zone is wrong.", "stress"),
    ], voice="piper")
    wav = answer.write(d / "answer.wav")
    return answer, wav


def test_truncated_file_scores_what_decodes(mock, spoken, tmp_path):
    answer, wav = spoken
    data = wav.read_bytes()
    cut = tmp_path / "cut.wav"
    cut.write_bytes(data[: len(data) * 6 // 10])  # header still claims the full length
    run = mock("score", str(cut), "--json")
    assert run.code == 0, run.err
    import json

    report = json.loads(run.out)
    assert report["truncated"] is True
    assert report["duration_s"] == pytest.approx(answer.duration_s * 0.6, abs=0.5)
    assert "cut short" in run.err
