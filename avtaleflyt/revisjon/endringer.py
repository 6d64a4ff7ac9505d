"""A change summary in Norwegian between two versions of an agreement's data.

The summary is computed from the canonical data (`avtale.json`), not from the documents. Field
names come from the models' descriptions (`Field(description=…)`), shortened to a label
(«Oppsigelsestid i måneder» → «Oppsigelsestid», unit «måneder»); a few fields whose description is
a question («Hvordan kostnadene fordeles») have a fixed label. Lists of participants, tasks and
similar are matched on their key (kommunenummer, navn, område), so a reordering is not a change.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from pydantic import BaseModel

from schemas.avtale import AVTALE_TYPES, TYPE_NAVN

ETIKETTER: dict[str, str] = {
    "fordelingsnokkel": "Fordelingsnøkkel",
    "deltakere": "Deltaker",
    "vertskommune": "Vertskommune",
    "oppgaver": "Oppgave",
    "enkeltvedtak": "Vedtaksmyndighet",
    "myndighet": "Myndighet",
    "uttreden": "Uttreden",
    "opplosning": "Oppløsning",
    "okonomi": "Økonomi",
    "ikrafttredelse": "Ikrafttredelse",
    "varighet": "Varighet",
    "personvern": "Personvern",
    "representantskap": "Representantskap",
    "medlemmer": "Medlemmer",
    "bruk": "Bruk",
    "andeler": "Avtalte andeler",
    "signatar": "Signatar",
    "laaneadgang": "Låneadgang",
    "styre": "Styre",
    "nemnd": "Nemnd",
    "metode": "Metode",
}
"""Labels for fields whose description does not read as a name."""

METODER = {
    "lik": "likedeling",
    "innbyggertall": "innbyggertall",
    "bruk": "bruk",
    "fast_og_variabel": "fast og variabel del",
    "eierandel": "eierandel",
    "avtalt": "avtalte andeler",
}

NOKLER = ("kommunenummer", "navn", "omrade")
"""Keys that identify an element of a list (first one present in every element)."""

IGNORER = {"versjon", "versjonsdato"}
"""Version bookkeeping: the summary is *between* two versions."""

_SPORSMAL = re.compile(r"^(Hvordan|Hvilke|Hvilken|Hva|Hvem|Når|Om) ", re.IGNORECASE)
_ENHET = re.compile(r"^(?P<navn>.+?) i (?P<enhet>måneder|år|kroner|dager|prosent)$")


@dataclass(frozen=True)
class Endring:
    sti: str
    art: str  # "endret", "lagt_til", "fjernet"
    tekst: str
    fra: Any = None
    til: Any = None


# --------------------------------------------------------------------------- model metadata


def _modeller(annotasjon: Any) -> list[type[BaseModel]]:
    """The pydantic models inside an annotation (Optional, list, Union, Annotated)."""
    if isinstance(annotasjon, type) and issubclass(annotasjon, BaseModel):
        return [annotasjon]
    ut: list[type[BaseModel]] = []
    for a in typing.get_args(annotasjon):
        ut.extend(_modeller(a))
    return ut


def _felt(modeller: list[type[BaseModel]], navn: str, data: dict | None = None):
    """(field info, sub-models) of `navn` in the first model that has it; a discriminated union is
    narrowed by the data's discriminator value."""
    for m in modeller:
        info = m.model_fields.get(navn)
        if info is not None:
            under = _modeller(info.annotation)
            if data and len(under) > 1:
                metode = data.get("metode") if isinstance(data, dict) else None
                valgt = [
                    u
                    for u in under
                    if "metode" in u.model_fields
                    and metode in typing.get_args(u.model_fields["metode"].annotation)
                ]
                under = valgt or under
            return info, under
    return None, []


def etikett(navn: str, info) -> tuple[str, str]:
    """(label, unit) for a field."""
    if navn in ETIKETTER:
        return ETIKETTER[navn], ""
    beskrivelse = (info.description if info is not None else None) or ""
    beskrivelse = re.sub(r"\s*\(.*\)$", "", beskrivelse).strip().rstrip(".")
    if ";" in beskrivelse:
        beskrivelse = beskrivelse.split(";", 1)[0].strip()
    if beskrivelse and not _SPORSMAL.match(beskrivelse):
        m = _ENHET.match(beskrivelse)
        if m:
            return m.group("navn"), m.group("enhet")
        return beskrivelse, ""
    tekst = navn.replace("_", " ").replace("aa", "å").replace("oe", "ø")
    return tekst[:1].upper() + tekst[1:], ""


# --------------------------------------------------------------------------- values


def _andel(v: str) -> str | None:
    if isinstance(v, str) and re.fullmatch(r"\d+/\d+", v):
        f = Fraction(v)
        prosent = f"{float(f * 100):.2f}".rstrip("0").rstrip(".").replace(".", ",")
        return f"{v} ({prosent} %)" if f.denominator != 1 else f"{prosent} %"
    return None


def verdi(v: Any, *, navn: str = "", kommuner: dict[str, str] | None = None) -> str:
    """A value as a reader writes it."""
    if v is None:
        return "ingen"
    if isinstance(v, bool):
        return "ja" if v else "nei"
    if isinstance(v, dict):
        if "metode" in v:
            return str(METODER.get(v["metode"], v["metode"]))
        return ", ".join(f"{k}: {verdi(x)}" for k, x in v.items())
    if isinstance(v, list):
        return ", ".join(verdi(x, kommuner=kommuner) for x in v) or "ingen"
    if isinstance(v, str):
        if navn == "type":
            return TYPE_NAVN.get(v, v)
        if kommuner and v in kommuner:
            return f"{v} {kommuner[v]}"
        if navn == "metode":
            return METODER.get(v, v)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            return dt.date.fromisoformat(v).strftime("%d.%m.%Y")
        a = _andel(v)
        if a:
            return a
        if re.fullmatch(r"-?\d+\.\d{2}", v):
            heltall, des = v.split(".")
            return f"{int(heltall):,}".replace(",", " ") + f",{des}"
        return v
    return str(v)


def _kort(tekst: str, n: int = 70) -> str:
    tekst = " ".join(str(tekst).split())
    return tekst if len(tekst) <= n else tekst[: n - 1].rstrip() + "…"


# --------------------------------------------------------------------------- diff


def endringer(fra: dict, til: dict) -> list[Endring]:
    """Field-level changes from data `fra` to data `til` (canonical dicts of `avtale.json`)."""
    kommuner = {
        d["kommunenummer"]: d.get("navn", "")
        for d in [*fra.get("deltakere", []), *til.get("deltakere", [])]
    }
    modell = AVTALE_TYPES.get(til.get("type", "")) or AVTALE_TYPES.get(fra.get("type", ""))
    ut: list[Endring] = []
    if fra.get("type") != til.get("type"):
        ut.append(
            Endring(
                "type",
                "endret",
                f"Samarbeidsform endret fra {verdi(fra.get('type'), navn='type')} "
                f"til {verdi(til.get('type'), navn='type')}",
                fra.get("type"),
                til.get("type"),
            )
        )
    _dict(fra, til, [modell] if modell else [], "", "", ut, kommuner)
    return ut


def _dict(a: dict, b: dict, modeller, sti: str, forlop: str, ut: list[Endring], kommuner) -> None:
    for navn in sorted(set(a) | set(b), key=lambda k: _rekkefolge(modeller, k)):
        if (navn in IGNORER and not sti) or (navn == "type" and not sti):
            continue
        x, y = a.get(navn), b.get(navn)
        if x == y:
            continue
        info, under = _felt(modeller, navn, y if isinstance(y, dict) else x)
        merke, enhet = etikett(navn, info)
        full = f"{sti}.{navn}" if sti else navn
        hvor = f"{merke}{forlop}"
        if (
            isinstance(x, dict)
            and isinstance(y, dict)
            and "metode" in x
            and x.get("metode") != y.get("metode")
        ):
            ut.append(Endring(full, "endret", f"{hvor} endret fra {verdi(x)} til {verdi(y)}", x, y))
        elif isinstance(x, dict) and isinstance(y, dict):
            _dict(x, y, under, full, forlop, ut, kommuner)
        elif isinstance(x, list) and isinstance(y, list) and _nokkel(x + y):
            _liste(x, y, under, full, merke, forlop, ut, kommuner)
        elif x is None:
            ut.append(
                Endring(
                    full,
                    "lagt_til",
                    f"{hvor} lagt til: {_kort(verdi(y, navn=navn, kommuner=kommuner))}",
                    x,
                    y,
                )
            )
        elif y is None:
            ut.append(
                Endring(
                    full,
                    "fjernet",
                    f"{hvor} fjernet (var: {_kort(verdi(x, navn=navn, kommuner=kommuner))})",
                    x,
                    y,
                )
            )
        elif isinstance(x, str) and isinstance(y, str) and (len(x) > 60 or len(y) > 60):
            ut.append(Endring(full, "endret", f"{hvor} endret (tekst): «{_kort(y, 90)}»", x, y))
        else:
            fx, fy = verdi(x, navn=navn, kommuner=kommuner), verdi(y, navn=navn, kommuner=kommuner)
            ut.append(
                Endring(
                    full,
                    "endret",
                    f"{hvor} endret fra {fx} til {fy}{' ' + enhet if enhet else ''}",
                    x,
                    y,
                )
            )


def _rekkefolge(modeller, navn: str) -> tuple[int, str]:
    for m in modeller:
        if navn in m.model_fields:
            return (list(m.model_fields).index(navn), navn)
    return (10_000, navn)


def _nokkel(elementer: list) -> str | None:
    if not elementer or not all(isinstance(e, dict) for e in elementer):
        return None
    return next((k for k in NOKLER if all(k in e for e in elementer)), None)


def _navn_pa(e: dict, nokkel: str, kommuner) -> str:
    if nokkel == "kommunenummer":
        return (
            f"{e['kommunenummer']} {e.get('navn') or kommuner.get(e['kommunenummer'], '')}".strip()
        )
    return str(e[nokkel])


def _liste(
    x: list, y: list, under, sti: str, merke: str, forlop: str, ut: list[Endring], kommuner
) -> None:
    nokkel = _nokkel(x + y)
    assert nokkel is not None
    fx = {e[nokkel]: e for e in x}
    fy = {e[nokkel]: e for e in y}
    for k, e in fy.items():
        if k not in fx:
            ut.append(
                Endring(
                    f"{sti}.{k}",
                    "lagt_til",
                    f"{merke} lagt til: {_navn_pa(e, nokkel, kommuner)}",
                    None,
                    e,
                )
            )
    for k, e in fx.items():
        if k not in fy:
            ut.append(
                Endring(
                    f"{sti}.{k}",
                    "fjernet",
                    f"{merke} fjernet: {_navn_pa(e, nokkel, kommuner)}",
                    e,
                    None,
                )
            )
    for k, e in fy.items():
        if k in fx and fx[k] != e:
            _dict(
                fx[k],
                e,
                under,
                f"{sti}.{k}",
                f"{forlop} for {_navn_pa(e, nokkel, kommuner)}",
                ut,
                kommuner,
            )


def sammendrag(fra: dict, til: dict) -> list[str]:
    """The change summary as sentences."""
    return [e.tekst for e in endringer(fra, til)]
