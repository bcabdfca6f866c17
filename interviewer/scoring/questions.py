"""Is a sentence (or a clause of one) asked? Whisper often punctuates a spoken question flat, so a
clause asks when it leads with an asking word or an auxiliary and a subject, or puts a question after a
verb of asking; a relative clause or a "what … is …" statement does not."""

from __future__ import annotations

import re
from typing import Sequence

from interviewer.scoring.tokens import normalize
from interviewer.types import Word


_LEAD_FILLERS = {"so", "and", "but", "then", "okay", "ok", "um", "uh", "first", "also", "or", "well", "hmm", "wait", "oh", "sorry"}
_ASKING = {"who", "what", "which", "why", "how"}
_AUX = {"do", "does", "did", "is", "are", "can", "could", "should", "would", "will", "shall", "was", "were", "has", "have", "must"}
_SUBJECT = {"we", "i", "you", "they", "it", "the", "this", "that", "a", "an", "there", "these", "those", "each", "every",
            "any", "our", "your", "their", "all", "some", "one", "he", "she", "users", "people"}
_STATEMENT_AFTER_WH = {"we", "i", "you", "they", "it", "the", "this", "that", "a", "an", "he", "she", "if", "is", "was",
                       "means", "meant", "makes", "matters", "happened", "i'd", "we'd", "i'll", "we'll"}


def is_question(words: Sequence[Word]) -> bool:
    raw = " ".join(w.text.strip() for w in words).rstrip()
    if raw.endswith("?"):
        return True
    clauses = re.split(r"[,;:]", raw)
    opening = [all(t in _LEAD_FILLERS for t in normalize(c)) for c in clauses]  # "Oh, and do refunds …": still the start
    return any(_asks(clause, first=all(opening[:i])) for i, clause in enumerate(clauses))


_RELATIVE = {"which", "whose"}  # "who", "where", "when" after a comma usually ask ("wait, who reads this")


def _asks(clause: str, first: bool = True) -> bool:
    """A clause spoken as a question that Whisper punctuated flat: "and who leans on this hardest.",
    "does a view count the moment they press play," — an asking word or an auxiliary verb leading it
    (after 'so', 'and', …), followed by what a question has there and a statement does not."""
    toks = [w for t in normalize(clause) for w in _unclitic(t)]  # "who's going" asks as "who is going" does
    lead = [t for t in toks[:4] if t not in _LEAD_FILLERS]
    if not first and toks[:1] and toks[0] in _RELATIVE:
        return False  # "…, which usually means one app drops events": a relative clause, not a question
    if len(lead) < 2:
        return bool(lead) and lead[0] in _ASKING and not clause.rstrip().endswith(".")
    if lead[0] in _ASKING:  # "what is nice is …" states; "who is going to read it" asks
        if lead[0] == "what" and _pseudo_cleft(toks[toks.index(lead[0]):]):
            return False
        after = toks[toks.index(lead[0]) + 1 : toks.index(lead[0]) + 4]
        if _WH_SUBJECT_VERBS & set(toks[toks.index(lead[0]) + 2 :]) and after and (_PRONOUNS & set(after) or after[0].endswith("s")):
            return False  # "what happens next depends on …", "how we store it depends on …": not "which team decides …"
        return lead[1] not in _STATEMENT_AFTER_WH or (lead[0] == "who" and lead[1] in ("is", "was"))
    if lead[0] in _AUX:
        k = toks.index(lead[1], toks.index(lead[0]) + 1)
        return _inverted(lead[:2], first, toks[0] == "or", toks[k + 1 : k + 2])
    if lead[0] in _WHEN and lead[1] in _AUX:  # "when does finance close the month": not "when a user …", "when were done"
        return len(lead) < 3 or (lead[2] not in _NO_SUBJECT and not lead[2].endswith("ing"))
    return _asks_after_asking(toks) or _asks_indirectly(toks)


_WHEN = {"when", "where"}
_IMPERATIVE_AUX = {"do", "have"}  # "do the dedupe first", "have a job that …": a sentence may open with them and tell
_SINGULAR = {"it", "he", "she", "this", "that"}  # "have it once", "do this": no question says "have it" or "do that"


def _inverted(lead: list[str], first: bool, after_or: bool, rest: list[str]) -> bool:
    """An auxiliary before its subject asks. Anywhere, a pronoun after it does ("…, is that right"); at a sentence's
    start any subject ("should two titles both be kept"), and after "or" the subject of "is", "does" and the like ("or
    is exactly three the rule"), where a statement does not put an auxiliary. Not a dropped subject ("should be fine",
    "would probably go with …", "were going to" for "we're going to"). "Do" and "have" open commands too ("do the dedupe
    first", "have consumers commit"), so there only a pronoun asks, or after "do" a plural and then its verb ("do refunds
    count"), not "do retries with backoff"; a singular after "do"/"have" never ("have it once", "do this")."""
    aux, subj = lead
    if subj in _NO_SUBJECT or subj.endswith("ing") or subj in _SINGULAR and aux in _IMPERATIVE_AUX:
        return False
    if subj in _PRONOUN_SUBJECTS:
        return True
    if aux in _IMPERATIVE_AUX:
        return first and aux == "do" and _plural(subj) and bool(rest) and rest[0] not in _NOT_A_VERB
    if first or (after_or and aux in _COPULA | {"does", "did"}):
        return True  # at a sentence's start any subject asks
    return aux in {"does", "did"} and subj in _SUBJECT  # "…, and does the product team need it daily"; not "…, is the"


_PRONOUN_SUBJECTS = {"we", "i", "you", "they", "it", "this", "that", "there", "these", "those", "he", "she"}
_NO_SUBJECT = {"be", "been", "have", "ve", "probably", "maybe", "definitely", "really", "actually", "honestly", "say",
               "mention", "admit", "remember", "recall", "guess", "think", "done", "gonna", "also", "just", "still",
               "not", "need", "want", "go", "get", "use", "run", "make", "take", "see", "tell", "imagine", "only"}
_NOT_A_VERB = {"with", "on", "in", "at", "for", "to", "from", "by", "the", "a", "an", "and", "or", "so", "first",
               "before", "after", "over", "into", "per"}


def _unclitic(tok: str) -> list[str]:
    """'when's' → when is (an asking word's clitic is its verb), 'would've' → would have; other clitics drop ('can't')."""
    base, _, clitic = tok.partition("'")
    if clitic == "ve":
        return [base, "have"]  # "would've caught it": a dropped subject, not "would you …"
    return [base, "is"] if clitic == "s" and base in _ASKING | _WHEN | {"how"} else [base]


def _plural(tok: str) -> bool:
    return len(tok) > 3 and tok.endswith("s") and not tok.endswith(("ss", "us", "is"))


_COPULA = {"is", "was", "are", "were"}
_PRONOUNS = {"we", "i", "you", "they", "it", "he", "she"}
_WH_SUBJECT_VERBS = {"depends", "depended", "decides", "decided", "determines", "matters", "mattered"}
_INVERTED = {"it", "there", "this", "that", "he", "she", "they", "we", "you", "i"}


def _pseudo_cleft(clause: list[str]) -> bool:
    """"What can go wrong is a late refund", "what bites people is a rename": a wh-clause as the subject
    of 'is' (the copula three words or more in, followed by its complement, not by a subject as in "what
    time zone is it", unless "that" opens a clause; "what time is the cut-off" still asks)."""
    for j in range(3, len(clause) - 1):
        if clause[j] in _COPULA and (clause[j + 1] not in _INVERTED or _that_clause(clause[j + 1 :])):
            return True
    return False


def _that_clause(rest: list[str]) -> bool:
    """"… is that it pages people for nothing": the copula's complement is a whole clause after "that" (two
    words or more), not the pronoun of "what table is that in"."""
    return rest[0] == "that" and len(rest) >= 3


_ASKING_VERBS = {"ask", "asked", "wonder", "wondering", "question", "check"}


def _asks_after_asking(toks: list[str]) -> bool:
    """"One thing I didn't ask does the funnel have to happen in one visit": a question put after a verb of
    asking, inside the clause (an auxiliary and a subject right after "ask", "wonder", "question", …)."""
    for j, t in enumerate(toks[:-2]):
        if t in _ASKING_VERBS and toks[j + 1] in _AUX and toks[j + 2] in _SUBJECT:
            return True
    return False


def is_relative(words: list[Word], first: bool) -> bool:
    """A clause after the first of its sentence that opens with 'which', 'who', … and does not end with
    '?' continues the sentence before it ("…, which gives every user a cohort.")."""
    toks = normalize(words[0].text) if words else []
    return not first and bool(toks) and toks[0] in _RELATIVE and not words[-1].text.rstrip().endswith("?")


_WH_IF = {"whether", "if", "how", "what", "who", "which", "when", "where", "why"}
_WONDER = (("wonder",), ("wondering",), ("curious",), ("like", "to", "know"), ("not", "sure"), ("do", "you", "know"),
           ("to", "ask"), ("to", "confirm"))


def _asks_indirectly(toks: list[str]) -> bool:
    """A question put as a statement of not knowing, near the clause's start: "I'm curious who reads this first", "I'd
    like to know whether a refund changes last month", "I wonder if we need history", "not sure if refunds …"."""
    head = toks[:8]
    for j in range(len(head)):
        for phrase in _WONDER:
            k = j + len(phrase)
            if tuple(head[j:k]) == phrase and _WH_IF & set(toks[k : k + 2]):
                return True
    return False
