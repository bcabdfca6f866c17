"""The user config file: precedence flag > environment > file > default, validation, and that the values reach the commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, mock_env


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def settings(run) -> dict:
    assert run.code == 0, run.err
    return json.loads(run.out)["settings"]


def test_defaults_without_a_file(mock, tmp_path):
    s = settings(mock("config", "--json", env={"MOCK_CONFIG": str(tmp_path / "absent.toml")}))
    assert {k: v["source"] for k, v in s.items() if k != "home"} == dict.fromkeys(
        ("voice", "device", "silence_stop", "model", "round", "followups"), "default")
    assert s["voice"]["value"] == "piper" and s["silence_stop"]["value"] == 8.0 and s["followups"]["value"] is True
    assert s["round"]["value"] is None and s["model"]["value"] is None


def test_precedence_flag_then_environment_then_file_then_default(mock, tmp_path):
    cfg = write(tmp_path / "cfg" / "config.toml",
                'voice = "system"\nsilence_stop = 5\ndevice = "USB"\nmodel = "models/small"\nround = "behavioral"\nfollowups = false\n')
    env = {"MOCK_CONFIG": str(cfg)}
    s = settings(mock("config", "--json", env=env))
    src = f"file ({cfg})"
    assert {k: (v["value"], v["source"]) for k, v in s.items() if k != "home"} == {
        "voice": ("system", src), "silence_stop": (5.0, src), "device": ("USB", src),
        "model": (str(cfg.parent / "models" / "small"), src),  # relative to the file's folder
        "round": ("behavioral", src), "followups": (False, src)}

    env.update(MOCK_SILENCE_STOP="3", MOCK_VOICE="piper", MOCK_FOLLOWUPS="yes")
    s = settings(mock("config", "--json", env=env))
    assert (s["silence_stop"]["value"], s["silence_stop"]["source"]) == (3.0, "environment (MOCK_SILENCE_STOP)")
    assert (s["voice"]["value"], s["voice"]["source"]) == ("piper", "environment (MOCK_VOICE)")
    assert s["followups"]["value"] is True and s["device"]["source"] == src  # not overridden: still the file's

    s = settings(mock("config", "--json", "--silence-stop", "12", "--voice", "system", env=env))
    assert (s["silence_stop"]["value"], s["silence_stop"]["source"]) == (12.0, "flag")
    assert (s["voice"]["value"], s["voice"]["source"]) == ("system", "flag")

    human = mock("config", env=env)
    assert human.code == 0 and str(cfg) in human.out and "environment (MOCK_SILENCE_STOP)" in human.out


@pytest.mark.parametrize("text,field", [
    ('colour = "red"\n', "colour: Extra inputs are not permitted"),
    ('voice = "loud"\n', "voice: Input should be 'piper' or 'system'"),
    ("silence_stop = -2\n", "silence_stop: Input should be greater than 0"),
    ('round = "chess"\n', "round: Input should be"),
    ("followups = 3\n", "followups:"),
    ("silence_stop = \n", "not valid TOML"),
])
def test_a_malformed_file_is_one_line_naming_file_and_field_exit_4(mock, tmp_path, text, field):
    cfg = write(tmp_path / "config.toml", text)
    for args in (("config",), ("list",), ("modeling", "--no-voice")):
        run = mock(*args, env={"MOCK_CONFIG": str(cfg)})
        assert run.code == 4, (args, run.err)
        assert len(run.err_lines) == 1 and run.err_lines[0].startswith(f"mock: {cfg}: ") and field in run.err, run.err


def test_a_malformed_environment_variable_names_the_variable(mock):
    run = mock("config", env={"MOCK_SILENCE_STOP": "soon"})
    assert run.code == 4 and len(run.err_lines) == 1
    assert "MOCK_SILENCE_STOP='soon': silence_stop: Input should be a valid number" in run.err and "unset MOCK_SILENCE_STOP" in run.err


def test_config_folder_instead_of_file(mock, tmp_path):
    run = mock("config", env={"MOCK_CONFIG": str(tmp_path)})
    assert run.code == 4 and len(run.err_lines) == 1 and "is a folder" in run.err


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "interviewer", *args], capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=300, stdin=subprocess.DEVNULL)


def test_home_model_and_round_from_the_file_reach_the_commands(tmp_path, mock_home):
    """home and model stand in for MOCK_HOME/MOCK_MODEL when those are unset; round picks `mock score`'s rubric."""
    from interviewer.bank.resources import sample_answer
    from interviewer.asr.models import bundled_model_dir

    cfg = write(tmp_path / "cfg" / "config.toml", 'home = "practice"\nmodel = "/no/such/model"\nround = "behavioral"\n')
    env = mock_env(mock_home, MOCK_CONFIG=str(cfg))
    env.pop("MOCK_HOME")
    work = tmp_path / "work"
    work.mkdir()

    # model from the file: it is used (and is wrong), so scoring stops with exit 5 naming it
    bad = _run(["score", str(sample_answer())], env, work)
    assert bad.returncode == 5 and "/no/such/model" in bad.stderr, bad.stderr

    # MOCK_MODEL beats the file; round = behavioral picks its rubric; home = the file's folder's practice/
    env["MOCK_MODEL"] = str(bundled_model_dir())
    ok = _run(["modeling", "--answer", str(sample_answer()), "--no-voice", "--no-followups", "--json",
               "--prompt", "modeling-viewing-history"], env, work)
    assert ok.returncode == 0, ok.stderr
    sessions = list((cfg.parent / "practice" / "sessions").iterdir())
    assert len(sessions) == 1 and (sessions[0] / "report.json").is_file()
    assert oct(sessions[0].stat().st_mode & 0o777) == "0o700"

    scored = _run(["score", str(sample_answer()), "--json"], env, work)
    assert scored.returncode == 0, scored.stderr
    assert json.loads(scored.stdout)["rubric"] == "behavioral-star"


def test_device_from_the_file_reaches_the_recorder(mock, tmp_path, pulse):
    cfg = write(tmp_path / "config.toml", 'device = "no-such-mic"\n')
    run = mock("modeling", "--no-voice", env={"MOCK_CONFIG": str(cfg), **pulse.env}, timeout=120)
    assert run.code == 6, run.err
    assert "Unknown input device 'no-such-mic'" in run.err and "pulse" in run.err


def test_mock_alone_runs_the_default_round_else_shows_help(mock, tmp_path, pulse):
    bare = mock()
    assert bare.code == 2 and "Usage: mock" in bare.err and "doctor" in bare.err
    cfg = write(tmp_path / "config.toml", 'round = "behavioral"\ndevice = "no-such-mic"\n')
    run = mock(env={"MOCK_CONFIG": str(cfg), **pulse.env}, timeout=120)
    assert run.code == 6 and "Unknown input device 'no-such-mic'" in run.err, run.err  # it went for the microphone


def test_version(mock):
    from interviewer import __version__

    run = mock("--version")
    assert run.code == 0 and run.out.strip() == f"mock {__version__}"


def test_the_option_callbacks_follow_the_same_order(monkeypatch, tmp_path):
    """What the round commands receive for --voice/--device/--silence-stop/--no-followups when the flag is absent or given."""
    from interviewer import config
    import interviewer.cli.common as cli  # the shared options' callbacks

    cfg = write(tmp_path / "config.toml", 'voice = "system"\nsilence_stop = 4\ndevice = 2\nfollowups = false\n')
    monkeypatch.setenv("MOCK_CONFIG", str(cfg))
    for k in ("MOCK_VOICE", "MOCK_DEVICE", "MOCK_SILENCE_STOP", "MOCK_FOLLOWUPS"):
        monkeypatch.delenv(k, raising=False)
    config._load_file.cache_clear()
    assert (cli._setting("voice")(None), cli._setting("silence_stop")(None), cli._setting("device")(None)) == ("system", 4.0, 2)
    assert cli._no_followups(None) is True  # followups = false in the file
    assert cli._no_followups(False) is False  # --followups beats the file
    monkeypatch.setenv("MOCK_FOLLOWUPS", "true")
    monkeypatch.setenv("MOCK_SILENCE_STOP", "6.5")
    assert cli._no_followups(None) is False and cli._setting("silence_stop")(None) == 6.5
    assert cli._setting("silence_stop")(2.0) == 2.0 and cli._setting("voice")("piper") == "piper"
    monkeypatch.setenv("MOCK_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.delenv("MOCK_SILENCE_STOP")
    assert cli._setting("silence_stop")(None) == 8.0 and cli._setting("voice")(None) == "piper" and cli._setting("device")(None) is None
