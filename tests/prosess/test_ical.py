"""The approval calendar as iCalendar: parses with icalendar, every meeting, stable UIDs, Oslo time."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from avtaleflyt.prosess import calendar_ics
from avtaleflyt.prosess.ical import mote_uid
from tests.prosess.prosessdata import KALENDER, D, prosess


def _events(data: bytes):
    cal = Calendar.from_ical(data)
    return cal, [c for c in cal.walk("VEVENT")]


def test_ics_parses_and_contains_every_meeting(avtale):
    p = prosess()
    cal, events = _events(calendar_ics(avtale, p, at=D(2026, 2, 1)))
    uids = {str(e["UID"]) for e in events}
    for m in KALENDER:
        assert mote_uid("lonn-regnskap", m["id"]) in uids, m["id"]
    assert str(cal["VERSION"]) == "2.0"
    assert [str(t["TZID"]) for t in cal.walk("VTIMEZONE")] == ["Europe/Oslo"]


def test_meeting_time_is_europe_oslo_and_all_day_without_time(avtale):
    _, events = _events(calendar_ics(avtale, prosess(), at=D(2026, 2, 1)))
    by_uid = {str(e["UID"]): e for e in events}
    ks = by_uid[mote_uid("lonn-regnskap", "mg-ks-2026-03-19")]
    start = ks.decoded("DTSTART")
    assert start == dt.datetime(2026, 3, 19, 18, 0, tzinfo=start.tzinfo)
    assert str(start.tzinfo) == "Europe/Oslo"
    assert start.utcoffset() == dt.timedelta(hours=1)  # before the switch to summer time 29.3.2026
    assert ks["LOCATION"] == "Støren rådhus"
    assert "PS 14/26" in str(ks["DESCRIPTION"])
    skaun = by_uid[mote_uid("lonn-regnskap", "skaun-ks-2026-06-18")].decoded("DTSTART")
    assert skaun.utcoffset() == dt.timedelta(hours=2)  # summer time
    melhus = by_uid[mote_uid("lonn-regnskap", "melhus-ks-2026-03-24")].decoded("DTSTART")
    assert melhus == D(2026, 3, 24) and not isinstance(melhus, dt.datetime)


def test_deadlines_are_separate_events_with_alarms(avtale):
    _, events = _events(calendar_ics(avtale, prosess(), at=D(2026, 2, 1)))
    frister = [e for e in events if str(e["SUMMARY"]).startswith("Frist saksframlegg")]
    assert len(frister) == len(KALENDER)  # one municipality per meeting here
    by_uid = {str(e["UID"]): e for e in frister}
    # 12 dager før 5.3.2026 = 21.2 (lørdag) -> fredag 20.2
    e = by_uid["lonn-regnskap.mg-fsk-2026-03-05.saksframlegg.5027@avtaleflyt"]
    assert e.decoded("DTSTART") == D(2026, 2, 20)
    assert e.walk("VALARM")
    drofting = [e for e in events if "drøfting" in str(e["SUMMARY"]).lower()]
    assert len(drofting) == 3  # one per municipality that must consult


def test_uids_and_file_are_stable_across_exports(avtale):
    first = calendar_ics(avtale, prosess(), at=D(2026, 2, 1))
    assert calendar_ics(avtale, prosess(), at=D(2026, 2, 1)) == first


def test_cancelled_meeting_is_marked_cancelled(avtale):
    moter = [dict(m, avlyst=True) if m["id"] == "melhus-ks-2026-03-24" else m for m in KALENDER]
    _, events = _events(calendar_ics(avtale, prosess(moter=moter), at=D(2026, 2, 1)))
    e = next(
        e for e in events if str(e["UID"]) == mote_uid("lonn-regnskap", "melhus-ks-2026-03-24")
    )
    assert str(e["STATUS"]) == "CANCELLED" and str(e["SUMMARY"]).startswith("AVLYST")
