"""Writing `arkivstruktur.xml` and `endringslogg.xml` (Noark 5 v5.0) from the mapped units.

Output is deterministic: systemIDs are UUIDv5 of what makes each unit unique in the archive,
dates come from the archive (legal dates and commit times), never from the clock, and elements
follow the schema's order. lxml builds the tree (the package already depends on it).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict

from lxml import etree

from avtaleflyt.noark5.dokumenter import HOVEDDOKUMENT
from avtaleflyt.noark5.modell import SYSTEM, Dokument, Journalpost, Uttrekk

N5 = "http://www.arkivverket.no/standarder/noark5/arkivstruktur"
ENDRINGSLOGG = "http://www.arkivverket.no/standarder/noark5/endringslogg"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
_NS = uuid.uuid5(uuid.NAMESPACE_URL, "urn:avtaleflyt:noark5")


def system_id(noekkel: str) -> str:
    return str(uuid.uuid5(_NS, noekkel))


def _tid(t: dt.datetime) -> str:
    return t.isoformat()


class Skriver:
    """Appends children in the order the caller gives (which is the schema's order)."""

    def __init__(self, ns: str) -> None:
        self.ns = ns

    def el(self, forelder: etree._Element, navn: str, tekst: object = None) -> etree._Element:
        e = etree.SubElement(forelder, f"{{{self.ns}}}{navn}")
        if tekst is not None:
            e.text = str(tekst)
        return e


def arkiv_noekkel(u: Uttrekk) -> str:
    return f"arkiv/{u.kommune[0] if u.kommune else 'alle'}"


def periode(u: Uttrekk) -> tuple[dt.date, dt.date]:
    datoer = [j.dato for m in u.mapper for j in m.journalposter]
    return min(datoer), max(datoer)


def lag_arkivstruktur(u: Uttrekk, enhet: str, saksansvarlig: str) -> bytes:
    """arkivstruktur.xml: arkiv → arkivdel → saksmappe per agreement → journalpost per event."""
    s = Skriver(N5)
    rot = etree.Element(f"{{{N5}}}arkiv", nsmap={None: N5, "xsi": XSI})
    rot.set(f"{{{XSI}}}schemaLocation", f"{N5} arkivstruktur.xsd")
    opprettet = min(m.opprettet for m in u.mapper)
    avsluttet = max(m.avsluttet for m in u.mapper)
    hvem = f"{u.kommune[1]} kommune ({u.kommune[0]})" if u.kommune else "alle deltakere"
    s.el(rot, "systemID", system_id(arkiv_noekkel(u)))
    s.el(rot, "tittel", f"Interkommunale samarbeidsavtaler, {hvem}")
    s.el(
        rot,
        "beskrivelse",
        "Uttrekk fra avtaleflyt-arkivet (git): avtalene, hvert kommunestyres vedtak, "
        "signaturer, ikrafttredelse, endringer og opphør."
        + (" Arkivet er en simulering: datoene er ikke virkelige." if u.simulering else ""),
    )
    s.el(rot, "arkivstatus", "Avsluttet")
    s.el(rot, "dokumentmedium", "Elektronisk arkiv")
    s.el(rot, "opprettetDato", _tid(opprettet))
    s.el(rot, "opprettetAv", SYSTEM)
    s.el(rot, "avsluttetDato", _tid(avsluttet))
    s.el(rot, "avsluttetAv", SYSTEM)
    for nr, navn in u.arkivskapere:
        a = s.el(rot, "arkivskaper")
        s.el(a, "arkivskaperID", nr)
        s.el(a, "arkivskaperNavn", f"{navn} kommune" if len(nr) == 4 else navn)
    fra, til = periode(u)
    d = s.el(rot, "arkivdel")
    s.el(d, "systemID", system_id(arkiv_noekkel(u) + "/arkivdel"))
    s.el(d, "tittel", "Samarbeidsavtaler etter kommuneloven og IKS-loven")
    s.el(d, "arkivdelstatus", "Avsluttet periode")
    s.el(d, "dokumentmedium", "Elektronisk arkiv")
    s.el(d, "opprettetDato", _tid(opprettet))
    s.el(d, "opprettetAv", SYSTEM)
    s.el(d, "avsluttetDato", _tid(avsluttet))
    s.el(d, "avsluttetAv", SYSTEM)
    s.el(d, "arkivperiodeStartDato", fra.isoformat())
    s.el(d, "arkivperiodeSluttDato", til.isoformat())
    _mapper(s, d, u, enhet, saksansvarlig)
    return etree.tostring(rot, xml_declaration=True, encoding="utf-8", pretty_print=True)


def nummerering(u: Uttrekk) -> tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]]:
    """(saksaar, sakssekvensnummer) per agreement and (journalaar, journalsekvensnummer) per
    journalpost, numbered in date order within each year over the whole uttrekk."""
    saker: dict[str, tuple[int, int]] = {}
    per_aar: dict[int, int] = defaultdict(int)
    for m in sorted(u.mapper, key=lambda m: (m.journalposter[0].dato, m.avtale_id)):
        aar = m.journalposter[0].dato.year
        per_aar[aar] += 1
        saker[m.avtale_id] = (aar, per_aar[aar])
    journal: dict[str, tuple[int, int]] = {}
    per_aar = defaultdict(int)
    alle = sorted((j for m in u.mapper for j in m.journalposter), key=lambda j: (j.dato, j.noekkel))
    for j in alle:
        per_aar[j.dato.year] += 1
        journal[j.noekkel] = (j.dato.year, per_aar[j.dato.year])
    return saker, journal


def _mapper(s: Skriver, d: etree._Element, u: Uttrekk, enhet: str, ansvarlig: str) -> None:
    saker, journal = nummerering(u)
    for m in u.mapper:
        aar, sekvens = saker[m.avtale_id]
        e = s.el(d, "mappe")
        e.set(f"{{{XSI}}}type", "saksmappe")
        s.el(e, "systemID", system_id(f"mappe/{m.avtale_id}"))
        s.el(e, "mappeID", f"{aar}/{sekvens}")
        s.el(e, "tittel", m.tittel)
        s.el(e, "offentligTittel", m.tittel)
        s.el(e, "beskrivelse", m.beskrivelse)
        s.el(e, "noekkelord", "interkommunalt samarbeid")
        s.el(e, "dokumentmedium", "Elektronisk arkiv")
        s.el(e, "opprettetDato", _tid(m.opprettet))
        s.el(e, "opprettetAv", SYSTEM)
        s.el(e, "avsluttetDato", _tid(m.avsluttet))
        s.el(e, "avsluttetAv", SYSTEM)
        for nr, navn in m.deltakere:
            p = s.el(e, "part")
            s.el(p, "partID", nr)
            s.el(p, "partNavn", navn)
            s.el(p, "partRolle", m.vert[1] if m.vert and m.vert[0] == nr else "Avtalepart")
        for i, j in enumerate(m.journalposter, start=1):
            _journalpost(s, e, u, j, (aar, sekvens, i), journal[j.noekkel])
        s.el(e, "saksaar", aar)
        s.el(e, "sakssekvensnummer", sekvens)
        s.el(e, "saksdato", m.journalposter[0].dato.isoformat())
        s.el(e, "administrativEnhet", enhet)
        s.el(e, "saksansvarlig", ansvarlig)
        s.el(e, "saksstatus", "Avsluttet" if m.opphort else "Under behandling")


def korrespondansepart(u: Uttrekk, j: Journalpost) -> tuple[str, str]:
    """(korrespondanseparttype, navn): another party's vedtak or signature comes from outside
    («Avsender»); the municipality's own, and events no single party sends (endring,
    ikrafttredelse, opphør, registered by the archive), are internal («Intern avsender»)."""
    if j.kommune is None:
        return "Intern avsender", SYSTEM
    navn = j.parter[0] if j.parter else j.kommune
    if u.kommune is None or j.kommune == u.kommune[0]:
        return "Intern avsender", navn
    return "Avsender", navn


def _journalpost(
    s: Skriver,
    forelder: etree._Element,
    u: Uttrekk,
    j: Journalpost,
    sak: tuple[int, int, int],
    journal: tuple[int, int],
) -> None:
    r = s.el(forelder, "registrering")
    r.set(f"{{{XSI}}}type", "journalpost")
    s.el(r, "systemID", system_id(j.noekkel))
    s.el(r, "opprettetDato", _tid(j.arkivert))
    s.el(r, "opprettetAv", SYSTEM)
    s.el(r, "arkivertDato", _tid(j.arkivert))
    s.el(r, "arkivertAv", SYSTEM)
    for navn in j.parter:
        p = s.el(r, "part")
        s.el(p, "partNavn", navn)
        s.el(p, "partRolle", "Avtalepart")
    for dok in j.dokumenter:
        _dokumentbeskrivelse(s, r, j, dok)
    s.el(r, "registreringsID", f"{sak[0]}/{sak[1]}-{sak[2]}")
    s.el(r, "tittel", j.tittel)
    s.el(r, "offentligTittel", j.tittel)
    s.el(r, "beskrivelse", j.beskrivelse)
    typ, navn = korrespondansepart(u, j)
    k = s.el(r, "korrespondansepart")
    s.el(k, "korrespondanseparttype", typ)
    s.el(k, "korrespondansepartNavn", navn)
    s.el(r, "journalaar", journal[0])
    s.el(r, "journalsekvensnummer", journal[1])
    s.el(r, "journalpostnummer", sak[2])
    s.el(
        r,
        "journalposttype",
        "Inngående dokument" if typ == "Avsender" else "Organinternt dokument uten oppfølging",
    )
    s.el(r, "journalstatus", "Arkivert")
    s.el(r, "journaldato", j.dato.isoformat())
    s.el(r, "dokumentetsDato", j.dato.isoformat())
    if j.vedlegg:
        s.el(r, "antallVedlegg", len(j.vedlegg))


def _dokumentbeskrivelse(s: Skriver, r: etree._Element, j: Journalpost, dok: Dokument) -> None:
    """The text is «Hoveddokument» number 1 (its systemID seed unchanged since before attachments
    were exported); each attachment a «Vedlegg» numbered after it."""
    b = s.el(r, "dokumentbeskrivelse")
    hoved = dok.rolle == HOVEDDOKUMENT
    s.el(b, "systemID", system_id(f"{j.noekkel}/dokument" + ("" if hoved else f"/{dok.nummer}")))
    s.el(b, "dokumenttype", dok.dokumenttype)
    s.el(b, "dokumentstatus", "Dokumentet er ferdigstilt")
    s.el(b, "tittel", dok.tittel)
    if dok.beskrivelse:
        s.el(b, "beskrivelse", dok.beskrivelse)
    s.el(b, "opprettetDato", _tid(j.arkivert))
    s.el(b, "opprettetAv", SYSTEM)
    s.el(b, "tilknyttetRegistreringSom", dok.rolle)
    s.el(b, "dokumentnummer", dok.nummer)
    s.el(b, "tilknyttetDato", _tid(j.arkivert))
    s.el(b, "tilknyttetAv", SYSTEM)
    for f in dok.filer:
        o = s.el(b, "dokumentobjekt")
        s.el(o, "systemID", system_id(f"{j.noekkel}/{f.sti}"))
        s.el(o, "versjonsnummer", dok.versjon)
        s.el(o, "variantformat", f.variantformat)
        s.el(o, "format", f.format)
        s.el(o, "formatDetaljer", f.formatdetaljer)
        s.el(o, "opprettetDato", _tid(j.arkivert))
        s.el(o, "opprettetAv", SYSTEM)
        s.el(o, "referanseDokumentfil", f.sti)
        s.el(o, "sjekksum", f.sjekksum)
        s.el(o, "sjekksumAlgoritme", "SHA256")
        s.el(o, "filstoerrelse", len(f.data))
        if f.variantformat == "Arkivformat" and f.konvertert_fra:
            k = s.el(o, "konvertering")
            s.el(k, "konvertertDato", _tid(f.konvertert or j.arkivert))
            s.el(k, "konvertertAv", SYSTEM)
            s.el(k, "konvertertFraFormat", f.konvertert_fra)
            s.el(k, "konvertertTilFormat", f.format)
            if f.verktoy:
                s.el(k, "konverteringsverktoey", f.verktoy)
            if f.merknad:
                s.el(k, "konverteringskommentar", f.merknad)


def lag_endringslogg(u: Uttrekk) -> bytes:
    """endringslogg.xml: the metadata the uttrekk changed after registration.

    The uttrekk closes its arkivdel (arkivdelstatus «Aktiv periode» → «Avsluttet periode»);
    a terminated agreement's saksmappe went from «Under behandling» to «Avsluttet» on the day it
    ended; a title that changed between versions is logged at the new version's first post."""
    s = Skriver(ENDRINGSLOGG)
    rot = etree.Element(f"{{{ENDRINGSLOGG}}}endringslogg", nsmap={None: ENDRINGSLOGG, "xsi": XSI})
    rot.set(f"{{{XSI}}}schemaLocation", f"{ENDRINGSLOGG} endringslogg.xsd")
    avsluttet = max(m.avsluttet for m in u.mapper)
    _endring(
        s,
        rot,
        system_id(arkiv_noekkel(u) + "/arkivdel"),
        "arkivdelstatus",
        avsluttet,
        "Aktiv periode",
        "Avsluttet periode",
    )
    for m in u.mapper:
        mappe = system_id(f"mappe/{m.avtale_id}")
        for forrige, neste in zip(m.journalposter, m.journalposter[1:], strict=False):
            if forrige.avtaletittel != neste.avtaletittel:
                _endring(
                    s,
                    rot,
                    mappe,
                    "tittel",
                    neste.arkivert,
                    forrige.avtaletittel,
                    neste.avtaletittel,
                )
        if m.opphort:
            slutt = next(j for j in m.journalposter if j.art == "opphort")
            _endring(s, rot, mappe, "saksstatus", slutt.arkivert, "Under behandling", "Avsluttet")
    return etree.tostring(rot, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _endring(
    s: Skriver,
    rot: etree._Element,
    enhet: str,
    metadata: str,
    tid: dt.datetime,
    fra: str,
    til: str,
) -> None:
    e = s.el(rot, "endring")
    s.el(e, "referanseArkivenhet", enhet)
    s.el(e, "referanseMetadata", metadata)
    s.el(e, "endretDato", _tid(tid))
    s.el(e, "endretAv", SYSTEM)
    s.el(e, "tidligereVerdi", fra)
    s.el(e, "nyVerdi", til)
