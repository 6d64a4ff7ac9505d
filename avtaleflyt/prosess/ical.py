"""The approval calendar as iCalendar (RFC 5545) for Outlook and other calendar programs.

One VEVENT per meeting with a UID that stays the same across exports (so a re-import updates the
meeting instead of duplicating it), times in Europe/Oslo with the VTIMEZONE included, and one
all-day VEVENT per saksframlegg deadline and per drøfting deadline, each with a reminder (VALARM).
"""

from __future__ import annotations

import datetime as dt

from icalendar import Alarm, Calendar, Event

from avtaleflyt.prosess.frister import drofting_frist, drofting_kommuner, saksframlegg_frist
from avtaleflyt.prosess.kalender import OSLO
from avtaleflyt.prosess.kontekst import kommunenavn
from schemas.avtale import Avtale
from schemas.prosess import ORGAN_NAVN, Prosess

PRODID = "-//avtaleflyt//prosesskalender//NO"
UID_DOMENE = "avtaleflyt"
MOTE_VARIGHET = dt.timedelta(hours=3)
BEHANDLING_NAVN = {
    "innstilling": "innstilling",
    "vedtak": "vedtak",
    "orientering": "orientering",
    "drofting": "drøfting",
}


def mote_uid(avtale_id: str, mote_id: str) -> str:
    return f"{avtale_id}.{mote_id}@{UID_DOMENE}"


def _stamp(prosess: Prosess, at: dt.date | None) -> dt.datetime:
    """DTSTAMP: a fixed, data-derived time so the same data gives the same file."""
    day = at or max((m.dato for m in prosess.moter), default=dt.date(2000, 1, 1))
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _alarm(text: str, before: dt.timedelta) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", -before)
    return alarm


def _frist(
    uid: str, stamp: dt.datetime, summary: str, dato: dt.date, description: str, alarm: Alarm
) -> Event:
    """An all-day deadline that does not block the calendar, with a reminder ahead of it."""
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", dato)
    event.add("dtend", dato + dt.timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("categories", ["Frist"])
    event.add("description", description)
    event.add_component(alarm)
    return event


def build_calendar(avtale: Avtale, prosess: Prosess, *, at: dt.date | None = None) -> Calendar:
    """Meetings, saksframlegg deadlines and drøfting deadlines of one agreement."""
    navn = {d.kommunenummer: d.navn for d in avtale.deltakere}
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"Politisk behandling: {avtale.tittel}")
    cal.add("x-wr-timezone", "Europe/Oslo")
    stamp = _stamp(prosess, at)
    for m in prosess.moter:
        kommuner = ", ".join(kommunenavn(navn, n) for n in m.kommuner)
        organ = m.organnavn or ORGAN_NAVN[m.organ]
        ev = Event()
        ev.add("uid", mote_uid(avtale.id, m.id))
        ev.add("dtstamp", stamp)
        prefix = "AVLYST: " if m.avlyst else ""
        ev.add(
            "summary",
            f"{prefix}{organ[:1].upper()}{organ[1:]} ({kommuner}): {avtale.tittel} – "
            f"{BEHANDLING_NAVN[m.behandling]}",
        )
        if m.klokkeslett is not None:
            start = dt.datetime.combine(m.dato, m.klokkeslett, tzinfo=OSLO)
            ev.add("dtstart", start)
            ev.add("dtend", start + MOTE_VARIGHET)
        else:
            ev.add("dtstart", m.dato)
            ev.add("dtend", m.dato + dt.timedelta(days=1))
        if m.sted:
            ev.add("location", m.sted)
        lines = [
            f"Avtale: {avtale.id}, versjon {avtale.versjon}",
            f"Organ: {organ}",
            f"Kommuner: {kommuner}",
        ]
        if m.saksnummer:
            lines.append(f"Saksnummer: {m.saksnummer}")
        if m.merknad:
            lines.append(m.merknad)
        ev.add("description", "\n".join(lines))
        ev.add("categories", ["Politisk behandling"])
        ev.add("status", "CANCELLED" if m.avlyst else "CONFIRMED")
        cal.add_component(ev)
        if m.avlyst:
            continue
        for nr in m.kommuner:
            frist = saksframlegg_frist(prosess, m, nr)
            cal.add_component(
                _frist(
                    f"{avtale.id}.{m.id}.saksframlegg.{nr}@{UID_DOMENE}",
                    stamp,
                    f"Frist saksframlegg ({kommunenavn(navn, nr)}) til {organ} {m.dato.isoformat()}: {avtale.tittel}",
                    frist,
                    f"Saksframlegget til møtet {m.id} skal være ferdig. Avtale: {avtale.id}.",
                    _alarm(f"Frist for saksframlegg i dag: {avtale.tittel}", dt.timedelta(days=2)),
                )
            )
    n = prosess.innstillinger.drofting_varsel_virkedager
    for nr in drofting_kommuner(prosess, list(navn), avtale):
        d = drofting_frist(prosess, nr)
        if d is None:
            continue
        cal.add_component(
            _frist(
                f"{avtale.id}.drofting.{nr}@{UID_DOMENE}",
                stamp,
                f"Siste frist drøfting med tillitsvalgte ({kommunenavn(navn, nr)}): {avtale.tittel}",
                d.frist,
                f"Drøftingen skal være gjennomført og protokollført før første politiske behandling "
                f"({d.mote.id}, {d.mote.dato.isoformat()}). Varsel {n} virkedager før.",
                _alarm(
                    "Drøfting med tillitsvalgte mangler",
                    dt.timedelta(days=(d.frist - d.varsel).days),
                ),
            )
        )
    cal.add_missing_timezones()
    return cal


def calendar_ics(avtale: Avtale, prosess: Prosess, *, at: dt.date | None = None) -> bytes:
    return build_calendar(avtale, prosess, at=at).to_ical()
