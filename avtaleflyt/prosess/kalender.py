"""Working days and deadlines: Norwegian public holidays (`holidays.Norway`) and weekends.

Every function takes its dates as arguments; nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

OSLO = ZoneInfo("Europe/Oslo")


@lru_cache(maxsize=64)
def _helligdager(aar: int) -> frozenset[dt.date]:
    return frozenset(holidays.Norway(years=aar).keys())


def helligdag(dato: dt.date) -> str | None:
    """Name of the Norwegian public holiday on `dato`, or None."""
    return (
        holidays.Norway(years=dato.year, language="no").get(dato)
        if dato in _helligdager(dato.year)
        else None
    )


def er_virkedag(dato: dt.date) -> bool:
    """Monday–Friday and not a Norwegian public holiday."""
    return dato.weekday() < 5 and dato not in _helligdager(dato.year)


def forrige_virkedag(dato: dt.date) -> dt.date:
    """`dato` itself if it is a working day, else the nearest working day before it."""
    while not er_virkedag(dato):
        dato -= dt.timedelta(days=1)
    return dato


def trekk_virkedager(dato: dt.date, antall: int) -> dt.date:
    """The working day `antall` working days before `dato` (0 → `dato` rolled back to a working day)."""
    if antall <= 0:
        return forrige_virkedag(dato)
    dag = dato
    igjen = antall
    while igjen:
        dag -= dt.timedelta(days=1)
        if er_virkedag(dag):
            igjen -= 1
    return dag


def virkedager_mellom(fra: dt.date, til: dt.date) -> int:
    """Working days after `fra` up to and including `til` (0 when `til` <= `fra`)."""
    antall = 0
    dag = fra
    while dag < til:
        dag += dt.timedelta(days=1)
        if er_virkedag(dag):
            antall += 1
    return antall


def frist_for(dato: dt.date, dager: int, fristtype: str) -> dt.date:
    """Deadline `dager` before `dato`: calendar days moved back to a working day, or working days."""
    if fristtype == "virkedager":
        return trekk_virkedager(dato, dager)
    return forrige_virkedag(dato - dt.timedelta(days=dager))


def idag() -> dt.date:
    """Today in Europe/Oslo. Only CLI defaults call this; the engine takes `at` as an argument."""
    return dt.datetime.now(OSLO).date()
