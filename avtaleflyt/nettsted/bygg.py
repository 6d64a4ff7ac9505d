"""`bygg_nettsted`: the static site from the archive alone, rewriting only what changed.

The output folder keeps a build manifest (`.avtaleflyt-nettsted.json`): the SHA-256 of every file
the site consists of, and per agreement a key (the digest of its archived events, the program and
the archive's simulation flag), its files and its summary for the start and municipality pages
with the reference date it was made for. The events come from one `git log`; an agreement whose
key is unchanged is not read from the archive again, nor rendered; when only the reference date
moved, it is read for its summary alone. An agreement's own pages never show the reference date
(their status is as of the agreement's latest event), so a new event elsewhere does not touch
them. Every page is written only when its bytes differ from the file on disk, and a download whose
manifest checksum is unchanged is not read from git again. So after one new archived event only
the pages that show it are written: the agreement's pages, the start page and municipality pages
where a line changed, and the verification page (it states when the check ran). Files the site
no longer has are removed; files the build did not make are never touched.

The verification (`arkiv.verifiser.verifiser`, as `avtale verify`) runs in a second process while
the pages are made, so on a machine with two cores the build takes about as long as the longer of
the two; its result is reused when the archive's refs, journal and working copy are unchanged
since the last build.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import json
import multiprocessing as mp
import os
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from avtaleflyt.arkiv import Arkiv
from avtaleflyt.findings import Finding
from avtaleflyt.nettsted import adresse
from avtaleflyt.nettsted.innhold import (
    Avtaleinnhold,
    Dokument,
    Oversikt,
    les_avtaler,
    les_dokumenter,
    les_oversikt,
)
from avtaleflyt.nettsted.kontroll import arkivtilstand, kjor_kontroll, kontrollside
from avtaleflyt.nettsted.lesning import kommunenavn, samme_periode
from avtaleflyt.nettsted.sidegrunn import MALER, Referanse
from avtaleflyt.nettsted.sider import Sider

BYGGEMANIFEST = ".avtaleflyt-nettsted.json"
FUNNFIL = ".avtaleflyt-kontroll.json"
"""The last verification's findings, kept beside the manifest to be reused while the archive is
unchanged."""
FORMAT = "avtaleflyt-nettsted/1"
OSLO = ZoneInfo("Europe/Oslo")


class IkkeArkiv(Exception):
    """The path is not an archive avtaleflyt can read; the message says why, in Norwegian."""


@dataclass
class Byggeresultat:
    ut: Path
    skrevet: list[str] = field(default_factory=list)
    """Site paths written in this build (new or changed bytes)."""
    uendret: int = 0
    fjernet: list[str] = field(default_factory=list)
    avtaler_gjengitt: list[str] = field(default_factory=list)
    sammendrag_lest: list[str] = field(default_factory=list)
    """Agreements read again only for their summary (the reference date passed one of their
    legal dates)."""
    funn: list[Finding] = field(default_factory=list)
    kontrollert: bool = False
    referanse: dt.date | None = None
    sekunder: dict[str, float] = field(default_factory=dict)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@functools.cache
def _programdigest() -> str:
    """A digest of the code and templates that make the pages (avtaleflyt, schemas and this
    package's templates): after an upgrade every agreement's pages are made again, while a
    rebuild with the same program trusts the previous build's output. Read once per process:
    the code a process runs does not change under it (files edited meanwhile are not loaded)."""
    h = hashlib.sha256()
    rot = Path(__file__).resolve().parents[2]
    for pakke in ("avtaleflyt", "schemas"):
        for f in sorted((rot / pakke).rglob("*")):
            if f.is_file() and (f.suffix in (".py", ".j2", ".css") or f.parent == MALER):
                h.update(f.relative_to(rot).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


class _Skriver:
    """Writes a file only when its bytes differ from the previous build's, and remembers them."""

    def __init__(self, ut: Path, forrige: dict[str, str], resultat: Byggeresultat) -> None:
        self.ut, self.forrige, self.r = ut, forrige, resultat
        self.filer: dict[str, str] = {}
        self.mapper: set[Path] = set()

    def uendret(self, sti: str, digest: str) -> bool:
        """True (and kept) when the previous build wrote `sti` with this digest and it is there."""
        if self.forrige.get(sti) == digest and (self.ut / sti).is_file():
            self.filer[sti] = digest
            self.r.uendret += 1
            return True
        return False

    def behold(self, sti: str) -> bool:
        """Keep a file of the previous build without knowing its new bytes (unchanged input)."""
        digest = self.forrige.get(sti)
        return digest is not None and self.uendret(sti, digest)

    def skriv(self, sti: str, data: bytes) -> None:
        digest = _digest(data)
        if self.uendret(sti, digest):
            return
        mal = self.ut / sti
        if mal.parent not in self.mapper:
            mal.parent.mkdir(parents=True, exist_ok=True)
            self.mapper.add(mal.parent)
        tmp = mal.with_name(f".{mal.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, mal)
        self.filer[sti] = digest
        self.r.skrevet.append(sti)


def kontroller_arkiv(arkiv: Path) -> None:
    """Refuse, with one Norwegian sentence, a path that is not an archive with events."""
    if not arkiv.exists():
        raise IkkeArkiv(f"Arkivet {arkiv} finnes ikke (velg med --arkiv).")
    if not arkiv.is_dir():
        raise IkkeArkiv(f"Arkivstien {arkiv} er en fil, ikke en mappe (velg med --arkiv).")
    a = Arkiv(arkiv)
    if not a.finnes():
        raise IkkeArkiv(f"{arkiv} er ikke et arkiv: mappen er ikke et git-repo (velg med --arkiv).")
    grunn = a.uten_gren()
    if grunn is not None:
        raise IkkeArkiv(f"Kan ikke lese arkivet {arkiv}: {grunn}")


def bygg_nettsted(
    arkiv: str | Path,
    ut: str | Path,
    *,
    dato: dt.date | None = None,
    kontroll: bool = True,
    gjengivelse: bool = True,
    naa: dt.datetime | None = None,
    hurtigbuffer: bool = True,
) -> Byggeresultat:
    """Build (or bring up to date) the site for the archive at `arkiv` in the folder `ut`.

    `dato`: the date the «in force» answers are for (default: the archive's latest legal date).
    `kontroll=False` leaves the verification out (the page then says so); `gjengivelse=False`
    verifies without re-rendering the documents. `naa` is the build time shown (default: now).
    `hurtigbuffer=False` checks every commit again (`avtale verify --uten-hurtigbuffer`) instead of
    reusing the results of commits checked before; the verification page says which it did.
    """
    arkiv, ut = Path(arkiv), Path(ut)
    kontroller_arkiv(arkiv)
    r = Byggeresultat(ut)
    klokke = _Klokke(r)
    forrige = _les_byggemanifest(ut)
    tilstand = arkivtilstand(arkiv) if kontroll else ""
    gjenbruk = (
        kontroll
        and hurtigbuffer
        and forrige.get("kontroll", {}).get("tilstand") == tilstand
        and (forrige["kontroll"].get("gjengivelse") == gjengivelse)
        and (ut / FUNNFIL).is_file()
    )
    with ProcessPoolExecutor(max_workers=1) as pool:
        fremtid: Future | None = None
        if kontroll and not gjenbruk:
            fremtid = pool.submit(kjor_kontroll, str(arkiv), gjengivelse, hurtigbuffer)
        oversikt = les_oversikt(arkiv)
        if oversikt.hode is not None and not oversikt.har_hendelser:
            raise IkkeArkiv(
                f"{arkiv} er ikke et avtaleflyt-arkiv: ingen commit har arkivtrailere "
                "(Avtale-Id, Versjon, Hendelse)."
            )
        klokke("les")
        referanse = Referanse(dato or oversikt.siste_dato or dt.date.today(), dato is not None)
        r.referanse = referanse.dato
        ut.mkdir(parents=True, exist_ok=True)
        skriver = _Skriver(ut, forrige.get("filer", {}), r)
        sider = Sider(oversikt, referanse)
        avtaler = _skriv_sider(arkiv, oversikt, sider, skriver, forrige, referanse, r)
        klokke("sider")
        if fremtid is not None:
            (funn, omfang), tid = fremtid.result(), _naa(naa)
        elif gjenbruk:
            funn = [Finding(**f) for f in json.loads((ut / FUNNFIL).read_bytes())]
            tid = dt.datetime.fromisoformat(forrige["kontroll"]["tid"])
            omfang = str(forrige["kontroll"].get("omfang", ""))
        else:
            funn, tid, omfang = [], _naa(naa), ""
        klokke("kontroll")
    r.funn, r.kontrollert = funn, kontroll
    if fremtid is not None:  # a new result: the findings beside the manifest, for reuse
        (ut / FUNNFIL).write_text(
            json.dumps([asdict(f) for f in funn], ensure_ascii=False), encoding="utf-8"
        )
    if not (gjenbruk and skriver.behold(adresse.kontrollside())):
        skriver.skriv(
            adresse.kontrollside(), kontrollside(sider, funn, tid, kontroll, gjengivelse, omfang)
        )
    r.fjernet = _fjern_gamle(ut, forrige.get("filer", {}), skriver.filer)
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "arkivhode": oversikt.hode,
        "referansedato": referanse.dato.isoformat(),
        "avtaler": avtaler,
        "filer": dict(sorted(skriver.filer.items())),
    }
    if kontroll:
        manifest["kontroll"] = {
            "tilstand": tilstand,
            "gjengivelse": gjengivelse,
            "tid": tid.isoformat(),
            "antall_funn": len(funn),
            "omfang": omfang,
        }
    (ut / BYGGEMANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    klokke("skriv")
    return r


def _naa(naa: dt.datetime | None) -> dt.datetime:
    return (naa or dt.datetime.now(OSLO)).astimezone(OSLO)


def _skriv_sider(
    arkiv: Path,
    oversikt: Oversikt,
    sider: Sider,
    skriver: _Skriver,
    forrige: dict,
    referanse: Referanse,
    r: Byggeresultat,
) -> dict[str, dict]:
    """Every page but the verification page. Returns, per agreement, what the next build needs
    to leave it alone: its key, its files and its summary for the start and municipality pages."""
    # an agreement's own pages depend on its events and the program, never on the reference
    # date; its summary (start and municipality pages) depends on the date as well
    felles = _digest(f"{_programdigest()}|{oversikt.simulering}".encode())
    dato = referanse.dato.isoformat()
    gamle = forrige.get("avtaler", {})
    ut: dict[str, dict] = {}
    les: list[str] = []
    bare_sammendrag: list[str] = []
    for avtale_id in oversikt.hendelser:
        nokkel = _digest(f"{oversikt.nokkel(avtale_id)}|{felles}".encode())
        gammel = gamle.get(avtale_id)
        if not (
            isinstance(gammel, dict)
            and gammel.get("nokkel") == nokkel
            and all(skriver.behold(f) for f in gammel.get("filer", []))
        ):
            les.append(avtale_id)
        elif gammel.get("dato") != dato:
            if samme_periode(oversikt.hendelser[avtale_id], gammel.get("dato"), referanse.dato):
                ut[avtale_id] = {**gammel, "dato": dato}
            else:
                bare_sammendrag.append(avtale_id)
        else:
            ut[avtale_id] = gammel
    r.avtaler_gjengitt, r.sammendrag_lest = les, bare_sammendrag
    pakker = [les[i : i + PAKKE] for i in range(0, len(les), PAKKE)]
    global _ARBEID
    _ARBEID = (arkiv, oversikt, sider, skriver.ut, skriver.forrige, felles, dato)
    try:
        if len(pakker) > 1 and ARBEIDERE > 1:
            with ProcessPoolExecutor(ARBEIDERE, mp_context=mp.get_context("fork")) as pool:
                resultater = list(pool.map(_skriv_pakke, pakker))
        else:
            resultater = [_skriv_pakke(p) for p in pakker]
    finally:
        _ARBEID = None
    for filer, skrevet, uendret, poster in resultater:
        skriver.filer.update(filer)
        r.skrevet += skrevet
        r.uendret += uendret
        ut.update(poster)
    for a in les_avtaler(arkiv, oversikt, bare_sammendrag):
        ut[a.avtale_id] = _post(a, felles, dato, sider)
    alle = {i: ut[i]["sammendrag"] for i in sorted(ut)}
    skriver.skriv(adresse.stilark(), (MALER / "stil.css").read_bytes())
    skriver.skriv(adresse.startside(), sider.start(alle))
    for nr in sorted(kommunenavn(alle)):
        skriver.skriv(adresse.kommuneside(nr), sider.kommune(nr, alle))
    return dict(sorted(ut.items()))


def _post(a: Avtaleinnhold, felles: str, dato: str, sider: Sider) -> dict:
    """What the next build needs to leave this agreement alone."""
    return {
        "nokkel": _digest(f"{a.nokkel}|{felles}".encode()),
        "filer": _sider_for(a),
        "dato": dato,
        "sammendrag": sider.sammendrag(a),
    }


PAKKE = 200
"""Agreements whose documents are read in one batch (bounds the memory a large archive needs)."""
ARBEIDERE = 2
"""Processes that make the agreements' pages when more than one batch is to be made (a whole
site): the pages of one agreement depend on nothing but its own events, so batches are made side
by side, on the second core while the check takes its share (about half the wall time at 10,000
events on two cores). One new event is one batch, made in this process."""
_ARBEID: tuple | None = None
"""What a page process inherits when it is forked (set only while the pages are made)."""


def _skriv_pakke(ider: list[str]) -> tuple[dict[str, str], list[str], int, dict[str, dict]]:
    """Make one batch of agreements' pages: (files and digests, files written, files unchanged,
    per agreement what the build manifest keeps)."""
    assert _ARBEID is not None
    arkiv, oversikt, sider, ut, forrige, felles, dato = _ARBEID
    r = Byggeresultat(ut)
    skriver = _Skriver(ut, forrige, r)
    poster = {
        a.avtale_id: _post(a, felles, dato, sider)
        for a in _skriv_avtaler(arkiv, oversikt, ider, sider, skriver)
    }
    return skriver.filer, r.skrevet, r.uendret, poster


def _sider_for(a: Avtaleinnhold) -> list[str]:
    """Every file an agreement's pages consist of."""
    nrs = sorted(a.versjoner)
    ut = [adresse.avtaleside(a.avtale_id)]
    for i, n in enumerate(nrs):
        ut.append(adresse.versjonsside(a.avtale_id, n))
        if i > 0:
            ut.append(adresse.endringsside(a.avtale_id, nrs[i - 1], n))
        v = a.versjoner[n]
        ut += [adresse.arkivfil(a.avtale_id, n, d.sti) for d in v.filer]
        if v.vedtaksoversikt is not None:
            ut.append(adresse.vedtaksside(a.avtale_id, n))
    return ut


def _skriv_avtaler(
    arkiv: Path, oversikt: Oversikt, ider: list[str], sider: Sider, skriver: _Skriver
) -> list[Avtaleinnhold]:
    """Read these agreements and write their pages and downloads; their documents are read in
    one batch (a download whose checksum the last build already wrote is not read again)."""
    avtaler = les_avtaler(arkiv, oversikt, ider)
    trengs: list[tuple[str, Dokument]] = []
    for a in avtaler:
        for n, v in a.versjoner.items():
            for d in v.filer:  # the text and the decisions are shown on pages: always read
                if d in (v.dokument(".html"), v.vedtaksoversikt) or not skriver.uendret(
                    adresse.arkivfil(a.avtale_id, n, d.sti), d.sjekksum
                ):
                    trengs.append((a.avtale_id, d))
    data: dict[tuple[str, str, str], bytes | None] = {}
    for avtale_id, d, innhold in les_dokumenter(arkiv, trengs):
        data[(avtale_id, d.commit, d.sti)] = innhold
        if innhold is not None:
            skriver.skriv(adresse.arkivfil(avtale_id, d.versjon, d.sti), innhold)
    for a in avtaler:
        skriver.skriv(adresse.avtaleside(a.avtale_id), sider.avtale(a))
        html: dict[int, bytes | None] = {}
        nrs = sorted(a.versjoner)
        for n in nrs:
            v = a.versjoner[n]
            d_html = v.dokument(".html")
            html[n] = data.get((a.avtale_id, d_html.commit, d_html.sti)) if d_html else None
            skriver.skriv(adresse.versjonsside(a.avtale_id, n), sider.versjon(a, v, html[n]))
            if (o := v.vedtaksoversikt) is not None:
                md = data.get((a.avtale_id, o.commit, o.sti))
                skriver.skriv(adresse.vedtaksside(a.avtale_id, n), sider.vedtak(a, v, md))
        for fra, til in itertools.pairwise(nrs):
            skriver.skriv(
                adresse.endringsside(a.avtale_id, fra, til),
                sider.endringer(a, a.versjoner[fra], a.versjoner[til], html[fra], html[til]),
            )
    return avtaler


def _les_byggemanifest(ut: Path) -> dict:
    try:
        data = json.loads((ut / BYGGEMANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == FORMAT else {}


def _fjern_gamle(ut: Path, forrige: dict[str, str], naa: dict[str, str]) -> list[str]:
    """Remove the files an earlier build made that this one did not (never anything else)."""
    fjernet = []
    for sti in sorted(set(forrige) - set(naa)):
        f = ut / sti
        if f.is_file():
            f.unlink()
            fjernet.append(sti)
    return fjernet


class _Klokke:
    """Wall-clock and this process's CPU seconds per phase, for the benchmark."""

    def __init__(self, r: Byggeresultat) -> None:
        self.r, self.sist, self.cpu = r, time.perf_counter(), time.process_time()

    def __call__(self, fase: str) -> None:
        naa, cpu = time.perf_counter(), time.process_time()
        self.r.sekunder[fase] = round(naa - self.sist, 3)
        self.r.sekunder[f"{fase}_cpu"] = round(cpu - self.cpu, 3)
        self.sist, self.cpu = naa, cpu
