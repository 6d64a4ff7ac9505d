"""The register of a municipality's cooperations in force on a date (eierskapsmelding, kommuneloven
§ 26-1; kontrollutvalg), and the data summary `avtale show` prints.

One `git log` over the whole archive gives every event with its trailers; agreements whose version
in force on the date has the municipality among its adopting councils (`Vedtatt-<nr>` trailers) are
then read (`avtale.json` at that version's event) for form, participants, shares and host.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass
from fractions import Fraction
from pathlib import Path

from avtaleflyt.fordeling import beregn_fordeling
from avtaleflyt.revisjon.historikk import Historikk, Leser, Versjonsinfo, bygg_historikk
from schemas.avtale import TYPE_NAVN, Avtale


@dataclass
class Andel:
    kommunenummer: str
    navn: str
    andel: str
    """«1/3 (33,33 %)», or empty when the agreement sets no share for the participant."""


@dataclass
class Registerpost:
    avtale_id: str
    tittel: str
    form: str
    type: str
    versjon: int
    i_kraft_fra: dt.date
    i_kraft_til: dt.date | None
    """Last day in force when known (inclusive), else None."""
    vertskommune: str | None
    deltakere: list[Andel]
    andelstype: str
    tag: str

    def as_dict(self) -> dict:
        d = asdict(self)
        d["i_kraft_fra"] = self.i_kraft_fra.isoformat()
        d["i_kraft_til"] = self.i_kraft_til.isoformat() if self.i_kraft_til else None
        return d


def _prosent(f: Fraction) -> str:
    tekst = f"{float(f * 100):.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{f.numerator}/{f.denominator} ({tekst} %)" if f.denominator != 1 else f"{tekst} %"


def andeler(avtale: Avtale) -> tuple[str, list[Andel]]:
    """(kind of share, per participant): eierandel where set, else the cost share under the key."""
    navn = {d.kommunenummer: d.navn for d in avtale.deltakere}
    if any(d.eierandel is not None for d in avtale.deltakere):
        return "eierandel", [
            Andel(d.kommunenummer, d.navn, _prosent(d.eierandel) if d.eierandel is not None else "")
            for d in avtale.deltakere
        ]
    try:
        fordeling = beregn_fordeling(avtale)
        return "kostnadsandel", [
            Andel(k.kommunenummer, navn.get(k.kommunenummer, ""), _prosent(k.andel))
            for k in fordeling
        ]
    except Exception:  # no key, or its parameters are missing: the share is not stated
        return "", [Andel(d.kommunenummer, d.navn, "") for d in avtale.deltakere]


def vert(avtale: Avtale) -> str | None:
    nr = (
        getattr(avtale, "vertskommune", None)
        or getattr(avtale, "hovedkontor", None)
        or getattr(avtale, "kontorkommune", None)
    )
    if nr is None:
        return None
    navn = {d.kommunenummer: d.navn for d in avtale.deltakere}
    return f"{nr} {navn.get(nr, '')}".strip()


def registerpost(avtale: Avtale, v: Versjonsinfo) -> Registerpost:
    art, deler = andeler(avtale)
    return Registerpost(
        avtale_id=avtale.id,
        tittel=avtale.tittel,
        form=TYPE_NAVN.get(avtale.type, avtale.type),
        type=avtale.type,
        versjon=v.versjon,
        i_kraft_fra=v.ikraft,  # type: ignore[arg-type]
        i_kraft_til=v.gyldig_til - dt.timedelta(days=1) if v.gyldig_til else None,
        vertskommune=vert(avtale),
        deltakere=deler,
        andelstype=art,
        tag=v.tag,
    )


def register(arkiv_path: str | Path, kommunenummer: str, at: dt.date) -> list[Registerpost]:
    """The cooperations `kommunenummer` takes part in that are in force on `at`, by title."""
    ut: list[Registerpost] = []
    with Leser(arkiv_path) as leser:
        per_avtale: dict[str, list] = defaultdict(list)
        for e in leser.hendelser():
            if e.avtale_id:
                per_avtale[e.avtale_id].append(e)
        for avtale_id, hendelser in sorted(per_avtale.items()):
            h: Historikk = bygg_historikk(avtale_id, hendelser)
            v = h.gjeldende(at)
            if v is None:
                continue
            vedtatt = v.hendelse("vedtatt")
            if vedtatt is None or kommunenummer not in vedtatt.vedtatt():
                continue
            avtale = leser.avtale(avtale_id, v.siste.commit)
            if kommunenummer not in {d.kommunenummer for d in avtale.deltakere}:
                continue
            ut.append(registerpost(avtale, v))
    return sorted(ut, key=lambda p: (p.tittel, p.avtale_id))
