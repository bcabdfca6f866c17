"""The held-out evaluation set: FROZEN. Written before the meaning-based scorer (issue 11), never tuned on.

Do not edit these sentences, and do not read them while changing the scorer, its rubric cues or its
thresholds: the set measures how the scorer does on answers it was not built from. Add new cases in a
new file instead.

Same machinery as the development set (:mod:`evalset`): each answer is a list of sentences labelled
with the beat or STAR part they truly belong to, plus pauses of known length, synthesized with a real
voice, transcribed by the real model and scored against a real prompt of the bank (so key-point
coverage counts). The style differs on purpose: everyday wording that avoids the rubrics' cue phrases
and the seniority phrases, and the kinds of answer the development set lacks:

- ``strong``: senior answers in plain words;
- ``flawed``: solid answers missing one beat, late questions (asked only after committing: they are
  not a clarify beat; ``late_questions`` is how many), silent typing, heavy disfluency;
- ``buzzword``: about 25 s of terms, no question, no grain, no reasoning. A list of terms is not a
  beat: its sentences carry no label, so every beat found in it is spurious. It must score below
  every real (strong or flawed) answer of the same prompt;
- ``offtopic``: a reasonable answer to a different question than ``prompt_id``; it must score <= 50.

STAR stories told result-first put the headline result in the first sentence; the parts are
labelled as spoken.
"""

from __future__ import annotations

from evalset import Case
from interviewer.audio.synth import Pause, Say

C, F, B, S = "clarify", "frame", "build", "stress"
SIT, TASK, ACT, RES = "situation", "task", "action", "result"
NONE = ""  # no beat: the words of a buzzword list

CASES: list[Case] = [
    # ---- modeling ----------------------------------------------------------------------------------
    Case("h-mod-viewing-plain-strong", "modeling", "piper", "strong", (
        Say("Quick check first: does a view count the moment playback starts, or only after a couple of minutes?", C),
        Say("Recommendations want it within minutes, but once finance closes a month, are those numbers allowed to move?", C),
        Say("And can one account have several profiles watching on different devices at the same time?", C),
        Say("Alright, at the center I'd put a single table of viewing sittings, and every line here stands for one profile watching one title on one device in one sitting.", F),
        Say("A sitting ends when playback stops for more than half an hour.", B),
        Say("Profiles and titles get their own lookup tables, and when a title's details change I add a new version with valid from and valid to dates instead of overwriting it.", B),
        Say("Every line gets a generated id, and the app's own session id stays next to it so we can trace it back.", B),
        Say("Storage is split by day and sorted by title and profile, so both teams only scan what they need.", B),
        Say("I'd keep it narrow with lookups rather than one flattened giant, since several teams read it and the lookups change on their own schedule.", B),
        Say("Now, what would bite us here.", S),
        Say("Phones that were offline send their plays hours later, so the nightly job re-reads the last two days and settles them.", S),
        Say("When someone asks us to erase them, we throw away their entry in a small mapping table, and their rows can no longer be tied to a person.", S),
        Say("And the week a big show launches, that day's slice gets enormous, so we split it further by hour.", S),
    ), "senior answer in everyday words: grain as 'every line here stands for', erasure without the legal term",
        prompt_id="modeling-viewing-history", kind="strong"),
    Case("h-mod-viewing-no-stress", "modeling", "espeak", "flawed", (
        Say("Does finance need the same numbers as the recommendation system, or their own version?", C),
        Say("Roughly how many plays a day are we talking about?", C),
        Say("Okay, so the heart of it is one table where each entry is a single profile watching a single title during one stretch of viewing.", F),
        Say("Next to it sit the profile, the title and the device as separate lookups, each keyed by a number we generate.", B),
        Say("Title details keep their history as dated versions, so last year's genre stays attached to last year's plays.", B),
        Say("I'd store it in daily chunks, ordered by title, because most questions are about one show over a range of days.", B),
        Say("Finance gets a monthly rollup built from the same table, so the two never disagree.", B),
    ), "solid answer that never says how the design could fail", prompt_id="modeling-viewing-history", kind="flawed"),
    Case("h-mod-viewing-buzzwords", "modeling", "piper", "flawed", (
        Say("Star schema, fact table, dimensions, surrogate keys, natural keys, slowly changing dimension type two.", NONE),
        Say("Partitioning, clustering, watermark, late arriving data, backfill, GDPR, idempotent merge.", NONE),
        Say("Kafka, Flink, Iceberg, data quality checks, conformed dimensions, bridge tables, snapshots, the grain.", NONE),
    ), "a list of terms, no question, no grain, no reasoning", prompt_id="modeling-viewing-history", kind="buzzword"),
    Case("h-mod-trips-late-questions", "modeling", "espeak", "flawed", (
        Say("Let me just start sketching.", F),
        Say("The middle of this is a table of finished rides, where each entry is one ride from pickup to drop off.", F),
        Say("Around it go the rider, the driver, the city and the calendar day.", B),
        Say("The driver's car and rating change over time, so the driver lookup keeps dated versions.", B),
        Say("Surge multiplier and each piece of the fare sit right on the ride row.", B),
        Say("Oh, actually, does pricing need this by the minute, or is a daily refresh fine?", B),
        Say("And should a ride that gets cancelled after it finished still count for payouts?", B),
        Say("Okay, the thing to watch is rides that get adjusted a day later, so I'd rebuild the last three days every night.", S),
    ), "commits to the design first, asks its two questions only afterwards", prompt_id="modeling-ride-trips", kind="flawed",
        late_questions=2),
    Case("h-mod-claims-disfluent", "modeling", "piper", "flawed", (
        Say("So, um, the, the people using this are, uh, the actuaries, right?", C),
        Say("Do they, um, sorry, do they look at it monthly or, uh, more often?", C),
        Say("Okay so, uh, the, the main table, each, um, each entry is one line of a claim.", F),
        Say("And then, uh, members, providers and, um, diagnoses are, are their own tables, and members, uh, keep old versions when their plan changes.", B),
        Say("When a claim gets, um, corrected, we add a, a new correcting line, we don't, uh, we never change the old one.", B),
        Say("Uh, and a member by month table for, um, cost per member.", B),
        Say("The, um, the risky part is, uh, claims that get fixed months later, so, um, we recompute the last six months.", S),
        Say("And, uh, health details get, um, swapped for tokens on the way in.", S),
    ), "every beat, but heavy fillers and restarts", prompt_id="modeling-health-claims", kind="flawed"),
    Case("h-mod-billing-plain-strong", "modeling", "espeak", "strong", (
        Say("Two things before I sketch: does finance book revenue on the invoice date or spread across the period?", C),
        Say("And when someone upgrades mid month, does the growth team see that as one customer or two events?", C),
        Say("Then I'd build around a daily picture of every subscription, so each entry says what one subscription looked like on one day.", F),
        Say("Plan changes go into their own table of events, one entry for each upgrade, downgrade or cancel.", B),
        Say("Plans keep dated versions, so a price rise in March doesn't rewrite January's revenue.", B),
        Say("The nightly load upserts on the invoice number, so running it twice gives the same answer.", B),
        Say("I prefer the daily picture over rebuilding from events every time, since finance mostly asks what was true on a given date.", B),
        Say("What would bite us here is the payment provider sending the same notification twice, so we keep only the first copy of each event id.", S),
        Say("The other trap is the end of the month in different countries, so the day boundary is fixed in universal time and written down.", S),
    ), "senior answer in everyday words", prompt_id="modeling-subscription-billing", kind="strong"),
    Case("h-mod-orders-no-clarify", "modeling", "piper", "flawed", (
        Say("The sales table has an entry for every single line on an order.", F),
        Say("Returns are their own table, added when they happen, and we never go back and edit the sale.", B),
        Say("Products keep dated versions so that the price at the time of the sale is kept.", B),
        Say("Sales and returns share the same calendar table, so net sales by week is just one minus the other.", B),
        Say("What could hurt us is refunds that show up weeks after the order, and days that end at different hours in different countries.", S),
    ), "jumps straight in without a single question", prompt_id="modeling-ecommerce-orders", kind="flawed"),
    Case("h-mod-offtopic-sensors", "modeling", "espeak", "flawed", (
        Say("How quickly does operations need to see a device go quiet?", C),
        Say("Each entry in the main table is one reading from one sensor at one moment.", F),
        Say("An hourly summary table serves the engineers who look back over a whole year.", B),
        Say("The device lookup keeps a dated version every time the firmware is updated.", B),
        Say("Device clocks drift, so we store the time we received each reading next to the time the device claims.", S),
    ), "a sensor telemetry answer, scored against the talent royalties prompt", prompt_id="modeling-talent-royalties",
        kind="offtopic"),
    # ---- behavioral (STAR) -------------------------------------------------------------------------
    Case("h-star-dupes-result-first", "behavioral-star", "piper", "strong", (
        Say("We stopped overstating revenue by about four tenths of a percent, and it has stayed exact for over a year.", RES),
        Say("Back then our payment events came through a queue that delivers at least once, and the table they landed in simply appended whatever arrived.", SIT),
        Say("Whenever the queue retried, a payment showed up twice in the revenue report.", SIT),
        Say("Fixing the number and making sure it could not come back was on me.", TASK),
        Say("I compared a week of raw events against the ledger and saw that every extra row shared an event id with another.", ACT),
        Say("I changed the load to an upsert keyed on that id, which costs a bit more each night but makes a rerun harmless.", ACT),
        Say("Later I got the rule into the pipeline contract, so every new feed has to carry a unique event id.", ACT),
    ), "headline result first, then situation, task and action", prompt_id="behavioral-duplicates", kind="strong"),
    Case("h-star-3am-result-first", "behavioral-star", "espeak", "strong", (
        Say("Our lateness budget shrank from five minutes to sixty seconds after a night I will not forget.", RES),
        Say("At two in the morning the daily active users chart fell by forty percent.", SIT),
        Say("I was on call, so getting the numbers back before the European morning fell to me.", TASK),
        Say("I looked at the stream's progress per partition and saw one partition stuck hours behind; its producer's clock was wrong.", ACT),
        Say("That one stuck clock was holding back the whole job's notion of time.", ACT),
        Say("I switched the job to track progress per partition and to skip partitions that go idle, and I replayed the missing hour.", ACT),
    ), "headline result first, told in plain words", prompt_id="behavioral-3am-break", kind="strong"),
    Case("h-star-schema-plain-strong", "behavioral-star", "piper", "strong", (
        Say("A team upstream renamed a field in the events they sent us, and our checks let it through.", SIT),
        Say("Within an hour three jobs downstream were crashing, and the morning reports were empty.", SIT),
        Say("Getting things running again, and making sure a rename could never sneak through again, was my call.", TASK),
        Say("I rolled the producer back to the old field name to stop the bleeding.", ACT),
        Say("Next I showed the other team that a rename is really a removal plus an addition, which is why our compatibility check missed it.", ACT),
        Say("I put a registry check into their build, so a breaking change now fails before it can be merged.", ACT),
        Say("Eleven months on, we have not had a single schema break in production.", RES),
    ), "a chronological story without the usual openers", prompt_id="behavioral-schema-incident", kind="strong"),
    Case("h-star-dq-vague-result", "behavioral-star", "espeak", "flawed", (
        Say("Row counts in the daily plays table were a little lower than the source every morning.", SIT),
        Say("Tracking down where the missing rows went landed on my desk.", TASK),
        Say("I lined up the counts hour by hour and saw the gap only in the hours after midnight.", ACT),
        Say("One collector had a setting that dropped anything arriving more than ten minutes late; I widened it and reloaded the last two days.", ACT),
        Say("Things looked a lot better later on, and people seemed happy.", RES),
    ), "a good story whose result has no number", prompt_id="behavioral-data-quality", kind="flawed"),
    Case("h-star-dq-result-first", "behavioral-star", "piper", "strong", (
        Say("Daily play counts have matched the source to the row for six months now, after being short by half a percent.", RES),
        Say("Every morning the plays table came out slightly smaller than what the devices had sent.", SIT),
        Say("It was my job to explain the gap and close it for good.", TASK),
        Say("I lined up the counts hour by hour, and the missing rows all sat just after midnight, when phones come back online.", ACT),
        Say("One collector was discarding anything more than ten minutes late, and I widened that window and reloaded two days.", ACT),
        Say("I also put a nightly comparison against the device totals in place that alerts us if they differ by more than a tenth of a percent.", ACT),
    ), "headline result first, same prompt as a vague and a buzzword answer", prompt_id="behavioral-data-quality", kind="strong"),
    Case("h-star-dq-buzzwords", "behavioral-star", "espeak", "flawed", (
        Say("Data quality, observability, root cause analysis, stakeholder alignment, ownership, monitoring.", NONE),
        Say("Great Expectations, dbt tests, anomaly detection, service level agreements, alerting, dashboards, impact.", NONE),
        Say("Collaboration, communication, best practices, documentation, continuous improvement.", NONE),
    ), "a list of terms instead of a story", prompt_id="behavioral-data-quality", kind="buzzword"),
    Case("h-star-pii-disfluent", "behavioral-star", "piper", "flawed", (
        Say("So, um, this was, uh, a company with, like, forty million customer records, and, um, the, the personal data was everywhere.", SIT),
        Say("And I, uh, I was, um, supposed to, to make it so we could, uh, actually delete someone.", TASK),
        Say("Um, I, I swapped the, the customer id for a token when it comes in, and, uh, kept the mapping in one, one locked place.", ACT),
        Say("And then, um, deleting someone is just, uh, forgetting their token, and a, a queue tells the, um, downstream tables.", ACT),
        Say("And, uh, yeah, deletes took, um, like three weeks before and, uh, two days now.", RES),
    ), "all four parts, heavy disfluency", prompt_id="behavioral-pii", kind="flawed"),
    Case("h-star-influence-no-task", "behavioral-star", "espeak", "flawed", (
        Say("Four product teams each kept their own copy of the customer table, and none of them matched.", SIT),
        Say("I pulled a month of numbers from all four copies and showed each lead how much their reports disagreed with finance.", ACT),
        Say("I offered to move their first dashboard for them, and once one team switched, the others asked to follow.", ACT),
        Say("Within a quarter all four read one shared table, and the monthly reconciliation meeting was cancelled.", RES),
    ), "never says what the speaker set out to do", prompt_id="behavioral-influence", kind="flawed"),
    # ---- SQL --------------------------------------------------------------------------------------
    Case("h-sql-sessions-typing", "sql", "piper", "flawed", (
        Say("I'll compare each play with the one before it for the same profile and start a new session whenever the gap is over thirty minutes.", F),
        Pause(9.0),
        Say("Okay, so this part looks at the previous play time for each profile, in time order.", B),
        Say("This flag is one when the gap is more than eighteen hundred seconds, or when there is no earlier play.", B),
        Say("Adding up the flags as we go numbers the sessions, and after it I take the first and last time and a count per session.", B),
        Say("A profile with a single play still gets a session of its own.", S),
    ), "a one-sentence plan, then nine silent seconds of typing", prompt_id="sql-sessionization", kind="flawed"),
    Case("h-sql-sessions-plain-strong", "sql", "espeak", "strong", (
        Say("Are the timestamps all in one zone, and can the same play show up twice in the raw events?", C),
        Say("Here's how I'll go about it: look back at the previous play per profile, mark where a new session starts, then add up the marks.", F),
        Say("The previous play time comes from looking one row back, per profile, sorted by time.", B),
        Say("A new session starts when that gap tops thirty minutes, or when there is nothing before it.", B),
        Say("A running total of those starts gives each play its session number, and grouping on profile and that number gives start, end and play count.", B),
        Say("A self join would also work, but looking one row back reads the table once, so I'd go with that.", B),
        Say("I'd check it on a profile with one play, on two plays exactly thirty minutes apart, and on duplicated plays, which I'd remove first.", S),
    ), "clarify, a plan, the narration, the checks, all in plain words", prompt_id="sql-sessionization", kind="strong"),
    Case("h-sql-sessions-buzzwords", "sql", "piper", "flawed", (
        Say("Window functions, lag, lead, row number, gaps and islands, common table expressions.", NONE),
        Say("Partition by, order by, running sum, qualify, group by, indexes, query plan, performance.", NONE),
        Say("Edge cases, nulls, duplicates, time zones, scalability.", NONE),
    ), "a list of terms, no plan and no query", prompt_id="sql-sessionization", kind="buzzword"),
    Case("h-sql-topn-late-questions", "sql", "espeak", "flawed", (
        Say("Right, I'll add up watch time per profile and title first, then rank within each profile and keep the top three.", F),
        Say("The first step sums the seconds for each profile and title over the last thirty days.", B),
        Say("Then each profile's titles get numbered from most watched down.", B),
        Say("Keep the rows numbered three or lower and that's the answer.", B),
        Say("Hmm, wait, what should happen when two titles have exactly the same watch time?", B),
        Say("And is the thirty days counted from today, or from the last load?", B),
        Say("If they can tie, I'd break it on the title id so the answer doesn't change between runs.", S),
    ), "writes the query first, asks about ties and the window afterwards", prompt_id="sql-top-n-per-group", kind="flawed",
        late_questions=2),
    Case("h-sql-funnel-disfluent", "sql", "piper", "flawed", (
        Say("Um, so, is a, a user allowed to, uh, skip a step, or does it have to be, um, in order?", C),
        Say("Okay so, uh, I'll, um, make one row per user with a, a yes or no for each, each step.", F),
        Say("So for each, uh, user I take the, um, the biggest of, of a check for landing, and, uh, the same for plan select and so on.", B),
        Say("Then the, um, conversion is, uh, the count at each step over the, the count at the one before.", B),
        Say("And, uh, if nobody, um, landed that day, the, the bottom is zero, so I, uh, guard against that.", S),
    ), "every beat, heavy fillers and restarts", prompt_id="sql-funnel", kind="flawed"),
    # ---- streaming ----------------------------------------------------------------------------------
    Case("h-str-watermark-plain-strong", "streaming", "piper", "strong", (
        Say("Think of a watermark as the stream telling itself: I don't expect anything older than this moment any more.", F),
        Say("In practice it trails the newest time we have seen by some margin, and once it passes the end of a window, that window is emitted.", B),
        Say("To choose the margin I'd look at how late events really are, take the ninety ninth percentile of that delay, and add a little on top.", B),
        Say("Anything that still arrives after it goes to a side stream rather than being thrown away, and we count those per topic every hour.", B),
        Say("Set it too close and real plays get dropped, set it too far and every dashboard waits, so I'd start near a minute and adjust from the late counts.", S),
        Say("What would bite us here is one partition with a broken clock holding everything back.", S),
    ), "definition, mechanism and the cost of each choice in plain words", prompt_id="streaming-watermarks", kind="strong"),
    Case("h-str-watermark-no-stress", "streaming", "espeak", "flawed", (
        Say("A watermark tells the job how far along in event time it can safely consider itself.", F),
        Say("Each source tracks the latest event time it has seen and subtracts a fixed delay, say thirty seconds.", B),
        Say("The job takes the smallest value across its inputs, and windows close once that value passes their end.", B),
        Say("In Flink you declare it on the timestamp column of the source table.", B),
    ), "defines and explains, never weighs the choice or says how it goes wrong", prompt_id="streaming-watermarks", kind="flawed"),
    Case("h-str-watermark-buzzwords", "streaming", "espeak", "flawed", (
        Say("Event time, processing time, watermarks, allowed lateness, out of order events, side outputs.", NONE),
        Say("Flink, Kafka, checkpoints, exactly once, state backend, RocksDB, backpressure, skew.", NONE),
        Say("Late data, completeness, latency, trade-offs, monitoring.", NONE),
    ), "a list of terms, no definition and no reasoning", prompt_id="streaming-watermarks", kind="buzzword"),
    Case("h-str-offtopic-backpressure", "streaming", "piper", "flawed", (
        Say("Backpressure happens when a later step in the job can't keep up with the one feeding it.", F),
        Say("Flink handles it by letting the network buffers fill, which slows the upstream tasks down on their own.", B),
        Say("The web interface shows which task is the bottleneck, and usually it's one operator with a hot key.", B),
        Say("Left alone, buffers grow until a task runs out of memory, so I'd spread the hot key with a salt or add parallelism.", S),
    ), "a backpressure answer, scored against the exactly-once prompt", prompt_id="streaming-exactly-once", kind="offtopic"),
    # ---- design -------------------------------------------------------------------------------------
    Case("h-des-erasure-plain-strong", "design", "piper", "strong", (
        Say("How long do we have from the moment someone asks to be forgotten, and does finance have to keep anything for years?", C),
        Say("And are there copies outside our warehouse, say in partner exports or backups?", C),
        Say("Overall I'd make the person's identity replaceable at the door, so forgetting them is one small change instead of a hunt through every table.", F),
        Say("Events come in with the user id swapped for a random token, and only a small locked service knows which token belongs to whom.", B),
        Say("To forget someone, that service drops their mapping, and a message goes out to every team that built tables from the raw data.", B),
        Say("Each of those teams has thirty days to rebuild or scrub, and a tracker shows who has not confirmed yet.", B),
        Say("Invoices that the law says we keep for seven years are anonymised instead of removed.", B),
        Say("What would bite us here is a team that copied raw ids into a spreadsheet before the tokens existed.", S),
        Say("So the first month is an audit of every place the old ids leaked, and the tracker pages someone when a deadline slips.", S),
    ), "erasure design without the legal term or the usual openers", prompt_id="design-gdpr-delete", kind="strong"),
    Case("h-des-erasure-late-questions", "design", "espeak", "flawed", (
        Say("So the way I see it, there are three pieces: a token service, a fan out of erase messages, and a tracker.", F),
        Say("The token service swaps ids for tokens when events arrive.", B),
        Say("Erasing someone removes their token and sends a message to each downstream owner.", B),
        Say("The tracker follows each owner until they confirm.", B),
        Say("Oh, one thing, how many days do we actually have to finish?", B),
        Say("And does finance need to keep some of these records?", B),
        Say("If an owner never confirms, the tracker escalates to their manager after a week.", S),
    ), "the design first, its questions only at the end", prompt_id="design-gdpr-delete", kind="flawed", late_questions=2),
    Case("h-des-recs-no-stress", "design", "piper", "flawed", (
        Say("Which decisions need fresh signals, the home page rows or only the search results?", C),
        Say("And roughly how many events a second at peak?", C),
        Say("I'd split it into a fast lane for what someone did in the last few minutes and a slow lane for everything older.", F),
        Say("Clicks and plays flow into a message log, and a streaming job turns them into rolling counts per profile.", B),
        Say("Those counts land in a low latency key value store, next to the nightly features computed in the warehouse.", B),
        Say("The model server reads both for a profile in a few milliseconds when the page loads.", B),
        Say("New members with no history get rows driven by what's popular in their country.", B),
    ), "clear design that never says where it could go wrong", prompt_id="design-realtime-recs", kind="flawed"),
    Case("h-des-recs-buzzwords", "design", "espeak", "flawed", (
        Say("Kafka, Flink, feature store, Redis, embeddings, model serving, microservices.", NONE),
        Say("Real time, low latency, scalability, caching, A B testing, monitoring, cold start.", NONE),
        Say("Data lake, Spark, batch pipeline, Kubernetes, observability.", NONE),
    ), "a list of terms instead of a design", prompt_id="design-realtime-recs", kind="buzzword"),
    Case("h-des-offtopic-quality", "design", "espeak", "flawed", (
        Say("Which tables would hurt most if they were wrong tomorrow morning?", C),
        Say("I'd run checks at three levels: shape, volume and content, each with a severity.", F),
        Say("Shape checks come from the schema registry, and volume checks compare today's row count with the last week's average.", B),
        Say("Content checks compare key columns with yesterday's distribution and look for ids that point nowhere.", B),
        Say("The worst failures hold back everything downstream and page whoever is on call.", S),
    ), "a data quality framework, scored against the A/B platform prompt", prompt_id="design-ab-platform", kind="offtopic"),
]


def by_id(case_id: str) -> Case:
    return next(c for c in CASES if c.id == case_id)
