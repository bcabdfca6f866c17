"""`mock doctor`: all green on the virtual sound card, the missing device and its fix without a sound server, never a crash."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

NAMES = ["python", "config", "data", "model", "voice", "PortAudio", "espeak-ng", "microphone", "speaker", "sessions"]


def checks(run) -> dict[str, dict]:
    data = json.loads(run.out)
    assert [c["name"] for c in data["checks"]] == NAMES
    return {c["name"]: c for c in data["checks"]}


@pytest.fixture
def tone(tmp_path) -> Path:
    """60 s of a 440 Hz tone at -10 dBFS: what the virtual microphone hears while the doctor records."""
    import soundfile as sf

    t = np.arange(16000 * 60) / 16000
    path = tmp_path / "tone.wav"
    sf.write(str(path), (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32), 16000)
    return path


@pytest.mark.live
def test_all_green_on_the_virtual_sound_card(mock, pulse, tone):
    player = pulse.play(tone)
    try:
        run = mock("doctor", "--json", env=pulse.env, timeout=180)
        human = mock("doctor", env=pulse.env, timeout=180)
    finally:
        player.terminate()
        player.wait()
    assert run.code == 0, run.out + run.err
    c = checks(run)
    assert {n: x["status"] for n, x in c.items()} == dict.fromkeys(NAMES, "ok"), run.out
    mic = c["microphone"]["detail"]
    level = float(mic.split("level ")[1].split(" dBFS")[0])
    assert -20 <= level <= -5, mic  # the tone is at -13 dBFS RMS: the level is measured, not made up
    assert "recorded 0.5 s" in mic and "pulse" in mic
    assert "tiny.en" in c["model"]["detail"] and "loads in" in c["model"]["detail"]
    assert c["voice"]["detail"].startswith("piper: renders speech")
    assert human.code == 0 and "Ready for a live mock." in human.out and "FAIL" not in human.out
    assert len(human.out.splitlines()) <= 24, human.out  # one screen


def test_no_sound_server_names_the_missing_device_and_the_fix(mock, tmp_path):
    env = {"PULSE_SERVER": f"unix:{tmp_path}/no-such-server"}
    run = mock("doctor", "--json", env=env, timeout=180)
    assert run.code == 1, run.out + run.err
    c = checks(run)
    assert c["microphone"]["status"] == "fail" and "no microphone found" in c["microphone"]["detail"]
    assert "sound server" in c["microphone"]["fix"] and "--answer FILE" in c["microphone"]["fix"]
    assert c["speaker"]["status"] == "warn" and "questions will be printed" in c["speaker"]["detail"]
    # everything that does not need a device still passes
    assert all(c[n]["status"] == "ok" for n in ("python", "config", "data", "model", "voice", "PortAudio", "sessions")), run.out
    human = mock("doctor", env=env, timeout=180)
    assert human.code == 1 and "FAIL" in human.out and "fix: No sound server" in human.out.replace("\n", " ")
    assert "Not ready: microphone" in human.out


def test_failures_are_reported_not_raised(mock, tmp_path):
    """A malformed config, a missing model, a session folder that is a file: each its own failed check, with a fix."""
    cfg = tmp_path / "config.toml"
    cfg.write_text('colour = "red"\n')
    not_a_folder = tmp_path / "home-file"
    not_a_folder.write_text("")
    run = mock("doctor", "--json", "--model", str(tmp_path / "no-model"),
               env={"MOCK_CONFIG": str(cfg), "MOCK_HOME": str(not_a_folder), "PULSE_SERVER": f"unix:{tmp_path}/none"}, timeout=180)
    assert run.code == 1, run.err
    c = checks(run)
    assert c["config"]["status"] == "fail" and "colour: Extra inputs are not permitted" in c["config"]["detail"] and str(cfg) in c["config"]["fix"]
    assert c["model"]["status"] == "fail" and "no-model" in c["model"]["detail"] and "--model" in c["model"]["fix"]
    assert c["sessions"]["status"] == "fail" and "is a file" in c["sessions"]["detail"] and "MOCK_HOME" in c["sessions"]["fix"]


def test_private_modes_are_checked(mock, tmp_path):
    home = tmp_path / "h"
    (home / "sessions" / "20260101-000000-modeling").mkdir(parents=True)
    (home / "sessions" / "20260101-000000-modeling" / "answer.wav").write_bytes(b"")
    for p in (home, home / "sessions", home / "sessions" / "20260101-000000-modeling"):
        p.chmod(0o700)
    (home / "sessions" / "20260101-000000-modeling" / "answer.wav").chmod(0o644)
    run = mock("doctor", "--json", env={"MOCK_HOME": str(home), "PULSE_SERVER": f"unix:{tmp_path}/none"}, timeout=180)
    s = checks(run)["sessions"]
    assert s["status"] == "warn" and "answer.wav is 644" in s["detail"] and f"chmod -R go-rwx {home / 'sessions'}" in s["fix"]
    (home / "sessions" / "20260101-000000-modeling" / "answer.wav").chmod(0o600)
    run = mock("doctor", "--json", env={"MOCK_HOME": str(home), "PULSE_SERVER": f"unix:{tmp_path}/none"}, timeout=180)
    s = checks(run)["sessions"]
    assert s["status"] == "ok" and "1 sessions" in s["detail"]


def test_a_check_that_breaks_becomes_a_failed_check(monkeypatch, tmp_path):
    from interviewer import doctor

    def broken(*_a, **_k):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setenv("MOCK_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("MOCK_HOME", str(tmp_path / "home"))
    for name in ("check_python", "check_data", "check_model", "check_voice", "check_portaudio", "check_espeak",
                 "check_microphone", "check_speaker", "check_sessions", "check_config"):
        monkeypatch.setattr(doctor, name, broken)
    out = doctor.run_checks()
    assert [c.name for c in out] == NAMES
    assert all(c.status == "fail" and c.detail == "the check itself failed: RuntimeError: boom" and "--debug" in c.fix for c in out)


def test_a_speaker_that_will_not_open_is_a_warning_naming_portaudios_reason(monkeypatch):
    """The speaker check plays through audio.playback.Playback; its DeviceError keeps PortAudio's own words."""
    import sounddevice as sd

    import interviewer.audio.devices as devices
    from interviewer.doctor.audio import check_speaker

    def busy(**_kwargs):
        raise sd.PortAudioError("Device unavailable [PaErrorCode -9985]")

    speaker = devices.DeviceInfo(3, "usb speaker", 0, 2, "output")
    monkeypatch.setattr(devices, "list_devices", lambda: [speaker])
    monkeypatch.setattr(devices, "resolve_device", lambda device, kind: 3)
    monkeypatch.setattr(sd, "OutputStream", busy)
    c = check_speaker(None)
    assert c.status == "warn"
    assert c.detail == "3: usb speaker would not play (Device unavailable [PaErrorCode -9985]): questions will be printed"
