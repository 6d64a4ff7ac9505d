"""`lag_uttrekk`: the whole uttrekk in a folder — arkivstruktur.xml, endringslogg.xml, the
journal reports, arkivuttrekk.xml, the schemas they follow and the documents — then the checks over what was
written (`kontroll.kontroller`), so a bad uttrekk is never handed over unchecked.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from avtaleflyt.findings import Finding
from avtaleflyt.noark5.addml import lag_arkivuttrekk
from avtaleflyt.noark5.arkivstruktur import lag_arkivstruktur, lag_endringslogg, periode
from avtaleflyt.noark5.journaler import lag_journal
from avtaleflyt.noark5.kontroll import SKJEMA_MAPPE, kontroller
from avtaleflyt.noark5.modell import Uttrekk, les_uttrekk

SKJEMAER = (
    "arkivstruktur.xsd",
    "metadatakatalog.xsd",
    "endringslogg.xsd",
    "loependeJournal.xsd",
    "offentligJournal.xsd",
    "addml.xsd",
)
"""Shipped with every uttrekk, as Arkivverket asks (the ADDML file names their checksums)."""

IKKE_OPPGITT = "Ikke oppgitt"


class UttrekkFeil(Exception):
    """The uttrekk cannot be made (Norwegian message: what, where, why)."""


@dataclass
class Resultat:
    mappe: Path
    uttrekk: Uttrekk
    filer: list[str]
    funn: list[Finding] = field(default_factory=list)

    @property
    def antall_journalposter(self) -> int:
        return sum(len(m.journalposter) for m in self.uttrekk.mapper)

    @property
    def antall_dokumentfiler(self) -> int:
        return sum(len(j.filer) for m in self.uttrekk.mapper for j in m.journalposter)


def _telling(data: bytes, elementer: tuple[str, ...]) -> dict[str, int]:
    tre = etree.fromstring(data)
    navn = [etree.QName(e).localname for e in tre.iter() if isinstance(e.tag, str)]
    return {e: navn.count(e) for e in elementer}


def lag_uttrekk(
    arkiv: str | Path,
    ut: str | Path,
    kommune: str | None = None,
    *,
    enhet: str = IKKE_OPPGITT,
    saksansvarlig: str = IKKE_OPPGITT,
) -> Resultat:
    """Write the uttrekk of `kommune`'s cooperations (all, without `kommune`) into the folder
    `ut`, which must be new or empty (an uttrekk is never mixed with other files)."""
    mappe = Path(ut)
    if mappe.exists() and (not mappe.is_dir() or any(mappe.iterdir())):
        raise UttrekkFeil(
            f"{mappe} finnes og er ikke en tom mappe; et uttrekk skrives i en ny eller tom mappe "
            "så ingen andre filer blandes inn."
        )
    u = les_uttrekk(arkiv, kommune)
    if not u.mapper:
        hvem = f"kommune {kommune} er part i" if kommune else "finnes"
        raise UttrekkFeil(f"Arkivet {arkiv} har ingen arkiverte samarbeidsavtaler som {hvem}.")
    struktur = lag_arkivstruktur(u, enhet, saksansvarlig)
    logg = lag_endringslogg(u)
    journaler = {
        f"{navn}.xml": lag_journal(u, offentlig=offentlig, enhet=enhet, saksansvarlig=saksansvarlig)
        for navn, offentlig in (("loependeJournal", False), ("offentligJournal", True))
    }
    skjemaer = {n: (SKJEMA_MAPPE / n).read_bytes() for n in SKJEMAER}
    antall = {
        "arkivstruktur.xml": _telling(struktur, ("mappe", "registrering", "dokumentobjekt")),
        "endringslogg.xml": _telling(logg, ("endring",)),
        **{fil: _telling(data, ("journalregistrering",)) for fil, data in journaler.items()},
    }
    beskrevet = {"arkivstruktur.xml": struktur, "endringslogg.xml": logg, **journaler}
    addml = lag_arkivuttrekk(u, beskrevet, skjemaer, antall, periode(u))
    filer: dict[str, bytes] = {**beskrevet, "arkivuttrekk.xml": addml, **skjemaer}
    for m in u.mapper:
        for j in m.journalposter:
            for f in j.filer:
                filer[f.sti] = f.data
    for sti, data in sorted(filer.items()):
        mal = mappe / sti
        mal.parent.mkdir(parents=True, exist_ok=True)
        tmp = mal.with_name(mal.name + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, mal)
    return Resultat(mappe, u, sorted(filer), kontroller(mappe))
