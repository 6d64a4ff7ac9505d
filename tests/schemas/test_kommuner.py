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
