"""How a sentence is built, not what it is about: generic grammatical signals the rubrics weigh.

A rubric part lists which of these support it and how much (``structure = { tasked = 1.0 }`` in
``rubrics/*.toml``, validated against :data:`FEATURES`); the functions here only read the words. They hear
the *role* of a sentence where the sentence embedder mostly hears its topic: "my manager asked me to find
out why" is the speaker being given a goal (a task) whatever the goal is about.
"""

from __future__ import annotations

from typing import Callable, Sequence

from interviewer.scoring.deeds import did_something, narrates
from interviewer.scoring.framing import FILLER_WORDS as _FILLER_WORDS
from interviewer.scoring.framing import announces, outlines
from interviewer.scoring.framing import has as _has
from interviewer.scoring.framing import lead as _lead

_GOAL_VERBS = {"wanted", "needed", "had", "offered", "volunteered", "agreed", "promised", "hoped", "signed", "have", "need"}  # "I … to"
_TO_ME = {"to", "on", "with"}
_SAYING = {"say", "admit", "mention", "be", "give", "point", "add", "tell", "thank", "confess", "stress"}
_CLAUSE_END = {"and", "so", "since", "because", "but", "before", "while", "which", "to"}


def tasked(tokens: Sequence[str]) -> bool:
    """The speaker is given or takes on a goal: "my manager asked me to find out why", "she handed it to me",
    "gave me the quarter to try", "I wanted to get that down to a day", "I put my hand up to move it"."""
    toks = [t for t in tokens if t not in ("um", "uh", "like")]
    for j, t in enumerate(toks):
        if t == "me":
            if "to" in toks[j + 1 : j + 4] and j > 0:
                return True
            if j > 0 and toks[j - 1] in _TO_ME and (j + 1 == len(toks) or toks[j + 1] in _CLAUSE_END):
                return True
        if t == "i" and j + 2 < len(toks):
            nxt = toks[j + 1]
            if (nxt in _GOAL_VERBS and "to" in toks[j + 2 : j + 4] and not (nxt in ("had", "have") and toks[j + 2] != "to")
                    and not _SAYING & set(toks[j + 3 : j + 5])):
                return True  # not "I have to say the team was great", "I need to be honest"
            if "hand" in toks[j + 1 : j + 5] and "up" in toks[j + 2 : j + 6]:
                return True
        if t in _REPORTED and any(a in _CAN and b == "you" for a, b in zip(toks[j + 1 : j + 4], toks[j + 2 : j + 5])):
            return True  # a request reported as it was put: "my manager said, can you own this"
        if (t in _ASSIGNED and j > 0 and toks[j - 1] in _PASSIVE and _SPEAKER & set(toks[max(0, j - 4) : j - 1])
                and "to" in toks[j + 1 : j + 5] and not _HONEST & set(toks[j + 1 : j + 4])):
            return True  # "I'd been asked to make the reports match", "we were told by finance to cut the cost"
        owns = toks[j : j + 2] == ["mine", "to"] or (t == "my" and toks[j + 1 : j + 2] and toks[j + 1] in _DUTY and (
            toks[j + 2 : j + 3] == ["to"] or toks[j + 2 : j + 4] == ["was", "to"]))
        if owns and not _NEGATED & set(toks[max(0, j - 3) : j]) and not _HONEST & set(toks[j + 2 : j + 5]):
            return True  # "it was mine to find out", "it was my job to …", "my task was to …"; not "it's not my job to"
        if _SPEAKER & set(toks[max(0, j - 4) : j]) and (tuple(toks[j : j + 2]) in _PUT_ON or toks[j : j + 3] == ["in", "charge", "of"]):
            return True  # "I was tasked with …", "I was put in charge of …", "I ended up responsible for …"
        if t in _GOAL_NOUNS and toks[j + 1 : j + 3] == ["was", "to"]:
            return True  # "the goal was to get freshness under fifteen minutes"
    return False


_PUT_ON = {("tasked", "with"), ("responsible", "for")}
_GOAL_NOUNS = {"goal", "ask", "mission", "brief", "assignment"}


_ASSIGNED = {"asked", "told", "expected"}
_SPEAKER = {"i", "we", "i'd", "we'd", "i've", "we've"}  # the speaker given the goal, not "the load was expected to"
_NEGATED = {"not", "wasn't", "isn't", "never", "no"}
_HONEST = {"honest", "fair", "clear", "frank", "begin", "expect"}  # "to be honest", "mine to begin with", "told to expect"
_PASSIVE = {"was", "were", "been", "got", "am", "being"}
_DUTY = {"job", "task", "responsibility", "problem", "call", "role"}


_REPORTED = {"said", "asked", "says", "asks", "goes", "went"}
_CAN = {"can", "could", "would", "will"}


_UNIT_VERBS = {"is", "means", "stands", "represents", "being", "holds", "equals"}
_UNIT_ONE = {"one", "a", "single"}


def unit(tokens: Sequence[str]) -> bool:
    """The sentence says what one unit of the data is, in whatever nouns: "every line on it is one thing somebody paid
    for", "each entry being one title arriving at one stage", "one line for each service on a bill", "one reading per
    device", "one reading, from one sensor, at one moment"."""
    toks = [t for t in tokens if t not in _FILLER_WORDS]
    for j, t in enumerate(toks):
        if t in ("each", "every"):
            verb = next((k for k in range(j + 1, min(j + 7, len(toks))) if toks[k] in _UNIT_VERBS), None)
            if verb is not None and _UNIT_ONE & set(toks[verb + 1 : verb + 4]):
                return True
    ones = [j for j, t in enumerate(toks) if t == "one"]
    for j in ones:
        nxt = toks[j + 1 : j + 5]
        if "per" in nxt or any(a == "for" and b in ("each", "every") for a, b in zip(nxt, nxt[1:])):
            return True
    return any(b - a <= 6 for a, b in zip(ones, ones[1:]))  # "one profile watching one title on one device"


_CONTRAST = (("rather", "than"), ("instead", "of"), ("would", "rather"), ("i'd", "rather"), ("versus",), ("vs",))
_BECAUSE = {"because", "since", "so", "otherwise"}


def weighs(tokens: Sequence[str]) -> bool:
    """Two options weighed and one picked, with the reason: "I'd rather keep a narrow table than one flat table, because
    …", "we mark them rather than throw them away, so we can explain …", "not the whole order, just the single item,
    because …". A reason alone, or a contrast alone, is not a trade-off."""
    toks = _lead([t for t in tokens if t not in _FILLER_WORDS])
    contrast = any(_has(toks, c) for c in _CONTRAST) and not _has(toks, ("rather", "not"))  # "I'd rather not guess"
    contrast = contrast or _chosen_over(toks)
    if not contrast and "not" in toks:
        j = toks.index("not")
        contrast = toks[j + 1 : j + 2] != ["because"] and bool({"just", "only", "but"} & set(toks[j + 2 : j + 9]))
    return contrast and any(t in _BECAUSE and _gives_reason(toks, j) for j, t in enumerate(toks) if j >= 2)


_CHOOSE = {"chose", "choose", "picked", "pick", "picking", "prefer", "preferred", "went", "go", "going", "favour", "favor",
           "took", "take"}
_NOT_A_REASON = {"yeah", "um", "uh", "like", "anyway", "about", "around", "then", "last", "early", "late"}


def _chosen_over(toks: Sequence[str]) -> bool:
    """One option named against another: "I chose Airflow over our own scheduler", "a snapshot as opposed to CDC",
    "either fix it upstream or clean it in the warehouse", "we could have gone with Kafka, but we …"."""
    over = [j for j, t in enumerate(toks) if t == "over"]
    if any(_CHOOSE & set(toks[max(0, j - 8) : j]) for j in over) or _has(toks, ("as", "opposed", "to")):
        return True
    if "either" in toks and "or" in toks[toks.index("either") + 2 :]:
        return True
    return _has(toks, ("could", "have")) and "but" in toks[toks.index("could") + 2 :]


def _gives_reason(toks: Sequence[str], j: int) -> bool:
    """The reason word at ``j`` gives a reason: not a filler "so, yeah", not "since about 2021" or "since last year"."""
    nxt = toks[j + 1 : j + 2]
    return not (nxt and (nxt[0] in _NOT_A_REASON or nxt[0].isdigit() or (toks[j] == "since" and nxt[0].startswith("twenty"))))


_CONDITION = {"if", "when", "whenever", "once"}
_CONSEQUENCE = {"so", "because", "otherwise", "therefore", "unless"}
EXPLAINS_MIN_WORDS = 8


def explains(tokens: Sequence[str]) -> bool:
    """A statement of what happens and what follows from it, not a name: "if the fast store goes down, the app shows
    the popular list", "a shop abroad closes its day before ours does, so I'd store the local day", "the same
    impression arrives twice from a retrying server, so we drop repeats". A lead-in "so" gives no reason."""
    toks = _lead([t for t in tokens if t not in _FILLER_WORDS])
    if len(toks) < EXPLAINS_MIN_WORDS:
        return False
    return toks[0] in _CONDITION or any(t in _CONSEQUENCE for t in toks[3:]) or _has(toks[3:], ("which", "means"))


_NUMBERS = {"zero", "none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "fifteen",
            "twenty", "thirty", "forty", "fifty", "sixty", "ninety", "hundred", "thousand", "million", "half", "third", "quarter",
            "percent", "couple", "few", "minutes", "hours", "days", "weeks", "seconds"}
_PAST_ANCHOR = {"was", "were", "before", "used", "did", "had", "ago", "last", "then"}
_COMPARATIVE = {"more", "less", "fewer", "better", "worse"}
_PERFECT = {"has", "have", "hasn't", "haven't", "we've", "it's", "they've", "i've"}
_NO_LONGER = (("no", "longer"), ("anymore",), ("ever", "since"), ("since", "then"), ("to", "this", "day"))
_CHANGE = {"went", "dropped", "cut", "fell", "grew", "got", "brought", "reduced", "came", "down", "up", "shrank", "rose",
           "climbed", "sped", "improved", "moved"}
_NEGATION = {"no", "not", "never", "zero", "nothing", "hasn't", "haven't", "none", "nobody", "single"}
_NOW = {"now", "today", "nowadays"}
_BE = {"was", "were", "is", "are", "we're", "it's", "got", "came"}
_BACK_TO = {"to", "under", "within", "below", "inside"}


def _quantity(toks: Sequence[str]) -> bool:
    return any(t[:1].isdigit() or t in _NUMBERS for t in toks)


def outcome(tokens: Sequence[str]) -> bool:
    """What came of it, said as a change against before: a before and an after ("went from four hours to about forty
    minutes", "a third smaller today than it was"), something that has held since ("it hasn't been wrong since", "we
    haven't had a complaint since March"), or the present set against the past ("finishes in twenty minutes now",
    "nobody reruns it anymore"). A comparison with no past in it ("more than one percent apart") is no outcome."""
    toks = _lead([t for t in tokens if t not in _FILLER_WORDS])
    for j, t in enumerate(toks):
        if t == "from" and _quantity(toks[j + 1 : j + 4]) and _CHANGE & set(toks[max(0, j - 6) : j]):
            k = next((k for k in range(j + 2, min(j + 7, len(toks))) if toks[k] == "to"), None)
            if k is not None and _quantity(toks[k + 1 : k + 4]):
                return True  # "went from four hours to forty minutes", not "took anywhere from four to six hours"
        if t == "than" and _PAST_ANCHOR & set(toks[j + 1 : j + 4]) and not {"rather", "other"} & set(toks[max(0, j - 2) : j]):
            if any(x in _COMPARATIVE or (x.endswith("er") and len(x) > 4) for x in toks[max(0, j - 4) : j]):
                return True
        if t == "since" and _PERFECT & set(toks[:j]) and (j >= len(toks) - 2 or _NEGATION & set(toks[:j])):
            return True  # "it hasn't been wrong since", "no mismatches since the switch"; not "failing since the upgrade"
    if any(_has(toks, p) for p in _NO_LONGER) or toks[-2:] == ["any", "more"]:
        return True
    if any(a in _BE and b == "back" and c in _BACK_TO for a, b, c in zip(toks, toks[1:], toks[2:])):
        return True  # "we were back under a minute of lag", "it was back to normal"
    now = bool(_NOW & set(toks[1:])) or _has(toks, ("these", "days"))
    return now and _quantity(toks) and not _has(toks, ("right", "now"))


_THERE = (("there", "was"), ("there", "were"), ("this", "was"), ("we", "were"), ("we", "had"), ("i", "was", "on"),
          ("i", "was", "at"), ("i", "was", "in"))
_SUBJ = {"it", "we", "they", "that", "this", "report", "job", "load", "dashboard", "pipeline", "team", "numbers", "system"}
_DONE = (("able", "to"), ("had", "to"), ("were", "done"), ("was", "done"), ("had", "the"), ("was", "fixed"),
         ("were", "back"), ("was", "back"))
_TIME_NOUNS = {"night", "day", "week", "morning", "month", "minute", "minutes", "hour", "hours", "days", "weeks",
               "nights", "mornings", "months", "time", "quarter", "year", "release", "deploy", "run", "load"}
_STATE_PAST = {"was", "were", "had", "kept", "sat", "lived", "ran", "fed", "pulled", "held", "needed", "depended"}


_AFTERWARDS = {"afterwards", "since", "anymore", "now", "today", "until"}  # ("again" already ends `scene` before)
_AFTERWARDS_SAID = (("after", "that"), ("after", "we"), ("after", "the"), ("after", "i"), ("in", "the", "end"), ("from", "then"),
                    ("for", "the", "rest"), ("by", "the", "next"), ("came", "back"), ("after", "it"))
_HABITUAL = {"always", "never", "often", "usually", "constantly", "regularly", "routinely"}
_IRREGULAR = {"fell", "broke", "went", "took", "came", "got", "grew", "ran", "sat", "sent", "left", "lost", "made"}


def _past(toks: Sequence[str]) -> bool:
    return any(t in _STATE_PAST or t in _IRREGULAR or (t.endswith("ed") and len(t) > 4) for t in toks)


def scene(tokens: Sequence[str]) -> bool:
    """The sentence sets the scene: how things stood or kept going, not something done once: "there were two teams
    …", "this was my second year at …", "we were choosing between two tools", "the fraud team was blocking payments",
    "the business kept asking for reports", "it fell over every few weeks", "the report used to be late", "their
    report never matched ours"."""
    toks = _lead([t for t in tokens if t not in _FILLER_WORDS])
    if outcome(tokens) or tasked(tokens) or any(_has(toks, p) for p in _DONE) or "again" in toks:
        return False  # what came of it ("we were done by Friday", "running smoothly again"), or the goal given
    if any(tuple(toks[j : j + len(p)]) == p for p in _THERE for j in range(min(3, len(toks)))):
        return True
    if toks[:1] == ["i"]:
        return False  # what the speaker did
    for j, t in enumerate(toks[:-1]):
        nxt = toks[j + 1]
        if t in ("was", "were") and nxt.endswith("ing") and len(nxt) > 4 and not nxt.endswith("thing"):
            return True  # past progressive: "was blocking", "were choosing"
        if (t == "kept" and (nxt.endswith("ing") or nxt == "on")) or (t == "used" and nxt == "to" and j and toks[j - 1] in _SUBJ):
            return True
        if t == "every" and (nxt in _TIME_NOUNS or toks[j + 2 : j + 3] and toks[j + 2] in _TIME_NOUNS) and _past(toks):
            return True
        if t in ("once", "twice") and nxt == "a" and _past(toks):
            return True
    # how it always went ("it never matched ours", "was always a bit low"), not how it went after ("never broke since")
    return (bool(_HABITUAL & set(toks)) and _past(toks) and not _AFTERWARDS & set(toks)
            and not any(_has(toks, p) for p in _AFTERWARDS_SAID))


FEATURES: dict[str, Callable[[Sequence[str]], bool]] = {"tasked": tasked, "announces": announces, "unit": unit,
                                                         "weighs": weighs, "explains": explains, "outcome": outcome, "outlines": outlines, "scene": scene,
                                                         "deed": lambda t: did_something(t) and not tasked(t),
                                                         "narrates": lambda t: narrates(t) and not tasked(t)}


def structure_evidence(tokens: Sequence[str], weights: dict[str, float]) -> float:
    """The evidence a sentence's structure gives a part: the sum of the weights of the features it has."""
    return sum(w for name, w in weights.items() if FEATURES[name](tokens))


def structure_features(tokens: Sequence[str], weights: dict[str, float]) -> list[str]:
    """The features of ``weights`` (a part's) that the sentence has, with a weight above zero."""
    return [name for name, w in weights.items() if w and FEATURES[name](tokens)]
