"""Begreper som hører til en annen samarbeidsform: en samarbeidsavtale (kommuneloven § 17-1) som
beskriver et vertskommunesamarbeid.

Kommuneloven § 20-1 lar en kommune overlate lovpålagte oppgaver og delegere myndighet til «en
vertskommune etter reglene i dette kapitlet»; avtalen skal da følge § 20-4 (blant annet «hvem av
deltakerne som er vertskommune», tredje ledd bokstav b). En samarbeidsavtale som legger oppgaver
eller myndighet til «vertskommunen», uten å være skrevet som vertskommunesamarbeid, lar det være
uklart hvilken form kommunestyrene har valgt (Hadeland innkjøpssamarbeid). Ordet alene er ikke nok:
«Steinkjer er vertskommune for nettverkets møter» beskriver bare et vertskap. Funnet krever at
samme setning legger noe til vertskommunen (myndighet, delegering, overføring, vedtak), eller at
teksten står i avtalens myndighetsfelt.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from schemas.regler.lazy_re import LazyPattern
from schemas.regler.sjekk_felles import Ut, brudd
from schemas.regler.sjekk_gammel_lov import tekstfelter_med_spor

_VERTSKOMMUNE = LazyPattern(r"\bvertskommun\w*", re.IGNORECASE)
_OVERFORING = LazyPattern(
    r"myndighet|deleger|overf[øo]r|overlat|legges til|vedtak|oppgaver som",
    re.IGNORECASE,
)
_SETNING = LazyPattern(r"[^.!?]*(?:[.!?]|$)")


def _setning_med(tekst: str, pos: int) -> str:
    for m in _SETNING.finditer(tekst):
        if m.start() <= pos < max(m.end(), m.start() + 1):
            return m.group(0)
    return tekst


def sjekk_vertskommunebegrep(avtale: Any, ut: Ut, dato: dt.date) -> None:
    """A samarbeidsavtale whose text lays tasks or authority on «vertskommunen» (one finding per
    field, at the first such use)."""
    for sti, tekst in tekstfelter_med_spor(avtale, ("ertskommun",)):
        i_myndighet = bool(sti) and sti[0] == "myndighet"
        for m in _VERTSKOMMUNE.finditer(tekst):
            if i_myndighet or _OVERFORING.search(_setning_med(tekst, m.start())):
                brudd(
                    ut,
                    "SAMARBEIDSAVTALE-VERTSKOMMUNE-BEGREP",
                    sti,
                    f"Samarbeidsavtalen legger oppgaver eller myndighet til «{m.group(0)}», men "
                    "er ikke et vertskommunesamarbeid etter kommuneloven §§ 20-1 flg. Velg form: "
                    "et vertskommunesamarbeid med avtale etter § 20-4 (avtaletype vertskommune, "
                    "som sier hvem som er vertskommune), eller en samarbeidsavtale etter § 17-1 "
                    "uten vertskommune og uten delegert myndighet.",
                )
                break
