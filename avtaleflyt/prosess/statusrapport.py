"""The status report: where an agreement stands on a date, in words the secretariat reads.

`status(avtale, prosess, at)` takes the facts from `fakta` and `frister`, the state from
`tilstand`, the findings from `kontroll`, and words them. Nothing is stored; nothing reads the
clock; records dated after `at` are not yet facts and are left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from avtaleflyt.prosess import fakta
from avtaleflyt.prosess.fakta import Avtalefakta, Nybehandling, Tekst
from avtaleflyt.prosess.frister import (
    POLITISK_BEHANDLING,
    behandlende_moter,
    kommende_moter,
    tidligste_vedtak,
)
from avtaleflyt.prosess.kalender import trekk_virkedager
from avtaleflyt.prosess.kontekst import Kontekst, iso
from avtaleflyt.prosess.kontroll import sjekk_kontekst
from avtaleflyt.prosess.tilstand import Grunnlag, tilstand, tilstandstekst
from schemas.avtale import Avtale
from schemas.prosess import ORGAN_NAVN, UTFALL_NAVN, Prosess
from schemas.regler import VERTSKOMMUNETYPER


@dataclass
class Behandlingskrav:
    """A body that must (again) decide the current version."""

    kommune: str
    kommunenavn: str
    organ: str
    organ_navn: str
    grunn: str


@dataclass
class Frist:
    """The next meeting of one municipality and the deadlines before it."""

    kommune: str
    kommunenavn: str
    mote: str
    organ: str
    motedato: dt.date
    klokkeslett: dt.time | None
    saksframlegg_frist: dt.date
    drofting_frist: dt.date | None = None


@dataclass
class KommuneStatus:
    kommune: str
    kommunenavn: str
    drofting: str
    vedtak: str
    signert: bool


@dataclass
class Versjonsstatus:
    """One known text version: adopted and signed by all on, in force from and to."""

    versjon: int
    avtale_hash: str
    vedtatt: dt.date | None
    signert: dt.date | None
    ikrafttredelse: dt.date | None
    i_kraft_fra: dt.date | None
    i_kraft_til: dt.date | None


@dataclass
class Status:
    avtale: str
    tittel: str
    pa_dato: dt.date
    versjon: int
    avtale_hash: str
    tilstand: str
    tilstand_tekst: str
    gjeldende_versjon: int | None
    vedtatte_versjoner: list[int]
    ny_versjon_kreves: bool
    tidligste_vedtatt: dt.date | None
    """Earliest date every participant's deciding body (kommunestyre, fylkesting) can have
    adopted the current text, by the calendar."""
    ma_behandle: list[Behandlingskrav]
    mangler: list[str]
    frister: list[Frist]
    kommuner: list[KommuneStatus]
    advarsler: list[str] = field(default_factory=list)
    feil: list[str] = field(default_factory=list)
    funn: list[dict] = field(default_factory=list)
    """Every rule broken on the date: regel, alvorlighet, sti (in prosess.yaml), melding, hjemmel."""
    versjoner: list[Versjonsstatus] = field(default_factory=list)
    """Every known text version with its legal dates (from `fakta`)."""
    opphort: dt.date | None = None
    """The date the agreement ended, if it has."""

    def as_dict(self) -> dict:
        def conv(value: Any) -> Any:
            if isinstance(value, (dt.date, dt.time)):
                return (
                    value.isoformat(timespec="minutes")
                    if isinstance(value, dt.time)
                    else value.isoformat()
                )
            if isinstance(value, dict):
                return {k: conv(v) for k, v in value.items()}
            if isinstance(value, list):
                return [conv(v) for v in value]
            return value

        return conv(asdict(self))


def _grunn(b: Nybehandling) -> str:
    v = b.tidligere
    if b.grunn == "med_endringer" and v is not None:
        return f"vedtok versjon {v.versjon} med endringer; må vedta versjon {b.versjon} med endringene innarbeidet"
    if b.grunn == "tidligere_vedtak" and v is not None:
        return (
            f"vedtok versjon {v.versjon} {iso(v.motedato)}; må behandle versjon {b.versjon} på nytt"
        )
    if b.grunn == "innstilling" and v is not None:
        return (
            f"ga innstilling til versjon {v.versjon} {iso(v.motedato)}; må gi ny innstilling til "
            f"versjon {b.versjon}"
        )
    return f"har ikke vedtatt versjon {b.versjon}"


def _behandlingskrav(k: Kontekst, b: Nybehandling) -> Behandlingskrav:
    return Behandlingskrav(
        b.kommune, k.kommunenavn(b.kommune), b.organ, k.organnavn(b.kommune, b.organ), _grunn(b)
    )


def _krav_tekst(
    b: Nybehandling, organ_navn: str, grunn: str, versjon: int, ny_versjon: bool
) -> str:
    if b.grunn == "innstilling":
        return f"{organ_navn} {grunn.split('; ', 1)[-1]}"
    if ny_versjon:
        return f"{organ_navn} må vedta versjon {versjon + 1} ({grunn})"
    return f"{organ_navn} har ikke vedtatt versjon {versjon}"


def _drofting_tekst(k: Kontekst, nr: str) -> str:
    if nr not in k.drofting_kommuner():
        return "kreves ikke"
    gjort = k.gjennomfort_drofting(nr)
    if gjort:
        return "gjennomført " + iso(gjort[0].dato)
    if [d for d in k.prosess.drofting if nr in d.kommuner and d.dato <= k.at]:
        return "uten protokoll"
    return "mangler"


def _mangler(
    k: Kontekst, af: Avtalefakta, krav: list[tuple[Nybehandling, Behandlingskrav]], ny_versjon: bool
) -> list[str]:
    """What is missing before the next step, in the order the secretariat works."""
    assert k.avtale is not None
    versjon = k.avtale.versjon
    vf = af.versjoner[versjon]
    ut = [
        f"{k.kommunenavn(nr)} har ikke gjennomført drøfting med tillitsvalgte (med protokoll)"
        for nr in k.drofting_kommuner()
        if nr in k.deltakere and not k.gjennomfort_drofting(nr)
    ]
    if ny_versjon:
        ut.append(
            f"versjon {versjon + 1} av avtalen må lages (vedtak med endringer eller på annen tekst)"
        )
    ut += [_krav_tekst(b, m.organ_navn, m.grunn, versjon, ny_versjon) for b, m in krav]
    if vf.vedtatt is None:
        return ut
    ut += [
        f"{k.kommunenavn(nr)} har ikke signert versjon {versjon}"
        for nr in k.deltakere
        if nr not in vf.signaturer
    ]
    if k.type in VERTSKOMMUNETYPER:
        ut += [
            f"{k.organnavn(nr, fakta.delegeringsorgan(nr))} har ikke vedtatt delegeringen (kl. § 20-2/20-3)"
            for nr in fakta.delegering_mangler(k.avtale, k.prosess, k.at)
        ]
        if not fakta.melding_sendt(k.prosess, k.at):
            mottaker = fakta.meldingsmottaker(getattr(k.avtale, "vertskommune", None))
            ut.append(f"melding til {mottaker} er ikke registrert (kl. § 20-4 femte ledd)")
    if vf.signert is not None and vf.ikraft is None:
        ut.append("dato for ikrafttredelse er ikke fastsatt")
    return ut


def grunnlag(k: Kontekst, af: Avtalefakta, ny_versjon: bool) -> Grunnlag:
    """The facts the state is ranked from, for the current text of `k`."""
    assert k.avtale is not None
    p, at, versjon = k.prosess, k.at, k.avtale.versjon
    vf = af.versjoner[versjon]
    krav = [n for n in k.drofting_kommuner() if n in k.deltakere]
    politisk = (
        any(not m.avlyst and m.behandling in POLITISK_BEHANDLING and m.dato <= at for m in p.moter)
        or any(s.dato <= at for s in p.saksframlegg)
        or any(v.versjon == versjon for _, v in fakta.effektive_vedtak(p, at))
    )
    return Grunnlag(
        opphort=af.opphor is not None,
        ny_versjon=ny_versjon,
        vedtatt=vf.vedtatt is not None,
        signert=vf.signert is not None,
        i_kraft=vf.signert is not None and vf.ikraft is not None and vf.ikraft <= at,
        eldre_vedtatt=any(v < versjon for v in af.vedtatte()),
        politisk=politisk,
        drofting_klar=all(k.gjennomfort_drofting(n) for n in krav) and bool(krav or p.moter),
        drofting=any(d.dato <= at for d in p.drofting),
    )


def _frist(k: Kontekst, nr: str) -> Frist | None:
    neste = kommende_moter(k.prosess, nr, k.at)
    if not neste:
        return None
    m = neste[0]
    drofting_frist = None
    if nr in k.drofting_kommuner() and not k.gjennomfort_drofting(nr):
        forste = behandlende_moter(k.prosess, nr)
        if forste and forste[0][1].dato >= k.at:
            drofting_frist = trekk_virkedager(forste[0][1].dato, 1)
    return Frist(
        nr,
        k.kommunenavn(nr),
        m.id,
        m.organ,
        m.dato,
        m.klokkeslett,
        k.saksframlegg_frist(m, nr),
        drofting_frist,
    )


def _kommunestatus(k: Kontekst, nr: str, drofting: str) -> KommuneStatus:
    assert k.avtale is not None
    v = k.vedtatt(nr, k.hash or "")
    siste = [
        x
        for _, x in fakta.effektive_vedtak(k.prosess, k.at)
        if x.kommune == nr and x.versjon == k.avtale.versjon
    ]
    if v is not None:
        vtekst = f"vedtatt {iso(v.motedato)}"
    elif siste:
        s = max(siste, key=lambda x: x.motedato)
        vtekst = f"{UTFALL_NAVN[s.utfall]} ({ORGAN_NAVN[s.organ]}) {iso(s.motedato)}"
    else:
        vtekst = "ikke behandlet"
    return KommuneStatus(
        nr, k.kommunenavn(nr), drofting, vtekst, k.signert(nr, k.hash or "") is not None
    )


def _versjoner(af: Avtalefakta) -> list[Versjonsstatus]:
    ut = []
    for v, f in sorted(af.versjoner.items()):
        periode = af.i_kraft.get(v)
        ut.append(
            Versjonsstatus(
                v,
                f.tekst.avtale_hash,
                f.vedtatt,
                f.signert,
                f.ikraft,
                periode.fra if periode else None,
                periode.til if periode else None,
            )
        )
    return ut


def status(
    avtale: Avtale,
    prosess: Prosess,
    at: dt.date,
    *,
    eldre: Sequence[Tekst] = (),
    avtale_hash: str | None = None,
) -> Status:
    """Where the agreement stands on `at`, derived from the records known on that date.

    `eldre`: older text versions at hand (historikk); without them an older version is known
    from its adoptions only, with the current participants."""
    prosess = fakta.kjent_per(prosess, at)
    k = Kontekst(avtale, prosess, at, avtale_hash)
    assert k.tekst is not None
    kjente = {t.versjon for t in eldre} | {avtale.versjon}
    tekster = [
        k.tekst,
        *eldre,
        *(t for t in fakta.tekster_fra_vedtak(k.tekst, prosess, at) if t.versjon not in kjente),
    ]
    af = fakta.avtalefakta(tekster, prosess, at)
    vedtatt = af.versjoner[avtale.versjon].vedtatt is not None
    funn = sjekk_kontekst(k)
    ny_versjon = bool(k.avvikende_vedtak())
    krav = [(b, _behandlingskrav(k, b)) for b in fakta.ma_behandle(k.tekst, prosess, at)]
    ma = [m for _, m in krav]
    tilstandsnavn = tilstand(grunnlag(k, af, ny_versjon))
    frister = (
        [f for nr in k.deltakere if (f := _frist(k, nr)) is not None]
        if (ny_versjon or not vedtatt)
        else []
    )
    return Status(
        avtale=avtale.id,
        tittel=avtale.tittel,
        pa_dato=at,
        versjon=avtale.versjon,
        avtale_hash=k.hash or "",
        tilstand=tilstandsnavn,
        tilstand_tekst=tilstandstekst(tilstandsnavn, k.alle_organer()),
        gjeldende_versjon=af.gjeldende(),
        vedtatte_versjoner=af.vedtatte(),
        ny_versjon_kreves=ny_versjon,
        tidligste_vedtatt=None if ny_versjon else tidligste_vedtak(k.tekst, prosess, at)[0],
        ma_behandle=ma if (ny_versjon or not vedtatt) else [],
        mangler=_mangler(k, af, krav, ny_versjon),
        frister=frister,
        kommuner=[_kommunestatus(k, nr, _drofting_tekst(k, nr)) for nr in k.deltakere],
        advarsler=[b.melding for b in funn if b.alvorlighet == "advarsel"],
        feil=[b.melding for b in funn if b.alvorlighet == "feil"],
        funn=[
            {
                "regel": b.regel.id,
                "alvorlighet": b.alvorlighet,
                "sti": ".".join(str(x) for x in b.sti),
                "melding": b.melding,
                "hjemmel": b.lovgrunnlag,
            }
            for b in funn
        ],
        versjoner=_versjoner(af),
        opphort=af.opphor.dato if af.opphor is not None else None,
    )
