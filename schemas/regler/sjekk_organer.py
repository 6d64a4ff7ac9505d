"""Sjekkene av organene, myndigheten og navnet: nemnd og representantskap med plass til hver
deltaker, hvilke enkeltvedtak hver samarbeidsform kan få myndighet til, og lovens betegnelse i navnet.

Et tall avtalen ikke oppgir (varamedlemmer, arten av et vedtak) er ukjent, ikke null: det gir funn
bare der loven krever at avtalen sier det.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from schemas.felles import DELTAKERART_NAVN, deltakerart
from schemas.regler.laster import REGLER
from schemas.regler.lazy_re import LazyPattern
from schemas.regler.modell import IKS, IPR, KO, Hjemmel, Sti
from schemas.regler.sjekk_felles import (
    STI_EV,
    Ut,
    antall,
    brudd,
    deltakernavn,
    enkeltvedtak,
    mangler,
)

HJEMMEL_ART = {
    IPR: Hjemmel(lov="kommuneloven", paragraf="18-1", ledd="annet"),
    KO: Hjemmel(lov="kommuneloven", paragraf="19-1", ledd="annet"),
}


def sjekk_administrativ(avtale: Any, ut: Ut, dato: dt.date) -> None:
    for i, ev in enkeltvedtak(avtale):
        if ev.prinsipiell_betydning:
            brudd(
                ut,
                "KL-20-2-PRINSIPIELL",
                (*STI_EV, i, "prinsipiell_betydning"),
                f"{REGLER['KL-20-2-PRINSIPIELL'].melding} Gjelder «{ev.omrade}».",
            )


def sjekk_nemnd(avtale: Any, ut: Ut, dato: dt.date) -> None:
    nemnd = avtale.nemnd
    if nemnd is None:
        return
    _sjekk_representasjon(
        avtale,
        nemnd.medlemmer,
        ("nemnd", "medlemmer"),
        "KL-20-3-NEMND-MEDLEMMER",
        ut,
        minst=2,
        vara=False,
        organ="nemnda",
    )


def _sjekk_representasjon(
    avtale: Any,
    medlemmer: list[Any],
    sti: Sti,
    regel_id: str,
    ut: Ut,
    *,
    minst: int,
    vara: bool,
    organ: str,
) -> None:
    deltakernr = {d.kommunenummer for d in avtale.deltakere}
    per_kommune: dict[str, int] = {}
    for j, r in enumerate(medlemmer):
        if r.kommunenummer not in deltakernr:
            brudd(
                ut,
                regel_id,
                (*sti, j, "kommunenummer"),
                f"{_part(r.kommunenummer)} har plass i {organ}, men er ikke deltaker"
                + (
                    "; den kan bli deltaker eller stå som observatør (representantskap."
                    "observatorer) med rettighetene avtalen gir."
                    if organ == "representantskapet"
                    else "."
                ),
            )
            continue
        per_kommune.setdefault(r.kommunenummer, j)
        if r.medlemmer < minst:
            brudd(
                ut,
                regel_id,
                (*sti, j, "medlemmer"),
                f"{REGLER[regel_id].melding} Kommune {r.kommunenummer} har "
                f"{antall(r.medlemmer, 'medlem', 'medlemmer')}.",
            )
        # Unstated vara is no breach: each kommunestyre elects its own vara (§§ 18-3, 19-3).
        if vara and r.vara is not None and r.vara < r.medlemmer:
            brudd(
                ut,
                regel_id,
                (*sti, j, "vara"),
                f"{REGLER[regel_id].melding} Kommune {r.kommunenummer} har "
                f"{antall(r.medlemmer, 'medlem', 'medlemmer')} og "
                f"{antall(r.vara, 'varamedlem', 'varamedlemmer')}.",
            )
    for d in avtale.deltakere:
        if d.kommunenummer not in per_kommune:
            brudd(
                ut,
                regel_id,
                sti,
                f"{REGLER[regel_id].melding} {deltakernavn(d)} er ikke representert i {organ}.",
            )


def _part(nr: str) -> str:
    """«Fylkeskommune 05», «Kommune 3401»: a seat-holder named by the kind its number tells."""
    art = deltakerart(nr)
    return f"{DELTAKERART_NAVN[art].capitalize() if art else 'Deltaker'} {nr}"


_REPRESENTANTSKAPSREGEL = {
    IPR: "KL-18-3-REPRESENTANTSKAP",
    KO: "KL-19-3-REPRESENTANTSKAP",
    IKS: "IKSL-6-REPRESENTANTSKAP",
}


def sjekk_representantskap(avtale: Any, ut: Ut, dato: dt.date) -> None:
    rs = avtale.representantskap
    if rs is None:
        return
    _sjekk_representasjon(
        avtale,
        rs.medlemmer,
        ("representantskap", "medlemmer"),
        _REPRESENTANTSKAPSREGEL[avtale.type],
        ut,
        minst=1,
        vara=avtale.type != IKS,
        organ="representantskapet",
    )
    valgt_av = getattr(rs, "medlemmer_velges_av", None)
    regel_id = _VALGREGEL.get(avtale.type)
    if regel_id is not None and valgt_av not in (None, "kommunestyret"):
        hvem = (
            "ordføreren (eller den ordføreren bemyndiger)" if valgt_av == "ordforeren" else "andre"
        )
        brudd(
            ut,
            regel_id,
            ("representantskap", "medlemmer_velges_av"),
            f"{REGLER[regel_id].melding} Avtalen lar {hvem} utpeke medlemmene.",
        )


_VALGREGEL = {IPR: "KL-18-3-VALG", KO: "KL-19-3-VALG"}


_ENKELTVEDTAKSREGEL = {IPR: "KL-18-1-ENKELTVEDTAK", KO: "KL-19-1-ENKELTVEDTAK"}


def sjekk_ko_ipr_myndighet(avtale: Any, ut: Ut, dato: dt.date) -> None:
    regel_id = _ENKELTVEDTAKSREGEL[avtale.type]
    for i, ev in enkeltvedtak(avtale):
        if ev.art == "ordinaer":
            brudd(
                ut,
                regel_id,
                (*STI_EV, i, "art"),
                f"{REGLER[regel_id].melding} Gjelder «{ev.omrade}».",
            )
        elif ev.art is None:
            brudd(
                ut,
                "KL-ENKELTVEDTAK-ART-UKJENT",
                (*STI_EV, i),
                f"{REGLER['KL-ENKELTVEDTAK-ART-UKJENT'].melding} Gjelder «{ev.omrade}».",
                HJEMMEL_ART[avtale.type],
            )


def sjekk_iks_myndighet(avtale: Any, ut: Ut, dato: dt.date) -> None:
    for i, ev in enkeltvedtak(avtale):
        if ev.art != "interne_forhold" and mangler(ev.lovgrunnlag):
            brudd(
                ut,
                "KL-5-4-IKS-ENKELTVEDTAK",
                (*STI_EV, i, "lovgrunnlag"),
                f"{REGLER['KL-5-4-IKS-ENKELTVEDTAK'].melding} Gjelder «{ev.omrade}».",
            )


def sjekk_samarbeidsavtale_myndighet(avtale: Any, ut: Ut, dato: dt.date) -> None:
    for i, ev in enkeltvedtak(avtale):
        brudd(
            ut,
            "KL-5-4-SAMARBEIDSAVTALE-ENKELTVEDTAK",
            (*STI_EV, i),
            f"{REGLER['KL-5-4-SAMARBEIDSAVTALE-ENKELTVEDTAK'].melding} Gjelder «{ev.omrade}».",
        )


# Navneregler: (hele betegnelsen, forkortelse som eget ord, feilregel, forkortelsesregel)
_NAVNEREGLER: dict[str, tuple[str, LazyPattern, str, str | None]] = {
    IPR: (
        "interkommunalt politisk råd",
        LazyPattern(r"\bIPR\b"),
        "KL-18-1-NAVN",
        "KL-18-1-NAVN-FORKORTELSE",
    ),
    KO: (
        "kommunalt oppgavefellesskap",
        LazyPattern(r"\bKO\b"),
        "KL-19-1-NAVN",
        "KL-19-1-NAVN-FORKORTELSE",
    ),
    IKS: ("interkommunalt selskap", LazyPattern(r"\bIKS\b"), "FNL-IKS-NAVN", None),
}


def sjekk_navn(avtale: Any, ut: Ut, dato: dt.date) -> None:
    navn = avtale.navn
    if mangler(navn):
        return  # meldes av lovkravet om navn
    betegnelse, forkortelse, feil_id, forkortelse_id = _NAVNEREGLER[avtale.type]
    if betegnelse in " ".join(navn.split()).casefold():
        return
    if forkortelse.search(navn):
        if forkortelse_id:
            brudd(ut, forkortelse_id, ("navn",))
        return
    brudd(ut, feil_id, ("navn",), f"{REGLER[feil_id].melding} Navnet er «{navn}».")


# --------------------------------------------------------------------------- observers, styre

_OBSERVATOR_HJEMMEL = {
    IPR: Hjemmel(lov="kommuneloven", paragraf="18-3", ledd="første"),
    KO: Hjemmel(lov="kommuneloven", paragraf="19-3", ledd="første"),
}
_STYRE_HJEMMEL = {
    IPR: Hjemmel(lov="kommuneloven", paragraf="18-3", tillegg="siste ledd"),
    KO: Hjemmel(lov="kommuneloven", paragraf="19-3", tillegg="siste ledd"),
}


def sjekk_observatorer(avtale: Any, ut: Ut, dato: dt.date) -> None:
    """An observer is no member: only the participants' elected members vote (§§ 18-3, 19-3)."""
    rs = avtale.representantskap
    if rs is None or not rs.observatorer:
        return
    deltakere = {d.kommunenummer: d for d in avtale.deltakere}
    for i, o in enumerate(rs.observatorer):
        sti: Sti = ("representantskap", "observatorer", i)
        if o.stemmerett:
            brudd(
                ut,
                "KL-REPRESENTANTSKAP-OBSERVATOR",
                (*sti, "stemmerett"),
                f"{REGLER['KL-REPRESENTANTSKAP-OBSERVATOR'].melding} Gjelder {o.navn}.",
                _OBSERVATOR_HJEMMEL[avtale.type],
            )
        if o.kommunenummer is not None and o.kommunenummer in deltakere:
            brudd(
                ut,
                "KL-REPRESENTANTSKAP-OBSERVATOR-DELTAKER",
                (*sti, "kommunenummer"),
                f"{REGLER['KL-REPRESENTANTSKAP-OBSERVATOR-DELTAKER'].melding} "
                f"{deltakernavn(deltakere[o.kommunenummer])} står som observatør.",
                _OBSERVATOR_HJEMMEL[avtale.type],
            )


def sjekk_styre_valg(avtale: Any, ut: Ut, dato: dt.date) -> None:
    """In a KO or IPR the representantskap creates other organs and elects their members itself."""
    styre = avtale.styre
    if styre is None or styre.velges_av is None or styre.velges_av == "representantskapet":
        return
    brudd(
        ut,
        "KL-STYRE-VALG",
        ("styre", "velges_av"),
        f"{REGLER['KL-STYRE-VALG'].melding} Avtalen sier at styret velges av {styre.velges_av}.",
        _STYRE_HJEMMEL[avtale.type],
    )
