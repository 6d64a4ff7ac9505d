"""`loependeJournal.xml` and `offentligJournal.xml`: the journal reports of the uttrekk, one
journalregistrering per journalpost in journal order (journalaar, journalsekvensnummer), with
the same numbers and systemIDs as arkivstruktur.xml, so Arkade can compare them. The public
journal leaves out what the schema keeps from the public (the non-public titles); avtaleflyt
holds nothing that is exempt from public access, so both list every journalpost.
"""

from __future__ import annotations

from lxml import etree

from avtaleflyt.noark5.arkivstruktur import (
    XSI,
    Skriver,
    korrespondansepart,
    nummerering,
    periode,
    system_id,
)
from avtaleflyt.noark5.modell import Journalpost, Saksmappe, Uttrekk

LOEPENDE = "http://www.arkivverket.no/standarder/noark5/loependeJournal"
OFFENTLIG = "http://www.arkivverket.no/standarder/noark5/offentligJournal"


def lag_journal(u: Uttrekk, *, offentlig: bool, enhet: str, saksansvarlig: str) -> bytes:
    ns = OFFENTLIG if offentlig else LOEPENDE
    navn = "offentligJournal" if offentlig else "loependeJournal"
    s = Skriver(ns)
    rot = etree.Element(f"{{{ns}}}{navn}", nsmap={None: ns, "xsi": XSI})
    rot.set(f"{{{XSI}}}schemaLocation", f"{ns} {navn}.xsd")
    saker, journal = nummerering(u)
    poster: list[tuple[Saksmappe, int, Journalpost]] = sorted(
        ((m, i, j) for m in u.mapper for i, j in enumerate(m.journalposter, start=1)),
        key=lambda t: journal[t[2].noekkel],
    )
    fra, til = periode(u)
    hode = s.el(rot, "journalhode")
    s.el(hode, "journalStartDato", fra.isoformat())
    s.el(hode, "journalSluttDato", til.isoformat())
    s.el(hode, "antallJournalposter", len(poster))
    for nr, skaper in u.arkivskapere:
        a = s.el(hode, "arkivskaper")
        s.el(a, "arkivskaperID", nr)
        s.el(a, "arkivskaperNavn", f"{skaper} kommune" if len(nr) == 4 else skaper)
    for m, i, j in poster:
        aar, sekvens = saker[m.avtale_id]
        r = s.el(rot, "journalregistrering")
        sm = s.el(r, "saksmappe")
        s.el(sm, "mappeID", f"{aar}/{sekvens}")
        s.el(sm, "saksaar", aar)
        s.el(sm, "sakssekvensnummer", sekvens)
        if not offentlig:
            s.el(sm, "tittel", m.tittel)
        s.el(sm, "offentligTittel", m.tittel)
        s.el(sm, "administrativEnhet", enhet)
        s.el(sm, "saksansvarlig", saksansvarlig)
        jp = s.el(r, "journalpost")
        s.el(jp, "systemID", system_id(j.noekkel))
        s.el(jp, "registreringsID", f"{aar}/{sekvens}-{i}")
        s.el(jp, "journalaar", journal[j.noekkel][0])
        s.el(jp, "journalsekvensnummer", journal[j.noekkel][1])
        s.el(jp, "journalpostnummer", i)
        if not offentlig:
            s.el(jp, "tittel", j.tittel)
        s.el(jp, "offentligTittel", j.tittel)
        s.el(jp, "journaldato", j.dato.isoformat())
        s.el(jp, "dokumentetsDato", j.dato.isoformat())
        typ, part = korrespondansepart(u, j)
        k = s.el(jp, "korrespondansepart")
        s.el(k, "korrespondanseparttype", typ)
        s.el(k, "korrespondansepartNavn", part)
    return etree.tostring(rot, xml_declaration=True, encoding="utf-8", pretty_print=True)
