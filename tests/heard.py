"""When is a spoken sentence lost from a transcript? One rule for the tests and the bench.

Used by ``tests/test_transcript.py`` (the no-speech-lost tests) and ``bench/transcript.py`` (its
"sentences lost" row), so the two can never disagree about what "lost" means.
"""

from __future__ import annotations

# hesitation sounds are not content: a sentence is not lost for a missing "um"
HESITATION_TOKENS = {"um", "uh", "er", "hm", "mm", "ah", "erm", "hmm", "umm", "uhm", "uhh", "mmm", "mhm"}
NEAR_S = 2.0  # a word counts as heard for a sentence when it starts within this of the sentence
MIN_SHARE = 0.5  # lost: fewer than this share of its words heard near it AND of its time covered


def covered_share(words, start: float, end: float) -> float:
    """The share of [start, end] that words cover. A word stamped implausibly long (its end ran on over
    speech the decoder skipped) covers only its first part, as in the transcriber's own check
    (``uncovered``)."""
    from interviewer.asr.words import uncovered

    gaps = uncovered([(start, end)], words, slack=0.0)
    return 1 - sum(b - a for a, b in gaps) / max(end - start, 1e-9)


def sentences_lost(words, labels) -> list[str]:
    """The texts of the spoken sentences (synth labels) the transcript lost: fewer than half of their
    words heard within 2 s of where they were spoken AND less than half of their time covered by words.
    A sentence decoded at its time but misheard ("groups the signups by week" heard as "roots beside us
    are weak") is a word error, counted in the word-error figures, not speech lost."""
    from interviewer.score import normalize

    lost = []
    for lab in labels:
        if lab.label == "pause" or not lab.text:
            continue
        want = [t for t in normalize(lab.text) if t not in HESITATION_TOKENS]
        near = {t for w in words if lab.start - NEAR_S <= w.start <= lab.end + NEAR_S for t in normalize(w.text)}
        if want and sum(t in near for t in want) < MIN_SHARE * len(want) and covered_share(words, lab.start, lab.end) < MIN_SHARE:
            lost.append(lab.text)
    return lost
