"""Synthesized answers for turn-taking: thinking pauses in the middle of unfinished thoughts, clean endings.

Shared by tests/test_turn.py and `make bench` (bench/run.py). Each answer is a list of (sentence, pause
after); the last pause is the silence after the answer (the recorder should stop inside it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

SR = 16_000

# (text, pause after): pauses of 5-8 s after an open clause are thinking pauses that must not end the answer
ANSWERS: dict[str, list[tuple[str, float]]] = {
    "star-schema": [
        ("I'd model this as a star schema with one fact table for completed trips, and", 6.5),
        ("the grain is one row per trip.", 0.8),
        ("The dimensions are rider, driver, city and date, because", 7.5),
        ("each of them is filtered on in the pricing dashboards.", 0.6),
        ("I'd partition the fact by trip date and cluster it by city.", 12.0),
    ],
    "late-events": [
        ("Late events are the hard part here, so", 5.5),
        ("I would keep a two day window open and backfill it every night.", 0.7),
        ("If an event arrives after that, it lands in a corrections table.", 12.0),
    ],
    "conflict": [
        ("The situation was a migration that had slipped twice, and my task was to land it by the end of the quarter.", 0.9),
        ("What I did first was", 8.0),
        ("split it into three releases and agree a rollback plan with the platform team.", 0.8),
        ("The result was that we shipped two weeks early with no incidents.", 12.0),
    ],
}
# asking for time: the phrase, or `m` + Enter, lets a pause run on after a sentence that sounds finished (which
# otherwise ends the answer within 3 s)
MORE_TIME: dict[str, list[tuple[str, float]]] = {
    "asks-for-time": [
        ("The grain is one row per order line.", 0.8),
        ("Give me a moment.", 9.0),
        ("I would add a daily snapshot of stock levels as a second fact table.", 12.0),
    ],
    "presses-m": [
        ("The grain is one row per order line.", 9.0),
        ("I would add a daily snapshot of stock levels as a second fact table.", 12.0),
    ],
}
TARGET_S = 30.0  # the prompt's target length for all three (the answers run 25-35 s)


@dataclass
class TurnAnswer:
    name: str
    samples: np.ndarray  # 16 kHz mono float32
    last_word_s: float  # where the last word ends (energy), the answer's true end
    thinking: list[tuple[float, float]]  # (start, end) of the pauses inside the answer


def _last_voiced(x: np.ndarray, frame: int = 160) -> float:
    n = x.size // frame
    level = np.abs(x[: n * frame].reshape(n, frame)).max(axis=1)
    on = np.nonzero(level > 0.01)[0]
    return float((on[-1] + 1) * frame / SR) if on.size else 0.0


def build(name: str, cache: Path | None = None) -> TurnAnswer:
    from interviewer.audio.files import load_audio
    from interviewer.audio.synth import Pause, Say, synthesize

    parts = ANSWERS[name] if name in ANSWERS else MORE_TIME[name]
    wav = cache / f"turn-{name}.wav" if cache else None
    if wav is not None and wav.exists():
        samples = load_audio(wav).samples
    else:
        spoken = []
        for text, pause in parts:
            spoken += [Say(text, gap_after=0.0), Pause(pause)]
        syn = synthesize(spoken, tail=0.0)
        samples = np.asarray(syn.samples, np.float32)
        if syn.sample_rate != SR:
            raise ValueError(f"synthesized at {syn.sample_rate} Hz")
        if wav is not None:
            wav.parent.mkdir(parents=True, exist_ok=True)
            syn.write(wav)
    speech_end = samples.size / SR - parts[-1][1]
    last = _last_voiced(samples[: int(speech_end * SR) + SR // 10])
    # the inner pauses, from the energy: stretches of silence longer than 4 s before the answer's end
    frame = 160
    n = int(last * SR) // frame
    on = np.abs(samples[: n * frame].reshape(n, frame)).max(axis=1) > 0.01
    gaps, start = [], None
    for i, v in enumerate(on):
        if not v and start is None:
            start = i
        if v and start is not None:
            if (i - start) * frame / SR >= 4.0:
                gaps.append((start * frame / SR, i * frame / SR))
            start = None
    return TurnAnswer(name, samples, last, gaps)


@dataclass
class TurnResult:
    name: str
    stopped_at: float  # seconds into the recording
    stopped_by: str
    last_word_s: float
    judged: str  # what the judge last made of the ending

    @property
    def cut_off(self) -> bool:
        return self.stopped_at < self.last_word_s

    @property
    def delay_s(self) -> float:
        return self.stopped_at - self.last_word_s


def run(answer: TurnAnswer, transcriber, *, realtime: bool, target_s: float = TARGET_S, ceiling_s: float = 8.0) -> TurnResult:
    """The answer through the recorder with the streaming transcriber and the end-of-turn judge.

    ``realtime=False``: as fast as the decoder allows, waiting for each decode (a decoder with no latency);
    ``realtime=True``: paced as spoken, decodes in the background as live."""
    import tempfile

    from interviewer.audio.record import FileMicrophone, StopPolicy
    from interviewer.asr.stream import StreamingTranscriber
    from interviewer.turn import EndOfTurn

    st = StreamingTranscriber(transcriber)
    turn = EndOfTurn(st.heard, target_s=target_s, ceiling_s=ceiling_s)

    def feed(block):
        st.feed(block)
        if not realtime:
            st.drain()

    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "answer.wav"
        import soundfile as sf

        sf.write(src, answer.samples, SR)
        mic = FileMicrophone(src, realtime=realtime)
        res = mic.record(Path(d) / "rec.wav", stop=StopPolicy(silence_s=ceiling_s, max_s=answer.samples.size / SR + 5),
                         listeners=[feed], turn=turn)
    st.close()
    return TurnResult(answer.name, res.duration_s, res.stopped_by, answer.last_word_s, turn.last)
