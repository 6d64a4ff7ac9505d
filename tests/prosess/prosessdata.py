"""Example-like data for the process tests: three municipalities (5027, 5028, 5029), built here.

Dates are injected everywhere; nothing reads the clock.
"""

from __future__ import annotations

import datetime as dt

from schemas.avtale import AVTALE_ADAPTER
from schemas.prosess import Prosess

D = dt.date

DELTAKERE = [
    {
        "kommunenummer": "5027",
        "navn": "Midtre Gauldal",
        "signatar": {"navn": "Marit Singsås", "rolle": "ordfører", "sted": "Støren"},
    },
    {
        "kommunenummer": "5028",
        "navn": "Melhus",
        "signatar": {"navn": "Ola Gåsbakk", "rolle": "ordfører", "sted": "Melhus"},
    },
    {
        "kommunenummer": "5029",
        "navn": "Skaun",
        "signatar": {"navn": "Randi Viggja", "rolle": "ordfører", "sted": "Børsa"},
    },
]


FYLKE = {
    "kommunenummer": "50",
    "navn": "Trøndelag fylkeskommune",
    "signatar": {"navn": "Tore O. Sandvik", "rolle": "fylkesordfører", "sted": "Steinkjer"},
}
"""A fylkeskommune as the third participant in place of Skaun (its deciding body is fylkestinget)."""
DELTAKERE_MED_FYLKE = [DELTAKERE[0], DELTAKERE[1], FYLKE]


def _bytt_numre(data, bytt: dict[str, str]):
    """Every participant number in the data (representantskap, nemnd …) moved to its stand-in."""
    if isinstance(data, dict):
        return {k: _bytt_numre(v, bytt) for k, v in data.items()}
    if isinstance(data, list):
        return [_bytt_numre(v, bytt) for v in data]
    return bytt.get(data, data) if isinstance(data, str) else data


def lag_avtale(
    type: str = "kommunalt_oppgavefellesskap",
    versjon: int = 1,
    versjonsdato: dt.date = dt.date(2026, 1, 15),
    deltakere: list[dict] = DELTAKERE,
    **extra,
):
    from tests.regler.eksempler import grunnavtale

    # A legally complete agreement of the type: the process engine refuses invalid agreements.
    data = grunnavtale(type)
    data.pop("avtaledato", None)
    bytt = {
        gammel["kommunenummer"]: ny["kommunenummer"]
        for gammel, ny in zip(DELTAKERE, deltakere, strict=True)
        if gammel["kommunenummer"] != ny["kommunenummer"]
    }
    data = _bytt_numre(data, bytt)
    data.update(
        {
            "id": "lonn-regnskap",
            "tittel": "Samarbeid om lønn og regnskap",
            "versjon": versjon,
            "versjonsdato": versjonsdato,
            "formaal": "Et robust fagmiljø for lønn og regnskap.",
        }
    )
    for mal, deltaker in zip(deltakere, data["deltakere"], strict=True):
        deltaker.update(
            {k: v for k, v in mal.items() if k in ("kommunenummer", "navn", "signatar")}
        )
    if type.startswith("vertskommune"):
        data["vertskommune"] = "5028"
    data.update(extra)
    return AVTALE_ADAPTER.validate_python(data)


def mote(id, kommuner, organ, dato, behandling, **kw):
    return {
        "id": id,
        "kommuner": kommuner,
        "organ": organ,
        "dato": dato,
        "behandling": behandling,
        **kw,
    }


KALENDER = [
    mote(
        "mg-fsk-2026-03-05",
        ["5027"],
        "formannskap",
        D(2026, 3, 5),
        "innstilling",
        klokkeslett="10:00",
    ),
    mote("melhus-fsk-2026-03-10", ["5028"], "formannskap", D(2026, 3, 10), "innstilling"),
    mote("skaun-fsk-2026-03-12", ["5029"], "formannskap", D(2026, 3, 12), "innstilling"),
    mote(
        "mg-ks-2026-03-19",
        ["5027"],
        "kommunestyre",
        D(2026, 3, 19),
        "vedtak",
        klokkeslett="18:00",
        saksnummer="PS 14/26",
        sted="Støren rådhus",
    ),
    mote(
        "melhus-ks-2026-03-24",
        ["5028"],
        "kommunestyre",
        D(2026, 3, 24),
        "vedtak",
        saksnummer="PS 31/26",
    ),
    mote(
        "skaun-ks-2026-03-26",
        ["5029"],
        "kommunestyre",
        D(2026, 3, 26),
        "vedtak",
        saksnummer="PS 22/26",
    ),
    mote("mg-ks-2026-05-07", ["5027"], "kommunestyre", D(2026, 5, 7), "vedtak"),
    mote("melhus-ks-2026-05-12", ["5028"], "kommunestyre", D(2026, 5, 12), "vedtak"),
    mote(
        "skaun-ks-2026-06-18",
        ["5029"],
        "kommunestyre",
        D(2026, 6, 18),
        "vedtak",
        klokkeslett="17:00",
    ),
]

DROFTING = {
    "id": "drofting-2026-02-16",
    "dato": D(2026, 2, 16),
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


def vedtak(
    kommune, mote_id, dato, h, *, utfall="vedtatt", organ="kommunestyre", versjon=1, id=None, **kw
):
    return {
        "id": id or f"vedtak-{kommune}-{mote_id}",
        "kommune": kommune,
        "organ": organ,
        "mote": mote_id,
        "motedato": dato,
        "utfall": utfall,
        "vedtakstekst": "Kommunestyret vedtar avtalen.",
        "versjon": versjon,
        "avtale_hash": h,
        **kw,
    }


def prosess(**lists) -> Prosess:
    data = {"avtale": "lonn-regnskap", "moter": KALENDER, "drofting": [DROFTING]}
    data.update(lists)
    return Prosess.model_validate(data)


PROSESS_YAML = """\
# Prosessdata for lønn og regnskap. Kommentarer fra sekretariatet skal bevares.
avtale: lonn-regnskap
innstillinger:
  saksframlegg_frist_dager: 12   # kommunenes reglement
moter:
  # Formannskapene innstiller
  - id: mg-fsk-2026-03-05
    kommuner: ["5027"]
    organ: formannskap
    dato: 2026-03-05
    klokkeslett: "10:00"
    behandling: innstilling
  - id: mg-ks-2026-03-19
    kommuner: ["5027"]
    organ: kommunestyre
    dato: 2026-03-19
    klokkeslett: "18:00"
    saksnummer: PS 14/26
    behandling: vedtak
  - id: melhus-ks-2026-03-24
    kommuner: ["5028"]
    organ: kommunestyre
    dato: 2026-03-24
    behandling: vedtak
  - id: skaun-ks-2026-03-26
    kommuner: ["5029"]
    organ: kommunestyre
    dato: 2026-03-26
    behandling: vedtak
drofting:
  - id: drofting-2026-02-16
    dato: 2026-02-16
    kommuner: ["5027", "5028", "5029"]
    organisasjoner: [Fagforbundet, Delta]
    protokoll: 2026/101-3   # signert protokoll
vedtak: []
"""
