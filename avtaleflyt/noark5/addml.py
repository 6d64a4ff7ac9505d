"""`arkivuttrekk.xml`: the package description in ADDML 8.3, as Arkivverket's profile for a
Noark 5 uttrekk has it (one dataset; context with the record creators and system; content with the
archival period; a dataObject «Noark 5 arkivuttrekk» with the number of document files (the texts and the
attachments), and one
dataObject per XML file with its name, SHA-256, schemas and the number of mapper and
registreringer it holds). Arkade reads these figures and compares them with the files.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from lxml import etree

from avtaleflyt.noark5.modell import Uttrekk

ADDML = "http://www.arkivverket.no/standarder/addml"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


def _el(forelder: etree._Element, navn: str, **attributter: str) -> etree._Element:
    e = etree.SubElement(forelder, f"{{{ADDML}}}{navn}")
    for k, v in attributter.items():
        e.set(k.rstrip("_"), v)
    return e


def _egenskap(
    forelder: etree._Element, navn: str, verdi: object = None, datatype: str | None = None
) -> etree._Element:
    """A `property` with an optional `value`; returns its (new) `properties` child's parent."""
    p = _el(forelder, "property", name=navn, **({"dataType": datatype} if datatype else {}))
    if verdi is not None:
        _el(p, "value").text = str(verdi)
    return p


def _under(p: etree._Element) -> etree._Element:
    return _el(p, "properties")


def _tillegg(forelder: etree._Element, navn: str, verdi: object = None) -> etree._Element:
    e = _el(forelder, "additionalElement", name=navn)
    if verdi is not None:
        _el(e, "value").text = str(verdi)
    return e


def _fil(egenskaper: etree._Element, navn: str, data: bytes) -> None:
    fil = _under(_egenskap(egenskaper, "file"))
    _egenskap(fil, "name", navn)
    fmt = _under(_egenskap(fil, "format", "XML"))
    _egenskap(fmt, "version", "1.0")
    sjekk = _under(_egenskap(fil, "checksum"))
    _egenskap(sjekk, "algorithm", "SHA256")
    _egenskap(sjekk, "value", hashlib.sha256(data).hexdigest())


def _skjema(egenskaper: etree._Element, navn: str, data: bytes, hoved: bool) -> None:
    s = _under(_egenskap(egenskaper, "schema", "main" if hoved else None))
    _fil(s, navn, data)
    typ = _under(_egenskap(s, "type", "XML Schema"))
    _egenskap(typ, "version", "1.0")


def _antall(info: etree._Element, element: str, antall: int) -> None:
    n = _under(_egenskap(info, "numberOfOccurrences", element))
    _egenskap(n, "elementPath", f"//{element}")
    _egenskap(n, "value", antall, "integer")


def lag_arkivuttrekk(
    u: Uttrekk,
    filer: dict[str, bytes],
    skjemaer: dict[str, bytes],
    antall: dict[str, dict[str, int]],
    periode: tuple[dt.date, dt.date],
) -> bytes:
    """`filer`: the XML files described (name -> bytes); `skjemaer`: the .xsd files shipped with
    the uttrekk; `antall`: per XML file, element name -> number of occurrences."""
    rot = etree.Element(f"{{{ADDML}}}addml", nsmap={None: ADDML, "xsi": XSI})
    rot.set(f"{{{XSI}}}schemaLocation", f"{ADDML} addml.xsd")
    rot.set("name", "Noark 5-arkivuttrekk")
    ds = _el(rot, "dataset")
    _el(ds, "description").text = "Noark 5-arkivuttrekk fra avtaleflyt"
    ref = _el(ds, "reference")
    ctx = _el(_el(ref, "context"), "additionalElements")
    skapere = _el(_tillegg(ctx, "recordCreators"), "additionalElements")
    for nr, navn in u.arkivskapere:
        _tillegg(skapere, "recordCreator", f"{navn} ({nr})")
    _tillegg(ctx, "systemType", "Noark 5")
    _tillegg(ctx, "systemName", "avtaleflyt")
    hvem = f"{u.kommune[1]} ({u.kommune[0]})" if u.kommune else "alle deltakere"
    _tillegg(ctx, "archive", f"Interkommunale samarbeidsavtaler, {hvem}")
    innhold = _el(_el(ref, "content"), "additionalElements")
    per = _el(_tillegg(innhold, "archivalPeriod"), "properties")
    _egenskap(per, "startDate", periode[0].isoformat())
    _egenskap(per, "endDate", periode[1].isoformat())

    hoved = _el(_el(ds, "dataObjects"), "dataObject", name="Noark 5 arkivuttrekk")
    info = _under(_egenskap(_el(hoved, "properties"), "info"))
    typ = _under(_egenskap(info, "type", "Noark 5"))
    _egenskap(typ, "version", "5.0")
    tillegg = _under(_egenskap(info, "additionalInfo"))
    for navn, verdi in (
        ("inneholderSkjermetInformasjon", "false"),
        ("omfatterDokumenterSomErKassert", "false"),
        ("inneholderDokumenterSomSkalKasseres", "false"),
        ("inneholderVirksomhetsspesifikkeMetadata", "false"),
    ):
        _egenskap(tillegg, navn, verdi, "boolean")
    dokumentfiler = sum(len(j.filer) for m in u.mapper for j in m.journalposter)
    _egenskap(tillegg, "antallDokumentfiler", dokumentfiler, "integer")
    under = _el(hoved, "dataObjects")
    for filnavn, data in sorted(filer.items()):
        navn = filnavn.removesuffix(".xml")
        d = _el(under, "dataObject", name=navn)
        egenskaper = _el(d, "properties")
        _fil(egenskaper, filnavn, data)
        _skjema(egenskaper, f"{navn}.xsd", skjemaer[f"{navn}.xsd"], hoved=True)
        _skjema(egenskaper, "metadatakatalog.xsd", skjemaer["metadatakatalog.xsd"], hoved=False)
        telling = antall.get(filnavn, {})
        if telling:
            i = _under(_egenskap(egenskaper, "info"))
            for element, n in telling.items():
                _antall(i, element, n)
    return etree.tostring(rot, xml_declaration=True, encoding="utf-8", pretty_print=True)
