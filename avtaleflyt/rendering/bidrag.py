"""Amounts per inhabitant as kroner per participant: the yearly contribution
(`okonomi.bidrag_per_innbygger`) and an IKS's innskuddsplikt (`innskudd_per_innbygger`).

The amounts stand in the document, so the population figures they are computed from are part of
what the councils adopt: like the per-capita cost key (`avtaleflyt.fordeling`), they come from the
national figures per 1 January of the stated year, a missing figure stops the rendering instead of
being guessed, and the figures enter the avtale-hash (`canonical.parameters_json`). Both terms are
reckoned by one function, so a contribution and a deposit can never be computed two ways.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from avtaleflyt.fordeling import Befolkning, BefolkningInn


@dataclass(frozen=True)
class Bidrag:
    """One participant's amount: the population figure times the amount per inhabitant."""

    kommunenummer: str
    folketall: int
    belop: Decimal


def _per_deltaker(
    avtale: Any, sats: Any, sti: tuple[str, ...], hva: str, befolkning: BefolkningInn
) -> list[Bidrag]:
    """`sats.kroner` times each participant's population per 1 January `sats.aar`, in the order of
    `deltakere`; empty without a year or an amount (then no figure is assumed)."""
    if sats is None or sats.aar is None or sats.kroner is None:
        return []
    tall = Befolkning.fra(befolkning).for_deltakere(
        avtale.deltakere, sats.aar, sti, f"{hva} per innbygger kan ikke regnes ut: "
    )
    ut = []
    for d, folketall in zip(avtale.deltakere, tall, strict=True):
        belop = (sats.kroner * folketall).quantize(Decimal("0.01"))
        ut.append(Bidrag(d.kommunenummer, folketall, belop))
    return ut


def beregn_bidrag(avtale: Any, befolkning: BefolkningInn = None) -> list[Bidrag]:
    """Each participant's yearly contribution; empty when the agreement has no contribution per
    inhabitant or does not say which year's population it is reckoned from (then the document
    states the amount per inhabitant only: no year is assumed)."""
    sats = getattr(getattr(avtale, "okonomi", None), "bidrag_per_innbygger", None)
    sti = ("okonomi", "bidrag_per_innbygger", "aar")
    return _per_deltaker(avtale, sats, sti, "bidraget", befolkning)


def beregn_innskudd(avtale: Any, befolkning: BefolkningInn = None) -> list[Bidrag]:
    """Each owner's innskudd under an innskuddsplikt per inhabitant, reckoned like the
    contribution; empty without a year, and without an amount (unknown: the validator reports it
    and the renderer refuses before any template runs)."""
    sats = getattr(avtale, "innskudd_per_innbygger", None)
    sti = ("innskudd_per_innbygger", "aar")
    return _per_deltaker(avtale, sats, sti, "innskuddet", befolkning)


def brukte_folketall_bidrag(avtale: Any) -> dict[str, int]:
    """The population figures the contribution uses, per participant number (for the hash)."""
    return {b.kommunenummer: b.folketall for b in beregn_bidrag(avtale)}


def brukte_folketall_innskudd(avtale: Any) -> dict[str, int]:
    """The population figures the innskudd per inhabitant uses, per participant number (for the
    hash)."""
    return {b.kommunenummer: b.folketall for b in beregn_innskudd(avtale)}
