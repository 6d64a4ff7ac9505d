"""The official municipality numbers shipped with the project, with the periods they were valid.

A kommunenummer is only meaningful on a date: Trøndelag's numbers changed in 2018 (16xx/17xx →
50xx) and again in 2020, most counties were renumbered on 1.1.2020 and again on 1.1.2024, and
reused numbers name other municipalities. The list is `schemas/data/kommuner.csv`; its coverage
is stated in `data/README.md`: complete nationally from `NATIONAL_FROM` (1.1.2020), and before
that only for the counties in `COVERED_COUNTIES` (Trøndelag and Oslo, from 2017). `covered`
tells whether the absence of a number from the list means that it did not exist.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).with_name("data") / "kommuner.csv"

COVERED_COUNTIES = {
    "03": "Oslo",
    "16": "Sør-Trøndelag (til 2017)",
    "17": "Nord-Trøndelag (til 2017)",
    "50": "Trøndelag",
}
"""County prefixes the shipped list covers completely also before `NATIONAL_FROM` (from 2017)."""

NATIONAL_FROM = dt.date(2020, 1, 1)
"""From this date on the shipped list covers every county: a number missing there did not exist."""


@dataclass(frozen=True, slots=True)
class Kommune:
    nummer: str
    navn: str
    gyldig_fra: dt.date | None
    """None: valid from before the period the list covers."""
    gyldig_til: dt.date | None
    """None: still valid."""

    def gyldig(self, on: dt.date) -> bool:
        return (self.gyldig_fra is None or self.gyldig_fra <= on) and (
            self.gyldig_til is None or on <= self.gyldig_til
        )


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@cache
def _table() -> dict[str, tuple[Kommune, ...]]:
    table: dict[str, list[Kommune]] = {}
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            item = Kommune(
                row["nummer"], row["navn"], _date(row["gyldig_fra"]), _date(row["gyldig_til"])
            )
            table.setdefault(item.nummer, []).append(item)
    return {
        nr: tuple(sorted(items, key=lambda k: k.gyldig_fra or dt.date.min))
        for nr, items in table.items()
    }


def periods(nr: str) -> list[Kommune]:
    return list(_table().get(nr, ()))


def known(nr: str) -> bool:
    return nr in _table()


def covered(nr: str, on: dt.date | None = None) -> bool:
    """Whether the shipped list covers this number on that date, so absence means it did not exist.

    True on or after `NATIONAL_FROM` for every number, and at any date for the counties in
    `COVERED_COUNTIES`. Without a date only the county prefix is considered.
    """
    if on is not None and on >= NATIONAL_FROM:
        return True
    return nr[:2] in COVERED_COUNTIES


def kommune(nr: str, on: dt.date) -> Kommune | None:
    """The municipality the number denoted on that date, or None."""
    for item in _table().get(nr, ()):
        if item.gyldig(on):
            return item
    return None


def _norsk_dato(d: dt.date) -> str:
    return f"{d.day}.{d.month}.{d.year}"


def describe_validity(nr: str) -> str:
    """«5027 Midtre Gauldal, gyldig fra 1.1.2018», for error messages."""
    parts = []
    for item in periods(nr):
        span = []
        if item.gyldig_fra:
            span.append(f"fra {_norsk_dato(item.gyldig_fra)}")
        if item.gyldig_til:
            span.append(f"til {_norsk_dato(item.gyldig_til)}")
        parts.append(f"{item.nummer} {item.navn}" + (f", gyldig {' '.join(span)}" if span else ""))
    return "; ".join(parts) if parts else f"{nr} finnes ikke i kommunelisten"
