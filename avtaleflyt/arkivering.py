"""From an agreement folder's records to archive events: which legal events the records justify on
a date, and archiving those not yet in the archive (idempotent).

`arkiver_avtale(agreement_dir, arkiv_path, at)` is what the demo, the Prefect flows and the CLI call.
The events, per version of the text (each version has its own avtale-hash):

- `vedtatt`: the deciding body of every participant (kommunestyret selv where the law demands it)
  adopted this exact avtale-hash; legal date = the last of those decisions;
- `endret`: a body that may decide adopted this text «med endringer» (legal date = the first such
  decision; `Endret-Ved` trailers name them), or, for a text adopted as it stands, the same
  adoption when an older version was in force on that date (an amendment, `Endrer-Versjon`);
- `signert`: every party signed this avtale-hash; legal date = the last signature;
- `i-kraft`: adopted, signed and the entry-into-force date (the process record for this hash, else
  the version's own `ikrafttredelse.dato`) has come; legal date = that date;
- `opphort`: an `opphor` record dated on or before `at`; it ends the version in force then.

Texts of the versions: `avtale.yaml` (current), `historikk/v<N>.yaml` (older texts kept in the
folder) and every version already in the archive (its archived `avtale.json`, documents and
templates are reused, so later events of an old version carry exactly the text that was adopted).
Which decision counts and every legal date come from `avtaleflyt.prosess.fakta`; the clock and
commit time are never read.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from pathlib import Path

from avtaleflyt.arkiv import (
    Arkiv,
    ArkivAvvist,
    ArkivHendelse,
    Signaturreferanse,
    Vedtaksreferanse,
)
from avtaleflyt.arkiv.vedtaksoversikt import med_vedtaksoversikt
from avtaleflyt.prosess import fakta, load_process_for
from avtaleflyt.prosess.fakta import Tekst, Versjonsfakta, kjent_per
from avtaleflyt.tekstversjoner import Tekstversjon, med_pdfa, pdfa_merknad, tekstversjoner
from schemas.prosess import ORGAN_NAVN, UTFALL_NAVN, Prosess, Vedtak

REKKEFOLGE = {"vedtatt": 0, "endret": 1, "signert": 2, "i-kraft": 3, "opphort": 4}
"""Order of events that share a legal date."""


@dataclass
class PlanlagtHendelse:
    hendelse: ArkivHendelse
    status: str
    """`ny` (to archive), `arkivert` (done), `fullfor` (commit there, tag missing: rerun) or
    `avvik` (the archive holds this version's event with other legal data; never rewritten)."""
    merknad: str = ""


@dataclass
class Arkivering:
    """Result of `arkiver`: every justified event and the commits written now."""

    avtale_id: str
    hendelser: list[PlanlagtHendelse]
    commits: list[str]
    pdfa_merknad: str = ""
    """What became of the PDF/A-2b of the events written now, as the archive holds them: why an
    event has none, or that it holds the archive's copy of the same .docx rather than one made
    here ("" when each holds the PDF/A made, or carried, for it: `tekstversjoner.pdfa_merknad`)."""

    @property
    def avvik(self) -> list[str]:
        return [p.merknad for p in self.hendelser if p.status == "avvik"]


# --------------------------------------------------------------------------- records


def _tekst(t: Tekstversjon) -> Tekst:
    return fakta.tekst_av(t.avtale, t.avtale_hash)


def _saksnummer(v: Vedtak, prosess: Prosess) -> str:
    if v.saksnummer:
        return v.saksnummer
    mote = next((m for m in prosess.moter if m.id == v.mote), None)
    return mote.saksnummer if mote and mote.saksnummer else v.mote


def kontroller_hash(tekst: Tekstversjon, prosess: Prosess, at: dt.date) -> None:
    """Refuse a version every participant adopted by number when an adoption carries another
    avtale-hash: the councils did not adopt the same text."""
    ft = _tekst(tekst)
    siste = fakta.siste_vedtak(prosess, at, ft.type, versjon=ft.versjon)
    if not ft.deltakere or not all(
        nr in siste and siste[nr][1].utfall == "vedtatt" for nr in ft.deltakere
    ):
        return
    feil = [v for _, v in fakta.avvik(ft, prosess, at)]
    if feil:
        navn = {d.kommunenummer: d.navn for d in tekst.avtale.deltakere}
        punkter = "\n".join(
            f"  - {navn.get(v.kommune, v.kommune)} ({v.kommune}) {ORGAN_NAVN.get(v.organ, v.organ)} "
            f"{v.motedato.isoformat()} (vedtak «{v.id}»): avtale-hash {v.avtale_hash[:12]}…"
            for v in feil
        )
        raise ArkivAvvist(
            f"Versjon {tekst.versjon} av «{tekst.avtale.id}» har avtale-hash "
            f"{tekst.avtale_hash[:12]}…, men ikke alle vedtakene gjelder den:\n{punkter}\n"
            "Alle kommunestyrer må vedta samme tekst (kl. §§ 18-4, 19-4, 20-4 annet ledd; "
            "IKS-loven § 4). Rett vedtaket med en ny post (korrigerer) eller behandle saken på "
            "nytt. Ingenting er arkivert."
        )


# --------------------------------------------------------------------------- events


def _prosess_json(prosess: Prosess, dato: dt.date) -> bytes:
    """The records that were facts on the event's legal date. Plans dated later (entry into force,
    termination) are left out as well, so an event holds the same bytes whenever it is archived."""
    data = kjent_per(prosess, dato, planer=False).model_dump(mode="json", by_alias=True)
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def _filer(t: Tekstversjon, prosess: Prosess, dato: dt.date) -> dict[str, bytes]:
    """The text's files, the records known on `dato` and the document «Vedtak i
    deltakerkommunene» made from exactly those (beside the adopted text, never in it)."""
    return med_vedtaksoversikt(
        {**t.filer, "prosess.json": _prosess_json(prosess, dato)}, t.avtale_hash
    )


def _hendelse(
    t: Tekstversjon,
    f: Versjonsfakta,
    prosess: Prosess,
    hendelse: str,
    dato: dt.date,
    ekstra: tuple[tuple[str, str], ...] = (),
    linjer: tuple[str, ...] = (),
) -> ArkivHendelse:
    """One event of text `t` on `dato`: the adoptions and signatures that were facts by then."""
    a = t.avtale
    navn = {d.kommunenummer: d.navn for d in a.deltakere}
    vedtatt = f.vedtatt is not None and f.vedtatt <= dato
    vedtak = (
        tuple(
            Vedtaksreferanse(v.kommune, v.motedato, _saksnummer(v, prosess), t.avtale_hash, v.organ)
            for v in f.vedtak.values()
        )
        if vedtatt
        else ()
    )
    signaturer = (
        tuple(
            Signaturreferanse(nr, s.dato, t.avtale_hash, s.navn) for nr, s in f.signaturer.items()
        )
        if hendelse in ("signert", "i-kraft", "opphort") and f.signert and f.signert <= dato
        else ()
    )
    tekst = [a.tittel, ""]
    for v in sorted(f.vedtak.values(), key=lambda v: v.kommune) if vedtatt else ():
        tekst.append(
            f"{navn.get(v.kommune, v.kommune)} {ORGAN_NAVN.get(v.organ, v.organ)} "
            f"{v.motedato.isoformat()} sak {_saksnummer(v, prosess)}: vedtatt versjon {t.versjon}."
        )
    for s in signaturer:
        tekst.append(
            f"Signert for {navn.get(s.kommunenummer, s.kommunenummer)} av {s.navn} "
            f"{s.dato.isoformat()}."
        )
    tekst.extend(linjer)
    return ArkivHendelse(
        avtale_id=a.id,
        versjon=t.versjon,
        hendelse=hendelse,
        juridisk_dato=dato,
        avtale_hash=t.avtale_hash,
        schema_version=t.schema_version,
        template_version=t.template_version,
        renderer_version=t.renderer_version,
        files=_filer(t, prosess, dato),
        vedtak=vedtak,
        signaturer=signaturer,
        ikrafttredelse=f.ikraft if hendelse in ("signert", "i-kraft") else None,
        trailers=ekstra,
        melding="\n".join(tekst),
    )


def _dag(d: dt.date) -> str:
    return f"{d.day}.{d.month}.{d.year}"


def _endret_med_endringer(t: Tekstversjon, prosess: Prosess, dato: dt.date) -> ArkivHendelse:
    """«endret»: a body that may decide adopted this text «med endringer» on `dato`, so the text
    will not be adopted as it stands. The event holds each participant's decision that counted
    that day; `Endret-Ved` names the adoptions with changes, `Vedtatt-*` the plain adoptions."""
    f = fakta.versjonsfakta(_tekst(t), prosess, dato)
    navn = {d.kommunenummer: d.navn for d in t.avtale.deltakere}
    beslutninger = sorted(f.vedtak.values(), key=lambda v: v.kommune)
    linjer = [
        f"{navn.get(v.kommune, v.kommune)} {ORGAN_NAVN.get(v.organ, v.organ)} {_dag(v.motedato)} "
        f"({_saksnummer(v, prosess)}): {UTFALL_NAVN[v.utfall]}, versjon {v.versjon}."
        for v in beslutninger
    ]
    return ArkivHendelse(
        avtale_id=t.avtale.id,
        versjon=t.versjon,
        hendelse="endret",
        juridisk_dato=dato,
        avtale_hash=t.avtale_hash,
        schema_version=t.schema_version,
        template_version=t.template_version,
        renderer_version=t.renderer_version,
        files=_filer(t, prosess, dato),
        vedtak=tuple(
            Vedtaksreferanse(v.kommune, v.motedato, _saksnummer(v, prosess), t.avtale_hash, v.organ)
            for v in beslutninger
            if v.utfall == "vedtatt"
        ),
        trailers=tuple(
            ("Endret-Ved", f"{v.kommune} {v.motedato.isoformat()} sak {_saksnummer(v, prosess)}")
            for v in beslutninger
            if v.utfall == "vedtatt_med_endringer"
        ),
        melding="\n".join([t.avtale.tittel, "", *linjer]),
    )


def planlegg(
    tekster: dict[int, Tekstversjon], prosess: Prosess, at: dt.date
) -> list[ArkivHendelse]:
    """Every event the records justify on `at`, in legal order (date, kind, version).

    A version adopted «med endringer» gets its «endret» event then; it is the version's one
    «endret», so a later adoption by all of that version that amends the version in force is
    archived as «vedtatt» only (the tag `<id>/v<N>/endret` is taken)."""
    for t in tekster.values():
        kontroller_hash(t, prosess, at)
    af = fakta.avtalefakta([_tekst(t) for t in tekster.values()], prosess, at)
    slutt = af.opphor.dato if af.opphor is not None else None
    ut: list[ArkivHendelse] = []
    for v, f in af.versjoner.items():
        t = tekster[v]
        if f.endret is not None and (slutt is None or f.endret < slutt):
            ut.append(_endret_med_endringer(t, prosess, f.endret))
        if f.vedtatt is None or (slutt and f.vedtatt >= slutt):
            continue
        ut.append(_hendelse(t, f, prosess, "vedtatt", f.vedtatt))
        eldre = af.gjeldende(f.vedtatt, unntatt=v)
        if eldre is not None and eldre < v and f.endret is None:
            ut.append(
                _hendelse(
                    t,
                    f,
                    prosess,
                    "endret",
                    f.vedtatt,
                    (("Endrer-Versjon", str(eldre)),),
                    (f"Versjon {v} endrer versjon {eldre}, som var i kraft.",),
                )
            )
        if f.signert and (slutt is None or f.signert < slutt):
            ut.append(_hendelse(t, f, prosess, "signert", f.signert))
        if v in af.i_kraft:
            fra = af.i_kraft[v].fra
            linje = f"Versjon {v} trer i kraft {fra.isoformat()}."
            ut.append(_hendelse(t, f, prosess, "i-kraft", fra, linjer=(linje,)))
    if af.opphor is not None:
        o = af.opphor
        vedtatte = af.vedtatte()
        siste = max(vedtatte) if vedtatte else max(af.versjoner)
        v = af.gjeldende(o.dato - dt.timedelta(days=1)) or siste
        ut.append(
            _hendelse(
                tekster[v],
                af.versjoner[v],
                prosess,
                "opphort",
                o.dato,
                (("Opphor-Id", o.id),),
                (f"Avtalen opphører {o.dato.isoformat()}: {' '.join(o.grunnlag.split())}",),
            )
        )
    return sorted(ut, key=lambda h: (h.juridisk_dato, REKKEFOLGE[h.hendelse], h.versjon))


def arkiver(
    agreement_dir: str | Path,
    arkiv_path: str | Path,
    at: dt.date,
    *,
    skrivelas: Callable[[], AbstractContextManager[object]] | None = None,
) -> Arkivering:
    """Archive every justified event not yet in the archive; report every event and its status.

    `skrivelas` (the flows' global concurrency limit) is entered only when something is to be
    written, and the plan is made again inside it: most advances find nothing due, and taking a
    global one-slot limit through the API for them serialised every caller for nothing. The
    PDF/A of the new events is made before the limit is taken (LibreOffice takes seconds); inside
    it the same .docx bytes come from the PDF/A cache."""
    mappe, arkiv = Path(agreement_dir), Arkiv(arkiv_path)
    resultat = _planlegg_mot_arkivet(mappe, arkiv, at)
    if skrivelas is None or not any(p.status in SKRIVES for p in resultat.hendelser):
        return _skriv(arkiv, resultat)
    med_pdfa([p.hendelse for p in resultat.hendelser if p.status == "ny"])
    with skrivelas():
        return _skriv(arkiv, _planlegg_mot_arkivet(mappe, arkiv, at))


SKRIVES = ("ny", "fullfor")
"""Statuses of a planned event that write to the archive."""


def _skriv(arkiv: Arkiv, resultat: Arkivering) -> Arkivering:
    """Write the new and unfinished events; a new event gets the PDF/A of its text here, the only
    place one is made (an unfinished event's commit exists: its archived files are kept)."""
    nye, grunn = med_pdfa([p.hendelse for p in resultat.hendelser if p.status == "ny"])
    med_pdf = iter(nye)
    planer = [
        replace(p, hendelse=next(med_pdf)) if p.status == "ny" else p for p in resultat.hendelser
    ]
    skrevet = [(p, arkiv.arkiver(p.hendelse)) for p in planer if p.status in SKRIVES]
    # the note says what the archive kept: it may hold the shared archive's PDF/A (avledet)
    merknad = pdfa_merknad(arkiv, [(p.hendelse, c) for p, c in skrevet if p.status == "ny"], grunn)
    return Arkivering(resultat.avtale_id, planer, [c for _, c in skrevet], merknad)


def _planlegg_mot_arkivet(mappe: Path, arkiv: Arkiv, at: dt.date) -> Arkivering:
    """Every justified event with its status against the archive as it is now (reads only)."""
    _, prosess = load_process_for(mappe)
    tekster = tekstversjoner(mappe, arkiv if arkiv.finnes() else None)
    planlagte = planlegg(tekster, prosess, at)
    avtale_id = tekster[max(tekster)].avtale.id
    arkiverte = {(e.versjon, e.hendelse): e for e in arkiv.hendelser(avtale_id) if e.er_gyldig()}
    tagger = {t.navn for t in arkiv.tagger(avtale_id)}
    plan: list[PlanlagtHendelse] = []
    for h in planlagte:
        e = arkiverte.get((h.versjon, h.hendelse))
        if e is None:
            plan.append(PlanlagtHendelse(h, "ny"))
        elif e.hendelse_id != h.hendelse_id:
            plan.append(
                PlanlagtHendelse(
                    h,
                    "avvik",
                    (
                        f"{h.tag}: arkivet har hendelsen med juridisk dato {e.juridisk_dato} og avtale-hash "
                        f"{(e.avtale_hash or '')[:12]}…, registreringene gir {h.juridisk_dato} og "
                        f"{h.avtale_hash[:12]}…; en arkivert hendelse skrives aldri om"
                    ),
                )
            )
        elif h.tag not in tagger:
            filer = arkiv.filer(avtale_id, e.commit)
            filer.pop("MANIFEST.json", None)
            plan.append(PlanlagtHendelse(_med_filer(h, filer), "fullfor"))
        else:
            plan.append(PlanlagtHendelse(h, "arkivert"))
    return Arkivering(avtale_id, plan, [])


def _med_filer(h: ArkivHendelse, filer: dict[str, bytes]) -> ArkivHendelse:
    return replace(h, files=filer)


def arkiver_avtale(agreement_dir: str | Path, arkiv_path: str | Path, at: dt.date) -> list[str]:
    """Archive every event the process records justify on `at` that is not yet archived.

    Returns the commits written (empty when the archive is up to date). Raises `ArkivAvvist`
    when a version's adoptions do not all carry its avtale-hash (nothing is archived then)."""
    return arkiver(agreement_dir, arkiv_path, at).commits
