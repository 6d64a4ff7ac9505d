"""Ownership shares that follow the population (`eierandel_etter` in an IKS).

Ofoten brann IKS: «Den enkelte kommunes eierandel baseres på folketallet pr det året det avholdes
kommunevalg». The shares are each owner's population per 1 January of that year over the owners'
total, exact fractions summing to 1, from the same national figures as the cost key
(`data/befolkning.csv`, SSB tabell 07459, with the source per figure). The year is the stated one;
without one, for a key recomputed per election year, it follows from the agreement's own date, never
from today's (a document and its hash must not change with the day it is rendered):

- the owners' shares are not stated: the last election year on that date gives the shares in
  force, and the document shows them;
- the shares are stated (Ofoten: «Ved stiftelse fordeles eierandelene som følger: 81 %, 11 % og
  8 %»): they are the shares on the agreement's date and hold until the key first applies, in the
  next election year. Nothing is computed then: the figures of a later year are not part of the
  text the councils adopted, and for a new agreement they do not exist yet. The document says in
  which year the key takes over.

The figures used enter the avtale-hash like the cost key's.
"""

from __future__ import annotations

from typing import Any

from avtaleflyt.fordeling.befolkning import Befolkning, BefolkningInn
from avtaleflyt.fordeling.nokler import Kostnadsandel, forhold, tall_tekst, telleaar
from schemas.valgaar import neste_valgaar, siste_valgaar

STI = ("eierandel_etter", "aar")


def beregn_eierandeler(avtale: Any, befolkning: BefolkningInn = None) -> list[Kostnadsandel]:
    """Each owner's share under the ownership key, in `deltakere` order; empty without one.

    `Kostnadsandel.grunnlag` is the owner's population, `forklaring` says which year's."""
    nokkel = getattr(avtale, "eierandel_etter", None)
    if nokkel is None:
        return []
    if starter_med_oppgitte_andeler(avtale):
        return []
    deltakere = list(avtale.deltakere or [])
    aar = _aar(nokkel, avtale)
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
    """The year whose population the ownership key uses: the year of the shares shown, or where the
    stated shares hold first, the election year the key takes over; None without a key or when it
    cannot be told (the computation then says why)."""
    nokkel = getattr(avtale, "eierandel_etter", None)
    if nokkel is None:
        return None
    try:
        return _aar(nokkel, avtale)
    except ValueError:
        return None


def starter_med_oppgitte_andeler(avtale: Any) -> bool:
    """Whether the stated shares hold on the agreement's date and the key takes over later: a key
    per election year without a year, every owner's share stated, and a date to count from."""
    nokkel = getattr(avtale, "eierandel_etter", None)
    deltakere = list(getattr(avtale, "deltakere", None) or [])
    return (
        nokkel is not None
        and nokkel.aar is None
        and nokkel.folketall_per == "valgaar"
        and getattr(avtale, "dato", None) is not None
        and bool(deltakere)
        and all(d.eierandel is not None for d in deltakere)
    )


def _aar(nokkel: Any, avtale: Any) -> int:
    dato = getattr(avtale, "dato", None)
    if nokkel.aar is None and nokkel.folketall_per == "valgaar" and dato is not None:
        return neste_valgaar(dato) if starter_med_oppgitte_andeler(avtale) else siste_valgaar(dato)
    return telleaar(nokkel, avtale, STI, "eierandeler")


def brukte_folketall_eierandel(avtale: Any, befolkning: BefolkningInn = None) -> dict[str, int]:
    """The population figures the ownership key uses, per owner number (for the avtale-hash)."""
    return {
        k.kommunenummer: k.grunnlag
        for k in beregn_eierandeler(avtale, befolkning)
        if k.grunnlag is not None
    }
