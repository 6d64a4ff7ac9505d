"""Checks of a written uttrekk: the Noark 5 schemas, then what Arkivverket's test tool Arkade
checks beyond them (docs/noark5.md lists which Arkade tests are reproduced and which are not).

Every check runs and every finding is reported (never the first only). The schemas are the copies
in `skjema/` (Arkivverket's N5 v5.0 and ADDML 8.3, unchanged); lxml validates against them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from pathlib import Path

from lxml import etree

from avtaleflyt.findings import Finding
from avtaleflyt.noark5.kontroll_dokumenter import kontroller_dokumentbeskrivelser
from avtaleflyt.rendering.pdfa import er_pdfa_2b

SKJEMA_MAPPE = Path(__file__).parent / "skjema"
N5 = "{http://www.arkivverket.no/standarder/noark5/arkivstruktur}"
EL = "{http://www.arkivverket.no/standarder/noark5/endringslogg}"
AD = "{http://www.arkivverket.no/standarder/addml}"
XML_SKJEMA = {
    "arkivstruktur.xml": "arkivstruktur.xsd",
    "endringslogg.xml": "endringslogg.xsd",
    "loependeJournal.xml": "loependeJournal.xsd",
    "offentligJournal.xml": "offentligJournal.xsd",
    "arkivuttrekk.xml": "addml.xsd",
}
_PDFA_FORMATER = {"fmt/95", "fmt/354", "fmt/476", "fmt/477", "fmt/478"}
"""PRONOM codes of PDF/A-1a, -1b, -2a, -2b and -2u: the archival formats an Arkivformat may have."""


class _Funn:
    def __init__(self) -> None:
        self.liste: list[Finding] = []

    def __call__(self, fil: str, regel: str, melding: str, sti: str = "") -> None:
        self.liste.append(Finding(fil, None, None, sti, regel, "feil", melding, "Noark 5 v5.0"))


def kontroller(mappe: str | Path) -> list[Finding]:
    """Every finding about the uttrekk in `mappe`; [] when it passes."""
    rot = Path(mappe)
    funn = _Funn()
    trer: dict[str, etree._ElementTree] = {}
    for fil, skjema in XML_SKJEMA.items():
        tre = _valider(rot, fil, skjema, funn)
        if tre is not None:
            trer[fil] = tre
    struktur = trer.get("arkivstruktur.xml")
    if struktur is not None:
        ider = _system_id(struktur, funn)
        _dokumentfiler(rot, struktur, funn)
        kontroller_dokumentbeskrivelser(struktur, funn)
        _datoer(struktur, funn)
        _nummerering(struktur, funn)
        if "endringslogg.xml" in trer:
            _endringslogg(trer["endringslogg.xml"], ider, funn)
        for fil in ("loependeJournal.xml", "offentligJournal.xml"):
            if fil in trer:
                _journal(fil, trer[fil], struktur, funn)
    if "arkivuttrekk.xml" in trer:
        _addml(rot, trer["arkivuttrekk.xml"], trer, funn)
    return funn.liste


def skjema(navn: str) -> etree.XMLSchema:
    """One of the shipped schemas (imports resolve beside it)."""
    return etree.XMLSchema(etree.parse(str(SKJEMA_MAPPE / navn)))


def _valider(rot: Path, fil: str, navn: str, funn: _Funn) -> etree._ElementTree | None:
    sti = rot / fil
    if not sti.is_file():
        funn(fil, "NOARK5-FIL", f"{fil} mangler i uttrekket.")
        return None
    try:
        tre = etree.parse(str(sti), etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        funn(fil, "NOARK5-XML", f"{fil} er ikke velformet XML: {exc}")
        return None
    s = skjema(navn)
    if not s.validate(tre):
        for feil in s.error_log:
            funn(f"{fil}:{feil.line}", "NOARK5-SKJEMA", f"{fil} følger ikke {navn}: {feil.message}")
    return tre


def _tekst(e: etree._Element, navn: str, ns: str = N5) -> str:
    return (e.findtext(f"{ns}{navn}") or "").strip()


def _system_id(tre: etree._ElementTree, funn: _Funn) -> set[str]:
    """Arkade: systemID is unique in the uttrekk."""
    alle = [e.text or "" for e in tre.iter(f"{N5}systemID")]
    for verdi, n in Counter(alle).items():
        if n > 1:
            funn("arkivstruktur.xml", "NOARK5-SYSTEMID", f"systemID {verdi} forekommer {n} ganger.")
    return set(alle)


def _dokumentfiler(rot: Path, tre: etree._ElementTree, funn: _Funn) -> None:
    """Arkade: every referenced file exists, its SHA-256 and size match, no file under
    dokumenter/ is unreferenced (the texts and the attachments alike); an Arkivformat is a PDF/A
    by content, not only by name (an attachment kept only as produksjonsformat has none)."""
    referert: set[str] = set()
    for o in tre.iter(f"{N5}dokumentobjekt"):
        ref = _tekst(o, "referanseDokumentfil")
        referert.add(ref)
        sti = rot / ref
        if not ref or ".." in Path(ref).parts or not sti.is_file():
            funn("arkivstruktur.xml", "NOARK5-DOKUMENTFIL", f"Dokumentfilen «{ref}» finnes ikke.")
            continue
        data = sti.read_bytes()
        if _tekst(o, "sjekksumAlgoritme") != "SHA256":
            funn(ref, "NOARK5-SJEKKSUM", f"{ref}: sjekksumAlgoritme er ikke SHA256.")
        if hashlib.sha256(data).hexdigest() != _tekst(o, "sjekksum").lower():
            funn(
                ref,
                "NOARK5-SJEKKSUM",
                f"{ref}: SHA-256 stemmer ikke med sjekksum i arkivstrukturen.",
            )
        if str(len(data)) != _tekst(o, "filstoerrelse"):
            funn(
                ref,
                "NOARK5-STORRELSE",
                f"{ref}: {len(data)} byte, filstoerrelse sier {_tekst(o, 'filstoerrelse')}.",
            )
        if _tekst(o, "variantformat") == "Arkivformat":
            if _tekst(o, "format") not in _PDFA_FORMATER:
                funn(
                    ref,
                    "NOARK5-FORMAT",
                    f"{ref}: arkivformatet «{_tekst(o, 'format')}» er ikke PDF/A.",
                )
            elif not er_pdfa_2b(data):
                funn(ref, "NOARK5-FORMAT", f"{ref}: filen er ikke PDF/A-2b (XMP pdfaid mangler).")
    mappe = rot / "dokumenter"
    if mappe.is_dir():
        for fil in sorted(p for p in mappe.rglob("*") if p.is_file()):
            rel = fil.relative_to(rot).as_posix()
            if rel not in referert:
                funn(
                    rel,
                    "NOARK5-DOKUMENTFIL",
                    f"{rel} ligger i uttrekket, men ingen dokumentobjekt viser til den.",
                )


def _tid(tekst: str) -> dt.datetime | None:
    try:
        t = dt.datetime.fromisoformat(tekst)
    except ValueError:
        try:
            t = dt.datetime.combine(dt.date.fromisoformat(tekst), dt.time())
        except ValueError:
            return None
    return t if t.tzinfo else t.replace(tzinfo=dt.UTC)


def _datoer(tre: etree._ElementTree, funn: _Funn) -> None:
    """Arkade's date checks: opprettetDato ≤ avsluttetDato for arkiv, arkivdel and mappe; the
    archival period is ordered and holds every journaldato; in a saksmappe, journaldato does
    not go back as journalpostnummer rises, and saksdato is not after its first journaldato."""
    for navn in ("arkiv", "arkivdel", "mappe"):
        for e in tre.iter(f"{N5}{navn}"):
            fra, til = _tid(_tekst(e, "opprettetDato")), _tid(_tekst(e, "avsluttetDato"))
            if fra and til and til < fra:
                funn(
                    "arkivstruktur.xml",
                    "NOARK5-DATO",
                    f"{navn} {_tekst(e, 'systemID')}: avsluttetDato før opprettetDato.",
                )
    for d in tre.iter(f"{N5}arkivdel"):
        start, slutt = _tekst(d, "arkivperiodeStartDato"), _tekst(d, "arkivperiodeSluttDato")
        if start and slutt and slutt < start:
            funn(
                "arkivstruktur.xml",
                "NOARK5-DATO",
                "arkivperiodeSluttDato er før arkivperiodeStartDato.",
            )
        for j in d.iter(f"{N5}registrering"):
            dato = _tekst(j, "journaldato")
            if dato and start and slutt and not start <= dato <= slutt:
                funn(
                    "arkivstruktur.xml",
                    "NOARK5-DATO",
                    f"journalpost {_tekst(j, 'registreringsID')}: journaldato {dato} er utenfor "
                    f"arkivperioden {start}–{slutt}.",
                )
    for m in tre.iter(f"{N5}mappe"):
        poster = sorted(
            m.findall(f"{N5}registrering"), key=lambda j: int(_tekst(j, "journalpostnummer") or 0)
        )
        datoer = [_tekst(j, "journaldato") for j in poster]
        if datoer != sorted(datoer):
            funn(
                "arkivstruktur.xml",
                "NOARK5-DATO",
                f"saksmappe {_tekst(m, 'mappeID')}: journaldato går bakover når journalpostnummer øker.",
            )
        if datoer and _tekst(m, "saksdato") > datoer[0]:
            funn(
                "arkivstruktur.xml",
                "NOARK5-DATO",
                f"saksmappe {_tekst(m, 'mappeID')}: saksdato er etter første journaldato.",
            )
        for j in poster:
            fra, arkivert = _tid(_tekst(j, "opprettetDato")), _tid(_tekst(j, "arkivertDato"))
            if fra and arkivert and arkivert < fra:
                funn(
                    "arkivstruktur.xml",
                    "NOARK5-DATO",
                    f"journalpost {_tekst(j, 'registreringsID')}: arkivertDato før opprettetDato.",
                )


def _nummerering(tre: etree._ElementTree, funn: _Funn) -> None:
    """Journalpostnummer 1, 2, 3 … in each saksmappe; registreringsID, mappeID and
    (journalaar, journalsekvensnummer) unique in the uttrekk."""
    for m in tre.iter(f"{N5}mappe"):
        nummer = [_tekst(j, "journalpostnummer") for j in m.findall(f"{N5}registrering")]
        if nummer != [str(i) for i in range(1, len(nummer) + 1)]:
            funn(
                "arkivstruktur.xml",
                "NOARK5-NUMMER",
                f"saksmappe {_tekst(m, 'mappeID')}: journalpostnummer er ikke 1, 2, 3 …",
            )
    for hva, verdier in (
        ("mappeID", [_tekst(m, "mappeID") for m in tre.iter(f"{N5}mappe")]),
        ("registreringsID", [_tekst(j, "registreringsID") for j in tre.iter(f"{N5}registrering")]),
        (
            "journalsekvensnummer",
            [
                f"{_tekst(j, 'journalaar')}/{_tekst(j, 'journalsekvensnummer')}"
                for j in tre.iter(f"{N5}registrering")
            ],
        ),
    ):
        for verdi, n in Counter(verdier).items():
            if n > 1:
                funn("arkivstruktur.xml", "NOARK5-NUMMER", f"{hva} {verdi} forekommer {n} ganger.")


def _endringslogg(tre: etree._ElementTree, ider: set[str], funn: _Funn) -> None:
    """Arkade: every change names an arkivenhet of the uttrekk."""
    for e in tre.iter(f"{EL}endring"):
        ref = _tekst(e, "referanseArkivenhet", EL)
        if ref not in ider:
            funn(
                "endringslogg.xml",
                "NOARK5-ENDRINGSLOGG",
                f"Endringen av «{_tekst(e, 'referanseMetadata', EL)}» viser til {ref}, som ikke "
                "finnes i arkivstrukturen.",
            )


def _journal(
    fil: str, journal: etree._ElementTree, struktur: etree._ElementTree, funn: _Funn
) -> None:
    """Arkade: the journal states its number of journalposter, and lists exactly the journalposter
    of arkivstruktur.xml with the same journal numbers."""
    ns = "{" + etree.QName(journal.getroot()).namespace + "}"
    poster = journal.getroot().findall(f"{ns}journalregistrering/{ns}journalpost")
    oppgitt = journal.getroot().findtext(f"{ns}journalhode/{ns}antallJournalposter")
    if oppgitt != str(len(poster)):
        funn(
            fil,
            "NOARK5-JOURNAL",
            f"{fil}: journalhodet sier {oppgitt} journalposter, journalen har {len(poster)}.",
        )
    i_journal = {
        _tekst(p, "systemID", ns): (
            _tekst(p, "journalaar", ns),
            _tekst(p, "journalsekvensnummer", ns),
        )
        for p in poster
    }
    i_struktur = {
        _tekst(r, "systemID"): (_tekst(r, "journalaar"), _tekst(r, "journalsekvensnummer"))
        for r in struktur.iter(f"{N5}registrering")
    }
    for sid in sorted(set(i_struktur) - set(i_journal)):
        funn(
            fil,
            "NOARK5-JOURNAL",
            f"{fil}: journalposten {sid} i arkivstrukturen mangler i journalen.",
        )
    for sid in sorted(set(i_journal) - set(i_struktur)):
        funn(fil, "NOARK5-JOURNAL", f"{fil}: journalposten {sid} finnes ikke i arkivstrukturen.")
    for sid in sorted(set(i_journal) & set(i_struktur)):
        if i_journal[sid] != i_struktur[sid]:
            funn(
                fil,
                "NOARK5-JOURNAL",
                f"{fil}: journalposten {sid} har et annet journalnummer enn i arkivstrukturen.",
            )


def _egenskaper(e: etree._Element, navn: str) -> list[etree._Element]:
    return [
        p
        for p in e.iterchildren(f"{AD}properties")
        for p in p.iterchildren(f"{AD}property")
        if p.get("name") == navn
    ]


def _verdi(p: etree._Element) -> str:
    return (p.findtext(f"{AD}value") or "").strip()


def _addml(
    rot: Path, addml: etree._ElementTree, trer: dict[str, etree._ElementTree], funn: _Funn
) -> None:
    """Arkade: every file arkivuttrekk.xml describes exists with that SHA-256, and the numbers of
    occurrences and of document files it states are those of the files."""
    for fil in addml.iter(f"{AD}property"):
        if fil.get("name") != "file":
            continue
        navn = next((_verdi(p) for p in _egenskaper(fil, "name")), "")
        sjekk = next(iter(_egenskaper(fil, "checksum")), None)
        oppgitt = (
            next((_verdi(p) for p in _egenskaper(sjekk, "value")), "") if sjekk is not None else ""
        )
        sti = rot / navn
        if not navn or not sti.is_file():
            funn(
                "arkivuttrekk.xml",
                "NOARK5-ADDML",
                f"arkivuttrekk.xml beskriver «{navn}», som ikke finnes.",
            )
        elif hashlib.sha256(sti.read_bytes()).hexdigest() != oppgitt.lower():
            funn(
                "arkivuttrekk.xml",
                "NOARK5-ADDML",
                f"SHA-256 for {navn} stemmer ikke med arkivuttrekk.xml.",
            )
    for obj in addml.iter(f"{AD}dataObject"):
        fil = next(
            (_verdi(n) for f in _egenskaper(obj, "file") for n in _egenskaper(f, "name")), ""
        )
        tre = trer.get(fil)
        for info in _egenskaper(obj, "info"):
            for antall in _egenskaper(info, "numberOfOccurrences"):
                element = _verdi(antall)
                oppgitt = next((_verdi(p) for p in _egenskaper(antall, "value")), "")
                if tre is None:
                    continue
                faktisk = sum(
                    1
                    for e in tre.iter()
                    if isinstance(e.tag, str) and etree.QName(e).localname == element
                )
                if str(faktisk) != oppgitt:
                    funn(
                        "arkivuttrekk.xml",
                        "NOARK5-ANTALL",
                        f"{fil}: arkivuttrekk.xml sier {oppgitt} {element}, filen har {faktisk}.",
                    )
            for tillegg in _egenskaper(info, "additionalInfo"):
                for p in _egenskaper(tillegg, "antallDokumentfiler"):
                    faktisk = (
                        len([f for f in (rot / "dokumenter").rglob("*") if f.is_file()])
                        if (rot / "dokumenter").is_dir()
                        else 0
                    )
                    if str(faktisk) != _verdi(p):
                        funn(
                            "arkivuttrekk.xml",
                            "NOARK5-ANTALL",
                            f"arkivuttrekk.xml sier {_verdi(p)} dokumentfiler, uttrekket har {faktisk}.",
                        )
