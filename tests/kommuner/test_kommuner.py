"""The shipped municipality list: numbers are judged on the agreement's date."""

from __future__ import annotations

import csv
import datetime as dt
import itertools

import pytest

from schemas import kommuner


def test_trondelag_merger_boundary():
    assert kommuner.kommune("1648", dt.date(2017, 12, 31)).navn == "Midtre Gauldal"
    assert kommuner.kommune("1648", dt.date(2018, 1, 1)) is None
    assert kommuner.kommune("5027", dt.date(2017, 12, 31)) is None
    assert kommuner.kommune("5027", dt.date(2018, 1, 1)).navn == "Midtre Gauldal"


def test_2020_reform():
    assert kommuner.kommune("5030", dt.date(2019, 12, 31)).navn == "Klæbu"
    assert kommuner.kommune("5030", dt.date(2020, 1, 1)) is None
    assert kommuner.kommune("5059", dt.date(2020, 1, 1)).navn == "Orkland"
    assert kommuner.kommune("1567", dt.date(2020, 1, 1)) is None
    assert kommuner.kommune("5061", dt.date(2026, 6, 1)).navn == "Rindal"


def test_unknown_and_coverage():
    assert not kommuner.known("5099")
    # Without a date: whether the number is in the lists at all.
    assert not kommuner.covered("5099") and kommuner.covered("4601") and kommuner.covered("50")
    assert "1.1.2018" in kommuner.describe_validity("5027")
    assert "finnes ikke i kommunelisten" in kommuner.describe_validity("9999")
    assert "finnes ikke i fylkeslisten" in kommuner.describe_validity("99")


def test_csv_integrity():
    with kommuner.DATA_FILE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all(len(r["nummer"]) == 4 and r["nummer"].isdigit() for r in rows)
    for nr in {r["nummer"] for r in rows}:
        spans = kommuner.periods(nr)
        for a, b in itertools.pairwise(spans):
            assert (
                a.gyldig_til is not None
                and b.gyldig_fra is not None
                and a.gyldig_til < b.gyldig_fra
            )
        for item in spans:
            if item.gyldig_fra and item.gyldig_til:
                assert item.gyldig_fra <= item.gyldig_til


def _valid_on(on: dt.date) -> set[str]:
    with kommuner.DATA_FILE.open(encoding="utf-8") as handle:
        numbers = {r["nummer"] for r in csv.DictReader(handle)}
    return {n for n in numbers if kommuner.kommune(n, on) is not None}


def test_national_counts():
    # SSB: 426 municipalities in 2017, 422 in 2018 and 2019, 356 after the 2020 reform, 357 after
    # the 2024 county split (Haram restored).
    assert len(_valid_on(dt.date(2017, 1, 1))) == 426
    assert len(_valid_on(dt.date(2018, 1, 1))) == 422
    assert len(_valid_on(dt.date(2019, 12, 31))) == 422
    assert len(_valid_on(dt.date(2020, 1, 1))) == 356
    assert len(_valid_on(dt.date(2023, 12, 31))) == 356
    assert len(_valid_on(dt.date(2024, 1, 1))) == 357
    assert len(_valid_on(dt.date(2026, 6, 1))) == 357


_D = dt.date
NASJONALE_GRENSER = [
    # national from 2020
    ("4601", _D(2020, 1, 1), "Bergen"),
    ("4601", _D(2026, 6, 1), "Bergen"),
    ("4601", _D(2019, 12, 31), None),
    ("1201", _D(2019, 12, 31), "Bergen"),
    ("1201", _D(2020, 1, 1), None),
    ("0441", _D(2017, 1, 1), "Os"),
    ("3430", _D(2020, 1, 1), "Os"),
    # Rindal moved from Møre og Romsdal to Trøndelag on 1.1.2019 (SSB's 2018–2019 changes)
    ("1567", _D(2018, 12, 31), "Rindal"),
    ("1567", _D(2019, 1, 1), None),
    ("5061", _D(2019, 1, 1), "Rindal"),
    # the 2018 mergers in Vestfold
    ("0702", _D(2017, 12, 31), "Holmestrand"),
    ("0702", _D(2018, 1, 1), None),
    ("0715", _D(2018, 1, 1), "Holmestrand"),
    ("1103", _D(2022, 3, 1), "Stavanger"),
    # the 2024 county split; Jevnaker and Lunner moved from Viken to Akershus
    ("3024", _D(2023, 12, 31), "Bærum"),
    ("3024", _D(2024, 1, 1), None),
    ("3201", _D(2024, 1, 1), "Bærum"),
    ("3201", _D(2023, 12, 31), None),
    ("5401", _D(2023, 12, 31), "Tromsø"),
    ("5501", _D(2024, 1, 1), "Tromsø"),
    ("3053", _D(2024, 1, 1), None),
    ("3236", _D(2024, 1, 1), "Jevnaker"),
    # Haram restored, Ålesund renumbered
    ("1580", _D(2024, 1, 1), "Haram"),
    ("1580", _D(2023, 12, 31), None),
    ("1507", _D(2020, 1, 1), "Ålesund"),
    ("1507", _D(2023, 12, 31), "Ålesund"),
    ("1507", _D(2024, 1, 1), None),
    ("1508", _D(2023, 12, 31), None),
    ("1508", _D(2024, 1, 1), "Ålesund"),
]


@pytest.mark.parametrize("nr, on, navn", NASJONALE_GRENSER)
def test_numbers_outside_trondelag_on_both_sides_of_2020_and_2024(nr, on, navn):
    funnet = kommuner.kommune(nr, on)
    assert (funnet.navn if funnet else None) == navn


def test_coverage_by_date():
    # National from 1.1.2017: before that a missing number proves nothing.
    assert kommuner.covered("4601", dt.date(2024, 1, 1))
    assert kommuner.covered("1201", dt.date(2019, 6, 1))
    assert kommuner.covered("0441", dt.date(2017, 1, 1))
    assert not kommuner.covered("1201", dt.date(2016, 12, 31))
    assert dt.date(2017, 1, 1) == kommuner.NATIONAL_FROM
