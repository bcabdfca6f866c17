"""The four beats in time: clarify, frame, build, stress."""

from __future__ import annotations

from typing import Sequence

from interviewer.rubric import BeatSpec, Rubric
from interviewer.scoring.segment import _segments, segment
from interviewer.scoring.text import Sentence, count_cues, find_phrase
from interviewer.types import BeatResult, ClarifyingQuestion

# --- the four beats ----------------------------------------------------------------------------


def _beat_evidence(sents: list[Sentence], beats: Sequence[BeatSpec], rubric: Rubric) -> tuple[list[list[float]], list[list[list[str]]]]:
    supporting = [(p.supports, [p.text, *p.paraphrases], p.id) for p in rubric.phrases if p.supports]
    ev: list[list[float]] = []
    why: list[list[list[str]]] = []
    for s in sents:
        toks = s.tokens
        row, reasons = [], []
        for b in beats:
            hits = count_cues(toks, b.cues)
            e = min(3.0, float(len(hits)))
            r = [h.phrase for h in hits]
            for beat, texts, pid in supporting:
                if beat == b.name and find_phrase(toks, texts):
                    e += 1.5
                    r.append(pid)
            if b.name == "clarify" and s.is_question:
                e += 1.5
                r.append("question")
            if b.name != "clarify" and s.is_question:
                e -= 0.5  # a beat after clarify rarely asks
            row.append(e)
            reasons.append(r)
        ev.append(row)
        why.append(reasons)
    return ev, why


CONTINUATION_WORDS = {"and", "or", "plus", "also"}
CONTINUATION_GAP_S = 1.0


def _join_continuations(qs: list[Sentence]) -> list[ClarifyingQuestion]:
    """One question per thing asked: "...last quarter? And what did the team learn?" is a single
    two-part question, however Whisper punctuated it."""
    out: list[ClarifyingQuestion] = []
    prev: Sentence | None = None
    for s in qs:
        toks = s.tokens
        if (out and prev is not None and toks and toks[0] in CONTINUATION_WORDS
                and s.start - prev.end <= CONTINUATION_GAP_S):
            out[-1] = ClarifyingQuestion(text=f"{out[-1].text} {s.text}", at=out[-1].at)
        else:
            out.append(ClarifyingQuestion(text=s.text, at=round(s.start, 2)))
        prev = s
    return out


def find_beats(sents: list[Sentence], rubric: Rubric) -> tuple[list[BeatResult], list[ClarifyingQuestion]]:
    beats = list(rubric.beats)
    if not beats:
        return [], []
    ev, why = _beat_evidence(sents, beats, rubric)
    labels = segment(ev, len(beats))
    segs = _segments(sents, labels, ev)
    results: list[BeatResult] = []
    questions: list[ClarifyingQuestion] = []
    for k, spec in enumerate(beats):
        target = (spec.min_s + spec.max_s) / 2 if spec.max_s else spec.min_s
        seg = segs.get(k)
        evidence = sorted({r for s in (seg.sentences if seg else ()) for r in why[sents.index(s)][k]})
        present = seg is not None and seg.evidence >= 1.0
        if spec.name == "clarify" and seg is not None:
            qs = [s for s in seg.sentences if s.is_question]
            questions = _join_continuations(qs)
            present = bool(qs) or seg.evidence >= 2.0
        if present and seg is not None:
            results.append(BeatResult(name=spec.name, present=True, start=round(seg.start, 2), end=round(seg.end, 2),
                                      duration_s=round(seg.end - seg.start, 2), target_s=target, min_s=spec.min_s,
                                      max_s=spec.max_s, evidence=evidence[:8]))
        else:
            results.append(BeatResult(name=spec.name, present=False, target_s=target, min_s=spec.min_s, max_s=spec.max_s))
    return results, questions
