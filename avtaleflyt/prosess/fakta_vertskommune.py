"""The legal facts of the vertskommune steps after adoption: who must delegate, whether the host
has given notice of the cooperation, and to whom.

Part of the legal facts (`avtaleflyt.prosess.fakta` re-exports these, so consumers ask `fakta`);
who delegates for a participant (its own highest body) is `fakta.delegeringsorgan`.
"""

from __future__ import annotations

import datetime as dt

from schemas.avtale import Avtale
from schemas.felles import deltakerart
from schemas.prosess import Prosess


def meldingsmottaker(vert: str | None) -> str:
    """Who the host tells that the vertskommune cooperation is set up (kl. § 20-4 femte ledd):
    statsforvalteren for a kommune, the departement for a fylkeskommune."""
    return "departementet" if vert and deltakerart(vert) == "fylkeskommune" else "statsforvalteren"


def delegering_kreves_for(avtale: Avtale) -> list[str]:
    """The participants whose highest body (`delegeringsorgan`) must delegate in a vertskommune
    cooperation: every participant but the host (kl. § 20-2), every participant with a nemnd (kl. § 20-3)."""
    deltakere = [d.kommunenummer for d in avtale.deltakere]
    if avtale.type == "vertskommune":
        return [k for k in deltakere if k != getattr(avtale, "vertskommune", None)]
    if avtale.type == "vertskommune_nemnd":
        return deltakere
    return []


def delegering_mangler(avtale: Avtale, prosess: Prosess, at: dt.date) -> list[str]:
    """The municipalities that must delegate and have no delegation decision by `at`."""
    har = {d.kommune for d in prosess.delegering if d.dato <= at}
    return [nr for nr in delegering_kreves_for(avtale) if nr not in har]


def melding_sendt(prosess: Prosess, at: dt.date) -> bool:
    """Has the host told statsforvalteren the cooperation is set up (kl. § 20-4), by `at`?"""
    return any(m.dato <= at for m in prosess.melding_statsforvalter)
