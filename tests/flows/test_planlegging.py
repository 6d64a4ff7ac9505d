"""The approval-date reconciliation, without Prefect."""

import datetime as dt
import re

from avtaleflyt.orkestrering.planlegging import (
    OSLO,
    EksisterendeKjoring,
    Motedata,
    avstem,
    nokkel,
    onskede_kjoringer,
)

D = dt.date(2026, 3, 10)


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
    assert k[0].tidspunkt == dt.datetime(2026, 3, 10, 9, 0, tzinfo=OSLO)
    assert k[1].tidspunkt.hour == 18
    assert "gauldal-landbruk" in k[0].tags
    assert k[0].parametere() == {
        "avtale_id": "gauldal-landbruk",
        "mote_id": "mg-ks",
        "dato": "2026-03-10",
    }


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
    assert [(e.id, k.tidspunkt.date()) for e, k in plan.flytt] == [("r1", D + dt.timedelta(7))]


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
    assert avstem(flyttet, ferdig).opprett == flyttet
    assert flyttet[0].idempotency_key != k.idempotency_key


def test_keys_are_prefect_safe():
    assert nokkel("Bærum Ås/Øst") == "baerum-as-ost"
    k = _moter(Motedata("skaun-ks-2026", D))[0]
    assert re.fullmatch(r"[a-z0-9-]+", k.idempotency_key)


def test_restored_meeting_after_cancellation_gets_a_fresh_idempotency_key():
    k = _moter(Motedata("a", D))[0]
    plan = avstem([k], [EksisterendeKjoring("r1", "a", k.tidspunkt, "CANCELLED")])
    assert len(plan.opprett) == 1 and plan.opprett[0].idempotency_key != k.idempotency_key
