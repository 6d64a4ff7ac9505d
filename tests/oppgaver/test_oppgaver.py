"""The task list, case by case: what each municipality must do next and by which working day.

Each case is an agreement's records on a date and the tasks a clerk should see (kommune, kind,
deadline, working days left). The deadlines are counted by hand from the calendar of 2026 (Easter:
2–6 April; 1 May a public holiday), not by the code under test.
"""

from __future__ import annotations

import pytest

from avtaleflyt.prosess import avtale_hash
from avtaleflyt.prosess.oppgaver import oppgaver, virkedager_til
from tests.prosess.prosessdata import DROFTING, KALENDER, D, lag_avtale, mote, prosess, vedtak

AVTALE = lag_avtale()
H = avtale_hash(AVTALE)
VERT = lag_avtale("vertskommune")
HV = avtale_hash(VERT)

KS = [
    mote("mg-ks-2026-03-19", ["5027"], "kommunestyre", D(2026, 3, 19), "vedtak"),
    mote("melhus-ks-2026-03-24", ["5028"], "kommunestyre", D(2026, 3, 24), "vedtak"),
    mote("skaun-ks-2026-03-26", ["5029"], "kommunestyre", D(2026, 3, 26), "vedtak"),
]
"""Only the councils' meetings: no formannskap innstilling in the way of the case."""


def _saksframlegg(nr: str, mote_id: str, dato, h: str = H) -> dict:
    return {
        "id": f"sf-{nr}",
        "kommune": nr,
        "mote": mote_id,
        "dato": dato,
        "versjon": 1,
        "avtale_hash": h,
    }


SAKSFRAMLEGG = [
    _saksframlegg("5027", "mg-ks-2026-03-19", D(2026, 3, 5)),
    _saksframlegg("5028", "melhus-ks-2026-03-24", D(2026, 3, 10)),
    _saksframlegg("5029", "skaun-ks-2026-03-26", D(2026, 3, 10)),
]


def _vedtak_alle(h: str = H) -> list[dict]:
    return [
        vedtak("5027", "mg-ks-2026-03-19", D(2026, 3, 19), h),
        vedtak("5028", "melhus-ks-2026-03-24", D(2026, 3, 24), h),
        vedtak("5029", "skaun-ks-2026-03-26", D(2026, 3, 26), h),
    ]


def _signatur(nr: str, dato, h: str = H) -> dict:
    return {
        "id": f"sig-{nr}",
        "kommune": nr,
        "navn": f"Ordfører {nr}",
        "rolle": "ordfører",
        "dato": dato,
        "versjon": 1,
        "avtale_hash": h,
    }


IKRAFT = [{"id": "ikraft", "versjon": 1, "avtale_hash": H, "dato": D(2026, 5, 1)}]

# Easter 2026: a council meeting on Tuesday 14 April; 5027 and 5028 have 12 calendar days
# (2 April, Skjærtorsdag, moved back to Wednesday 1 April), 5029 has 10 working days (26 March).
PASKE = [mote("ks-2026-04-14", ["5027", "5028", "5029"], "kommunestyre", D(2026, 4, 14), "vedtak")]
PASKE_INNSTILLINGER = {
    "saksframlegg_frist_dager": 12,
    "kommuner": [
        {"kommune": "5029", "saksframlegg_frist_dager": 10, "saksframlegg_frist_type": "virkedager"}
    ],
}

CASES = {
    # no drøfting yet: the deadline is the working day before each one's first treating meeting
    "for drofting": (
        AVTALE,
        dict(drofting=[]),
        D(2026, 3, 2),
        {
            ("5027", "drofting", D(2026, 3, 4), 2),
            ("5028", "drofting", D(2026, 3, 9), 5),
            ("5029", "drofting", D(2026, 3, 11), 7),
        },
        "subset",
    ),
    # 12 calendar days before Thursday 19 March is Saturday 7 March: Friday 6 March, 4 working days
    "saksframlegg over helg": (
        AVTALE,
        {},
        D(2026, 3, 2),
        {("5027", "saksframlegg", D(2026, 3, 6), 4)},
        "subset",
    ),
    # from Monday 23 March: to 1 April 7 working days, to 26 March 3
    "saksframlegg over paske": (
        AVTALE,
        dict(moter=PASKE, innstillinger=PASKE_INNSTILLINGER),
        D(2026, 3, 23),
        [
            ("5029", "saksframlegg", D(2026, 3, 26), 3),
            ("5027", "saksframlegg", D(2026, 4, 1), 7),
            ("5028", "saksframlegg", D(2026, 4, 1), 7),
        ],
        "exact",
    ),
    # the morning after Midtre Gauldal's council: its vedtak is missing, one working day late
    "vedtak mangler etter mote": (
        AVTALE,
        dict(moter=KS, saksframlegg=SAKSFRAMLEGG),
        D(2026, 3, 20),
        [
            ("5027", "vedtak_mangler", D(2026, 3, 19), -1),
            ("5028", "behandling", D(2026, 3, 24), 2),
            ("5029", "behandling", D(2026, 3, 26), 4),
        ],
        "exact",
    ),
    # the meeting's own day is no alarm: the vedtak is recorded after the meeting
    "motedagen er ingen alarm": (
        AVTALE,
        dict(moter=KS, saksframlegg=SAKSFRAMLEGG),
        D(2026, 3, 19),
        [
            ("5027", "behandling", D(2026, 3, 19), 0),
            ("5028", "behandling", D(2026, 3, 24), 3),
            ("5029", "behandling", D(2026, 3, 26), 5),
        ],
        "exact",
    ),
    # adopted by all; Melhus has not signed; entry into force 1 May (a holiday): 14 working days
    "signatur venter": (
        AVTALE,
        dict(
            moter=KS,
            saksframlegg=SAKSFRAMLEGG,
            vedtak=_vedtak_alle(),
            signaturer=[_signatur("5027", D(2026, 4, 1)), _signatur("5029", D(2026, 4, 2))],
            ikrafttredelse=IKRAFT,
        ),
        D(2026, 4, 10),
        [("5028", "signatur", D(2026, 5, 1), 14)],
        "exact",
    ),
    "alt gjort": (
        AVTALE,
        dict(
            moter=KS,
            saksframlegg=SAKSFRAMLEGG,
            vedtak=_vedtak_alle(),
            signaturer=[_signatur(nr, D(2026, 4, 1)) for nr in ("5027", "5028", "5029")],
            ikrafttredelse=IKRAFT,
        ),
        D(2026, 4, 10),
        [],
        "exact",
    ),
    # vertskommune (Melhus hosts): the others delegate, the host tells statsforvalteren, and the
    # date of entry into force is still to be fixed
    "vertskommune etter signering": (
        VERT,
        dict(
            moter=KS,
            vedtak=_vedtak_alle(HV),
            signaturer=[_signatur(nr, D(2026, 4, 1), HV) for nr in ("5027", "5028", "5029")],
        ),
        D(2026, 4, 10),
        [
            ("5027", "delegering", None, None),
            ("5028", "melding", None, None),
            ("5029", "delegering", None, None),
            (None, "ikrafttredelse", None, None),
        ],
        "exact",
    ),
    # Skaun adopted with changes: a new version for all, and nobody signs version 1
    "vedtatt med endringer": (
        AVTALE,
        dict(
            moter=KS,
            saksframlegg=SAKSFRAMLEGG,
            vedtak=[
                *_vedtak_alle()[:2],
                vedtak(
                    "5029",
                    "skaun-ks-2026-03-26",
                    D(2026, 3, 26),
                    H,
                    utfall="vedtatt_med_endringer",
                ),
            ],
        ),
        D(2026, 3, 30),
        {(None, "ny_versjon", None, None)},
        "subset",
    ),
    "opphort": (
        AVTALE,
        dict(drofting=[], opphor=[{"id": "slutt", "dato": D(2026, 3, 1), "grunnlag": "Oppløst."}]),
        D(2026, 3, 2),
        [],
        "exact",
    ),
}


@pytest.mark.parametrize("navn", list(CASES))
def test_task_list_case(navn):
    avtale, lister, at, forventet, sammenlign = CASES[navn]
    liste = oppgaver(avtale, prosess(**lister), at)
    faktisk = [(o.kommune, o.art, o.frist, o.virkedager_igjen) for o in liste]
    if sammenlign == "exact":
        assert faktisk == list(forventet), navn
    else:
        assert forventet <= set(faktisk), (navn, faktisk)
    for o in liste:
        assert o.avtale == avtale.id and o.tittel == avtale.tittel
        assert o.hjemmel and o.regel, o  # every task names the rule it serves
        assert o.forfalt == (o.virkedager_igjen is not None and o.virkedager_igjen < 0)


def test_no_task_for_signatures_while_a_new_version_is_needed():
    _, lister, at, _, _ = CASES["vedtatt med endringer"]
    arter = {o.art for o in oppgaver(AVTALE, prosess(**lister), at)}
    assert "signatur" not in arter and "ny_versjon" in arter


def test_records_after_the_date_are_not_facts_yet():
    """A vedtak dated after `at` does not remove the task of that day."""
    lister = dict(moter=KS, saksframlegg=SAKSFRAMLEGG, vedtak=_vedtak_alle())
    for_mote = oppgaver(AVTALE, prosess(**lister), D(2026, 3, 20))
    assert ("5028", "behandling") in {(o.kommune, o.art) for o in for_mote}
    assert all(o.kommune != "5027" for o in for_mote)  # its vedtak of 19 March counts


def test_wording_names_the_body_and_the_meeting():
    liste = oppgaver(AVTALE, prosess(moter=KS, saksframlegg=SAKSFRAMLEGG), D(2026, 3, 20))
    mangler = next(o for o in liste if o.art == "vedtak_mangler")
    assert mangler.tekst == (
        "Midtre Gauldal kommunestyre behandlet avtalen 2026-03-19, men vedtaket er ikke registrert"
    )
    assert mangler.kommunenavn == "Midtre Gauldal kommune" and mangler.mote == "mg-ks-2026-03-19"
    drofting = oppgaver(AVTALE, prosess(drofting=[]), D(2026, 3, 2))
    assert any(
        o.tekst.endswith("(Midtre Gauldal formannskap 2026-03-05)") and o.art == "drofting"
        for o in drofting
    )


def test_a_meeting_missing_from_the_calendar_is_a_task():
    liste = oppgaver(AVTALE, prosess(moter=KS[:2], drofting=[DROFTING]), D(2026, 3, 2))
    mangler = [o for o in liste if o.art == "mote_mangler"]
    assert [(o.kommune, o.frist) for o in mangler] == [("5029", None)]
    assert "Skaun kommunestyre" in mangler[0].tekst


@pytest.mark.parametrize(
    ("at", "frist", "dager"),
    [
        (D(2026, 3, 27), D(2026, 4, 7), 4),  # 30, 31 March, 1 and 7 April (2, 3, 6 April: Easter)
        (D(2026, 4, 7), D(2026, 3, 27), -4),
        (D(2026, 3, 7), D(2026, 3, 6), -1),  # Saturday after a Friday deadline: overdue
        (D(2026, 3, 6), D(2026, 3, 6), 0),
    ],
)
def test_working_days_left(at, frist, dager):
    assert virkedager_til(at, frist) == dager


def test_the_calendar_sets_the_order_of_the_list():
    liste = oppgaver(AVTALE, prosess(moter=KALENDER, drofting=[]), D(2026, 3, 2))
    frister = [o.frist for o in liste if o.frist is not None]
    assert frister == sorted(frister)
