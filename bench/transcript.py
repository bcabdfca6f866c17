"""How good is the transcript under the report, per model: `make bench` prints this table.

    python bench/transcript.py                       # every installed model (tiny, base), 3 runs each
    python bench/transcript.py --models tiny --runs 1 --no-real   # quick
    python bench/transcript.py --models tiny --runs 1 --real-only # the real clips only
    python bench/transcript.py --models tiny --runs 1 --real-only --clips mfa_disfluent,jfk_inaugural
    python bench/transcript.py --child tiny          # one model, JSON on stdout (what the table runs)

For each model, in its own process (so its peak memory is its own):

* word error on the synthesized evaluation set (``tests/evalset.py``, 13 answers, Piper and
  espeak-ng) and on the synthesized disfluent answers (``tests/disfluent.py``), against the text
  spoken (fillers left out on both sides);
* sentences lost: fewer than half of a sentence's words heard within 2 s of where it was spoken and
  less than half of its time covered by words (``tests/heard.py``, the rule the tests use too);
* fillers: recall and precision against the braced fillers of the disfluent answers (matched per
  sentence by text), and on the real clips against the human references (through
  ``../shared/real-speech/check_real.py``'s alignment; a reported filler with no reference filler
  is a false one; the two TED clips, whose references leave um/uh out, are not counted here);
* silences of 3 s or more: hits / spurious against the true pauses (synthesized set and real clips);
* word error on the real clips with human references (when ``../shared/real-speech`` is there);
* x real time (audio seconds per second of transcription, batch, all clips), peak RSS (VmHWM);
* whether ``--runs`` runs gave identical reports (every field).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
CACHE = ROOT / "bench" / ".cache" / "eval"
REAL = Path(os.environ.get("MOCK_REAL_SPEECH", ROOT.parent / "shared" / "real-speech"))
NO_FILLERS_WRITTEN = {"ted_hod_lipson", "ted_bill_gates"}  # their references leave um/uh out (see their truth files)
HES = {"um", "uh", "er", "hm", "mm", "ah", "erm", "hmm", "umm", "uhm", "uhh", "mmm", "mhm"}


def check_real():
    path = REAL / "check_real.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location("check_real", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def toks(text: str) -> list[str]:
    from interviewer.score import normalize

    return [t for t in normalize(text) if t not in HES]


def wer_counts(ref: list[str], hyp: list[str]) -> tuple[int, int]:
    import jiwer

    if not ref:
        return 0, 0
    out = jiwer.process_words(" ".join(ref), " ".join(hyp) if hyp else "")
    return out.substitutions + out.deletions + out.insertions, len(ref)


def synth_items():
    """(id, rubric, wav path, labels, filler truth or None) for the evaluation set and the disfluent answers."""
    from disfluent import ANSWERS
    from evalset import CASES

    from interviewer.audio.synth import Label

    CACHE.mkdir(parents=True, exist_ok=True)
    items = []
    for kind, cases in (("eval", CASES), ("disfluent", ANSWERS)):
        for c in cases:
            wav, lab = CACHE / f"{c.id}.wav", CACHE / f"{c.id}.labels.json"
            if not (wav.exists() and lab.exists()):
                s = c.synthesize()
                s.write(wav)
                lab.write_text(json.dumps([[x.label, x.start, x.end, x.text] for x in s.labels]))
            labels = [Label(*x) for x in json.loads(lab.read_text())]
            rubric = getattr(c, "rubric", "modeling")
            items.append((c.id, rubric, wav, labels, c.truth() if kind == "disfluent" else None))
    return items


def filler_match(report, labels, truth) -> tuple[int, int, int]:
    """(matched, reported, true) fillers of one disfluent answer, matched per sentence by text."""
    said = [lab for lab in labels if lab.label != "pause"]
    rep = [(f.text.lower(), f.at) for f in report.fillers.items]
    matched, used = 0, set()
    for lab, tf in zip(said, truth):
        for t in tf:
            t = {"uhm": "um"}.get(t, t)
            for k, (txt, at) in enumerate(rep):
                if k not in used and txt == t and lab.start - 0.5 <= at <= lab.end + 0.5:
                    used.add(k)
                    matched += 1
                    break
    return matched, len(rep), sum(len(t) for t in truth)


def child(model: str, runs: int, real: bool, synth: bool = True, only: set[str] | None = None) -> dict:
    import heard
    from evalset import CASES

    from interviewer.audio.files import load_audio
    from interviewer.bank.rubrics import load_rubric
    from interviewer.score import score
    from interviewer.asr.decode import WhisperTranscriber

    cases = {c.id: c for c in CASES}
    tr = WhisperTranscriber(model)
    _ = tr.model
    out: dict = {"model": model, "name": tr.model_name}
    items = synth_items() if synth else []
    clips = []
    cr = check_real() if real else None
    if cr is not None:
        for tp in sorted(REAL.glob("*.truth.json")):
            if only and tp.name.removesuffix(".truth.json") not in only:
                continue
            clips.append(json.loads(tp.read_text()))
    audio_s = busy = 0.0
    reports: dict[str, list[str]] = {}
    e = [0, 0]  # synthetic word errors, reference words
    lost: list[str] = []
    fm = [0, 0, 0]
    sil = [0, 0, 0]  # hits, spurious, truth
    unint = 0
    real_rows = []
    for run in range(runs):
        for cid, rubric, wav, labels, truth in items:
            audio = load_audio(wav)
            t0 = time.perf_counter()
            t = tr.transcribe(audio)
            dt = time.perf_counter() - t0
            rep = score(t, load_rubric(rubric))
            reports.setdefault(cid, []).append(rep.model_dump_json())
            if run:
                continue
            audio_s, busy = audio_s + audio.duration_s, busy + dt
            unint += len(t.unintelligible)
            said = " ".join(lab.text for lab in labels if lab.label != "pause")
            a, b = wer_counts(toks(said), toks(t.text))
            e[0], e[1] = e[0] + a, e[1] + b
            lost += [f"{cid}: {s}" for s in heard.sentences_lost(t.words, labels)]
            if truth is not None:
                m, r, n = filler_match(rep, labels, truth)
                fm = [fm[0] + m, fm[1] + r, fm[2] + n]
            if cid in cases:
                pauses = [(lab.start, lab.end) for lab in labels if lab.label == "pause" and lab.end - lab.start >= 3.0]
                first = min((lab.start for lab in labels if lab.label not in ("pause", "")),  # an answer of unlabelled parts only:
                            default=min(lab.start for lab in labels if lab.label != "pause"))  # its first part
                pauses = [p for p in pauses if p[0] >= first]
                got = [(s.start, s.end) for s in rep.silences]
                hits = sum(1 for p in pauses if any(min(p[1], g[1]) - max(p[0], g[0]) > 0 for g in got))
                sil = [sil[0] + hits, sil[1] + sum(1 for g in got if not any(min(p[1], g[1]) - max(p[0], g[0]) > 0 for p in pauses)), sil[2] + len(pauses)]
        for truth in clips:
            audio = load_audio(REAL / truth["clip"])
            t0 = time.perf_counter()
            t = tr.transcribe(audio)
            dt = time.perf_counter() - t0
            rep = score(t, load_rubric("modeling"))
            reports.setdefault(truth["clip"], []).append(rep.model_dump_json())
            if run:
                continue
            audio_s, busy = audio_s + audio.duration_s, busy + dt
            unint += len(t.unintelligible)
            row = cr.evaluate(truth, json.loads(rep.to_json()))
            row["unintelligible"] = [(s.start, s.end) for s in t.unintelligible]
            real_rows.append(row)
        print(f"  {model}: run {run + 1} of {runs} done", file=sys.stderr, flush=True)
    out["synth_wer"] = e[0] / e[1] if e[1] else None
    out["lost"] = lost
    out["fill_synth"] = fm
    out["sil_synth"] = sil
    out["unintelligible"] = unint
    out["xrt"] = audio_s / max(busy, 1e-9)
    out["identical"] = all(len(set(v)) == 1 for v in reports.values())
    out["differing"] = [k for k, v in reports.items() if len(set(v)) > 1]
    if real_rows:
        hum = [r for r in real_rows if r.get("human_ref") and r["in_totals"]]
        tot = [r for r in real_rows if r["in_totals"]]
        out["real_wer"] = sum(r["wer_errs"] for r in hum) / max(1, sum(r["ref_words"] for r in hum))
        out["real_wer_nofill"] = sum(r["wer_nofill_errs"] for r in hum) / max(1, sum(r["ref_words_nofill"] for r in hum))
        # precision only where the reference writes fillers (TED's transcripts leave um/uh out)
        marked = [r for r in hum if r["clip"] not in NO_FILLERS_WRITTEN]
        out["fill_real"] = [sum(r["ref_fillers_reported"] for r in marked), sum(r["ref_fillers_reported"] + len(r["fillers_unmatched_reported"]) for r in marked),
                            sum(r["ref_fillers"] for r in marked)]
        out["sil_real"] = [sum(r["sil_hits"] for r in tot), sum(r["sil_spurious"] for r in tot), sum(r["sil_truth"] for r in tot)]
        out["real_rows"] = [{k: r.get(k) for k in ("clip", "wer", "ref_fillers", "ref_fillers_reported", "fillers_unmatched_reported",
                                                    "sil_truth", "sil_hits", "sil_spurious_items", "sil_miss", "unintelligible", "transcript")} for r in real_rows]
    out["rss_mb"] = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:")) / 1024
    return out


def pct(m: int, n: int) -> str:
    return f"{m / n:.2f} ({m}/{n})" if n else "-"


def table(results: list[dict]) -> None:
    print(f"\nmock transcript bench — {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} CPU cores (int8)")
    rows = [
        ("word error, synthesized (eval set + disfluent)", lambda r: f"{r['synth_wer']:.3f}" if r["synth_wer"] is not None else "-"),
        ("sentences lost (synthesized)", lambda r: str(len(r["lost"]))),
        ("word error, real clips with references", lambda r: f"{r['real_wer']:.3f} (no hesitations {r['real_wer_nofill']:.3f})" if "real_wer" in r else "-"),
        ("filler recall, synthesized", lambda r: pct(r["fill_synth"][0], r["fill_synth"][2])),
        ("filler precision, synthesized", lambda r: pct(r["fill_synth"][0], r["fill_synth"][1])),
        ("filler recall, real", lambda r: pct(r["fill_real"][0], r["fill_real"][2]) if "fill_real" in r else "-"),
        ("filler precision, real", lambda r: pct(r["fill_real"][0], r["fill_real"][1]) if "fill_real" in r else "-"),
        ("silences >= 3 s hit / spurious, synthesized", lambda r: f"{r['sil_synth'][0]}/{r['sil_synth'][2]} / {r['sil_synth'][1]}" if r["synth_wer"] is not None else "-"),
        ("silences >= 3 s hit / spurious, real", lambda r: f"{r['sil_real'][0]}/{r['sil_real'][2]} / {r['sil_real'][1]}" if "sil_real" in r else "-"),
        ("unintelligible spans reported", lambda r: str(r["unintelligible"])),
        ("x real time (batch)", lambda r: f"{r['xrt']:.1f}x"),
        ("peak RSS", lambda r: f"{r['rss_mb']:.0f} MB"),
        ("runs identical", lambda r: f"{'yes' if r['identical'] else 'NO: ' + ', '.join(r['differing'])} ({r['runs']} runs)"),
    ]
    w = max(len(n) for n, _ in rows)
    print(f"{'':{w}s}  " + "  ".join(f"{r['model']:>24s}" for r in results))
    for name, f in rows:
        print(f"{name:{w}s}  " + "  ".join(f"{f(r):>24s}" for r in results))
    for r in results:
        for s in r["lost"]:
            print(f"  {r['model']} lost: {s}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", default=None, help="comma-separated: tiny,base or directories (default: every installed model)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-real", action="store_true", help="skip the real clips")
    ap.add_argument("--real-only", action="store_true", help="only the real clips (the synthesized rows then read 0 or -)")
    ap.add_argument("--clips", default=None, help="comma-separated real clip names (default: all), e.g. the development clips")
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--json", default=None, help="also write the results here")
    a = ap.parse_args()
    if a.child:
        r = child(a.child, a.runs, not a.no_real, not a.real_only, set(a.clips.split(",")) if a.clips else None)
        r["runs"] = a.runs
        print(json.dumps(r))
        return
    from interviewer.asr.models import installed_models

    models = a.models.split(",") if a.models else installed_models()
    results = []
    for m in models:
        cmd = [sys.executable, __file__, "--child", m, "--runs", str(a.runs)] + (["--no-real"] if a.no_real else []) + (["--real-only"] if a.real_only else []) + (["--clips", a.clips] if a.clips else [])
        p = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
        if p.returncode != 0:
            print(f"{m}: failed (exit {p.returncode})")
            continue
        results.append(json.loads(p.stdout.strip().splitlines()[-1]))
    if a.json:
        Path(a.json).write_text(json.dumps(results, indent=1))
    table(results)


if __name__ == "__main__":
    main()
