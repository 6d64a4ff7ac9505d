"""A contribution per inhabitant (`okonomi.bidrag_per_innbygger`) as kroner per participant.

The amounts stand in the document, so the population figures they are computed from are part of
what the councils adopt: like the per-capita cost key (`avtaleflyt.fordeling`), they come from the
national figures per 1 January of the stated year, a missing figure stops the rendering instead of
being guessed, and the figures enter the avtale-hash (`canonical.parameters_json`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from avtaleflyt.fordeling import Befolkning, BefolkningInn, FordelingsFeil

_STI = ("okonomi", "bidrag_per_innbygger", "aar")


@dataclass(frozen=True)
class Bidrag:
    """One participant's yearly contribution: the population figure times the amount per inhabitant."""

    kommunenummer: str
    folketall: int
    belop: Decimal


def beregn_bidrag(avtale: Any, befolkning: BefolkningInn = None) -> list[Bidrag]:
    """Each participant's contribution, in the order of `deltakere`; empty when the agreement has no
    contribution per inhabitant or does not say which year's population it is reckoned from (then
    the document states the amount per inhabitant only: no year is assumed)."""
    okonomi = getattr(avtale, "okonomi", None)
    bidrag = getattr(okonomi, "bidrag_per_innbygger", None)
    if bidrag is None or bidrag.aar is None:
        return []
    kilde = Befolkning.fra(befolkning)
    ut = []
    for d in avtale.deltakere:
        rad = kilde.folketall(d.kommunenummer, bidrag.aar)
        if rad is None:
            finnes = kilde.aar_for(d.kommunenummer)
            hint = (
                f"; tallene som finnes gjelder {', '.join(map(str, finnes))}"
                if finnes
                else "; deltakeren har ingen folketall i befolkningstallene"
            )
            raise FordelingsFeil(
                f"bidraget per innbygger kan ikke regnes ut: folketallet per 1. januar "
                f"{bidrag.aar} mangler for {d.navn} ({d.kommunenummer}){hint}",
                _STI,
            )
        belop = (bidrag.kroner * rad.folkemengde).quantize(Decimal("0.01"))
        ut.append(Bidrag(d.kommunenummer, rad.folkemengde, belop))
    return ut


def brukte_folketall_bidrag(avtale: Any) -> dict[str, int]:
    """The population figures the contribution uses, per participant number (for the hash)."""
    return {b.kommunenummer: b.folketall for b in beregn_bidrag(avtale)}
