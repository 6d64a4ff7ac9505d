"""The approval-date reconciliation and the meeting check's events, without Prefect."""

import datetime as dt
import re
import shutil

import pytest

from avtaleflyt.orkestrering.motekontroll import hendelser_for_mote, mangler_vedtak
from avtaleflyt.orkestrering.planlegging import (
    OSLO,
    EksisterendeKjoring,
    Kontroll,
    Motedata,
    avstem,
    nokkel,
    onskede_kjoringer,
)
from avtaleflyt.orkestrering.varsler import hendelser
from avtaleflyt.paths import eksempelavtaler
from avtaleflyt.prosess.oppgaver import oppgaver_i_mappe

D = dt.date(2026, 3, 10)
"""A Tuesday."""


def _moter(*moter):
    return onskede_kjoringer("gauldal-landbruk", moter)


def test_desired_runs_skip_cancelled_and_information_meetings():
    k = _moter(
        Motedata("mg-ks", D, dt.time(9, 0)),
        Motedata("melhus-ks", D, avlyst=True),
        Motedata("fsk", D, behandling="orientering"),
        Motedata("skaun-ks", D + dt.timedelta(1)),
    )
    assert [x.mote_id for x in k] == ["mg-ks", "skaun-ks"]
    # the check runs the morning after, whatever time the meeting starts
    assert k[0].tidspunkt == dt.datetime(2026, 3, 11, 7, 0, tzinfo=OSLO)
    assert k[1].tidspunkt == dt.datetime(2026, 3, 12, 7, 0, tzinfo=OSLO)
    assert "gauldal-landbruk" in k[0].tags
    assert k[0].navn == "gauldal-landbruk-mg-ks"
    assert k[0].parametere() == {
        "avtale_id": "gauldal-landbruk",
        "mote_id": "mg-ks",
        "dato": "2026-03-11",
    }


@pytest.mark.parametrize(
    ("motedato", "kontroll"),
    [
        (dt.date(2026, 3, 13), dt.datetime(2026, 3, 16, 7, 0, tzinfo=OSLO)),  # Friday → Monday
        (dt.date(2026, 5, 16), dt.datetime(2026, 5, 18, 7, 0, tzinfo=OSLO)),  # 17 May is a Sunday
        (
            dt.date(2026, 5, 13),
            dt.datetime(2026, 5, 15, 7, 0, tzinfo=OSLO),
        ),  # 14 May: Kr. himmelfart
        (dt.date(2026, 3, 28), dt.datetime(2026, 3, 30, 7, 0, tzinfo=OSLO)),  # DST starts 29 March
        (dt.date(2026, 12, 24), dt.datetime(2026, 12, 28, 7, 0, tzinfo=OSLO)),  # 1. og 2. juledag
    ],
)
def test_check_runs_at_seven_oslo_time_the_next_working_day(motedato, kontroll):
    [k] = _moter(Motedata("ks", motedato, dt.time(18, 0)))
    assert k.tidspunkt == kontroll
    assert k.tidspunkt.utcoffset() == kontroll.utcoffset()


def test_check_time_from_the_environment_and_bad_values_named():
    assert Kontroll.fra_miljo({}) == Kontroll(1, dt.time(7, 0))
    samme_dag = Kontroll.fra_miljo(
        {"AVTALE_KONTROLL_VIRKEDAGER": "0", "AVTALE_KONTROLL_KL": "21:30:15"}
    )
    # 0: as the meeting starts, or at the set time when the calendar gives none
    assert samme_dag.tidspunkt(D, dt.time(9, 5)) == dt.datetime(2026, 3, 10, 9, 5, tzinfo=OSLO)
    assert samme_dag.tidspunkt(D) == dt.datetime(2026, 3, 10, 21, 30, 15, tzinfo=OSLO)
    assert Kontroll().tidspunkt(D, dt.time(9, 5)).hour == 7
    assert Kontroll.fra_miljo({"AVTALE_KONTROLL_VIRKEDAGER": "2"}).tidspunkt(D).day == 12
    with pytest.raises(ValueError, match="AVTALE_KONTROLL_VIRKEDAGER='en'"):
        Kontroll.fra_miljo({"AVTALE_KONTROLL_VIRKEDAGER": "en"})
    with pytest.raises(ValueError, match="AVTALE_KONTROLL_VIRKEDAGER='-1'"):
        Kontroll.fra_miljo({"AVTALE_KONTROLL_VIRKEDAGER": "-1"})
    with pytest.raises(ValueError, match="AVTALE_KONTROLL_KL='7'"):
        Kontroll.fra_miljo({"AVTALE_KONTROLL_KL": "7"})


def test_held_meetings_are_reported_not_scheduled():
    """A check time already passed gets no run (it would start at once, «late»); a waiting run at
    that time is left alone, one at another time (the meeting moved into the past) is cancelled."""
    held, kommende = _moter(Motedata("a", D), Motedata("b", D + dt.timedelta(7)))
    na = held.tidspunkt + dt.timedelta(minutes=1)
    plan = avstem([held, kommende], [], na=na)
    assert plan.avholdt == [held] and [k.mote_id for k in plan.opprett] == ["b"]
    assert plan.oppsummering() == "1 nye, 0 flyttet, 0 avlyst, 0 uendret, 1 avholdt"
    ventende = [
        EksisterendeKjoring("r-samme", "a", held.tidspunkt, "SCHEDULED"),
        EksisterendeKjoring("r-gammel", "a", held.tidspunkt + dt.timedelta(days=3), "SCHEDULED"),
    ]
    plan = avstem([held], ventende, na=na)
    assert [e.id for e in plan.avlys] == ["r-gammel"] and not plan.opprett
    # exactly at the check time counts as passed
    assert avstem([held], [], na=held.tidspunkt).avholdt == [held]


def test_new_calendar_creates_every_run_and_second_pass_is_empty():
    onskede = _moter(Motedata("a", D), Motedata("b", D))
    plan = avstem(onskede, [])
    assert [k.mote_id for k in plan.opprett] == ["a", "b"]
    eksisterende = [
        EksisterendeKjoring(f"id-{k.mote_id}", k.mote_id, k.tidspunkt, "SCHEDULED")
        for k in plan.opprett
    ]
    igjen = avstem(onskede, eksisterende)
    assert igjen.tom and len(igjen.uendret) == 2


def test_moved_meeting_moves_its_run():
    gammel = _moter(Motedata("a", D))[0]
    ny = _moter(Motedata("a", D + dt.timedelta(7)))
    plan = avstem(ny, [EksisterendeKjoring("r1", "a", gammel.tidspunkt, "SCHEDULED")])
    assert not plan.opprett and not plan.avlys
    assert [(e.id, k.motedato) for e, k in plan.flytt] == [("r1", D + dt.timedelta(7))]
    # the replacing run gets a key of its own (the replaced one keeps the first)
    assert plan.flytt[0][1].idempotency_key != gammel.idempotency_key
    # moved back: the key differs from both earlier runs'
    tilbake = avstem(
        [gammel],
        [
            EksisterendeKjoring("r1", "a", gammel.tidspunkt, "CANCELLED"),
            EksisterendeKjoring("r2", "a", plan.flytt[0][1].tidspunkt, "SCHEDULED"),
        ],
    )
    nokler = {gammel.idempotency_key, plan.flytt[0][1].idempotency_key}
    assert tilbake.flytt[0][1].idempotency_key not in nokler


def test_cancelled_or_removed_meeting_cancels_its_run_but_never_a_started_one():
    t = _moter(Motedata("a", D))[0].tidspunkt
    plan = avstem(
        _moter(Motedata("a", D, avlyst=True)),
        [
            EksisterendeKjoring("r1", "a", t, "SCHEDULED"),
            EksisterendeKjoring("r0", "a", t, "COMPLETED"),
            EksisterendeKjoring("r2", "borte", t, "PENDING"),
        ],
    )
    assert sorted(e.id for e in plan.avlys) == ["r1", "r2"]
    assert not plan.opprett and not plan.flytt


def test_duplicates_are_cancelled_keeping_the_one_at_the_right_time():
    k = _moter(Motedata("a", D))[0]
    feil = k.tidspunkt - dt.timedelta(hours=3)
    plan = avstem(
        [k],
        [
            EksisterendeKjoring("r-feil", "a", feil, "SCHEDULED"),
            EksisterendeKjoring("r-riktig", "a", k.tidspunkt, "SCHEDULED"),
        ],
    )
    assert [e.id for e in plan.avlys] == ["r-feil"] and plan.uendret == [k] and not plan.flytt


def test_finished_run_at_same_time_is_not_recreated_but_a_moved_meeting_gets_a_new_run():
    k = _moter(Motedata("a", D))[0]
    ferdig = [EksisterendeKjoring("r0", "a", k.tidspunkt, "COMPLETED")]
    assert avstem([k], ferdig).tom
    flyttet = _moter(Motedata("a", D + dt.timedelta(1)))
    [ny] = avstem(flyttet, ferdig).opprett
    assert (ny.mote_id, ny.tidspunkt) == (flyttet[0].mote_id, flyttet[0].tidspunkt)
    assert flyttet[0].idempotency_key != k.idempotency_key


def test_keys_are_prefect_safe():
    assert nokkel("Bærum Ås/Øst") == "baerum-as-ost"
    k = _moter(Motedata("skaun-ks-2026", D))[0]
    assert re.fullmatch(r"[a-z0-9-]+", k.idempotency_key)


def test_restored_meeting_after_cancellation_gets_a_fresh_idempotency_key():
    k = _moter(Motedata("a", D))[0]
    plan = avstem([k], [EksisterendeKjoring("r1", "a", k.tidspunkt, "CANCELLED")])
    assert len(plan.opprett) == 1 and plan.opprett[0].idempotency_key != k.idempotency_key


def test_meeting_check_names_each_municipality_without_a_vedtak_as_an_event(tmp_path):
    """The morning after Midtre Gauldal's kommunestyre (8 Dec 2026, no vedtak recorded in the
    example) the check finds 5027 and makes the reminders' event for it: the agreement as
    resource, the municipality as related resource; Melhus' meeting a week later is not due."""
    mappe = tmp_path / "gauldal-landbruk"
    shutil.copytree(eksempelavtaler() / "gauldal-landbruk", mappe)
    morgen = dt.date(2026, 12, 9)
    [o] = mangler_vedtak(mappe, "mg-ks-2026-12-08", morgen)
    assert (o.kommune, o.mote) == ("5027", "mg-ks-2026-12-08")
    assert mangler_vedtak(mappe, "melhus-ks-2026-12-15", morgen) == []
    [h] = hendelser_for_mote(mappe, "mg-ks-2026-12-08", morgen)
    assert h.event == "avtaleflyt.vedtak.mangler"
    assert h.resource["prefect.resource.id"] == "avtaleflyt.avtale.gauldal-landbruk"
    assert [r["prefect.resource.id"] for r in h.related] == ["avtaleflyt.kommune.5027"]
    assert h.payload["mote"] == "mg-ks-2026-12-08" and "Midtre Gauldal" in h.payload["melding"]
    # the same event id as the daily sweep's for that task and day: one notice, not two
    [fra_sveip] = [
        x
        for x in hendelser(oppgaver_i_mappe(tmp_path, morgen))
        if x.payload["mote"] == "mg-ks-2026-12-08"
    ]
    assert fra_sveip.id == h.id
