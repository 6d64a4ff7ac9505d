"""What the site shows, read from the archive alone through its read API and the auditor's views.

One `git log` over the archive gives every event (`revisjon.Leser.hendelser`); each agreement's
timeline is `revisjon.bygg_historikk` plus the archived manifests' vedtak and signatures
(`Leser.utdyp`), so the site says what `avtale history` says. Each version's data and documents
are read at the version's latest event, the process records at the agreement's latest event.
Nothing here decides a legal fact: which decision counts is `prosess.fakta`, the register row is
`revisjon.register.registerpost`, the change summary `revisjon.endringer`.

Each agreement gets a `nokkel`: a digest of its archived events (commits in order), known from the
log alone (`les_oversikt`). The builder compares it with the previous build and reads the files
(`les_avtaler`) only of the agreements whose events changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from avtaleflyt.arkiv import ArkivertHendelse, gitlag
from avtaleflyt.arkiv.manifest import VEDLEGG
from avtaleflyt.arkiv.vedtaksoversikt import VEDTAKSOVERSIKT
from avtaleflyt.revisjon import Historikk, Leser, Registerpost, Versjonsinfo, bygg_historikk
from schemas.avtale import Avtale
from schemas.prosess import Prosess

FORMATER = {
    ".docx": "Word (.docx)",
    ".pdf": "PDF/A (.pdf)",
    ".html": "HTML (.html)",
    ".md": "Markdown (.md)",
}
"""Archived document formats offered for download, in this order."""


@dataclass(frozen=True)
class Dokument:
    """One archived document of a version, as its manifest lists it."""

    sti: str
    """Path inside `<id>/`, e.g. `dokumenter/<id>.docx`."""
    sjekksum: str
    storrelse: int
    commit: str
    versjon: int

    @property
    def filnavn(self) -> str:
        return self.sti.rsplit("/", 1)[-1]

    @property
    def endelse(self) -> str:
        return Path(self.filnavn).suffix.lower()

    @property
    def format(self) -> str:
        return FORMATER.get(self.endelse, self.endelse.lstrip(".") or "fil")


@dataclass(frozen=True)
class Vedlegg:
    """One attachment of a version: as the manifest's `vedlegg` list numbers and names it (the
    agreement data's title, kind and SHA-256), with the archived file the manifest lists."""

    nummer: int
    tittel: str
    art: str
    sti: str
    """Path inside `<id>/`, e.g. `vedlegg/stillinger.md`."""
    sjekksum_data: str
    """The SHA-256 the agreement data states (what the councils' avtale-hash binds)."""
    fil: Dokument | None
    """The archived file (its SHA-256 from its bytes), None when the event does not hold it."""


@dataclass
class Versjon:
    info: Versjonsinfo
    avtale: Avtale | None
    data: dict
    """The archived `avtale.json` (canonical data), for the change summary."""
    dokumenter: list[Dokument]
    feil: str | None = None
    """Why the version's data could not be read (shown on its page), else None."""
    registerpost: Registerpost | None = None
    """The register row of this version, once asked for (`sider.i_kraft_for`)."""
    vedlegg: list[Vedlegg] = field(default_factory=list)
    vedtaksoversikt: Dokument | None = None
    """«Vedtak i deltakerkommunene» as archived beside the text, when the event holds it."""

    @property
    def filer(self) -> list[Dokument]:
        """Every archived file the site offers for download: documents, attachments and the
        decisions document."""
        ut = self.dokumenter + [x.fil for x in self.vedlegg if x.fil is not None]
        return ut + ([self.vedtaksoversikt] if self.vedtaksoversikt is not None else [])

    @property
    def nr(self) -> int:
        return self.info.versjon

    @property
    def commit(self) -> str:
        return self.info.siste.commit

    def dokument(self, endelse: str) -> Dokument | None:
        return next((d for d in self.dokumenter if d.endelse == endelse), None)


@dataclass
class Avtaleinnhold:
    avtale_id: str
    historikk: Historikk
    versjoner: dict[int, Versjon]
    prosess: Prosess | None
    nokkel: str

    @property
    def siste(self) -> Versjon:
        return self.versjoner[max(self.versjoner)]

    @property
    def tittel(self) -> str:
        a = self.siste.avtale
        return a.tittel if a is not None else self.avtale_id

    def deltakere(self) -> dict[str, str]:
        """Every participant of any version: number -> name (latest name wins)."""
        ut: dict[str, str] = {}
        for nr in sorted(self.versjoner):
            a = self.versjoner[nr].avtale
            for d in a.deltakere if a is not None else []:
                ut[d.kommunenummer] = d.navn
        return ut


@dataclass
class Oversikt:
    """The archive's events, grouped per agreement, read with one `git log` and nothing else."""

    hendelser: dict[str, list[ArkivertHendelse]]
    siste_dato: dt.date | None
    """The latest legal date of any archived event (the default reference date)."""
    hode: str | None
    simulering: bool

    @property
    def har_hendelser(self) -> bool:
        """False when no commit carries archive trailers: the repository is not an archive."""
        return bool(self.hendelser)

    def nokkel(self, avtale_id: str) -> str:
        """A digest of the agreement's archived events (their commits, in order)."""
        return hashlib.sha256(
            "\n".join(e.commit for e in self.hendelser[avtale_id]).encode()
        ).hexdigest()


def les_oversikt(arkiv: str | Path) -> Oversikt:
    with Leser(arkiv) as leser:
        alle = leser.hendelser()
    per_avtale: dict[str, list[ArkivertHendelse]] = defaultdict(list)
    for e in alle:
        if e.avtale_id:
            per_avtale[e.avtale_id].append(e)
    datoer = [e.juridisk_dato for e in alle if e.juridisk_dato and e.er_gyldig()]
    return Oversikt(
        dict(sorted(per_avtale.items())),
        max(datoer, default=None),
        alle[-1].commit if alle else None,
        bool(alle) and alle[-1].trailer("Simulering") == "ja",
    )


class _Forhandsleser(Leser):
    """A `Leser` whose files were read beforehand in one pipelined `cat-file --batch` (no round
    trip per file), and whose agreement data is validated once per distinct content. The
    history's own code (`Leser.historikk`, `utdyp`) runs unchanged on top of it."""

    def __init__(self, arkiv: str | Path) -> None:
        super().__init__(arkiv)
        self.lest: dict[str, bytes] = {}
        self._avtaler: dict[bytes, Avtale] = {}

    def hent(self, foresporsler: list[str]) -> None:
        """Read `<commit>:<path>` requests in one batch; missing ones are left out."""
        nye = [f for f in dict.fromkeys(foresporsler) if f not in self.lest]
        for foresporsel, typ, data in gitlag.les_objekter(self.repo, nye):
            if typ == "blob":
                self.lest[foresporsel] = data

    def fil(self, ved: str, sti: str) -> bytes:
        data = self.lest.get(f"{ved}:{sti}")
        return data if data is not None else super().fil(ved, sti)

    def avtale(self, avtale_id: str, ved: str) -> Avtale:
        data = self.fil(ved, f"{avtale_id}/avtale.json")
        nokkel = hashlib.sha256(data).digest()
        if nokkel not in self._avtaler:
            self._avtaler[nokkel] = super().avtale(avtale_id, ved)
        return self._avtaler[nokkel]


def les_avtaler(arkiv: str | Path, oversikt: Oversikt, ider: list[str]) -> list[Avtaleinnhold]:
    """The agreements `ider` with their history, versions and process records, their files read
    in one pipelined batch; an agreement with no valid event is left out."""
    leser = _Forhandsleser(arkiv)
    with leser:
        historikker = {i: bygg_historikk(i, oversikt.hendelser[i]) for i in ider}
        leser.hent(
            [
                f"{c}:{avtale_id}/{fil}"
                for avtale_id, h in historikker.items()
                for c in _commits(h, oversikt.hendelser[avtale_id][-1].commit)
                for fil in ("MANIFEST.json", "avtale.json", "prosess.json")
            ]
        )
        ut: list[Avtaleinnhold] = []
        for avtale_id, h in historikker.items():
            for v in h.versjoner.values():
                leser.utdyp(avtale_id, v)
            if h.versjoner:
                a = _avtale(leser, h, oversikt.hendelser[avtale_id])
                a.nokkel = oversikt.nokkel(avtale_id)
                ut.append(a)
    return ut


def _commits(h: Historikk, siste: str) -> list[str]:
    """The commits whose files the pages read: each version's latest event (its data and
    documents), the event `utdyp` reads its vedtak from, and the agreement's latest event."""
    ut = [siste]
    for v in h.versjoner.values():
        ut.append(v.siste.commit)
        e = v.hendelse("signert") or v.hendelse("vedtatt")
        if e is not None:
            ut.append(e.commit)
    return ut


def _avtale(leser: Leser, h: Historikk, hendelser: list) -> Avtaleinnhold:
    versjoner = {nr: _versjon(leser, h.avtale_id, v) for nr, v in sorted(h.versjoner.items())}
    siste = hendelser[-1].commit
    try:
        prosess: Prosess | None = Prosess.model_validate_json(
            leser.fil(siste, f"{h.avtale_id}/prosess.json")
        )
    except (KeyError, ValidationError, ValueError):
        prosess = None  # no or unreadable process record: the timeline shows the archive's events
    return Avtaleinnhold(h.avtale_id, h, versjoner, prosess, "")


def _versjon(leser: Leser, avtale_id: str, v: Versjonsinfo) -> Versjon:
    commit = v.siste.commit
    try:
        data = json.loads(leser.fil(commit, f"{avtale_id}/avtale.json"))
        avtale: Avtale | None = leser.avtale(avtale_id, commit)
        feil = None
    except (KeyError, ValidationError, ValueError) as exc:
        data, avtale, feil = {}, None, f"{type(exc).__name__}: {exc}"
    dokumenter: list[Dokument] = []
    vedlegg: list[Vedlegg] = []
    oversikt: Dokument | None = None
    try:
        manifest = json.loads(leser.fil(commit, f"{avtale_id}/MANIFEST.json"))
        filer = {
            o.get("referanseDokumentfil", ""): Dokument(
                o["referanseDokumentfil"], o["sjekksum"], o["filstoerrelse"], commit, v.versjon
            )
            for o in manifest.get("dokumentobjekter", [])
        }
        dokumenter = [d for sti, d in filer.items() if re.match(r"dokumenter/[^/]+$", sti)]
        oversikt = filer.get(VEDTAKSOVERSIKT)
        vedlegg = _vedlegg(manifest.get("vedlegg") or [], filer)
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        feil = feil or f"MANIFEST.json kunne ikke leses: {exc}"
    rekke = list(FORMATER)
    dokumenter.sort(key=lambda d: (rekke.index(d.endelse) if d.endelse in rekke else 9, d.sti))
    return Versjon(v, avtale, data, dokumenter, feil, vedlegg=vedlegg, vedtaksoversikt=oversikt)


_VEDLEGGSFIL = re.compile(rf"^{VEDLEGG}[A-Za-z0-9][A-Za-z0-9._-]*$")
"""An attachment's path as the schema allows its file name (`Vedlegg.fil`): one file in
`vedlegg/`, never a path that leaves it."""


def _vedleggsfil(x: dict) -> bool:
    return bool(_VEDLEGGSFIL.match(str(x.get("referanseDokumentfil"))))


def _vedlegg(liste: list[dict], filer: dict[str, Dokument]) -> list[Vedlegg]:
    """The manifest's attachments in its order, each with its archived file; a file under
    `vedlegg/` the list does not name is shown too (titled by its file name), so no archived
    attachment is left off the page (verify reports it as ARKIV-VEDLEGG)."""
    ut = [
        Vedlegg(
            int(x.get("nummer") or i),
            str(x.get("tittel") or x.get("referanseDokumentfil")),
            str(x.get("art") or "annet"),
            str(x.get("referanseDokumentfil")),
            str(x.get("sjekksum") or ""),
            filer.get(str(x.get("referanseDokumentfil"))) if _vedleggsfil(x) else None,
        )
        for i, x in enumerate(liste, start=1)
    ]
    kjent = {x.sti for x in ut}
    for sti, d in sorted(filer.items()):
        if _VEDLEGGSFIL.match(sti) and sti not in kjent:
            ut.append(Vedlegg(len(ut) + 1, d.filnavn, "ikke i vedleggslisten", sti, "", d))
    return ut


def les_dokumenter(arkiv: str | Path, foresporsler: list[tuple[str, Dokument]]):
    """Yield (avtale_id, document, bytes) for many documents through one pipelined batch."""
    with Leser(arkiv) as leser:
        navn = [f"{d.commit}:{avtale_id}/{d.sti}" for avtale_id, d in foresporsler]
        for (avtale_id, d), (_, typ, data) in zip(
            foresporsler, gitlag.les_objekter(leser.repo, navn), strict=True
        ):
            yield avtale_id, d, data if typ == "blob" else None
