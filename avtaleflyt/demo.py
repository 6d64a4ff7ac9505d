"""`avtale demo`: the Gauldal cooperation from draft to archive, on simulated dates.

The demo copies the agreements in `agreements/` into a work folder and drives every one of them
through the process the status report of 3 February 2026 describes: drøfting with the
tillitsvalgte, saksframlegg, innstilling in formannskapet, vedtak in each kommunestyre,
delegation (vertskommune), signatures, notice to statsforvalteren and entry into force. Every
event is archived as it happens.

The calendar and the drøftinger come from each agreement's `prosess.yaml`; the decisions are the
demo's scenario (`SCENARIO`): every kommunestyre adopts the text before it, except that Skaun
kommunestyre adopts «Avtale om ... lønn, regnskap og fakturering» version 1 *med endringer*
(oppsigelsestid 24 måneder). The lawyer's answer to that is already in the data: version 1 is kept
unchanged in `agreements/gauldal-lonn-regnskap/historikk/v1.yaml`, version 2 is `avtale.yaml`.
The demo starts the agreement from v1 and puts v2 in place on v2's `versjonsdato`, so all three
kommunestyrer adopt v2 on the same avtale-hash.

Each step is one plain function call (`steg_*`) with simple arguments, so a Prefect flow can run
the same step: pass `kjorer=` to `kjor_demo` to route the calls. Avtale-hashes are computed at run
time: they depend on the template version.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from avtaleflyt.paths import AGREEMENTS_DIR

AVTALE_FIL = "avtale.yaml"
PROSESS_FIL = "prosess.yaml"
HISTORIKK = "historikk"
MERKEFIL = ".avtaleflyt-demo"
"""Marks a folder the demo made, so a new run may empty it (never any other folder)."""

KOMMUNESTYRE_STORRELSE = {"5027": 25, "5028": 35, "5029": 25}
"""Members of each kommunestyre, for the voting results in the møtebok (kl. § 11-4 bokstav e)."""


# --------------------------------------------------------------------------- scenario


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
        "vedtatt", "", {"for": 29, "mot": 6},
    ),
}
"""Decisions that differ from «vedtatt som framlagt, enstemmig». An empty text means the
standard text; the key is (avtale-id, møte-id)."""

SIGNERING_VIRKEDAGER = {"5027": 3, "5028": 4, "5029": 5}
"""Working days after the last kommunestyre adopted the text until each ordfører signs."""


# --------------------------------------------------------------------------- plumbing


def _dato(d: dt.date) -> str:
    return f"{d.day}.{d.month}.{d.year}"


def _kortnavn(nr: str) -> str:
    return {"5027": "mg", "5028": "melhus", "5029": "skaun"}.get(nr, nr)


def last_avtale(path: Path):
    """Load and validate one avtale.yaml (schema and rule catalogue)."""
    from avtaleflyt.validation import load_agreement

    return load_agreement(path)


def _hash(avtale) -> str:
    from avtaleflyt.prosess.hashing import avtale_hash

    return avtale_hash(avtale)


def _prosess(mappe: Path):
    from avtaleflyt.prosess import load_process_for

    return load_process_for(mappe)


def _mote(prosess, mote_id: str):
    for m in prosess.moter:
        if m.id == mote_id:
            return m
    raise KeyError(f"møtet «{mote_id}» finnes ikke i kalenderen")


def _kommunenavn(avtale, nr: str) -> str:
    for d in avtale.deltakere:
        if d.kommunenummer == nr:
            return d.navn
    return nr


# --------------------------------------------------------------------------- archive and documents


def render(avtale, dokumenter: Path) -> dict[str, Path]:
    """Render the text as .docx, .md and .html into `dokumenter/<id>/v<N>/` (drafting area)."""
    from avtaleflyt.rendering import render_agreement

    ut = Path(dokumenter) / avtale.id / f"v{avtale.versjon}"
    ut.mkdir(parents=True, exist_ok=True)
    resultat = render_agreement(avtale, formats=("docx", "md", "html"), out_dir=ut)
    return {fmt: Path(sti) for fmt, sti in resultat.paths.items()}


# --------------------------------------------------------------------------- the steps


def steg_ny_versjon(
    arbeid: Path, avtale_id: str, kilde: Path, dato: dt.date, dokumenter: Path
) -> dict[str, Any]:
    """Put a version of the text in place (draft or new version) and render it."""
    mappe = arbeid / avtale_id
    mappe.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(kilde, mappe / AVTALE_FIL)
    avtale = last_avtale(mappe / AVTALE_FIL)
    filer = render(avtale, dokumenter)
    h = _hash(avtale)
    return {
        "versjon": avtale.versjon, "avtale_hash": h,
        "dokumenter": {k: str(v) for k, v in filer.items()},
    }


def steg_drofting(
    arbeid: Path, avtale_id: str, drofting: dict, utkast: Path
) -> dict[str, Any]:
    """Record a drøftingsmøte with the tillitsvalgte on its date.

    The first drøftinger (February 2026) come before the first text is laid out; the record is
    then checked against the draft the working groups are writing (`utkast`).
    """
    from avtaleflyt.prosess import record_consultation
    from schemas.prosess import Drofting

    mappe = arbeid / avtale_id
    post = Drofting.model_validate(drofting)
    avtale = None if (mappe / AVTALE_FIL).is_file() else last_avtale(utkast)
    svar = record_consultation(mappe, post, at=post.dato, avtale=avtale)
    return {"advarsler": [f.one_line() for f in svar.advarsler]}


def steg_saksframlegg(
    arbeid: Path, avtale_id: str, kommune: str, mote_id: str, dato: dt.date, arkivsak: str
) -> dict[str, Any]:
    """Send the current text to a meeting: saksframlegg bound to its avtale-hash."""
    from avtaleflyt.prosess import append_record
    from schemas.prosess import Saksframlegg

    mappe = arbeid / avtale_id
    avtale, _ = _prosess(mappe)
    post = Saksframlegg(
        id=f"saksframlegg-{mote_id}", kommune=kommune, mote=mote_id, dato=dato,
        versjon=avtale.versjon, avtale_hash=_hash(avtale), saksnummer=arkivsak,
        dokument=f"Saksframlegg {arkivsak}: {avtale.tittel}, versjon {avtale.versjon}",
    )
    svar = append_record(mappe, post, at=dato, avtale=avtale)
    return {"advarsler": [f.one_line() for f in svar.advarsler]}


def steg_vedtak(
    arbeid: Path, avtale_id: str, kommune: str, mote_id: str, utfall: str, vedtakstekst: str,
    votering: dict | None
) -> dict[str, Any]:
    """Record the body's decision on the text that was before it (its avtale-hash)."""
    from avtaleflyt.prosess import record_decision
    from schemas.prosess import Vedtak, Votering

    mappe = arbeid / avtale_id
    avtale, prosess = _prosess(mappe)
    mote = _mote(prosess, mote_id)
    if not vedtakstekst:
        vedtakstekst = _standard_tekst(avtale, mote, avtale.versjon)
    post = Vedtak(
        id=f"vedtak-{mote_id}", kommune=kommune, organ=mote.organ, mote=mote_id,
        motedato=mote.dato, saksnummer=mote.saksnummer, utfall=utfall, vedtakstekst=vedtakstekst,
        votering=Votering.model_validate(votering) if votering else Votering(enstemmig=True),
        versjon=avtale.versjon, avtale_hash=_hash(avtale),
    )
    svar = record_decision(mappe, post, at=mote.dato, avtale=avtale)
    return {"advarsler": [f.one_line() for f in svar.advarsler]}


def steg_delegering(
    arbeid: Path, avtale_id: str, kommune: str, mote_id: str, dato: dt.date
) -> dict[str, Any]:
    """Kommunestyret's delegation in a vertskommune cooperation (kl. § 20-2 annet ledd)."""
    from avtaleflyt.prosess import append_record
    from schemas.prosess import Delegering

    mappe = arbeid / avtale_id
    avtale, prosess = _prosess(mappe)
    mote = _mote(prosess, mote_id)
    vert = _kommunenavn(avtale, avtale.vertskommune)
    post = Delegering(
        id=f"delegering-{mote_id}", kommune=kommune, mote=mote_id, dato=mote.dato,
        saksnummer=mote.saksnummer,
        vedtakstekst=(
            f"Kommunestyret instruerer kommunedirektøren i {_kommunenavn(avtale, kommune)} om å "
            f"delegere til kommunedirektøren i {vert} den myndigheten som følger av avtalen, med "
            "virkning fra overføringsdatoen, jf. kommuneloven § 20-2 annet ledd."
        ),
    )
    svar = append_record(mappe, post, at=dato, avtale=avtale)
    return {"advarsler": [f.one_line() for f in svar.advarsler]}


def steg_signatur(
    arbeid: Path, avtale_id: str, kommune: str, dato: dt.date
) -> dict[str, Any]:
    """The ordfører signs the adopted text (kl. § 6-1 annet ledd)."""
    from avtaleflyt.prosess import record_signature
    from schemas.prosess import Signatur

    mappe = arbeid / avtale_id
    avtale, _ = _prosess(mappe)
    deltaker = next(d for d in avtale.deltakere if d.kommunenummer == kommune)
    signatar = deltaker.signatar
    post = Signatur(
        id=f"signatur-{_kortnavn(kommune)}-v{avtale.versjon}", kommune=kommune,
        navn=signatar.navn if signatar else f"Ordføreren i {deltaker.navn}",
        rolle=signatar.rolle if signatar else "ordfører", sted=signatar.sted if signatar else None,
        dato=dato, versjon=avtale.versjon, avtale_hash=_hash(avtale),
    )
    svar = record_signature(mappe, post, at=dato, avtale=avtale)
    return {"advarsler": [f.one_line() for f in svar.advarsler]}


def steg_melding_statsforvalter(
    arbeid: Path, avtale_id: str, dato: dt.date
) -> dict[str, Any]:
    """The vertskommune tells statsforvalteren that the cooperation is set up (kl. § 20-4)."""
    from avtaleflyt.prosess import append_record
    from schemas.prosess import MeldingStatsforvalter

    mappe = arbeid / avtale_id
    avtale, _ = _prosess(mappe)
    post = MeldingStatsforvalter(
        id=f"melding-statsforvalter-v{avtale.versjon}", dato=dato, sendt_av=avtale.vertskommune,
        dokument=(
            f"Brev til Statsforvalteren i Trøndelag {_dato(dato)}: melding om "
            f"{avtale.tittel.lower()}"
        ),
    )
    svar = append_record(mappe, post, at=dato, avtale=avtale)
    return {"advarsler": [f.one_line() for f in svar.advarsler]}


def steg_ikrafttredelse(
    arbeid: Path, avtale_id: str, dato: dt.date
) -> dict[str, Any]:
    """The adopted and signed text enters into force."""
    from avtaleflyt.prosess import append_record
    from schemas.prosess import Ikrafttredelse

    mappe = arbeid / avtale_id
    avtale, _ = _prosess(mappe)
    post = Ikrafttredelse(
        id=f"ikrafttredelse-v{avtale.versjon}", versjon=avtale.versjon, avtale_hash=_hash(avtale),
        dato=dato,
    )
    svar = append_record(mappe, post, at=dato, avtale=avtale)
    return {"advarsler": [f.one_line() for f in svar.advarsler]}


def steg_arkiver(
    arbeid: Path, avtale_id: str, hendelse: str, dato: dt.date, arkiv: Path, dokumenter: Path
) -> dict[str, Any]:
    """Archive one legal event (vedtatt, signert, i-kraft, endret): one commit and one tag.

    The event carries the agreement's state on `dato`: canonical data, process records, the
    rendered documents and the templates, and the adoptions and signatures bound to the
    avtale-hash (kl. §§ 18-4, 19-4, 20-4 annet ledd; IKS-loven § 4).
    """
    from avtaleflyt.arkiv import Arkiv, ArkivHendelse, Signaturreferanse, Vedtaksreferanse

    if hendelse != "endret":  # the shared archiving of the process records (flows and CLI too)
        from avtaleflyt.arkivering import arkiver_avtale

        return {"commits": arkiver_avtale(arbeid / avtale_id, arkiv, dato)}
    # «endret» for a text a council adopted with changes: the shared archiving has no event for a
    # version that was never adopted by all
    from schemas.avtale import SCHEMA_VERSION

    mappe = arbeid / avtale_id
    avtale, prosess = _prosess(mappe)
    h = _hash(avtale)
    navn = {d.kommunenummer: d.navn for d in avtale.deltakere}
    siste: dict[str, Any] = {}
    for v in sorted(prosess.vedtak, key=lambda v: v.motedato):
        if v.organ == "kommunestyre" and v.avtale_hash == h and v.motedato <= dato:
            siste[v.kommune] = v
    vedtak = tuple(
        Vedtaksreferanse(v.kommune, v.motedato, v.saksnummer or v.mote, h)
        for v in siste.values() if v.utfall == "vedtatt"
    )
    signaturer = tuple(
        Signaturreferanse(s.kommune, s.dato, h, s.navn)
        for s in prosess.signaturer if s.avtale_hash == h and s.dato <= dato
    ) if hendelse in ("signert", "i-kraft") else ()
    trailere: list[tuple[str, str]] = []
    linjer: list[str] = []
    for v in siste.values():
        linjer.append(
            f"{navn[v.kommune]} kommunestyre {_dato(v.motedato)} ({v.saksnummer or v.mote}): "
            f"{v.utfall.replace('_', ' ')}, versjon {v.versjon}."
        )
        if v.utfall == "vedtatt_med_endringer":
            sak = v.saksnummer or v.mote
            trailere.append(("Endret-Ved", f"{v.kommune} {v.motedato.isoformat()} sak {sak}"))
    for s in signaturer:
        linjer.append(f"Signert for {navn[s.kommunenummer]} av {s.navn} {_dato(s.dato)}.")
    ikraft = None
    if hendelse == "i-kraft":
        ikraft = max(r.dato for r in prosess.ikrafttredelse if r.avtale_hash == h)
        linjer.append(f"Avtalen trer i kraft {_dato(ikraft)}.")
    filer = _arkivfiler(avtale, prosess, dokumenter)
    post = ArkivHendelse(
        avtale_id=avtale.id, versjon=avtale.versjon, hendelse=hendelse, juridisk_dato=dato,
        avtale_hash=h, schema_version=SCHEMA_VERSION, template_version=_malversjon(),
        files=filer, vedtak=vedtak, signaturer=signaturer, ikrafttredelse=ikraft,
        trailers=tuple(trailere), melding="\n".join([avtale.tittel, "", *linjer]),
    )
    commit = Arkiv(arkiv).arkiver(post)
    return {"commit": commit, "tag": post.tag}


def _malversjon() -> str:
    from avtaleflyt.rendering import template_version

    return template_version()


def _kanonisk(avtale) -> bytes:
    from avtaleflyt.rendering import canonical_json

    return canonical_json(avtale)


def _arkivfiler(avtale, prosess, dokumenter: Path) -> dict[str, bytes]:
    """avtale.json, prosess.json, dokumenter/<id>.<format> and maler/… for one archive event."""
    import json

    from avtaleflyt.paths import TEMPLATES_DIR

    filer = {
        "avtale.json": _kanonisk(avtale),
        "prosess.json": (json.dumps(prosess.model_dump(mode="json", by_alias=True), ensure_ascii=False,
                                    sort_keys=True, indent=2) + "\n").encode("utf-8"),
    }
    versjon = Path(dokumenter) / avtale.id / f"v{avtale.versjon}"
    if versjon.is_dir():
        for f in sorted(versjon.iterdir()):
            if f.is_file():
                filer[f"dokumenter/{avtale.id}{f.suffix}"] = f.read_bytes()
    if TEMPLATES_DIR.is_dir():
        for f in sorted(TEMPLATES_DIR.rglob("*")):
            rel = f.relative_to(TEMPLATES_DIR)
            if f.is_file() and not any(d.startswith(".") or d == "__pycache__" for d in rel.parts):
                filer[f"maler/{rel.as_posix()}"] = f.read_bytes()
    return filer


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


# order of the kinds of events within one day
_ORDEN = {
    "versjon": 0, "drofting": 1, "saksframlegg": 2, "vedtak": 3, "delegering": 4, "arkiv": 5,
    "signatur": 6, "arkiv-signert": 7, "melding_statsforvalter": 8, "ikrafttredelse": 9,
    "arkiv-i-kraft": 10,
}


def _versjoner(kilde: Path) -> list[Path]:
    """Texts of the agreement in version order: historikk/v1.yaml, …, then avtale.yaml."""
    historikk = sorted(
        (kilde / HISTORIKK).glob("v*.yaml"), key=lambda p: int(p.stem[1:]) if p.stem[1:].isdigit() else 0
    )
    return [*historikk, kilde / AVTALE_FIL]


def _arkivsak(nr: str, avtale_id: str, alle: list[str]) -> str:
    """A plausible arkivsaksnummer per kommune and agreement (saksår/sekvensnummer)."""
    basis = {"5027": 1187, "5028": 5521, "5029": 903}.get(nr, 100)
    return f"2026/{basis + 10 * alle.index(avtale_id) + 7}"


def _standard_tekst(avtale, mote, versjon: int) -> str:
    kommune = _kommunenavn(avtale, mote.kommuner[0])
    if mote.organ == "formannskap":
        return (
            f"Formannskapet i {kommune} innstiller til kommunestyret: Kommunestyret vedtar "
            f"«{avtale.tittel}», versjon {versjon}, som framlagt, og gir ordføreren fullmakt til å "
            "signere avtalen."
        )
    tekst = (
        f"Kommunestyret i {kommune} vedtar «{avtale.tittel}», versjon {versjon}, som framlagt. "
        "Ordføreren gis fullmakt til å signere avtalen."
    )
    if avtale.type in ("iks", "kommunalt_oppgavefellesskap", "interkommunalt_politisk_rad"):
        tekst += (" Kommunestyret velger kommunens medlemmer og varamedlemmer til representantskapet "
                  "i egen sak.")
    if avtale.type == "vertskommune_nemnd":
        tekst += " Kommunestyret velger kommunens medlemmer og varamedlemmer til nemnda i egen sak."
    return tekst


def bygg_tidslinje(
    kilde: Path, arbeid: Path, arkiv: Path, dokumenter: Path, ider: list[str] | None = None
) -> list[Hendelse]:
    """Every step of every agreement, in date order, from the source data and `SCENARIO`."""
    from avtaleflyt.prosess.kalender import frist_for
    from schemas.prosess import Prosess

    alle = alle_ider(kilde)
    tidslinje: list[Hendelse] = []
    for avtale_id in [a for a in alle if ider is None or a in ider]:
        mappe = kilde / avtale_id
        data = yaml.safe_load((mappe / PROSESS_FIL).read_text(encoding="utf-8"))
        prosess = Prosess.model_validate(data)
        tekster = _versjoner(mappe)
        avtaler = [last_avtale(p) for p in tekster]
        siste = avtaler[-1]
        felles = {"arbeid": arbeid, "avtale_id": avtale_id}
        ark = {"arkiv": arkiv, "dokumenter": dokumenter}

        def legg_til(_dag, _art, _tekst, _steg, **arg):
            tidslinje.append(Hendelse(_dag, _ORDEN[_art], avtale_id, _tekst, _steg, {**felles, **arg}))

        # the texts: version 1 (draft) and any later version, each on its versjonsdato
        for path, a in zip(tekster, avtaler):
            legg_til(a.versjonsdato, "versjon", f"versjon {a.versjon} av teksten legges fram",
                     steg_ny_versjon, kilde=path, dato=a.versjonsdato, dokumenter=dokumenter)
        # drøfting with the tillitsvalgte, as recorded in prosess.yaml
        for d in prosess.drofting:
            navn = ", ".join(_kommunenavn(siste, k) for k in d.kommuner)
            legg_til(d.dato, "drofting", f"drøftingsmøte med tillitsvalgte i {navn}", steg_drofting,
                     drofting=d.model_dump(mode="json", by_alias=True), utkast=tekster[0])
        # every political meeting: saksframlegg by the municipality's deadline, then the decision
        inn = prosess.innstillinger
        standard = (inn.saksframlegg_frist_dager, inn.saksframlegg_frist_type)
        frister = {k.kommune: (k.saksframlegg_frist_dager, k.saksframlegg_frist_type)
                   for k in inn.kommuner}
        siste_ks: dict[str, Any] = {}
        for m in prosess.moter:
            if m.avlyst or m.behandling not in ("innstilling", "vedtak"):
                continue
            for nr in m.kommuner:
                dager, fristtype = frister.get(nr, standard)
                sf_dato = frist_for(m.dato, dager, fristtype)
                organ = f"{_kommunenavn(siste, nr)} {m.organnavn or m.organ.replace('_', ' ')}"
                legg_til(sf_dato, "saksframlegg", f"saksframlegg til {organ} {_dato(m.dato)}",
                         steg_saksframlegg, kommune=nr, mote_id=m.id, dato=sf_dato,
                         arkivsak=_arkivsak(nr, avtale_id, alle))
                scen = SCENARIO.get((avtale_id, m.id))
                if m.behandling == "innstilling":
                    utfall = "innstilling"
                else:
                    utfall = scen.utfall if scen else "vedtatt"
                legg_til(m.dato, "vedtak", f"{organ}: {utfall.replace('_', ' ')}", steg_vedtak,
                         kommune=nr, mote_id=m.id, utfall=utfall,
                         vedtakstekst=(scen.vedtakstekst if scen and scen.vedtakstekst else None),
                         votering=scen.votering if scen else None)
                if scen and scen.utfall == "vedtatt_med_endringer":
                    legg_til(m.dato, "arkiv", "arkiv: versjonen er endret", steg_arkiver,
                             hendelse="endret", dato=m.dato, **ark)
                if m.organ == "kommunestyre" and m.behandling == "vedtak":
                    if nr not in siste_ks or m.dato > siste_ks[nr].dato:
                        siste_ks[nr] = m
        if not siste_ks:
            continue

        # after the last adoption: delegation, signatures, notice, entry into force
        vedtaksdag = max(m.dato for m in siste_ks.values())
        vertskommune = siste.type in ("vertskommune", "vertskommune_nemnd")
        if vertskommune:
            # each kommunestyre delegates in the meeting where it adopts the final text
            for nr, m in sorted(siste_ks.items()):
                if nr != siste.vertskommune or siste.type == "vertskommune_nemnd":
                    legg_til(m.dato, "delegering", f"delegeringsvedtak i {_kommunenavn(siste, nr)}",
                             steg_delegering, kommune=nr, mote_id=m.id, dato=m.dato)
        legg_til(vedtaksdag, "arkiv", "arkiv: vedtatt av alle kommunestyrer", steg_arkiver,
                 hendelse="vedtatt", dato=vedtaksdag, **ark)
        signert = vedtaksdag
        for d in siste.deltakere:
            dag = _legg_til_virkedager(vedtaksdag, SIGNERING_VIRKEDAGER.get(d.kommunenummer, 3))
            signert = max(signert, dag)
            legg_til(dag, "signatur", f"{d.navn}: ordføreren signerer", steg_signatur,
                     kommune=d.kommunenummer, dato=dag)
        legg_til(signert, "arkiv-signert", "arkiv: signert av alle parter", steg_arkiver,
                 hendelse="signert", dato=signert, **ark)
        if vertskommune:
            melding = _legg_til_virkedager(signert, 1)
            legg_til(melding, "melding_statsforvalter", "melding til Statsforvalteren i Trøndelag",
                     steg_melding_statsforvalter, dato=melding)
            signert = melding
        planlagt = siste.ikrafttredelse.dato if siste.ikrafttredelse else None
        ikraft = planlagt if planlagt and planlagt > signert else signert + dt.timedelta(days=1)
        legg_til(ikraft, "ikrafttredelse", f"avtalen trer i kraft {_dato(ikraft)}", steg_ikrafttredelse,
                 dato=ikraft)
        legg_til(ikraft, "arkiv-i-kraft", "arkiv: trådt i kraft", steg_arkiver,
                 hendelse="i-kraft", dato=ikraft, **ark)
    tidslinje.sort()
    return tidslinje


def _legg_til_virkedager(dato: dt.date, antall: int) -> dt.date:
    from avtaleflyt.prosess.kalender import er_virkedag

    dag = dato
    while antall:
        dag += dt.timedelta(days=1)
        if er_virkedag(dag):
            antall -= 1
    return dag


# --------------------------------------------------------------------------- running


Kjorer = Callable[[Callable[..., Any], dict[str, Any]], Any]


def direkte(steg: Callable[..., Any], argumenter: dict[str, Any]) -> Any:
    """The default runner: call the step directly (a Prefect runner wraps the same call)."""
    return steg(**argumenter)


@dataclass
class AvtaleResultat:
    id: str
    tittel: str
    type: str
    versjon: int
    avtale_hash: str
    tilstand: str
    tilstand_tekst: str
    vedtak: dict[str, str]
    """kommunenummer → avtale-hash of that kommunestyre's adopting decision (utfall vedtatt)."""
    vedtatte_versjoner: list[int]
    dokumenter: dict[str, Path]
    advarsler: list[str] = field(default_factory=list)
    feil: list[str] = field(default_factory=list)


@dataclass
class DemoResultat:
    ut: Path
    arbeid: Path
    arkiv: Path
    dokumenter: Path
    sluttdato: dt.date
    avtaler: list[AvtaleResultat]
    hendelser: int
    mangler: list[str]
    underveis: list[tuple[dt.date, str, str]] = field(default_factory=list)
    """Warnings the process rules gave when a record was added: (date, agreement, finding)."""
    tagger: list[str] = field(default_factory=list)
    register: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    verifisert: bool | None = None
    verifikasjon: list[str] = field(default_factory=list)


class DemoFeil(Exception):
    """The demo cannot start (e.g. the output folder holds something that is not ours)."""


def _klargjor(ut: Path, arkiv: Path, eget_arkiv: bool) -> None:
    if ut.exists() and any(ut.iterdir()):
        if not (ut / MERKEFIL).exists():
            raise DemoFeil(
                f"{ut} finnes og er ikke tom; velg en annen mappe med --ut (demoen tømmer bare "
                "mapper den har laget selv)"
            )
        shutil.rmtree(ut)
    if eget_arkiv and arkiv.exists() and any(arkiv.iterdir()):
        raise DemoFeil(
            f"arkivet {arkiv} finnes allerede; demoen starter alltid med et nytt arkiv og legger "
            "aldri til i et eksisterende (velg en annen sti med --arkiv)"
        )
    ut.mkdir(parents=True, exist_ok=True)
    (ut / MERKEFIL).write_text(
        "Mappe laget av `avtale demo`; den tømmes ved neste kjøring.\n", encoding="utf-8"
    )


def kjor_demo(
    ut: Path,
    arkiv: Path | None = None,
    *,
    kilde: Path | None = None,
    ider: list[str] | None = None,
    kjorer: Kjorer = direkte,
    fremdrift: Callable[[int, int, Hendelse], None] | None = None,
) -> DemoResultat:
    """Run the whole cooperation from draft to archive; returns what the report shows."""
    ut = Path(ut)
    eget_arkiv = arkiv is not None
    arkiv = Path(arkiv) if arkiv is not None else ut / "arkiv"
    kilde = Path(kilde) if kilde is not None else AGREEMENTS_DIR
    _klargjor(ut, arkiv, eget_arkiv)
    arbeid = ut / "avtaler"
    dokumenter = ut / "dokumenter"
    arbeid.mkdir()
    dokumenter.mkdir()
    _opprett_arkiv(arkiv)

    # the work copy: the calendar of each prosess.yaml, without the drøftinger (they are replayed
    # on their dates); historikk/ is copied as it is
    for avtale_id in alle_ider(kilde):
        if ider is not None and avtale_id not in ider:
            continue
        mål = arbeid / avtale_id
        mål.mkdir()
        if (kilde / avtale_id / HISTORIKK).is_dir():
            shutil.copytree(kilde / avtale_id / HISTORIKK, mål / HISTORIKK)
        _skriv_kalender(kilde / avtale_id / PROSESS_FIL, mål / PROSESS_FIL)

    tidslinje = bygg_tidslinje(kilde, arbeid, arkiv, dokumenter, ider)
    underveis: list[tuple[dt.date, str, str]] = []
    for i, h in enumerate(tidslinje, start=1):
        svar = kjorer(h.steg, h.argumenter)
        if isinstance(svar, dict):
            underveis += [(h.dato, h.avtale, a) for a in svar.get("advarsler", [])]
        if fremdrift is not None:
            fremdrift(i, len(tidslinje), h)

    sluttdato = max(h.dato for h in tidslinje) if tidslinje else dt.date.today()
    resultat = DemoResultat(
        ut=ut, arbeid=arbeid, arkiv=arkiv, dokumenter=dokumenter, sluttdato=sluttdato,
        avtaler=[
            _avtaleresultat(arbeid / a, sluttdato, dokumenter)
            for a in sorted(p.name for p in arbeid.iterdir())
        ],
        hendelser=len(tidslinje), underveis=underveis,
        mangler=[
            f"{a}: ingen prosess.yaml (møteplan), avtalen er ikke med i demoen"
            for a in uten_prosess(kilde)
        ],
    )
    resultat.register = register_fra_data(arbeid)
    _oppsummer_arkiv(resultat)
    return resultat


KORT_FORM = {
    "vertskommune": "vertskommune",
    "vertskommune_nemnd": "vertskommune m/nemnd",
    "kommunalt_oppgavefellesskap": "KO",
    "interkommunalt_politisk_rad": "IPR",
    "iks": "IKS",
    "samarbeidsavtale": "samarbeidsavtale",
}


def _rolle(avtale, nr: str) -> str:
    if getattr(avtale, "vertskommune", None) == nr:
        return "vertskommune"
    if getattr(avtale, "vertskommune", None):
        return "samarbeidskommune"
    if getattr(avtale, "kontorkommune", None) == nr:
        return "kontorkommune"
    if getattr(avtale, "hovedkontor", None) == nr:
        return "hovedkontor"
    return "deltaker"


def register_fra_data(arbeid: Path) -> dict[str, list[dict[str, str]]]:
    """Per municipality: each agreement, its role, its cost share (exact) and entry into force."""
    from avtaleflyt.fordeling import FordelingsFeil, beregn_fordeling
    from schemas.felles import format_andel, format_kroner, format_prosent

    register: dict[str, list[dict[str, str]]] = {}
    for mappe in sorted(p for p in arbeid.iterdir() if (p / AVTALE_FIL).is_file()):
        avtale, prosess = _prosess(mappe)
        try:
            andeler = {k.kommunenummer: k for k in beregn_fordeling(avtale)}
        except FordelingsFeil as exc:
            andeler, feil = {}, str(exc)
        else:
            feil = ""
        ikraft = max(
            (r.dato for r in prosess.ikrafttredelse if r.versjon == avtale.versjon), default=None
        )
        for d in avtale.deltakere:
            k = andeler.get(d.kommunenummer)
            if k is None:
                andel, belop = (f"– ({feil})" if feil else "–"), "–"
            else:
                eksakt = format_andel(k.andel)
                andel = format_prosent(k.andel) + ("" if eksakt.endswith("%") else f" ({eksakt})")
                belop = format_kroner(k.belop) if k.belop is not None else "–"
            register.setdefault(f"{d.navn} ({d.kommunenummer})", []).append({
                "avtale": avtale.id,
                "form": KORT_FORM.get(avtale.type, avtale.type),
                "rolle": _rolle(avtale, d.kommunenummer),
                "kostnadsandel": andel,
                "beløp": belop,
                "i kraft": _dato(ikraft) if ikraft else "–",
            })
    return register


def _skriv_kalender(kilde: Path, mål: Path) -> None:
    """Copy prosess.yaml without its drøftinger, keeping the lawyer's comments and layout."""
    from ruamel.yaml import YAML

    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 100
    rt.indent(mapping=2, sequence=4, offset=2)
    doc = rt.load(kilde.read_text(encoding="utf-8"))
    if "drofting" in doc:
        del doc["drofting"]
    with open(mål, "w", encoding="utf-8", newline="\n") as fh:
        rt.dump(doc, fh)


def _avtaleresultat(mappe: Path, pa_dato: dt.date, dokumenter: Path) -> AvtaleResultat:
    from avtaleflyt.prosess import status

    avtale, prosess = _prosess(mappe)
    h = _hash(avtale)
    st = status(avtale, prosess, pa_dato)
    vedtak = {
        v.kommune: v.avtale_hash
        for v in sorted(prosess.vedtak, key=lambda v: v.motedato)
        if v.organ == "kommunestyre" and v.utfall == "vedtatt"
    }
    docs = {
        p.suffix.lstrip("."): p
        for p in sorted((dokumenter / avtale.id / f"v{avtale.versjon}").glob("*"))
        if p.is_file()
    } if (dokumenter / avtale.id).is_dir() else {}
    return AvtaleResultat(
        id=avtale.id, tittel=avtale.tittel, type=avtale.type, versjon=avtale.versjon, avtale_hash=h,
        tilstand=st.tilstand, tilstand_tekst=st.tilstand_tekst, vedtak=vedtak,
        vedtatte_versjoner=list(st.vedtatte_versjoner), dokumenter=docs,
        advarsler=list(st.advarsler), feil=list(st.feil),
    )


# --------------------------------------------------------------------------- archive adapter


def _opprett_arkiv(arkiv: Path) -> None:
    from avtaleflyt.arkiv import Arkiv

    Arkiv(arkiv).opprett()


def _oppsummer_arkiv(resultat: DemoResultat) -> None:
    """The archive's tags and a full verification (checksums, re-rendering, hashes, tags)."""
    from avtaleflyt.arkiv import Arkiv
    from avtaleflyt.arkiv.gjengivelse import standard_gjengiver
    from avtaleflyt.arkiv.verifiser import verifiser

    arkiv = Arkiv(resultat.arkiv)
    if not arkiv.finnes():
        return
    tagger = {t.navn for t in arkiv.tagger()}
    resultat.tagger = [e.tag for e in arkiv.hendelser() if e.tag in tagger]  # in archive order
    funn = verifiser(resultat.arkiv, rerender=standard_gjengiver())
    resultat.verifisert = not funn
    resultat.verifikasjon = [f.one_line() for f in funn]


def alle_ider(kilde: Path | None = None) -> list[str]:
    """Agreements the demo drives: folders with both avtale.yaml and prosess.yaml."""
    root = Path(kilde) if kilde is not None else AGREEMENTS_DIR
    return sorted(
        p.name for p in root.iterdir() if (p / AVTALE_FIL).is_file() and (p / PROSESS_FIL).is_file()
    )


def uten_prosess(kilde: Path | None = None) -> list[str]:
    """Agreements the demo leaves out because they have no prosess.yaml (no calendar)."""
    root = Path(kilde) if kilde is not None else AGREEMENTS_DIR
    return sorted(
        p.name for p in root.iterdir() if (p / AVTALE_FIL).is_file() and not (p / PROSESS_FIL).is_file()
    )
