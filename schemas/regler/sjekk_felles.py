"""Det regelsjekkene deler: hva som regnes som manglende, oppslag av kommunenummer, bruddlisten.

Feltmetadata (`lovkrav`) leses én gang per modellklasse, og kommuneoppslaget bufres, så hver sjekk
kan spørre fritt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from fractions import Fraction
from functools import cache, lru_cache
from typing import Any

from pydantic import BaseModel

from schemas.kommuner import kommune
from schemas.regler.laster import REGLER
from schemas.regler.modell import Brudd, Hjemmel, Sti

EN = Fraction(1)

# Regler der en uttrykkelig tom liste betyr «ingen» (loven krever at spørsmålet er besvart,
# ikke at det finnes noe): § 20-4 tredje ledd bokstav i «annet som etter lov skal fastsettes».
TOM_LISTE_BETYR_INGEN: frozenset[str] = frozenset({"KL-20-4-I"})


# --------------------------------------------------------------------------- hjelpere


def mangler(verdi: Any, tom_liste_ok: bool = False) -> bool:
    """Et lovpålagt punkt mangler når det er None, tom tekst, tom liste eller et tomt underobjekt."""
    if verdi is None:
        return True
    if isinstance(verdi, str):
        return not verdi.strip()
    if isinstance(verdi, list):
        return not verdi and not tom_liste_ok
    if isinstance(verdi, BaseModel):
        return all(mangler(v) for v in verdi.__dict__.values())
    return False


@cache
def lovkrav_for(modell: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """(feltnavn, regel-id) for hvert lovpålagt toppnivåfelt i modellen; bufret per klasse."""
    felter: list[tuple[str, str]] = []
    for navn, info in modell.model_fields.items():
        extra = info.json_schema_extra
        if isinstance(extra, dict) and "lovkrav" in extra:
            felter.append((navn, str(extra["lovkrav"])))
    return tuple(felter)


@cache
def deltakerkrav_for(modell: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    return tuple(getattr(modell, "DELTAKERKRAV", {}).items())


_kommuneoppslag: Callable[[str, dt.date], Any] = kommune


def kommune_gyldig(nr: str, dato: dt.date) -> bool:
    """Om kommunenummeret er gyldig på datoen, etter kommunelisten (eller testenes oppslag)."""
    return _kommune_cachet(_kommuneoppslag, nr, dato)


@lru_cache(maxsize=8192)
def _kommune_cachet(oppslag: Callable[[str, dt.date], Any], nr: str, dato: dt.date) -> bool:
    return oppslag(nr, dato) is not None


def sett_kommuneoppslag(oppslag: Callable[[str, dt.date], Any] | None) -> None:
    """Bytt oppslaget `kommune(nr, on)` (for tester); None betyr kommunelisten som følger med."""
    global _kommuneoppslag
    _kommuneoppslag = oppslag or kommune
    _kommune_cachet.cache_clear()


Ut = list[Brudd]


def brudd(
    ut: Ut, regel_id: str, sti: Sti, melding: str | None = None, hjemmel: Hjemmel | None = None
) -> None:
    """Record one finding; `hjemmel` when it rests on the paragraph for this type only."""
    regel = REGLER[regel_id]
    ut.append(Brudd(regel, sti, melding or regel.melding, hjemmel))


def antall(n: int, entall: str, flertall: str) -> str:
    """«1 medlem», «2 medlemmer», «0 varamedlemmer»: a count with the noun in the right number."""
    return f"{n} {entall if n == 1 else flertall}"


def deltakernavn(d: Any) -> str:
    return f"{d.navn} ({d.kommunenummer})"


def enkeltvedtak(avtale: Any) -> Iterator[tuple[int, Any]]:
    myndighet = getattr(avtale, "myndighet", None)
    if myndighet is None:
        return iter(())
    return enumerate(myndighet.enkeltvedtak or [])


STI_EV = ("myndighet", "enkeltvedtak")
