"""The grading policy, readable on its own: what each shortfall costs and how subscores make a score.

Pure data and arithmetic, no listening. :mod:`.grade` decides *what* was heard short (a beat too
brief, a silence, a result without a number) and asks this module *how much* it costs;
:func:`weighted_total` is the one place subscores become the overall score, and
:func:`weight_share` the one place a subscore's share of it is computed (follow-up credit uses it).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

import numpy as np

from interviewer.bank.rubrics import Rubric, Weights


@dataclass(frozen=True)
class Penalties:
    """What each shortfall costs. Subscores are 0-100; shares are of one beat's or part's credit."""

    # beats: a present beat far outside its band keeps 1 - this of its credit
    beat_too_short_below: float = 0.5  # shorter than min_s x this ...
    beat_too_long_above: float = 1.5  # ... or longer than max_s x this
    beat_length: float = 0.5
    # STAR: the parts carry this share of the subscore, the whole story's length the rest
    star_parts_share: float = 0.8
    star_part_off_target: float = 0.4  # a part short or long keeps 0.6
    result_without_number: float = 0.4
    star_total_long: float = 0.4  # a story over total x (1 + tolerance / 2) keeps 0.6 of its share
    # fluency (0-100): each capped
    silence_per_s: float = 4.0
    silence_max: float = 20.0
    long_silence_s: float = 5.0  # a silence this long is a top note
    thinking_free_s: float = 5.0  # thinking time before the first word that costs nothing
    thinking_per_s: float = 2.0
    thinking_max: float = 15.0
    fillers_per_extra: float = 5.0  # per filler a minute above the rubric's max
    fillers_max: float = 25.0
    pace_per_wpm: float = 0.5  # per word a minute outside the rubric's band
    pace_max: float = 20.0
    # follow-ups: a point made only when asked earns this share of the same point volunteered
    prompted_credit: float = 0.5


PENALTIES = Penalties()


@dataclass(frozen=True)
class Ramps:
    """Near a line, credit changes linearly across a band instead of jumping at the line, so evidence that
    moves by a few hundredths (Whisper splitting a sentence elsewhere, a part's edge 0.15 s later) moves
    the score by as little. The lines themselves are where they were (the rubric's bands, coverage's cosines)."""

    # a key point heard by meaning: its credit rises from 0 to 1 across each cosine line +/- this (half at the line)
    meaning: float = 0.03
    # ... and across a tie +/- this with the nearest other point (a sentence as near another point as this one: half)
    nearest: float = 0.03
    # a beat or STAR part (or the whole story) past its short or long line pays its length cost in proportion,
    # all of it this share of the line beyond it (within the band, no cost, as before)
    length: float = 0.2
    # an answer to another question: its cap falls from none at the rubric's off_topic_below (a share of the key
    # points' credit) to the rubric's off_topic_cap this share of the key points below it
    off_topic: float = 0.1


RAMPS = Ramps()


def ramp(x: np.ndarray, line: float, half_width: float) -> np.ndarray:
    """Elementwise: 0 below ``line - half_width``, 1 above ``line + half_width``, linear between (0.5 at the line)."""
    if half_width <= 0:
        return (np.asarray(x) >= line).astype(float)
    return np.clip((np.asarray(x, dtype=float) - line + half_width) / (2 * half_width), 0.0, 1.0)


def length_cost(duration: float, short_below: float | None, long_above: float | None, share: float | None = None) -> float:
    """The share (0-1) of a length cost due: none between the lines, growing linearly past one, all of it
    ``share`` (default :attr:`Ramps.length`) of that line beyond it (a part 0.1 s under its short line pays almost nothing)."""
    share = RAMPS.length if share is None else share
    if short_below is not None and duration < short_below:
        return min(1.0, (short_below - duration) / max(short_below * share, 1e-9))
    if long_above is not None and duration > long_above:
        return min(1.0, (duration - long_above) / max(long_above * share, 1e-9))
    return 0.0


@dataclass(frozen=True)
class Subscores:
    """One 0-100 subscore per weight of :class:`~interviewer.bank.rubrics.Weights` (None: not graded here)."""

    beats: float | None = None
    phrases: float | None = None
    failure_modes: float | None = None
    star: float | None = None
    coverage: float | None = None
    fluency: float | None = None

    def as_dict(self, ndigits: int | None = None) -> dict[str, float]:
        """The graded subscores, in the report's order (``ndigits``: rounded as the JSON carries them)."""
        return {k: (round(v, ndigits) if ndigits is not None else v) for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_dict(cls, d: dict[str, float]) -> "Subscores":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


assert [f.name for f in fields(Subscores)] == list(Weights.model_fields), "Subscores mirrors Weights"


def weights_in_use(weights: Weights, sub: Subscores) -> dict[str, float]:
    """The rubric's positive weights of the subscores that were graded."""
    graded = sub.as_dict()
    return {k: w for k, w in weights.model_dump().items() if w > 0 and k in graded}


def weight_share(weights: Weights, sub: Subscores, name: str) -> float:
    """The share (0-1) of the overall score that subscore ``name`` carries."""
    used = weights_in_use(weights, sub)
    total = sum(used.values())
    return used.get(name, 0.0) / total if total else 0.0


def content_mean(weights: Weights, sub: Subscores) -> float | None:
    """The weighted mean of the content subscores (all but fluency); None when there are none."""
    used = {k: w for k, w in weights_in_use(weights, sub).items() if k != "fluency"}
    if not used:
        return None
    graded = sub.as_dict()
    return sum(graded[k] * w for k, w in used.items()) / sum(used.values())


def weighted_total(sub: Subscores, rubric: Rubric) -> float:
    """The overall score (0-100): the rubric's weighted mean of the subscores, where fluency earns its
    full weight only when the content subscores average at least ``rubric.fluency_needs_content`` (a
    fluent list of terms gets no delivery points for content it never gave)."""
    used = weights_in_use(rubric.weights, sub)
    total_w = sum(used.values())
    if not total_w:
        return 0.0
    eff = sub.as_dict()
    mean = content_mean(rubric.weights, sub)
    if mean is not None and "fluency" in used and rubric.fluency_needs_content > 0:
        eff["fluency"] = eff["fluency"] * min(1.0, mean / rubric.fluency_needs_content)
    return sum(eff[k] * w for k, w in used.items()) / total_w


def capped(score: float, covered_share: float | None, rubric: Rubric) -> float:
    """An answer to another question (``covered_share``, the key points' credits over their number, below the
    rubric's ``off_topic_below``) scores at most the rubric's cap: the cap lowers in proportion past the line,
    to the rubric's value :attr:`Ramps.off_topic` below it (None: no key points, no cap)."""
    if covered_share is None:
        return score
    below = rubric.coverage.off_topic_below
    cap = 100 - (100 - rubric.coverage.off_topic_cap) * length_cost(covered_share, below, None, RAMPS.off_topic / max(below, 1e-9))
    return min(score, cap)
