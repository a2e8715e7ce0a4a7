"""Date resolution and gazetteer speed: newsfuse.extract.time/places against dateparser alone.

Run: .venv/bin/python bench/dates.py [--repeat N]

Accuracy: hand-labelled sentences (written for this benchmark, not taken from the seeds), each with
one date expression, an anchor and the date a reader would give it. The baseline is what a pipeline
gets from dateparser on its own: ``search_dates`` over the sentence with ``RELATIVE_BASE`` = anchor
and the library's default preferences; it scores when its date for the expression agrees with the
label at the label's precision (generous: a right day counts for a month label).
Speed: sentences per second for both, and gazetteer lookups per second after loading.
"""

from __future__ import annotations

import argparse
import time
from datetime import date, datetime

from newsfuse.extract.places import Gazetteer
from newsfuse.extract.time import find_dates
from newsfuse.models import When

SUN = date(2025, 5, 4)
WED = date(2025, 3, 12)
JAN = date(2025, 1, 3)

# (sentence, expression, anchor, expected value)
LABELLED: list[tuple[str, str, date, str]] = [
    ("The prime minister will visit Paris on Monday for two days of talks.", "Monday", SUN, "2025-05-05"),
    ("The foreign minister said on Monday that the talks had stalled.", "Monday", SUN, "2025-04-28"),
    ("Police said on Sunday that three people had been arrested.", "Sunday", SUN, "2025-05-04"),
    ("The council is expected to vote on Thursday.", "Thursday", SUN, "2025-05-08"),
    ("Rescue teams reached the village on Friday after the floods.", "Friday", SUN, "2025-05-02"),
    ("The summit opens on Tuesday in Geneva.", "Tuesday", SUN, "2025-05-06"),
    ("The ministry announced on Wednesday a new round of sanctions.", "Wednesday", WED, "2025-03-12"),
    ("Talks are scheduled to resume on Saturday.", "Saturday", WED, "2025-03-15"),
    ("He was arrested on Monday and charged on Tuesday.", "Monday", WED, "2025-03-10"),
    ("Voters will go to the polls on Sunday.", "Sunday", WED, "2025-03-16"),
    ("The ceasefire collapsed in November after weeks of shelling.", "November", SUN, "2024-11"),
    ("Elections will be held in November.", "November", SUN, "2025-11"),
    ("The company reported a loss in February.", "February", SUN, "2025-02"),
    ("The new law takes effect in September.", "September", SUN, "2025-09"),
    ("The deal was signed on December 30 in Beijing.", "December 30", JAN, "2024-12-30"),
    ("The strike began on April 22 and lasted a week.", "April 22", SUN, "2025-04-22"),
    ("Negotiators will meet again on June 12.", "June 12", SUN, "2025-06-12"),
    ("Ministers met on 3 March to discuss the budget.", "3 March", WED, "2025-03-03"),
    ("The inquiry will report on 30 April.", "30 April", WED, "2025-04-30"),
    ("Officials recalled the March 1 blast that killed nine.", "March 1", WED, "2025-03-01"),
    ("Inflation rose sharply last month.", "last month", SUN, "2025-04"),
    ("The central bank will meet next month.", "next month", SUN, "2025-06"),
    ("Exports fell last year for the first time in a decade.", "last year", SUN, "2024"),
    ("The plant is due to open next year.", "next year", SUN, "2026"),
    ("The two leaders last met in October 2023 in Delhi.", "October 2023", SUN, "2023-10"),
    ("The treaty was signed in 1997.", "1997", SUN, "1997"),
    ("The vote took place on 14 February 2025.", "14 February 2025", SUN, "2025-02-14"),
    ("The report, dated March 3, 2025, was leaked.", "March 3, 2025", SUN, "2025-03-03"),
    ("Officials said yesterday that the border was closed.", "yesterday", SUN, "2025-05-03"),
    ("The minister will speak tomorrow.", "tomorrow", SUN, "2025-05-05"),
    ("The fire broke out three days ago.", "three days ago", SUN, "2025-05-01"),
    ("The company said earlier this month it would cut jobs.", "earlier this month", SUN, "2025-05"),
    ("The bill passed in January after a long debate.", "January", JAN, "2025-01"),
    ("The festival was held in December.", "December", JAN, "2024-12"),
    ("The bridge will reopen on January 5.", "January 5", date(2024, 12, 28), "2025-01-05"),
    ("Protesters gathered on Saturday outside parliament.", "Saturday", SUN, "2025-05-03"),
    ("The trial is set to begin on Wednesday.", "Wednesday", SUN, "2025-05-07"),
    ("The results were published on Thursday.", "Thursday", SUN, "2025-05-01"),
    ("In May last year, the two sides signed an accord.", "May last year", SUN, "2024-05"),
    ("The talks resume on Monday, May 12.", "Monday, May 12", SUN, "2025-05-12"),
]


def _ours(sentence: str, expr: str, anchor: date) -> str | None:
    for m in find_dates(sentence, When(anchor.isoformat(), "day"), "b"):
        if m.span.text == expr:
            return m.when.value
    return None


def _baseline(sentence: str, expr: str, anchor: date, expected: str) -> str | None:
    from dateparser.search import search_dates

    found = search_dates(
        sentence,
        languages=["en"],
        settings={"RELATIVE_BASE": datetime(anchor.year, anchor.month, anchor.day)},
    )
    for text, d in found or []:
        if expr in text or text in expr:
            return d.date().isoformat()[: len(expected)]
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=3, help="passes over the sentences for the speed figure")
    args = ap.parse_args()

    ok_ours = ok_base = 0
    misses: list[str] = []
    for sentence, expr, anchor, expected in LABELLED:
        ours = _ours(sentence, expr, anchor)
        base = _baseline(sentence, expr, anchor, expected)
        ok_ours += ours == expected
        ok_base += base == expected
        if ours != expected:
            misses.append(f"  ours  {expr!r}: {ours} != {expected}  ({sentence})")
    n = len(LABELLED)

    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for sentence, expr, anchor, _e in LABELLED:
            _ours(sentence, expr, anchor)
    t_ours = (time.perf_counter() - t0) / (args.repeat * n)
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for sentence, expr, anchor, expected in LABELLED:
            _baseline(sentence, expr, anchor, expected)
    t_base = (time.perf_counter() - t0) / (args.repeat * n)

    print(f"{'':28}{'newsfuse':>12}{'dateparser':>12}{'ratio':>8}")
    print(
        f"{'accuracy (' + str(n) + ' sentences)':28}{ok_ours / n:>12.3f}{ok_base / n:>12.3f}{(ok_ours / max(ok_base, 1)):>8.2f}"
    )
    print(f"{'sentences / s':28}{1 / t_ours:>12.0f}{1 / t_base:>12.0f}{t_base / t_ours:>8.2f}")
    for line in misses:
        print(line)

    gz = Gazetteer()
    t0 = time.perf_counter()
    gz.lookup("New Delhi")
    load = time.perf_counter() - t0
    names = ["New Delhi", "Pahalgam", "Georgia", "Hyderabad", "South China Sea", "Lao PDR", "Bombay", "Quad"]
    reps = 2000
    t0 = time.perf_counter()
    for _ in range(reps):
        for name in names:
            gz.lookup(name, ("IND", "JPN"))
    per = (time.perf_counter() - t0) / (reps * len(names))
    t0 = time.perf_counter()
    for _ in range(reps):
        for name in ("Indian", "Japan’s", "U.S.", "Beijing", "Reuters"):
            gz.country_of(name)
    per_c = (time.perf_counter() - t0) / (reps * 5)
    print(
        f"gazetteer: first lookup (loads 234,908 GeoNames places) {load:.1f} s; "
        f"lookup {per * 1e6:.1f} µs ({1 / per:,.0f}/s); country_of {per_c * 1e6:.1f} µs"
    )


if __name__ == "__main__":
    main()
