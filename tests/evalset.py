"""The scorer's labelled evaluation set: spoken answers assembled from text, so every truth is known.

Each case is a list of sentences, each labelled with the beat (modeling rubric) or STAR part
(behavioral-star rubric) it belongs to, and pauses of known length. The answers are synthesized at
test time with a real voice (Piper or espeak-ng), transcribed by the real model and scored; the
truth comes from how the audio was assembled (:mod:`interviewer.audio.synth` reports every label's time).

``quality`` ranks answers inside a rubric: every "strong" answer must outscore every "flawed" one.
Used by ``tests/test_scorer_eval.py`` and ``scripts/eval_scorer.py`` (which prints the table).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from interviewer.audio.synth import Pause, Say, Synthesized, synthesize


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
    # ---- new kinds: what a keyword scorer gets wrong ------------------------------------------
    Case("m-viewing-plain-strong", "modeling", "piper", "strong", (
        Say("Two things before I draw anything: does a view count the moment someone presses play, or only after they have watched for a while?", C),
        Say("And who leans on this hardest, the recommendation service that reacts within minutes, or the monthly numbers for finance?", C),
        Say("My plan is a single central table of viewing sessions, where every line stands for one profile watching one title on one device in one session.", F),
        Say("A session ends after thirty minutes without playback.", F),
        Say("Around it sit profiles, titles and devices, and profiles and titles remember every past version with valid from and valid to dates.", B),
        Say("Each of those tables gets a generated number as its key, and the session id from the player stays as an ordinary column.", B),
        Say("The sessions are split by day and sorted by title and profile, so the usual questions read very little.", B),
        Say("I would rather keep a narrow sessions table with separate lookups than one enormous flat table, because finance and recommendations join different attributes.", B),
        Say("Now, the weak spots.", S),
        Say("Phones that were offline send their plays a day later, so every night we recompute the last three days.", S),
        Say("When a member asks us to forget them, we only ever stored a token, so dropping their entry in the token table erases them everywhere.", S),
        Say("And the night a big series comes out, that one day is far too large, so we split it again by hour.", S),
    ), "a senior answer in everyday words: few of the rubric's cue phrases", prompt_id="modeling-viewing-history"),
    Case("m-viewing-buzzwords", "modeling", "espeak", "flawed", (
        Say("Star schema, fact table, surrogate keys, slowly changing dimensions type two, partition by date, cluster by title.", ""),
        Say("Late arriving data, GDPR, hot partitions, idempotent merge, backfill, watermark.", ""),
        Say("That is the model.", ""),
    ), "a list of terms with no question, no grain and no reasoning: no beat is there", kind="buzzword", prompt_id="modeling-viewing-history"),
    Case("m-orders-late-questions", "modeling", "piper", "flawed", (
        Say("I'll model this around one table of order lines, one line for each product in an order.", F),
        Say("Customers, products, stores and calendar days hang off it, each with its own generated key.", B),
        Say("Hmm, wait, who is going to read this, merchandising or the finance team?", ""),
        Say("And do they need it the same day?", ""),
        Say("Either way, returns go in their own table pointing back at the original line, so net sales subtract them.", B),
        Say("I'd split both tables by order date.", B),
        Say("If a return shows up weeks after the sale, last month's net sales change, so the weekly report is recomputed for the past sixty days.", S),
    ), "questions asked only after committing to a design", prompt_id="modeling-ecommerce-orders", late_questions=2),
    Case("m-viewing-off-topic", "modeling", "espeak", "flawed", (
        Say("Who needs these numbers, the pricing team or finance, and how quickly after a ride ends?", C),
        Say("I'll treat this as a star schema with one fact for completed rides, one row per ride.", F),
        Say("Riders, drivers, cities and dates are the dimensions, and the driver dimension keeps history as type two.", B),
        Say("Surge multipliers are stored on the ride so pricing can study them per zone and minute.", B),
        Say("This breaks when the payout to a driver is corrected days later, so the payout fact is reloaded for a week.", S),
    ), "a decent answer to a different question (ride trips), scored against the viewing-history prompt",
        kind="offtopic", prompt_id="modeling-viewing-history"),
    Case("s-export-result-first", "behavioral-star", "piper", "strong", (
        Say("We took the nightly export to our bank partner from six hours down to forty minutes, and it has not missed a deadline in eight months.", RES),
        Say("Before that, the export read every account from the main database each night and finished after the bank's cut off about twice a week.", SIT),
        Say("Each late file meant a phone call from the bank and a fee.", SIT),
        Say("It was on me to make it land on time without buying a bigger database.", TASK),
        Say("I measured where the hours went and saw that almost all of it was reading accounts that had not changed.", ACT),
        Say("So I switched the job to read only the accounts touched since the last run, using the change log we already kept.", ACT),
        Say("The risk was missing an account whose change never reached the log, so I added a weekly full comparison as a safety net.", ACT),
        Say("I ran the old and new exports side by side for two weeks and compared every file before turning the old one off.", ACT),
        Say("Then I wrote down how to rerun a single day by hand, and walked the on call engineers through it.", ACT),
    ), "the measurable result first, then the story"),
    Case("s-schema-plain-strong", "behavioral-star", "espeak", "strong", (
        Say("Last spring a partner kept renaming fields in the files they sent us, and every rename broke our morning dashboards.", SIT),
        Say("Keeping those dashboards correct by nine each morning was my responsibility.", TASK),
        Say("I compared three months of their files and noticed the renames always came with a version number in the header.", ACT),
        Say("I wrote a small mapping step that reads that version and translates old names to new ones, and it stops the load with a clear message when it sees a version it does not know.", ACT),
        Say("I also agreed with the partner that they warn us a week before any change.", ACT),
        Say("Since then we have had zero broken mornings in five months, down from about one a week.", RES),
    ), "a STAR story in plain words, avoiding most of the rubric's cue phrases"),
    # ---- the other rubrics (sql, streaming, design), in plain words -------------------------------
    Case("q-cohort-plain-strong", "sql", "piper", "strong", (
        Say("Quick check first: does signing up count as the first active week, or do we only start counting the week after?", C),
        Say("And are the activity timestamps stored in UTC, or in the user's own local time?", C),
        Say("The way I'd go about it is to work out each person's signup week, work out every week they showed up, and then divide the two counts.", F),
        Say("So to begin, I take the signups and cut each date down to the Monday of its week, which gives every user a cohort.", B),
        Say("Next I count how many people landed in each of those weeks, that's the size of the cohort.", B),
        Say("After that I bring in the activity with a left join, so a week where nobody came back still shows up as a zero rather than vanishing.", B),
        Say("For each row I take the number of weeks between the signup week and the active week, and count distinct users per cohort and offset.", B),
        Say("The last step divides that by the cohort size.", B),
        Say("Someone who is active five times in one week must only count once, so I count distinct users and not events.", S),
        Say("The most recent cohorts haven't had time to reach week eight yet, so their later weeks come out empty rather than zero, otherwise the curve drops for no reason.", S),
    ), "a narrated SQL answer in plain words", prompt_id="sql-cohort-retention"),
    Case("q-cohort-silent-typing", "sql", "espeak", "flawed", (
        Say("Okay, let me just write it.", ""),
        Pause(7.0),
        Say("So this part groups the signups by week.", B),
        Pause(5.0),
        Say("And this joins the activity and counts users per week.", B),
        Say("Then I divide by the first count.", B),
    ), "no questions, no plan, typing in silence, no edge case", prompt_id="sql-cohort-retention"),
    Case("t-schemas-plain-strong", "streaming", "espeak", "strong", (
        Say("Put simply, evolving a schema means changing the shape of the events without any reader noticing.", F),
        Say("Every event is written in Avro, and the writer registers its shape in a central registry before it is allowed to publish.", B),
        Say("Readers keep working as long as each new version can still be read by the old code, so adding a field with a default is fine.", B),
        Say("Our build runs the compatibility check on every pull request, so a bad change never gets merged.", B),
        Say("I would rather push a truly breaking change to a fresh topic with a version number than force every team to upgrade on the same day.", B),
        Say("What bites people is a rename, because to the reader it looks like one field vanished and a new one appeared, so their job fails in the middle of the night.", S),
        Say("And if one producer skips the registry, the readers choke on bytes they cannot decode, so the brokers refuse unregistered writes.", S),
    ), "a streaming answer in plain words: definition, mechanism, what goes wrong and why", prompt_id="streaming-schema-evolution"),
    Case("t-schemas-no-stress", "streaming", "piper", "flawed", (
        Say("Schema evolution means you can change the format of your messages over time.", F),
        Say("We use Avro with a schema registry, and each topic has its own subject.", B),
        Say("Producers fetch the schema id and put it at the front of every message.", B),
        Say("Consumers look the id up and decode the message with the right version.", B),
    ), "defines and explains, but never says what goes wrong", prompt_id="streaming-schema-evolution"),
    Case("t-schemas-buzzwords", "streaming", "espeak", "flawed", (
        Say("Avro, protobuf, schema registry, backward compatible, forward compatible, full compatibility.", ""),
        Say("Versioned topics, breaking changes, CI checks, dead letter queue.", ""),
    ), "a list of terms: no definition, no mechanism, no reasons", kind="buzzword", prompt_id="streaming-schema-evolution"),
    Case("d-experiments-plain-strong", "design", "piper", "strong", (
        Say("Before I sketch it, roughly how many tests are running at the same time, and on which apps?", C),
        Say("And does the product team need answers daily, or live while a test is running?", C),
        Say("Overall I see four pieces: something that decides who sees what, a record of what each person was shown, a job that links that to outcomes, and the statistics on top.", F),
        Say("The first piece hashes the profile id with the test id, so a person lands in the same group every time they come back.", B),
        Say("Every time a screen shows a variant, the app sends a small exposure event into our event log.", B),
        Say("A nightly job joins exposures to purchases and watch time, and writes one row per person per test per day.", B),
        Say("On top of that a stats service runs the comparison with variance reduction, so tests finish in fewer days.", B),
        Say("The scary case is when the split drifts, say fifty two against forty eight, which usually means one app drops exposure events, so we check the ratio hourly and page someone.", S),
        Say("And two tests touching the same screen can contaminate each other, so overlapping tests get separate layers of the hash.", S),
    ), "a design answer in plain words", prompt_id="design-ab-platform"),
    Case("d-experiments-late-questions", "design", "espeak", "flawed", (
        Say("So the design has three parts, an assignment service, an event log for exposures, and a results job.", F),
        Say("Assignment hashes the user id into a bucket, and the app logs which variant it showed.", B),
        Say("Hmm, actually, how many experiments run at the same time?", ""),
        Say("Who is going to read the results?", ""),
        Say("Anyway, the results job joins the exposures to orders every night and computes the lift.", B),
        Say("If the app forgets to log an exposure, the groups look uneven, so we alert when the split is off.", S),
    ), "questions asked only after committing to a design", prompt_id="design-ab-platform", late_questions=2),
    # ---- third session: late questions in everyday wording (issue 11.3), new styles (rambling, out of
    # order, filler-heavy, short senior answers); written in our own words for the development set ----------
    Case("m-rides-oh-wait", "modeling", "piper", "flawed", (
        Say("Right, I'd build this around one central table of finished rides, a row for every ride that completed.", F),
        Say("Oh wait, do we also need to keep the rides that got cancelled halfway?", ""),
        Say("Hmm, is finance happy with payouts once a day, or do they want them the moment a ride ends?", ""),
        Say("Anyway, riders, drivers, cities and days sit around it, and a driver gets a new row whenever their car or their rating changes.", B),
        Say("The surge multiplier and each piece of the fare live on the ride itself, so pricing can slice them any way they like.", B),
        Say("What can go wrong is a ride that gets corrected after the fact, like a refund, so we reload the last week every night.", S),
    ), "commits to the model, then asks two questions in everyday words", prompt_id="modeling-ride-trips", late_questions=2),
    Case("q-funnel-one-thing", "sql", "espeak", "flawed", (
        Say("My plan is to find when each user hit each step, check they reached the later steps after the earlier ones, and count them.", F),
        Say("First I pull the events and keep the earliest time each user reached each of the four steps.", B),
        Say("Hmm, one thing I didn't ask, does the whole funnel have to happen in one visit, or any time that week?", ""),
        Say("Then per user I turn the four times into four yes or no columns, and sum each column over everyone.", B),
        Say("Finally I divide each step's count by the landing count.", B),
        Say("If nobody landed on a given day the division would blow up, so the landing count goes through null if.", S),
    ), "a question in the middle of the build", prompt_id="sql-funnel", late_questions=1),
    Case("t-eventtime-asks-at-the-end", "streaming", "piper", "strong", (
        Say("Event time is when the thing actually happened on the phone, and processing time is when our cluster got around to it.", F),
        Say("For analytics we count on event time, so a play lands in the minute it happened, even if it reaches us an hour later.", B),
        Say("The job waits for a watermark, a little behind the newest event it has seen, before it closes a minute.", B),
        Say("The danger is a phone that was offline all afternoon, because its plays arrive hours late, so they go to a side output and a nightly job folds them back in.", S),
        Say("Oh, one thing I should have asked first: do the dashboards need exact numbers, or is close enough fine for the first hour?", ""),
    ), "a plain-word answer with a question after it (streaming has no clarify beat: its timing is not graded)", prompt_id="streaming-event-time"),
    Case("d-gdpr-before-i-go-on", "design", "espeak", "flawed", (
        Say("The way I'd do it is to never keep the real user id past the front door, only a token that we can throw away later.", F),
        Say("Actually, before I go on, how quickly does the law say we have to finish a deletion?", ""),
        Say("Who decides which records finance must keep no matter what?", ""),
        Say("Every service that writes events asks a small mapping service for the token, and only that service knows the real id.", B),
        Say("When someone asks to be forgotten we delete their line in the mapping, and a queue tells each downstream table to rebuild.", B),
        Say("The tricky part is copies people made by hand, like exports in spreadsheets, so we scan the shared drives every week and chase the owners.", S),
    ), "commits, then asks two questions before going on", prompt_id="design-gdpr-delete", late_questions=2),
    Case("m-ads-remark-then-questions", "modeling", "piper", "strong", (
        Say("Before I start, a couple of questions.", C),
        Say("Do advertisers only see totals by the hour, or do they drill into single impressions?", C),
        Say("And do we bill on clicks, on impressions, or both?", C),
        Say("Then I'd keep one row per impression as the core table, with clicks in a table of their own that points back at the impression.", F),
        Say("Campaigns get their own table, and when a budget or the targeting changes we add a new version with the dates it was valid.", B),
        Say("Both tables are split by hour and grouped by campaign, so an advertiser's hourly report reads only a sliver.", B),
        Say("The thing that hurts here is the same impression arriving twice from a retrying ad server, so we drop repeats on the impression id.", S),
        Say("And a click can come in an hour after its impression, so it is credited back to the impression's hour and that hour is rebuilt.", S),
    ), "a short remark, then the clarifying questions: still clarifying, not late", prompt_id="modeling-ad-impressions"),
    Case("m-subs-rambling-strong", "modeling", "espeak", "strong", (
        Say("So, um, first of all, who is actually going to look at this, is it, like, finance doing revenue, or the growth folks looking at people leaving?", C),
        Say("And, uh, do they care about every single plan change, or just, you know, where things stand at the end of each day?", C),
        Say("Okay so, the way I'd, um, the way I'd set it up is one row for every subscription for every day, kind of a daily picture of everybody.", F),
        Say("Then, uh, the plans get their own table, and when a price changes we don't overwrite it, we add a new version with dates on it.", B),
        Say("Plan changes, like upgrades and downgrades, go in a separate table, one row per change, because growth wants to study those moves.", B),
        Say("And the nightly load is a merge keyed on the invoice, so, um, running it twice doesn't give you double revenue.", B),
        Say("Where it gets hairy is the payment provider sending the same notification again, so we throw away anything whose event id we've already seen.", S),
        Say("And, uh, month end, right, which time zone is it, so we pin the month boundary to UTC and write that down for finance.", S),
    ), "a rambling, filler-heavy senior answer: every beat in everyday words", prompt_id="modeling-subscription-billing"),
    Case("m-iot-short-senior", "modeling", "piper", "strong", (
        Say("Who reads it first, operations watching live, or engineers looking back over a year?", C),
        Say("Raw table at one row per reading per device, plus hourly rollups for the long view.", F),
        Say("Devices keep their firmware history with valid from and valid to dates, and raw is split by day and grouped by device.", B),
        Say("Two traps: clocks drift, so I keep arrival time beside device time, and devices that reconnect flood us with old readings, so the rollups recompute two days.", S),
    ), "a short, dense senior answer", prompt_id="modeling-iot-telemetry"),
    Case("s-outage-out-of-order", "behavioral-star", "espeak", "strong", (
        Say("The first thing I did was freeze all deploys and pull up the lag graphs for every consumer.", ACT),
        Say("This was during a holiday sale, when our order stream fell about forty minutes behind and the warehouse screens went stale.", SIT),
        Say("As the engineer on call, getting orders flowing again before the evening peak fell to me.", TASK),
        Say("The graphs pointed at one partition that got almost all the traffic, because every order from one huge seller hashed to the same key.", ACT),
        Say("I changed the key to the seller plus the order number, so that seller's orders spread over all the partitions, and I replayed the backlog in parallel.", ACT),
        Say("We were back under a minute of lag in twenty five minutes, and the evening peak went through without a single stale screen.", RES),
    ), "a STAR story that starts in the middle of the action"),
    Case("s-mondays-filler-heavy", "behavioral-star", "piper", "strong", (
        Say("So, um, basically, we had this, uh, nightly job that loaded, like, all the marketing spend, and it kept, you know, failing on Mondays.", SIT),
        Say("And, um, it was kind of on me to, uh, make it stop failing, because I owned that whole pipeline.", TASK),
        Say("So I, uh, I looked at the logs and, um, every Monday the ad platform sent the weekend as one giant file.", ACT),
        Say("So I, like, split the load so it reads the file in chunks of a day each, and, uh, retries just the chunk that fails.", ACT),
        Say("And I, um, added an alert if a chunk fails twice, so someone hears about it before the morning.", ACT),
        Say("And, uh, after that we went, like, three months with zero Monday failures, where before it was, um, basically every week.", RES),
    ), "a STAR story full of fillers"),
    # ---- fourth session: new development answers (written for this set, in our own words) -------
    # Styles the set lacked: everyday words with none of the rubric's vocabulary, beats implied rather
    # than announced, long rambling sentences with detours, a story told headline first in plain words,
    # narrated SQL and a streaming explanation by analogy, and a plain-word flawed answer (precision).
    Case("m-orders-everyday-words", "modeling", "piper", "strong", (
        Say("Okay, so, hmm, the first thing I'd want to know is who actually looks at these numbers, is it the finance folks at month end or the people running the shop every morning?", C),
        Say("And when a customer sends something back, should that show against the week they bought it or the week it came back?", C),
        Say("Right, so the way I picture it, there's one long list, and every line on it is one thing somebody put in their basket and paid for.", F),
        Say("Not the whole order, just the single item, because that's the smallest thing anyone ever asks about.", F),
        Say("Around that I'd keep the stuff that describes things, so a list of products, a list of customers, and a calendar everybody shares.", B),
        Say("When a product's price changes I don't write over the old price, I add a new version with the dates it was valid, so last year's report still adds up.", B),
        Say("Send-backs go in as their own lines in their own list, and we never touch the original sale.", B),
        Say("Now, where would this hurt? Someone sends a jumper back six weeks later, and a week we already reported suddenly looks different, so the weekly numbers get worked out again for a couple of months back.", S),
        Say("And the other one that always gets people is midnight, because a shop in another country finishes its day hours before ours does, so I'd store the local day alongside.", S),
    ), "everyday words, none of the rubric's vocabulary", prompt_id="modeling-ecommerce-orders"),
    Case("m-ads-rambling-implied", "modeling", "espeak", "strong", (
        Say("Um, okay, so before I, before I jump in, I guess I'd want to figure out who's looking at this, like, is it the advertisers checking their spend, or our own sales people?", C),
        Say("Because if advertisers get billed off it then it has to be right to the last cent, and how quickly do they expect to see it?", C),
        Say("So, um, what I'd do is, each time an ad gets shown to somebody, that's one line, that's the basic unit of the whole thing.", F),
        Say("And clicks are their own separate list that points back at the showing it came from.", F),
        Say("Then, um, campaigns change a lot, right, budgets go up and down, so I'd keep every version of a campaign with when it started and stopped being true.", B),
        Say("And I'd chop the big list up by the hour and keep each campaign's rows close together, so a question about one campaign doesn't read the whole thing.", B),
        Say("Okay so, stuff that'll bite you: the ad servers send again when they don't hear back, so the same showing can land twice, and we keep only the first one for each showing id.", S),
        Say("And a click that comes in an hour after, we still tie it back to the hour the ad was shown, not the hour we got the click.", S),
        Say("Oh, and robots, there's always robots clicking, so we mark them rather than throw them away, so we can explain the numbers later.", S),
    ), "rambling and disfluent, beats implied, not announced", prompt_id="modeling-ad-impressions"),
    Case("m-rides-plain-no-stress", "modeling", "espeak", "flawed", (
        Say("So I'd make one big list where every line is a single ride somebody finished.", F),
        Say("Next to it there's a list of riders, a list of drivers and a list of cities, each with its own made up number we join on.", B),
        Say("Drivers change cars and their ratings move, so I'd keep each version of a driver with the dates it applied.", B),
        Say("And I'd split the rides by the day they happened so the daily reports only read one day.", B),
    ), "plain words, no questions and no stress test: nothing spurious may appear", prompt_id="modeling-ride-trips"),
    Case("s-report-headline-plain", "behavioral-star", "piper", "strong", (
        Say("Long story short, the weekly sales report that used to be wrong about once a month hasn't been wrong since, and that's almost a year now.", RES),
        Say("Back then I was on a small team, and the report pulled from three different systems that never quite agreed with each other.", SIT),
        Say("My manager asked me to find out why the totals kept drifting and make it stop, and I had about a month before the yearly planning.", TASK),
        Say("I started by lining up a week of numbers from each system side by side, line by line, until I saw where they split.", ACT),
        Say("It turned out one system counted a sale when it was ordered and another when it shipped, so I wrote down one rule for when a sale counts and changed the load to follow it.", ACT),
        Say("Then I added a check that compares the three totals every morning and messages us when they're more than one percent apart.", ACT),
    ), "headline first, plain words, no STAR vocabulary"),
    Case("s-bookings-wandering", "behavioral-star", "espeak", "strong", (
        Say("So this was, um, my second year at a travel company, and all our bookings sat in this old database that honestly nobody wanted to touch, because it fell over every few weeks.", SIT),
        Say("And the business kept asking for new reports and we kept saying no, which, yeah, wasn't great for anyone.", SIT),
        Say("Anyway, I put my hand up to move the whole thing to the new warehouse, and the deal was the reports couldn't go dark for even a day.", TASK),
        Say("So what I did was run the old and the new side by side for three weeks, loading both every night.", ACT),
        Say("Every morning a little script compared the row counts and the money totals between them, and whenever they didn't match I'd dig in before switching anything.", ACT),
        Say("I moved the reports over one team at a time, starting with the team that complained the least, just to get the kinks out.", ACT),
        Say("We turned the old database off after six weeks, nobody lost a single day of numbers, and the nightly load went from four hours to about forty minutes.", RES),
    ), "a wandering story with detours"),
    Case("q-top-titles-narrated", "sql", "piper", "strong", (
        Say("Quick question before I type anything: if two shows have exactly the same watch time for someone, do you want both, or just one of them?", C),
        Say("Okay, so the plan is, add up the time per person and per show first, then number each person's shows from most watched down, and keep the top three.", F),
        Say("So first I make a small temporary result that sums up the seconds for each profile and title.", B),
        Say("Then on top of that every row gets a number inside its profile, biggest total first, and on a tie I fall back to the title id so the answer is always the same.", B),
        Say("And the outer part just keeps the rows where that number is three or less.", B),
        Say("Things I'd check: someone who only watched one or two shows still shows up with fewer rows, and blank seconds count as zero instead of dropping the row.", S),
    ), "narrated SQL in plain words", prompt_id="sql-top-n-per-group"),
    Case("t-exactly-once-analogy", "streaming", "espeak", "strong", (
        Say("In plain words, it means that even if the machine crashes halfway, every event ends up counted one time, not zero and not two.", F),
        Say("The way the job pulls that off is it stops every so often and takes a photo of everything it's holding in memory, together with how far it got in reading the input.", B),
        Say("If it crashes, it goes back to the last photo and rereads from that point, so nothing goes missing.", B),
        Say("And the output side only makes results visible once that photo is safely saved, so a half finished batch never shows up downstream.", B),
        Say("The price is that results show up later, about as late as the gap between photos, so for most dashboards I'd rather accept an event twice now and then and make the writes safe to repeat.", S),
        Say("I'd keep the strict version for things like billing, where charging someone twice actually hurts.", S),
    ), "an explanation by analogy, no streaming vocabulary", prompt_id="streaming-exactly-once"),
    Case("d-quality-checks-plain", "design", "piper", "strong", (
        Say("Hmm, okay, so who finds out when something's broken, is it us or the analysts, and how fast do they need to know, in minutes, or by the next morning?", C),
        Say("So the big picture is, every table that lands gets run past a few checks, the results go to one place, and depending on how bad it is we either stop, shout, or just write it down.", F),
        Say("The first check is just the shape: does the data still have the columns we expect, with the right kinds of values.", B),
        Say("The second is the amount: if today's row count is way off from the last week's average, something's up.", B),
        Say("Then whether the values look like they normally do, say the spread of order amounts, and whether every order points to a customer that actually exists.", B),
        Say("What could go wrong with the whole thing is that it cries wolf: people get paged at night for nothing and start ignoring it, so only the truly bad ones wake anyone up and the rest wait for the morning.", S),
    ), "a design answer in plain words", prompt_id="design-data-quality"),
    # A second batch, written after the changes above were tuned on the first, to check they carry over.
    Case("m-claims-plain-late-question", "modeling", "piper", "flawed", (
        Say("Alright, I'll keep one line for every claim a doctor sends us, and each line is one service on one visit.", F),
        Say("Patients and doctors each get their own table, and when a patient changes plan, the old plan stays with the dates it covered.", B),
        Say("Hmm, actually, does anyone need to see a claim before it's been approved?", ""),
        Say("Anyway, the claims are split by the month they came in, so a month's report only reads that month.", B),
    ), "plain words, a question only after committing, no stress test", prompt_id="modeling-health-claims", late_questions=1),
    Case("s-pricing-tests-implied", "behavioral-star", "espeak", "strong", (
        Say("We were testing a new pricing page, and every experiment result took two weeks to come back from the analysts.", SIT),
        Say("I wanted to get that down to a day, and my manager gave me the quarter to try.", TASK),
        Say("I sat with the analysts for a week to see what they actually did by hand.", ACT),
        Say("Most of it was the same three queries, so I turned them into a nightly job that fills a table they can read directly.", ACT),
        Say("I also wrote a one page guide, so new people could use it without asking.", ACT),
        Say("By the end of the quarter results came back the next morning instead of two weeks later, and the team ran twice as many tests.", RES),
    ), "a plain story, parts implied rather than announced"),
    Case("d-recs-rambling", "design", "espeak", "strong", (
        Say("So, uh, a few things first: how many people use the app at the same time, and how fresh do the suggestions have to be, like, seconds?", C),
        Say("Okay, the rough shape is, what people tap on gets streamed in, something keeps a short memory of each person's recent taste, and the app asks a small service for suggestions.", F),
        Say("The taps go onto a queue, and a job reading it updates a little profile per person, you know, the last twenty things they liked.", B),
        Say("Those profiles live in a fast store that the suggestion service reads in a few milliseconds.", B),
        Say("Overnight, a bigger batch job retrains the model on the whole history and pushes it out in the morning.", B),
        Say("Where it gets dicey is a brand new user with no history, so we fall back to what's popular in their country, and if the fast store goes down, the app shows the popular list instead of an error.", S),
    ), "a rambling design answer in everyday words", prompt_id="design-realtime-recs"),
    Case("q-dedup-plain-no-checks", "sql", "piper", "flawed", (
        Say("I'd keep the latest copy of each record and throw away the rest.", F),
        Say("So I number the copies of each record by when they were loaded, newest first, and keep number one.", B),
        Say("Then I count how many got thrown away per day, so we can see if the source is getting worse.", B),
    ), "plain words, no question and no edge cases", prompt_id="sql-dedup-quality"),
    # ---- fifth session: a check set, written before any scoring change of that session and never tuned
    # on (its figures are printed apart: a change that helps only the answers it was tuned on shows here).
    # Everyday wording that avoids the rubrics' cue phrases, on prompts no other development answer uses.
    Case("c-lifecycle-plain-strong", "modeling", "piper", "strong", (
        Say("Hmm, who's going to be reading this, the producers checking on their own shows, or the studio heads looking across all of them?", C),
        Say("And when you say stuck, is that the same number of days for every stage, or is editing allowed to take longer than pre-production?", C),
        Say("Okay. What I'd keep is a record of every time a title moves into a new stage, each entry being one title arriving at one stage on one date.", F),
        Say("Next to that sits a small table of titles with the genre and the studio, and a table of the stages themselves with how long each one normally gets.", B),
        Say("Every night I'd also take a picture of where each title sits at that moment, so asking which ones are shooting right now doesn't mean replaying the whole history.", B),
        Say("Whoever moved the title, and the exact moment with its time zone, goes on the move itself.", B),
        Say("Now, a title can go backwards, say from editing back to shooting for reshoots, and if we assume stages only go forward the days in a stage come out negative, so each new entry closes the previous one whichever way it went.", S),
        Say("Also people forget to log a move until a week later, which makes a title look stuck when it isn't, so I'd keep both the day it really moved and the day someone typed it in.", S),
    ), "check set: a plain-word senior modeling answer", prompt_id="modeling-production-lifecycle"),
    Case("c-lifecycle-buzzwords", "modeling", "espeak", "flawed", (
        Say("Factless fact, accumulating snapshot, type two dimensions, surrogate keys.", ""),
        Say("Kimball, conformed dimensions, data vault, medallion layers.", ""),
        Say("Iceberg, dbt, partition pruning, idempotent merges, SLAs.", ""),
        Say("Yeah, that covers it.", ""),
    ), "check set: a list of terms", kind="buzzword", prompt_id="modeling-production-lifecycle"),
    Case("c-experiments-model-late", "modeling", "espeak", "flawed", (
        Say("Right, so at the center I'd keep one entry for each person in each test, saying which version they were put in.", F),
        Say("Beside it goes a table of the tests themselves, with their start and end dates, how the traffic was split, and which number they're trying to move.", B),
        Say("Wait, can a person be in more than one test at once, or are they kept apart?", ""),
        Say("And does an analyst need the answer while the test is still running, or only after it ends?", ""),
        Say("Whatever they want to measure, like minutes watched or sign ups, stays in its own table, and I join it to the test entries only when somebody asks, so any number works.", B),
        Say("People who were in a test but did nothing still count, as a zero, so the averages don't look better than they are.", B),
    ), "check set: commits, then asks two questions; never says how it breaks", prompt_id="modeling-ab-experiments", late_questions=2),
    Case("c-star-bill-headline", "behavioral-star", "espeak", "strong", (
        Say("The warehouse bill is about a third smaller today than it was two years ago, and nobody noticed anything getting slower.", RES),
        Say("When I joined, every team ran its own copy of the same heavy queries each morning, and the bill had doubled in a year.", SIT),
        Say("My director wanted the spending under control before the budget review, and since I knew those queries best, she handed it to me.", TASK),
        Say("I pulled a month of query logs and grouped them by what they were really asking for.", ACT),
        Say("About half of them turned out to be the same five questions, so I built those once as shared tables that refresh at six every morning.", ACT),
        Say("I met each team for half an hour to move their dashboards over, and I switched off their old jobs only after they had signed off.", ACT),
    ), "check set: a story told result first, in plain words"),
    Case("c-star-merge-vague", "behavioral-star", "piper", "flawed", (
        Say("A while ago our customer data came from two shops we had bought, and the same person often showed up as two or three different people.", SIT),
        Say("Sorting that out landed with me, since I was the only one who knew both systems.", TASK),
        Say("I compared the emails and phone numbers across both and wrote rules for when two records are really the same person.", ACT),
        Say("I had the support team look over a sample by hand before we trusted it.", ACT),
        Say("It went pretty well, and people seemed happier with the data afterwards.", RES),
    ), "check set: a plain story whose result has no number"),
    Case("c-sql-spine-narrated", "sql", "piper", "strong", (
        Say("Just so I know, does every title have views on every day, or are there days when nobody watched it at all?", C),
        Say("Alright, here's how I'd go at it: fill in every day for every title, keep a running count of views, and pick the first day that count reaches a million.", F),
        Say("To start, I list all the days from the first release to today and pair each title with each of those days.", B),
        Say("Next, I attach the views for each day, putting a zero where there weren't any.", B),
        Say("On top of that I add up the views as the days go by for each title, and beside it the same total as it stood the day before.", B),
        Say("The day we want is the one where today's total is at least a million and yesterday's was still under.", B),
        Say("Two things I'd double check: a title that never reached a million just shouldn't appear, and views that didn't really count, like a two second preview, are left out before adding anything up.", S),
    ), "check set: narrated SQL in plain words", prompt_id="sql-running-total-spine"),
    Case("c-stream-backlog-plain", "streaming", "espeak", "strong", (
        Say("Put simply, it's what happens when one step of a pipeline can't keep up with the step feeding it, so work piles up in between.", F),
        Say("The slow step's inbox fills up, and the step before it has to wait before it can hand over more, so the slowdown spreads backwards all the way to the source.", B),
        Say("To find the culprit I look for the first step that sits busy while everything after it is idle.", B),
        Say("Then it depends on why it's slow: give it more workers, make what it does cheaper, or if one key gets all the traffic, spread that key out by tacking a random number onto it.", B),
        Say("What you really don't want is a system that keeps accepting data with nowhere to put it, because then memory runs out, the job dies, and whatever it was holding is gone.", S),
        Say("And more workers do nothing if one busy key is the reason, since that key still lands on a single worker.", S),
    ), "check set: a streaming concept explained in plain words", prompt_id="streaming-backpressure"),
    Case("c-ab-design-late", "design", "piper", "flawed", (
        Say("The way I see it, there are three pieces: something that decides which version each person sees, a record of who actually saw what, and a nightly job that compares the groups.", F),
        Say("Picking the version is just a hash of the person's id with the experiment's name, so the same person always lands in the same group with nothing to look up.", B),
        Say("Every time the app shows a version, it sends a small note saying who, which experiment, which version and when.", B),
        Say("Oh, hang on, how many experiments usually run at the same time on one screen?", ""),
        Say("Anyway, each night those notes get joined to purchases and watch time, and the comparison is worked out per experiment.", B),
        Say("What would worry me is the groups coming out lopsided, like fifty two to forty eight when it should be even, because that usually means some notes never arrived, so that sends an alert instead of a result.", S),
    ), "check set: commits, then asks a question mid-build", prompt_id="design-ab-platform", late_questions=1),
    # ---- sixth session: a second check set, written before any scoring change of that session and never tuned
    # on (printed apart). Pairs and triples on one prompt each (a strong answer in everyday words, a flawed one
    # that names things without reasons or asks late, a list of terms), on prompts no other development answer
    # uses: late questions asked in varied ways, a story that starts mid-action, an answer to another question.
    Case("n-renewal-plain-strong", "modeling", "piper", "strong", (
        Say("A couple of things I'd want to pin down. Is this for the people in the room making the call, or for the analysts who prepare it?", C),
        Say("And do they look at it once, right before the decision, or do they want to watch a show's numbers move week by week?", C),
        Say("Right. So I'd think of it as a small product sitting on top of the warehouse rather than one table, and the thing everyone reads has one line for each series as it looked on a given date.", F),
        Say("The viewing side can't just be raw hours, because a show on the home page for a month will always look great, so I'd compare it against what a typical title got with the same amount of promotion.", B),
        Say("The money side pulls in what the season cost to make, spread over the years we expect people to keep watching it.", B),
        Say("The cast side comes from the contracts: what bringing everyone back would cost, which usually jumps for a second season.", B),
        Say("And to give leadership something to hold it against, each series gets a handful of lookalike titles, matched on genre, length and audience, with how those did.", B),
        Say("Where I'd worry is the dates: if a show's viewing is still coming in when the scorecard is built, it looks weaker than it is, so every line carries the date it was taken and we rebuild the last two weeks each night.", S),
        Say("The other thing that could mislead them is the lookalikes themselves, since if they're picked only from shows we renewed, every comparison looks rosy, so I'd include the cancelled ones too.", S),
    ), "second check set: a plain-word senior modeling answer", prompt_id="modeling-renewal-scorecard"),
    Case("n-renewal-no-reasons", "modeling", "espeak", "flawed", (
        Say("I'd build a scorecard table for the renewal decision with the viewing, cost and talent numbers on it.", F),
        Say("There'd be a series table, a season table, and a cost table from finance, joined on the series id.", B),
        Say("Viewing comes from the daily viewing fact, summed up per season.", B),
        Say("Risks are late data, time zones, double counting and deletes.", ""),
        Say("Also skew, and schema changes upstream.", ""),
    ), "second check set: no question, no grain, risks named without how they happen or what to do",
        prompt_id="modeling-renewal-scorecard"),
    Case("n-renewal-terms", "modeling", "piper", "flawed", (
        Say("Okay, so, a data mart on top of the warehouse, periodic snapshot fact, series grain.", ""),
        Say("Type two dimensions for talent deals, amortization from finance, catalog effect normalization.", ""),
        Say("Nearest neighbour comparables, a feature store, dbt, Iceberg, and solid data contracts.", ""),
        Say("That's the design.", ""),
    ), "second check set: a list of terms that names the key points", kind="buzzword", prompt_id="modeling-renewal-scorecard"),
    Case("n-handoff-narrated-strong", "sql", "espeak", "strong", (
        Say("Quick one before I write anything: is the profile the same on the TV and the phone, or does each device log its own user?", C),
        Say("And is thirty minutes of nothing a fair place to call a session over?", C),
        Say("Okay, the idea in one go: line up each profile's plays in time regardless of device, start a new session whenever there's a long gap, then see which sessions touched more than one device.", F),
        Say("First I take every play and, looking only at the same profile, grab the time of the play just before it.", B),
        Say("If that gap is more than thirty minutes, or there's no earlier play, I mark the row as the start of a session.", B),
        Say("Adding up those marks as I go down the list gives every play a session number.", B),
        Say("Then per session I count how many different devices show up, and anything above one is a handoff, so the final answer is just how many sessions have that.", B),
        Say("One thing that catches people out is splitting by device when you look back, because then the phone half becomes its own session and you never see a handoff at all.", S),
        Say("And if this runs day by day, a session that crosses midnight gets cut in two, so I'd read an hour of the previous day too and drop sessions that started before today.", S),
    ), "second check set: narrated SQL in plain words", prompt_id="sql-cross-device-sessions"),
    Case("n-handoff-by-device-late", "sql", "piper", "flawed", (
        Say("So I'd go through the play events for each device and each profile, sorted by time.", F),
        Say("For every row I look at the previous timestamp on that device, and a gap over thirty minutes starts a new session.", B),
        Say("Hmm, I'm not sure what a handoff looks like in the data though, would the phone send the same session id as the TV?", ""),
        Say("Anyway, I'd number the sessions with a running sum and count the ones with more than one device.", B),
    ), "second check set: splits by device (so no handoff can show), asks only after committing, no edge cases",
        prompt_id="sql-cross-device-sessions", late_questions=1),
    Case("n-hotkey-plain-strong", "streaming", "piper", "strong", (
        Say("My first move is to confirm it really is that one title before touching anything, and then split its work so more than one task can share it.", F),
        Say("I'd look at how many records each task is handling; if one task has a hundred times the rest and they're all the big release, that's the answer.", B),
        Say("Then, for that title, I stick a small extra number on the key, built from the profile id, so its events spread over, say, twenty tasks instead of one.", B),
        Say("Each of those tasks adds up its own share, and a second, much lighter step adds the twenty partial counts back together per title.", B),
        Say("I'd write down the slowest one percent of delays before and after, so we can show it actually helped.", B),
        Say("The cost is an extra step and a bit more delay on the final number, because the second step has to wait for all twenty pieces.", S),
        Say("And if you spread every title that way, not just the hot one, you pay that price everywhere for nothing, so I'd only do it for keys above some volume.", S),
    ), "second check set: a streaming answer in everyday words", prompt_id="streaming-skew"),
    Case("n-hotkey-bare-fix", "streaming", "espeak", "flawed", (
        Say("Yeah, that's skew on the title key.", F),
        Say("I'd salt the key and aggregate in two stages, that usually fixes it.", B),
        Say("Maybe add more workers too, and keep an eye on latency afterwards.", B),
    ), "second check set: the right words, no diagnosis, no reasons, no cost", prompt_id="streaming-skew"),
    Case("n-hotkey-terms", "streaming", "espeak", "flawed", (
        Say("Data skew.", ""),
        Say("Salting, two stage aggregation, key repartitioning, p99 latency, autoscaling, backpressure.", ""),
        Say("Standard playbook, really.", ""),
    ), "second check set: a list of terms", kind="buzzword", prompt_id="streaming-skew"),
    Case("n-windows-offtopic", "streaming", "piper", "flawed", (
        Say("I'd go with a single streaming path these days rather than keeping a batch path and a streaming path side by side.", F),
        Say("With two paths you end up writing the same logic twice, and sooner or later the two versions disagree about the numbers.", B),
        Say("With one path, when you need to recompute history, you just replay the log from the start through the same code.", B),
        Say("The catch is you have to own that replay tooling, because if replaying a month takes a week, you're stuck.", S),
    ), "second check set: answers lambda versus kappa, scored as the windows prompt", kind="offtopic", prompt_id="streaming-windows"),
    Case("n-forget-plain-strong", "design", "piper", "strong", (
        Say("First, what do we have to keep no matter what, say invoices that the tax people need for years?", C),
        Say("And how long do we have once somebody asks, a day, a month?", C),
        Say("The overall approach I'd take is to never let the real person's id spread in the first place, so forgetting someone is mostly about cutting one link, and then chasing down the few copies that still exist.", F),
        Say("When events come in, a small service swaps the member's id for a stand-in code and keeps the only table that maps the two.", B),
        Say("When someone asks to be forgotten, we delete their row in that mapping, so every event we stored under the code can't be tied back to them anymore.", B),
        Say("Tables built from those events, like the ones behind recommendations, get a message on a queue telling them to drop that code, and each one confirms when it's done.", B),
        Say("For billing, which legally has to stay for seven years, we blank out the name and address but keep the amounts.", B),
        Say("What keeps me up is the copies nobody tracks, like an analyst's export or last month's backup, so backups expire after thirty five days and exports are only allowed from tables that already use the stand-in code.", S),
        Say("And if one of the downstream teams never confirms, the request stays open and pages someone on day twenty, well before the month runs out.", S),
    ), "second check set: a plain-word design answer, deletes without the word GDPR", prompt_id="design-gdpr-delete"),
    Case("n-forget-late-flawed", "design", "espeak", "flawed", (
        Say("I'd keep a list of user ids that asked to be deleted and run a cleanup job every night.", F),
        Say("The job goes table by table and deletes any row whose user id is on that list.", B),
        Say("Actually, let me check, how many tables hold user data, roughly.", ""),
        Say("Are there things we legally can't delete, like payments?", ""),
        Say("Anyway, once the job finishes, it writes a log line saying the user is gone.", B),
    ), "second check set: commits, then asks two questions (one flat); no stress test", prompt_id="design-gdpr-delete",
        late_questions=2),
    Case("n-star-dupes-midaction", "behavioral-star", "piper", "strong", (
        Say("I was halfway through rewriting how our payments job wrote to the warehouse when I realised the same purchase could land twice.", ACT),
        Say("Some context: finance had noticed that revenue in our dashboard ran about half a percent above what the bank said, every single month.", SIT),
        Say("The job that delivered purchases would resend a batch whenever it didn't hear back in time, and the table just added whatever it got.", SIT),
        Say("Nobody owned the gap between the two, so I told my lead I'd take it and have it closed before the quarter's numbers went out.", TASK),
        Say("I changed the load so it matches on the purchase id and updates instead of adding, and I reran the last six months through it.", ACT),
        Say("Then I wrote a rule into our team's checklist that any new job has to be safe to run twice.", ACT),
        Say("The next quarter closed with our revenue within two hundredths of a percent of the bank's, and finance stopped doing their own reconciliation.", RES),
    ), "second check set: a story that opens mid-action", prompt_id="behavioral-duplicates"),
    Case("n-star-dupes-vague", "behavioral-star", "espeak", "flawed", (
        Say("So there was this time at my last company where the revenue numbers were a bit off, and people were pretty upset about it, because the dashboard was what the execs looked at every Monday.", SIT),
        Say("It had been like that for a while, and different teams had different theories about why, so there were a lot of meetings.", SIT),
        Say("We needed to figure out what was going on.", TASK),
        Say("We looked at the pipeline and found some duplicates, and we cleaned them up.", ACT),
        Say("After that things were better and people trusted the dashboard more.", RES),
    ), "second check set: a vague 'we' story, no number in the result", prompt_id="behavioral-duplicates"),
    Case("n-star-dupes-terms", "behavioral-star", "espeak", "flawed", (
        Say("At least once delivery, non idempotent sink, double counted revenue.", ""),
        Say("Merge on event id, idempotency contract, reconciliation.", ""),
        Say("Fixed.", ""),
    ), "second check set: a list of terms", kind="buzzword", prompt_id="behavioral-duplicates"),
    # ---- seventh session: a third check set, written before any scoring change of that session and never tuned
    # on (printed apart). Two styles the set lacked: a nervous candidate who rambles and corrects themself, and a
    # terse expert. Pairs and triples on one prompt each: a strong answer in plain words, without the rubric's cue
    # phrases, against a flawed one heavy with the rubric's words (no grain stated, no reasons, risks only named,
    # no question, or the beats in the wrong order).
    Case("k-claims-nervous-strong", "modeling", "piper", "strong", (
        Say("Sorry, can I, can I check two things first? When the actuaries say cost per member per month, do they mean the month the care happened, or the month we paid for it?", C),
        Say("And, um, how far back can a bill get corrected, a few weeks, or more like a year?", C),
        Say("Okay. So what I'd keep, and let me get this right, is one line for each service on a bill, not the whole bill, just the single service, because that's the piece that gets corrected.", F),
        Say("When a bill is corrected we don't change the old line, we add a line that cancels it and a line with the new amount, so last quarter's report still says what it said.", B),
        Say("Members get their own table, and when someone moves to another plan, no, sorry, when their plan changes, we add a new version with the dates it covered.", B),
        Say("Then once a month I'd take a picture of every member, one line per member per month with what they cost, because that's the number the actuaries divide by.", B),
        Say("What worries me is a correction that shows up eight months after the visit, because then a month we already closed changes, so each night we redo every month that a correction touched.", S),
        Say("And this is medical data, so names and member numbers are swapped for a code the moment they arrive, and only a few people can open the table that turns the code back.", S),
    ), "third check set: a nervous plain-word senior answer that corrects itself", prompt_id="modeling-health-claims"),
    Case("k-claims-cue-heavy", "modeling", "espeak", "flawed", (
        Say("I'll treat this as a star schema with a claims fact table and conformed dimensions.", F),
        Say("The member dimension is slowly changing type two, with surrogate keys and the member id as the natural key.", B),
        Say("I'd partition by service date, cluster by provider, and load it with an idempotent merge.", B),
        Say("Adjustments are handled with a snapshot, and there's a bridge table for the diagnoses.", B),
        Say("This breaks when there's late arriving data, GDPR, duplicates and schema drift.", ""),
    ), "third check set: the rubric's words, no question, no grain, risks only named", prompt_id="modeling-health-claims"),
    Case("k-claims-wrong-order", "modeling", "piper", "flawed", (
        Say("There's a claims table with the member id, the provider id, the diagnosis code, the service date and the paid amount.", B),
        Say("Members and providers get their own tables with surrogate keys, and the plan is slowly changing.", B),
        Say("So the grain, I guess, the grain of this fact is one row per claim line.", F),
        Say("Oh, who is actually using this, is it only the actuaries?", ""),
        Say("And do adjustments come in often?", ""),
        Say("Anyway, an adjustment just updates the paid amount on the claim row.", B),
    ), "third check set: columns first, the grain after them, questions at the end, no stress test",
        prompt_id="modeling-health-claims", late_questions=2),
    Case("k-iot-terse-strong", "modeling", "espeak", "strong", (
        Say("Two questions. Does operations need to see a sensor within the minute? And how long do engineers keep raw readings?", C),
        Say("Base table: one reading, from one sensor, at one moment. Nothing rolled up.", F),
        Say("Hourly summaries on top for the year view, since nobody scans a year of ten second readings.", B),
        Say("Sensors keep every firmware version with start and end dates, because failures tend to follow an update.", B),
        Say("Readings split by day, each sensor's rows stored together.", B),
        Say("Two problems. Sensor clocks wander, so I store when we received a reading beside when the sensor says it happened.", S),
        Say("And a sensor coming back online dumps hours of old readings at once, so every night the hourly summaries are rebuilt for the last two days.", S),
    ), "third check set: a terse expert in plain words", prompt_id="modeling-iot-telemetry"),
    Case("k-iot-cue-heavy", "modeling", "piper", "flawed", (
        Say("I'll treat this as a star schema with a readings fact table.", F),
        Say("There's a device dimension that is slowly changing type two, with surrogate keys, and the fact is partitioned by day and clustered by device.", B),
        Say("We'd merge the readings idempotently and materialize hourly snapshots.", B),
        Say("The failure modes are late arriving data, clock skew and hot partitions, so we backfill.", ""),
    ), "third check set: the rubric's words, no question, no grain, risks named without how they happen",
        prompt_id="modeling-iot-telemetry"),
    Case("k-star-rename-nervous-headline", "behavioral-star", "piper", "strong", (
        Say("Okay, so, the, the short version is that after this we went eleven months without a single field change breaking anyone downstream, where before it was, sorry, roughly every other week.", RES),
        Say("This was at a food delivery company, and the team that owned the ordering app renamed one field, the restaurant id became store id, and they thought it was harmless.", SIT),
        Say("Every job that read the orders stopped that night, and the morning numbers for the restaurants were just, just blank.", SIT),
        Say("I was the one on call, so getting things running again, and then making sure it couldn't happen twice, that was mine.", TASK),
        Say("First I asked them to roll the change back, which got the jobs going again by about nine.", ACT),
        Say("Then I looked at why our check let it through, and it turned out a rename looks fine to that check, but to a reader the old field is simply gone.", ACT),
        Say("So I, um, I added a step to their build that compares every change with the fields the readers actually use, and refuses the change if one of them disappears.", ACT),
    ), "third check set: a nervous story told headline first", prompt_id="behavioral-schema-incident"),
    Case("k-star-rename-cue-heavy", "behavioral-star", "espeak", "flawed", (
        Say("The situation was that we had a schema incident at my last company, and the problem was a breaking change.", SIT),
        Say("My task was to fix it, and I was responsible for the pipeline.", TASK),
        Say("I diagnosed the issue, then I implemented a fix, and I added monitoring.", ACT),
        Say("I also proposed a schema registry, and I wrote some documentation.", ACT),
        Say("As a result things improved, and in the end the team was happy with it.", RES),
    ), "third check set: every part announced in the rubric's words, nothing specific, no number",
        prompt_id="behavioral-schema-incident"),
    Case("k-star-load-terse-headline", "behavioral-star", "espeak", "strong", (
        Say("Cut the nightly load from five hours to fifty minutes, and it hasn't missed the seven o'clock deadline since March.", RES),
        Say("An ad spend pipeline, about forty million rows a night, feeding the marketing team's morning report.", SIT),
        Say("It missed that deadline roughly twice a week.", SIT),
        Say("I'd built the first version, so fixing it was mine.", TASK),
        Say("Profiled it. Most of the time went into rereading ninety days of history to catch late corrections.", ACT),
        Say("Changed it to reread only the days the source marked as changed, with a full reread on Sundays as a safety net.", ACT),
        Say("Ran both versions side by side for a week and compared the totals before switching.", ACT),
    ), "third check set: a terse expert's story, headline first", prompt_id="behavioral-pipeline-owned"),
    Case("k-star-load-no-result", "behavioral-star", "piper", "flawed", (
        Say("We had a pipeline running every night that loaded the ad spend, and it kept failing.", SIT),
        Say("I needed to fix it, since I owned the pipeline.", TASK),
        Say("I traced the failures, I found it was the history reload, and then I implemented incremental loads.", ACT),
        Say("I decided to add a full reload on Sundays, and I added alerting.", ACT),
    ), "third check set: the rubric's words, no scale, never says what came of it", prompt_id="behavioral-pipeline-owned"),
    Case("k-price-nervous-strong", "sql", "piper", "strong", (
        Say("Um, before I, sorry, before I start, can one plan have two prices that overlap in time, or is there always exactly one price on a given day?", C),
        Say("And is the price per second of watching, or per session?", C),
        Say("Okay, so, the idea is: for every session, find the price of its plan that was in force when it started, multiply, and add it all up.", F),
        Say("So I join the sessions to the prices on the plan, and, no wait, not just the plan, the plan and the time, so the session has to start on or after the price's start date.", B),
        Say("And before the price's end date, except the current price has no end date yet, so a missing end date means it still applies.", B),
        Say("Then each session's seconds times that price per second, added up per day, or however they want it grouped.", B),
        Say("One thing I'd really avoid is keeping only the rows marked as current, because then every old session gets today's price and last year's revenue quietly changes.", S),
        Say("And if two price rows do overlap, a session matches both and is counted twice, so I'd check for that first and stop if any plan has an overlap.", S),
    ), "third check set: nervous narrated SQL in plain words", prompt_id="sql-scd2-point-in-time"),
    Case("k-price-cue-heavy", "sql", "espeak", "flawed", (
        Say("My approach is a CTE with a window function.", F),
        Say("First I select the sessions, then I left join the price table on the plan id where is current is true.", B),
        Say("Then I use row number, partition by plan id, order by effective from, and qualify the first row.", B),
        Say("Then I sum over the seconds times the price, with a group by on the date.", B),
        Say("Edge cases are nulls, duplicates, ties and performance at scale.", ""),
    ), "third check set: the rubric's words, the current price for every session, no question, edge cases only named",
        prompt_id="sql-scd2-point-in-time"),
    Case("k-kappa-terse-strong", "streaming", "piper", "strong", (
        Say("Today I'd pick one streaming path, and treat rerunning history as replaying the stored events.", F),
        Say("With two paths, the batch code and the streaming code are written twice, and within a year they disagree on what a session is.", B),
        Say("With one path, a bug fix means replaying the stored events through the fixed job and swapping the output in once it catches up.", B),
        Say("That became practical once the event history sits cheaply in object storage in a table format, so a replay doesn't depend on how long the log keeps messages.", B),
        Say("The price: you own the replay tooling. If replaying a month takes a week, you're stuck, so I'd rehearse a full replay every quarter.", S),
        Say("And heavy one off questions over years of history are still cheaper as a batch job, so I'd allow that, just never as a second copy of the logic.", S),
    ), "third check set: a terse expert in plain words", prompt_id="streaming-lambda-kappa"),
    Case("k-kappa-cue-heavy", "streaming", "espeak", "flawed", (
        Say("Kappa is the architecture with a single streaming layer, and lambda is the one with a batch layer and a speed layer.", F),
        Say("With kappa you use Kafka and Flink, with checkpoints, exactly once, a RocksDB state backend and an Iceberg sink.", B),
        Say("Lambda uses a serving layer to merge the batch and speed views.", B),
        Say("The risk is data loss, skew and backpressure, so you need monitoring.", ""),
        Say("I'd pick kappa, it's more modern.", ""),
    ), "third check set: definitions and the rubric's words, no reason for the pick, risks only named",
        prompt_id="streaming-lambda-kappa"),
    Case("k-quality-nervous-strong", "design", "espeak", "strong", (
        Say("Sorry, just so I, so I understand: when a check fails, who is expected to do something, our team or the people who own the source?", C),
        Say("And, um, is it worse to hold a table back for an hour, or to let a wrong number through to the finance reports?", C),
        Say("Okay. So the shape I'd go for is, every load passes through a gate, the gate runs a few checks, and what happens next depends on how bad it is: hold the table, warn someone, or just note it.", F),
        Say("The cheap checks run first, so whether the columns and their types are still what the readers expect, and whether the number of rows looks like a normal day for that weekday.", B),
        Say("Then, um, the slower ones, like whether the values are spread the way they usually are, and whether every order points at a customer we actually have.", B),
        Say("Every result, passed or failed, goes into one table, so, so we can see which checks fail all the time and which never fire.", B),
        Say("What I'd worry about, honestly, is the checks becoming the outage, a slow check holding every morning table back, so each check gets a time limit, and when it runs out the table goes through with a warning.", S),
        Say("And a check that quietly stopped running looks exactly like a check that always passes, so a check that hasn't reported in a day raises an alert of its own.", S),
        Say("Also holidays: the volume drops on Christmas and it looks like broken data, so the normal range comes from the same weekday in earlier weeks, and someone can mark the known holidays.", S),
    ), "third check set: a nervous plain-word design answer whose failure modes are not the rubric's named ones",
        prompt_id="design-data-quality"),
    Case("k-quality-cue-heavy", "design", "piper", "flawed", (
        Say("At a high level the architecture is three parts: the checks, a monitoring topic, and alerting through PagerDuty.", F),
        Say("Schema checks go through the schema registry, volume checks use a seven day average, and distribution checks use a KS test.", B),
        Say("Referential integrity checks look for orphan foreign keys in the warehouse, and the results go to a Kafka topic.", B),
        Say("Each check has a severity: block, alert or log.", B),
        Say("This breaks when there is schema drift, late arriving data, duplicates or skew, so we backfill.", ""),
    ), "third check set: names every key point, no question, no reasons, risks only named", prompt_id="design-data-quality"),
    Case("k-quality-wrong-order", "design", "espeak", "flawed", (
        Say("So there'd be a job that counts the rows of every table each morning and compares them with yesterday.", B),
        Say("And another one that checks the columns are all still there.", B),
        Say("I guess overall it's a set of checks that run after each load and send alerts.", F),
        Say("Who should get these alerts, by the way?", ""),
    ), "third check set: the build before the frame, a question at the end, no stress test",
        prompt_id="design-data-quality", late_questions=1),
    # ---- the eighth session's development answers (tuned on): frames said as an outline in everyday words,
    # stories whose situation, task and action are told without STAR vocabulary, some headline first ----------
    Case("d-abtest-outline-strong", "design", "piper", "strong", (
        Say("Who runs the experiments, a handful of data scientists or every product team, and roughly how many at once?", C),
        Say("And do people need to see results during the test, or only when it ends?", C),
        Say("Alright, the rough outline: decide who sees what, record what they saw and did, and crunch the numbers once a day.", F),
        Say("Deciding who sees what is a small library in the apps that hashes the user id with the experiment name, so a person always lands in the same group.", B),
        Say("Every time someone is shown a variant, the app sends a tiny event saying who, which test and which group, and those land in the warehouse next to the normal activity.", B),
        Say("A nightly job joins the two and works out each metric per group, with the confidence interval, into one table the dashboard reads.", B),
        Say("The thing that usually goes wrong is the groups not being the size they should, because one app forgets to send the event, so we check the split every hour and flag the test if it drifts.", S),
    ), "an outline frame in everyday words", prompt_id="design-ab-platform"),
    Case("d-abtest-no-frame", "design", "espeak", "flawed", (
        Say("So there's a library in the app that puts each user into a group based on a hash of their id.", B),
        Say("The app sends an event whenever someone sees a variant.", B),
        Say("Those events go to the warehouse and a nightly job computes the metrics for each group.", B),
        Say("Then there's a dashboard where people look at the results.", B),
    ), "the build only: no question, no outline, no stress test", prompt_id="design-ab-platform"),
    Case("d-quality-gist-strong", "design", "espeak", "strong", (
        Say("The gist is that every table gets checked the moment it lands, the findings go to one place, and how loud we are depends on how bad it is.", F),
        Say("The checks themselves live next to each table as a short config, so the team that owns the table writes them.", B),
        Say("Cheap ones run on every load, like whether the key is unique and whether the row count is within the normal range for that weekday.", B),
        Say("Heavier ones, like comparing the totals against the source system, run once a night.", B),
        Say("Every result is written to one table, so we can see which tables fail most and fix the cause, not just the symptom.", B),
        Say("The part I'd worry about is alert fatigue: if people get pinged for small stuff they stop reading, so only the checks that would corrupt a report stop the load, and the rest go in a morning digest.", S),
    ), "a frame as 'the gist', no question first", prompt_id="design-data-quality"),
    Case("q-running-plan-strong", "sql", "piper", "strong", (
        Say("Do we only count days that had views, or could a title cross the line on a day with no rows?", C),
        Say("The approach in a nutshell: total the views per title per day, keep a running sum in date order, and take the first day it reaches a million.", F),
        Say("So the first step groups the raw views by title and day and sums them.", B),
        Say("On top of that a window function adds them up per title, ordered by the day, from the start up to the current row.", B),
        Say("Then I filter to the rows where the running total is at least a million and take the earliest day per title.", B),
        Say("Two things to watch: titles that never reach a million just drop out, which is right, and if two rows share a day the running sum has to use rows, not range, or it jumps.", S),
    ), "a one-sentence plan said as 'in a nutshell'", prompt_id="sql-running-total-spine"),
    Case("q-running-no-plan", "sql", "espeak", "flawed", (
        Say("Okay so select title id, view date and the sum of views from the views table, grouped by title and date.", B),
        Say("Then I wrap that and add a sum over partition by title order by date.", B),
        Say("And then where the running total is over a million, take the min date.", B),
    ), "straight into the query: no plan, no checks", prompt_id="sql-running-total-spine"),
    Case("q-dau-two-halves-strong", "sql", "piper", "strong", (
        Say("Is an active user anyone with any event, or only someone who actually played something?", C),
        Say("I'd split this into two halves: a small daily table of who was active, and the monthly numbers computed from that instead of from the huge fact table.", F),
        Say("The daily part reads one day's partition, keeps the distinct user ids that played something, and appends them to a slim table keyed by day and user.", B),
        Say("Daily actives is then just a count per day on that slim table.", B),
        Say("For monthly actives I count distinct users over the last thirty days of the slim table, which is far smaller than the raw events.", B),
        Say("If that's still too slow, an approximate distinct count is fine for a dashboard, but I'd keep the exact one for anything finance reports, because a two percent error there causes arguments.", S),
    ), "a frame said as two halves", prompt_id="sql-dau-mau"),
    Case("t-windows-map-strong", "streaming", "espeak", "strong", (
        Say("Roughly, the choice comes down to whether you want fixed slots, overlapping views, or bursts of activity.", F),
        Say("Fixed, non-overlapping slots are for things like counting plays every five minutes, where each event lands in exactly one bucket.", B),
        Say("Overlapping ones are for a moving picture, like the last hour recomputed every five minutes, where one event counts in several buckets.", B),
        Say("And activity-based ones close after a quiet gap, like a viewing session that ends after thirty minutes of nothing.", B),
        Say("The catch with the activity-based kind is that one session can stay open for a long time, so the state grows, and a late event can merge two sessions that were already reported, so the output has to allow updates.", S),
    ), "a frame as the shape of the choice, no window vocabulary up front", prompt_id="streaming-windows"),
    Case("t-walkthrough-hops-strong", "streaming", "piper", "strong", (
        Say("End to end it's four hops: the TV, a collector, a stream processor, and the warehouse behind the dashboard.", F),
        Say("The TV batches play events and sends them every few seconds to a collector, which checks them and writes them to a topic.", B),
        Say("A stream job reads the topic, drops duplicates by event id, and keeps per-minute counts per title.", B),
        Say("Those counts land in a table every minute, and the dashboard reads a rollup of that table.", B),
        Say("Where it hurts is when a region's TVs go offline and send a day of events at once, so the job counts by when the play happened, not when it arrived, and the dashboard's recent hours are marked as still filling in.", S),
    ), "a frame as hops", prompt_id="streaming-play-event-walkthrough"),
    Case("t-walkthrough-no-frame", "streaming", "espeak", "flawed", (
        Say("The TV sends an event to our servers.", B),
        Say("It goes into Kafka and then Flink processes it.", B),
        Say("Then it goes to the warehouse and the dashboard shows it.", B),
    ), "a bare chain: no outline, no reasons, no failure", prompt_id="streaming-play-event-walkthrough"),
    Case("t-kappa-verdict-strong", "streaming", "piper", "strong", (
        Say("Short answer: today I'd pick one streaming path and replay it when I need to recompute, rather than keeping two.", F),
        Say("Everything goes through one log that keeps a few weeks of history, and one job computes the results from it.", B),
        Say("When the logic changes, I start a second copy of that job from the beginning of the log, let it catch up, and switch readers over.", B),
        Say("The old batch layer existed because streams used to be unreliable, and keeping two codebases in step was always painful.", B),
        Say("Where it gets hard is when the history you need is longer than the log keeps, say a full year, so for that I'd still backfill from the warehouse, once, by hand.", S),
    ), "a verdict first, then how and where it breaks", prompt_id="streaming-lambda-kappa"),
    Case("t-kappa-no-verdict", "streaming", "espeak", "flawed", (
        Say("Lambda has a batch layer and a speed layer.", B),
        Say("Kappa only has the streaming layer.", B),
        Say("Both are used in industry and both have pros and cons.", B),
    ), "names both, picks neither, no reasons, no failure", prompt_id="streaming-lambda-kappa"),
    Case("t-eventtime-definition-strong", "streaming", "espeak", "strong", (
        Say("Event time is when the thing actually happened on the phone, and processing time is when our system got around to seeing it.", F),
        Say("They drift apart whenever events travel slowly, like a phone that was offline on a plane and uploads three hours of plays when it lands.", B),
        Say("For analytics I'd group by event time, so those plays land in the hour they happened, and I'd keep each window open a little while for stragglers.", B),
        Say("Processing time is fine for things like monitoring the pipeline itself, where what matters is what we're handling right now.", B),
        Say("The cost is that an hour's number can change after it was first shown, so the dashboard has to say which hours are still settling.", S),
    ), "a definition as the frame, no announcement", prompt_id="streaming-event-time"),
    Case("t-schemas-principle-strong", "streaming", "piper", "strong", (
        Say("The whole trick is to only ever make changes that readers on the old version can live with.", F),
        Say("In practice that means adding new fields with a default, and never renaming or removing a field in place.", B),
        Say("Every producer registers the shape of its events before publishing, and the registry refuses a shape that would break existing readers.", B),
        Say("When something really has to change, we publish a second version next to the first and move readers over one at a time.", B),
        Say("What bites people is a field that changes meaning but not type, like a price that silently switches from cents to dollars, and no registry catches that, so those changes need a new field name.", S),
    ), "a frame as the one rule that matters", prompt_id="streaming-schema-evolution"),
    Case("t-skew-diagnosis-strong", "streaming", "espeak", "strong", (
        Say("That's a hot key: one title gets almost all the events, so the one task that owns it does all the work.", F),
        Say("First I'd confirm it by looking at the events per task, and seeing one far above the rest.", B),
        Say("Then I'd split that title's events across, say, twenty tasks by adding a random number from one to twenty to the key, count each piece, and add the pieces up in a second small step.", B),
        Say("The risk is that the second step now sees partial counts, so anything downstream has to wait for all twenty pieces of a window before trusting the total.", S),
    ), "a frame as the diagnosis named", prompt_id="streaming-skew"),
    Case("s-present-tense-strong", "behavioral-star", "piper", "strong", (
        Say("So picture this: it's two in the morning, I'm on call, and the load that feeds the morning sales numbers is stuck.", SIT),
        Say("The finance team reads those numbers at eight, so whatever happens, I have to get them something correct by then.", TASK),
        Say("I open the logs and I see the job waiting on a lock that another job took hours ago and never let go of.", ACT),
        Say("I kill the stuck job, rerun the load for just the missing hour, and check the totals against the source before I let anything through.", ACT),
        Say("The next day I add a time limit to that lock, so a stuck job gives up on its own and pages someone.", ACT),
        Say("The numbers were there at seven thirty, and that lock hasn't held anything up in the eight months since.", RES),
    ), "told in the present tense, as it happened"),
    Case("s-we-heavy-flawed", "behavioral-star", "espeak", "flawed", (
        Say("We had a dashboard for the support team that was often showing yesterday's numbers.", SIT),
        Say("We needed to make it fresher.", TASK),
        Say("We looked into it and we changed the schedule and we also moved some of the queries.", ACT),
        Say("It got better after that.", RES),
    ), "all 'we', no number: every part there, none owned or measured"),
    Case("s-action-first-strong", "behavioral-star", "piper", "strong", (
        Say("The first thing I did was stop every write into the customer table, because it was filling with copies of the same people.", ACT),
        Say("This was at an online shop, during a sale, and a retry bug in the signup service had started creating a new customer on every timeout.", SIT),
        Say("I was the engineer who owned that table, so cleaning it up without losing a real customer was on me.", TASK),
        Say("I grouped the copies by email and phone, kept the oldest record of each group, and pointed every order at it.", ACT),
        Say("Then I added a unique rule on the email, so the database itself refuses a second copy.", ACT),
        Say("We removed about forty thousand copies in a day, and the marketing list stopped sending the same person five emails.", RES),
    ), "starts with the first action, then the situation"),
    Case("s-disfluent-strong", "behavioral-star", "espeak", "strong", (
        Say("Um, so, uh, at my last job we had this, like, monthly billing export that went to, um, our payment provider.", SIT),
        Say("And, uh, every month a few customers got billed twice, and, you know, support got flooded.", SIT),
        Say("So my, um, my manager said, can you own this and make sure it, uh, never happens again.", TASK),
        Say("I, uh, I went through six months of exports and, um, found that a retry sent the same file again when the first upload timed out.", ACT),
        Say("So I, um, I gave every file a unique name per month, and made the provider side, uh, ignore a name it had already seen.", ACT),
        Say("And, um, we've had zero double bills in, uh, the nine months since.", RES),
    ), "heavy fillers and restarts"),
    Case("m-indirect-questions-strong", "modeling", "piper", "strong", (
        Say("I'm curious who reads this first, the finance team or the product managers.", C),
        Say("And I'd like to know whether a refund has to change last month's numbers.", C),
        Say("Okay, so every row of the main table is one payment, at the moment it settled.", F),
        Say("Around it sit customers, merchants and calendar days, each with a surrogate key, and merchants keep their history as type two.", B),
        Say("I'd partition by settlement date, since almost every question is about a range of days.", B),
        Say("The weak spot is refunds that arrive weeks later, so a nightly job reloads the last sixty days and the old months are marked as provisional.", S),
    ), "clarifying questions asked indirectly, without a question form"),
    Case("m-indirect-late-flawed", "modeling", "espeak", "flawed", (
        Say("I'd build one table of payments with one row per payment.", F),
        Say("Customers and merchants get their own tables.", B),
        Say("I wonder whether we need to keep the history of each merchant though.", ""),
        Say("And I'm not sure if refunds should change old months.", ""),
        Say("Anyway it would be partitioned by day.", B),
    ), "the questions come after committing, asked indirectly", late_questions=2),
    Case("s-redesign-plain-strong", "behavioral-star", "piper", "strong", (
        Say("A couple of years ago I designed the table our subscription numbers came from, and I made it one row per customer per month.", SIT),
        Say("Pretty quickly people started asking questions it couldn't answer, like what happened in the middle of a month when someone upgraded.", SIT),
        Say("Since it was my design, I said I'd fix it without breaking the reports already built on top of it.", TASK),
        Say("I rebuilt it as one row for every change to a subscription, with the dates it started and stopped being true.", ACT),
        Say("I kept the old monthly table as a view on top of the new one, so nothing downstream had to change on day one.", ACT),
        Say("Then I moved the three biggest reports over myself, one a week, checking their totals matched before switching.", ACT),
        Say("These days finance answers mid-month questions in minutes instead of asking us for a one-off script, and we've had no mismatches since the switch.", RES),
    ), "situation, task and action in plain words"),
    Case("s-latency-headline-strong", "behavioral-star", "espeak", "strong", (
        Say("Our fraud scores now arrive in under two seconds, down from about forty, and that's held for six months.", RES),
        Say("The job that computes them kept a huge amount of state per card, and every few minutes it paused to save all of it.", SIT),
        Say("While it saved, scores piled up, and the fraud team was blocking payments late.", SIT),
        Say("My lead asked me to get the delay under five seconds without losing any state.", TASK),
        Say("I measured the pauses and saw the saves were copying everything each time, not just what had changed.", ACT),
        Say("So I switched the job to save only the changes and moved old per-card history out of the state into a lookup table.", ACT),
        Say("I tested it against a week of replayed traffic before we rolled it out.", ACT),
    ), "headline result first, then the story in order", prompt_id="behavioral-checkpoint-latency"),
    Case("s-disagree-plain-strong", "behavioral-star", "piper", "strong", (
        Say("At my previous company we were choosing between two tools for scheduling our pipelines.", SIT),
        Say("I thought the older one was safer because the whole team knew it, but most people wanted the new one.", SIT),
        Say("I was leading the move, so whichever we picked, making it work was on me.", TASK),
        Say("I argued my case once in the review, lost, and then put my worries into a list of risks we'd check early.", ACT),
        Say("I moved the two simplest pipelines first to learn the new tool, and wrote down every problem we hit.", ACT),
        Say("The biggest risk turned out to be retries, so I set up a shared way of doing them before anyone moved anything important.", ACT),
        Say("We finished the move a month early, and two of the problems I'd listed would have caused outages if we hadn't caught them.", RES),
    ), "disagree and commit in plain words"),
    Case("s-disagree-vague", "behavioral-star", "espeak", "flawed", (
        Say("So yeah, there was this decision about tools that I didn't really agree with.", SIT),
        Say("We talked about it a lot, and in the end we went with the other option.", ACT),
        Say("It was fine, I think, we made it work and everyone was okay with it.", RES),
    ), "vague: no task, no own deeds, no number"),
    Case("s-owned-wandering-strong", "behavioral-star", "espeak", "strong", (
        Say("Um, so the one I think of is the pipeline that fed our partner payouts, which, honestly, nobody loved.", SIT),
        Say("It pulled sales from four stores every night, and if it was late, partners got paid late and called us.", SIT),
        Say("When the person who built it left, it landed on my desk, and I had to keep it running and make it less scary.", TASK),
        Say("First thing I did was write down every step it took, because there was no documentation at all.", ACT),
        Say("Then I added a check after each step so a failure stopped the run with a message saying which store and why.", ACT),
        Say("I also made every step safe to rerun, so on a bad night the on-call person could just start it again.", ACT),
        Say("Late payouts went from a few a month to none in the last year, and I haven't been woken up by it since.", RES),
    ), "a wandering opener, plain words", prompt_id="behavioral-pipeline-owned"),
    # ---- the ninth session's development answers (tuned on), written before that session changed the scorer:
    # questions asked late in everyday forms (a noun after the auxiliary, 'when'/'where', a tag question), statements
    # that open like questions, stories that go back to a part already told, SQL plans said apart from the steps,
    # answers heavy with the rubric's words and light on reasons ----------
    Case("m-subs-late-flawed", "modeling", "piper", "flawed", (
        Say("I'd build it around a daily snapshot of every subscription, one row per subscription per day.", F),
        Say("Plans sit in their own table with a new row whenever the price changes, so old months keep the old price.", B),
        Say("Upgrades and cancellations go into a separate table of changes, each with the date it took effect.", B),
        Say("When does finance close the month, on the first or a few days later?", ""),
        Say("Oh, and do refunds count against the month they happened or the month they were for?", ""),
        Say("Payment webhooks can arrive twice, so the load merges on the invoice id and drops the repeats.", S),
    ), "two questions after committing: 'when does', a noun after 'do'", prompt_id="modeling-subscription-billing",
        late_questions=2),
    Case("d-recs-late-tag-flawed", "design", "espeak", "flawed", (
        Say("The plan is events into Kafka, features computed in Flink, a feature store, and the model reading from it when a page loads.", F),
        Say("Flink keeps running counts like the last ten things a person clicked, and writes them to Redis.", B),
        Say("The model service looks those up by user id when the request comes in.", B),
        Say("We want this under a second from click to recommendation, right?", ""),
        Say("Where do the daily features come from today, is there already a batch job?", ""),
        Say("For a brand new user there is nothing in Redis, so we fall back to what is popular in their country.", S),
    ), "a tag question and a 'where do' question after committing", prompt_id="design-realtime-recs", late_questions=2),
    Case("q-topn-late-flawed", "sql", "piper", "flawed", (
        Say("I'd sum the watch seconds per profile and title over the last thirty days in a CTE.", B),
        Say("Then a row number per profile, ordered by those seconds from highest to lowest.", B),
        Say("And I keep the rows numbered three or lower.", B),
        Say("Should two titles with the same seconds both be kept, or is exactly three the rule?", ""),
        Say("If they should, I'd switch to rank, otherwise I add the title id to the order so the result is the same every run.", S),
    ), "a question with a noun after 'should', asked at the end", prompt_id="sql-top-n-per-group", late_questions=1),
    Case("t-watermark-late-flawed", "streaming", "espeak", "flawed", (
        Say("A watermark is the job telling itself it has now seen everything up to some event time.", F),
        Say("I'd set it to the largest time seen so far minus how late events usually are.", B),
        Say("Is the lateness the same for every topic, by the way?", ""),
        Say("Anything later than that goes to a side output so we can count it.", B),
        Say("Too tight and we throw away real events, too loose and every window closes late.", S),
    ), "a question in the middle of the build", prompt_id="streaming-watermarks", late_questions=1),
    Case("m-ads-statements-strong", "modeling", "piper", "strong", (
        Say("Who reads this most, the advertisers in their dashboard or our own billing team?", C),
        Say("And is hourly fresh enough, or do some advertisers expect it live?", C),
        Say("Okay, the heart of it is one row per impression, with clicks in a table of their own.", F),
        Say("Clicks point back to their impression by its id, which keeps the two grains apart.", B),
        Say("When a campaign changes its budget or targeting, the campaign table gets a new version, so old hours keep the settings they ran with.", B),
        Say("Which hour an impression belongs to is decided by when it was shown, not when we received it.", B),
        Say("Do the dedupe on the impression id before anything else, because the ad servers retry.", B),
        Say("Bots are the trap: if we delete their traffic, spend stops matching the invoice, so I keep it with a flag and filter it in the dashboard.", S),
        Say("And a click that arrives two hours late still lands in the hour of its impression, so the last day of hours is rebuilt each night.", S),
    ), "statements that open like questions ('when a', 'which hour … is decided', 'do the dedupe')",
        prompt_id="modeling-ad-impressions"),
    Case("m-subs-cue-heavy", "modeling", "espeak", "flawed", (
        Say("So the grain is one row per subscription per day, star schema, fact and dimensions.", F),
        Say("Plan is a type two slowly changing dimension, with surrogate keys and a merge on the invoice id.", B),
        Say("Partition by date, cluster by plan, idempotent loads, dedup on the event id.", B),
        Say("Failure modes are late data, duplicates, time zones and schema drift.", ""),
    ), "the rubric's words, no question, no reasons", prompt_id="modeling-subscription-billing"),
    Case("m-subs-plain-strong", "modeling", "piper", "strong", (
        Say("Does finance want revenue as it was billed, or spread over the days the customer actually had the service?", C),
        Say("And does growth look at churn by the month someone signed up?", C),
        Say("I'd keep one row for every subscription on every day it exists, because both questions are really about what was true on a given day.", F),
        Say("Each row carries the plan and the price that applied that day, so monthly revenue is a sum over the last day of each month.", B),
        Say("Plan changes and cancellations are also kept as their own events, since churn analysis cares about the moment and the reason.", B),
        Say("Prices change a few times a year, so the plan table keeps every past version with the dates it was valid.", B),
        Say("What usually goes wrong is the payment provider sending the same notice twice, and counting it twice inflates revenue, so each notice is written once by its id.", S),
        Say("The other one is the month edge: a customer in Sydney pays on the first their time, which is still the thirty first for us, so every date is cut in UTC and we say so on the dashboard.", S),
    ), "plain words, reasons given", prompt_id="modeling-subscription-billing"),
    Case("s-stuck-partition-revisit", "behavioral-star", "piper", "strong", (
        Say("A couple of years ago our daily active users chart fell by almost half overnight, and it was the number the whole company looked at each morning.", SIT),
        Say("I was on call that week, so it was mine to find out whether people had really left or the pipeline was lying.", TASK),
        Say("I compared the raw event counts per partition and saw that one partition had stopped moving at two in the morning.", ACT),
        Say("For context, that partition carried the traffic from our biggest region, and its producer had a clock that ran ahead.", SIT),
        Say("So I restarted the producer with the clock fixed, and reran the last day of the job for that partition only.", ACT),
        Say("Then I changed the job to track its progress per partition, so one stuck partition can't hold the others back.", ACT),
        Say("The chart was right again before the morning meeting, and we haven't had a false drop since.", RES),
    ), "the situation told again in the middle of the action", prompt_id="behavioral-3am-break"),
    Case("s-redesign-asked-later", "behavioral-star", "espeak", "strong", (
        Say("We had a sales model where every order was one wide row with the customer's address copied in.", SIT),
        Say("I started by listing every report that read it, and there were about forty.", ACT),
        Say("What I'd actually been asked to do was make the regional reports match finance, and they never did, because people move.", TASK),
        Say("So I split the customer out into its own table that keeps every past address with the dates it applied.", ACT),
        Say("Then I moved the forty reports over one by one, checking each against the old numbers.", ACT),
        Say("The regional totals have matched finance every month since, and the table got about a third smaller.", RES),
    ), "the task told after the first action", prompt_id="behavioral-redesign-model"),
    Case("s-two-results", "behavioral-star", "piper", "strong", (
        Say("At my last job the nightly load into the warehouse took about six hours, and analysts couldn't start until lunch.", SIT),
        Say("My lead asked me to get it done before people came in.", TASK),
        Say("I found that most of the time went into reloading tables that hadn't changed, so I made the load only pick up what was new.", ACT),
        Say("That alone brought it down to about two hours.", RES),
        Say("Then I ran the independent tables side by side instead of one after another.", ACT),
        Say("In the end it finished in forty minutes, well before anyone logged on.", RES),
    ), "a result, then more action, then the final result", prompt_id="behavioral-pipeline-owned"),
    Case("s-two-results-vague", "behavioral-star", "espeak", "flawed", (
        Say("So there was this load that was really slow, and people were not happy about it at all.", SIT),
        Say("We looked at a bunch of things and tried some stuff, and worked on it as a team for a while.", ACT),
        Say("It was a good learning experience and it got better.", ""),
    ), "no task, a vague action, no measured result", prompt_id="behavioral-pipeline-owned"),
    Case("q-sessions-plan-strong", "sql", "piper", "strong", (
        Say("Is a session per profile, or per device, since one person can watch on the TV and the phone at once?", C),
        Say("My plan is to mark where each session starts, number the sessions with a running count, and then roll them up.", F),
        Say("For every event I look at the previous event of the same profile with lag, ordered by time.", B),
        Say("If there is no previous event, or the gap is more than thirty minutes, that row gets a one, otherwise a zero.", B),
        Say("A running sum of those ones over the profile's events gives every row its session number.", B),
        Say("Grouping by profile and session number then gives the start, the end and how many events each session had.", B),
        Say("The edge case is two events with the same timestamp, so I order by the event id as well and the numbering never changes between runs.", S),
    ), "a plan in one sentence, then the steps", prompt_id="sql-sessionization"),
    Case("q-dedup-plan-strong", "sql", "espeak", "strong", (
        Say("Can the same event id ever be two genuinely different plays, or is it always a retry?", C),
        Say("In short, I rank the copies of each event and keep the best one.", F),
        Say("The ranking is a row number over the rows that share an event id.", B),
        Say("It's ordered by whether watch time is filled in first, and then by the ingest time, newest first.", B),
        Say("The outer query keeps only the rows ranked one.", B),
        Say("Distinct wouldn't work here, because the copies differ in their other columns.", B),
        Say("And I'd trust the ingest time the broker stamps rather than the device clock, which can be hours off.", S),
    ), "a plan said 'in short', then the steps", prompt_id="sql-dedup-quality"),
    Case("t-backpressure-plain-strong", "streaming", "piper", "strong", (
        Say("Backpressure is what happens when one part of the job can't keep up with what is being handed to it.", F),
        Say("In Flink the slow step's input buffers fill up, and that slows everything before it down to its pace, instead of losing data.", B),
        Say("To find it I look at the job graph, where each task shows how busy it is, and the first busy task downstream is the bottleneck.", B),
        Say("Then it depends on why: give that step more parallel copies, make its work cheaper, or if one key gets most of the events, spread that key with a salt.", B),
        Say("The trap is scaling out when one hot key is the cause, because all of that key still lands on one copy and nothing improves.", S),
    ), "a definition in plain words, a diagnosis, a trap", prompt_id="streaming-backpressure"),
    Case("t-backpressure-terms", "streaming", "espeak", "buzzword", (
        Say("Backpressure, network buffers, credit based flow control, busy time, hot keys, salting, parallelism, autoscaling.", ""),
    ), "a list of terms", prompt_id="streaming-backpressure"),
    Case("q-topn-offtopic", "sql", "piper", "flawed", (
        Say("Do sessions cross midnight, or do we cut them at the day boundary?", C),
        Say("I'd use lag to get the time since the last event for each profile.", B),
        Say("Anything over thirty minutes starts a new session, and a running sum numbers them.", B),
        Say("Then group by the session number to get the start and end of each one.", B),
    ), "answers the sessions question when asked for the top three titles", prompt_id="sql-top-n-per-group",
        kind="offtopic"),
    # ---- the tenth session's development answers (tuned on), written before that session changed the scorer:
    # hedged and self-correcting speech ("sorry, let me back up"), a lesson told first, a story told as a
    # conversation, prompts no earlier answer used (disagree and commit, influence, personal data, royalties,
    # funnel, exactly-once), a thinking pause in the middle of the build ----------
    Case("s-disagree-lesson-first", "behavioral-star", "piper", "strong", (
        Say("The lesson I took from it is that I should say my worry once, clearly, and then help the plan succeed.", RES),
        Say("This was when our team decided to replace the nightly batch with a streaming job for the order data.", SIT),
        Say("I thought it was a mistake, because the batch already met every deadline and nobody on the team had run streaming before.", SIT),
        Say("I wrote a one page note with the on call cost I expected, and my manager read it and still chose streaming.", ACT),
        Say("After that I took the hardest piece myself, the replay of old orders, and wrote the runbook for it.", ACT),
        Say("It went live a week late but it worked, and the fraud team now gets orders in seconds instead of the next morning.", RES),
    ), "the lesson first, then the story", prompt_id="behavioral-disagree-commit"),
    Case("s-disagree-generic", "behavioral-star", "espeak", "flawed", (
        Say("Um, I think disagreements happen all the time, and it's important to be open minded about it.", ""),
        Say("There was one time we picked a tool I didn't like, and, uh, I just went with it.", SIT),
        Say("In the end it was fine, I guess, and the team was happy.", RES),
    ), "generalities, no task, no action, no result", prompt_id="behavioral-disagree-commit"),
    Case("s-influence-dialogue", "behavioral-star", "piper", "strong", (
        Say("The marketing analysts built their weekly report from their own copy of the signups, and it never matched ours.", SIT),
        Say("They didn't report to me, but the mismatch landed on my team every Monday, so I wanted them on our table.", TASK),
        Say("Their lead told me, honestly, we trust our numbers more than yours.", SIT),
        Say("So I said, fine, let's find out, and I listed every week of the last quarter where the two disagreed and why.", ACT),
        Say("Most of the gaps came from their copy missing refunds, which surprised them.", ACT),
        Say("Then I ran both reports side by side for a month and sat with their analysts every Friday to go through the differences.", ACT),
        Say("By the end of the quarter they had switched, and the Monday back and forth went from about three hours to none.", RES),
    ), "a story told partly as a conversation", prompt_id="behavioral-influence"),
    Case("s-pii-we-not-i", "behavioral-star", "espeak", "flawed", (
        Say("At my last company we had a lot of customer data, names, emails, addresses, that kind of thing.", SIT),
        Say("We encrypted the sensitive columns and we set up different access levels for different teams.", ACT),
        Say("We also made sure deletes went through to the downstream tables.", ACT),
        Say("It was a big project and everyone worked really hard on it.", ""),
    ), "all 'we', no task, no measured result", prompt_id="behavioral-pii"),
    Case("s-pii-strong-selfcorrect", "behavioral-star", "piper", "strong", (
        Say("Two years ago, sorry, closer to three, our event data started carrying email addresses because a client team logged them by accident.", SIT),
        Say("I owned the ingestion layer, so it was on me to get them out and make sure it couldn't happen again.", TASK),
        Say("First I replaced the emails with tokens at the point where events come in, so nothing after that ever saw the real value.", ACT),
        Pause(3.0),
        Say("Um, then for the few tables that really needed the address, I encrypted that one column and gave access only to the support team, with every read logged.", ACT),
        Say("And I wired the delete requests through a list of every table that held a token, so a deletion reached all of them.", ACT),
        Say("Within six weeks no raw email was left anywhere, and the next audit found nothing to fix.", RES),
    ), "a self-correction, a thinking pause inside the action", prompt_id="behavioral-pii"),
    Case("s-dq-backwards", "behavioral-star", "espeak", "strong", (
        Say("We fixed it by moving the cutoff of the daily job two hours later and reloading the last three days every night.", ACT),
        Say("What we'd seen was that the daily order total was always a little lower than finance's, about half a percent.", SIT),
        Say("I was the one asked to explain the gap before the quarter closed.", TASK),
        Say("I traced it to one collector whose clock was set to the wrong zone, so its events arrived after the job had already run.", ACT),
        Say("Since then the totals match to the cent, and a check now alerts us if the two ever drift apart by more than a tenth of a percent.", RES),
    ), "told backwards: the fix first, then the symptom", prompt_id="behavioral-data-quality"),
    Case("m-royalties-plain-strong", "modeling", "piper", "strong", (
        Say("Is this for paying people, or for finance's reports, or both?", C),
        Say("And how far back do they need to go, the whole history of every deal?", C),
        Say("Right, so, each row of the payout table is one amount owed to one person for one title in one month.", F),
        Say("The deals themselves keep every version, with the date each version started and the date it stopped applying.", B),
        Say("To answer what we owed on some past date, I join on the version whose dates cover that day, never on whatever is current.", B),
        Say("What we owe and what we actually paid go in two different tables, because they happen months apart.", B),
        Pause(4.0),
        Say("The exchange rate is a trap: if you convert with today's rate, old statements change, so each accrual keeps the rate from its own date.", S),
        Say("And when a deal is renegotiated backwards in time, we recompute the affected months and keep a log of what changed.", S),
    ), "plain words for versions and as-of joins, a thinking pause", prompt_id="modeling-talent-royalties"),
    Case("m-royalties-no-stress", "modeling", "espeak", "flawed", (
        Say("So I'd have a contracts table and a payouts table.", F),
        Say("The contracts table has the person, the title and the percentage.", B),
        Say("The payouts table has the person, the amount and the date.", B),
        Say("And finance can query it with a join.", B),
    ), "no clarify, no grain, nothing stress-tested", prompt_id="modeling-talent-royalties"),
    Case("q-funnel-narrated-strong", "sql", "piper", "strong", (
        Say("Does someone have to go through the steps in order, or does reaching confirm count even if they skipped plan select?", C),
        Say("The way I'd do it is one pass over the events, turning each user into a row with a flag per step.", F),
        Say("So I group by user and for each step take the max of a case when that is one if they hit that step.", B),
        Pause(5.0),
        Say("Okay, then I add up those flags to get how many people reached each step.", B),
        Say("And each step's rate is its count over the step before, with null if on the bottom so an empty step doesn't blow up.", B),
        Say("One thing to watch is people who land today and pay next month, so I only count steps within a week of landing.", S),
    ), "narrated with a silent typing pause", prompt_id="sql-funnel"),
    Case("q-funnel-joins-flawed", "sql", "espeak", "flawed", (
        Say("I'd take the landing events and join them to plan select on user id.", B),
        Say("Then join that to payment info, and then to confirm, all left joins.", B),
        Say("Then count distinct users at each step and divide.", B),
    ), "four self joins, no plan, no question, nothing checked", prompt_id="sql-funnel"),
    Case("t-exactly-once-plain-strong", "streaming", "piper", "strong", (
        Say("Exactly once means that even if the job crashes and restarts, every event changes the result one time, not zero and not two.", F),
        Say("Flink gets there by taking a consistent snapshot of every operator's state at the same point in the stream.", B),
        Say("On a restart it rewinds the sources to that point, and the sink only makes its writes visible once the snapshot is complete.", B),
        Say("The price is that downstream readers wait up to a full snapshot interval to see anything.", S),
        Say("So for most pipelines I'd rather accept duplicates and make the writes overwrite by key, and keep the full guarantee for money.", S),
    ), "a definition, the mechanism, the price", prompt_id="streaming-exactly-once"),
    Case("t-exactly-once-terms", "streaming", "espeak", "buzzword", (
        Say("Exactly once, checkpoints, barriers, two phase commit, idempotent sinks, Kafka transactions, at least once.", ""),
    ), "a list of terms", prompt_id="streaming-exactly-once"),
    Case("d-dq-plain-strong", "design", "piper", "strong", (
        Say("How many tables are we talking about, and who gets woken up today when something's wrong?", C),
        Say("I'd think of it as checks that run after every load, each with a level that says what happens when it fails.", F),
        Say("The first checks are cheap: did the columns change, and did the row count land near what it usually is for that day of the week.", B),
        Say("Then for the columns people actually use, compare today's spread of values against last week's.", B),
        Say("And check that every order points to a customer that exists.", B),
        Say("A failure on a table finance depends on stops everything downstream and pages someone; most others just post to a channel.", B),
        Say("The risk is alert fatigue: if half the checks cry wolf, people mute the channel, so every noisy check gets tuned or removed within a week.", S),
    ), "plain words, no framework names", prompt_id="design-data-quality"),
    Case("d-dq-tools-flawed", "design", "espeak", "flawed", (
        Say("I'd use Great Expectations with a schema registry, volume checks, distribution checks and referential integrity.", F),
        Say("Results go to a Kafka topic and critical failures page on call.", B),
        Say("Each check has a severity, block, alert or log.", B),
    ), "tool names and the list of parts, no question, no reason, no risk", prompt_id="design-data-quality"),
]

assert len({c.id for c in CASES}) == len(CASES), "two evaluation answers share an id"

# The fifth session's check set (written before that session changed anything, never tuned on).
CHECK_IDS = tuple(c.id for c in CASES if c.id.startswith("c-"))
# The sixth session's check set (written before that session changed anything, never tuned on).
CHECK2_IDS = tuple(c.id for c in CASES if c.id.startswith("n-"))
# The seventh session's check set (written before that session changed anything, never tuned on).
CHECK3_IDS = tuple(c.id for c in CASES if c.id.startswith("k-"))


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
        """STAR parts run until the next part spoken begins (pauses inside a story belong to the part)."""
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


def key_points(case: Case) -> list[str] | None:
    """The key points of the case's prompt (None when the case names no prompt)."""
    if not case.prompt_id:
        return None
    from interviewer.bank.prompts import find_prompt

    return list(find_prompt(case.prompt_id).prompt.key_points)


def _heard(case: Case, transcriber, directory: Path, natural: bool):
    """(transcript, truth spans, true pauses) of one case: synthesized, written and transcribed."""
    from interviewer.audio.files import load_audio

    synth = case.synthesize(natural)
    path = synth.write(directory / f"{case.id}.wav")
    transcript = transcriber.transcribe(load_audio(path))
    pauses = [(p.start, p.end) for p in synth.pauses(3.0)]
    # a pause before the first word is thinking time, not a silence inside the answer
    first_word = min(lab.start for lab in synth.labels if lab.label != "pause")
    pauses = [p for p in pauses if p[0] >= first_word]
    return transcript, truth_spans(case, synth), pauses


def _cache_key(case: Case, natural: bool, transcriber) -> str:
    import hashlib

    import interviewer.asr

    model = getattr(transcriber, "model_name", "") or type(transcriber).__name__
    asr = Path(interviewer.asr.__file__).parent
    code = b"".join(f.read_bytes() for f in sorted(asr.glob("*.py")) if f.name != "stream.py")  # a decoder change is a new transcript
    return hashlib.sha256(repr((case.voice, case.parts, natural, model, code)).encode()).hexdigest()[:16]


def heard(case: Case, transcriber, directory: Path, natural: bool = False, cache: Path | None = None):
    """:func:`_heard`, kept in ``cache`` (a folder) when given: scoring changes re-score the same transcripts."""
    import json

    from interviewer.types import Transcript

    if cache is None or natural:
        return _heard(case, transcriber, directory, natural)
    f = Path(cache) / f"{case.id}-{_cache_key(case, natural, transcriber)}.json"
    if f.exists():
        d = json.loads(f.read_text())
        return Transcript.model_validate(d["transcript"]), {k: tuple(v) for k, v in d["truth"].items()}, [tuple(p) for p in d["pauses"]]
    transcript, truth, pauses = _heard(case, transcriber, directory, natural)
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_text(json.dumps({"transcript": transcript.model_dump(mode="json"), "truth": truth, "pauses": pauses}))
    return transcript, truth, pauses


def evaluate(case: Case, transcriber, directory: Path, natural: bool = False, cache: Path | None = None) -> Outcome:
    """Synthesize, write, transcribe and score one case with the real model (the transcript from
    ``cache`` when it holds this case as written, voiced and transcribed)."""
    from interviewer.bank.rubrics import load_rubric
    from interviewer.pipeline import score_transcript

    transcript, truth, pauses = heard(case, transcriber, directory, natural, cache)
    report = score_transcript(transcript, load_rubric(case.rubric), prompt_id=case.prompt_id, key_points=key_points(case))
    return Outcome(case, report, truth, pauses)
