"""What the transcript costs, and how much of it the gap step takes (issue 16): process CPU and wall time.

    python bench/gaps.py                       # bench/.cache/answer-90s.wav and the development clips, batch
    python bench/gaps.py --pieces 12,24        # bounded (live) decodes of 12 s and 24 s pieces of the same files
    python bench/gaps.py FILE.wav ...

Batch: ``WhisperTranscriber().transcribe(load_audio(FILE))``, as ``mock score`` runs it, after one warm-up
decode. Pieces: ``decode_full(piece, fallback=False)`` on the pieces starting at 0, 30 and 60 s, as the live
transcriber decodes them. For each: CPU time of the process (all threads) and wall time, the load average
beside them (other processes share the cores), and of that the content pass (the first Whisper pass) and
the gap step (``interviewer.asr.gaps.gap_words``: gaps found, gaps decoded).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REAL = Path(os.environ.get("MOCK_REAL_SPEECH", ROOT.parent / "shared" / "real-speech"))
DEFAULT = [ROOT / "bench" / ".cache" / "answer-90s.wav"] + [REAL / f"{c}.wav" for c in ("mfa_disfluent", "pyannote_phone_sample", "jfk_inaugural")]


class Clock:
    """CPU and wall seconds of the first Whisper pass and of the gap step of each decode."""

    def __init__(self):
        from interviewer.asr import decode

        self.passes: list[tuple[float, float]] = []
        self.gaps: list[tuple[int, int, float, float]] = []
        gap_words, run_pass = decode.gap_words, decode.WhisperTranscriber._pass

        def timed_gaps(fw, x, gaps, prompt):
            c, w = time.process_time(), time.perf_counter()
            got = gap_words(fw, x, gaps, prompt)
            self.gaps.append((len(gaps), sum(1 for _, ws in got if ws), time.process_time() - c, time.perf_counter() - w))
            return got

        def timed_pass(tr, *a, **k):
            c, w = time.process_time(), time.perf_counter()
            got = run_pass(tr, *a, **k)
            self.passes.append((time.process_time() - c, time.perf_counter() - w))
            return got

        decode.gap_words, decode.WhisperTranscriber._pass = timed_gaps, timed_pass

    def run(self, name: str, seconds: float, f) -> None:
        self.passes.clear()
        self.gaps.clear()
        load = os.getloadavg()[0]
        c, w = time.process_time(), time.perf_counter()
        f()
        cpu, wall = time.process_time() - c, time.perf_counter() - w
        content = self.passes[0] if self.passes else (0.0, 0.0)
        n, heard, gcpu, gwall = (sum(g[i] for g in self.gaps) for i in range(4))
        print(f"{name:34s} {seconds:6.1f} s  CPU {cpu:6.2f} s  wall {wall:6.2f} s  load {load:4.1f} | content pass CPU {content[0]:5.2f} s "
              f"| gap step: {n:2d} gaps, {heard:2d} decoded, CPU {gcpu:5.2f} s ({gcpu / max(content[0], 1e-9):4.0%} of the content pass), "
              f"wall {gwall:5.2f} s", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--pieces", default=None, help="comma-separated piece lengths (s): bounded decodes instead of batch")
    a = ap.parse_args()
    from interviewer.asr.decode import WhisperTranscriber
    from interviewer.audio import SAMPLE_RATE
    from interviewer.audio.files import load_audio

    files = [f for f in (a.files or DEFAULT) if f.is_file()]
    clock = Clock()
    tr = WhisperTranscriber()
    tr.decode_full(load_audio(files[0]).samples[: 12 * SAMPLE_RATE])  # warm-up: the model loaded, first-call costs paid
    for f in files:
        audio = load_audio(f)
        if not a.pieces:
            clock.run(f.stem, audio.duration_s, lambda: tr.transcribe(audio))
            continue
        for n in (float(p) for p in a.pieces.split(",")):
            for start in (0, 30, 60):
                piece = audio.samples[start * SAMPLE_RATE: int((start + n) * SAMPLE_RATE)]
                if piece.size >= n * SAMPLE_RATE:
                    clock.run(f"{f.stem} {start}-{start + n:g} s", n, lambda: tr.decode_full(piece, fallback=False))


if __name__ == "__main__":
    main()
