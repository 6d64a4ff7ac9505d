"""Sjekkene av deltakerne: antall, dubletter, gyldige kommunenumre og andeler som summerer til 100 %."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from schemas.felles import format_prosent
from schemas.kommuner import covered, describe_validity
from schemas.regler.laster import REGLER
from schemas.regler.modell import IKS, IPR, KO
from schemas.regler.sjekk_felles import EN, Ut, brudd, kommune_gyldig


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
                f"Kommune {nr} står oppført som deltaker både som nr. {sett[nr] + 1} og "
                f"nr. {i + 1}.",
            )
        else:
            sett[nr] = i
        gyldig = kommune_gyldig(nr, dato)
        if not gyldig and not covered(nr, dato):
            brudd(
                ut,
                "KOMMUNENUMMER-UDEKKET",
                ("deltakere", i, "kommunenummer"),
                f"Kommunenummer {nr} kan ikke kontrolleres: kommunelisten som følger med, "
                f"dekker ikke dette fylket på avtalens dato ({dato.isoformat()}); den er "
                "landsdekkende fra 1.1.2020.",
            )
        elif not gyldig:
            brudd(
                ut,
                "KOMMUNENUMMER-UGYLDIG",
                ("deltakere", i, "kommunenummer"),
                f"Kommunenummer {nr} er ikke gyldig {dato.isoformat()} (avtalens dato). "
                f"Kommunelisten: {describe_validity(nr)}.",
            )


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
                f"Eierandelene summerer til {format_prosent(sum_eier)}, ikke 100 %.",
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
                    f"til {format_prosent(sum_ansvar)}, ikke 100 %.",
                )
