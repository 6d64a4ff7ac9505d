"""Election years and the population year of a key recomputed per election.

Kept apart from the pydantic models (plain functions, no imports of ours) so the cost-key
computation (`avtaleflyt.fordeling`) and the rules can use them without loading the models.
"""

from __future__ import annotations

import datetime as dt

KOMMUNESTYREVALG_1975 = 1975
"""Kommunestyre- og fylkestingsvalg are held every fourth year (1975, 1979, … 2019, 2023, 2027)."""


def er_valgaar(aar: int) -> bool:
    """Whether kommunestyre- og fylkestingsvalg are held in `aar` (every fourth year since 1975)."""
    return aar >= KOMMUNESTYREVALG_1975 and (aar - KOMMUNESTYREVALG_1975) % 4 == 0


def siste_valgaar(dato: dt.date) -> int:
    """The last election year whose 1 January is on or before `dato`: the year a key recomputed
    per election uses on that date."""
    return dato.year - (dato.year - KOMMUNESTYREVALG_1975) % 4


def neste_valgaar(dato: dt.date) -> int:
    """The first election year whose 1 January is after `dato`: when the agreement states the
    shares it starts with, a key recomputed per election applies from then."""
    return siste_valgaar(dato) + 4


def folketallsaar(aar: int | None, folketall_per: str | None, dato: dt.date | None) -> int | None:
    """The year whose population (per 1 January) a key uses: the stated year; for a key recomputed
    per election without a year, the last election year on the agreement's date; None when
    neither can be told (no year, no recurring date, or no date to count from)."""
    if aar is not None:
        return aar
    if folketall_per == "valgaar" and dato is not None:
        return siste_valgaar(dato)
    return None
