"""CPU time, wall time and peak memory of transcribing one file as `mock score` does (the model loaded first).

    python bench/batch.py bench/.cache/answer-90s.wav    # the ~90 s answer bench/run.py synthesizes and caches

CPU time is the figure to compare on a shared machine: wall time moves with the load, which is printed.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from interviewer.asr.decode import WhisperTranscriber  # noqa: E402
from interviewer.audio.files import load_audio  # noqa: E402


def main() -> None:
    audio = load_audio(Path(sys.argv[1]))
    tr = WhisperTranscriber(sys.argv[2] if len(sys.argv) > 2 else None)
    _ = tr.model
    r0, w0 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    t = tr.transcribe(audio)
    r1, w1 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    print(f"{Path(sys.argv[1]).name}: {audio.duration_s:.1f} s of audio, CPU {cpu:.1f} s, wall {w1 - w0:.1f} s "
          f"({audio.duration_s / (w1 - w0):.1f}x real time), load average {os.getloadavg()[0]:.1f}, {len(t.words)} words, "
          f"peak RSS {r1.ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
