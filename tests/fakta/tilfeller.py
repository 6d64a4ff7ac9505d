"""The legal-fact cases: one table, each case's expected answer (`Svar`) stated once.

The consumers that must agree with it are in `tests/fakta/konsumenter.py`.

The agreements are the process tests' three-municipality example (`tests/prosess/prosessdata.py`):
Midtre Gauldal 5027, Melhus 5028 and Skaun 5029, a kommunalt oppgavefellesskap (kommunestyret
selv must adopt it) unless a case says otherwise, the calendar `KALENDER` and one drøfting with
protocol on 16.2.2026. The `fylke-*` cases put Trøndelag fylkeskommune (50) in Skaun's place, with
fylkesting and fylkesutvalg meetings on Skaun's dates (fylkestinget selv must adopt); the `iks-*`
case an IKS (organisasjonsnummer) whose representantskap adopts (IKS-loven § 4 første ledd).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import cached_property
from typing import Any

from avtaleflyt.prosess import avtale_hash, fakta
from schemas.avtale import Avtale
from schemas.prosess import Prosess
from tests.prosess.prosessdata import (
    DELTAKERE,
    DELTAKERE_MED_FYLKE,
    DROFTING,
    KALENDER,
    lag_avtale,
    mote,
    vedtak,
)

D = dt.date
KOMMUNER = ("5027", "5028", "5029")
V1_MOTER = (
    ("5027", "mg-ks-2026-03-19", D(2026, 3, 19)),
    ("5028", "melhus-ks-2026-03-24", D(2026, 3, 24)),
    ("5029", "skaun-ks-2026-03-26", D(2026, 3, 26)),
)
V2_MOTER = (
    ("5027", "mg-ks-2026-05-07", D(2026, 5, 7)),
    ("5028", "melhus-ks-2026-05-12", D(2026, 5, 12)),
    ("5029", "skaun-ks-2026-06-18", D(2026, 6, 18)),
)
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
        return {
            f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None
        }


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
    deltakere: tuple[dict[str, Any], ...] = tuple(DELTAKERE)
    moter: tuple[dict[str, Any], ...] = tuple(KALENDER)

    @cached_property
    def alle_avtaler(self) -> list[Avtale]:
        return [
            lag_avtale(type=self.type, deltakere=list(self.deltakere), **v) for v in self.versjoner
        ]

    @property
    def numre(self) -> tuple[str, ...]:
        return tuple(d["kommunenummer"] for d in self.deltakere)

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
        data: dict[str, Any] = {
            "avtale": "lonn-regnskap",
            "moter": list(self.moter),
            "drofting": [{**DROFTING, "kommuner": list(self.numre)}],
        }
        data.update(self.poster(self.hasher))
        return Prosess.model_validate(data)

    def tekster(self) -> list[fakta.Tekst]:
        return [fakta.tekst_av(a, h) for a, h in self.par()]

    def par(self) -> list[tuple[Avtale, str]]:
        """(text, avtale-hash) of the versions that exist on `at`."""
        return list(zip(self.avtaler, self.hasher[: len(self.avtaler)], strict=True))


# --------------------------------------------------------------------------- records


def vedta(moter, h: str, versjon: int = 1, **kw) -> list[dict]:
    return [vedtak(nr, m, d, h, versjon=versjon, **kw) for nr, m, d in moter]


def signer(
    dato: dt.date, h: str, versjon: int = 1, kommuner=KOMMUNER, **datoer: dt.date
) -> list[dict]:
    """Every participant signs on `dato`, or on `datoer["k<nr>"]`."""
    return [
        {
            "id": f"sig-{nr}-v{versjon}",
            "kommune": nr,
            "navn": f"Ordfører {nr}",
            "rolle": "ordfører",
            "dato": datoer.get(f"k{nr}", dato),
            "versjon": versjon,
            "avtale_hash": h,
        }
        for nr in kommuner
    ]


def ikraft(dato: dt.date, h: str, versjon: int = 1) -> list[dict]:
    return [{"id": f"ikraft-v{versjon}", "versjon": versjon, "avtale_hash": h, "dato": dato}]


def _korrigering(h: list[str]) -> dict[str, list]:
    feil = vedtak(
        "5029", "skaun-ks-2026-03-26", D(2026, 3, 26), h[0], utfall="ikke_vedtatt", id="skaun-feil"
    )
    rett = vedtak(
        "5029",
        "skaun-ks-2026-03-26",
        D(2026, 3, 26),
        h[0],
        id="skaun-rett",
        korrigerer="skaun-feil",
    )
    return {
        "vedtak": [*vedta(V1_MOTER[:2], h[0]), feil, rett],
        "signaturer": signer(D(2026, 4, 8), h[0]),
        "ikrafttredelse": ikraft(D(2026, 5, 1), h[0]),
    }


def _endringsrunde(h: list[str]) -> dict[str, list]:
    runde1 = [
        *vedta(V1_MOTER[:2], h[0]),
        vedtak("5029", "skaun-ks-2026-03-26", D(2026, 3, 26), h[0], utfall="vedtatt_med_endringer"),
    ]
    return {"vedtak": [*runde1, *vedta(V2_MOTER, h[1], versjon=2)]}


def _tilbaketrekking(h: list[str]) -> dict[str, list]:
    vs = vedta(V1_MOTER, h[0])
    trukket = vedtak(
        "5028",
        "melhus-ks-2026-03-24",
        D(2026, 3, 24),
        h[0],
        utfall="ikke_vedtatt",
        id="melhus-rettet",
        korrigerer=vs[1]["id"],
    )
    return {"vedtak": [*vs, trukket]}


def _feil_organ(h: list[str]) -> dict[str, list]:
    fsk = vedtak("5027", "mg-fsk-2026-03-05", D(2026, 3, 5), h[0], organ="formannskap")
    return {"vedtak": [fsk, *vedta(V1_MOTER[1:], h[0])]}


def _sen_signatur(h: list[str]) -> dict[str, list]:
    return {
        "vedtak": vedta(V1_MOTER, h[0]),
        "signaturer": signer(D(2026, 4, 8), h[0], k5029=D(2026, 6, 3)),
    }


def _opphor(h: list[str]) -> dict[str, list]:
    return {
        "vedtak": vedta(V1_MOTER, h[0]),
        "signaturer": signer(D(2026, 4, 8), h[0]),
        "ikrafttredelse": ikraft(D(2026, 5, 1), h[0]),
        "opphor": [{"id": "opphor", "dato": D(2026, 12, 31), "grunnlag": "Oppløst etter enighet."}],
    }


def _endring_i_kraft(h: list[str]) -> dict[str, list]:
    return {
        "vedtak": [*vedta(V1_MOTER, h[0]), *vedta(V2_MOTER, h[1], versjon=2)],
        "signaturer": [*signer(D(2026, 4, 8), h[0]), *signer(D(2026, 6, 25), h[1], versjon=2)],
        "ikrafttredelse": [*ikraft(D(2026, 5, 1), h[0]), *ikraft(D(2026, 7, 1), h[1], versjon=2)],
    }


# --------------------------------------------------------------------------- a county, an IKS

IKS_NR = "999999999"
"""An IKS participant (a valid organisasjonsnummer by its check digit)."""
IKS_DELTAKER = {"kommunenummer": IKS_NR, "navn": "Testselskap IKS"}
UTEN_SKAUN = tuple(m for m in KALENDER if "5029" not in m["kommuner"])
FYLKE_KALENDER = (
    *UTEN_SKAUN,
    mote("tfk-fu-2026-03-12", ["50"], "fylkesutvalg", D(2026, 3, 12), "innstilling"),
    mote("tfk-ft-2026-03-26", ["50"], "fylkesting", D(2026, 3, 26), "vedtak", saksnummer="FT 9/26"),
    mote("tfk-ft-2026-06-18", ["50"], "fylkesting", D(2026, 6, 18), "vedtak"),
)
"""Skaun's meetings replaced by Trøndelag's fylkesutvalg and fylkesting on the same dates."""
IKS_KALENDER = (
    *UTEN_SKAUN,
    mote("iks-rs-2026-03-26", [IKS_NR], "representantskap", D(2026, 3, 26), "vedtak"),
)
FYLKE = ("5027", "5028", "50")


def _fylke_vedtatt(h: list[str]) -> dict[str, list]:
    return {
        "vedtak": [*vedta(V1_MOTER[:2], h[0]), _fylkesting(h[0])],
        "signaturer": signer(D(2026, 4, 8), h[0], kommuner=FYLKE),
        "ikrafttredelse": ikraft(D(2026, 5, 1), h[0]),
    }


def _fylkesting(h: str, organ: str = "fylkesting") -> dict:
    return vedtak("50", "tfk-ft-2026-03-26", D(2026, 3, 26), h, organ=organ, id="tfk-vedtak")


def _fylkesutvalg(h: list[str]) -> dict[str, list]:
    fu = vedtak("50", "tfk-fu-2026-03-12", D(2026, 3, 12), h[0], organ="fylkesutvalg")
    return {"vedtak": [*vedta(V1_MOTER[:2], h[0]), fu]}


def _fylke_som_kommunestyre(h: list[str]) -> dict[str, list]:
    return {"vedtak": [*vedta(V1_MOTER[:2], h[0]), _fylkesting(h[0], organ="kommunestyre")]}


def _iks_representantskap(h: list[str]) -> dict[str, list]:
    rs = vedtak(IKS_NR, "iks-rs-2026-03-26", D(2026, 3, 26), h[0], organ="representantskap")
    return {"vedtak": [*vedta(V1_MOTER[:2], h[0]), rs]}


KOMMENDE_MARS_FYLKE = {
    ("5027", "mg-ks-2026-05-07"): D(2026, 4, 24),
    ("5028", "melhus-ks-2026-05-12"): D(2026, 4, 30),
    ("50", "tfk-ft-2026-06-18"): D(2026, 6, 5),
}
"""The saksframlegg deadlines ahead on 27.3.2026 when Trøndelag sits in Skaun's place."""
MED_FYLKE: dict[str, Any] = {"deltakere": tuple(DELTAKERE_MED_FYLKE), "moter": FYLKE_KALENDER}

# --------------------------------------------------------------------------- the table

KOMMENDE_MARS = {
    ("5027", "mg-ks-2026-05-07"): D(2026, 4, 24),
    ("5028", "melhus-ks-2026-05-12"): D(2026, 4, 30),
    ("5029", "skaun-ks-2026-06-18"): D(2026, 6, 5),
}
"""The saksframlegg deadlines still ahead on 27.3.2026 (12 days before, moved to a working day)."""
ALLE_KS = (("5027", "kommunestyre"), ("5028", "kommunestyre"), ("5029", "kommunestyre"))

TILFELLER: list[Tilfelle] = [
    Tilfelle(
        "korrigering",
        D(2026, 6, 19),
        _korrigering,
        Svar(
            tilstand="i_kraft",
            vedtatt={1: D(2026, 3, 26)},
            signert={1: D(2026, 4, 8)},
            i_kraft={1: (D(2026, 5, 1), None)},
            hendelser=(
                (1, "vedtatt", D(2026, 3, 26)),
                (1, "signert", D(2026, 4, 8)),
                (1, "i-kraft", D(2026, 5, 1)),
            ),
            ma_behandle=(),
            frister={},
        ),
    ),
    Tilfelle(
        "endringsrunde-midtveis",
        D(2026, 3, 27),
        _endringsrunde,
        Svar(
            tilstand="endret",
            vedtatt={},
            signert={},
            i_kraft={},
            hendelser=((1, "endret", D(2026, 3, 26)),),
            ma_behandle=ALLE_KS,
            frister=KOMMENDE_MARS,
        ),
        versjoner=({}, V2),
    ),
    Tilfelle(
        "endringsrunde",
        D(2026, 6, 19),
        _endringsrunde,
        Svar(
            tilstand="vedtatt",
            vedtatt={2: D(2026, 6, 18)},
            signert={},
            i_kraft={},
            hendelser=((1, "endret", D(2026, 3, 26)), (2, "vedtatt", D(2026, 6, 18))),
            ma_behandle=(),
            frister={},
        ),
        versjoner=({}, V2),
    ),
    Tilfelle(
        "tilbaketrekking",
        D(2026, 3, 27),
        _tilbaketrekking,
        Svar(
            tilstand="til_behandling",
            vedtatt={},
            signert={},
            i_kraft={},
            hendelser=(),
            ma_behandle=(("5028", "kommunestyre"),),
            frister=KOMMENDE_MARS,
        ),
    ),
    Tilfelle(
        "feil-organ",
        D(2026, 3, 27),
        _feil_organ,
        Svar(
            tilstand="til_behandling",
            vedtatt={},
            signert={},
            i_kraft={},
            hendelser=(),
            ma_behandle=(("5027", "kommunestyre"),),
            frister=KOMMENDE_MARS,
        ),
    ),
    Tilfelle(
        "feil-organ-samarbeidsavtale",
        D(2026, 3, 27),
        _feil_organ,
        Svar(
            tilstand="vedtatt",
            vedtatt={1: D(2026, 3, 26)},
            signert={},
            i_kraft={},
            hendelser=((1, "vedtatt", D(2026, 3, 26)),),
            ma_behandle=(),
            frister=KOMMENDE_MARS,
        ),
        type="samarbeidsavtale",
    ),
    Tilfelle(
        "sen-signatur-venter",
        D(2026, 5, 1),
        _sen_signatur,
        Svar(
            tilstand="vedtatt",
            vedtatt={1: D(2026, 3, 26)},
            signert={},
            i_kraft={},
            hendelser=((1, "vedtatt", D(2026, 3, 26)),),
            ma_behandle=(),
            frister={("5029", "skaun-ks-2026-06-18"): D(2026, 6, 5)},
        ),
    ),
    Tilfelle(
        "sen-signatur",
        D(2026, 6, 3),
        _sen_signatur,
        Svar(
            tilstand="signert",
            vedtatt={1: D(2026, 3, 26)},
            signert={1: D(2026, 6, 3)},
            i_kraft={},
            hendelser=((1, "vedtatt", D(2026, 3, 26)), (1, "signert", D(2026, 6, 3))),
            ma_behandle=(),
            frister={("5029", "skaun-ks-2026-06-18"): D(2026, 6, 5)},
        ),
    ),
    Tilfelle(
        "opphor",
        D(2027, 1, 5),
        _opphor,
        Svar(
            tilstand="opphort",
            vedtatt={1: D(2026, 3, 26)},
            signert={1: D(2026, 4, 8)},
            i_kraft={1: (D(2026, 5, 1), D(2026, 12, 31))},
            hendelser=(
                (1, "vedtatt", D(2026, 3, 26)),
                (1, "signert", D(2026, 4, 8)),
                (1, "i-kraft", D(2026, 5, 1)),
                (1, "opphort", D(2026, 12, 31)),
            ),
            ma_behandle=(),
            frister={},
        ),
    ),
    Tilfelle(
        "endring-i-kraft",
        D(2026, 7, 2),
        _endring_i_kraft,
        Svar(
            tilstand="i_kraft",
            vedtatt={1: D(2026, 3, 26), 2: D(2026, 6, 18)},
            signert={1: D(2026, 4, 8), 2: D(2026, 6, 25)},
            i_kraft={1: (D(2026, 5, 1), D(2026, 7, 1)), 2: (D(2026, 7, 1), None)},
            hendelser=(
                (1, "vedtatt", D(2026, 3, 26)),
                (1, "signert", D(2026, 4, 8)),
                (1, "i-kraft", D(2026, 5, 1)),
                (2, "vedtatt", D(2026, 6, 18)),
                (2, "endret", D(2026, 6, 18)),
                (2, "signert", D(2026, 6, 25)),
                (2, "i-kraft", D(2026, 7, 1)),
            ),
            ma_behandle=(),
            frister={},
        ),
        versjoner=({}, {**V2, "versjonsdato": D(2026, 4, 20)}),
    ),
    Tilfelle(
        "fylke-fylkesting",
        D(2026, 6, 19),
        _fylke_vedtatt,
        Svar(
            tilstand="i_kraft",
            vedtatt={1: D(2026, 3, 26)},
            signert={1: D(2026, 4, 8)},
            i_kraft={1: (D(2026, 5, 1), None)},
            hendelser=(
                (1, "vedtatt", D(2026, 3, 26)),
                (1, "signert", D(2026, 4, 8)),
                (1, "i-kraft", D(2026, 5, 1)),
            ),
            ma_behandle=(),
            frister={},
        ),
        **MED_FYLKE,
    ),
    Tilfelle(
        "fylke-fylkesutvalg",
        D(2026, 3, 27),
        _fylkesutvalg,
        Svar(
            tilstand="til_behandling",
            vedtatt={},
            signert={},
            i_kraft={},
            hendelser=(),
            ma_behandle=(("50", "fylkesting"),),
            frister=KOMMENDE_MARS_FYLKE,
        ),
        **MED_FYLKE,
    ),
    Tilfelle(
        "fylke-fylkesutvalg-samarbeidsavtale",
        D(2026, 3, 27),
        _fylkesutvalg,
        Svar(
            tilstand="vedtatt",
            vedtatt={1: D(2026, 3, 24)},
            signert={},
            i_kraft={},
            hendelser=((1, "vedtatt", D(2026, 3, 24)),),
            ma_behandle=(),
            frister=KOMMENDE_MARS_FYLKE,
        ),
        type="samarbeidsavtale",
        **MED_FYLKE,
    ),
    Tilfelle(
        "fylke-fort-som-kommunestyre",
        D(2026, 3, 27),
        _fylke_som_kommunestyre,
        Svar(
            tilstand="til_behandling",
            vedtatt={},
            signert={},
            i_kraft={},
            hendelser=(),
            ma_behandle=(("50", "fylkesting"),),
            frister=KOMMENDE_MARS_FYLKE,
        ),
        **MED_FYLKE,
    ),
    Tilfelle(
        "iks-deltaker-representantskap",
        D(2026, 3, 27),
        _iks_representantskap,
        Svar(
            tilstand="vedtatt",
            vedtatt={1: D(2026, 3, 26)},
            signert={},
            i_kraft={},
            hendelser=((1, "vedtatt", D(2026, 3, 26)),),
            ma_behandle=(),
            frister={k: v for k, v in KOMMENDE_MARS.items() if k[0] != "5029"},
        ),
        type="iks",
        deltakere=(DELTAKERE[0], DELTAKERE[1], IKS_DELTAKER),
        moter=IKS_KALENDER,
    ),
]
