"""Nøkler etter folketall: hvilket års folketall (per 1. januar) de regnes av.

En kostnadsnøkkel eller en eierandelsnøkkel etter innbyggertall er ubestemt uten telledato. Datoen
er enten ett år (`aar`) eller gjentakende, «valgaar»: folketallet per 1. januar i hvert år det
holdes kommunestyre- og fylkestingsvalg (Ofoten brann IKS). Et oppgitt år til en nøkkel som regnes
per valgår, må være et valgår; uten år regnes siste valgår på avtalens dato, og uten dato kan det
ikke bestemmes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from schemas.regler.modell import Sti
from schemas.regler.sjekk_felles import Ut, brudd
from schemas.valgaar import er_valgaar, folketallsaar, siste_valgaar


def _nokler(avtale: Any) -> Iterator[tuple[Sti, Any]]:
    """(sti, nøkkel) for each key of the agreement that divides by population."""
    okonomi = getattr(avtale, "okonomi", None)
    nokkel = getattr(okonomi, "fordelingsnokkel", None)
    if nokkel is not None and (
        nokkel.metode == "innbyggertall"
        or (nokkel.metode == "fast_og_variabel" and nokkel.variabel_etter == "innbyggertall")
    ):
        yield ("okonomi", "fordelingsnokkel"), nokkel
    eierandel = getattr(avtale, "eierandel_etter", None)
    if eierandel is not None:
        yield ("eierandel_etter",), eierandel


def sjekk_folketallsnokler(avtale: Any, ut: Ut, dato: dt.date) -> None:
    """Every key by population states its population date, and a year beside «valgaar» is an
    election year. `dato` is today when the agreement has none, so the agreement's own date is
    read here: a key per election year is never placed by today's date."""
    for sti, nokkel in _nokler(avtale):
        per = getattr(nokkel, "folketall_per", None)
        if per is None and nokkel.aar is None:
            brudd(ut, "FOLKETALL-TELLEDATO", (*sti, "aar"))
        elif folketallsaar(nokkel.aar, per, avtale.dato) is None:
            brudd(
                ut,
                "FOLKETALL-TELLEDATO",
                (*sti, "aar"),
                "Nøkkelen regnes etter folketallet i valgåret, men avtalen har ingen dato "
                "(avtaledato, versjonsdato eller ikrafttredelse) å finne valgåret fra; oppgi "
                "valgåret denne versjonen regnes for (aar).",
            )
        if per == "valgaar" and nokkel.aar is not None and not er_valgaar(nokkel.aar):
            foer = siste_valgaar(dt.date(nokkel.aar, 1, 1))
            brudd(
                ut,
                "FOLKETALL-VALGAAR",
                (*sti, "aar"),
                f"Nøkkelen regnes etter folketallet i valgåret, men {nokkel.aar} er ikke et år "
                f"med kommunestyre- og fylkestingsvalg (valgene holdes hvert fjerde år; nærmest "
                f"er {foer} og {foer + 4}).",
            )
