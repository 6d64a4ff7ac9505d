"""Lovhenvisninger med en dato som ikke er lovens: «Lov av 1. januar 2010 om kommunale
krisesentertilbud (Krisesenterloven)», «lov 25. september 1992 nr. 107» foran en paragraf i
kommuneloven 2018, eller omvendt.

En lov identifiseres av datoen den ble sanksjonert og nummeret (lov 19. juni 2009 nr. 44). Datoene
og numrene står i `schemas/data/lover.csv`, lest ordrett fra kommuneloven 2018 slik den ble vedtatt
(lovene den opphever og endrer). Tre slags funn:

- en kjent lov (korttittel, eller «om» og tittelen) med en dato som ikke er lovens, men som ligger
  innen to år etter den: nesten alltid ikrafttredelsen eller en skrivefeil. En dato lenger unna
  kan være en eldre eller nyere lov med samme navn (barnevernloven 1992 og 2021) og gir intet funn;
- dato og nummer som ikke hører sammen for loven som nevnes (en kjent dato med et annet nummer);
- kommuneloven med 1992-lovens dato og en paragraf som bare finnes i 2018-loven (§ 20-2), eller
  2018-lovens dato og en paragraf som bare fantes i 1992-loven (§ 27, § 28-1 b).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from schemas.regler.lazy_re import LazyPattern
from schemas.regler.sjekk_felles import Ut, brudd
from schemas.regler.sjekk_gammel_lov import tekstfelter_med_spor

LOVER_FILE = Path(__file__).resolve().parents[1] / "data" / "lover.csv"

_MAANEDER = (
    "januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
    "oktober", "november", "desember",
)  # fmt: skip
_DATO = rf"(?P<dag>\d{{1,2}})\.\s*(?P<mnd>{'|'.join(_MAANEDER)})\s+(?P<aar>\d{{4}})"
_NR = r"(?:\s*nr\.?\s*(?P<nr>\d+))?"
_OM = r"(?:\s+om\s+(?P<tittel>[^()§;:«»\n]{3,140}))?"
_KORT = r"(?:\s*\((?P<kort>[^()\n]{3,60})\))?"

_LOV_MED_DATO = LazyPattern(rf"\blov(?:en)?\s+(?:av\s+)?{_DATO}{_NR}{_OM}{_KORT}", re.IGNORECASE)
"""«Lov av 1. januar 2010 om kommunale krisesentertilbud (Krisesenterloven)», «lov 22. juni 2018
nr. 83 om kommuner og fylkeskommuner»."""

_NAVN_MED_DATO = LazyPattern(
    rf"\b(?P<navn>[a-zæøå-]+lov(?:en|a)|IKS-loven)\s*(?:\(\s*)?(?:av|fra)\s+{_DATO}{_NR}",
    re.IGNORECASE,
)
"""«kommuneloven av 25. september 1992», «krisesenterloven av 1. januar 2010 nr. 44»."""

_PARAGRAF_ETTER = LazyPattern(
    r"[\s,)]*(?:§§?\s*)(?P<par>\d{1,2}(?:\s*-\s*\d{1,2})?(?:\s*[a-k](?![\wæøå]))?)"
)
_BARE_1992 = LazyPattern(r"^(?:27|28\s*[a-k]|28\s*-\s*[12]\s*[a-k])$")
_BARE_2018 = LazyPattern(r"^\d{1,2}\s*-\s*\d{1,2}$")
_SPOR = ("ov ", "ov\u00a0", "oven ", "ova ")

DAGER_TIL_IKRAFT = 2 * 366
"""A date within two years after the law's own is read as its entry into force or a slip."""


@dataclass(frozen=True)
class Lov:
    dato: dt.date
    nr: str
    tittel: str
    korttitler: tuple[str, ...]

    @property
    def henvisning(self) -> str:
        nr = f" nr. {self.nr}" if self.nr else ""
        return f"lov {self.dato.day}. {_MAANEDER[self.dato.month - 1]} {self.dato.year}{nr}"


@cache
def lover() -> tuple[Lov, ...]:
    """The laws whose date and number were read from kommuneloven 2018 as enacted."""
    with LOVER_FILE.open(encoding="utf-8", newline="") as fh:
        return tuple(
            Lov(
                dt.date.fromisoformat(r["dato"]),
                r["nr"],
                r["tittel"].lower().removeprefix("om "),
                tuple(k.lower() for k in r["korttittel"].split("|") if k),
            )
            for r in csv.DictReader(fh)
        )


def _kjente(kort: str | None, tittel: str | None, dato: dt.date | None = None) -> list[Lov]:
    """The known laws the reference names: by short title, else by «om <title>», else (a bare
    «lov 25. september 1992 nr. 107») the known law of that date."""
    if kort:
        navn = kort.strip().lower()
        treff = [lov for lov in lover() if navn in lov.korttitler]
        if treff:
            return treff
    if tittel:
        t = " ".join(tittel.lower().split())
        treff = [lov for lov in lover() if t.startswith(lov.tittel) or lov.tittel.startswith(t)]
        if treff:
            return treff
    return [lov for lov in lover() if lov.dato == dato] if dato is not None else []


def _dato(m: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(m["aar"]), _MAANEDER.index(m["mnd"].lower()) + 1, int(m["dag"]))
    except ValueError:
        return None


def _navn(lov: Lov) -> str:
    return lov.korttitler[0] if lov.korttitler else f"loven {lov.tittel}"


def _vurder(tekst: str, m: re.Match[str], kjente: list[Lov]) -> str | None:
    """What is wrong with one dated reference to a known law, or None."""
    dato = _dato(m)
    if dato is None or not kjente:
        return None
    sitat = " ".join(m.group(0).split())
    samme_dato = [lov for lov in kjente if lov.dato == dato]
    nr = m["nr"]
    if samme_dato:
        lov = samme_dato[0]
        if nr and lov.nr and nr != lov.nr:
            annen = next((k for k in kjente if k.nr == nr and k.dato.year != dato.year), None)
            hint = f" (nr. {nr} er {annen.henvisning})" if annen else ""
            return (
                f"«{sitat}»: {_navn(lov)} av den datoen er {lov.henvisning}, ikke nr. {nr}{hint}."
            )
        return _kommunelov_paragraf(tekst, m, lov, sitat)
    naer = [lov for lov in kjente if 0 < (dato - lov.dato).days <= DAGER_TIL_IKRAFT]
    if naer:
        lov = naer[0]
        return (
            f"«{sitat}» har ikke lovens dato: {_navn(lov)} er {lov.henvisning}. En lov har datoen "
            f"den ble sanksjonert, ikke datoen den trådte i kraft."
        )
    return None


def _kommunelov_paragraf(tekst: str, m: re.Match[str], lov: Lov, sitat: str) -> str | None:
    """Kommuneloven with one act's date and a paragraph only the other act has."""
    if "kommuneloven" not in lov.korttitler:
        return None
    p = _PARAGRAF_ETTER.match(tekst, m.end())
    if p is None:
        return None
    par = " ".join(p["par"].split())
    if lov.dato.year == 1992 and _BARE_2018.match(par):
        return (
            f"«{sitat} § {par}»: datoen er kommuneloven 1992 (lov 25. september 1992 nr. 107), "
            f"men § {par} er en paragraf i kommuneloven 2018 (lov 22. juni 2018 nr. 83)."
        )
    if lov.dato.year == 2018 and _BARE_1992.match(par):
        return (
            f"«{sitat} § {par}»: datoen er kommuneloven 2018 (lov 22. juni 2018 nr. 83), men "
            f"§ {par} er en paragraf i kommuneloven 1992 (lov 25. september 1992 nr. 107), som "
            f"er opphevet."
        )
    return None


def finn_feil_lovdatoer(tekst: str) -> list[str]:
    """One message per dated law reference in `tekst` whose date is not the law's."""
    meldinger: list[str] = []
    for m in _LOV_MED_DATO.finditer(tekst):
        melding = _vurder(tekst, m, _kjente(m["kort"], m["tittel"], _dato(m)))
        if melding:
            meldinger.append(melding)
    for m in _NAVN_MED_DATO.finditer(tekst):
        melding = _vurder(tekst, m, _kjente(m["navn"], None))
        if melding:
            meldinger.append(melding)
    return list(dict.fromkeys(meldinger))


def sjekk_lovhenvisninger(avtale: Any, ut: Ut, dato: dt.date) -> None:
    """Every dated law reference in every text field whose date is not the law's."""
    for sti, tekst in tekstfelter_med_spor(avtale, _SPOR):
        for melding in finn_feil_lovdatoer(tekst):
            brudd(ut, "LOVHENVISNING-DATO", sti, melding)
