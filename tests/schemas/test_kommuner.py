"""The shipped municipality list: numbers are judged on the agreement's date."""

from __future__ import annotations

import csv
import datetime as dt

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
    # Without a date only the county prefix counts: Vestland has no history in the list.
    assert kommuner.covered("5099") and not kommuner.covered("4601")
    assert "1.1.2018" in kommuner.describe_validity("5027")
    assert "finnes ikke" in kommuner.describe_validity("9999")


def test_csv_integrity():
    with kommuner.DATA_FILE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all(len(r["nummer"]) == 4 and r["nummer"].isdigit() for r in rows)
    for nr in {r["nummer"] for r in rows}:
        spans = kommuner.periods(nr)
        for a, b in zip(spans, spans[1:]):
            assert a.gyldig_til is not None and b.gyldig_fra is not None and a.gyldig_til < b.gyldig_fra
        for item in spans:
            if item.gyldig_fra and item.gyldig_til:
                assert item.gyldig_fra <= item.gyldig_til


def _valid_on(on: dt.date) -> set[str]:
    with kommuner.DATA_FILE.open(encoding="utf-8") as handle:
        numbers = {r["nummer"] for r in csv.DictReader(handle)}
    return {n for n in numbers if kommuner.kommune(n, on) is not None}


def test_national_counts():
    # 356 municipalities after the 2020 reform, 357 after the 2024 county split (Haram restored).
    assert len(_valid_on(dt.date(2020, 1, 1))) == 356
    assert len(_valid_on(dt.date(2023, 12, 31))) == 356
    assert len(_valid_on(dt.date(2024, 1, 1))) == 357
    assert len(_valid_on(dt.date(2026, 6, 1))) == 357


def test_national_from_2020():
    assert kommuner.kommune("4601", dt.date(2020, 1, 1)).navn == "Bergen"
    assert kommuner.kommune("4601", dt.date(2026, 6, 1)).navn == "Bergen"
    assert kommuner.kommune("4601", dt.date(2019, 12, 31)) is None
    assert kommuner.kommune("1103", dt.date(2022, 3, 1)).navn == "Stavanger"


def test_2024_county_split():
    assert kommuner.kommune("3024", dt.date(2023, 12, 31)).navn == "Bærum"
    assert kommuner.kommune("3024", dt.date(2024, 1, 1)) is None
    assert kommuner.kommune("3201", dt.date(2024, 1, 1)).navn == "Bærum"
    assert kommuner.kommune("3201", dt.date(2023, 12, 31)) is None
    assert kommuner.kommune("5401", dt.date(2023, 12, 31)).navn == "Tromsø"
    assert kommuner.kommune("5501", dt.date(2024, 1, 1)).navn == "Tromsø"
    # Jevnaker and Lunner moved from Viken to Akershus.
    assert kommuner.kommune("3053", dt.date(2024, 1, 1)) is None
    assert kommuner.kommune("3236", dt.date(2024, 1, 1)).navn == "Jevnaker"


def test_haram_and_alesund():
    assert kommuner.kommune("1580", dt.date(2024, 1, 1)).navn == "Haram"
    assert kommuner.kommune("1580", dt.date(2023, 12, 31)) is None
    assert kommuner.kommune("1507", dt.date(2020, 1, 1)).navn == "Ålesund"
    assert kommuner.kommune("1507", dt.date(2023, 12, 31)).navn == "Ålesund"
    assert kommuner.kommune("1507", dt.date(2024, 1, 1)) is None
    assert kommuner.kommune("1508", dt.date(2023, 12, 31)) is None
    assert kommuner.kommune("1508", dt.date(2024, 1, 1)).navn == "Ålesund"


def test_coverage_by_date():
    assert kommuner.covered("4601", dt.date(2024, 1, 1))
    assert kommuner.covered("1201", dt.date(2020, 1, 1))
    assert not kommuner.covered("1201", dt.date(2019, 6, 1))
    assert kommuner.covered("5027", dt.date(2017, 6, 1))
    assert kommuner.NATIONAL_FROM == dt.date(2020, 1, 1)
