"""Dates, lists and byte sizes as a Norwegian reader expects them on the site."""

from __future__ import annotations

import datetime as dt

MANEDER = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)


def dato(d: dt.date | None) -> str:
    """«8. september 2026»; «–» when unknown."""
    if d is None:
        return "–"
    return f"{d.day}. {MANEDER[d.month - 1]} {d.year}"


def dato_kort(d: dt.date, *, kun_maned: bool = False) -> str:
    """«08.09.2026», or «sep. 2026» for an axis tick."""
    if kun_maned:
        return f"{MANEDER[d.month - 1][:3]}. {d.year}"
    return d.strftime("%d.%m.%Y")


def liste(deler: list[str]) -> str:
    """«A», «A og B», «A, B og C»."""
    if len(deler) <= 1:
        return "".join(deler)
    return ", ".join(deler[:-1]) + " og " + deler[-1]


def storrelse(antall: int) -> str:
    """«25,4 kB» (1 kB = 1000 byte), «812 byte»."""
    if antall < 1000:
        return f"{antall} byte"
    for enhet, grense in (("kB", 1e3), ("MB", 1e6), ("GB", 1e9)):
        if antall < grense * 1000 or enhet == "GB":
            return f"{antall / grense:.1f} {enhet}".replace(".", ",")
    return f"{antall} byte"
