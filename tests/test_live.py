"""The live path on a real (virtual) sound card: speak -> record through PortAudio -> stop on silence -> score.

A private PulseAudio daemon (tests/pulse.py) gives a null sink: what is played into it is what the
virtual microphone (its monitor) hears, in real time. PortAudio reaches it as device ``pulse``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import wave
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from conftest import REPO, mock_env
from interviewer.audio.synth import Pause, Say, synthesize

pytestmark = pytest.mark.live

ANSWER = [
    Say("Who reads this, finance or the recommendations team, and how fresh must it be?", "clarify"),
    Say("I'll treat this as a star schema. The grain of this fact is one row per profile per title per day.", "frame"),
    Say("The title dimension is slowly changing type two, with a surrogate key, partitioned by date.", "build"),
    Say("This breaks when events arrive late after the watermark, so we backfill two days.", "stress"),
]


@pytest.fixture(scope="module")
def answer_wav(tmp_path_factory):
    d = tmp_path_factory.mktemp("live")
    answer = synthesize(ANSWER, voice="piper")
    return answer, answer.write(d / "answer.wav")


def start_mock(home: Path, pulse, *args: str, headphones: bool = False) -> subprocess.Popen:
    env = mock_env(home, **(pulse.headphones_env if headphones else pulse.env))
    env["PYTHONFAULTHANDLER"] = "1"  # a hung mock dumps every thread's stack on SIGABRT (see finish_mock)
    # as from a terminal: Ctrl-C delivered (a test run started in the background, `cmd &`, inherits SIGINT ignored)
    return subprocess.Popen([sys.executable, "-m", "interviewer", *args], env=env, cwd=REPO, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def finish_mock(proc: subprocess.Popen, timeout: float) -> tuple[str, str]:
    """(stdout, stderr) of a mock started by start_mock; if it hangs, fail with the stacks of all its threads."""
    try:
        return proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGABRT)
        try:
            out, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
        raise AssertionError(f"mock did not exit within {timeout:g} s; its threads:\n{err}\nstdout:\n{out}") from None


def wait_for(path_glob, home: Path, timeout: float = 60.0) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = list(home.glob(path_glob))
        if found:
            return found[0]
        time.sleep(0.05)
    raise AssertionError(f"{path_glob} never appeared under {home}")


def envelope(x: np.ndarray, hop: int = 160) -> np.ndarray:
    n = x.size // hop
    return np.sqrt(np.mean(np.square(x[: n * hop].reshape(n, hop)), axis=1))


def best_alignment(recorded: np.ndarray, played: np.ndarray, rate: int = 16000) -> tuple[float, float]:
    """Where ``played`` sits in ``recorded`` (seconds, may be slightly negative) and how well it matches there.

    Compares 10 ms loudness envelopes (robust to the sound server's resampling); 1.0 is identical.
    """
    lead = 100  # allow the recording to have started up to 1 s after the playback
    er = np.concatenate([np.zeros(lead), envelope(recorded)])
    ep = envelope(played)
    best = (0, -1.0)
    for off in range(0, max(1, er.size - ep.size + 1)):
        seg = er[off : off + ep.size]
        if seg.size < ep.size * 0.9:
            break
        c = float(np.corrcoef(seg, ep[: seg.size])[0, 1])
        if c > best[1]:
            best = (off, c)
    return (best[0] - lead) / 100, best[1]


def test_devices_lists_the_virtual_card(mock, pulse):
    run = mock("devices", env=pulse.env)
    assert run.code == 0, run.err
    assert "pulse" in run.out
    js = mock("devices", "--json", env=pulse.env)
    assert js.code == 0, js.err
    devs = {d["name"]: d for d in json.loads(js.out)}
    assert devs["pulse"]["inputs"] > 0 and devs["pulse"]["outputs"] > 0
    assert sum("input" in d["default"] for d in devs.values()) == 1


def test_live_answer_through_the_virtual_microphone(pulse, mock_home, answer_wav, mock):
    answer, wav = answer_wav
    proc = start_mock(mock_home, pulse, "modeling", "--device", "pulse", "--no-voice", "--silence-stop", "2", "--json",
                      "--prompt", "modeling-viewing-history")
    rec = wait_for("sessions/*/answer.wav", mock_home)  # recording has started: now speak into the microphone
    time.sleep(0.3)
    player = pulse.play(wav)
    out, err = finish_mock(proc, 180)
    player.wait(timeout=10)
    assert proc.returncode == 0, err
    report = json.loads(out)

    # the session stopped by itself, on trailing silence
    meta = json.loads((rec.parent / "meta.json").read_text())
    assert meta["stopped_by"] == "silence" and meta["status"] == "complete"

    # the recording is what was played: found inside it with a high correlation, and not much longer
    recorded, rate = sf.read(str(rec), dtype="float32")
    assert rate == 16000
    off, corr = best_alignment(recorded, answer.samples)
    assert corr > 0.95, corr
    assert -0.5 < off < 2.0
    # ... and as long as it, plus the 2 s of silence that stopped it
    assert abs(recorded.size / rate - (off + answer.duration_s + 2.0)) < 1.5, (recorded.size / rate, off, answer.duration_s)

    # transcript and beats, in the time of the recording
    text = report["transcript"].lower()
    for word in ("grain", "star schema", "watermark", "surrogate key"):
        assert word in text
    beats = {b["name"]: b for b in report["beats"]}
    assert all(b["present"] for b in beats.values()), beats
    frame_said = off + answer.span("frame")[0]
    assert abs(beats["frame"]["start"] - frame_said) < 1.5

    # `mock score ID` decodes the saved recording afresh and gets the report the live round showed (issue 16.1)
    again = mock("score", rec.parent.name, "--json", env=pulse.env)
    assert again.code == 0, again.err
    rescored = json.loads(again.out)
    for key in ("transcript", "words", "silences", "fillers", "unintelligible", "beats", "phrases", "duration_s",
                "words_per_minute", "score_volunteered"):
        assert rescored[key] == report[key], key


@pytest.mark.parametrize("card", ["headphones", "echo"])
def test_the_interviewer_speaks_the_question_into_the_speaker(pulse, mock_home, tmp_path, transcriber, card):
    """Nobody answers: the question reaches the speaker, and the answer is "no speech" (exit 3), also on one
    shared sink (echo: the microphone hears the question), where before 2026-12-02 the question's echo reached
    the answer in 1 of 4 runs."""
    from rapidfuzz import fuzz

    from interviewer.audio.files import load_audio
    from interviewer.bank.prompts import find_prompt
    from pulse import SINK, SPEAKER

    heard = tmp_path / "heard.wav"
    recorder = pulse.record(heard, sink=SPEAKER if card == "headphones" else SINK)
    time.sleep(0.5)
    proc = start_mock(mock_home, pulse, "modeling", "--device", "pulse", "--prompt", "modeling-viewing-history", "--max", "2",
                      headphones=card == "headphones")
    out, err = finish_mock(proc, 180)
    recorder.send_signal(signal.SIGINT)
    recorder.wait(timeout=10)
    assert proc.returncode == 3, err  # nobody answered: "no speech was heard"
    assert "No speech was heard" in err
    assert "ALSA lib" not in err and "Expression '" not in err  # the C libraries' stderr stays off the screen
    said = transcriber.transcribe(load_audio(heard)).text
    prompt = find_prompt("modeling-viewing-history").prompt.text
    assert fuzz.token_set_ratio(said.lower(), prompt.lower()) > 85, said


def test_kill_minus_9_mid_answer_keeps_all_but_the_last_second(pulse, mock_home, mock, answer_wav, tmp_path):
    answer, wav = answer_wav
    proc = start_mock(mock_home, pulse, "modeling", "--device", "pulse", "--no-voice", "--silence-stop", "30",
                      "--prompt", "modeling-viewing-history")
    rec = wait_for("sessions/*/answer.wav", mock_home)
    reference = pulse.record(tmp_path / "reference.wav", latency_ms=30)  # a second listener on the same microphone
    time.sleep(0.3)
    player = pulse.play(wav)
    t_play = time.monotonic()
    time.sleep(12.0)
    proc.send_signal(signal.SIGKILL)
    reference.send_signal(signal.SIGINT)
    played_s = time.monotonic() - t_play
    proc.wait(timeout=10)
    reference.wait(timeout=10)
    player.terminate()
    ref, _ = sf.read(str(tmp_path / "reference.wav"), dtype="float32")
    ref_off, _ = best_alignment(ref, answer.samples[: int(8 * 16000)])
    heard_s = ref.size / 16000 - ref_off  # how much of the answer had reached a microphone client at the kill

    with wave.open(str(rec)) as w:  # the header was rewritten while recording: a playable file
        kept = w.getnframes() / w.getframerate()
    recorded, _ = sf.read(str(rec), dtype="float32")
    off, corr = best_alignment(recorded, answer.samples[: int(8 * 16000)])
    assert corr > 0.95
    # The file holds the answer up to within a second of the kill: compared with what a second client of
    # the same microphone (parecord) had heard by then, which takes the sound server's own latency out
    # (wall-clock "played" also counts it: 0.2-0.4 s on an idle machine, up to ~1 s on a busy one).
    in_file = (rec.stat().st_size - 44) // 2 / 16000  # samples on disk, past the last header update
    lost = heard_s - (in_file - off)
    print(f"kill -9 after {played_s:.2f} s of playback ({heard_s:.2f} s heard by parecord): the header says {kept:.2f} s, "
          f"the file holds {in_file:.2f} s, the answer starts at {off:.2f} s: {lost:.2f} s lost "
          f"({heard_s - (kept - off):.2f} s by the header alone; {played_s - (kept - off):.2f} s by the wall clock)")
    assert kept >= in_file - 0.6  # the header is rewritten every half second
    assert heard_s - (kept - off) <= 1.2, (heard_s, kept, off)
    assert lost <= 1.0, (heard_s, in_file, off)
    session_id = rec.parent.name
    meta = json.loads((rec.parent / "meta.json").read_text())
    assert meta["status"] == "recording"  # never finished: listed as interrupted
    hist = mock("history", "--json")
    assert hist.code == 0, hist.err
    listed = {s["id"]: s for s in _sessions(json.loads(hist.out))}
    assert listed[session_id]["status"] == "interrupted"

    run = mock("score", session_id, "--json")
    assert run.code == 0, run.err
    report = json.loads(run.out)
    assert "grain" in report["transcript"].lower()
    # scoring first extends the header over the samples written after its last update
    assert report["duration_s"] == pytest.approx(in_file, abs=0.1)
    with wave.open(str(rec)) as w:
        assert w.getnframes() / w.getframerate() == pytest.approx(in_file, abs=0.01)
    replay = mock("replay", session_id, "--no-audio")
    assert replay.code == 0, replay.err
    assert "grain" in replay.out.lower()


def test_unknown_device_lists_devices_and_suggests_a_file(mock, pulse):
    run = mock("modeling", "--device", "no-such-mic", "--no-voice", env=pulse.env)
    assert run.code == 6
    assert len(run.err_lines) == 1
    line = run.err_lines[0]
    assert "no-such-mic" in line and "pulse" in line and "--answer" in line


def test_no_microphone_at_all(mock, mock_home, tmp_path):
    """No sound card and no sound server: one line that says so and suggests --answer."""
    env = {"PULSE_SERVER": f"unix:{tmp_path}/nothing-here"}  # this machine has no sound card: only a sound server could give one
    run = mock("modeling", "--no-voice", env=env)
    assert run.code == 6, run.err
    assert run.err_lines == ["mock: No microphone found (audio inputs: none). Plug one in and check `mock devices`, "
                             "or pass --answer FILE to score a recording."]
    assert not (mock_home / "sessions").exists() or not any((mock_home / "sessions").iterdir())  # no empty session left behind


def test_full_disk_stops_cleanly_and_keeps_the_audio(pulse, tmp_path, answer_wav):
    answer, wav = answer_wav
    small = tmp_path / "small"
    small.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(small)], capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        proc = start_mock(small, pulse, "modeling", "--device", "pulse", "--no-voice", "--silence-stop", "30",
                          "--prompt", "modeling-viewing-history")
        wait_for("sessions/*/answer.wav", small)
        player = pulse.play(wav)
        out, err = finish_mock(proc, 120)
        player.terminate()
        assert proc.returncode == 7, err
        lines = [x for x in err.splitlines() if x.startswith("mock:")]
        assert len(lines) == 1 and "disk" in lines[0].lower() and "kept" in lines[0]
        rec = next(small.glob("sessions/*/answer.wav"))
        with wave.open(str(rec)) as w:
            assert w.getnframes() / w.getframerate() > 3.0  # what fitted is a playable recording
    finally:
        subprocess.run(["umount", str(small)], capture_output=True)


def _sessions(history) -> list[dict]:
    return history["sessions"] if isinstance(history, dict) else history


def test_recorder_on_the_virtual_microphone(pulse, portaudio_on_pulse, tmp_path, answer_wav):
    """SoundDeviceMicrophone itself: the file, its privacy, the listeners, the meter and clock, the silence stop."""
    import io
    import threading

    from rich.console import Console

    from interviewer.audio.microphone import SoundDeviceMicrophone
    from interviewer.audio.record import StopPolicy

    answer, wav = answer_wav
    out = tmp_path / "answer.wav"
    heard: list[np.ndarray] = []
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100, color_system="standard")
    mic = SoundDeviceMicrophone("pulse")
    result = {}
    t = threading.Thread(target=lambda: result.update(r=mic.record(out, stop=StopPolicy(silence_s=2.0, max_s=90), target_s=5.0,
                                                                       console=console, listeners=[heard.append])))
    t.start()
    deadline = time.monotonic() + 20
    while not out.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert out.exists()
    time.sleep(0.3)
    player = pulse.play(wav)
    t.join(timeout=120)
    player.wait(timeout=10)
    r = result["r"]

    assert r.stopped_by == "silence"
    assert (out.stat().st_mode & 0o777) == 0o600
    recorded, rate = sf.read(str(out), dtype="float32")
    assert rate == 16000 and sf.info(str(out)).subtype == "PCM_16"
    assert r.duration_s == pytest.approx(recorded.size / rate, abs=0.01)
    # the listeners saw exactly what was written
    got = np.concatenate(heard)
    assert got.size == recorded.size
    assert np.max(np.abs(got - recorded)) < 1 / 16000 + 1e-4  # PCM_16 rounding only
    off, corr = best_alignment(recorded, answer.samples)
    print(f"recorder: {r.duration_s:.2f} s kept for {answer.duration_s:.2f} s played (starts at {off:.2f} s), "
          f"correlation {corr:.3f}, speech {r.speech_s:.1f} s")
    assert corr > 0.95
    # stopped about silence_s after the answer ended
    assert abs(r.duration_s - (off + answer.duration_s + 2.0)) < 1.5
    assert r.speech_s > 0.5 * answer.duration_s
    # the live line: clock against the target, turning red past it, and a meter
    drawn = screen.getvalue()
    assert "REC" in drawn and "/ 0:05" in drawn and "█" in drawn
    assert "\x1b[1;31m0:1" in drawn  # past the 5 s target the clock is bold red


def test_ctrl_c_keeps_the_answer_and_lists_it_as_interrupted(pulse, mock_home, mock, answer_wav, tmp_path):
    answer, wav = answer_wav
    proc = start_mock(mock_home, pulse, "modeling", "--device", "pulse", "--no-voice", "--silence-stop", "30",
                      "--prompt", "modeling-viewing-history")
    rec = wait_for("sessions/*/answer.wav", mock_home)
    reference = pulse.record(tmp_path / "reference.wav", latency_ms=30)  # what a microphone client had heard at Ctrl-C
    time.sleep(0.3)
    player = pulse.play(wav)
    time.sleep(8.0)
    proc.send_signal(signal.SIGINT)
    reference.send_signal(signal.SIGINT)
    out, err = finish_mock(proc, 30)
    reference.wait(timeout=10)
    player.terminate()
    ref, _ = sf.read(str(tmp_path / "reference.wav"), dtype="float32")
    heard_s = ref.size / 16000 - best_alignment(ref, answer.samples[: 6 * 16000])[0]
    assert proc.returncode != 0
    lines = [x for x in err.splitlines() if x.strip()]
    assert len(lines) == 1 and "kept" in lines[0] and f"mock score {rec.parent.name}" in lines[0], err
    meta = json.loads((rec.parent / "meta.json").read_text())
    assert meta["status"] == "interrupted" and meta["stopped_by"] == "interrupt"
    with wave.open(str(rec)) as w:
        kept = w.getnframes() / w.getframerate()
    recorded, _ = sf.read(str(rec), dtype="float32")
    off = best_alignment(recorded, answer.samples[: 6 * 16000])[0]
    print(f"Ctrl-C with {heard_s:.2f} s of the answer heard by parecord: the file keeps {kept - off:.2f} s of it")
    assert kept - off >= heard_s - 0.5 and meta["duration_s"] == pytest.approx(kept, abs=0.1)
    hist = mock("history", "--json")
    listed = {s["id"]: s for s in _sessions(json.loads(hist.out))}
    assert listed[rec.parent.name]["status"] == "interrupted"


def test_the_system_voice_plays_on_the_chosen_speaker(pulse, portaudio_on_pulse, tmp_path, transcriber):
    """--voice system (pyttsx3, rendered to a file, played through PortAudio) reaches the speaker."""
    import io

    from rich.console import Console

    from interviewer.audio.files import load_audio
    from interviewer.audio.speak import DeviceSpeaker, make_speaker

    screen = io.StringIO()
    speaker = make_speaker("system", "pulse", Console(file=screen))
    assert isinstance(speaker, DeviceSpeaker)
    heard = tmp_path / "heard.wav"
    recorder = pulse.record(heard)
    time.sleep(0.5)
    speaker.say("Tell me about the grain of your fact table.")
    time.sleep(0.5)
    recorder.send_signal(signal.SIGINT)
    recorder.wait(timeout=10)
    assert "Interviewer: Tell me about the grain" in screen.getvalue()
    from rapidfuzz import fuzz

    said = transcriber.transcribe(load_audio(heard)).text.lower()  # espeak-ng is robotic: tiny.en gets most of it
    assert "fact table" in said and fuzz.ratio(said, "tell me about the grain of your fact table.") > 65, said


def test_without_a_speaker_the_question_is_printed(monkeypatch, tmp_path):
    import io

    import sounddevice as sd
    from rich.console import Console

    from interviewer.audio.speak import PrintSpeaker, make_speaker

    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path}/nothing-here")  # no sound card here: no output at all
    sd._terminate()
    sd._initialize()
    try:
        screen = io.StringIO()
        speaker = make_speaker("piper", None, Console(file=screen, width=200))
        assert isinstance(speaker, PrintSpeaker)
        speaker.say("Design a data model for viewing history.")
        text = screen.getvalue()
        assert "No audio output" in text and "Interviewer: Design a data model for viewing history." in text
    finally:
        monkeypatch.undo()
        sd._terminate()
        sd._initialize()


def test_enter_stops_and_the_screen_shows_clock_and_meter(pulse, mock_home, answer_wav, tmp_path):
    """A person at a terminal (tmux): the live line is drawn, and Enter stops the recording."""
    import shlex
    import shutil

    if not shutil.which("tmux"):
        pytest.skip("tmux not installed (apt-get install tmux)")
    answer, wav = answer_wav
    env = mock_env(mock_home, **pulse.env)
    sock = str(tmp_path / "tmux.sock")
    exports = " ".join(f"{k}={shlex.quote(env[k])}" for k in ("PYTHONPATH", "MOCK_HOME", *pulse.env))
    cmd = (f"cd {shlex.quote(str(REPO))} && env {exports} {shlex.quote(sys.executable)} -m interviewer modeling --device pulse "
           f"--no-voice --no-followups --silence-stop 30 --prompt modeling-viewing-history; sleep 60")

    def tmux(*a: str) -> str:
        return subprocess.run(["tmux", "-S", sock, *a], capture_output=True, text=True, check=True, timeout=20).stdout

    tmux("new-session", "-d", "-x", "120", "-y", "40", cmd)
    try:
        rec = wait_for("sessions/*/answer.wav", mock_home)
        player = pulse.play(wav)
        screen = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and "0:06" not in screen:
            time.sleep(0.25)
            screen = tmux("capture-pane", "-p")
        assert "● REC" in screen and "Enter to stop" in screen and "█" in screen, screen
        tmux("send-keys", "Enter")
        meta_path = rec.parent / "meta.json"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and json.loads(meta_path.read_text()).get("status") == "recording":
            time.sleep(0.2)
        player.terminate()
        meta = json.loads(meta_path.read_text())
        assert meta["status"] == "complete" and meta["stopped_by"] == "enter", meta
        assert 5.5 < meta["duration_s"] < 15
    finally:
        subprocess.run(["tmux", "-S", sock, "kill-server"], capture_output=True)
