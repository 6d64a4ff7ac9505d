"""The mapping: what the archive says about a municipality's cooperations, as Noark 5 units.

One saksmappe per agreement; one journalpost per legal event: each council's vedtak and each
party's signature of a version, its amendment («endret»), its entry into force and the
agreement's termination. The version's text (PDF/A in arkivformat and the .docx in
produksjonsformat) is the «Hoveddokument» of the version's first journalpost that is the
municipality's own vedtak, else of its first journalpost; the attachments archived with the
version are «Vedlegg» on the same journalpost (`avtaleflyt.noark5.dokumenter`).

Everything is read through the archive's read API (`avtaleflyt.revisjon.Leser`: the history with
each council's vedtak and signature from the archived manifests, the archived avtale.json and
documents); no legal fact is derived here. The only other thing read is each event's commit time,
which is when it was archived (Noark 5 `arkivertDato`), never a legal date.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from avtaleflyt.arkiv import ArkivertHendelse
from avtaleflyt.noark5.dokumenter import Dokument, Dokumentfil, les_tekst, les_vedlegg
from avtaleflyt.revisjon import Leser, Versjonsinfo
from avtaleflyt.revisjon.historikk import Historikk, Vedtaksinfo
from schemas.avtale import TYPE_NAVN, Avtale

SYSTEM = "avtaleflyt"
"""opprettetAv, arkivertAv, avsluttetAv, tilknyttetAv: the system that registered the unit."""


@dataclass
class Journalpost:
    noekkel: str
    """What makes the post unique in the archive (seed of its systemID)."""
    art: str
    dato: dt.date
    tittel: str
    beskrivelse: str
    arkivert: dt.datetime
    versjon: int
    kommune: str | None = None
    """The council or party the post is about (vedtak, signatur), else None."""
    parter: list[str] = field(default_factory=list)
    dokument: Dokument | None = None
    """The version's text («Hoveddokument»), on one post per version."""
    vedlegg: list[Dokument] = field(default_factory=list)
    """The attachments archived with the version («Vedlegg»), on the same post as the text."""
    avtaletittel: str = ""
    """The agreement's title in this post's version (a change is logged in endringslogg.xml)."""

    @property
    def dokumenter(self) -> list[Dokument]:
        """Every dokumentbeskrivelse of the post, by dokumentnummer."""
        return ([self.dokument] if self.dokument else []) + self.vedlegg

    @property
    def filer(self) -> list[Dokumentfil]:
        """Every dokumentobjekt's file of the post."""
        return [f for d in self.dokumenter for f in d.filer]


@dataclass
class Saksmappe:
    avtale_id: str
    tittel: str
    beskrivelse: str
    deltakere: list[tuple[str, str]]
    """(kommunenummer, navn) of every party of any version."""
    vert: tuple[str, str] | None
    """(participant number, role) of the host: «Vertskommune», «Hovedkontor» (an IKS) or
    «Kontorkommune» (a council or task community), as the agreement names it."""
    journalposter: list[Journalpost]
    opphort: dt.date | None

    @property
    def opprettet(self) -> dt.datetime:
        return min(j.arkivert for j in self.journalposter)

    @property
    def avsluttet(self) -> dt.datetime:
        return max(j.arkivert for j in self.journalposter)


@dataclass
class Uttrekk:
    kommune: tuple[str, str] | None
    """(nummer, navn) of the municipality the uttrekk is for; None = every cooperation."""
    mapper: list[Saksmappe]
    simulering: bool
    mangler: list[str] = field(default_factory=list)
    """Norwegian notes on what the archive lacked (a version without PDF/A, …)."""

    @property
    def arkivskapere(self) -> list[tuple[str, str]]:
        if self.kommune is not None:
            return [self.kommune]
        alle = {nr: navn for m in self.mapper for nr, navn in m.deltakere}
        return sorted(alle.items())


_REKKEFOLGE = {"vedtak": 0, "endret": 1, "signatur": 2, "i-kraft": 3, "opphort": 4}


def les_uttrekk(arkiv: str | Path, kommune: str | None = None) -> Uttrekk:
    """The Noark 5 units of every agreement in the archive that `kommune` is a party to (any
    version), or of every agreement; agreements by title."""
    mapper: list[Saksmappe] = []
    mangler: list[str] = []
    navn: str | None = None
    simulering = False
    with Leser(arkiv) as leser:
        for avtale_id in leser.avtaler():
            h = leser.historikk(avtale_id)
            if not h.versjoner:
                continue
            tekster = {nr: leser.avtale(avtale_id, v.siste.commit) for nr, v in h.versjoner.items()}
            parter = {d.kommunenummer: d.navn for a in tekster.values() for d in a.deltakere}
            if kommune is not None and kommune not in parter:
                continue
            navn = parter.get(kommune or "", navn)
            tider = _commit_tider(leser, [e for v in h.versjoner.values() for e in v.hendelser])
            simulering = simulering or any(
                e.trailer("Simulering") == "ja" for v in h.versjoner.values() for e in v.hendelser
            )
            mapper.append(_saksmappe(leser, h, tekster, parter, tider, kommune, mangler))
    mapper.sort(key=lambda m: (m.tittel, m.avtale_id))
    valgt = (kommune, navn or kommune) if kommune is not None else None
    return Uttrekk(valgt, mapper, simulering, mangler)


def _commit_tider(leser: Leser, hendelser: list[ArkivertHendelse]) -> dict[str, dt.datetime]:
    """Commit -> when it was written (committer time): the Noark 5 arkivertDato of its posts."""
    shas = sorted({e.commit for e in hendelser})
    if not shas:
        return {}
    ut = leser.repo.git.log("--no-walk=unsorted", "--format=%H %cI", *shas)
    return {
        sha: dt.datetime.fromisoformat(tid)
        for sha, tid in (linje.split(" ", 1) for linje in ut.splitlines() if " " in linje)
    }


def _saksmappe(
    leser: Leser,
    h: Historikk,
    tekster: dict[int, Avtale],
    parter: dict[str, str],
    tider: dict[str, dt.datetime],
    kommune: str | None,
    mangler: list[str],
) -> Saksmappe:
    siste = tekster[max(tekster)]
    poster: list[Journalpost] = []
    for nr, v in sorted(h.versjoner.items()):
        poster.extend(_poster(leser, v, tekster[nr], tider))
    poster.sort(key=lambda j: (j.dato, j.versjon, _REKKEFOLGE[j.art], j.kommune or ""))
    for nr, v in sorted(h.versjoner.items()):
        egne = [j for j in poster if j.versjon == nr]
        if not egne:
            continue
        mottaker = next((j for j in egne if j.art == "vedtak" and j.kommune == kommune), egne[0])
        mottaker.dokument = les_tekst(leser, h.avtale_id, v, tekster[nr], mangler)
        mottaker.vedlegg = les_vedlegg(leser, h.avtale_id, v, tekster[nr], mangler)
    return Saksmappe(
        avtale_id=h.avtale_id,
        tittel=siste.tittel,
        beskrivelse=f"{_stor(TYPE_NAVN.get(siste.type, siste.type))}. Avtale-id {h.avtale_id}.",
        deltakere=sorted(parter.items()),
        vert=_vert(siste),
        journalposter=poster,
        opphort=h.opphort,
    )


def _vedtak_i(leser: Leser, e: ArkivertHendelse, navn: dict[str, str]) -> list[Vedtaksinfo]:
    """The adoptions an event's archived manifest lists (its `vedtak`)."""
    manifest = json.loads(leser.fil(e.commit, f"{e.avtale_id}/MANIFEST.json"))
    return [
        Vedtaksinfo(
            x["kommunenummer"],
            navn.get(x["kommunenummer"], x["kommunenummer"]),
            dt.date.fromisoformat(x["dato"]),
            x.get("organ") or "kommunestyre",
            x["saksnummer"],
        )
        for x in sorted(manifest.get("vedtak", []), key=lambda x: (x["dato"], x["kommunenummer"]))
    ]


def _vert(avtale: Avtale) -> tuple[str, str] | None:
    for felt, rolle in (
        ("vertskommune", "Vertskommune"),
        ("hovedkontor", "Hovedkontor"),
        ("kontorkommune", "Kontorkommune"),
    ):
        nr = getattr(avtale, felt, None)
        if nr:
            return str(nr), rolle
    return None


def _stor(tekst: str) -> str:
    return tekst[:1].upper() + tekst[1:]


def _poster(
    leser: Leser, v: Versjonsinfo, avtale: Avtale, tider: dict[str, dt.datetime]
) -> list[Journalpost]:
    """The journalposter of one version, from the archive's history of it."""
    navn = {d.kommunenummer: d.navn for d in avtale.deltakere}
    ut: list[Journalpost] = []
    vedtatt, signert = v.hendelse("vedtatt"), v.hendelse("signert")
    vedtak = v.vedtak
    if vedtatt is None:
        # a version adopted «med endringer» by someone has no «vedtatt» event: the plain
        # adoptions of it stand in its «endret» event's manifest
        vedtatt = v.hendelse("endret")
        vedtak = _vedtak_i(leser, vedtatt, navn) if vedtatt is not None else []
    for x in vedtak:
        if vedtatt is None:
            continue
        ut.append(
            Journalpost(
                noekkel=f"{vedtatt.hendelse_id}/vedtak/{x.kommunenummer}",
                art="vedtak",
                dato=x.dato,
                tittel=f"{avtale.tittel}, versjon {v.versjon}: vedtak i {x.kommunenavn} ({x.organ})",
                beskrivelse=(
                    f"{x.kommunenavn} ({x.kommunenummer}) {x.organ} vedtok versjon {v.versjon} "
                    f"{x.dato.isoformat()} i sak {x.saksnummer}. Avtale-hash {v.avtale_hash}."
                ),
                arkivert=tider[vedtatt.commit],
                versjon=v.versjon,
                kommune=x.kommunenummer,
                parter=[x.kommunenavn],
                avtaletittel=avtale.tittel,
            )
        )
    for s in v.signaturer:
        if signert is None:
            continue
        hvem = f" av {s.navn}" if s.navn else ""
        ut.append(
            Journalpost(
                noekkel=f"{signert.hendelse_id}/signatur/{s.kommunenummer}",
                art="signatur",
                dato=s.dato,
                tittel=f"{avtale.tittel}, versjon {v.versjon}: signert for {s.kommunenavn}",
                beskrivelse=(
                    f"Versjon {v.versjon} signert for {s.kommunenavn} ({s.kommunenummer}){hvem} "
                    f"{s.dato.isoformat()}."
                ),
                arkivert=tider[signert.commit],
                versjon=v.versjon,
                kommune=s.kommunenummer,
                parter=[s.kommunenavn],
                avtaletittel=avtale.tittel,
            )
        )
    for e in v.hendelser:
        post = _hendelsespost(e, v, avtale, navn, tider)
        if post is not None:
            ut.append(post)
    return ut


def _hendelsespost(
    e: ArkivertHendelse,
    v: Versjonsinfo,
    avtale: Avtale,
    navn: dict[str, str],
    tider: dict[str, dt.datetime],
) -> Journalpost | None:
    """The journalpost of an amendment, entry into force or termination event (None for the
    «vedtatt» and «signert» events, whose posts are the councils' vedtak and signatures)."""
    if e.juridisk_dato is None or e.hendelse not in ("endret", "i-kraft", "opphort"):
        return None
    dato = e.juridisk_dato.isoformat()
    if e.hendelse == "endret":
        ved = [verdi for k, verdi in e.trailere if k == "Endret-Ved"]
        endrer = e.trailer("Endrer-Versjon")
        if endrer:
            tekst = f"Versjon {v.versjon} endrer versjon {endrer}, som var i kraft, fra {dato}."
            tittel = f"{avtale.tittel}, versjon {v.versjon}: endrer versjon {endrer}"
        else:
            hvem = "; ".join(
                f"{navn.get(x.split(' ')[0], x.split(' ')[0])} {x.split(' ', 1)[1]}" for x in ved
            )
            tekst = f"Versjon {v.versjon} ble vedtatt med endringer ({hvem})."
            tittel = f"{avtale.tittel}, versjon {v.versjon}: vedtatt med endringer"
    elif e.hendelse == "i-kraft":
        tekst = f"Versjon {v.versjon} trådte i kraft {dato}."
        tittel = f"{avtale.tittel}, versjon {v.versjon}: i kraft"
    else:
        tekst = f"Avtalen opphørte {dato} (versjon {v.versjon} var den siste i kraft)."
        tittel = f"{avtale.tittel}: opphørt"
    return Journalpost(
        noekkel=f"{e.hendelse_id}/{e.hendelse}",
        art=e.hendelse,
        dato=e.juridisk_dato,
        tittel=tittel,
        beskrivelse=tekst,
        arkivert=tider[e.commit],
        versjon=v.versjon,
        parter=sorted(navn.values()),
        avtaletittel=avtale.tittel,
    )
