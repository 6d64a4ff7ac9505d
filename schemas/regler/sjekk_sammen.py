"""Sjekkene som prøver en avtale mot de andre avtalene den henger sammen med: en delavtale mot
rammeavtalen den tar vilkår fra, og en bilateral avtale mot de andre avtalene i samme avtalesett.

`sjekk_sammen(avtale, andre)` gir bare disse funnene; `sjekk(avtale)` har allerede gitt resten.
Vilkårene en delavtale arver, prøves med de vanlige reglene på delavtalen slik den gjelder med
rammeavtalens vilkår satt inn, og funnene sier at vilkåret er arvet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from schemas.regler.laster import REGLER
from schemas.regler.modell import Brudd, Sti
from schemas.regler.sjekk import sjekk
from schemas.regler.sjekk_felles import Ut, brudd, deltakernavn, mangler

__all__ = ["sjekk_sammen"]


def sjekk_sammen(
    avtale: Any, andre: Mapping[str, Any], *, pa_dato: dt.date | None = None
) -> list[Brudd]:
    """Every finding that needs the other agreements (`andre`: id → agreement, this one may be in it)."""
    ut: Ut = []
    if getattr(avtale, "rammeavtale", None) is not None:
        _sjekk_mot_ramme(avtale, andre, ut, pa_dato)
    if getattr(avtale, "avtalesett", None) is not None:
        _sjekk_avtalesett(avtale, andre, ut)
    return ut


def _sjekk_mot_ramme(
    avtale: Any, andre: Mapping[str, Any], ut: Ut, pa_dato: dt.date | None
) -> None:
    ramme_ref = avtale.rammeavtale
    ramme = andre.get(ramme_ref.id)
    if ramme is None:
        brudd(
            ut,
            "RAMME-FINNES",
            ("rammeavtale", "id"),
            f"{REGLER['RAMME-FINNES'].melding} Fant ikke «{ramme_ref.id}».",
        )
        return
    rammedeltakere = {d.kommunenummer for d in ramme.deltakere}
    for i, d in enumerate(avtale.deltakere):
        if d.kommunenummer not in rammedeltakere:
            brudd(
                ut,
                "RAMME-DELTAKERE",
                ("deltakere", i),
                f"{REGLER['RAMME-DELTAKERE'].melding} {deltakernavn(d)} er ikke part i "
                f"rammeavtalen «{ramme.id}».",
            )
    _sjekk_tjeneste(avtale, ramme, ut)
    oppdater: dict[str, Any] = {}
    for j, felt in enumerate(ramme_ref.arver):
        if felt not in type(avtale).model_fields:
            continue  # RAMME-ARV-FELT, reported by sjekk()
        verdi = getattr(ramme, felt, None)
        if mangler(verdi):
            brudd(
                ut,
                "RAMME-ARV-MANGLER",
                ("rammeavtale", "arver", j),
                f"{REGLER['RAMME-ARV-MANGLER'].melding} Rammeavtalen «{ramme.id}» har ikke "
                f"«{felt}».",
            )
        elif mangler(getattr(avtale, felt)):
            oppdater[felt] = verdi
    if not oppdater:
        return
    samlet = avtale.model_copy(update={**oppdater, "rammeavtale": None})
    for b in sjekk(samlet, pa_dato=pa_dato):
        if b.sti and b.sti[0] in oppdater:
            ut.append(
                Brudd(
                    b.regel,
                    b.sti,
                    f"{b.melding} (Vilkåret er tatt fra rammeavtalen «{ramme.id}».)",
                    b.hjemmel,
                )
            )


def _sjekk_tjeneste(avtale: Any, ramme: Any, ut: Ut) -> None:
    """Per-service participation: the umbrella names who takes part in this sub-agreement."""
    oppforte = {u.id: u for u in (ramme.underavtaler or [])}
    if not oppforte:
        return
    u = oppforte.get(avtale.id)
    if u is None:
        brudd(
            ut,
            "RAMME-IKKE-OPPFORT",
            ("rammeavtale", "id"),
            f"{REGLER['RAMME-IKKE-OPPFORT'].melding} Rammeavtalen «{ramme.id}» nevner ikke "
            f"«{avtale.id}».",
        )
        return
    if u.deltakere is None:
        return
    her = {d.kommunenummer for d in avtale.deltakere}
    der = set(u.deltakere)
    if her != der:
        sti: Sti = ("deltakere",)
        ekstra = ", ".join(sorted(her - der)) or "ingen"
        mangler_her = ", ".join(sorted(der - her)) or "ingen"
        brudd(
            ut,
            "RAMME-TJENESTE-DELTAKERE",
            sti,
            f"{REGLER['RAMME-TJENESTE-DELTAKERE'].melding} Rammeavtalen oppgir "
            f"{', '.join(sorted(der))} for «{u.tjeneste}»; her er i tillegg {ekstra}, og "
            f"mangler {mangler_her}.",
        )


def _sjekk_avtalesett(avtale: Any, andre: Mapping[str, Any], ut: Ut) -> None:
    """One agreement per partner, all with the same host."""
    sett = avtale.avtalesett
    partnere = {d.kommunenummer for d in avtale.deltakere} - {sett.vert}
    for annen_id, annen in sorted(andre.items()):
        annet_sett = getattr(annen, "avtalesett", None)
        if annen_id == avtale.id or annet_sett is None or annet_sett.id != sett.id:
            continue
        if annet_sett.vert != sett.vert:
            brudd(
                ut,
                "AVTALESETT-VERT-ULIK",
                ("avtalesett", "vert"),
                f"{REGLER['AVTALESETT-VERT-ULIK'].melding} «{annen_id}» har verten "
                f"{annet_sett.vert}, denne avtalen {sett.vert}.",
            )
            continue
        felles = partnere & ({d.kommunenummer for d in annen.deltakere} - {sett.vert})
        if felles:
            brudd(
                ut,
                "AVTALESETT-PARTNER-DOBBEL",
                ("deltakere",),
                f"{REGLER['AVTALESETT-PARTNER-DOBBEL'].melding} Kommune "
                f"{', '.join(sorted(felles))} er også part i «{annen_id}».",
            )
