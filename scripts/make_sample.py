"""Regenerate recordings/sample-modeling.flac: a spoken answer to `modeling-viewing-history`.

    .venv/bin/python scripts/make_sample.py

The answer is synthesized with the Piper voice from known text, with one deliberate long pause,
so `mock demo` has a realistic, reproducible recording to score.
"""

from pathlib import Path

from interviewer.audio.synth import Pause, Say, synthesize

PARTS = [
    Say("Before I model anything, who reads this? Is it the recommendations team, finance, or both?", "clarify"),
    Say("What is the freshness they need, minutes or days? And is a view a play start, or a qualified view of two minutes?", "clarify"),
    Pause(3.5),
    Say("Okay, I'll treat this as a star schema with one fact table, fact viewing session.", "frame"),
    Say("The grain of this fact is one row per profile, per title, per device, per session.", "frame"),
    Say("Um, the dimensions are profile, title, device, geography and date.", "build"),
    Say("Profile and title are slowly changing, type two, because plan and rating changes matter for royalties.", "build"),
    Say("I'll use a surrogate key as the primary key and keep the session id from the client as a natural key column.", "build"),
    Say("The trade-off here is partitioning by date versus by title; I'm picking date, and I'll cluster by title and profile.", "build"),
    Say("This breaks when events arrive late, after the watermark, so a daily batch backfills a forty eight hour tail.", "stress"),
    Say("It also breaks on a GDPR delete request, so I'd tokenize the profile at ingest and invalidate the token.", "stress"),
]

if __name__ == "__main__":
    out = Path(__file__).resolve().parent.parent / "recordings" / "sample-modeling.flac"
    answer = synthesize(PARTS, voice="piper")
    answer.write(out, subtype="PCM_16")
    print(f"wrote {out} ({answer.duration_s:.1f} s)")
    for label in answer.labels:
        print(f"  {label.label:8s} {label.start:6.2f}-{label.end:6.2f}")
