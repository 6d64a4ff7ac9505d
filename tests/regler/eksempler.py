"""Gyldige grunnavtaler per avtaletype (Python-dict), som regeltestene muterer.

Hver grunnavtale valideres gjennom `schemas.avtale.AVTALE_ADAPTER` og skal ikke gi noen brudd.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from schemas.avtale import AVTALE_ADAPTER

# Kommuner som testenes falske kommuneliste regner som gyldige fra 2018-01-01.
GYLDIGE_FRA_2018 = frozenset({"5001", "5027", "5028", "5029"})


def falsk_kommune(nr: str, on: dt.date) -> object | None:
    """Stand-in for `schemas.kommuner.kommune(nr, on)`: numre i Trøndelag fra 2018."""
    if nr in GYLDIGE_FRA_2018 and on >= dt.date(2018, 1, 1):
        return object()
    if nr == "1653" and on < dt.date(2018, 1, 1):  # Melhus før sammenslåingen til Trøndelag
        return object()
    return None


def _deltakere(andeler: tuple[str | None, ...] = (None, None, None)) -> list[dict[str, Any]]:
    kommuner = [("5027", "Midtre Gauldal"), ("5028", "Melhus"), ("5029", "Skaun")]
    ut = []
    for (nr, navn), andel in zip(kommuner, andeler, strict=True):
        d: dict[str, Any] = {
            "kommunenummer": nr,
            "navn": navn,
            "signatar": {"navn": f"Ordfører i {navn}", "rolle": "ordfører"},
        }
        if andel is not None:
            d["eierandel"] = andel
        ut.append(d)
    return ut


def _felles(avtaletype: str, id_: str) -> dict[str, Any]:
    return {
        "type": avtaletype,
        "id": id_,
        "tittel": f"Testavtale {id_}",
        "versjon": 1,
        "versjonsdato": "2026-05-12",
        "avtaledato": "2026-06-01",
        "formaal": "Samarbeidet skal gi bedre tjenester til innbyggerne.",
    }


def _representasjon(medlemmer: int, vara: int) -> list[dict[str, Any]]:
    return [
        {"kommunenummer": nr, "medlemmer": medlemmer, "vara": vara}
        for nr in ("5027", "5028", "5029")
    ]


def vertskommune() -> dict[str, Any]:
    return {
        **_felles("vertskommune", "test-vertskommune"),
        "deltakere": _deltakere(),
        "vertskommune": "5028",
        "oppgaver": [{"navn": "Lønnsutbetaling", "lovpalagt": False}],
        "myndighet": {
            "beskrivelse": "Vertskommunen treffer vedtak om refusjon av sykepenger.",
            "enkeltvedtak": [
                {"omrade": "refusjon", "art": "ordinaer", "prinsipiell_betydning": False}
            ],
        },
        "overforingsdato": "2027-01-01",
        "underretning": "Vertskommunen underretter deltakerne om alle vedtak som gjelder dem.",
        "okonomi": {
            "oppgjor": "Kostnadene fordeles etter innbyggertall og faktureres kvartalsvis."
        },
        "uttreden": {
            "vilkaar": "Skriftlig oppsigelse til de andre deltakerne.",
            "oppsigelsestid_maaneder": 12,
        },
        "opplosning": {"vilkaar": "Samarbeidet oppløses når alle deltakerne er enige."},
        "andre_lovkrav": [],
    }


def vertskommune_nemnd() -> dict[str, Any]:
    data = vertskommune()
    data.update(type="vertskommune_nemnd", id="test-vertskommune-nemnd")
    data["nemnd"] = {"navn": "Felles viltnemnd", "medlemmer": _representasjon(2, 2)}
    return data


def kommunalt_oppgavefellesskap() -> dict[str, Any]:
    return {
        **_felles("kommunalt_oppgavefellesskap", "test-ko"),
        "deltakere": _deltakere(("1/3", "1/3", "1/3")),
        "navn": "Gauldal kart kommunalt oppgavefellesskap",
        "eget_rettssubjekt": False,
        "representantskap": {"medlemmer": _representasjon(1, 1)},
        "oppgaver": [{"navn": "Kartforvaltning"}],
        "myndighet": {
            "beskrivelse": "Fellesskapet forvalter tilskudd til kartprosjekter.",
            "enkeltvedtak": [{"omrade": "tilskudd til kartprosjekter", "art": "tilskuddsordning"}],
        },
        "innskuddsplikt": "Ingen innskuddsplikt; driften dekkes av årlige bidrag.",
        "laaneadgang": {"tillatt": False},
        "rapportering": "Årsmelding og regnskap til deltakerne innen 1. mars.",
        "uttreden": {"vilkaar": "Ett års skriftlig varsel.", "oppsigelsestid_maaneder": 12},
        "opplosning": {
            "vilkaar": "Vedtak i alle kommunestyrene.",
            "arkiv": "Melhus kommune overtar arkivet.",
        },
    }


def interkommunalt_politisk_rad() -> dict[str, Any]:
    return {
        **_felles("interkommunalt_politisk_rad", "test-ipr"),
        "deltakere": _deltakere(("1/3", "1/3", "1/3")),
        "navn": "Gauldal interkommunalt politisk råd",
        "eget_rettssubjekt": True,
        "representantskap": {"medlemmer": _representasjon(2, 2)},
        "saksomrader": ["Regional utvikling", "Samferdsel"],
        "myndighet": {"beskrivelse": "Rådet har ingen vedtaksmyndighet overfor innbyggerne."},
        "uttreden": {"vilkaar": "Ett års skriftlig varsel."},
        "opplosning": {
            "vilkaar": "Vedtak i alle kommunestyrene.",
            "arkiv": "Midtre Gauldal kommune overtar arkivet.",
        },
    }


def iks() -> dict[str, Any]:
    deltakere = _deltakere(("20 %", "50 %", "30 %"))
    for d, innskudd in zip(deltakere, ("100000.00", "250000.00", "150000.00"), strict=True):
        d["innskudd"] = innskudd
    return {
        **_felles("iks", "test-iks"),
        "navn": "Gaula Renovasjon IKS",
        "deltakere": deltakere,
        "hovedkontor": "5028",
        "representantskap": {"medlemmer": _representasjon(1, 1)},
        "oppgaver": [{"navn": "Innsamling av husholdningsavfall", "lovpalagt": True}],
        "myndighet": {
            "beskrivelse": "Selskapet fatter vedtak om gebyrfritak.",
            "enkeltvedtak": [
                {
                    "omrade": "renovasjonsgebyr",
                    "lovgrunnlag": "forurensningsloven § 83",
                    "art": "ordinaer",
                }
            ],
        },
        "laaneadgang": {"tillatt": True, "ramme": "10000000.00"},
    }


def samarbeidsavtale() -> dict[str, Any]:
    return {
        **_felles("samarbeidsavtale", "test-samarbeid"),
        "deltakere": _deltakere(),
        "oppgaver": [{"navn": "Faglig nettverk for byggesaksbehandlere"}],
        "myndighet": {"beskrivelse": "Samarbeidet har ingen myndighet."},
    }


GRUNNAVTALER = {
    "vertskommune": vertskommune,
    "vertskommune_nemnd": vertskommune_nemnd,
    "kommunalt_oppgavefellesskap": kommunalt_oppgavefellesskap,
    "interkommunalt_politisk_rad": interkommunalt_politisk_rad,
    "iks": iks,
    "samarbeidsavtale": samarbeidsavtale,
}


def grunnavtale(avtaletype: str) -> dict[str, Any]:
    """En ny, gyldig grunnavtale av typen som dict (trygg å mutere)."""
    return copy.deepcopy(GRUNNAVTALER[avtaletype]())


def last(data: dict[str, Any]) -> Any:
    return AVTALE_ADAPTER.validate_python(data)


# --------------------------------------------------------------------------- prosessregler
# The process rules' cases in the catalogue are patches on these: an agreement of three
# municipalities (5027, 5028, 5029) and its process records, adopted by all on 2026-03-26.

PROSESSDATO = dt.date(2026, 3, 27)
"""The date a process case is checked on, unless the case gives its own `dato`."""

HASH_PLASS = "<avtale_hash>"
"""Stands in the cases for the hash of the case's agreement text."""

_SIGNATARER = {
    "5027": {"navn": "Marit Singsås", "rolle": "ordfører", "sted": "Støren"},
    "5028": {"navn": "Ola Gåsbakk", "rolle": "ordfører", "sted": "Melhus"},
    "5029": {"navn": "Randi Viggja", "rolle": "ordfører", "sted": "Børsa"},
}


def prosessavtale(avtaletype: str = "kommunalt_oppgavefellesskap") -> dict[str, Any]:
    """A legally complete agreement of the type, version 1 of 2026-01-15 (as a dict)."""
    data = grunnavtale(avtaletype)
    data.pop("avtaledato", None)
    data.update(
        id="lonn-regnskap",
        tittel="Samarbeid om lønn og regnskap",
        versjon=1,
        versjonsdato="2026-01-15",
        formaal="Et robust fagmiljø for lønn og regnskap.",
    )
    for d in data["deltakere"]:
        d["signatar"] = dict(_SIGNATARER[d["kommunenummer"]])
    return data


def _mote(id_: str, kommune: str, organ: str, dato: str, behandling: str) -> dict[str, Any]:
    return {
        "id": id_,
        "kommuner": [kommune],
        "organ": organ,
        "dato": dato,
        "behandling": behandling,
    }


def _vedtak(kommune: str, mote: str, dato: str) -> dict[str, Any]:
    return {
        "id": f"vedtak-{kommune}-{mote}",
        "kommune": kommune,
        "organ": "kommunestyre",
        "mote": mote,
        "motedato": dato,
        "utfall": "vedtatt",
        "vedtakstekst": "Kommunestyret vedtar avtalen.",
        "versjon": 1,
        "avtale_hash": HASH_PLASS,
    }


def grunnprosess() -> dict[str, Any]:
    """prosess.yaml as data: the calendar, the consultation and every council's adoption."""
    return {
        "avtale": "lonn-regnskap",
        "moter": [
            _mote("mg-fsk-2026-03-05", "5027", "formannskap", "2026-03-05", "innstilling"),
            _mote("melhus-fsk-2026-03-10", "5028", "formannskap", "2026-03-10", "innstilling"),
            _mote("skaun-fsk-2026-03-12", "5029", "formannskap", "2026-03-12", "innstilling"),
            _mote("mg-ks-2026-03-19", "5027", "kommunestyre", "2026-03-19", "vedtak"),
            _mote("melhus-ks-2026-03-24", "5028", "kommunestyre", "2026-03-24", "vedtak"),
            _mote("skaun-ks-2026-03-26", "5029", "kommunestyre", "2026-03-26", "vedtak"),
            _mote("mg-ks-2026-05-07", "5027", "kommunestyre", "2026-05-07", "vedtak"),
            _mote("melhus-ks-2026-05-12", "5028", "kommunestyre", "2026-05-12", "vedtak"),
            _mote("skaun-ks-2026-06-18", "5029", "kommunestyre", "2026-06-18", "vedtak"),
        ],
        "drofting": [
            {
                "id": "drofting-2026-02-16",
                "dato": "2026-02-16",
                "kommuner": ["5027", "5028", "5029"],
                "organisasjoner": ["Fagforbundet", "Delta", "Fellesorganisasjonen"],
                "tema": [
                    "grunnen",
                    "dato",
                    "folger",
                    "tariffavtaleforhold",
                    "tiltak",
                    "reservasjon_fortrinnsrett",
                ],
                "protokoll": "2026/101-3",
            }
        ],
        "vedtak": [
            _vedtak("5027", "mg-ks-2026-03-19", "2026-03-19"),
            _vedtak("5028", "melhus-ks-2026-03-24", "2026-03-24"),
            _vedtak("5029", "skaun-ks-2026-03-26", "2026-03-26"),
        ],
    }
