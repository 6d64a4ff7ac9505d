"""Regelsjekkene: `sjekk(avtale)` kjører alle regler som gjelder avtaletypen og samler alle brudd.

Sjekkene er billige: feltmetadata (`lovkrav`) leses én gang per modellklasse, regulære uttrykk
kompileres ved import, og avtalen leses uten kopiering.

Sjekkene bor i modulene per område: `sjekk_innhold` (lovpålagt innhold per samarbeidsform),
`sjekk_deltakere` (deltakere og andeler), `sjekk_organer` (organer, myndighet og navn) og
`sjekk_gammel_lov` (henvisninger til kommuneloven 1992) og `sjekk_struktur` (opptak, overganger,
delavtaler og avtalesett); `sjekk_felles` har det de deler. Det som krever andre avtaler, er i
`sjekk_sammen`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from schemas.regler.modell import IKS, IPR, KO, SA, VK, VKN, Brudd
from schemas.regler.sjekk_begreper import sjekk_vertskommunebegrep
from schemas.regler.sjekk_deltakere import DATO_UKJENT, sjekk_andeler, sjekk_deltakerliste
from schemas.regler.sjekk_felles import Ut, sett_kommuneoppslag
from schemas.regler.sjekk_folketall import sjekk_folketallsnokler
from schemas.regler.sjekk_gammel_lov import KILDETEKST, sjekk_gammel_lov
from schemas.regler.sjekk_innhold import sjekk_iks_lan, sjekk_lovkrav, sjekk_vertskommune
from schemas.regler.sjekk_klausuler import sjekk_standardklausuler
from schemas.regler.sjekk_lovhenvisninger import sjekk_lovhenvisninger
from schemas.regler.sjekk_organer import (
    sjekk_administrativ,
    sjekk_iks_myndighet,
    sjekk_ko_ipr_myndighet,
    sjekk_navn,
    sjekk_nemnd,
    sjekk_observatorer,
    sjekk_representantskap,
    sjekk_samarbeidsavtale_myndighet,
    sjekk_styre_valg,
)
from schemas.regler.sjekk_plassholdere import sjekk_plassholdere
from schemas.regler.sjekk_struktur import (
    flytt_sti,
    overgangsavtaler,
    sjekk_avtalesett,
    sjekk_bidrag_per_innbygger,
    sjekk_lovhjemmel_ordrett,
    sjekk_opptak,
    sjekk_overganger,
    sjekk_rammetilknytning,
    sjekk_underavtaler,
)
from schemas.regler.sjekk_tomme_felt import sjekk_tomme_felt
from schemas.regler.sjekk_vedlegg import AVTALEMAPPE, sjekk_vedlegg

__all__ = ["SJEKKER", "Sjekk", "lovkrav_brudd", "sett_kommuneoppslag", "sjekk"]

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
    (sjekk_plassholdere, frozenset({VK, VKN, KO, IPR, IKS, SA})),
    (sjekk_standardklausuler, frozenset({VK, VKN, KO, IPR, IKS, SA})),
    (sjekk_observatorer, frozenset({KO, IPR})),
    (sjekk_styre_valg, frozenset({KO, IPR})),
    (sjekk_opptak, frozenset({VK, VKN, KO, IPR, IKS})),
    (sjekk_overganger, frozenset({VK, VKN, KO, IPR, IKS, SA})),
    (sjekk_rammetilknytning, frozenset({VK, VKN, KO, IPR, IKS, SA})),
    (sjekk_underavtaler, frozenset({VK, VKN, KO, IPR, IKS, SA})),
    (sjekk_avtalesett, frozenset({VK, VKN, KO, IPR, IKS, SA})),
    (sjekk_bidrag_per_innbygger, frozenset({VK, VKN, KO, IPR, IKS, SA})),
    (sjekk_lovhjemmel_ordrett, frozenset({VK, VKN, KO, IPR, IKS, SA})),
    (sjekk_folketallsnokler, frozenset({VK, VKN, KO, IPR, IKS, SA})),
    (sjekk_vertskommunebegrep, frozenset({SA})),
    (sjekk_lovhenvisninger, frozenset({VK, VKN, KO, IPR, IKS, SA})),
    (sjekk_tomme_felt, frozenset({VK, VKN, KO, IPR, IKS, SA})),
    (sjekk_vedlegg, frozenset({VK, VKN, KO, IPR, IKS, SA})),
)


PA_AVTALENS_DATO: frozenset[str] = frozenset({"KOMMUNENUMMER-UGYLDIG", "KOMMUNENUMMER-UDEKKET"})
"""Rules that judge the participants on the agreement's date; without a date they cannot run."""


@cache
def _sjekker_for(avtaletype: str) -> tuple[Sjekk, ...]:
    return tuple(f for f, typer in SJEKKER if avtaletype in typer)


def sjekk(
    avtale: Any,
    *,
    pa_dato: dt.date | None = None,
    kildetekst: str | None = None,
    mappe: Path | None = None,
    bare: frozenset[Sjekk] | None = None,
) -> list[Brudd]:
    """Kjør alle regler som gjelder avtalens type; returner alle brudd (aldri bare det første).

    `pa_dato` er datoen kommunenumrene prøves mot; standard er avtalens dato (`avtaledato`,
    ellers `versjonsdato`). `kildetekst` er YAML-teksten avtalen ble lest fra, når den finnes:
    da letes det etter den gamle kommuneloven i teksten i stedet for i en ny serialisering.
    `mappe` er avtalemappen (der avtale.yaml ligger): vedleggene kontrolleres mot filene i
    `vedlegg/` der; uten mappe (data fra et skjema) kontrolleres de ikke. `bare`: kjør bare
    disse sjekkene (i registerets rekkefølge), som `lovkrav_brudd` gjør.
    """
    kjent = pa_dato or avtale.dato
    # An agreement that states no date (an older one entered as known) is checked against today,
    # and what can only be judged on the agreement's own date is left out: unknown, not invented.
    dato = kjent or dt.date.today()
    ut: Ut = []
    token = KILDETEKST.set(kildetekst)
    ukjent = DATO_UKJENT.set(kjent is None)
    avtalemappe = AVTALEMAPPE.set(mappe)
    valgte = tuple(f for f in _sjekker_for(avtale.type) if bare is None or f in bare)
    try:
        for f in valgte:
            f(avtale, ut, dato)
        ut.extend(_sjekk_overgangene(avtale, dato, valgte))
    finally:
        KILDETEKST.reset(token)
        DATO_UKJENT.reset(ukjent)
        AVTALEMAPPE.reset(avtalemappe)
    if kjent is None:
        ut = [b for b in ut if b.regel.id not in PA_AVTALENS_DATO]
    return ut


LOVKRAV_SJEKKER: frozenset[Sjekk] = frozenset({sjekk_lovkrav})
"""Sjekkene som melder det loven krever at avtalen sier; bare `sjekk_lovkrav` gjør det."""


def lovkrav_brudd(avtale: Any) -> list[Brudd]:
    """Bare bruddene på det loven krever at avtalen sier (feltene merket `lovkrav` og modellens
    `DELTAKERKRAV`), også i vilkårene som gjelder fra en overgang. Dokumentet nekter å gjengi en
    avtale med slike brudd, og gjengivelsen kjører derfor bare sjekkene som kan melde dem, ikke
    hele katalogen. tests/regler/test_lovkrav_brudd.py viser at svaret er det samme."""
    return sjekk(avtale, bare=LOVKRAV_SJEKKER)


def _sjekk_overgangene(avtale: Any, dato: dt.date, valgte: tuple[Sjekk, ...]) -> list[Brudd]:
    """The terms that apply from a date, checked by the same rules as the agreement's own terms."""
    funn: list[Brudd] = []
    for _, stier, senere in overgangsavtaler(avtale):
        for f in valgte:
            ut: Ut = []
            f(senere, ut, dato)
            for b in ut:
                sti = flytt_sti(b.sti, stier)
                if sti is not None:
                    funn.append(Brudd(b.regel, sti, b.melding, b.hjemmel))
    return funn
