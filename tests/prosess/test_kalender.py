"""Working days and deadlines across Norwegian public holidays (Easter 2026, 17 May, Ascension)."""

import datetime as dt

from avtaleflyt.prosess.kalender import (
    er_virkedag,
    forrige_virkedag,
    frist_for,
    helligdag,
    trekk_virkedager,
    virkedager_mellom,
)

D = dt.date


def test_easter_2026_days_are_not_working_days():
    # Skjærtorsdag 2.4, langfredag 3.4, 2. påskedag 6.4 (2026)
    for day in (D(2026, 4, 2), D(2026, 4, 3), D(2026, 4, 6)):
        assert not er_virkedag(day), day
    assert er_virkedag(D(2026, 4, 1)) and er_virkedag(D(2026, 4, 7))
    assert helligdag(D(2026, 5, 17)) == "Grunnlovsdag"


def test_weekend_is_not_a_working_day():
    assert not er_virkedag(D(2026, 3, 7)) and not er_virkedag(D(2026, 3, 8))
    assert forrige_virkedag(D(2026, 3, 8)) == D(2026, 3, 6)


def test_twelve_calendar_days_landing_on_maundy_thursday_move_back_to_wednesday():
    # Meeting Tuesday 14.4.2026: 12 days before is 2.4 (skjærtorsdag) -> onsdag 1.4
    assert frist_for(D(2026, 4, 14), 12, "kalenderdager") == D(2026, 4, 1)


def test_deadline_on_17_may_moves_to_friday_before():
    # 17.5.2026 is a Sunday and Grunnlovsdag; 12 days before 29.5 is 17.5 -> fredag 15.5
    assert frist_for(D(2026, 5, 29), 12, "kalenderdager") == D(2026, 5, 15)


def test_working_days_skip_ascension_and_whit_monday():
    # 10 virkedager før tirsdag 26.5.2026 (2. pinsedag 25.5, Kristi himmelfart 14.5)
    assert trekk_virkedager(D(2026, 5, 26), 10) == D(2026, 5, 8)
    assert frist_for(D(2026, 5, 26), 10, "virkedager") == D(2026, 5, 8)


def test_working_days_across_easter():
    # 10 virkedager før tirsdag 14.4.2026 hopper over 2., 3. og 6. april
    assert trekk_virkedager(D(2026, 4, 14), 10) == D(2026, 3, 26)
    assert virkedager_mellom(D(2026, 3, 26), D(2026, 4, 14)) == 10
    assert virkedager_mellom(D(2026, 4, 14), D(2026, 4, 14)) == 0
