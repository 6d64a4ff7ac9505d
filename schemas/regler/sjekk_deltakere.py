"""Sjekkene av deltakerne: antall, dubletter, art (kommune, fylkeskommune, IKS), nummer og navn på
avtalens dato, om deltakeren finnes i dag, og andeler som summerer til 100 %.

Nummer og navn prøves mot listene i `schemas.kommuner` (SSBs kommune- og fylkesinndeling fra 2017
med endringene); et IKS har ingen slik liste, så bare organisasjonsnummerets kontrollsiffer prøves.

En eldre avtale skrives ofte inn uten dato. Da avgjør dagens liste det som kan avgjøres uten den:
et nummer som ikke finnes i dag, men som har fått en etterfølger, er opphørt eller har fått nytt
nummer (`DATO_UKJENT`); bare det som krever avtalens egen dato (gyldig på datoen), står over.
"""

from __future__ import annotations

import datetime as dt
from contextvars import ContextVar
from fractions import Fraction
from typing import Any

from schemas.felles import DELTAKERART_NAVN, deltakerart, format_prosent
from schemas.kommuner import (
    NATIONAL_FROM,
    bare_nytt_nummer,
    beskriv_historikk,
    covered,
    describe_validity,
    gjeldende,
    gyldig_organisasjonsnummer,
    kommune,
    navn_passer,
    numre_for_navn,
    periods,
)
from schemas.regler.andelshint import brokhint
from schemas.regler.laster import REGLER
from schemas.regler.modell import IKS, IPR, KO, SA, VK, VKN
from schemas.regler.sjekk_felles import EN, Ut, brudd, deltakernavn, kommune_gyldig

DATO_UKJENT: ContextVar[bool] = ContextVar("DATO_UKJENT", default=False)
"""True while `sjekk` checks an agreement that states no date: the checks then run on today's date,
and a number that is not valid today is judged by its history, not as invalid on the agreement's
(unknown) date."""


def sjekk_deltakerliste(avtale: Any, ut: Ut, dato: dt.date) -> None:
    deltakere = avtale.deltakere
    if len(deltakere) < 2:
        regel_id = "IKSL-1-DELTAKERE-MINST-TO" if avtale.type == IKS else "KL-DELTAKERE-MINST-TO"
        brudd(
            ut,
            regel_id,
            ("deltakere",),
            f"{REGLER[regel_id].melding} Avtalen har {len(deltakere)}.",
        )
    sett: dict[str, int] = {}
    for i, d in enumerate(deltakere):
        nr = d.kommunenummer
        if nr in sett:
            brudd(
                ut,
                "DELTAKER-DUPLIKAT",
                ("deltakere", i, "kommunenummer"),
                f"Deltaker {nr} står oppført både som nr. {sett[nr] + 1} og nr. {i + 1}.",
            )
        else:
            sett[nr] = i
        _sjekk_deltaker(avtale, d, i, ut, dato)
    if len(deltakere) >= 2:
        _sjekk_gjenvaerende(avtale, ut, dato)
    _sjekk_stedsfelt(avtale, ut, dato)


def _sjekk_gjenvaerende(avtale: Any, ut: Ut, dato: dt.date) -> None:
    """Participants that have merged since into one kommune leave fewer than two parties today
    (Fjell and Sund, both Øygarden from 2020): the cooperation no longer has the parties the law
    requires. Only participants whose number the lists can follow count."""
    idag = dt.date.today()
    if idag <= dato and not DATO_UKJENT.get():
        return
    naa: dict[str, str] = {}
    for d in avtale.deltakere:
        etter = gjeldende(d.kommunenummer, idag)
        if not etter:
            return
        naa.update((k.nummer, k.navn) for k in etter)
    if len(naa) >= 2 or not any(kommune(d.kommunenummer, idag) is None for d in avtale.deltakere):
        return
    regel_id = "IKSL-1-DELTAKERE-MINST-TO" if avtale.type == IKS else "KL-DELTAKERE-MINST-TO"
    navn = [deltakernavn(d) for d in avtale.deltakere]
    parter = ", ".join(navn[:-1]) + " og " + navn[-1]
    ((nr, naavaerende),) = naa.items()
    brudd(
        ut,
        regel_id,
        ("deltakere",),
        f"{REGLER[regel_id].melding} {parter} er i dag én og samme: {nr} {naavaerende}.",
    )


def _sjekk_deltaker(avtale: Any, d: Any, i: int, ut: Ut, dato: dt.date) -> None:
    """One participant: its kind against the number and the form, then the number against the
    lists on the agreement's date (valid, right name) and today (still exists)."""
    nr = d.kommunenummer
    sti = ("deltakere", i, "kommunenummer")
    art = deltakerart(nr)
    oppgitt = getattr(d, "art", None)
    if oppgitt is not None and art is not None and oppgitt != art:
        brudd(
            ut,
            "DELTAKER-ART-NUMMER",
            ("deltakere", i, "art"),
            f"Deltaker {nr} er oppgitt som {DELTAKERART_NAVN[oppgitt]}, men et nummer med "
            f"{len(nr)} siffer er {_NUMMERFORM[art]}.",
        )
    if art == "iks":
        if avtale.type != IKS:
            brudd(
                ut,
                "DELTAKER-IKS-UTENFOR-IKS",
                sti,
                f"{deltakernavn(d)} er et interkommunalt selskap; det kan bare være deltaker i et "
                "annet interkommunalt selskap (IKS-loven § 1), ikke i "
                f"{_FORMNAVN.get(avtale.type, avtale.type)}.",
            )
        if not gyldig_organisasjonsnummer(nr):
            brudd(
                ut,
                "ORGANISASJONSNUMMER-UGYLDIG",
                sti,
                f"Organisasjonsnummeret {nr} har feil kontrollsiffer (modulus 11); "
                "kontroller det mot Enhetsregisteret.",
            )
        return
    hva = "Fylkesnummer" if art == "fylkeskommune" else "Kommunenummer"
    gyldig = kommune_gyldig(nr, dato)
    if not gyldig and DATO_UKJENT.get() and _meld_utgatt(d, ut, sti):
        _sjekk_tidligere_navn(d, i, ut)
        return
    if not gyldig and not covered(nr, dato):
        brudd(
            ut,
            "KOMMUNENUMMER-UDEKKET",
            sti,
            f"{hva} {nr} kan ikke kontrolleres: listene som følger med, er landsdekkende fra "
            f"{_dato(NATIONAL_FROM)}, og avtalens dato er {dato.isoformat()}.",
        )
        return
    if not gyldig:
        historikk = beskriv_historikk(nr, dato)
        brudd(
            ut,
            "KOMMUNENUMMER-UGYLDIG",
            sti,
            f"{hva} {nr} er ikke gyldig {dato.isoformat()} (avtalens dato). "
            + (f"{historikk}." if historikk else f"Listen: {describe_validity(nr)}."),
        )
        return
    _sjekk_navn(d, i, ut, dato)
    _sjekk_opphort(d, ut, dato, sti)


def _sjekk_navn(d: Any, i: int, ut: Ut, dato: dt.date) -> None:
    nr = d.kommunenummer
    if navn_passer(nr, d.navn, dato) is not False:
        return
    offisielt = kommune(nr, dato)
    assert offisielt is not None
    andre = [f"{k.nummer} {k.navn}" for k in numre_for_navn(d.navn, dato) if k.nummer != nr]
    brudd(
        ut,
        "DELTAKER-NAVN",
        ("deltakere", i, "navn"),
        f"Nummer {nr} er «{offisielt.navn}» på avtalens dato ({dato.isoformat()}), ikke "
        f"«{d.navn}»." + (f" «{d.navn}» har nummer {', '.join(andre)}." if andre else ""),
    )


def _sjekk_tidligere_navn(d: Any, i: int, ut: Ut) -> None:
    """Undated agreement, old number: the name must be one the number has had, whichever period
    the agreement is from (Sandnes 1102 is «Sandnes»; «Forsand» with 1102 is wrong on any date)."""
    nr = d.kommunenummer
    perioder = periods(nr)
    if not perioder or any(
        navn_passer(nr, d.navn, k.gyldig_fra or k.gyldig_til or dt.date.min) for k in perioder
    ):
        return
    navn = sorted({k.navn for k in perioder})
    brudd(
        ut,
        "DELTAKER-NAVN",
        ("deltakere", i, "navn"),
        f"Nummer {nr} har hett {' og '.join(f'«{n}»' for n in navn)}, ikke «{d.navn}».",
    )


def _sjekk_opphort(d: Any, ut: Ut, dato: dt.date, sti: tuple[str | int, ...]) -> None:
    """A party valid on the agreement's date but not today: renumbered only (the same kommune, a
    stale number: KOMMUNENUMMER-ENDRET) or merged/split (another party now: DELTAKER-OPPHORT)."""
    idag = dt.date.today()
    nr = d.kommunenummer
    if idag <= dato or kommune(nr, dato) is None or kommune(nr, idag) is not None:
        return
    _meld_utgatt(d, ut, sti)


def _meld_utgatt(d: Any, ut: Ut, sti: tuple[str | int, ...]) -> bool:
    """A number not valid today that the lists show ending in a change is the party's old number:
    reported as renumbered or ended, naming the successor and the date. False when the history
    does not say (never in the lists, or ended without a recorded successor): an undated agreement
    then has nothing to report, since only its own date could tell whether the number was valid."""
    idag = dt.date.today()
    nr = d.kommunenummer
    historikk = beskriv_historikk(nr, idag)
    if historikk is None:
        return False
    if bare_nytt_nummer(nr, idag):
        brudd(
            ut,
            "KOMMUNENUMMER-ENDRET",
            sti,
            f"{deltakernavn(d)} har fått nytt nummer: {historikk}. Avtalen bør bruke det "
            "gjeldende nummeret.",
        )
        return True
    brudd(
        ut,
        "DELTAKER-OPPHORT",
        sti,
        f"{deltakernavn(d)} finnes ikke lenger: {historikk}. Avtalen bør endres så "
        "etterfølgeren står som deltaker.",
    )
    return True


_STEDSFELT = ("vertskommune", "kontorkommune", "hovedkontor")


def _sjekk_stedsfelt(avtale: Any, ut: Ut, dato: dt.date) -> None:
    """The host, office or head-office kommune named by number: a number valid on the agreement's
    date (or, undated, any number with a history) that is another number today is stale (the
    participants are checked on their own)."""
    idag = dt.date.today()
    ukjent = DATO_UKJENT.get()
    if idag <= dato and not ukjent:
        return
    for felt in _STEDSFELT:
        nr = getattr(avtale, felt, None)
        if not isinstance(nr, str) or kommune(nr, idag) is not None:
            continue
        if not ukjent and kommune(nr, dato) is None:
            continue
        historikk = beskriv_historikk(nr, idag)
        if historikk is None:
            continue
        regel_id = "KOMMUNENUMMER-ENDRET" if bare_nytt_nummer(nr, idag) else "DELTAKER-OPPHORT"
        brudd(ut, regel_id, (felt,), f"{felt.capitalize()} {nr}: {historikk}.")


def _dato(d: dt.date) -> str:
    return f"{d.day}.{d.month}.{d.year}"


_NUMMERFORM = {
    "kommune": "et kommunenummer",
    "fylkeskommune": "et fylkesnummer",
    "iks": "et organisasjonsnummer (interkommunalt selskap)",
}
_FORMNAVN = {
    VK: "et vertskommunesamarbeid",
    VKN: "et vertskommunesamarbeid med nemnd",
    KO: "et kommunalt oppgavefellesskap",
    IPR: "et interkommunalt politisk råd",
    SA: "en samarbeidsavtale etter kommuneloven § 17-1",
}


_ANDELSREGLER = {
    IPR: ("KL-18-4-F-EIERANDEL-SUM", "KL-18-2-ANSVARSANDEL-SUM"),
    KO: ("KL-19-4-F-EIERANDEL-SUM", "KL-19-2-ANSVARSANDEL-SUM"),
    IKS: ("IKSL-3-EIERANDEL-SUM", "IKSL-3-ANSVARSANDEL-SUM"),
}


def sjekk_andeler(avtale: Any, ut: Ut, dato: dt.date) -> None:
    deltakere = avtale.deltakere
    if not deltakere:
        return
    eier_id, ansvar_id = _ANDELSREGLER[avtale.type]
    eier = [d.eierandel for d in deltakere]
    if None not in eier:
        sum_eier = sum(eier, Fraction(0))
        if sum_eier != EN:
            brudd(
                ut,
                eier_id,
                ("deltakere",),
                f"Eierandelene summerer til {format_prosent(sum_eier)}, ikke 100 %."
                + brokhint(eier),
            )
    # Ansvarsandelen følger eierandelen når den ikke er oppgitt; uten noen egen ansvarsandel er
    # summen den samme som over og rapporteres ikke to ganger.
    if any(d.ansvarsandel is not None for d in deltakere):
        ansvar = [d.ansvarsandel if d.ansvarsandel is not None else d.eierandel for d in deltakere]
        if None not in ansvar:
            sum_ansvar = sum(ansvar, Fraction(0))
            if sum_ansvar != EN:
                brudd(
                    ut,
                    ansvar_id,
                    ("deltakere",),
                    f"Ansvarsandelene (eierandelen der ansvarsandel ikke er oppgitt) summerer "
                    f"til {format_prosent(sum_ansvar)}, ikke 100 %." + brokhint(ansvar),
                )
