"""Regelsjekkene: `sjekk(avtale)` kjører alle regler som gjelder avtaletypen og samler alle brudd.

Sjekkene er billige: feltmetadata (`lovkrav`) leses én gang per modellklasse, regulære uttrykk
kompileres ved import, og avtalen leses uten kopiering.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import re
from collections.abc import Callable, Iterator
from fractions import Fraction
from functools import cache, lru_cache
from typing import Any

from pydantic import BaseModel

from schemas.felles import format_prosent
from schemas.kommuner import covered, describe_validity, kommune
from schemas.regler.laster import REGLER
from schemas.regler.modell import IKS, IPR, KO, SA, VK, VKN, Brudd, Sti

_EN = Fraction(1)

# Regler der en uttrykkelig tom liste betyr «ingen» (loven krever at spørsmålet er besvart,
# ikke at det finnes noe): § 20-4 tredje ledd bokstav i «annet som etter lov skal fastsettes».
TOM_LISTE_BETYR_INGEN: frozenset[str] = frozenset({"KL-20-4-I"})


# --------------------------------------------------------------------------- hjelpere


def _mangler(verdi: Any, tom_liste_ok: bool = False) -> bool:
    """Et lovpålagt punkt mangler når det er None, tom tekst, tom liste eller et tomt underobjekt."""
    if verdi is None:
        return True
    if isinstance(verdi, str):
        return not verdi.strip()
    if isinstance(verdi, list):
        return not verdi and not tom_liste_ok
    if isinstance(verdi, BaseModel):
        return all(_mangler(v) for v in verdi.__dict__.values())
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


def _kommune_gyldig(nr: str, dato: dt.date) -> bool:
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


def _brudd(ut: Ut, regel_id: str, sti: Sti, melding: str | None = None) -> None:
    regel = REGLER[regel_id]
    ut.append(Brudd(regel, sti, melding or regel.melding))


def _deltakernavn(d: Any) -> str:
    return f"{d.navn} ({d.kommunenummer})"


# --------------------------------------------------------------------------- sjekkene


def _sjekk_lovkrav(avtale: Any, ut: Ut, dato: dt.date) -> None:
    modell: type[BaseModel] = type(avtale)
    for navn, regel_id in lovkrav_for(modell):
        if _mangler(getattr(avtale, navn), regel_id in TOM_LISTE_BETYR_INGEN):
            _brudd(ut, regel_id, (navn,))
    krav = deltakerkrav_for(modell)
    if krav:
        for i, d in enumerate(avtale.deltakere):
            for felt, regel_id in krav:
                if _mangler(getattr(d, felt)):
                    regel = REGLER[regel_id]
                    _brudd(
                        ut,
                        regel_id,
                        ("deltakere", i, felt),
                        f"{regel.melding} Mangler for {_deltakernavn(d)}.",
                    )


def _sjekk_deltakere(avtale: Any, ut: Ut, dato: dt.date) -> None:
    deltakere = avtale.deltakere
    if len(deltakere) < 2:
        regel_id = "IKSL-1-DELTAKERE-MINST-TO" if avtale.type == IKS else "KL-DELTAKERE-MINST-TO"
        _brudd(
            ut,
            regel_id,
            ("deltakere",),
            f"{REGLER[regel_id].melding} Avtalen har {len(deltakere)}.",
        )
    sett: dict[str, int] = {}
    for i, d in enumerate(deltakere):
        nr = d.kommunenummer
        if nr in sett:
            _brudd(
                ut,
                "DELTAKER-DUPLIKAT",
                ("deltakere", i, "kommunenummer"),
                f"Kommune {nr} står oppført som deltaker både som nr. {sett[nr] + 1} og "
                f"nr. {i + 1}.",
            )
        else:
            sett[nr] = i
        gyldig = _kommune_gyldig(nr, dato)
        if not gyldig and not covered(nr, dato):
            _brudd(
                ut,
                "KOMMUNENUMMER-UDEKKET",
                ("deltakere", i, "kommunenummer"),
                f"Kommunenummer {nr} kan ikke kontrolleres: kommunelisten som følger med, "
                f"dekker ikke dette fylket på avtalens dato ({dato.isoformat()}); den er "
                "landsdekkende fra 1.1.2020.",
            )
        elif not gyldig:
            _brudd(
                ut,
                "KOMMUNENUMMER-UGYLDIG",
                ("deltakere", i, "kommunenummer"),
                f"Kommunenummer {nr} er ikke gyldig {dato.isoformat()} (avtalens dato). "
                f"Kommunelisten: {describe_validity(nr)}.",
            )


def _sjekk_vertskommune(avtale: Any, ut: Ut, dato: dt.date) -> None:
    vert = avtale.vertskommune
    if vert is not None and all(d.kommunenummer != vert for d in avtale.deltakere):
        _brudd(
            ut,
            "KL-20-4-B-DELTAKER",
            ("vertskommune",),
            f"Vertskommunen {vert} er ikke blant deltakerne.",
        )
    uttreden = avtale.uttreden
    if uttreden is None or uttreden.oppsigelsestid_maaneder is None:
        sti: Sti = ("uttreden",) if uttreden is None else ("uttreden", "oppsigelsestid_maaneder")
        _brudd(ut, "KL-20-8-OPPSIGELSESTID", sti)


def _enkeltvedtak(avtale: Any) -> Iterator[tuple[int, Any]]:
    myndighet = getattr(avtale, "myndighet", None)
    if myndighet is None:
        return iter(())
    return enumerate(myndighet.enkeltvedtak)


_STI_EV = ("myndighet", "enkeltvedtak")


def _sjekk_administrativ(avtale: Any, ut: Ut, dato: dt.date) -> None:
    for i, ev in _enkeltvedtak(avtale):
        if ev.prinsipiell_betydning:
            _brudd(
                ut,
                "KL-20-2-PRINSIPIELL",
                (*_STI_EV, i, "prinsipiell_betydning"),
                f"{REGLER['KL-20-2-PRINSIPIELL'].melding} Gjelder «{ev.omrade}».",
            )


def _sjekk_nemnd(avtale: Any, ut: Ut, dato: dt.date) -> None:
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
            _brudd(
                ut,
                regel_id,
                (*sti, j, "kommunenummer"),
                f"Kommune {r.kommunenummer} har plass i {organ}, men er ikke deltaker.",
            )
            continue
        per_kommune.setdefault(r.kommunenummer, j)
        if r.medlemmer < minst:
            _brudd(
                ut,
                regel_id,
                (*sti, j, "medlemmer"),
                f"{REGLER[regel_id].melding} Kommune {r.kommunenummer} har {r.medlemmer}.",
            )
        if vara and r.vara < r.medlemmer:
            _brudd(
                ut,
                regel_id,
                (*sti, j, "vara"),
                f"{REGLER[regel_id].melding} Kommune {r.kommunenummer} har {r.medlemmer} "
                f"medlemmer og {r.vara} varamedlemmer.",
            )
    for d in avtale.deltakere:
        if d.kommunenummer not in per_kommune:
            _brudd(
                ut,
                regel_id,
                sti,
                f"{REGLER[regel_id].melding} {_deltakernavn(d)} er ikke representert i {organ}.",
            )


_REPRESENTANTSKAPSREGEL = {
    IPR: "KL-18-3-REPRESENTANTSKAP",
    KO: "KL-19-3-REPRESENTANTSKAP",
    IKS: "IKSL-6-REPRESENTANTSKAP",
}


def _sjekk_representantskap(avtale: Any, ut: Ut, dato: dt.date) -> None:
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


_ANDELSREGLER = {
    IPR: ("KL-18-4-F-EIERANDEL-SUM", "KL-18-2-ANSVARSANDEL-SUM"),
    KO: ("KL-19-4-F-EIERANDEL-SUM", "KL-19-2-ANSVARSANDEL-SUM"),
    IKS: ("IKSL-3-EIERANDEL-SUM", "IKSL-3-ANSVARSANDEL-SUM"),
}


def _sjekk_andeler(avtale: Any, ut: Ut, dato: dt.date) -> None:
    deltakere = avtale.deltakere
    if not deltakere:
        return
    eier_id, ansvar_id = _ANDELSREGLER[avtale.type]
    eier = [d.eierandel for d in deltakere]
    if None not in eier:
        sum_eier = sum(eier, Fraction(0))
        if sum_eier != _EN:
            _brudd(
                ut,
                eier_id,
                ("deltakere",),
                f"Eierandelene summerer til {format_prosent(sum_eier)}, ikke 100 %.",
            )
    # Ansvarsandelen følger eierandelen når den ikke er oppgitt; uten noen egen ansvarsandel er
    # summen den samme som over og rapporteres ikke to ganger.
    if any(d.ansvarsandel is not None for d in deltakere):
        ansvar = [d.ansvarsandel if d.ansvarsandel is not None else d.eierandel for d in deltakere]
        if None not in ansvar:
            sum_ansvar = sum(ansvar, Fraction(0))
            if sum_ansvar != _EN:
                _brudd(
                    ut,
                    ansvar_id,
                    ("deltakere",),
                    f"Ansvarsandelene (eierandelen der ansvarsandel ikke er oppgitt) summerer "
                    f"til {format_prosent(sum_ansvar)}, ikke 100 %.",
                )


_ENKELTVEDTAKSREGEL = {IPR: "KL-18-1-ENKELTVEDTAK", KO: "KL-19-1-ENKELTVEDTAK"}


def _sjekk_ko_ipr_myndighet(avtale: Any, ut: Ut, dato: dt.date) -> None:
    regel_id = _ENKELTVEDTAKSREGEL[avtale.type]
    for i, ev in _enkeltvedtak(avtale):
        if ev.art == "ordinaer":
            _brudd(
                ut,
                regel_id,
                (*_STI_EV, i, "art"),
                f"{REGLER[regel_id].melding} Gjelder «{ev.omrade}».",
            )


def _sjekk_iks_myndighet(avtale: Any, ut: Ut, dato: dt.date) -> None:
    for i, ev in _enkeltvedtak(avtale):
        if ev.art != "interne_forhold" and _mangler(ev.lovgrunnlag):
            _brudd(
                ut,
                "KL-5-4-IKS-ENKELTVEDTAK",
                (*_STI_EV, i, "lovgrunnlag"),
                f"{REGLER['KL-5-4-IKS-ENKELTVEDTAK'].melding} Gjelder «{ev.omrade}».",
            )


def _sjekk_samarbeidsavtale_myndighet(avtale: Any, ut: Ut, dato: dt.date) -> None:
    for i, ev in _enkeltvedtak(avtale):
        _brudd(
            ut,
            "KL-5-4-SAMARBEIDSAVTALE-ENKELTVEDTAK",
            (*_STI_EV, i),
            f"{REGLER['KL-5-4-SAMARBEIDSAVTALE-ENKELTVEDTAK'].melding} Gjelder «{ev.omrade}».",
        )


# Navneregler: (hele betegnelsen, forkortelse som eget ord, feilregel, forkortelsesregel)
_NAVNEREGLER: dict[str, tuple[str, re.Pattern[str], str, str | None]] = {
    IPR: (
        "interkommunalt politisk råd",
        re.compile(r"\bIPR\b"),
        "KL-18-1-NAVN",
        "KL-18-1-NAVN-FORKORTELSE",
    ),
    KO: (
        "kommunalt oppgavefellesskap",
        re.compile(r"\bKO\b"),
        "KL-19-1-NAVN",
        "KL-19-1-NAVN-FORKORTELSE",
    ),
    IKS: ("interkommunalt selskap", re.compile(r"\bIKS\b"), "FNL-IKS-NAVN", None),
}


def _sjekk_navn(avtale: Any, ut: Ut, dato: dt.date) -> None:
    navn = avtale.navn
    if _mangler(navn):
        return  # meldes av lovkravet om navn
    betegnelse, forkortelse, feil_id, forkortelse_id = _NAVNEREGLER[avtale.type]
    if betegnelse in " ".join(navn.split()).casefold():
        return
    if forkortelse.search(navn):
        if forkortelse_id:
            _brudd(ut, forkortelse_id, ("navn",))
        return
    _brudd(ut, feil_id, ("navn",), f"{REGLER[feil_id].melding} Navnet er «{navn}».")


def _sjekk_iks_lan(avtale: Any, ut: Ut, dato: dt.date) -> None:
    lan = avtale.laaneadgang
    if lan is not None and lan.tillatt and lan.ramme is None:
        _brudd(ut, "IKSL-22-LANERAMME", ("laaneadgang", "ramme"))


# Kommuneloven 1992: § 27 (interkommunalt styre) og § 28-1 a-k / § 28 a-k (vertskommune), eller
# loven selv. «§ 27-1» og «§ 28-1» uten bokstav er paragrafer i 2018-loven og slår ikke ut.
_GAMMEL_LOV = re.compile(
    r"(?:kommunelov\w*|\bkl\.?)\s*(?:\(?\s*(?:av\s+)?1992\s*\)?\s*)?"
    r"§§?\s*(?:27(?![\d-])|28(?:\s*-\s*1)?\s*[a-k]\b)"
    r"|kommunelov\w*\s+(?:av\s+)?(?:25\.\s*september\s+)?1992"
    r"|lov\s+25\.\s*september\s+1992\s+nr\.?\s*107"
    r"|LOV-1992-09-25-107",
    re.IGNORECASE,
)


_KILDETEKST: contextvars.ContextVar[str | None] = contextvars.ContextVar("kildetekst", default=None)

_GAMMEL_LOV_SPOR = re.compile(r"§\s*2[78]|§\\[nt]\s*2[78]|1992")
"""Every match of `_GAMMEL_LOV` contains one of these; a cheap literal scan over all text first."""


def _finn_gammel_lov(verdi: Any, sti: list[str | int], ut: Ut) -> None:
    """Gå gjennom all tekst i avtalen; stien bygges bare når noe blir funnet."""
    t = type(verdi)
    if t is str:
        if ("27" in verdi or "28" in verdi or "1992" in verdi) and (m := _GAMMEL_LOV.search(verdi)):
            _brudd(
                ut,
                "KL-31-2-GAMMEL-LOV",
                tuple(sti),
                f"{REGLER['KL-31-2-GAMMEL-LOV'].melding} Fant «{m.group(0)}».",
            )
        return
    if t is list:
        elementer: Any = enumerate(verdi)
    elif isinstance(verdi, BaseModel):
        elementer = verdi.__dict__.items()
    else:
        return
    for nokkel, v in elementer:
        tv = type(v)
        if tv is str or tv is list or (v is not None and isinstance(v, BaseModel)):
            sti.append(nokkel)
            _finn_gammel_lov(v, sti, ut)
            sti.pop()


def _sjekk_gammel_lov(avtale: Any, ut: Ut, dato: dt.date) -> None:
    # One C-level serialisation and one regex pass over all text; the field-by-field walk that
    # finds the path runs only when the old act is mentioned somewhere (rarely).
    kilde = _KILDETEKST.get()
    blob = kilde if kilde is not None else avtale.model_dump_json()
    if _GAMMEL_LOV_SPOR.search(blob):
        _finn_gammel_lov(avtale, [], ut)


# --------------------------------------------------------------------------- register

Sjekk = Callable[[Any, Ut, dt.date], None]

# Hver sjekk med regel-id-ene den kan melde og typene den kjører for.
SJEKKER: tuple[tuple[Sjekk, frozenset[str]], ...] = (
    (_sjekk_lovkrav, frozenset({VK, VKN, KO, IPR, IKS, SA})),
    (_sjekk_deltakere, frozenset({VK, VKN, KO, IPR, IKS, SA})),
    (_sjekk_vertskommune, frozenset({VK, VKN})),
    (_sjekk_administrativ, frozenset({VK})),
    (_sjekk_nemnd, frozenset({VKN})),
    (_sjekk_representantskap, frozenset({KO, IPR, IKS})),
    (_sjekk_andeler, frozenset({KO, IPR, IKS})),
    (_sjekk_ko_ipr_myndighet, frozenset({KO, IPR})),
    (_sjekk_iks_myndighet, frozenset({IKS})),
    (_sjekk_samarbeidsavtale_myndighet, frozenset({SA})),
    (_sjekk_navn, frozenset({KO, IPR, IKS})),
    (_sjekk_iks_lan, frozenset({IKS})),
    (_sjekk_gammel_lov, frozenset({VK, VKN, KO, IPR, IKS, SA})),
)


@cache
def _sjekker_for(avtaletype: str) -> tuple[Sjekk, ...]:
    return tuple(f for f, typer in SJEKKER if avtaletype in typer)


def sjekk(
    avtale: Any, *, pa_dato: dt.date | None = None, kildetekst: str | None = None
) -> list[Brudd]:
    """Kjør alle regler som gjelder avtalens type; returner alle brudd (aldri bare det første).

    `pa_dato` er datoen kommunenumrene prøves mot; standard er avtalens dato (`avtaledato`,
    ellers `versjonsdato`). `kildetekst` er YAML-teksten avtalen ble lest fra, når den finnes:
    da letes det etter den gamle kommuneloven i teksten i stedet for i en ny serialisering.
    """
    dato = pa_dato or avtale.dato
    ut: Ut = []
    token = _KILDETEKST.set(kildetekst)
    try:
        for f in _sjekker_for(avtale.type):
            f(avtale, ut, dato)
    finally:
        _KILDETEKST.reset(token)
    return ut
