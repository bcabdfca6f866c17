"""The scorer's labelled evaluation set: spoken answers assembled from text, so every truth is known.

Each case is a list of sentences, each labelled with the beat (modeling rubric) or STAR part
(behavioral-star rubric) it belongs to, and pauses of known length. The answers are synthesized at
test time with a real voice (Piper or espeak-ng), transcribed by the real model and scored; the
truth comes from how the audio was assembled (:mod:`interviewer.synth` reports every label's time).

``quality`` ranks answers inside a rubric: every "strong" answer must outscore every "flawed" one.
Used by ``tests/test_scorer_eval.py`` and ``scripts/eval_scorer.py`` (which prints the table).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from interviewer.synth import Pause, Say, Synthesized, synthesize


@dataclass(frozen=True)
class Case:
    id: str
    rubric: str
    voice: str
    quality: str  # "strong" or "flawed"
    parts: tuple
    note: str = ""
    prompt_id: str | None = None  # the bank prompt it is scored against (its key points count); None: no prompt
    kind: str = ""  # "strong", "flawed", "buzzword" or "offtopic"; defaults to ``quality``
    late_questions: int = 0  # questions asked only after committing to a design (not a clarify beat)

    def __post_init__(self) -> None:
        if not self.kind:
            object.__setattr__(self, "kind", self.quality)

    def synthesize(self, natural: bool = False) -> Synthesized:
        return synthesize(list(self.parts), voice=self.voice, natural=natural)


C, F, B, S = "clarify", "frame", "build", "stress"
SIT, TASK, ACT, RES = "situation", "task", "action", "result"

CASES: list[Case] = [
    # ---- modeling --------------------------------------------------------------------------
    Case("m-trips-strong", "modeling", "piper", "strong", (
        Say("Before I design anything, who consumes this data, the pricing team or finance?", C),
        Say("And how fresh does it need to be, minutes or a daily batch?", C),
        Say("Are the rider and driver ids stable across apps?", C),
        Say("Okay. I'll treat this as a star schema with one fact table for completed trips.", F),
        Say("The grain of this fact is one row per trip.", F),
        Say("The dimensions are rider, driver, city and date, and the driver dimension is slowly changing, type two, because ratings and vehicle change.", B),
        Say("The trade-off here is a wide table versus a star; I'm picking the star because several teams read it.", B),
        Say("I'd partition the fact by trip date and cluster by city, with a surrogate key and the trip id kept as the natural key.", B),
        Pause(4.0),
        Say("This breaks when trip events arrive late, after the watermark, so a daily job backfills a two day tail.", S),
        Say("It also breaks on a GDPR delete request, which we handle by tokenizing the rider at ingest.", S),
    ), "all four beats, three phrases, one 4 s pause"),
    Case("m-orders-no-clarify", "modeling", "espeak", "flawed", (
        Say("I'll treat this as a star schema around an order lines fact.", F),
        Say("The grain of this fact is one row per order line.", F),
        Say("The dimensions are customer, product, store and date, with a surrogate key on each and the order number kept as a natural key.", B),
        Say("The product dimension is slowly changing type two, so price history is kept.", B),
        Say("I'd partition the fact by order date and cluster by store.", B),
        Say("This breaks when refunds arrive late, days after the order, so the fact is reloaded for a rolling week.", S),
        Say("Time zones are the other trap: stores close at midnight local time, not UTC.", S),
    ), "no clarifying questions: jumps straight to the model"),
    Case("m-ads-no-stress", "modeling", "piper", "flawed", (
        Say("Who reads this, the advertisers or our billing team?", C),
        Say("Do we need impressions by the minute, or is hourly enough?", C),
        Say("I'll treat this as one fact of ad impressions at the grain of one row per impression.", F),
        Say("Campaign, creative, placement and date are the dimensions, each with a surrogate key.", B),
        Say("Campaign is a slowly changing dimension of type two because budgets change mid flight.", B),
        Say("The fact is partitioned by hour and clustered by campaign.", B),
        Say("Clicks join to impressions through the impression id, in a separate fact.", B),
    ), "never stress-tests the design"),
    Case("m-claims-pauses", "modeling", "espeak", "flawed", (
        Say("Um, who is the consumer of this, the actuaries?", C),
        Say("And, uh, how fresh does it need to be?", C),
        Pause(5.0),
        Say("So, um, I'll treat this as a star schema, basically, with a claims fact.", F),
        Say("The grain is, like, one row per claim line.", F),
        Pause(3.5),
        Say("Um, the dimensions are member, provider, diagnosis and date, and, uh, member is slowly changing.", B),
        Say("I'd partition by service date, basically.", B),
        Say("This breaks when claims are adjusted late, you know, months after the service.", S),
    ), "all beats but two long pauses and fillers"),
    Case("m-iot-build-only", "modeling", "piper", "flawed", (
        Say("So there's a readings table with device id, timestamp, temperature, humidity and battery columns.", B),
        Say("Then a devices table with the model and firmware version, and a sites table.", B),
        Pause(6.0),
        Say("The readings table has a foreign key to devices, and devices to sites.", B),
        Say("I'd partition readings by day and cluster by device.", B),
    ), "junior answer: columns first, no questions, no grain, no failure modes, a 6 s silence"),
    Case("m-subscriptions-strong", "modeling", "espeak", "strong", (
        Say("Who consumes the subscription model, finance for revenue or the growth team for churn?", C),
        Say("How fresh must it be, and do we need the history of every plan change?", C),
        Say("I'll treat this as a star schema with a daily subscription snapshot fact.", F),
        Say("The grain of this fact is one row per subscription per day.", F),
        Say("Plan, customer, region and date are the dimensions, and plan is slowly changing type two so price changes keep their history.", B),
        Say("The trade-off here is a daily snapshot versus an event fact of plan changes; I'm picking the snapshot because finance asks about balances on a date.", B),
        Say("I'd merge the snapshot idempotently each night, partitioned by snapshot date.", B),
        Say("This breaks when a payment provider replays a webhook, so duplicate events are dropped on the event id.", S),
        Say("It also breaks across time zones at month end, so the day boundary is fixed in UTC and documented.", S),
    ), "all four beats and three phrases, no pauses"),
    Case("m-playlists-no-frame", "modeling", "piper", "flawed", (
        Say("Who uses this, the recommendations team or the editors?", C),
        Say("How many plays a day are we talking about?", C),
        Say("Playlist, track and listener are the dimensions, with surrogate keys, and the playlist dimension is slowly changing.", B),
        Say("Plays go into a table partitioned by date and clustered by playlist.", B),
        Say("A bridge table links playlists to tracks with a position column.", B),
        Say("This breaks when events arrive late from phones that were offline, so we backfill three days.", S),
        Say("It also breaks when a track is deleted for rights reasons.", S),
    ), "never frames the model or states the grain"),
    Case("m-payments-thinking", "modeling", "espeak", "flawed", (
        Pause(7.0),
        Say("Is this for fraud or for finance reporting?", C),
        Say("I'll treat this as a payments fact at the grain of one row per payment attempt.", F),
        Say("Merchant, card, country and date are the dimensions, each with a surrogate key.", B),
        Say("I'd partition by attempt date and cluster by merchant.", B),
        Say("This breaks when a processor retries, which double counts attempts, so we deduplicate on the attempt id.", S),
    ), "a 7 s silence before the first word, then a thin answer"),
    # ---- behavioral (STAR, 90 s) --------------------------------------------------------------
    Case("s-billing-strong", "behavioral-star", "espeak", "strong", (
        Say("We had a billing pipeline loading twenty million rows a day, and the invoices it produced were off by about half a percent every month.", SIT),
        Say("Finance noticed it at month end and nobody owned the gap.", SIT),
        Say("I needed to find the cause and fix it before the next month end close, without stopping the daily loads.", TASK),
        Say("First I traced the gap to duplicate events from a producer that retried on timeouts.", ACT),
        Say("I decided to deduplicate on the event id with a merge, because it made the load idempotent and cheap to rerun.", ACT),
        Say("The trade-off was a little more compute each night versus correct money, and I picked correct money.", ACT),
        Say("Then I added a reconciliation check against the ledger every night that pages the on call engineer when the totals drift.", ACT),
        Say("I walked finance through the fix and wrote a short runbook.", ACT),
        Say("As a result the invoice error dropped to zero within two weeks, and the check has caught three incidents since then.", RES),
    ), "all four parts, a measured result"),
    Case("s-migration-rambling", "behavioral-star", "piper", "flawed", (
        Say("So at my last company we were running a big warehouse on premises, and it was old, and there were hundreds of jobs.", SIT),
        Say("The team had grown a lot, and there were many owners, and the jobs were written in different styles over the years.", SIT),
        Say("There was also a lot of politics about which cloud to pick, and the finance team had its own opinions, and the contract was up for renewal.", SIT),
        Say("And the situation was that nothing was documented, and the people who wrote the first jobs had left the company years before.", SIT),
        Say("Some jobs ran every hour, some every night, and some only at quarter end, so the schedule itself was a puzzle.", SIT),
        Say("I had to plan the migration of the reporting jobs.", TASK),
        Say("I built an inventory of the jobs, then I moved them in waves, starting with the ones with the fewest dependencies.", ACT),
        Say("In the end the migration finished and people were happy with it.", RES),
    ), "a rambling situation and a result with no number"),
    Case("s-oncall-no-result", "behavioral-star", "espeak", "flawed", (
        Say("We had an on call rotation where the streaming job failed most weekends.", SIT),
        Say("I was responsible for making the weekends quiet again.", TASK),
        Say("I found that the job ran out of memory when a large customer replayed a week of events.", ACT),
        Say("I decided to cap the batch size and to spill state to disk, because adding memory only moved the limit.", ACT),
        Say("Then I added an alert on consumer lag so we would see it before it failed.", ACT),
    ), "never says what came of it"),
    Case("s-conflict-no-task", "behavioral-star", "piper", "flawed", (
        Say("We had two teams computing active users differently, and the board deck showed two numbers.", SIT),
        Say("I set up a meeting with both leads and traced each definition back to its source tables.", ACT),
        Say("I proposed one definition with a documented grain, and I built a shared table that both dashboards read.", ACT),
        Say("The result was a single number within a month, and the weekly reconciliation work dropped from six hours to zero.", RES),
    ), "no task: never says what the speaker owned"),
    Case("s-latency-pauses", "behavioral-star", "espeak", "flawed", (
        Say("Um, we had a dashboard that took, like, forty seconds to load for the sales team.", SIT),
        Say("I needed to get it under five seconds before the quarterly review.", TASK),
        Pause(4.5),
        Say("Uh, I found that every query scanned the whole events table, basically.", ACT),
        Say("So I built a pre-aggregated table by day and region, and, um, I added partition pruning.", ACT),
        Pause(3.5),
        Say("In the end the load time went from forty seconds to three seconds.", RES),
    ), "all parts, but two long pauses and fillers"),
]


def by_id(case_id: str) -> Case:
    return next(c for c in CASES if c.id == case_id)


def truth_spans(case: Case, synth: Synthesized) -> dict[str, tuple[float, float]]:
    """For each label, (start of its first sentence, end of its last sentence) in the synthesized audio."""
    out: dict[str, tuple[float, float]] = {}
    for lab in synth.labels:
        if lab.label in ("pause", ""):
            continue
        if lab.label in out:
            out[lab.label] = (out[lab.label][0], lab.end)
        else:
            out[lab.label] = (lab.start, lab.end)
    return out


BEATS = ("clarify", "frame", "build", "stress")
STAR = ("situation", "task", "action", "result")


@dataclass
class Outcome:
    """One case scored and compared with its truth."""

    case: Case
    report: object  # interviewer.types.Report
    truth: dict[str, tuple[float, float]]
    true_pauses: list[tuple[float, float]]

    @property
    def names(self) -> tuple[str, ...]:
        return STAR if self.case.rubric == "behavioral-star" else BEATS

    def found(self) -> dict[str, tuple[float, float]]:
        items = self.report.star if self.case.rubric == "behavioral-star" else self.report.beats
        return {x.name: (x.start, x.end) for x in items if x.present}

    def truth_for_found_style(self) -> dict[str, tuple[float, float]]:
        """STAR parts run until the next part begins (pauses inside a story belong to the part)."""
        if self.case.rubric != "behavioral-star":
            return self.truth
        order = sorted((n for n in STAR if n in self.truth), key=lambda n: self.truth[n][0])  # as spoken
        out = {}
        for i, n in enumerate(order):
            end = self.truth[order[i + 1]][0] if i + 1 < len(order) else self.truth[n][1]
            out[n] = (self.truth[n][0], end)
        return out

    def presence(self) -> tuple[int, int, int]:
        """(true positives, false positives, false negatives) of part presence."""
        found, truth = set(self.found()), set(self.truth)
        return len(found & truth), len(found - truth), len(truth - found)

    def boundary_errors(self) -> dict[str, float]:
        found, truth = self.found(), self.truth_for_found_style()
        return {n: max(abs(found[n][0] - truth[n][0]), abs(found[n][1] - truth[n][1])) for n in found if n in truth}

    def silence_match(self, tol: float = 0.5) -> tuple[int, int, int, float]:
        """(matched, spurious, missed, worst edge error) of silences against the true pauses."""
        got = [(s.start, s.end) for s in self.report.silences]
        matched, worst = 0, 0.0
        used: set[int] = set()
        for t0, t1 in self.true_pauses:
            best = None
            for i, (g0, g1) in enumerate(got):
                if i in used:
                    continue
                err = max(abs(g0 - t0), abs(g1 - t1))
                if best is None or err < best[1]:
                    best = (i, err)
            if best is not None and best[1] <= tol:
                used.add(best[0])
                matched += 1
                worst = max(worst, best[1])
        return matched, len(got) - len(used), len(self.true_pauses) - matched, worst


def evaluate(case: Case, transcriber, directory: Path, natural: bool = False) -> Outcome:
    """Synthesize, write, transcribe and score one case with the real model."""
    from interviewer.audio import load_audio
    from interviewer.rubric import load_rubric
    from interviewer.score import score

    synth = case.synthesize(natural)
    path = synth.write(directory / f"{case.id}.wav")
    transcript = transcriber.transcribe(load_audio(path))
    if case.prompt_id:
        from interviewer.prompts import find_prompt

        prompt = find_prompt(case.prompt_id)
        report = score(transcript, load_rubric(case.rubric), prompt_id=case.prompt_id, key_points=list(prompt.prompt.key_points))
    else:
        report = score(transcript, load_rubric(case.rubric))
    pauses = [(p.start, p.end) for p in synth.pauses(3.0)]
    # a pause before the first word is thinking time, not a silence inside the answer
    first_word = min(lab.start for lab in synth.labels if lab.label != "pause")
    pauses = [p for p in pauses if p[0] >= first_word]
    return Outcome(case, report, truth_spans(case, synth), pauses)
