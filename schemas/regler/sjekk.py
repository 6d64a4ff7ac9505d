"""Regelsjekkene: `sjekk(avtale)` kjører alle regler som gjelder avtaletypen og samler alle brudd.

Sjekkene er billige: feltmetadata (`lovkrav`) leses én gang per modellklasse, regulære uttrykk
kompileres ved import, og avtalen leses uten kopiering.

Sjekkene bor i modulene per område: `sjekk_innhold` (lovpålagt innhold per samarbeidsform),
`sjekk_deltakere` (deltakere og andeler), `sjekk_organer` (organer, myndighet og navn) og
`sjekk_gammel_lov` (henvisninger til kommuneloven 1992); `sjekk_felles` har det de deler.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache
from typing import Any

from schemas.regler.modell import IKS, IPR, KO, SA, VK, VKN, Brudd
from schemas.regler.sjekk_deltakere import sjekk_andeler, sjekk_deltakerliste
from schemas.regler.sjekk_felles import Ut, sett_kommuneoppslag
from schemas.regler.sjekk_gammel_lov import KILDETEKST, sjekk_gammel_lov
from schemas.regler.sjekk_innhold import sjekk_iks_lan, sjekk_lovkrav, sjekk_vertskommune
from schemas.regler.sjekk_organer import (
    sjekk_administrativ,
    sjekk_iks_myndighet,
    sjekk_ko_ipr_myndighet,
    sjekk_navn,
    sjekk_nemnd,
    sjekk_representantskap,
    sjekk_samarbeidsavtale_myndighet,
)

__all__ = ["SJEKKER", "Sjekk", "sett_kommuneoppslag", "sjekk"]

# --------------------------------------------------------------------------- register

Sjekk = Callable[[Any, Ut, dt.date], None]

# Hver sjekk med regel-id-ene den kan melde og typene den kjører for.
SJEKKER: tuple[tuple[Sjekk, frozenset[str]], ...] = (
    (sjekk_lovkrav, frozenset({VK, VKN, KO, IPR, IKS, SA})),
    (sjekk_deltakerliste, frozenset({VK, VKN, KO, IPR, IKS, SA})),
    (sjekk_vertskommune, frozenset({VK, VKN})),
    (sjekk_administrativ, frozenset({VK})),
    (sjekk_nemnd, frozenset({VKN})),
    (sjekk_representantskap, frozenset({KO, IPR, IKS})),
    (sjekk_andeler, frozenset({KO, IPR, IKS})),
    (sjekk_ko_ipr_myndighet, frozenset({KO, IPR})),
    (sjekk_iks_myndighet, frozenset({IKS})),
    (sjekk_samarbeidsavtale_myndighet, frozenset({SA})),
    (sjekk_navn, frozenset({KO, IPR, IKS})),
    (sjekk_iks_lan, frozenset({IKS})),
    (sjekk_gammel_lov, frozenset({VK, VKN, KO, IPR, IKS, SA})),
)


@cache
def _sjekker_for(avtaletype: str) -> tuple[Sjekk, ...]:
    return tuple(f for f, typer in SJEKKER if avtaletype in typer)


def sjekk(
    avtale: Any, *, pa_dato: dt.date | None = None, kildetekst: str | None = None
) -> list[Brudd]:
    """Kjør alle regler som gjelder avtalens type; returner alle brudd (aldri bare det første).

    `pa_dato` er datoen kommunenumrene prøves mot; standard er avtalens dato (`avtaledato`,
    ellers `versjonsdato`). `kildetekst` er YAML-teksten avtalen ble lest fra, når den finnes:
    da letes det etter den gamle kommuneloven i teksten i stedet for i en ny serialisering.
    """
    dato = pa_dato or avtale.dato
    ut: Ut = []
    token = KILDETEKST.set(kildetekst)
    try:
        for f in _sjekker_for(avtale.type):
            f(avtale, ut, dato)
    finally:
        KILDETEKST.reset(token)
    return ut
