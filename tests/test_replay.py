"""Replay and history: golden timelines from hand-made reports; the HTML page in a real browser; VTT; interrupted sessions."""

from __future__ import annotations

import json
import re
import shutil
import stat
from pathlib import Path

import pytest
from rich.console import Console

from interviewer.replay import now, render_text, timeline, to_vtt
from interviewer.types import BeatResult, FillerHit, Fillers, PaceBand, PhraseResult, Report, Silence, StarPart, Word

GOLDEN = Path(__file__).parent / "golden"


def words(text: str, start: float, step: float = 0.4) -> list[Word]:
    return [Word(text=t, start=round(start + i * step, 2), end=round(start + i * step + 0.3, 2)) for i, t in enumerate(text.split())]


def modeling_report() -> Report:
    ws = (words("Um, who reads this data?", 0.5) + words("I'll treat this as a star schema.", 6.0)
          + words("The grain of this fact is one row per play.", 9.0) + words("This breaks when events arrive late.", 14.0))
    return Report(
        rubric="modeling", duration_s=17.5, words=ws,
        beats=[BeatResult(name="clarify", present=True, start=0.5, end=2.2, duration_s=1.7),
               BeatResult(name="frame", present=True, start=6.0, end=12.9, duration_s=6.9),
               BeatResult(name="build", present=False),
               BeatResult(name="stress", present=True, start=14.0, end=16.3, duration_s=2.3)],
        phrases=[PhraseResult(id="grain", text="the grain of this fact is", found=True, at=9.0),
                 PhraseResult(id="tradeoff", text="the trade-off here is", found=False),
                 PhraseResult(id="breaks", text="this breaks when", found=True, at=14.0)],
        silences=[Silence(start=2.3, end=6.0, duration_s=3.7)],
        fillers=Fillers(count=1, per_minute=3.9, items=[FillerHit(text="um", at=0.5)]),
        words_per_minute=120.0, pace_band=PaceBand(min_wpm=110, max_wpm=185, verdict="in band"), score=61,
        feedback=["The build was missing."],
    )


def star_report() -> Report:
    ws = words("We had a slow dashboard.", 0.5) + words("I needed to fix it.", 25.0) + words("I built a rollup.", 30.0) + words("Load time fell by 90%.", 80.0)
    return Report(
        rubric="behavioral-star", duration_s=84.0, words=ws,
        star=[StarPart(name="situation", present=True, start=0.5, end=25.0, duration_s=24.5, target_s=15, verdict="long"),
              StarPart(name="task", present=True, start=25.0, end=30.0, duration_s=5.0, target_s=15, verdict="short"),
              StarPart(name="action", present=True, start=30.0, end=80.0, duration_s=50.0, target_s=45, verdict="ok"),
              StarPart(name="result", present=True, start=80.0, end=82.0, duration_s=2.0, target_s=15, verdict="short", has_metric=True)],
        star_total_s=81.5, fillers=Fillers(count=0, per_minute=0), words_per_minute=20.0,
        pace_band=PaceBand(min_wpm=110, max_wpm=185, verdict="slow"), score=70,
    )


@pytest.mark.parametrize("name,make", [("replay-modeling", modeling_report), ("replay-star", star_report),
                                       ("replay-followups", lambda: followups_report())])
def test_timeline_golden(name, make):
    got = render_text(timeline(make()))
    path = GOLDEN / f"{name}.txt"
    assert path.exists(), f"{path} is missing: a golden file is written by hand from render_text's output and reviewed"
    assert got == path.read_text()


def test_star_clock_turns_red_when_a_part_overruns():
    ev = timeline(star_report())
    over = [e for e in ev if e.kind == "star_overrun"]
    assert [(e.at, e.alert) for e in over] == [(15.5, True), (75.0, True)]  # situation at 0.5+15, action at 30+45


def test_vtt_parses_and_carries_annotations(tmp_path):
    import webvtt

    p = tmp_path / "r.vtt"
    p.write_text(to_vtt(timeline(modeling_report())))
    assert p.read_text().startswith("WEBVTT\n\n")
    captions = webvtt.read(str(p))
    texts = [c.text for c in captions]
    assert {"[Frame begins]", "[grain stated]", "[breaks stated]", "[3.7 s silence]", "[filler “um”]"} <= set(texts)
    assert "The grain of this fact is one row per play." in texts
    def secs(stamp: str) -> float:  # webvtt-py's *_in_seconds drop the milliseconds
        h, m, s = stamp.split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)

    starts = [secs(c.start) for c in captions]
    assert starts == sorted(starts)
    assert all(secs(c.end) > secs(c.start) and secs(c.end) <= 17.5 for c in captions)
    silence = next(c for c in captions if c.text == "[3.7 s silence]")
    assert (secs(silence.start), secs(silence.end)) == (2.3, 6.0)  # on screen while it lasts
    star = [c.text for c in webvtt.from_string(to_vtt(timeline(star_report())))]
    assert "[Situation begins]" in star and "[Situation over 15 s]" in star and "[Action over 45 s]" in star


def test_timeline_carries_every_word():
    r = modeling_report()
    ws = [e for e in timeline(r) if e.kind == "word"]
    assert [(e.at, e.text) for e in ws] == [(w.start, w.text) for w in r.words]


def test_now_follows_the_line_the_beat_and_the_star_clock():
    r = modeling_report()
    n = now(r, 9.5)
    assert (n.line, n.spoken, n.beat, n.star_clock) == ("The grain of this fact is one row per play.", 2, "frame", None)
    assert now(r, 3.0).beat is None and now(r, 0.0).line == ""
    s = star_report()
    assert now(s, 10.0).star_part == "situation" and not now(s, 10.0).over
    red = now(s, 20.0)  # 19.5 s into a 15 s situation: the clock turns red
    assert red.over and red.star_part == "situation" and red.star_clock == pytest.approx(19.5)
    assert not now(s, 60.0).over and now(s, 76.0).over  # action: 30 s in is fine, 46 s is over its 45
    assert now(s, 83.0).star_part is None and now(s, 83.0).star_clock == pytest.approx(81.5)


# --- with the real CLI, a real session -------------------------------------------------------------


def test_interrupted_session_is_scored_and_replayed(mock, sessions_home):
    """kill -9 mid-answer leaves a WAV whose header was last rewritten a moment before the end: the header
    claims fewer samples than the file holds. Replay scores all of it, then prints the timeline."""
    import struct

    home, _, interrupted_id = sessions_home
    wav = home / "sessions" / interrupted_id / "answer.wav"
    raw = bytearray(wav.read_bytes())
    data_at = raw.index(b"data") + 8
    struct.pack_into("<I", raw, data_at - 4, (len(raw) - data_at) // 2 // 2 * 2)  # header: half of what is there
    struct.pack_into("<I", raw, 4, (len(raw) - data_at) // 2 + data_at - 8)
    wav.write_bytes(bytes(raw))
    env = {"MOCK_HOME": str(home)}
    run = mock("replay", interrupted_id, "--no-audio", env=env)
    assert run.code == 0, run.err
    assert "was interrupted before it was scored" in run.err + run.out
    out = run.out.lower()
    assert "grain of this fact" in out and "reload a week" in out and "● end — score" in out  # the last words too
    meta = json.loads((home / "sessions" / interrupted_id / "meta.json").read_text())
    assert meta["status"] == "interrupted" and meta["score"] is not None and meta["duration_s"] > 10
    again = mock("score", interrupted_id, "--json", env=env)
    assert again.code == 0 and json.loads(again.out)["rubric"] == "behavioral-star"
    assert json.loads(again.out)["score"] == meta["score"]  # same audio, same rubric: same score


def test_replay_unknown_session(mock):
    run = mock("replay", "nope")
    assert run.code == 2 and "mock history" in run.err


def test_replay_without_a_speaker_falls_back_to_the_timeline(mock, sessions_home, tmp_path):
    home, complete, _ = sessions_home
    sid = next(p.name for p in (home / "sessions").iterdir() if p.name.endswith("-modeling"))
    run = mock("replay", sid, env={"MOCK_HOME": str(home), "PULSE_SERVER": f"unix:{tmp_path}/none"})
    assert run.code == 0, run.err
    assert "No audio output device here" in run.out and "▶ Clarify begins" in run.out


def _browser():
    playwright = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed")
    return playwright, chromium


def _until(page, expr: str, timeout_s: float = 10.0) -> None:
    """Poll a JS expression from Python (the page's CSP forbids the eval behind wait_for_function's polling)."""
    import time

    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expr):
        assert time.monotonic() < deadline, f"never became true: {expr}"
        page.wait_for_timeout(50)


def _open(p, chromium, page_file: Path, errors: list[str]):
    browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--autoplay-policy=no-user-gesture-required"])
    page = browser.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_file.as_uri())
    _until(page, "document.getElementById('audio').readyState >= 1", 15)
    return browser, page


def test_html_page_in_a_real_browser(mock, sessions_home, tmp_path):
    playwright, chromium = _browser()
    home, complete, _ = sessions_home
    sid = next(p.name for p in (home / "sessions").iterdir() if p.name.endswith("-modeling"))
    page_file = tmp_path / "replay.html"
    run = mock("replay", sid, "--html", str(page_file), env={"MOCK_HOME": str(home)})
    assert run.code == 0, run.err
    assert stat.S_IMODE(page_file.stat().st_mode) == 0o600
    text = page_file.read_text()
    assert "http://" not in text and "https://" not in text and "src=\"data:audio/ogg" in text  # self-contained
    print(f"\nHTML page for a {complete['duration_s']:.1f} s answer: {len(text) / 1024:.0f} KiB")

    errors: list[str] = []
    with playwright.sync_playwright() as p:
        browser, page = _open(p, chromium, page_file, errors)
        duration = page.evaluate("document.getElementById('audio').duration")
        assert duration == pytest.approx(complete["duration_s"], abs=0.3)
        present = [b["name"] for b in complete["beats"] if b["present"]]
        assert page.locator("svg#wave .band.beat").count() == len(present) >= 2  # coloured beat bands
        assert page.locator("#transcript .w").count() == len(complete["words"])
        target = next(w for w in complete["words"] if w["text"].strip().lower().startswith("grain"))
        word = page.locator(f'.w[data-start="{target["start"]:.2f}"]').first
        word.click()
        _until(page, f"Math.abs(document.getElementById('audio').currentTime - {target['start']}) < 0.05")
        assert page.locator(f'.w[data-start="{target["start"]:.2f}"].now').count() == 1  # the word lights up
        assert page.locator("#feedback li").count() == len(complete["feedback"])
        assert page.locator(".score").inner_text() == f"{complete['score']}/100"
        browser.close()
    assert errors == []


def test_html_star_clock_turns_red_in_the_browser(tmp_path):
    """A hand-made STAR report over 84 s of quiet audio: seek into the overrun, the clock turns red."""
    import numpy as np

    from interviewer.replay import to_html

    playwright, chromium = _browser()
    rate = 16000
    samples = (0.01 * np.sin(np.arange(84 * rate) * 2 * np.pi * 220 / rate)).astype("float32")
    page_file = tmp_path / "star.html"
    page_file.write_text(to_html(star_report(), samples, rate, title="star", prompt="Tell me about a slow dashboard."))
    errors: list[str] = []
    with playwright.sync_playwright() as p:
        browser, page = _open(p, chromium, page_file, errors)
        assert page.locator("svg#wave .band.star").count() == 4 and page.locator("svg#wave rect.overrun").count() == 2
        page.evaluate("document.getElementById('audio').currentTime = 10")
        _until(page, "document.getElementById('clock').textContent.includes('situation 10/15')")
        assert not page.evaluate("document.getElementById('clock').classList.contains('over')")
        page.evaluate("document.getElementById('audio').currentTime = 20")
        _until(page, "document.getElementById('clock').classList.contains('over')")
        assert "situation 20/15" in page.locator("#clock").inner_text()
        colour = page.evaluate("getComputedStyle(document.getElementById('clock')).color")
        assert colour == "rgb(192, 57, 43)"  # red
        browser.close()
    assert errors == []


@pytest.mark.live
def test_replay_plays_the_recording_through_the_speaker(pulse, sessions_home, tmp_path):
    """Real playback through PortAudio into a PulseAudio null sink; its monitor records what was played."""
    import signal
    import subprocess
    import sys

    import soundfile as sf

    from conftest import REPO, mock_env
    from test_live import best_alignment

    home, complete, _ = sessions_home
    sess = next(p for p in (home / "sessions").iterdir() if p.name.endswith("-modeling"))
    played, rate = sf.read(str(sess / "answer.wav"), dtype="float32")
    reply = played[4 * rate:7 * rate]  # a 3 s reply to a follow-up, in its own recording (see _session_with_a_followup)
    _session_with_a_followup(home, sess.name, reply)
    heard = tmp_path / "heard.wav"
    recorder = pulse.record(heard)
    import time

    deadline = time.monotonic() + 30  # parecord is slow to start on a busy machine: wait until it is writing
    while not (heard.is_file() and heard.stat().st_size > 16000):  # ~0.5 s of 16-bit 16 kHz audio
        assert time.monotonic() < deadline and recorder.poll() is None, "parecord never started recording"
        time.sleep(0.05)
    p = subprocess.run([sys.executable, "-m", "interviewer", "replay", sess.name, "--device", "pulse"], capture_output=True,
                       text=True, env=mock_env(home, **pulse.env), cwd=REPO, timeout=120, stdin=subprocess.DEVNULL)
    recorder.send_signal(signal.SIGINT)
    recorder.wait(timeout=10)
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    first_beat = next(i for i, line in enumerate(lines) if "▶ Clarify begins" in line)
    end = next(i for i, line in enumerate(lines) if f"● end — score {complete['score']}/100" in line)
    asked = next(i for i, line in enumerate(lines) if "? Follow-up 1: How would you build it?" in line)
    assert first_beat < end < asked and "The grain of this fact" in p.stdout
    assert any("+ made when asked: build" in line for line in lines[asked:])
    rec, rrate = sf.read(str(heard), dtype="float32")
    assert rrate == rate == 16000
    offset, match = best_alignment(rec, played)
    print(f"\nreplay heard through the null sink: envelope correlation {match:.3f} at offset {offset:.2f} s")
    assert match > 0.8
    # the reply's own recording plays after the answer, where the clock puts it: answer, 1 s, question, 1 s
    after = offset + complete["duration_s"] + 1.0
    r_offset, r_match = best_alignment(rec[int(after * rate):], reply)
    print(f"the follow-up reply heard {r_offset + 1.0:.2f} s after the answer (1 s question + 1 s pause: expected 2.0 s), "
          f"correlation {r_match:.3f}")
    assert r_match > 0.8 and abs(r_offset - 1.0) < 0.3


def test_live_panel_shows_spoken_words_and_a_red_star_clock():
    from rich.console import Console

    from interviewer.replay import live_view

    c = Console(record=True, width=100, force_terminal=True, color_system="truecolor")
    c.print(live_view(now(star_report(), 20.0), 84.0, 70))
    text = c.export_text(styles=False)
    assert "STAR 20 s situation 20/15 s" in text and "score 70/100" in text and "0:20.0 / 1:24.0" in text
    c.print(live_view(now(star_report(), 20.0), 84.0, 70))
    assert "\x1b[1;31mSTAR 20 s situation 20/15 s" in c.export_text(styles=True)  # bold red
    c.print(live_view(now(star_report(), 10.0), 84.0, 70))
    assert "\x1b[1;35mSTAR 10 s situation 10/15 s" in c.export_text(styles=True)  # magenta, in budget


@pytest.mark.live
def test_replay_on_an_unknown_speaker_names_the_ones_there_are(mock, pulse, sessions_home):
    home, _, _ = sessions_home
    sid = next(p.name for p in (home / "sessions").iterdir() if p.name.endswith("-modeling"))
    run = mock("replay", sid, "--device", "no-such-speaker", env={"MOCK_HOME": str(home), **pulse.env})
    assert run.code == 6 and len(run.err_lines) == 1
    assert "no-such-speaker" in run.err and "pulse" in run.err


def test_html_lists_follow_ups_and_escapes_what_was_said():
    import numpy as np

    from interviewer.replay import to_html
    from interviewer.types import FollowupExchange

    r = modeling_report().model_copy(update={
        "followups": [FollowupExchange(probe="build", question="How would you build it?", index=1,
                                       answer="With <script>alert(1)</script> a dimension per title.", recovered=["build"], credit=5)],
        "score_volunteered": 56})
    page = to_html(r, np.zeros(16000 * 18, dtype="float32"), 16000, title="t <b>")
    assert "How would you build it?" in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert "Score before follow-ups: 56" in page and "<title>t &lt;b&gt;</title>" in page
    assert page.count('class="w') == len(r.words) and 'data-start="9.00"' in page


# --- follow-ups on every replay (issue 15.5) --------------------------------------------------------


def followups_report() -> Report:
    from interviewer.types import FollowupExchange

    return modeling_report().model_copy(update={
        "followups": [FollowupExchange(probe="build", question="How would you build it?", index=1, answer="A dimension per title, loaded nightly.",
                                       answer_audio="followup-1.wav", duration_s=3.0, recovered=["build"], credit=5),
                      FollowupExchange(probe="coverage", question="What about late data?", index=2)],
        "score": 66, "score_volunteered": 61})


def test_the_html_says_made_when_asked_as_the_terminal_report_does():
    """A beat and a talking point supplied in a follow-up reply read "when asked" on the page, not "no" or missed."""
    import numpy as np

    from interviewer.replay import to_html
    from interviewer.report import beats_table, delivery_lines
    from interviewer.types import Coverage, KeyPointHit

    cov = Coverage(covered=1, total=3, items=[KeyPointHit(point="one row per play", covered=True, at=9.0),
                                               KeyPointHit(point="a title dimension", covered=False, when_asked=True),
                                               KeyPointHit(point="late events", covered=False)])
    r = followups_report().model_copy(update={"coverage": cov})
    page = to_html(r, np.zeros(16000 * 18, dtype="float32"), 16000, title="t")
    assert "<td>build</td><td>when asked</td>" in page and "<td>build</td><td>no</td>" not in page
    line = "You covered 1 of 3 talking points; made when asked: a title dimension; missed: late events."
    assert f'<p class="coverage">{line}</p>' in page
    console = Console(width=200, record=True)
    console.print(beats_table(r), delivery_lines(r))
    shown = console.export_text()
    assert line in shown and re.search(r"build\s+│\s+when asked", shown), shown


def test_followups_follow_the_answer_on_the_replay_clock():
    from interviewer.replay.timeline import GAP_S, followup_layout

    r = followups_report()
    first, second = followup_layout(r)
    assert first.question_at == pytest.approx(r.duration_s + GAP_S) and first.reply_at == pytest.approx(first.question_at + GAP_S)
    assert first.reply_end == pytest.approx(first.reply_at + 3.0) and second.question_at == pytest.approx(first.reply_end + GAP_S)
    text = render_text(timeline(r))
    tail = text[text.index("● end — score 66/100"):].splitlines()
    assert [line.split("  ", 2)[-1].strip()[:1] for line in tail] == ["●", "?", "»", "+", "?", "»", "+"]
    assert "? Follow-up 1: How would you build it?" in tail[1] and "A dimension per title" in tail[2]
    assert "made when asked: build — +5.0 points" in tail[3] and "no reply — no credit" in tail[6]
    assert tail[2].lstrip().startswith("0:19.5")  # the reply's own place: 17.5 s answer, 1 s pause, the question, 1 s pause


def test_vtt_carries_the_followups_past_the_answer(tmp_path):
    import webvtt

    path = tmp_path / "f.vtt"
    path.write_text(to_vtt(timeline(followups_report())))
    cues = {c.text: (c.start, c.end) for c in webvtt.read(str(path))}
    assert cues["[Follow-up 1: How would you build it?]"] == ("00:00:18.500", "00:00:19.500")
    assert cues["A dimension per title, loaded nightly."] == ("00:00:19.500", "00:00:22.500")
    assert any(t.startswith("[made when asked: build") and s == "00:00:22.500" for t, (s, _) in cues.items())


def test_one_track_puts_each_reply_where_the_clock_says():
    import numpy as np

    from interviewer.replay.player import one_track

    rate = 1000
    r = followups_report()
    track = one_track(r, np.full(int(17.5 * rate), 0.1, dtype="float32"), rate, {1: np.full(3 * rate, 0.5, dtype="float32")})
    assert track.size == round((17.5 + 1 + 1 + 3 + 1 + 1) * rate)  # the second, unanswered follow-up keeps its question's pauses
    assert np.all(track[:17500] == np.float32(0.1)) and np.all(track[17500:19500] == 0)
    assert np.all(track[19500:22500] == np.float32(0.5)) and np.all(track[22500:] == 0)


def _session_with_a_followup(home: Path, sid: str, reply=None) -> Path:
    """The complete session given a follow-up whose reply is a real recording in its folder (``reply``'s samples,
    else the answer's own audio: a reply Whisper never needs to hear, since the report is already there)."""
    folder = home / "sessions" / sid
    if reply is None:
        shutil.copy(folder / "answer.wav", folder / "followup-1.wav")
    else:
        import soundfile as sf

        sf.write(str(folder / "followup-1.wav"), reply, 16000, subtype="PCM_16")
    from interviewer.audio.files import load_audio
    from interviewer.types import FollowupExchange

    secs = load_audio(folder / "followup-1.wav").duration_s
    report = Report.model_validate(json.loads((folder / "report.json").read_text()))
    report = report.model_copy(update={"followups": [FollowupExchange(
        probe="build", question="How would you build it?", index=1, answer="One row per order line, loaded nightly.",
        answer_audio="followup-1.wav", duration_s=round(secs, 2), recovered=["build"], credit=4.5)]})
    (folder / "report.json").write_text(report.to_json())
    return folder


def test_replay_of_a_session_shows_its_followups_in_text_and_captions(mock, sessions_home, tmp_path):
    home, complete, _ = sessions_home
    sid = next(p.name for p in (home / "sessions").iterdir() if p.name.endswith("-modeling"))
    _session_with_a_followup(home, sid)
    run = mock("replay", sid, "--no-audio", "--vtt", str(tmp_path / "c.vtt"), env={"MOCK_HOME": str(home)})
    assert run.code == 0, run.err
    assert "? Follow-up 1: How would you build it?" in run.out and "» One row per order line" in run.out
    assert "+ made when asked: build — +4.5 points" in run.out
    vtt = (tmp_path / "c.vtt").read_text()
    assert "[Follow-up 1: How would you build it?]" in vtt and "One row per order line, loaded nightly." in vtt


def test_html_plays_each_followup_reply_in_a_real_browser(mock, sessions_home, tmp_path):
    playwright, chromium = _browser()
    home, complete, _ = sessions_home
    sid = next(p.name for p in (home / "sessions").iterdir() if p.name.endswith("-modeling"))
    _session_with_a_followup(home, sid)
    page_file = tmp_path / "replay.html"
    run = mock("replay", sid, "--html", str(page_file), env={"MOCK_HOME": str(home)})
    assert run.code == 0, run.err
    errors: list[str] = []
    with playwright.sync_playwright() as p:
        browser, page = _open(p, chromium, page_file, errors)
        assert page.locator("#followups li").count() == 1
        item = page.locator("#followup-1")
        assert item.locator(".question").inner_text() == "How would you build it?"
        assert "One row per order line" in item.locator(".reply-text").inner_text()
        assert "made when asked: build — +4.5 points" in item.locator(".credit").inner_text()
        reply = "document.querySelector('#followup-1 audio.reply')"
        _until(page, f"{reply}.readyState >= 1", 15)
        assert page.evaluate(f"{reply}.duration") == pytest.approx(complete["duration_s"], abs=0.3)  # its own recording
        page.evaluate(f"{reply}.play()")
        _until(page, f"{reply}.currentTime > 0.3")  # it really plays
        browser.close()
    assert errors == []


def test_the_html_says_a_focused_attempt_was_scored_on_its_part_only():
    """A `w` attempt's page says what the terminal report says: only that part of that question was scored."""
    import numpy as np

    from interviewer.replay import to_html
    from interviewer.report import focus_text
    from interviewer.types import FocusedPart

    r = followups_report().model_copy(update={"focus": FocusedPart(prompt_id="behavioral-data-quality", part="task", target_s=15.0)})
    page = to_html(r, np.zeros(16000 * 18, dtype="float32"), 16000, title="t")
    line = "Focused attempt: only the task of behavioral-data-quality was scored (target 15 s)."
    assert focus_text(r) == line and f'<p class="focus">{line}</p>' in page
    assert 'class="focus"' not in to_html(followups_report(), np.zeros(16000, dtype="float32"), 16000, title="t")


def test_a_point_made_partly_reads_partly_on_the_page_and_in_the_terminal_alike():
    """Score validity (issue 11): a point with part of its credit is neither covered nor missed in any view."""
    import numpy as np

    from interviewer.replay import to_html
    from interviewer.report import delivery_lines
    from interviewer.types import Coverage, KeyPointHit

    cov = Coverage(covered=1, total=3, items=[KeyPointHit(point="one row per play", covered=True, at=9.0),
                                               KeyPointHit(point="a title dimension", covered=False, credit=0.6, at=12.0),
                                               KeyPointHit(point="late events", covered=False)])
    r = followups_report().model_copy(update={"coverage": cov})
    line = ("You covered 1 of 3 talking points and 1 partly (1.6 of 3 in all); made only in part: a title dimension; "
            "missed: late events.")
    assert f'<p class="coverage">{line}</p>' in to_html(r, np.zeros(16000 * 18, dtype="float32"), 16000, title="t")
    console = Console(width=300, record=True)
    console.print(delivery_lines(r))
    assert line in console.export_text()

