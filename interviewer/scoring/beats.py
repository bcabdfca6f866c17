"""The four beats in time: clarify, frame, build, stress."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from interviewer.bank.rubrics import REASON_MARKERS, BeatSpec, Rubric
from interviewer.scoring.claims import is_list
from interviewer.scoring.evidence import SEM_GAIN, damp_by_cues, exemplars, semantic_evidence, sentence_similarity
from interviewer.scoring.meaning import Embedder
from interviewer.scoring.order import asking_clauses, commit_index, split_questions
from interviewer.scoring.segment import Segment, _segments, position_prior, segment
from interviewer.scoring.structure import FEATURES, structure_features
from interviewer.scoring.text import Sentence, count_cues, find_phrase
from interviewer.types import BeatResult, ClarifyingQuestion

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
            for feature in structure_features(toks, b.structure):
                e += b.structure[feature]
                r.append(feature)
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


LIST_DISCOUNT = 0.3  # a list of terms earns this share of the evidence its words would


def _lexical(sents: list[Sentence], beats: Sequence[BeatSpec], rubric: Rubric, reasons: Sequence[str]) -> tuple[np.ndarray, list[list[list[str]]]]:
    """Cue evidence per sentence and beat, a list of terms discounted."""
    ev, why = _beat_evidence(sents, beats, rubric)
    arr = np.asarray(ev, dtype=float).reshape(len(sents), len(beats))
    for i, s in enumerate(sents):
        if is_list(s.context or s.text, reasons):
            arr[i] = np.where(_counted_parts(why[i]), arr[i], arr[i] * LIST_DISCOUNT)
    return arr, why


def _counted_parts(reasons: Sequence[Sequence[str]]) -> np.ndarray:
    """Per beat: the sentence lays out the answer's parts ("four hops: the TV, a collector, a stream job and the
    warehouse"), a list that is said as the outline of what follows, not a string of terms."""
    return np.array(["outlines" in r for r in reasons], dtype=bool)


def _semantic(sents: list[Sentence], beats: Sequence[BeatSpec], embedder: Embedder | None, reasons: Sequence[str]) -> np.ndarray:
    """Evidence from what each sentence means: its likeness to each beat's examples and description."""
    if embedder is None or not sents:
        return np.zeros((len(sents), len(beats)))
    groups = [exemplars(b.cues, b.description, b.examples) for b in beats]
    sem = semantic_evidence(sentence_similarity(embedder, sents, groups)).astype(float)
    for i, s in enumerate(sents):
        if is_list(s.context or s.text, reasons):
            sem[i] *= LIST_DISCOUNT
    return sem


def _apply_order(ev: np.ndarray, sents: list[Sentence], why: list[list[list[str]]], clarify: int) -> tuple[list[int], list[int]]:
    """Clarify evidence only before the commitment: returns (clarifying question indices, late question indices)."""
    questions = [s.is_question for s in sents]
    later = [max((ev[i, k] for k in range(ev.shape[1]) if k != clarify), default=0.0) for i in range(len(sents))]
    asking = asking_clauses(sents)  # the lead-in of a question, or the alternatives after one
    commit = commit_index(questions, later, asking=asking)
    clarify_like = [not any(why[i][k] for k in range(ev.shape[1]) if k != clarify) for i in range(len(sents))]
    early, late = split_questions(questions, clarify_like, commit)
    for i in range(commit, len(sents)):
        ev[i, clarify] = min(ev[i, clarify], 0.0)
    for i in range(min(commit, len(sents))):
        if asking[i] and not questions[i]:  # the lead-in of a question is asking: no evidence for a later beat
            ev[i, [k for k in range(ev.shape[1]) if k != clarify]] = np.minimum(ev[i, [k for k in range(ev.shape[1]) if k != clarify]], 0.0)
    return early, late


def _result(spec: BeatSpec, seg: Segment | None, evidence: list[str], present: bool) -> BeatResult:
    target = (spec.min_s + spec.max_s) / 2 if spec.max_s else spec.min_s
    if not present or seg is None:
        return BeatResult(name=spec.name, present=False, target_s=target, min_s=spec.min_s, max_s=spec.max_s)
    return BeatResult(name=spec.name, present=True, start=round(seg.start, 2), end=round(seg.end, 2),
                      duration_s=round(seg.end - seg.start, 2), target_s=target, min_s=spec.min_s,
                      max_s=spec.max_s, evidence=evidence[:8])


def _share_cues_within_sentence(sents: list[Sentence], cued: np.ndarray) -> np.ndarray:
    """The clauses of one long sentence share its cues: "The title dimension is type two with a surrogate
    key, and the fact is partitioned by date." is build throughout, so its last clause's likeness to
    another beat is damped as a cued sentence's would be."""
    out = cued.copy()
    groups: dict[str, list[int]] = {}
    for i, s in enumerate(sents):
        if s.context:
            groups.setdefault(s.context, []).append(i)
    for idx in groups.values():
        out[idx] = cued[idx].any(axis=0)
    return out


def cued_by_words(why: list[list[list[str]]]) -> np.ndarray:
    """``[sentence, beat]``: the beat's evidence there includes explicit wording (a cue or a phrase). Explicit
    wording damps the other beats' evidence from meaning; a question or a sentence's structure does not (an
    announcement opening a long run-on must not silence what its later clauses mean)."""
    return np.array([[any(x != "question" and x not in FEATURES for x in r) for r in row] for row in why], dtype=bool)


def find_beats(sents: list[Sentence], rubric: Rubric, embedder: Embedder | None = None, claimed: frozenset[int] = frozenset()
               ) -> tuple[list[BeatResult], list[ClarifyingQuestion], list[ClarifyingQuestion]]:
    """The beats in time, the clarifying questions (before the commitment) and the late questions (after).
    ``claimed``: the sentences that name a failure mode and explain it (each beat's ``claims`` evidence)."""
    beats = list(rubric.beats)
    if not beats:
        return [], [], []
    reasons = rubric.failure_modes.reasons if rubric.failure_modes is not None else REASON_MARKERS
    lex, why = _lexical(sents, beats, rubric, reasons)
    for i in sorted(claimed):
        for k, b in enumerate(beats):
            if b.claims and i < len(sents):
                lex[i, k] += b.claims
                why[i][k].append("failure explained")
    cued = cued_by_words(why).reshape(len(sents), len(beats))
    cued = _share_cues_within_sentence(sents, cued)
    sem = damp_by_cues(_semantic(sents, beats, embedder, reasons), cued)
    ev = lex + sem
    for i in range(len(sents)):
        for k in range(len(beats)):
            if sem[i, k] >= 0.5 * SEM_GAIN:
                why[i][k].append("meaning")
    names = [b.name for b in beats]
    clarify = names.index("clarify") if "clarify" in names else None
    early, late = _apply_order(ev, sents, why, clarify) if clarify is not None and len(beats) > 1 else (
        [i for i, s in enumerate(sents) if s.is_question], [])
    rows = ev.tolist()
    prior = position_prior(sents, [(b.position.at, b.position.spread) if b.position else None for b in beats])
    labels = segment((ev + prior).tolist(), len(beats))  # where each beat is; whether it was said: ``rows``
    segs = _segments(sents, labels, rows)
    results: list[BeatResult] = []
    questions: list[ClarifyingQuestion] = []
    for k, spec in enumerate(beats):
        seg = segs.get(k)
        idx = [i for i, lab in enumerate(labels) if lab == k]
        evidence = sorted({r for i in idx for r in why[i][k]})
        # a beat needs more than a list of terms: its evidence from sentences that say something
        said = sum(ev[i, k] for i in idx if "outlines" in why[i][k] or not is_list(sents[i].context or sents[i].text, reasons))
        present = seg is not None and seg.evidence >= 1.0 and said >= 1.0
        if k == clarify and seg is not None:
            qs = [sents[i] for i in idx if i in early]
            questions = _join_continuations(qs)
            present = bool(qs) or seg.evidence >= 2.0
        results.append(_result(spec, seg, evidence, present))
    return results, questions, _join_continuations([sents[i] for i in late])
