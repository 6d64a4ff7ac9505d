"""Ownership shares that follow the population (`eierandel_etter` in an IKS).

Ofoten brann IKS: «Den enkelte kommunes eierandel baseres på folketallet pr det året det avholdes
kommunevalg». The shares are each owner's population per 1 January of that year over the owners'
total, exact fractions summing to 1, from the same national figures as the cost key
(`data/befolkning.csv`, SSB tabell 07459, with the source per figure). The year is the stated one,
or the last election year on the agreement's date: the document states the shares in force on its
own date, and the figures enter the avtale-hash like the cost key's.
"""

from __future__ import annotations

from typing import Any

from avtaleflyt.fordeling.befolkning import Befolkning, BefolkningInn
from avtaleflyt.fordeling.nokler import Kostnadsandel, forhold, tall_tekst, telleaar

STI = ("eierandel_etter", "aar")


def beregn_eierandeler(avtale: Any, befolkning: BefolkningInn = None) -> list[Kostnadsandel]:
    """Each owner's share under the ownership key, in `deltakere` order; empty without one.

    `Kostnadsandel.grunnlag` is the owner's population, `forklaring` says which year's."""
    nokkel = getattr(avtale, "eierandel_etter", None)
    if nokkel is None:
        return []
    deltakere = list(avtale.deltakere or [])
    aar = telleaar(nokkel, avtale, STI, "eierandeler")
    kilde = Befolkning.fra(befolkning)
    grunnlag = kilde.for_deltakere(deltakere, aar, STI, "eierandelene kan ikke regnes ut: ")
    andeler = forhold(grunnlag, "innbyggertallet")
    total = sum(grunnlag)
    return [
        Kostnadsandel(
            kommunenummer=d.kommunenummer,
            navn=d.navn,
            andel=andel,
            variabel=andel,
            grunnlag=g,
            grunnlag_sum=total,
            forklaring=f"{tall_tekst(g)} av {tall_tekst(total)} innbyggere per 1. januar {aar}",
        )
        for d, g, andel in zip(deltakere, grunnlag, andeler, strict=True)
    ]


def eierandelsaar(avtale: Any) -> int | None:
    """The year whose population the ownership key uses on the agreement's date; None without a
    key or when it cannot be told (the computation then says why)."""
    nokkel = getattr(avtale, "eierandel_etter", None)
    if nokkel is None:
        return None
    try:
        return telleaar(nokkel, avtale, STI, "eierandeler")
    except ValueError:
        return None


def brukte_folketall_eierandel(avtale: Any, befolkning: BefolkningInn = None) -> dict[str, int]:
    """The population figures the ownership key uses, per owner number (for the avtale-hash)."""
    return {
        k.kommunenummer: k.grunnlag
        for k in beregn_eierandeler(avtale, befolkning)
        if k.grunnlag is not None
    }
