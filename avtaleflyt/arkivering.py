"""From an agreement folder's records to archive events: which legal events the records justify on
a date, and archiving those not yet in the archive (idempotent).

`arkiver_avtale(agreement_dir, arkiv_path, at)` is what the demo, the Prefect flows and the CLI call.
The events, per version of the text (each version has its own avtale-hash):

- `vedtatt`: the deciding body of every participant (kommunestyret selv where the law demands it)
  adopted this exact avtale-hash; legal date = the last of those decisions;
- `endret`: the same adoption, when an older version was in force on that date (an amendment);
- `signert`: every party signed this avtale-hash; legal date = the last signature;
- `i-kraft`: adopted, signed and the entry-into-force date (the process record for this hash, else
  the version's own `ikrafttredelse.dato`) has come; legal date = that date;
- `opphort`: an `opphor` record dated on or before `at`; it ends the version in force then.

Texts of the versions: `avtale.yaml` (current), `historikk/v<N>.yaml` (older texts kept in the
folder) and every version already in the archive (its archived `avtale.json`, documents and
templates are reused, so later events of an old version carry exactly the text that was adopted).
Legal dates come from the records; the clock and commit time are never read.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from avtaleflyt.arkiv import (
    Arkiv,
    ArkivAvvist,
    ArkivHendelse,
    Signaturreferanse,
    Vedtaksreferanse,
    mal_filer,
)
from avtaleflyt.prosess import load_process_for
from avtaleflyt.prosess.motor import kjent_per
from avtaleflyt.prosess.regler import HJEMMEL_KOMMUNESTYRET_SELV
from schemas.avtale import AVTALE_ADAPTER, SCHEMA_VERSION, Avtale
from schemas.prosess import ORGAN_NAVN, Prosess, Vedtak

HISTORIKK = "historikk"
REKKEFOLGE = {"vedtatt": 0, "endret": 1, "signert": 2, "i-kraft": 3, "opphort": 4}
"""Order of events that share a legal date."""

_DECIDING = ("vedtatt", "vedtatt_med_endringer", "ikke_vedtatt")


@dataclass
class Tekstversjon:
    """One version of the agreement text with what an archive event of it holds."""

    versjon: int
    avtale: Avtale
    avtale_hash: str
    kilde: str  # "arkiv" or the folder file it came from
    schema_version: str = SCHEMA_VERSION
    template_version: str = ""
    filer: dict[str, bytes] = field(default_factory=dict)
    """avtale.json, dokumenter/…, maler/… (prosess.json is added per event)."""


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

    @property
    def avvik(self) -> list[str]:
        return [p.merknad for p in self.hendelser if p.status == "avvik"]


# --------------------------------------------------------------------------- texts


def _last_yaml(path: Path) -> Avtale:
    from avtaleflyt.validation import load_agreement

    return load_agreement(path)


def _rendering():
    from avtaleflyt import rendering

    return rendering


def _fra_mappe(avtale: Avtale, kilde: str) -> Tekstversjon:
    r = _rendering()
    from avtaleflyt.paths import TEMPLATES_DIR

    filer = {
        "avtale.json": r.canonical_json(avtale),
        f"dokumenter/{avtale.id}.docx": r.render_docx(avtale),
        f"dokumenter/{avtale.id}.md": r.render_markdown(avtale).encode("utf-8"),
        f"dokumenter/{avtale.id}.html": r.render_html(avtale).encode("utf-8"),
    }
    filer.update(mal_filer(TEMPLATES_DIR))
    return Tekstversjon(avtale.versjon, avtale, r.avtale_hash(avtale), kilde,
                        template_version=r.template_version(), filer=filer)


def tekstversjoner(agreement_dir: str | Path, arkiv: Arkiv | None = None) -> dict[int, Tekstversjon]:
    """Every known version of the text; archived versions win over the folder's copy, which must
    then be the same text (a changed text needs a new version number)."""
    mappe = Path(agreement_dir)
    stier = sorted((mappe / HISTORIKK).glob("v*.yaml"),
                   key=lambda p: int(p.stem[1:]) if p.stem[1:].isdigit() else 0)
    stier.append(mappe / "avtale.yaml")
    fra_mappe: dict[int, tuple[Avtale, Path]] = {}
    for sti in stier:
        a = _last_yaml(sti)
        fra_mappe[a.versjon] = (a, sti)
    ut: dict[int, Tekstversjon] = {}
    avtale_id = fra_mappe[max(fra_mappe)][0].id
    if arkiv is not None:
        for e in reversed(arkiv.hendelser(avtale_id)):
            if e.versjon is None or e.versjon in ut or not e.er_gyldig():
                continue
            filer = arkiv.filer(avtale_id, e.commit)
            filer.pop("MANIFEST.json", None)
            filer.pop("prosess.json", None)
            a = AVTALE_ADAPTER.validate_json(filer["avtale.json"])
            ut[e.versjon] = Tekstversjon(
                e.versjon, a, e.avtale_hash or "", "arkiv",
                schema_version=e.trailer("Skjemaversjon") or SCHEMA_VERSION,
                template_version=e.trailer("Malversjon") or "", filer=filer)
    r = _rendering()
    for versjon, (a, sti) in sorted(fra_mappe.items()):
        if versjon in ut:
            if r.canonical_json(a) != ut[versjon].filer["avtale.json"]:
                raise ArkivAvvist(
                    f"Versjon {versjon} av «{a.id}» i {sti.name} er ikke lik den arkiverte "
                    f"versjon {versjon}. En arkivert tekst endres aldri; gi den endrede teksten "
                    "et nytt versjonsnummer. Ingenting er arkivert."
                )
            continue
        ut[versjon] = _fra_mappe(a, sti.name)
    return ut


# --------------------------------------------------------------------------- records


def _organ_ok(avtale: Avtale, organ: str) -> bool:
    return organ == "kommunestyre" or avtale.type not in HJEMMEL_KOMMUNESTYRET_SELV


def _effektive_vedtak(prosess: Prosess, at: dt.date) -> list[Vedtak]:
    korrigert = {v.korrigerer for v in prosess.vedtak if v.korrigerer and v.motedato <= at}
    return [v for v in prosess.vedtak if v.motedato <= at and v.id not in korrigert]


def _effektive_signaturer(prosess: Prosess, at: dt.date):
    korrigert = {s.korrigerer for s in prosess.signaturer if s.korrigerer and s.dato <= at}
    return [s for s in prosess.signaturer if s.dato <= at and s.id not in korrigert]


def _siste_vedtak(tekst: Tekstversjon, prosess: Prosess, at: dt.date, *, etter_hash: bool
                  ) -> dict[str, Vedtak]:
    """Each participant's latest deciding decision on this text (by hash, or by version number)."""
    siste: dict[str, Vedtak] = {}
    for v in _effektive_vedtak(prosess, at):
        treff = v.avtale_hash == tekst.avtale_hash if etter_hash else v.versjon == tekst.versjon
        if treff and v.utfall in _DECIDING and _organ_ok(tekst.avtale, v.organ):
            if v.kommune not in siste or v.motedato >= siste[v.kommune].motedato:
                siste[v.kommune] = v
    return siste


def _saksnummer(v: Vedtak, prosess: Prosess) -> str:
    if v.saksnummer:
        return v.saksnummer
    mote = next((m for m in prosess.moter if m.id == v.mote), None)
    return (mote.saksnummer if mote and mote.saksnummer else v.mote)


def kontroller_hash(tekst: Tekstversjon, prosess: Prosess, at: dt.date) -> None:
    """Refuse a version every participant adopted by number when an adoption carries another
    avtale-hash: the councils did not adopt the same text."""
    deltakere = [d.kommunenummer for d in tekst.avtale.deltakere]
    siste = _siste_vedtak(tekst, prosess, at, etter_hash=False)
    if not deltakere or not all(nr in siste and siste[nr].utfall == "vedtatt" for nr in deltakere):
        return
    feil = [v for v in siste.values() if v.avtale_hash != tekst.avtale_hash]
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


@dataclass
class _Fakta:
    tekst: Tekstversjon
    vedtak: dict[str, Vedtak]
    vedtatt: dt.date | None
    signaturer: dict[str, object]
    signert: dt.date | None
    ikraft: dt.date | None


def _fakta(tekst: Tekstversjon, prosess: Prosess, at: dt.date) -> _Fakta:
    deltakere = [d.kommunenummer for d in tekst.avtale.deltakere]
    siste = _siste_vedtak(tekst, prosess, at, etter_hash=True)
    alle = bool(deltakere) and all(nr in siste and siste[nr].utfall == "vedtatt" for nr in deltakere)
    vedtak = {nr: siste[nr] for nr in deltakere} if alle else {}
    vedtatt = max(v.motedato for v in vedtak.values()) if alle else None
    sign: dict[str, object] = {}
    for s in _effektive_signaturer(prosess, at):
        if s.avtale_hash == tekst.avtale_hash and s.kommune in deltakere:
            sign.setdefault(s.kommune, s)
    signert = None
    if alle and all(nr in sign for nr in deltakere):
        signert = max([vedtatt, *(s.dato for s in sign.values())])  # type: ignore[attr-defined]
    datoer = [r.dato for r in prosess.ikrafttredelse if r.avtale_hash == tekst.avtale_hash]
    ikraft = max(datoer) if datoer else (
        tekst.avtale.ikrafttredelse.dato if tekst.avtale.ikrafttredelse else None)
    return _Fakta(tekst, vedtak, vedtatt, sign if signert else {}, signert, ikraft)


# --------------------------------------------------------------------------- events


def _prosess_json(prosess: Prosess, dato: dt.date) -> bytes:
    data = kjent_per(prosess, dato).model_dump(mode="json", by_alias=True)
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def _hendelse(f: _Fakta, prosess: Prosess, hendelse: str, dato: dt.date,
              ekstra: tuple[tuple[str, str], ...] = (), linjer: tuple[str, ...] = ()) -> ArkivHendelse:
    t = f.tekst
    a = t.avtale
    navn = {d.kommunenummer: d.navn for d in a.deltakere}
    vedtak = tuple(
        Vedtaksreferanse(v.kommune, v.motedato, _saksnummer(v, prosess), t.avtale_hash, v.organ)
        for v in f.vedtak.values()
    ) if f.vedtatt and f.vedtatt <= dato else ()
    signaturer = tuple(
        Signaturreferanse(nr, s.dato, t.avtale_hash, s.navn)  # type: ignore[attr-defined]
        for nr, s in f.signaturer.items()
    ) if hendelse in ("signert", "i-kraft", "opphort") and f.signert and f.signert <= dato else ()
    tekst = [a.tittel, ""]
    for v in sorted(f.vedtak.values(), key=lambda v: v.kommune) if vedtak else ():
        tekst.append(f"{navn.get(v.kommune, v.kommune)} {ORGAN_NAVN.get(v.organ, v.organ)} "
                     f"{v.motedato.isoformat()} sak {_saksnummer(v, prosess)}: vedtatt versjon {t.versjon}.")
    for s in signaturer:
        tekst.append(f"Signert for {navn.get(s.kommunenummer, s.kommunenummer)} av {s.navn} "
                     f"{s.dato.isoformat()}.")
    tekst.extend(linjer)
    ikraft = f.ikraft if hendelse in ("signert", "i-kraft") else None
    filer = dict(t.filer)
    filer["prosess.json"] = _prosess_json(prosess, dato)
    return ArkivHendelse(
        avtale_id=a.id, versjon=t.versjon, hendelse=hendelse, juridisk_dato=dato,
        avtale_hash=t.avtale_hash, schema_version=t.schema_version,
        template_version=t.template_version, files=filer, vedtak=vedtak, signaturer=signaturer,
        ikrafttredelse=ikraft, trailers=ekstra, melding="\n".join(tekst),
    )


def planlegg(tekster: dict[int, Tekstversjon], prosess: Prosess, at: dt.date) -> list[ArkivHendelse]:
    """Every event the records justify on `at`, in legal order (date, kind, version)."""
    for t in tekster.values():
        kontroller_hash(t, prosess, at)
    fakta = {v: _fakta(t, prosess, at) for v, t in sorted(tekster.items())}
    opphor = sorted((o for o in prosess.opphor if o.dato <= at), key=lambda o: o.dato)
    slutt = opphor[0].dato if opphor else None
    i_kraft = {v: f.ikraft for v, f in fakta.items()
               if f.signert and f.ikraft and f.ikraft <= at and (slutt is None or f.ikraft < slutt)}

    def gjeldende(dato: dt.date, unntatt: int | None = None) -> int | None:
        kandidater = [(e, v) for v, e in i_kraft.items() if e <= dato and v != unntatt]
        return max(kandidater)[1] if kandidater else None

    ut: list[ArkivHendelse] = []
    for v, f in fakta.items():
        if f.vedtatt is None or (slutt and f.vedtatt >= slutt):
            continue
        ut.append(_hendelse(f, prosess, "vedtatt", f.vedtatt))
        eldre = gjeldende(f.vedtatt, unntatt=v)
        if eldre is not None and eldre < v:
            ut.append(_hendelse(f, prosess, "endret", f.vedtatt, (("Endrer-Versjon", str(eldre)),),
                                (f"Versjon {v} endrer versjon {eldre}, som var i kraft.",)))
        if f.signert and (slutt is None or f.signert < slutt):
            ut.append(_hendelse(f, prosess, "signert", f.signert))
        if v in i_kraft:
            ut.append(_hendelse(f, prosess, "i-kraft", i_kraft[v],
                                linjer=(f"Versjon {v} trer i kraft {i_kraft[v].isoformat()}.",)))
    if opphor:
        o = opphor[0]
        v = gjeldende(o.dato - dt.timedelta(days=1))
        if v is None:
            vedtatte = [x for x, f in fakta.items() if f.vedtatt]
            v = max(vedtatte) if vedtatte else max(fakta)
        ut.append(_hendelse(fakta[v], prosess, "opphort", o.dato, (("Opphor-Id", o.id),),
                            (f"Avtalen opphører {o.dato.isoformat()}: {' '.join(o.grunnlag.split())}",)))
    return sorted(ut, key=lambda h: (h.juridisk_dato, REKKEFOLGE[h.hendelse], h.versjon))


def arkiver(agreement_dir: str | Path, arkiv_path: str | Path, at: dt.date) -> Arkivering:
    """Archive every justified event not yet in the archive; report every event and its status."""
    mappe = Path(agreement_dir)
    arkiv = Arkiv(arkiv_path)
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
            plan.append(PlanlagtHendelse(h, "avvik", (
                f"{h.tag}: arkivet har hendelsen med juridisk dato {e.juridisk_dato} og avtale-hash "
                f"{(e.avtale_hash or '')[:12]}…, registreringene gir {h.juridisk_dato} og "
                f"{h.avtale_hash[:12]}…; en arkivert hendelse skrives aldri om")))
        elif h.tag not in tagger:
            filer = arkiv.filer(avtale_id, e.commit)
            filer.pop("MANIFEST.json", None)
            plan.append(PlanlagtHendelse(_med_filer(h, filer), "fullfor"))
        else:
            plan.append(PlanlagtHendelse(h, "arkivert"))
    commits = [arkiv.arkiver(p.hendelse) for p in plan if p.status in ("ny", "fullfor")]
    return Arkivering(avtale_id, plan, commits)


def _med_filer(h: ArkivHendelse, filer: dict[str, bytes]) -> ArkivHendelse:
    from dataclasses import replace

    return replace(h, files=filer)


def arkiver_avtale(agreement_dir: str | Path, arkiv_path: str | Path, at: dt.date) -> list[str]:
    """Archive every event the process records justify on `at` that is not yet archived.

    Returns the commits written (empty when the archive is up to date). Raises `ArkivAvvist`
    when a version's adoptions do not all carry its avtale-hash (nothing is archived then)."""
    return arkiver(agreement_dir, arkiv_path, at).commits
