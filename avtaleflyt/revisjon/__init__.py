"""The auditor's side of the archive (issue 5): history, the version in force on a date, the change
between two versions (data summary and Word redline) and the municipality register.

- `historikk(arkiv_path, avtale_id) -> Historikk` (versions, vedtak, signatures, in-force periods);
- `gjeldende(arkiv_path, avtale_id, at) -> Gjeldende | None` (the version in force on `at`);
- `skriv_dokumenter(arkiv_path, avtale_id, versjon, out_dir) -> list[Path]`;
- `sammenlign(arkiv_path, avtale_id, fra, til) -> Sammenligning` (`.endringer`, `.tekster`);
- `lag_redline(arkiv_path, avtale_id, fra, til) -> bytes` (.docx with w:ins/w:del);
- `register(arkiv_path, kommunenummer, at) -> list[Registerpost]`.

All read from git history through the archive's read API; legal dates come from trailers and
archived data, never from commit time.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from avtaleflyt.revisjon.endringer import Endring, endringer, sammendrag
from avtaleflyt.revisjon.historikk import Historikk, Leser, Versjonsinfo, bygg_historikk, historikk
from avtaleflyt.revisjon.redline import endringsmerker, redline
from avtaleflyt.revisjon.register import Registerpost, andeler, register, vert
from schemas.avtale import Avtale


@dataclass
class Gjeldende:
    avtale: Avtale
    versjon: Versjonsinfo
    historikk: Historikk
    dokumenter: list[str]
    """Paths in the archive repository of the version's documents (`<id>/dokumenter/…`)."""

    @property
    def tag(self) -> str:
        return self.versjon.tag


def gjeldende(
    arkiv_path: str | Path, avtale_id: str, at: dt.date, *, fra_logg: bool = False
) -> Gjeldende | None:
    """The version in force on `at` (None when none was), with its archived data."""
    with Leser(arkiv_path, fra_logg=fra_logg) as leser:
        h = bygg_historikk(avtale_id, leser.hendelser(avtale_id))
        v = h.gjeldende(at)
        if v is None:
            return None
        leser.utdyp(avtale_id, v)
        tag = v.tag
        avtale = leser.avtale(avtale_id, tag)
        manifest = json.loads(leser.fil(tag, f"{avtale_id}/MANIFEST.json"))
    dokumenter = [
        f"{avtale_id}/{o['referanseDokumentfil']}"
        for o in manifest["dokumentobjekter"]
        if o["referanseDokumentfil"].startswith("dokumenter/")
    ]
    return Gjeldende(avtale, v, h, dokumenter)


def skriv_dokumenter(
    arkiv_path: str | Path, avtale_id: str, ved: str, out_dir: str | Path
) -> list[Path]:
    """Write the documents archived at `ved` (tag or commit) into `out_dir`, bytes unchanged."""
    ut: list[Path] = []
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with Leser(arkiv_path) as leser:
        manifest = json.loads(leser.fil(ved, f"{avtale_id}/MANIFEST.json"))
        for o in manifest["dokumentobjekter"]:
            sti = o["referanseDokumentfil"]
            if sti.startswith("dokumenter/"):
                mal = out / Path(sti).name
                mal.write_bytes(leser.fil(ved, f"{avtale_id}/{sti}"))
                ut.append(mal)
    return ut


@dataclass
class Sammenligning:
    avtale_id: str
    fra: Versjonsinfo
    til: Versjonsinfo
    data_fra: dict
    data_til: dict
    endringer: list[Endring]

    @property
    def tekster(self) -> list[str]:
        return [e.tekst for e in self.endringer]


def _versjonsnummer(v: str | int) -> int:
    tekst = str(v).strip().lower().removeprefix("v")
    if not tekst.isdigit():
        raise ValueError(f"«{v}» er ikke et versjonsnummer (skriv f.eks. v1 eller 1)")
    return int(tekst)


def sammenlign(
    arkiv_path: str | Path, avtale_id: str, fra: str | int, til: str | int
) -> Sammenligning:
    with Leser(arkiv_path) as leser:
        h = bygg_historikk(avtale_id, leser.hendelser(avtale_id))
        va, vb = h.versjon(_versjonsnummer(fra)), h.versjon(_versjonsnummer(til))
        a = json.loads(leser.fil(va.siste.commit, f"{avtale_id}/avtale.json"))
        b = json.loads(leser.fil(vb.siste.commit, f"{avtale_id}/avtale.json"))
    return Sammenligning(avtale_id, va, vb, a, b, endringer(a, b))


def lag_redline(arkiv_path: str | Path, avtale_id: str, fra: str | int, til: str | int) -> bytes:
    """Version `til`'s archived .docx with the changes from version `fra` as tracked changes.
    Author: «<tittel>, versjon N»; date: the new version's versjonsdato (both from the data)."""
    with Leser(arkiv_path) as leser:
        h = bygg_historikk(avtale_id, leser.hendelser(avtale_id))
        va, vb = h.versjon(_versjonsnummer(fra)), h.versjon(_versjonsnummer(til))
        sti = f"{avtale_id}/dokumenter/{avtale_id}.docx"
        a, b = leser.fil(va.siste.commit, sti), leser.fil(vb.siste.commit, sti)
        data_b = leser.avtale(avtale_id, vb.siste.commit)
    return redline(a, b, forfatter=f"Versjon {vb.versjon} ({avtale_id})", dato=data_b.versjonsdato)


__all__ = [
    "Endring",
    "Gjeldende",
    "Historikk",
    "Leser",
    "Registerpost",
    "Sammenligning",
    "Versjonsinfo",
    "andeler",
    "bygg_historikk",
    "endringer",
    "endringsmerker",
    "gjeldende",
    "historikk",
    "lag_redline",
    "redline",
    "register",
    "sammendrag",
    "sammenlign",
    "skriv_dokumenter",
    "vert",
]
