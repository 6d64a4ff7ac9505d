"""The Gauldal scenario: what happens to each example agreement, and when.

The calendar and the drøftinger come from each agreement's `prosess.yaml`; the decisions are the
scenario (`SCENARIO`): every kommunestyre adopts the text before it, except that Skaun
kommunestyre adopts «Avtale om ... lønn, regnskap og fakturering» version 1 *med endringer*
(oppsigelsestid 24 måneder). The lawyer's answer to that is already in the data: version 1 is kept
unchanged in `agreements/gauldal-lonn-regnskap/historikk/v1.yaml`, version 2 is `avtale.yaml`.
The demo starts the agreement from v1 and puts v2 in place on v2's `versjonsdato`, so all three
kommunestyrer adopt v2 on the same avtale-hash.

`bygg_tidslinje` turns this into one list of steps in date order; each step is a call of a
function in `demo.steg` (the service layer underneath).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from avtaleflyt import paths
from avtaleflyt.prosess import fakta
from avtaleflyt.prosess.kalender import er_virkedag, frist_for
from avtaleflyt.validation import load_agreement
from demo import steg
from schemas.prosess import Prosess
from schemas.regler import VERTSKOMMUNETYPER

AVTALE_FIL = "avtale.yaml"
PROSESS_FIL = "prosess.yaml"
HISTORIKK = "historikk"


@dataclass(frozen=True)
class Utfall:
    """What one body decides in one meeting (the demo's scenario)."""

    utfall: str
    vedtakstekst: str
    votering: dict[str, Any] | None = None


SCENARIO: dict[tuple[str, str], Utfall] = {
    ("gauldal-lonn-regnskap", "skaun-ks-2026-06-18"): Utfall(
        "vedtatt_med_endringer",
        "Skaun kommunestyre vedtar avtalen om administrativt vertskommunesamarbeid om lønn, regnskap "
        "og fakturering med følgende endringer: 1. Oppsigelsestiden i punktet om uttreden endres fra "
        "12 til 24 måneder. 2. Samarbeidet skal evalueres innen utgangen av 2028. Kommunestyret ber "
        "kommunedirektøren legge fram avtalen med endringene for de andre deltakerkommunene.",
        {"for": 17, "mot": 8},
    ),
    ("gaula-innkjop-iks", "melhus-ks-2026-06-16"): Utfall(
        "vedtatt",
        "",
        {"for": 29, "mot": 6},
    ),
}
"""Decisions that differ from «vedtatt som framlagt, enstemmig». An empty text means the
standard text; the key is (avtale-id, møte-id)."""

SIGNERING_VIRKEDAGER = {"5027": 3, "5028": 4, "5029": 5}
"""Working days after the last kommunestyre adopted the text until each ordfører signs."""

ARKIVSAK_BASIS = {"5027": 1187, "5028": 5521, "5029": 903}
"""First sequence number of each municipality's arkivsaker in the scenario (saksår 2026)."""


def eksempler() -> Path:
    """The example agreements the scenario is written for (shipped with avtaleflyt)."""
    return paths.eksempelavtaler()


def alle_ider(kilde: Path | None = None) -> list[str]:
    """Agreements the demo drives: folders with both avtale.yaml and prosess.yaml."""
    root = Path(kilde) if kilde is not None else eksempler()
    return sorted(
        p.name for p in root.iterdir() if (p / AVTALE_FIL).is_file() and (p / PROSESS_FIL).is_file()
    )


def uten_prosess(kilde: Path | None = None) -> list[str]:
    """Agreements the demo leaves out because they have no prosess.yaml (no calendar)."""
    root = Path(kilde) if kilde is not None else eksempler()
    return sorted(
        p.name
        for p in root.iterdir()
        if (p / AVTALE_FIL).is_file() and not (p / PROSESS_FIL).is_file()
    )


def dato_tekst(d: dt.date) -> str:
    return f"{d.day}.{d.month}.{d.year}"


def legg_til_virkedager(dato: dt.date, antall: int) -> dt.date:
    dag = dato
    while antall:
        dag += dt.timedelta(days=1)
        if er_virkedag(dag):
            antall -= 1
    return dag


# --------------------------------------------------------------------------- the timeline


@dataclass(order=True)
class Hendelse:
    """One step on the simulated timeline."""

    dato: dt.date
    orden: int
    avtale: str
    tekst: str = field(compare=False)
    steg: Callable[..., Any] = field(compare=False)
    argumenter: dict[str, Any] = field(compare=False, default_factory=dict)


_ORDEN = {
    "versjon": 0,
    "drofting": 1,
    "saksframlegg": 2,
    "vedtak": 3,
    "delegering": 4,
    "arkiv": 5,
    "signatur": 6,
    "arkiv-signert": 7,
    "melding_statsforvalter": 8,
    "ikrafttredelse": 9,
    "arkiv-i-kraft": 10,
}
"""Order of the kinds of steps within one day."""


def versjoner(kilde: Path) -> list[Path]:
    """Texts of the agreement in version order: historikk/v1.yaml, …, then avtale.yaml."""
    historikk = sorted(
        (kilde / HISTORIKK).glob("v*.yaml"),
        key=lambda p: int(p.stem[1:]) if p.stem[1:].isdigit() else 0,
    )
    return [*historikk, kilde / AVTALE_FIL]


def _navn(avtale, nr: str) -> str:
    return next((d.navn for d in avtale.deltakere if d.kommunenummer == nr), nr)


class _Tidslinje:
    """The steps of one agreement, added to the shared list with the common arguments."""

    def __init__(self, tidslinje: list[Hendelse], avtale_id: str, arbeid: Path):
        self.tidslinje, self.avtale_id, self.arbeid = tidslinje, avtale_id, arbeid

    def __call__(
        self, dag: dt.date, art: str, tekst: str, fn: Callable[..., Any], **arg: Any
    ) -> None:
        self.tidslinje.append(
            Hendelse(
                dag,
                _ORDEN[art],
                self.avtale_id,
                tekst,
                fn,
                {"arbeid": self.arbeid, "avtale_id": self.avtale_id, **arg},
            )
        )


def _behandling(
    legg_til: _Tidslinje, prosess: Prosess, siste, alle: list[str], arkiv: Path
) -> dict[str, Any]:
    """Every political meeting: saksframlegg by the municipality's deadline, then the decision.
    Returns each municipality's last kommunestyre meeting that decided."""
    avtale_id = legg_til.avtale_id
    inn = prosess.innstillinger
    standard = (inn.saksframlegg_frist_dager, inn.saksframlegg_frist_type)
    frister = {
        k.kommune: (k.saksframlegg_frist_dager, k.saksframlegg_frist_type) for k in inn.kommuner
    }
    siste_ks: dict[str, Any] = {}
    for m in prosess.moter:
        if m.avlyst or m.behandling not in ("innstilling", "vedtak"):
            continue
        for nr in m.kommuner:
            sf_dato = frist_for(m.dato, *frister.get(nr, standard))
            organ = f"{_navn(siste, nr)} {m.organnavn or m.organ.replace('_', ' ')}"
            arkivsak = f"2026/{ARKIVSAK_BASIS.get(nr, 100) + 10 * alle.index(avtale_id) + 7}"
            legg_til(
                sf_dato,
                "saksframlegg",
                f"saksframlegg til {organ} {dato_tekst(m.dato)}",
                steg.steg_saksframlegg,
                kommune=nr,
                mote_id=m.id,
                dato=sf_dato,
                arkivsak=arkivsak,
            )
            scen = SCENARIO.get((avtale_id, m.id))
            utfall = (
                "innstilling"
                if m.behandling == "innstilling"
                else (scen.utfall if scen else "vedtatt")
            )
            legg_til(
                m.dato,
                "vedtak",
                f"{organ}: {utfall.replace('_', ' ')}",
                steg.steg_vedtak,
                kommune=nr,
                mote_id=m.id,
                utfall=utfall,
                vedtakstekst=(scen.vedtakstekst if scen and scen.vedtakstekst else None),
                votering=scen.votering if scen else None,
            )
            if scen and scen.utfall == "vedtatt_med_endringer":
                legg_til(
                    m.dato,
                    "arkiv",
                    "arkiv: versjonen er endret",
                    steg.steg_arkiver,
                    dato=m.dato,
                    arkiv=arkiv,
                )
            er_vedtak = m.organ == "kommunestyre" and m.behandling == "vedtak"
            if er_vedtak and (nr not in siste_ks or m.dato > siste_ks[nr].dato):
                siste_ks[nr] = m
    return siste_ks


def _etter_vedtak(legg_til: _Tidslinje, siste, siste_ks: dict[str, Any], arkiv: Path) -> None:
    """After the last adoption: delegation, signatures, notice, entry into force, archived."""
    vedtaksdag = max(m.dato for m in siste_ks.values())
    delegerer = fakta.delegering_kreves_for(siste)
    if delegerer:
        vert = _navn(siste, siste.vertskommune)
        # each kommunestyre delegates in the meeting where it adopts the final text
        for nr, m in sorted(siste_ks.items()):
            if nr in delegerer:
                tekst = (
                    f"Kommunestyret instruerer kommunedirektøren i {_navn(siste, nr)} om å "
                    f"delegere til kommunedirektøren i {vert} den myndigheten som følger av "
                    "avtalen, med virkning fra overføringsdatoen, jf. kommuneloven § 20-2 "
                    "annet ledd."
                )
                legg_til(
                    m.dato,
                    "delegering",
                    f"delegeringsvedtak i {_navn(siste, nr)}",
                    steg.steg_delegering,
                    kommune=nr,
                    mote_id=m.id,
                    dato=m.dato,
                    vedtakstekst=tekst,
                )
    legg_til(
        vedtaksdag,
        "arkiv",
        "arkiv: vedtatt av alle kommunestyrer",
        steg.steg_arkiver,
        dato=vedtaksdag,
        arkiv=arkiv,
    )
    signert = vedtaksdag
    for d in siste.deltakere:
        dag = legg_til_virkedager(vedtaksdag, SIGNERING_VIRKEDAGER.get(d.kommunenummer, 3))
        signert = max(signert, dag)
        legg_til(
            dag,
            "signatur",
            f"{d.navn}: ordføreren signerer",
            steg.steg_signatur,
            kommune=d.kommunenummer,
            dato=dag,
            navn=None if d.signatar else f"Ordføreren i {d.navn}",
        )
    legg_til(
        signert,
        "arkiv-signert",
        "arkiv: signert av alle parter",
        steg.steg_arkiver,
        dato=signert,
        arkiv=arkiv,
    )
    if siste.type in VERTSKOMMUNETYPER:  # melding til statsforvalteren, kl. § 20-4 femte ledd
        melding = legg_til_virkedager(signert, 1)
        legg_til(
            melding,
            "melding_statsforvalter",
            "melding til Statsforvalteren i Trøndelag",
            steg.steg_melding_statsforvalter,
            dato=melding,
            dokument=(
                f"Brev til Statsforvalteren i Trøndelag {dato_tekst(melding)}: melding "
                f"om {siste.tittel.lower()}"
            ),
        )
        signert = melding
    planlagt = siste.ikrafttredelse.dato if siste.ikrafttredelse else None
    ikraft = planlagt if planlagt and planlagt > signert else signert + dt.timedelta(days=1)
    legg_til(
        ikraft,
        "ikrafttredelse",
        f"avtalen trer i kraft {dato_tekst(ikraft)}",
        steg.steg_ikrafttredelse,
        dato=ikraft,
    )
    legg_til(
        ikraft, "arkiv-i-kraft", "arkiv: trådt i kraft", steg.steg_arkiver, dato=ikraft, arkiv=arkiv
    )


def bygg_tidslinje(
    kilde: Path, arbeid: Path, arkiv: Path, dokumenter: Path, ider: list[str] | None = None
) -> list[Hendelse]:
    """Every step of every agreement, in date order, from the source data and `SCENARIO`."""
    alle = alle_ider(kilde)
    tidslinje: list[Hendelse] = []
    for avtale_id in [a for a in alle if ider is None or a in ider]:
        mappe = kilde / avtale_id
        prosess = Prosess.model_validate(
            yaml.safe_load((mappe / PROSESS_FIL).read_text(encoding="utf-8"))
        )
        tekster = versjoner(mappe)
        avtaler = [load_agreement(p) for p in tekster]
        siste = avtaler[-1]
        legg_til = _Tidslinje(tidslinje, avtale_id, arbeid)
        # the texts: version 1 (draft) and any later version, each on its versjonsdato
        for path, a in zip(tekster, avtaler, strict=True):
            if a.versjonsdato is None:  # the demo plays each text on its date; it must be known
                raise ValueError(f"{path}: demoen trenger versjonsdato for hver versjon")
            legg_til(
                a.versjonsdato,
                "versjon",
                f"versjon {a.versjon} av teksten legges fram",
                steg.steg_ny_versjon,
                kilde=path,
                dato=a.versjonsdato,
                dokumenter=dokumenter,
            )
        # drøfting with the tillitsvalgte, as recorded in prosess.yaml
        for d in prosess.drofting:
            navn = ", ".join(_navn(siste, k) for k in d.kommuner)
            legg_til(
                d.dato,
                "drofting",
                f"drøftingsmøte med tillitsvalgte i {navn}",
                steg.steg_drofting,
                drofting=d.model_dump(mode="json", by_alias=True),
                utkast=tekster[0],
            )
        siste_ks = _behandling(legg_til, prosess, siste, alle, arkiv)
        if siste_ks:
            _etter_vedtak(legg_til, siste, siste_ks, arkiv)
    tidslinje.sort()
    return tidslinje
