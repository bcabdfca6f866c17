"""`make bench`: transcription speed, live end-of-speech -> report latency, word error, startup, memory.

    python bench/run.py            # the full run (about 20 minutes on 2 cores)
    python bench/run.py --quick    # 1 fast run per answer, no real-time runs (a smoke test)

Answers of ~90 s and ~180 s are synthesized with the Piper voice from the scorer's evaluation
sentences (known text, known pauses) and cached under bench/.cache/. Everything is printed; no
figure fails the run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
CACHE = ROOT / "bench" / ".cache"
PAUSES = [0.3, 0.9, 0.3, 1.6, 0.3, 0.6, 2.5, 0.3, 1.1, 0.3, 0.7, 4.0]  # after each sentence, cycling
NUMBERS = dict(enumerate("zero one two three four five six seven eight nine ten".split()))


def norm(text: str) -> str:
    words = re.sub(r"[^a-z0-9' ]+", " ", text.lower()).split()
    return " ".join(NUMBERS.get(int(w), w) if w.isdigit() else w for w in words)


def wer(truth: str, heard: str) -> float:
    import jiwer

    return jiwer.wer(norm(truth), norm(heard))


def answer(target_s: float) -> tuple[Path, str]:
    """A cached Piper answer at least ``target_s`` long: (WAV path, the text spoken)."""
    wav, txt = CACHE / f"answer-{int(target_s)}s.wav", CACHE / f"answer-{int(target_s)}s.txt"
    if wav.exists() and txt.exists():
        return wav, txt.read_text()
    from evalset import CASES

    from interviewer.audio.synth import Pause, Say, synthesize

    sentences = [p.text for c in CASES for p in c.parts if isinstance(p, Say)]
    parts: list = []
    for i, s in enumerate(sentences):
        parts += [Say(s, gap_after=0.0), Pause(PAUSES[i % len(PAUSES)])]
    full = synthesize(parts, voice="piper")
    said = [lab for lab in full.labels if lab.label != "pause"]
    cut = next((k for k, lab in enumerate(said) if lab.end >= target_s), len(said) - 1)
    end = int((said[cut].end + 0.5) * full.sample_rate)
    CACHE.mkdir(parents=True, exist_ok=True)
    full.samples = full.samples[:end]
    full.write(wav)
    txt.write_text(" ".join(lab.text for lab in said[: cut + 1]))
    return wav, txt.read_text()


def median_worst(xs: list[float]) -> str:
    return f"median {statistics.median(xs):.3f} s, worst {max(xs):.3f} s (n={len(xs)})"


def startup(runs: int = 5) -> tuple[float, float]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))

    def timed(cmd: list[str]) -> float:
        t = time.perf_counter()
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, cwd=ROOT)
        return time.perf_counter() - t

    help_ = statistics.median(timed([sys.executable, "-m", "interviewer", "--help"]) for _ in range(runs))
    typer = statistics.median(timed([sys.executable, "-c", "import typer"]) for _ in range(runs))
    return help_, typer


RSS_CHILD = r"""
import json, resource, sys, time, tempfile
from pathlib import Path
sys.path[:0] = [sys.argv[1]]
from interviewer.audio.record import FileMicrophone, StopPolicy
from interviewer.bank.rubrics import load_rubric
from interviewer.score import score
from interviewer.asr.stream import StreamingTranscriber
from interviewer.asr.decode import WhisperTranscriber
st = StreamingTranscriber(WhisperTranscriber())
mic = FileMicrophone(sys.argv[2], realtime=False, trailing_silence_s=9.0)  # unpaced: decodes queue up, a worst case
with tempfile.TemporaryDirectory() as d:
    mic.record(Path(d) / "a.wav", stop=StopPolicy(silence_s=8.0), listeners=[st.feed])
r = score(st.finish(), load_rubric("modeling"))
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))  # this process's own peak
print(json.dumps({"rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "hwm_mb": hwm / 1024, "score": r.score}))
"""


OUTSIDE_PROMPT = "behavioral-data-quality"  # target 90 s: a 50 s answer is past half of it


def outside_answer() -> tuple[Path, float]:
    """A Piper answer of 50-55 s with short pauses only (0.3-1.2 s), cached: (WAV, where its last word ends). Past
    half of the prompt's 90 s target, so the interviewer treats a finished last sentence as the end (turn.py)."""
    import turns

    from interviewer.audio.files import load_audio

    wav = CACHE / "outside-50s-v2.wav"
    if not wav.exists():
        from evalset import CASES

        from interviewer.audio.synth import Pause, Say, synthesize

        sentences = [p.text for c in CASES for p in c.parts if isinstance(p, Say)][:40]
        parts: list = []
        for i, text in enumerate(sentences):
            parts += [Say(text, gap_after=0.0), Pause((0.3, 0.6, 0.9, 1.2)[i % 4])]
        full = synthesize(parts[:-1], tail=0.0)
        said = [lab for lab in full.labels if lab.label != "pause"]
        last = next(lab for lab in said if lab.end >= 50.0)  # the first sentence that ends past 50 s
        full.samples = full.samples[: int((last.end + 0.05) * full.sample_rate)]
        CACHE.mkdir(parents=True, exist_ok=True)
        full.write(wav)
    samples = load_audio(wav).samples
    return wav, turns._last_voiced(samples)


def _marks(path: Path) -> dict[str, float]:
    """The round's time marks (interviewer/trace.py: MOCK_TRACE), first of each name, on this machine's monotonic clock."""
    out: dict[str, float] = {}
    if path.exists():
        for line in path.read_text().splitlines():
            name, _, t = line.partition(" ")
            out.setdefault(name, float(t.split()[0]))
    return out


def _pieces_at_end(path: Path, end: float) -> str:
    """The pieces the decoder worked on in the 4 s before the end of the answer and after it (MOCK_TRACE
    ``piece_start``/``piece_done``): which audio, kept or provisional, and when, relative to the end."""
    rows = [ln.split() for ln in path.read_text().splitlines() if ln.startswith("piece_")] if path.exists() else []
    out = [f"{r[0][6:]} {r[2]} {r[3][:4]} {float(r[1]) - end:+.2f}" for r in rows if float(r[1]) >= end - 4]
    return "; ".join(out) or "none"


def _verdict(path: Path) -> str:
    """How the interviewer judged the answer's ending when it ended (the last ``turn`` mark: complete, open, ...)."""
    lines = [ln.split() for ln in path.read_text().splitlines() if ln.startswith("turn ")] if path.exists() else []
    return lines[-1][2] if lines else "unknown (no words yet)"


STAGES = ("answer_end", "mic_closed", "recording_saved", "finish_joined", "finish_vad", "finish_decoded", "finish_regions",
          "transcript_ready", "scored", "report_shown")


@contextlib.contextmanager
def _private_pulse():
    """(a private PulseAudio, its temporary folder), stopped and removed afterwards; (None, folder) when it
    cannot start (the section is then skipped)."""
    from pulse import PrivatePulse, PulseUnavailable

    root = Path(tempfile.mkdtemp(prefix="mock-bench-pulse-"))
    try:
        pulse = PrivatePulse(root).start()
    except PulseUnavailable as e:
        print(f"   skipped: {e}")
        shutil.rmtree(root, ignore_errors=True)
        yield None, root
        return
    try:
        yield pulse, root
    finally:
        pulse.stop()
        shutil.rmtree(root, ignore_errors=True)


def outside_latency(runs: int = 3) -> None:
    """Section 6: a live round as a user sees it, timed from OUTSIDE the process: `mock behavioral --device pulse`
    on a private PulseAudio (tests/pulse.py), a synthesized answer played into the virtual microphone, the
    time the report appears on the process's stdout (--json). The end of the answer is the moment the
    interviewer decides it is over (the recorder's ``answer_end`` mark, MOCK_TRACE); the in-process marks
    say where the time goes. The last word is when the sink last carried sound, heard by an outside listener
    (tests/pulse.py ``Ear``): it includes the process's own microphone latency."""
    from pulse import Ear

    print(f"\n6. Live round timed outside the process (virtual microphone, `mock behavioral --prompt {OUTSIDE_PROMPT} "
          f"--device pulse --no-voice --no-followups --json`, median of {runs})")
    print(f"   load average before: {os.getloadavg()[0]:.2f}")
    wav, last_word = outside_answer()
    print(f"   the answer: {wav.name}, last word at {last_word:.1f} s")
    from_word, from_end, stages = [], [], []
    with _private_pulse() as (pulse, root):
        if pulse is None:
            return
        ear = Ear(pulse)
        for _ in range(runs):
            home = root / f"home-{len(from_word)}"
            home.mkdir()
            trace = home / "trace.txt"
            proc = pulse.start_round(home, ["behavioral", "--prompt", OUTSIDE_PROMPT, "--no-voice", "--no-followups", "--json"],
                                     trace, stderr=subprocess.DEVNULL)
            pulse.wait_for_recording(home, proc)
            player = pulse.play(wav)
            t_play = time.monotonic()
            first = proc.stdout.readline()  # the JSON report's first line
            t_out = time.monotonic()
            rest = proc.stdout.read()
            proc.wait(timeout=60)
            player.wait(timeout=10)
            report = json.loads(first + rest)
            m = _marks(trace)
            heard = ear.last_sound(t_out)
            from_word.append(t_out - heard if heard is not None else t_out - (t_play + last_word))
            from_end.append(t_out - m["answer_end"])
            stages.append({k: m[k] - m["answer_end"] for k in STAGES if k in m})
            print(f"   run {len(from_word)}: end of answer -> report on stdout {from_end[-1]:.2f} s; last word -> report "
                  f"{from_word[-1]:.2f} s; ending judged {_verdict(trace)}; score {report['score']}; in-process after the end: "
                  + ", ".join(f"{k} +{v:.2f}" for k, v in stages[-1].items() if k != "answer_end")
                  + f"; decodes near the end: {_pieces_at_end(trace, m['answer_end'])}")
        ear.close()
    print(f"   end of answer -> report: median {statistics.median(from_end):.2f} s (goal <= 0.5 s); last word -> report: "
          f"median {statistics.median(from_word):.2f} s (includes the end-of-answer wait: see section 0); "
          f"load average after: {os.getloadavg()[0]:.2f}")


def _poll_streams(pulse, sink: str, until: float) -> tuple[float | None, float | None, float | None]:
    """From outside, by polling the sound server: when a recording stream (the microphone) opened, and when a
    playback stream on ``sink`` (the voice) opened and closed again."""
    sinks = {line.split()[1]: line.split()[0] for line in pulse.pactl("list", "short", "sinks").splitlines()}
    mic = voice_on = voice_off = None
    while time.monotonic() < until:
        now = time.monotonic()
        outs = pulse.pactl("list", "short", "source-outputs")
        ins = [ln.split() for ln in pulse.pactl("list", "short", "sink-inputs").splitlines()]
        playing = any(len(x) > 1 and x[1] == sinks.get(sink) for x in ins)
        if mic is None and outs.strip():
            mic = now
        if voice_on is None and playing:
            voice_on = now
        if voice_on is not None and voice_off is None and not playing:
            voice_off = now
            break
        time.sleep(0.02)
    return mic, voice_on, voice_off


def question_to_recording(runs: int = 3) -> None:
    """Section 7: the voice on headphones (its own null sink), the microphone another: when does the recording
    start against the question's end? Outside: the sound server's streams; inside: the marks."""
    from pulse import SPEAKER

    print(f"\n7. Question spoken -> recording (`mock behavioral --prompt {OUTSIDE_PROMPT} --device pulse --max 3`, voice on "
          "its own sink, median of 3)")
    lead, gap = [], []
    with _private_pulse() as (pulse, root):
        if pulse is None:
            return
        for i in range(runs):
            home = root / f"home-{i}"
            home.mkdir()
            trace = home / "trace.txt"
            pulse.wait_until_quiet()
            t0 = time.monotonic()
            proc = pulse.start_round(home, ["behavioral", "--prompt", OUTSIDE_PROMPT, "--max", "3", "--no-followups", "--json"],
                                     trace, headphones=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            mic, voice_on, voice_off = _poll_streams(pulse, SPEAKER, t0 + 120)
            proc.wait(timeout=120)
            m = _marks(trace)
            if None in (mic, voice_on, voice_off):
                print(f"   run {i + 1}: streams not seen (mic {mic}, voice {voice_on}-{voice_off})")
                continue
            lead.append(voice_off - mic)
            gap.append(m.get("question_end", float("nan")) - m.get("question_start", float("nan")))
            print(f"   run {i + 1}: microphone open {voice_off - mic:.2f} s before the voice's stream closed at the question's end (outside); "
                  f"question {gap[-1]:.2f} s (marks); voice opened {voice_on - t0:.2f} s after the start")
    if lead:
        print(f"   recording starts {-statistics.median(lead):.2f} s after the question has been spoken (median; negative: "
              "already listening while it is spoken; goal <= 1 s)")


def turn_taking(tr, quick: bool = False) -> None:
    """Section 0: the end of the answer, judged from its words (interviewer/turn.py), on synthesized answers with
    thinking pauses of 5.5-8 s inside unfinished thoughts (tests/turns.py): cut-offs and last word -> end of answer."""
    import turns

    print("\n0. End of answer (interviewer/turn.py) on synthesized answers with 5.5-8 s thinking pauses in open clauses")
    print("   (tests/turns.py; through the recorder and the streaming transcriber; --silence-stop 8)")
    answers = [turns.build(name, CACHE) for name in turns.ANSWERS]
    for realtime in ([False] if quick else [False, True]):
        res = [turns.run(a, tr, realtime=realtime) for a in answers]
        cut = sum(r.cut_off for r in res)
        delays = [r.delay_s for r in res if not r.cut_off]
        how = "paced at 1x, decodes in the background (as live)" if realtime else "decoder waited for (no decode latency)"
        print(f"   {how}: cut-offs {cut} of {len(res)}; last word -> end of answer "
              + (f"mean {statistics.mean(delays):.2f} s, worst {max(delays):.2f} s" if delays else "n/a")
              + "  [" + ", ".join(f"{r.name} {r.delay_s:+.2f} s ({r.judged})" for r in res) + "]")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="one fast run per answer, no real-time runs")
    ap.add_argument("--runs", type=int, default=5, help="fast-paced live runs per answer; with --outside-only, runs of section 6 (default 5)")
    ap.add_argument("--speed", type=float, default=2.0, help="pace of the faster live runs, x real time (default 2)")
    ap.add_argument("--silence", type=float, default=8.0, help="trailing-silence window that stops the recording, s (CLI default 8)")
    ap.add_argument("--live-only", action="store_true", help="only the live latency runs (section 2), without the Enter run")
    ap.add_argument("--turn-only", action="store_true", help="only the end-of-answer runs (section 0)")
    ap.add_argument("--outside-only", action="store_true", help="only the report latency measured outside the process (section 6)")
    args = ap.parse_args()
    if args.quick:
        args.runs = 1
    # first, while this process is small: Linux keeps ru_maxrss across fork+exec, so a child started
    # after the model is loaded here would report this process's peak, not its own
    if args.outside_only:
        outside_latency(args.runs)
        question_to_recording()
        return
    answers = {t: answer(t) for t in (90, 180)} if not args.turn_only else {}
    rss = None
    if not args.live_only and not args.turn_only:
        p = subprocess.run([sys.executable, "-c", RSS_CHILD, str(ROOT), str(answers[180][0])], capture_output=True, text=True)
        rss = json.loads(p.stdout.strip().splitlines()[-1]) if p.returncode == 0 else None

    import numpy as np

    from interviewer.audio.files import Audio, load_audio
    from interviewer.audio.record import FileMicrophone, StopPolicy
    from interviewer.bank.rubrics import load_rubric
    from interviewer.score import score
    from interviewer.asr.stream import StreamingTranscriber
    from interviewer.audio.files import PacedFile
    from interviewer.asr.decode import WhisperTranscriber

    rubric = load_rubric("modeling")
    tr = WhisperTranscriber()
    _ = tr.model
    print(f"mock bench — tiny.en int8, {os.cpu_count()} CPU cores, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    rows = {}

    turn_taking(tr, quick=args.quick)
    if args.turn_only:
        return

    # 1. batch: transcribe the whole file after the answer
    print("\n1. Batch transcription (the whole file after the answer ends)")
    for t, (wav, text) in answers.items():
        if args.live_only:
            rows[t] = {}
            continue
        audio = load_audio(wav)
        t0 = time.perf_counter()
        batch = tr.transcribe(audio)
        dt = time.perf_counter() - t0
        rows[t] = {"dur": audio.duration_s, "batch_s": dt, "batch_wer": wer(text, batch.text), "batch_score": score(batch, rubric).score}
        print(f"   {audio.duration_s:6.1f} s answer: {dt:5.2f} s to transcribe = {audio.duration_s / dt:4.1f}x real time")
        # how much batch word error moves by itself: the same answer with the recording started a little earlier
        shifted = []
        for lead in (0.25, 0.5, 0.75, 1.0):
            pad = np.zeros(int(lead * 16000), np.float32)
            shifted.append(wer(text, tr.transcribe(Audio(np.concatenate([pad, audio.samples]), audio.sample_rate)).text))
        rows[t]["batch_wer_range"] = (min(shifted + [rows[t]["batch_wer"]]), max(shifted + [rows[t]["batch_wer"]]))

    # 2. live: paced playback into the streaming transcriber; latency = end of the trailing-silence window -> report
    print(f"\n2. Live end-of-speech -> report latency (trailing-silence window {args.silence:g} s; latency = from the moment")
    print("   the recorder stops on that silence to the scored Report: StreamingTranscriber.finish() + score())")
    for t, (wav, text) in answers.items():
        lat, wers, scores = [], [], []
        if not args.quick:  # once at real time through the real recorder (FileMicrophone -> _Capture -> listeners)
            st = StreamingTranscriber(tr)
            mic = FileMicrophone(wav, realtime=True, trailing_silence_s=args.silence + 1.0)
            with tempfile.TemporaryDirectory() as d:
                res = mic.record(Path(d) / "a.wav", stop=StopPolicy(silence_s=args.silence), listeners=[st.feed])
            t0 = time.perf_counter()
            live = st.finish()
            rep = score(live, rubric)
            rt_lat = time.perf_counter() - t0
            lat.append(rt_lat)
            wers.append(wer(text, live.text))
            scores.append(rep.score)
            print(f"   {t} s answer at 1x through the recorder (stopped by {res.stopped_by}): latency {rt_lat:.3f} s, "
                  f"{st.stats.stretches} stretches, {st.stats.decodes} decodes, {st.stats.cuts} cuts, "
                  f"decoder busy {st.stats.decode_s:.1f} s = {100 * st.stats.decode_s / res.duration_s:.0f}% of the recording")
        samples = load_audio(wav).samples
        fast = []
        for _ in range(args.runs):  # faster than real time: a harder test for keeping up
            st = StreamingTranscriber(tr)
            src = PacedFile(samples, block_s=0.05, speed=args.speed, trailing_silence_s=args.silence)
            for block in src:
                st.feed(block)
            t0 = time.perf_counter()
            live = st.finish()
            rep = score(live, rubric)
            fast.append(time.perf_counter() - t0)
            wers.append(wer(text, live.text))
            scores.append(rep.score)
        lat += fast
        if args.live_only:
            print(f"   {t} s answer at {args.speed:g}x pace (PacedFile, {args.runs} runs): latency {median_worst(fast)}")
            print(f"   {t} s answer, all {len(lat)} runs: latency {median_worst(lat)}")
            continue
        st = StreamingTranscriber(tr)  # no trailing silence: Enter pressed 0.2 s after the last word
        for block in PacedFile(samples[: samples.size - int(0.3 * 16000)], block_s=0.05, speed=args.speed, trailing_silence_s=0.0):
            st.feed(block)
        t0 = time.perf_counter()
        score(st.finish(), rubric)
        enter = time.perf_counter() - t0
        print(f"   {t} s answer at {args.speed:g}x pace (PacedFile, {args.runs} runs): latency {median_worst(fast)}")
        print(f"   {t} s answer, all {len(lat)} runs: latency {median_worst(lat)}")
        print(f"   {t} s answer stopped by Enter 0.2 s after the last word (no silence window; the open stretch is decoded then): {enter:.3f} s")
        rows[t].update(live_wer=max(wers), live_wer_med=statistics.median(wers), live_score=min(scores), lat_med=statistics.median(lat), lat_max=max(lat))

    if args.live_only:
        return
    print("\n3. Word error against the synthesized text (jiwer WER; lower case, no punctuation, 0-10 as words)")
    print("   batch: the file as recorded [and its range when the recording starts 0.25-1 s earlier];")
    print("   streaming: median / worst of the live runs")
    print("   answer   batch WER [range]        streaming WER med / worst   batch score  streaming score (lowest run)")
    for t, r in rows.items():
        lo, hi = r["batch_wer_range"]
        print(f"   {r['dur']:5.1f} s   {r['batch_wer']:.3f} [{lo:.3f}-{hi:.3f}]      {r['live_wer_med']:.3f} / {r['live_wer']:.3f}"
              f"               {r['batch_score']:11d}  {r['live_score']:15d}")

    print("\n4. Startup (median of 5 process runs)")
    h, ty = startup()
    print(f"   mock --help {h * 1000:.0f} ms, python -c 'import typer' {ty * 1000:.0f} ms: ratio {h / ty:.2f}")

    outside_latency()
    question_to_recording()

    print("\n5. Peak memory of a live session (child process: model + streaming + recorder + score, 180 s answer)")
    if rss is not None:
        print(f"   peak RSS {rss['hwm_mb']:.0f} MB (VmHWM; ru_maxrss {rss['rss_mb']:.0f} MB) — 180 s answer fed unpaced, score {rss['score']}")
    else:
        print(f"   failed: {p.stderr.strip().splitlines()[-1] if p.stderr.strip() else p.returncode}")


if __name__ == "__main__":
    main()
