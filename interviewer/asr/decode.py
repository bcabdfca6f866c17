"""Transcription: faster-whisper on the CPU, offline, deterministic, with word timestamps.

One decode (:meth:`WhisperTranscriber.decode_full`) is a content pass without a prompt, the
nothing-lost invariant repaired (gaps decoded again, soft speech decoded, what stays unheard reported
as unintelligible), and the hesitations of a short disfluent pass merged in (:mod:`interviewer.asr.words`).
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Protocol

import numpy as np

from interviewer.asr.bounds import COMPRESSION_LIMIT, token_budget
from interviewer.asr.gaps import _tokenizer, gap_words
from interviewer.asr.hum import filler_gaps, hum_need
from interviewer.asr.models import bundled_model_dir, resolve_model_dir
from interviewer.asr.runs import run_need
from interviewer.asr.vad import MIN_SPEECH_S, VAD_THRESHOLD, speech_regions, voiced_stretches
from interviewer.asr.words import (add_gap_hesitations, collapse_loops, cover, heard_before, merge_fillers, refuted,
                                  spell_hesitations, stretched, subtract, uncovered)
from interviewer.audio import SAMPLE_RATE
from interviewer.audio.files import Audio
from interviewer.errors import ModelError
from interviewer.types import Span, Transcript, Word

# Whisper cleans hesitations away unless its context shows them. A long disfluent prompt keeps them
# but makes tiny.en skip whole sentences, so the content is decoded without a prompt and a second
# pass with this short prompt only contributes the hesitation sounds it hears (see merge_fillers).
DISFLUENT_PROMPT = "Um, uh, hmm. So, er, mm, uh, I think, um."
END_PAD = SAMPLE_RATE  # one second of silence after every decoded stretch (see WhisperTranscriber.decode)
MIN_GAP_REDECODE_S = 1.5  # speech this long inside a region with no word on it is re-decoded
SOFT_GROUP_GAP_S = 3.0  # soft stretches closer than this are decoded together
SOFT_MIN_PROBABILITY = 0.5  # mean word probability for words heard only in soft stretches
FILLER_GAP_S = 0.3  # speech this long between words, with no word on it, is decoded on its own for hesitations

@dataclass(frozen=True)
class TranscribeOptions:
    beam_size: int = 5
    keep_disfluencies: bool = True
    vad_min_silence_ms: int = 500
    compute_type: str = "int8"
    # one CTranslate2 thread per pass, two passes side by side (the content pass and the disfluent one): on 2 cores a
    # 12 s piece's content pass took 0.9 s instead of 1.3-1.5 s with two threads (tiny.en's beam search runs many
    # small steps, each paying to wake the second thread), and the same words (README, "Speed")
    cpu_threads: int = 1
    workers: int = 2
    extra: dict = field(default_factory=dict)


class Transcriber(Protocol):
    def transcribe(self, audio: Audio) -> Transcript: ...


@dataclass
class Decoded:
    """What one decode heard: words, and speech stretches that no decode could put words on."""

    words: list[Word]
    unintelligible: list[Span] = field(default_factory=list)
    redecoded: int = 0  # stretches decoded again because the first pass left them without words
    loops: int = 0  # words dropped as a repetition loop


def _words(seg) -> list[Word]:
    return [Word(text=w.word.strip(), start=round(w.start, 3), end=round(w.end, 3), probability=round(w.probability, 3))
            for w in (seg.words or []) if w.word.strip()]


def _aside(work: Callable[[], list[Word]]) -> Future:
    """``work()`` on its own thread; the future holds its result. Nobody waits for it when the decode stops early
    (a newer piece replaced this one): it ends on its own."""
    done: Future = Future()

    def run() -> None:
        try:
            done.set_result(work())
        except BaseException as e:  # re-raised by done.result() in the decode
            done.set_exception(e)

    threading.Thread(target=run, name="mock-disfluent-pass", daemon=True).start()
    return done


class WhisperTranscriber:
    """faster-whisper behind the :class:`Transcriber` protocol. Loads the model once, lazily."""

    def __init__(self, model: str | Path | None = None, options: TranscribeOptions | None = None):
        self.model_dir = resolve_model_dir(model)
        self.options = options or TranscribeOptions()
        self._model = None
        self._vocab = None

    @property
    def model(self):
        if self._model is None:
            from interviewer.asr.encoder import CachingWhisperModel

            try:
                self._model = CachingWhisperModel(
                    str(self.model_dir), device="cpu", compute_type=self.options.compute_type,
                    cpu_threads=self.options.cpu_threads, num_workers=self.options.workers, local_files_only=True,
                )
            except Exception as e:  # ctranslate2 raises RuntimeError/ValueError with long texts
                raise ModelError(f"Cannot load the Whisper model in {self.model_dir}: {str(e).splitlines()[0]}") from None
        return self._model

    @property
    def model_name(self) -> str:
        if self.model_dir == bundled_model_dir():
            return "tiny.en (bundled)"
        return "base" if self.model_dir.name.startswith("whisper-base-") else self.model_dir.name

    def decode(self, samples: np.ndarray, offset: float = 0.0, context: str = "", fallback: bool = True) -> list[Word]:
        """Words heard in ``samples`` (16 kHz mono), with times shifted by ``offset`` seconds (see :meth:`decode_full`)."""
        return self.decode_full(samples, offset, context, fallback).words

    def decode_full(self, samples: np.ndarray, offset: float = 0.0, context: str = "", fallback: bool = True,
                    first: Callable[[list[Word]], bool | None] | None = None) -> Decoded:
        """Words heard in ``samples`` (16 kHz mono), times shifted by ``offset`` s; deterministic.

        1. The content pass: beam search at temperature 0 only (no sampled fallback, so the same audio
           always gives the same words), no prompt but ``context`` (what was said just before, when
           streaming decodes stretch by stretch). A phrase looping back to back is collapsed.
        2. The invariant: every Silero speech stretch of ``MIN_SPEECH_S`` or more has words on it,
           and no ``MIN_GAP_REDECODE_S`` of speech inside one is left without a word (tiny.en can skip
           ahead). Such a stretch is decoded again on its own (no prompt, no VAD inside); what still
           has no words is returned as ``unintelligible``, never silently dropped.
        3. With ``keep_disfluencies``: a second pass with the short :data:`DISFLUENT_PROMPT` (run beside the
           first), of which only the hesitation sounds are merged in (:func:`merge_fillers`); then speech between
           words that no word covers (``FILLER_GAP_S`` or more) is decoded on its own with that prompt
           (:func:`interviewer.asr.gaps.gap_words`) and its confident hesitations added (:func:`add_gap_hesitations`).

        ``first``, when given, is called with the content pass's words (step 1, at their times) before the
        repairs and the filler pass: a preview, enough to judge whether the answer sounds finished. When it
        returns False the decode stops there and returns those words.

        ``fallback=False`` (the streaming transcriber's last decode, while the candidate waits): at most
        8 tokens per second of audio (fast speech needs about 5), dropping windows Whisper itself flags
        as repetitive (compression ratio above 2.4) — a bounded time when tiny.en loops on the silence
        after the last word ("see you next time, see you next time, ...").
        """
        o = self.options
        x = np.asarray(samples, np.float32).reshape(-1)
        bounded = not fallback
        prompt = (DISFLUENT_PROMPT + " " + context).strip()
        aside = self._beside(x, prompt, bounded)  # the disfluent pass needs nothing from the content pass
        words, loops = collapse_loops(self._pass(x, context or None, bounded))
        end = round(offset + x.size / SAMPLE_RATE, 3)

        def shifted(ws: list[Word]) -> list[Word]:  # at the caller's times, never past the audio's end
            return [w.model_copy(update={"start": min(round(w.start + offset, 3), end), "end": min(round(w.end + offset, 3), end)})
                    for w in ws]

        if first is not None and first(shifted(words)) is False:  # the caller wants no more (a newer piece replaced it)
            return Decoded(words=shifted(words), loops=loops)
        regions = [(r.start, r.end) for r in speech_regions(x, o.vad_min_silence_ms)]
        words, redecoded, unheard = self._fill_gaps(x, words, regions)
        words, soft_windows = self._soft_speech(x, words, regions)
        if o.keep_disfluencies and words:
            words = self._with_fillers(x, words, regions, soft_windows, prompt, bounded, aside)
            # a stretch where only a hesitation was heard is not unintelligible
            unheard = [(a, b) for a, b in unheard if not any(a - 0.2 <= (w.start + w.end) / 2 <= b + 0.2 for w in words)]
        out = shifted(words)
        unintelligible = [Span(start=round(a + offset, 3), end=round(b + offset, 3)) for a, b in unheard]
        return Decoded(words=out, unintelligible=unintelligible, redecoded=redecoded + len(soft_windows), loops=loops)

    def _beside(self, x: np.ndarray, prompt: str, bounded: bool) -> Future | None:
        """The disfluent pass under way on its own thread (with a second worker and ``keep_disfluencies``), else None.
        The model is loaded first, so that both passes run on the one model and share its encoder output."""
        if not (self.options.keep_disfluencies and self.options.workers > 1):
            return None
        _ = self.model
        return _aside(lambda: self._pass(x, prompt, bounded, retry=not bounded))

    def _window(self, x: np.ndarray, a: float, b: float, prompt: str | None = None) -> list[Word]:
        """One pass over ``x[a:b]`` (seconds) on its own (no VAD inside), times shifted back to ``x``'s."""
        got = self._pass(x[int(a * SAMPLE_RATE) : int(b * SAMPLE_RATE)], prompt, True, vad=False)
        return [w.model_copy(update={"start": round(w.start + a, 3), "end": round(w.end + a, 3)}) for w in got]

    def _fill_gaps(self, x: np.ndarray, words: list[Word], regions: list[tuple[float, float]]):
        """The invariant (step 2 of :meth:`decode_full`): (words, stretches re-decoded, stretches still unheard)."""
        whole = set(regions)
        redecoded, unheard = 0, []
        for g0, g1 in uncovered(regions, words):
            if g1 - g0 < (MIN_SPEECH_S if (g0, g1) in whole else MIN_GAP_REDECODE_S):
                continue
            redecoded += 1
            # a stretched word ending its cover where the gap starts is decoded again with the gap
            ran_on = [w for w in words if stretched(w) and w.start < g0 <= cover(w)[1] + 0.3]
            lo = min([w.start for w in ran_on] + [g0])
            got = self._window(x, max(0.0, lo - 0.2), g1 + 0.2)
            kept = [w for w in words if w not in ran_on]
            got = [w for w in collapse_loops(got)[0] if lo - 0.2 <= (w.start + w.end) / 2 <= g1 + 0.2
                   and not any(k.start <= (w.start + w.end) / 2 <= k.end for k in kept)]
            if got:
                words = sorted(kept + got, key=lambda w: w.start)
            else:
                unheard.append((g0, g1))
        return words, redecoded, unheard

    def _soft_speech(self, x: np.ndarray, words: list[Word], regions: list[tuple[float, float]]):
        """Soft speech outside the VAD's regions: decoded, kept when heard with confidence. (words, windows decoded)."""
        soft = subtract(voiced_stretches(x), regions + [(w.start, w.end) for w in words], MIN_SPEECH_S)
        groups: list[list[float]] = []
        for a, b in soft:
            if groups and a - groups[-1][1] < SOFT_GROUP_GAP_S:
                groups[-1][1] = b
            else:
                groups.append([a, b])
        windows: list[tuple[float, float]] = []
        for g0, g1 in groups:
            a = max(0.0, g0 - 0.5)
            got = [w for w in collapse_loops(self._window(x, a, g1 + 0.5))[0]
                   if not any(r0 - 0.1 <= (w.start + w.end) / 2 <= r1 + 0.1 for r0, r1 in regions)
                   and not any(v.start <= (w.start + w.end) / 2 <= v.end for v in words)]
            if got and sum(w.probability for w in got) / len(got) >= SOFT_MIN_PROBABILITY:
                windows.append((a, g1 + 0.5))
                words = sorted(words + got, key=lambda w: w.start)
        return words, windows

    def _with_fillers(self, x: np.ndarray, words: list[Word], regions: list[tuple[float, float]],
                      soft_windows: list[tuple[float, float]], prompt: str, bounded: bool, aside: Future | None) -> list[Word]:
        """Step 3 of :meth:`decode_full`: the hesitations of a pass with the short disfluent prompt (``aside``: under
        way already), merged in."""
        # bounded: a looping window of this pass is dropped, not decoded again (only its hesitations would count;
        # the retry is a second full pass: a 24 s live piece's decode took 9.8 s instead of 4.5 s at load 3)
        passed = aside.result() if aside is not None else self._pass(x, prompt, bounded, retry=not bounded)
        disfluent = heard_before(passed, x.size / SAMPLE_RATE)
        for a, b in soft_windows:  # the VAD inside the pass does not hear soft speech: its windows on their own
            disfluent += [w for w in self._window(x, a, b, prompt)
                          if not any(r0 - 0.1 <= (w.start + w.end) / 2 <= r1 + 0.1 for r0, r1 in regions)]
        disfluent, _ = collapse_loops(sorted(disfluent, key=lambda w: w.start))
        content = words
        words = collapse_loops(merge_fillers(words, disfluent, self._one_word))[0]  # hesitations clipped onto one instant count once
        # speech between words that no word covers: often a hesitation both passes left out or merged away (a run of
        # "uh, uh, uh" stamped onto one instant, its others then heard faintly: interviewer/asr/runs.py); decoded on its
        # own, only its hesitations kept. In bounded decodes too (live pieces): the gap step costs about a fifth of the
        # content pass. And a closed-mouth hum no word is said over, which the VAD may not call speech (asr/hum.py).
        gaps, hums = filler_gaps(x, regions, [cover(w) for w in words], FILLER_GAP_S)
        heard = gap_words(self.model, x, gaps, prompt)
        words = refuted(words, content, heard)
        return spell_hesitations(add_gap_hesitations(words, heard, run_need(x, gaps, words, hum_need(x, hums, words))))

    def _one_word(self, text: str) -> bool:
        """Whether ``text`` is one word-start token of the model's vocabulary (a common word)."""
        if self._vocab is None:
            self._vocab = _tokenizer(self.model)
        return len(self._vocab.encode(" " + text)) == 1

    def _pass(self, x: np.ndarray, prompt: str | None, bounded: bool, vad: bool = True, retry: bool = True) -> list[Word]:
        """One faster-whisper run at temperature 0 over ``x`` (times relative to it).

        A window Whisper itself flags as repetitive (compression ratio above 2.4: a decoding loop) is
        decoded once more, deterministically, with 4-grams barred from repeating; its words replace the
        looping window's (with ``retry``; without, the looping window's words are dropped). (faster-whisper
        would instead sample again at a higher temperature: a different transcript every run.)
        """
        segments = self._run(x, prompt, bounded, vad)
        looping = [(s.start, s.end) for s in segments if s.compression_ratio > COMPRESSION_LIMIT]
        words = [w for s in segments if s.compression_ratio <= COMPRESSION_LIMIT for w in _words(s)]
        if looping and retry:
            again = [w for s in self._run(x, prompt, bounded, vad, no_repeat_ngram_size=4) for w in _words(s)]
            words += [w for w in again if any(a - 0.1 <= (w.start + w.end) / 2 <= b + 0.1 for a, b in looping)]
            words.sort(key=lambda w: w.start)
        return words

    def _run(self, x: np.ndarray, prompt: str | None, bounded: bool, vad: bool, **kw) -> list:
        o = self.options
        duration = x.size / SAMPLE_RATE
        # Audio cut right after a word (Enter pressed, Ctrl-C) makes tiny.en hallucinate a closing line
        # ("Thank you for watching ..."). A second of silence after the end avoids it; the VAD drops it again.
        padded = np.concatenate([x, np.zeros(END_PAD, np.float32)])
        segments, _info = self.model.transcribe(
            padded,
            language="en",
            beam_size=o.beam_size,
            word_timestamps=True,
            vad_filter=vad,
            vad_parameters={"threshold": VAD_THRESHOLD, "min_silence_duration_ms": o.vad_min_silence_ms},
            initial_prompt=prompt,
            condition_on_previous_text=False,
            temperature=0.0,
            **({"max_new_tokens": token_budget(duration)} if bounded else {}),
            **kw,
            **o.extra,
        )
        return list(segments)

    def transcribe(self, audio: Audio) -> Transcript:
        """A whole recording (batch), decoded in the very pieces a live round decodes what it captures
        (:func:`interviewer.asr.batch.transcribe_audio`): a file and the live round that recorded it get the same
        transcript, and memory stays flat however long the answer."""
        from interviewer.asr.batch import transcribe_audio

        return transcribe_audio(audio.samples, self, truncated=audio.truncated)
