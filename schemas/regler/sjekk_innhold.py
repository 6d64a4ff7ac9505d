"""Sjekkene av det loven krever at avtalen inneholder, for hver samarbeidsform.

Lovpålagte felt og deltakeropplysninger (etter feltmetadata), vertskommunens plass og
oppsigelsestiden i vertskommunesamarbeid, og låneramme for interkommunale selskap.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel

from schemas.regler.laster import REGLER
from schemas.regler.modell import Sti
from schemas.regler.sjekk_felles import (
    TOM_LISTE_BETYR_INGEN,
    Ut,
    brudd,
    deltakerkrav_for,
    deltakernavn,
    lovkrav_for,
    mangler,
)
from schemas.regler.sjekk_struktur import arvede_vilkaar


def sjekk_lovkrav(avtale: Any, ut: Ut, dato: dt.date) -> None:
    modell: type[BaseModel] = type(avtale)
    arvet = arvede_vilkaar(avtale)  # stated in the umbrella agreement; checked with it
    for navn, regel_id in lovkrav_for(modell):
        if navn in arvet:
            continue
        if mangler(getattr(avtale, navn), regel_id in TOM_LISTE_BETYR_INGEN):
            brudd(ut, regel_id, (navn,))
    krav = deltakerkrav_for(modell)
    per_innbygger = getattr(avtale, "innskudd_per_innbygger", None)
    if per_innbygger is not None:
        # One rate per inhabitant for every owner states each owner's innskuddsplikt at once;
        # a rate without an amount (unknown, not 0 kr) does not.
        krav = tuple((felt, r) for felt, r in krav if felt != "innskudd")
        if per_innbygger.kroner is None:
            brudd(
                ut,
                "IKSL-4-INNSKUDD",
                ("innskudd_per_innbygger", "kroner"),
                f"{REGLER['IKSL-4-INNSKUDD'].melding} Innskuddet per innbygger står uten beløp.",
            )
    if krav:
        for i, d in enumerate(avtale.deltakere):
            for felt, regel_id in krav:
                if mangler(getattr(d, felt)):
                    regel = REGLER[regel_id]
                    brudd(
                        ut,
                        regel_id,
                        ("deltakere", i, felt),
                        f"{regel.melding} Mangler for {deltakernavn(d)}.",
                    )


def sjekk_vertskommune(avtale: Any, ut: Ut, dato: dt.date) -> None:
    vert = avtale.vertskommune
    if vert is not None and all(d.kommunenummer != vert for d in avtale.deltakere):
        brudd(
            ut,
            "KL-20-4-B-DELTAKER",
            ("vertskommune",),
            f"Vertskommunen {vert} er ikke blant deltakerne.",
        )
    uttreden = avtale.uttreden
    if uttreden is None or uttreden.oppsigelsestid_maaneder is None:
        sti: Sti = ("uttreden",) if uttreden is None else ("uttreden", "oppsigelsestid_maaneder")
        brudd(ut, "KL-20-8-OPPSIGELSESTID", sti)


def sjekk_iks_lan(avtale: Any, ut: Ut, dato: dt.date) -> None:
    lan = avtale.laaneadgang
    if lan is not None and lan.tillatt and lan.ramme is None:
        brudd(ut, "IKSL-22-LANERAMME", ("laaneadgang", "ramme"))
