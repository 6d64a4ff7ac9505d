"""The official numbers of kommuner and fylker with the periods they were valid, and their history.

A number is only meaningful on a date: Trøndelag's numbers changed in 2018 (16xx/17xx → 50xx),
most counties were renumbered on 1.1.2020 and again on 1.1.2024, and municipalities merged, split
or moved county in between. The lists are `schemas/data/kommuner.csv` (kommuner, four digits),
`schemas/data/fylker.csv` (fylker, two digits) and `schemas/data/endringer.csv` (which number
became which, and when); `schemas/data/organisasjonsnummer.csv` gives the party's number in
Enhetsregisteret. Sources and coverage are stated in `data/README.md`: both lists are national
from `NATIONAL_FROM` (1.1.2017), so before that date a missing number proves nothing (`covered`).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")
DATA_FILE = DATA_DIR / "kommuner.csv"
FYLKE_FILE = DATA_DIR / "fylker.csv"
ENDRINGER_FILE = DATA_DIR / "endringer.csv"
ORGNR_FILE = DATA_DIR / "organisasjonsnummer.csv"

NATIONAL_FROM = dt.date(2017, 1, 1)
"""From this date on the lists cover every kommune and fylke: a number missing there did not exist."""


@dataclass(frozen=True, slots=True)
class Kommune:
    """One period of a kommunenummer or fylkesnummer (the class keeps its old name)."""

    nummer: str
    navn: str
    gyldig_fra: dt.date | None
    """None: valid from before the period the list covers."""
    gyldig_til: dt.date | None
    """None: still valid."""

    def gyldig(self, on: dt.date) -> bool:
        return (self.gyldig_fra is None or self.gyldig_fra <= on) and (
            self.gyldig_til is None or on <= self.gyldig_til
        )

    @property
    def er_fylke(self) -> bool:
        return len(self.nummer) == 2


@dataclass(frozen=True, slots=True)
class Endring:
    """On `dato` the number `fra_nummer` ended and (part of) it became `til_nummer`."""

    dato: dt.date
    fra_nummer: str
    fra_navn: str
    til_nummer: str
    til_navn: str
    kilde: str


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _les(path: Path, *felt: str) -> list[tuple[str, ...]]:
    """The columns `felt` of a CSV file, row by row, found by name in its header.

    `csv.reader` and the columns' places, not `csv.DictReader`: a dict per row made reading the
    lists a noticeable part of every cold `avtale validate`."""
    with path.open(encoding="utf-8", newline="") as handle:
        rader = csv.reader(handle)
        hode = next(rader, [])
        plasser = [hode.index(navn) for navn in felt]
        return [tuple(rad[i] for i in plasser) for rad in rader if rad]


@cache
def _table() -> dict[str, tuple[Kommune, ...]]:
    """Kommuner and fylker in one table: their numbers never collide (four digits against two)."""
    table: dict[str, list[Kommune]] = {}
    for path in (DATA_FILE, FYLKE_FILE):
        for nummer, navn, fra, til in _les(path, "nummer", "navn", "gyldig_fra", "gyldig_til"):
            item = Kommune(nummer, navn, _date(fra), _date(til))
            table.setdefault(item.nummer, []).append(item)
    return {
        nr: tuple(sorted(items, key=lambda k: k.gyldig_fra or dt.date.min))
        for nr, items in table.items()
    }


@cache
def _endringer() -> dict[str, tuple[Endring, ...]]:
    """fra_nummer → the changes that ended it (several when it was split)."""
    out: dict[str, list[Endring]] = {}
    felt = ("dato", "fra_nummer", "fra_navn", "til_nummer", "til_navn", "kilde")
    for dato, *resten in _les(ENDRINGER_FILE, *felt):
        e = Endring(dt.date.fromisoformat(dato), *resten)
        out.setdefault(e.fra_nummer, []).append(e)
    return {nr: tuple(items) for nr, items in out.items()}


@cache
def _forgjengere() -> dict[str, tuple[Endring, ...]]:
    out: dict[str, list[Endring]] = {}
    for items in _endringer().values():
        for e in items:
            out.setdefault(e.til_nummer, []).append(e)
    return {nr: tuple(items) for nr, items in out.items()}


def periods(nr: str) -> list[Kommune]:
    return list(_table().get(nr, ()))


def known(nr: str) -> bool:
    return nr in _table()


def covered(nr: str, on: dt.date | None = None) -> bool:
    """Whether the lists cover this number on that date, so that absence means it did not exist.

    True on or after `NATIONAL_FROM` for every kommune- and fylkesnummer; before it nothing is
    covered. Without a date: whether the number is in the lists at all.
    """
    if on is None:
        return known(nr)
    return on >= NATIONAL_FROM


def kommune(nr: str, on: dt.date) -> Kommune | None:
    """The kommune or fylke the number denoted on that date, or None."""
    for item in _table().get(nr, ()):
        if item.gyldig(on):
            return item
    return None


enhet = kommune
"""The same look-up under a name that fits fylker too."""


def etterfolgere(nr: str) -> tuple[Endring, ...]:
    """The changes by which the number ended: one for a new number or a merger, several for a split."""
    return _endringer().get(nr, ())


def forgjengere(nr: str) -> tuple[Endring, ...]:
    """The changes by which the number came to be."""
    return _forgjengere().get(nr, ())


def gjeldende(nr: str, on: dt.date) -> list[Kommune]:
    """What the number has become by that date, following every change (empty if unknown)."""
    funnet: list[Kommune] = []
    ventende = [nr]
    sett: set[str] = set()
    while ventende:
        neste = ventende.pop(0)
        if neste in sett:
            continue
        sett.add(neste)
        naa = kommune(neste, on)
        if naa is not None:
            funnet.append(naa)
            continue
        ventende.extend(e.til_nummer for e in etterfolgere(neste) if e.dato <= on)
    return funnet


def bare_nytt_nummer(nr: str, on: dt.date) -> bool:
    """Whether every change of the number up to `on` was a renumbering of the same kommune or fylke
    (one successor with no other predecessor), so the party exists still under another number."""
    ventende = [nr]
    endret = False
    while ventende:
        neste = ventende.pop()
        if kommune(neste, on) is not None:
            continue
        endr = [e for e in etterfolgere(neste) if e.dato <= on]
        if len(endr) != 1 or len(forgjengere(endr[0].til_nummer)) != 1:
            return False
        endret = True
        ventende.append(endr[0].til_nummer)
    return endret


def _norsk_dato(d: dt.date) -> str:
    return f"{d.day}.{d.month}.{d.year}"


def _liste(navn: list[str]) -> str:
    return navn[0] if len(navn) == 1 else ", ".join(navn[:-1]) + " og " + navn[-1]


def beskriv_endring(nr: str) -> str | None:
    """«1.1.2020 ble 5012 Snillfjord delt mellom 5055 Heim, 5056 Hitra og 5059 Orkland», or None.

    The kind of change is read from the list: several successors is a split; one successor with
    other predecessors too is a merger; one successor with only this predecessor is a new number.
    """
    endr = etterfolgere(nr)
    if not endr:
        return None
    e = endr[0]
    til = [f"{x.til_nummer} {x.til_navn}" for x in endr]
    if len(endr) > 1:
        return f"{_norsk_dato(e.dato)} ble {e.fra_nummer} {e.fra_navn} delt mellom {_liste(til)}"
    andre = [
        f"{f.fra_nummer} {f.fra_navn}" for f in forgjengere(e.til_nummer) if f.fra_nummer != nr
    ]
    if andre:
        return (
            f"{_norsk_dato(e.dato)} ble {e.fra_nummer} {e.fra_navn} slått sammen med "
            f"{_liste(andre)} til {til[0]}"
        )
    return f"{_norsk_dato(e.dato)} fikk {e.fra_nummer} {e.fra_navn} nytt nummer: {til[0]}"


def beskriv_historikk(nr: str, on: dt.date) -> str | None:
    """Every change from the number up to `on`, then what it is on that date; None if none."""
    deler: list[str] = []
    ventende = [nr]
    sett: set[str] = set()
    while ventende:
        neste = ventende.pop(0)
        if neste in sett or kommune(neste, on) is not None:
            continue
        sett.add(neste)
        tekst = beskriv_endring(neste)
        if tekst is None:
            continue
        endr = [e for e in etterfolgere(neste) if e.dato <= on]
        if not endr:
            continue
        deler.append(tekst)
        ventende.extend(e.til_nummer for e in endr)
    if not deler:
        return None
    naa = [f"{k.nummer} {k.navn}" for k in gjeldende(nr, on)]
    slutt = f"; gjeldende {_norsk_dato(on)}: {_liste(naa)}" if naa else ""
    return "; ".join(deler) + slutt


# --------------------------------------------------------------------------- names

_SUFFIKS = re.compile(r"\s+(fylkeskommune|kommune|fylke)$")
_PARENTES = re.compile(r"\s*\([^)]*\)\s*$")


def _norm(navn: str) -> str:
    tekst = " ".join(navn.replace("\u00a0", " ").split()).casefold()
    return _SUFFIKS.sub("", tekst)


def navnevarianter(offisielt: str) -> set[str]:
    """The forms a party may use for an official name: the whole SSB name, each of its parallel
    Norwegian/Sami/Kven names («Kárášjohka - Karasjok»), each with or without the county
    qualifier SSB adds to names used twice («Våler (Viken)»)."""
    hele = _norm(offisielt)
    uten = _norm(_PARENTES.sub("", offisielt))
    varianter = {hele, uten}
    for form in (hele, uten):
        varianter.update(d.strip() for d in form.split(" - "))
    return {v for v in varianter if v}


def navn_passer(nr: str, navn: str, on: dt.date) -> bool | None:
    """Whether `navn` names what `nr` denoted on that date; None when the list has no entry."""
    item = kommune(nr, on)
    if item is None:
        return None
    return _norm(_PARENTES.sub("", navn)) in navnevarianter(item.navn) or _norm(
        navn
    ) in navnevarianter(item.navn)


def numre_for_navn(navn: str, on: dt.date) -> list[Kommune]:
    """Every kommune or fylke whose name `navn` is on that date (for «did you mean»)."""
    return [
        item
        for items in _table().values()
        for item in items
        if item.gyldig(on) and navn_passer(item.nummer, navn, on)
    ]


# --------------------------------------------------------------------------- Enhetsregisteret


def gyldig_organisasjonsnummer(nummer: str) -> bool:
    """The check digit of an organisasjonsnummer (modulus 11 with weights 3 2 7 6 5 4 3 2)."""
    if len(nummer) != 9 or not nummer.isdigit():
        return False
    rest = (
        11 - sum(int(c) * w for c, w in zip(nummer[:8], (3, 2, 7, 6, 5, 4, 3, 2), strict=True)) % 11
    )
    if rest == 10:
        return False
    return (0 if rest == 11 else rest) == int(nummer[8])


@cache
def _orgnr() -> dict[str, tuple[str, str]]:
    return {
        nummer: (orgnr, navn)
        for nummer, orgnr, navn in _les(
            ORGNR_FILE, "nummer", "organisasjonsnummer", "navn_enhetsregisteret"
        )
    }


def organisasjonsnummer(nr: str) -> str | None:
    """The kommune's or fylkeskommune's organisasjonsnummer, or None where the file has none."""
    funnet = _orgnr().get(nr)
    return funnet[0] if funnet else None


def registrert_navn(nr: str) -> str | None:
    """The name Enhetsregisteret gives the party, e.g. «MIDTRE GAULDAL KOMMUNE»."""
    funnet = _orgnr().get(nr)
    return funnet[1] if funnet else None


def describe_validity(nr: str) -> str:
    """«5027 Midtre Gauldal, gyldig fra 1.1.2018», for error messages."""
    parts = []
    for item in periods(nr):
        span = []
        if item.gyldig_fra:
            span.append(f"fra {_norsk_dato(item.gyldig_fra)}")
        if item.gyldig_til:
            span.append(f"til {_norsk_dato(item.gyldig_til)}")
        parts.append(f"{item.nummer} {item.navn}" + (f", gyldig {' '.join(span)}" if span else ""))
    hva = "fylkeslisten" if len(nr) == 2 else "kommunelisten"
    return "; ".join(parts) if parts else f"{nr} finnes ikke i {hva}"
