"""The legal-fact cases: one table, each case's expected answer stated once, and one function per
consumer that maps the consumer's output to the same answer shape (`Svar`).

A consumer answers the fields it knows and leaves the rest `None`; every field it answers must
equal the case's expected answer. To add a consumer (the flows' advance step, the register, the
demo), write `def svar_fra_x(t: Tilfelle, tmp: Path) -> Svar` and add it to `KONSUMENTER`.

The agreements are the process tests' three-municipality example (`tests/prosess/prosessdata.py`):
Midtre Gauldal 5027, Melhus 5028 and Skaun 5029, a kommunalt oppgavefellesskap (kommunestyret
selv must adopt it) unless a case says otherwise, the calendar `KALENDER` and one drøfting with
protocol on 16.2.2026.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from icalendar import Calendar

from avtaleflyt.arkiv import Arkiv
from avtaleflyt.arkivering import Tekstversjon, arkiver, planlegg
from avtaleflyt.prosess import avtale_hash, calendar_ics, fakta, frister, status
from avtaleflyt.yaml_dump import dump_avtale
from schemas.avtale import Avtale
from schemas.prosess import Prosess
from tests.prosess.prosessdata import DROFTING, KALENDER, lag_avtale, vedtak

D = dt.date
KOMMUNER = ("5027", "5028", "5029")
V1_MOTER = (("5027", "mg-ks-2026-03-19", D(2026, 3, 19)), ("5028", "melhus-ks-2026-03-24", D(2026, 3, 24)),
            ("5029", "skaun-ks-2026-03-26", D(2026, 3, 26)))
V2_MOTER = (("5027", "mg-ks-2026-05-07", D(2026, 5, 7)), ("5028", "melhus-ks-2026-05-12", D(2026, 5, 12)),
            ("5029", "skaun-ks-2026-06-18", D(2026, 6, 18)))
V2 = {"versjon": 2, "versjonsdato": D(2026, 4, 10), "uttreden": {"oppsigelsestid_maaneder": 24}}


@dataclass(frozen=True)
class Svar:
    """The answer to a case. `None`: this consumer does not answer the field."""

    tilstand: str | None = None
    vedtatt: dict[int, dt.date] | None = None
    """Version → adopted by every participant on."""
    signert: dict[int, dt.date] | None = None
    """Version → adopted and signed by every participant on."""
    i_kraft: dict[int, tuple[dt.date, dt.date | None]] | None = None
    """Version → in force from, to (the day a later version or the termination took over)."""
    hendelser: tuple[tuple[int, str, dt.date], ...] | None = None
    """Archive events: (version, kind, legal date), in legal order."""
    ma_behandle: tuple[tuple[str, str], ...] | None = None
    """(kommune, organ) that must decide (again)."""
    frister: dict[tuple[str, str], dt.date] | None = None
    """Deadlines on or after the date: (kommune, møte) → saksframlegg, (kommune, "drofting") → drøfting."""

    def besvart(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}


@dataclass(frozen=True)
class Tilfelle:
    id: str
    at: dt.date
    poster: Callable[[list[str]], dict[str, list]]
    """The records from the versions' avtale-hashes (v1 first): prosess.yaml's lists."""
    svar: Svar
    versjoner: tuple[dict[str, Any], ...] = ({},)
    """`lag_avtale` arguments per version; a version exists from its versjonsdato."""
    type: str = "kommunalt_oppgavefellesskap"

    @cached_property
    def alle_avtaler(self) -> list[Avtale]:
        return [lag_avtale(type=self.type, **v) for v in self.versjoner]

    @cached_property
    def hasher(self) -> list[str]:
        return [avtale_hash(a) for a in self.alle_avtaler]

    @property
    def avtaler(self) -> list[Avtale]:
        """The versions that exist on `at`; the last is the current text."""
        return [a for a in self.alle_avtaler if a.versjonsdato <= self.at]

    @property
    def avtale(self) -> Avtale:
        return self.avtaler[-1]

    @cached_property
    def prosess(self) -> Prosess:
        data: dict[str, Any] = {"avtale": "lonn-regnskap", "moter": KALENDER, "drofting": [DROFTING]}
        data.update(self.poster(self.hasher))
        return Prosess.model_validate(data)

    def tekster(self) -> list[fakta.Tekst]:
        return [fakta.tekst_av(a, h) for a, h in zip(self.avtaler, self.hasher)]


# --------------------------------------------------------------------------- records


def vedta(moter, h: str, versjon: int = 1, **kw) -> list[dict]:
    return [vedtak(nr, m, d, h, versjon=versjon, **kw) for nr, m, d in moter]


def signer(dato: dt.date, h: str, versjon: int = 1, kommuner=KOMMUNER, **datoer: dt.date) -> list[dict]:
    """Every participant signs on `dato`, or on `datoer["k<nr>"]`."""
    return [{"id": f"sig-{nr}-v{versjon}", "kommune": nr, "navn": f"Ordfører {nr}", "rolle": "ordfører",
             "dato": datoer.get(f"k{nr}", dato), "versjon": versjon, "avtale_hash": h} for nr in kommuner]


def ikraft(dato: dt.date, h: str, versjon: int = 1) -> list[dict]:
    return [{"id": f"ikraft-v{versjon}", "versjon": versjon, "avtale_hash": h, "dato": dato}]


def _korrigering(h: list[str]) -> dict[str, list]:
    feil = vedtak("5029", "skaun-ks-2026-03-26", D(2026, 3, 26), h[0], utfall="ikke_vedtatt", id="skaun-feil")
    rett = vedtak("5029", "skaun-ks-2026-03-26", D(2026, 3, 26), h[0], id="skaun-rett", korrigerer="skaun-feil")
    return {"vedtak": [*vedta(V1_MOTER[:2], h[0]), feil, rett], "signaturer": signer(D(2026, 4, 8), h[0]),
            "ikrafttredelse": ikraft(D(2026, 5, 1), h[0])}


def _endringsrunde(h: list[str]) -> dict[str, list]:
    runde1 = [*vedta(V1_MOTER[:2], h[0]),
              vedtak("5029", "skaun-ks-2026-03-26", D(2026, 3, 26), h[0], utfall="vedtatt_med_endringer")]
    return {"vedtak": [*runde1, *vedta(V2_MOTER, h[1], versjon=2)]}


def _tilbaketrekking(h: list[str]) -> dict[str, list]:
    vs = vedta(V1_MOTER, h[0])
    trukket = vedtak("5028", "melhus-ks-2026-03-24", D(2026, 3, 24), h[0], utfall="ikke_vedtatt",
                     id="melhus-rettet", korrigerer=vs[1]["id"])
    return {"vedtak": [*vs, trukket]}


def _feil_organ(h: list[str]) -> dict[str, list]:
    fsk = vedtak("5027", "mg-fsk-2026-03-05", D(2026, 3, 5), h[0], organ="formannskap")
    return {"vedtak": [fsk, *vedta(V1_MOTER[1:], h[0])]}


def _sen_signatur(h: list[str]) -> dict[str, list]:
    return {"vedtak": vedta(V1_MOTER, h[0]), "signaturer": signer(D(2026, 4, 8), h[0], k5029=D(2026, 6, 3))}


def _opphor(h: list[str]) -> dict[str, list]:
    return {"vedtak": vedta(V1_MOTER, h[0]), "signaturer": signer(D(2026, 4, 8), h[0]),
            "ikrafttredelse": ikraft(D(2026, 5, 1), h[0]),
            "opphor": [{"id": "opphor", "dato": D(2026, 12, 31), "grunnlag": "Oppløst etter enighet."}]}


def _endring_i_kraft(h: list[str]) -> dict[str, list]:
    return {"vedtak": [*vedta(V1_MOTER, h[0]), *vedta(V2_MOTER, h[1], versjon=2)],
            "signaturer": [*signer(D(2026, 4, 8), h[0]), *signer(D(2026, 6, 25), h[1], versjon=2)],
            "ikrafttredelse": [*ikraft(D(2026, 5, 1), h[0]), *ikraft(D(2026, 7, 1), h[1], versjon=2)]}


# --------------------------------------------------------------------------- the table

KOMMENDE_MARS = {("5027", "mg-ks-2026-05-07"): D(2026, 4, 24), ("5028", "melhus-ks-2026-05-12"): D(2026, 4, 30),
                 ("5029", "skaun-ks-2026-06-18"): D(2026, 6, 5)}
"""The saksframlegg deadlines still ahead on 27.3.2026 (12 days before, moved to a working day)."""
ALLE_KS = (("5027", "kommunestyre"), ("5028", "kommunestyre"), ("5029", "kommunestyre"))

TILFELLER: list[Tilfelle] = [
    Tilfelle("korrigering", D(2026, 6, 19), _korrigering, Svar(
        tilstand="i_kraft", vedtatt={1: D(2026, 3, 26)}, signert={1: D(2026, 4, 8)},
        i_kraft={1: (D(2026, 5, 1), None)},
        hendelser=((1, "vedtatt", D(2026, 3, 26)), (1, "signert", D(2026, 4, 8)), (1, "i-kraft", D(2026, 5, 1))),
        ma_behandle=(), frister={})),
    Tilfelle("endringsrunde-midtveis", D(2026, 3, 27), _endringsrunde, Svar(
        tilstand="endret", vedtatt={}, signert={}, i_kraft={}, hendelser=((1, "endret", D(2026, 3, 26)),),
        ma_behandle=ALLE_KS, frister=KOMMENDE_MARS), versjoner=({}, V2)),
    Tilfelle("endringsrunde", D(2026, 6, 19), _endringsrunde, Svar(
        tilstand="vedtatt", vedtatt={2: D(2026, 6, 18)}, signert={}, i_kraft={},
        hendelser=((1, "endret", D(2026, 3, 26)), (2, "vedtatt", D(2026, 6, 18))),
        ma_behandle=(), frister={}), versjoner=({}, V2)),
    Tilfelle("tilbaketrekking", D(2026, 3, 27), _tilbaketrekking, Svar(
        tilstand="til_behandling", vedtatt={}, signert={}, i_kraft={}, hendelser=(),
        ma_behandle=(("5028", "kommunestyre"),), frister=KOMMENDE_MARS)),
    Tilfelle("feil-organ", D(2026, 3, 27), _feil_organ, Svar(
        tilstand="til_behandling", vedtatt={}, signert={}, i_kraft={}, hendelser=(),
        ma_behandle=(("5027", "kommunestyre"),), frister=KOMMENDE_MARS)),
    Tilfelle("feil-organ-samarbeidsavtale", D(2026, 3, 27), _feil_organ, Svar(
        tilstand="vedtatt", vedtatt={1: D(2026, 3, 26)}, signert={}, i_kraft={},
        hendelser=((1, "vedtatt", D(2026, 3, 26)),), ma_behandle=(), frister=KOMMENDE_MARS),
        type="samarbeidsavtale"),
    Tilfelle("sen-signatur-venter", D(2026, 5, 1), _sen_signatur, Svar(
        tilstand="vedtatt", vedtatt={1: D(2026, 3, 26)}, signert={}, i_kraft={},
        hendelser=((1, "vedtatt", D(2026, 3, 26)),), ma_behandle=(),
        frister={("5029", "skaun-ks-2026-06-18"): D(2026, 6, 5)})),
    Tilfelle("sen-signatur", D(2026, 6, 3), _sen_signatur, Svar(
        tilstand="signert", vedtatt={1: D(2026, 3, 26)}, signert={1: D(2026, 6, 3)}, i_kraft={},
        hendelser=((1, "vedtatt", D(2026, 3, 26)), (1, "signert", D(2026, 6, 3))), ma_behandle=(),
        frister={("5029", "skaun-ks-2026-06-18"): D(2026, 6, 5)})),
    Tilfelle("opphor", D(2027, 1, 5), _opphor, Svar(
        tilstand="opphort", vedtatt={1: D(2026, 3, 26)}, signert={1: D(2026, 4, 8)},
        i_kraft={1: (D(2026, 5, 1), D(2026, 12, 31))},
        hendelser=((1, "vedtatt", D(2026, 3, 26)), (1, "signert", D(2026, 4, 8)), (1, "i-kraft", D(2026, 5, 1)),
                   (1, "opphort", D(2026, 12, 31))), ma_behandle=(), frister={})),
    Tilfelle("endring-i-kraft", D(2026, 7, 2), _endring_i_kraft, Svar(
        tilstand="i_kraft", vedtatt={1: D(2026, 3, 26), 2: D(2026, 6, 18)},
        signert={1: D(2026, 4, 8), 2: D(2026, 6, 25)},
        i_kraft={1: (D(2026, 5, 1), D(2026, 7, 1)), 2: (D(2026, 7, 1), None)},
        hendelser=((1, "vedtatt", D(2026, 3, 26)), (1, "signert", D(2026, 4, 8)), (1, "i-kraft", D(2026, 5, 1)),
                   (2, "vedtatt", D(2026, 6, 18)), (2, "endret", D(2026, 6, 18)), (2, "signert", D(2026, 6, 25)),
                   (2, "i-kraft", D(2026, 7, 1))),
        ma_behandle=(), frister={}), versjoner=({}, {**V2, "versjonsdato": D(2026, 4, 20)})),
]


# --------------------------------------------------------------------------- consumers


def _fra_versjoner(af: fakta.Avtalefakta) -> dict[str, Any]:
    return {
        "vedtatt": {v: f.vedtatt for v, f in af.versjoner.items() if f.vedtatt},
        "signert": {v: f.signert for v, f in af.versjoner.items() if f.signert},
        "i_kraft": {v: (p.fra, p.til) for v, p in af.i_kraft.items()},
    }


def svar_fra_fakta(t: Tilfelle, tmp: Path) -> Svar:
    """The facts module itself."""
    af = fakta.avtalefakta(t.tekster(), t.prosess, t.at)
    krav = fakta.ma_behandle(t.tekster()[-1], t.prosess, t.at)
    return Svar(**_fra_versjoner(af), ma_behandle=tuple((b.kommune, b.organ) for b in krav),
                frister=frister.alle_frister(t.prosess, KOMMUNER, t.at))


def svar_fra_status(t: Tilfelle, tmp: Path) -> Svar:
    """`status()`, as `avtale status` calls it: the current text and the records only."""
    st = status(t.avtale, t.prosess, t.at)
    return Svar(
        tilstand=st.tilstand,
        vedtatt={v.versjon: v.vedtatt for v in st.versjoner if v.vedtatt},
        signert={v.versjon: v.signert for v in st.versjoner if v.signert},
        i_kraft={v.versjon: (v.i_kraft_fra, v.i_kraft_til) for v in st.versjoner if v.i_kraft_fra},
        ma_behandle=tuple((b.kommune, b.organ) for b in st.ma_behandle),
    )


def _fra_hendelser(hendelser: list[tuple[int, str, dt.date]]) -> Svar:
    """The legal dates the archive events carry: adopted, signed, in force from and to."""
    fra = {v: d for v, h, d in hendelser if h == "i-kraft"}
    slutt = [d for _, h, d in hendelser if h == "opphort"]
    rekke = sorted((d, v) for v, d in fra.items())
    i_kraft = {v: (d, rekke[n + 1][0] if n + 1 < len(rekke) else (slutt[0] if slutt else None))
               for n, (d, v) in enumerate(rekke)}
    return Svar(
        vedtatt={v: d for v, h, d in hendelser if h == "vedtatt"},
        signert={v: d for v, h, d in hendelser if h == "signert"},
        i_kraft=i_kraft, hendelser=tuple(hendelser),
    )


def svar_fra_planlegg(t: Tilfelle, tmp: Path) -> Svar:
    """The archive planner on texts in memory (no rendering)."""
    tekster = {a.versjon: Tekstversjon(a.versjon, a, h, "tilfelle", filer={"avtale.json": b"{}"})
               for a, h in zip(t.avtaler, t.hasher)}
    return _fra_hendelser([(h.versjon, h.hendelse, h.juridisk_dato) for h in planlegg(tekster, t.prosess, t.at)])


def lag_mappe(t: Tilfelle, rot: Path) -> Path:
    """The agreement folder: avtale.yaml (current text), historikk/v<N>.yaml, prosess.yaml."""
    mappe = rot / t.avtale.id
    (mappe / "historikk").mkdir(parents=True, exist_ok=True)
    for a in t.avtaler[:-1]:
        (mappe / "historikk" / f"v{a.versjon}.yaml").write_text(dump_avtale(a), encoding="utf-8")
    (mappe / "avtale.yaml").write_text(dump_avtale(t.avtale), encoding="utf-8")
    data = t.prosess.model_dump(mode="json", by_alias=True, exclude_none=True)
    (mappe / "prosess.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return mappe


def svar_fra_arkiv(t: Tilfelle, tmp: Path) -> Svar:
    """A real archive: `arkiver` on the folder, then the events read back from git."""
    mappe = lag_mappe(t, tmp / "avtaler")
    arkiver(mappe, tmp / "arkiv", t.at)
    arkiv = Arkiv(tmp / "arkiv")
    hendelser = arkiv.hendelser(t.avtale.id) if arkiv.finnes() else []
    rekkefolge = {"vedtatt": 0, "endret": 1, "signert": 2, "i-kraft": 3, "opphort": 4}
    return _fra_hendelser(sorted(((e.versjon or 0, e.hendelse or "", e.juridisk_dato or dt.date.min)
                                  for e in hendelser), key=lambda e: (e[2], rekkefolge[e[1]], e[0])))


def svar_fra_kalender(t: Tilfelle, tmp: Path) -> Svar:
    """The calendar export: its all-day deadline events on or after the date."""
    cal = Calendar.from_ical(calendar_ics(t.avtale, t.prosess, at=t.at))
    ut: dict[tuple[str, str], dt.date] = {}
    for ev in cal.walk("VEVENT"):
        deler = str(ev["uid"]).removesuffix("@avtaleflyt").removeprefix(f"{t.avtale.id}.").split(".")
        if deler[0] == "drofting":  # <id>.drofting.<kommune>
            nokkel = (deler[1], "drofting")
        elif len(deler) == 3 and deler[1] == "saksframlegg":  # <id>.<møte>.saksframlegg.<kommune>
            nokkel = (deler[2], deler[0])
        else:
            continue  # a meeting, not a deadline
        if ev.decoded("dtstart") >= t.at:
            ut[nokkel] = ev.decoded("dtstart")
    return Svar(frister=ut)


KONSUMENTER: dict[str, Callable[[Tilfelle, Path], Svar]] = {
    "fakta": svar_fra_fakta,
    "status": svar_fra_status,
    "planlegg": svar_fra_planlegg,
    "arkiv": svar_fra_arkiv,
    "kalender": svar_fra_kalender,
}
"""Every consumer of the legal facts, each mapped to the answer shape."""

