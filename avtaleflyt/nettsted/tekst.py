"""Dates and byte sizes as a Norwegian reader expects them on the site; the long date and the
month names are the documents' own (rendering.templating), so site and agreement agree."""

from __future__ import annotations

import datetime as dt

from avtaleflyt.rendering.templating import MAANEDER, langdato


def dato(d: dt.date | None) -> str:
    """«8. september 2026»; «–» when unknown."""
    if d is None:
        return "–"
    return langdato(d)


def dato_kort(d: dt.date, *, kun_maned: bool = False) -> str:
    """«08.09.2026», or «sep. 2026» for an axis tick."""
    if kun_maned:
        return f"{MAANEDER[d.month - 1][:3]}. {d.year}"
    return d.strftime("%d.%m.%Y")


def storrelse(antall: int) -> str:
    """«25,4 kB» (1 kB = 1000 byte), «812 byte»."""
    if antall < 1000:
        return f"{antall} byte"
    for enhet, grense in (("kB", 1e3), ("MB", 1e6), ("GB", 1e9)):
        if antall < grense * 1000 or enhet == "GB":
            return f"{antall / grense:.1f} {enhet}".replace(".", ",")
    return f"{antall} byte"
