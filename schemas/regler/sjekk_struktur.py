"""Sjekkene av strukturene ekte avtaler har, slik de kan prøves i én avtale: opptak av nye deltakere,
vilkår som endres fra en dato, delavtaler og avtalesett, bidrag per innbygger og avtalens egen
lovhenvisning.

Det som bare kan prøves mot andre avtaler (rammeavtalen, de andre avtalene i et sett), er i
`sjekk_sammen`. Vilkår fra en dato (`overganger`) prøves med de vanlige reglene på avtalen slik den
gjelder fra datoen; `overgangsavtaler` bygger den.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from schemas.avtale import Okonomi
from schemas.regler.laster import REGLER
from schemas.regler.lazy_re import LazyPattern
from schemas.regler.modell import IKS, IPR, KO, SA, VK, VKN, Hjemmel, Sti
from schemas.regler.sjekk_felles import Ut, antall, brudd, mangler

# --------------------------------------------------------------------------- opptak

_OPPTAK_HJEMMEL = {
    VK: Hjemmel(
        lov="kommuneloven", paragraf="20-4", ledd="annet", tillegg="og tredje ledd bokstav a"
    ),
    VKN: Hjemmel(
        lov="kommuneloven", paragraf="20-4", ledd="annet", tillegg="og tredje ledd bokstav a"
    ),
    KO: Hjemmel(
        lov="kommuneloven", paragraf="19-4", ledd="annet", tillegg="og fjerde ledd bokstav c og f"
    ),
    IPR: Hjemmel(
        lov="kommuneloven", paragraf="18-4", ledd="annet", tillegg="og fjerde ledd bokstav c og f"
    ),
}


def sjekk_opptak(avtale: Any, ut: Ut, dato: dt.date) -> None:
    """A new participant changes what every kommunestyre must adopt itself; no organ can admit one."""
    opptak = avtale.opptak
    if opptak is None or opptak.vedtas_av not in ("representantskapet", "styret"):
        return
    regel_id = "IKSL-4-OPPTAK-VEDTAK" if avtale.type == IKS else "KL-OPPTAK-VEDTAK"
    brudd(
        ut,
        regel_id,
        ("opptak", "vedtas_av"),
        f"{REGLER[regel_id].melding} Avtalen lar {opptak.vedtas_av} vedta opptaket.",
        _OPPTAK_HJEMMEL.get(avtale.type),
    )


# --------------------------------------------------------------------------- overganger

OVERGANGSFELT: dict[str, Sti] = {
    "fordelingsnokkel": ("okonomi", "fordelingsnokkel"),
    "representantskap": ("representantskap",),
    "styre": ("styre",),
    "nemnd": ("nemnd",),
}
"""A phase's field → where it sits in the agreement (findings there are moved back to the phase)."""


def sjekk_overganger(avtale: Any, ut: Ut, dato: dt.date) -> None:
    overganger = avtale.overganger or []
    ikraft = avtale.ikrafttredelse.dato if avtale.ikrafttredelse is not None else None
    for i, o in enumerate(overganger):
        if i > 0 and o.fra <= overganger[i - 1].fra:
            brudd(
                ut,
                "OVERGANG-REKKEFOLGE",
                ("overganger", i, "fra"),
                f"{REGLER['OVERGANG-REKKEFOLGE'].melding} {o.fra.isoformat()} kommer ikke etter "
                f"{overganger[i - 1].fra.isoformat()}.",
            )
        if ikraft is not None and o.fra <= ikraft:
            brudd(
                ut,
                "OVERGANG-FOR-IKRAFT",
                ("overganger", i, "fra"),
                f"{REGLER['OVERGANG-FOR-IKRAFT'].melding} {o.fra.isoformat()} er ikke etter "
                f"ikrafttredelsen {ikraft.isoformat()}.",
            )
        for felt in OVERGANGSFELT:
            modellfelt = "okonomi" if felt == "fordelingsnokkel" else felt
            if getattr(o, felt) is not None and modellfelt not in type(avtale).model_fields:
                brudd(
                    ut,
                    "OVERGANG-FELT",
                    ("overganger", i, felt),
                    f"{REGLER['OVERGANG-FELT'].melding} Avtaletypen har ikke «{felt}».",
                )


def overgangsavtaler(avtale: Any) -> Iterator[tuple[int, dict[Sti, Sti], Any]]:
    """For each phase: its index, agreement path → phase path, and the agreement as it then stands."""
    for i, o in enumerate(avtale.overganger or []):
        oppdater: dict[str, Any] = {}
        stier: dict[Sti, Sti] = {}
        for felt, sti in OVERGANGSFELT.items():
            verdi = getattr(o, felt)
            if verdi is None:
                continue
            if felt == "fordelingsnokkel":
                if "okonomi" not in type(avtale).model_fields:
                    continue
                okonomi = avtale.okonomi
                oppdater["okonomi"] = (
                    okonomi.model_copy(update={"fordelingsnokkel": verdi})
                    if okonomi is not None
                    else Okonomi(fordelingsnokkel=verdi)
                )
            elif felt in type(avtale).model_fields:
                oppdater[felt] = verdi
            else:
                continue
            stier[sti] = ("overganger", i, felt)
        if oppdater:
            yield i, stier, avtale.model_copy(update=oppdater)


def flytt_sti(sti: Sti, stier: dict[Sti, Sti]) -> Sti | None:
    """The phase path for a finding at `sti`, or None when the finding is not about the phase."""
    for fra, til in stier.items():
        if sti[: len(fra)] == fra:
            return til + sti[len(fra) :]
    return None


# --------------------------------------------------------------------------- delavtaler, sett


def arvede_vilkaar(avtale: Any) -> frozenset[str]:
    """The terms this agreement takes from its umbrella agreement (stated there, not here)."""
    ramme = getattr(avtale, "rammeavtale", None)
    return frozenset(ramme.arver) if ramme is not None else frozenset()


def sjekk_rammetilknytning(avtale: Any, ut: Ut, dato: dt.date) -> None:
    ramme = avtale.rammeavtale
    if ramme is None:
        return
    felter = type(avtale).model_fields
    for j, felt in enumerate(ramme.arver):
        if felt not in felter:
            brudd(
                ut,
                "RAMME-ARV-FELT",
                ("rammeavtale", "arver", j),
                f"{REGLER['RAMME-ARV-FELT'].melding} Avtaletypen har ikke «{felt}».",
            )
        elif not mangler(getattr(avtale, felt)):
            brudd(
                ut,
                "RAMME-ARV-DOBBEL",
                (felt,),
                f"{REGLER['RAMME-ARV-DOBBEL'].melding} Gjelder «{felt}», som også skal tas fra "
                f"rammeavtalen «{ramme.id}».",
            )


def sjekk_underavtaler(avtale: Any, ut: Ut, dato: dt.date) -> None:
    deltakere = {d.kommunenummer for d in avtale.deltakere}
    for i, u in enumerate(avtale.underavtaler or []):
        for j, nr in enumerate(u.deltakere or []):
            if nr not in deltakere:
                brudd(
                    ut,
                    "UNDERAVTALE-DELTAKER",
                    ("underavtaler", i, "deltakere", j),
                    f"{REGLER['UNDERAVTALE-DELTAKER'].melding} Kommune {nr} i «{u.tjeneste}» er "
                    "ikke part i rammeavtalen.",
                )


def sjekk_avtalesett(avtale: Any, ut: Ut, dato: dt.date) -> None:
    sett = avtale.avtalesett
    if sett is None:
        return
    nr = [d.kommunenummer for d in avtale.deltakere]
    if len(nr) != 2 or sett.vert not in nr:
        brudd(
            ut,
            "AVTALESETT-TO-PARTER",
            ("deltakere",),
            f"{REGLER['AVTALESETT-TO-PARTER'].melding} Avtalen har "
            f"{antall(len(nr), 'deltaker', 'deltakere')}"
            f"{'' if sett.vert in nr else f', og verten {sett.vert} er ikke blant dem'}.",
        )
    if avtale.type in (VK, VKN) and avtale.vertskommune not in (None, sett.vert):
        brudd(
            ut,
            "AVTALESETT-VERTSKOMMUNE",
            ("vertskommune",),
            f"{REGLER['AVTALESETT-VERTSKOMMUNE'].melding} Avtalesettet har verten {sett.vert}, "
            f"avtalen vertskommunen {avtale.vertskommune}.",
        )


# --------------------------------------------------------------------------- økonomi, hjemmel


def sjekk_bidrag_per_innbygger(avtale: Any, ut: Ut, dato: dt.date) -> None:
    okonomi = getattr(avtale, "okonomi", None)
    bidrag = okonomi.bidrag_per_innbygger if okonomi is not None else None
    if bidrag is not None and bidrag.aar is None:
        brudd(ut, "OKONOMI-PER-INNBYGGER-AAR", ("okonomi", "bidrag_per_innbygger", "aar"))


_FORMMERKER: dict[str, LazyPattern] = {
    VK: LazyPattern(r"§§?\s*20-\d|kapittel\s+20\b|vertskommune", re.IGNORECASE),
    KO: LazyPattern(r"§§?\s*19-\d|kapittel\s+19\b|oppgavefellesskap", re.IGNORECASE),
    IPR: LazyPattern(r"§§?\s*18-\d|kapittel\s+18\b|politisk\s+råd", re.IGNORECASE),
    IKS: LazyPattern(r"IKS-loven|interkommunale\s+selskaper", re.IGNORECASE),
}
_EGNE_MERKER: dict[str, tuple[str, ...]] = {
    VK: (VK,),
    VKN: (VK,),
    KO: (KO,),
    IPR: (IPR,),
    IKS: (IKS,),
    SA: (),
}


def sjekk_lovhjemmel_ordrett(avtale: Any, ut: Ut, dato: dt.date) -> None:
    """The text's own legal basis is kept as written; a basis for another form is flagged."""
    tekst = avtale.lovhjemmel_ordrett
    if mangler(tekst):
        return
    egne = _EGNE_MERKER[avtale.type]
    if any(_FORMMERKER[f].search(tekst) for f in egne):
        return
    andre = [f for f in _FORMMERKER if f not in egne and _FORMMERKER[f].search(tekst)]
    if andre:
        brudd(
            ut,
            "LOVHJEMMEL-ORDRETT-FORM",
            ("lovhjemmel_ordrett",),
            f"{REGLER['LOVHJEMMEL-ORDRETT-FORM'].melding} Avtalen viser til «{tekst}».",
        )
