"""Felt avtaleteksten har, men som står tomme der: et «organisasjonsnummer:» uten nummer for en part.

Det som står tomt, er ukjent: dataene sier det med `ikke_utfylt` i stedet for å finne på et nummer
eller late som feltet ikke finnes. Et tomt felt i en vedtatt tekst er en utkastrest som en
plassholder (AVTALE-PLASSHOLDER); meldingen sier hvilken part, og nummeret Enhetsregisteret har når
organisasjonsnummerlisten kjenner det.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from schemas.kommuner import organisasjonsnummer
from schemas.regler.sjekk_felles import Ut, brudd, deltakernavn


def _med_mellomrom(nr: str) -> str:
    return f"{nr[0:3]} {nr[3:6]} {nr[6:9]}"


def sjekk_tomme_felt(avtale: Any, ut: Ut, dato: dt.date) -> None:
    """One finding per participant whose organisasjonsnummer stands empty in the text."""
    for i, d in enumerate(getattr(avtale, "deltakere", None) or []):
        if "organisasjonsnummer" not in (d.ikke_utfylt or []):
            continue
        kjent = organisasjonsnummer(d.kommunenummer) if len(d.kommunenummer) != 9 else None
        hint = (
            f" (organisasjonsnummerlisten fra Enhetsregisteret har {_med_mellomrom(kjent)})"
            if kjent
            else ""
        )
        brudd(
            ut,
            "AVTALE-PLASSHOLDER",
            ("deltakere", i, "organisasjonsnummer"),
            f"Feltet for organisasjonsnummer står tomt i avtalen for {deltakernavn(d)}; fyll inn "
            f"partens organisasjonsnummer{hint} før avtalen sendes til vedtak.",
        )
