"""The shipped history: fylker with their periods, every change with its successors, and the
organisasjonsnummer of kommuner and fylkeskommuner."""

from __future__ import annotations

import csv
import datetime as dt
from datetime import timedelta

import pytest

from schemas import kommuner

D = dt.date


def _rader(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _fylker_paa(on: dt.date) -> set[str]:
    return {r["nummer"] for r in _rader(kommuner.FYLKE_FILE) if kommuner.kommune(r["nummer"], on)}


def test_fylkesreformene() -> None:
    # 19 fylker in 2017; Trøndelag 1.1.2018; 11 after the 2020 reform; 15 after the 2024 split.
    assert len(_fylker_paa(D(2017, 1, 1))) == 19
    assert len(_fylker_paa(D(2018, 1, 1))) == 18
    assert len(_fylker_paa(D(2020, 1, 1))) == 11
    assert len(_fylker_paa(D(2024, 1, 1))) == 15
    assert kommuner.kommune("30", D(2023, 12, 31)).navn == "Viken"
    assert kommuner.kommune("30", D(2024, 1, 1)) is None
    assert kommuner.kommune("32", D(2024, 1, 1)).navn == "Akershus"
    assert kommuner.kommune("02", D(2019, 12, 31)).navn == "Akershus"


def test_kommunene_ligger_i_fylker_som_finnes() -> None:
    for aar in range(2017, 2027):
        on = D(aar, 1, 1)
        fylker = _fylker_paa(on)
        for r in _rader(kommuner.DATA_FILE):
            if kommuner.kommune(r["nummer"], on) is not None:
                assert r["nummer"][:2] in fylker, (r, aar)


@pytest.mark.parametrize("path", [kommuner.DATA_FILE, kommuner.FYLKE_FILE])
def test_hvert_nummer_som_opphorer_har_etterfolger(path) -> None:
    for r in _rader(path):
        if not r["gyldig_til"]:
            continue
        slutt = D.fromisoformat(r["gyldig_til"])
        endr = kommuner.etterfolgere(r["nummer"])
        assert endr, r
        for e in endr:
            assert e.dato == slutt + timedelta(days=1), (r, e)
            assert kommuner.kommune(e.til_nummer, e.dato) is not None, e


@pytest.mark.parametrize("path", [kommuner.DATA_FILE, kommuner.FYLKE_FILE])
def test_hvert_nytt_nummer_etter_2017_har_forgjenger(path) -> None:
    for r in _rader(path):
        if r["gyldig_fra"] and r["gyldig_fra"] > "2017-01-01":
            start = D.fromisoformat(r["gyldig_fra"])
            forg = kommuner.forgjengere(r["nummer"])
            assert any(e.dato == start for e in forg), r


def test_endringene_er_fra_ssb_eller_utledet_med_kilde() -> None:
    rader = _rader(kommuner.ENDRINGER_FILE)
    assert all(r["kilde"] for r in rader)
    assert {r["dato"] for r in rader} == {"2018-01-01", "2019-01-01", "2020-01-01", "2024-01-01"}


@pytest.mark.parametrize(
    "nr, tekst",
    [
        ("1648", "1.1.2018 fikk 1648 Midtre Gauldal nytt nummer: 5027 Midtre Gauldal"),
        ("1567", "1.1.2019 fikk 1567 Rindal nytt nummer: 5061 Rindal"),
        ("0213", "1.1.2020 ble 0213 Ski slått sammen med 0217 Oppegård til 3020 Nordre Follo"),
        ("1507", "1.1.2024 ble 1507 Ålesund delt mellom 1508 Ålesund og 1580 Haram"),
        ("16", "1.1.2018 ble 16 Sør-Trøndelag slått sammen med 17 Nord-Trøndelag til 50 Trøndelag"),
        ("54", "1.1.2024 ble 54 Troms og Finnmark"),
        ("5027", None),
    ],
)
def test_beskriv_endring(nr: str, tekst: str | None) -> None:
    funnet = kommuner.beskriv_endring(nr)
    assert (funnet is None) if tekst is None else (funnet or "").startswith(tekst)


def test_gjeldende_folger_hele_kjeden() -> None:
    # Hof merged into Holmestrand (2018), which took in Sande (2020) and was renumbered (2024).
    assert [k.nummer for k in kommuner.gjeldende("0714", D(2026, 1, 1))] == ["3903"]
    assert [k.nummer for k in kommuner.gjeldende("0714", D(2019, 1, 1))] == ["0715"]
    assert kommuner.beskriv_historikk("5027", D(2026, 1, 1)) is None


def test_organisasjonsnummer_har_gyldig_kontrollsiffer() -> None:
    rader = _rader(kommuner.ORGNR_FILE)
    assert rader and all(
        kommuner.gyldig_organisasjonsnummer(r["organisasjonsnummer"]) for r in rader
    )
    assert all(r["kilde"] for r in rader)


def test_organisasjonsnummer_for_alle_dagens_kommuner_og_fylker() -> None:
    on = D(2026, 1, 1)
    mangler = [
        r["nummer"]
        for path in (kommuner.DATA_FILE, kommuner.FYLKE_FILE)
        for r in _rader(path)
        if kommuner.kommune(r["nummer"], on) and kommuner.organisasjonsnummer(r["nummer"]) is None
    ]
    # Ålesund and Haram after the 2024 split: no source found (data/README.md).
    assert mangler == ["1508", "1580"]


@pytest.mark.parametrize(
    "nr, orgnr",
    [
        ("5027", "970187715"),  # SSB Klass 582/1236
        ("1648", "970187715"),  # the same kommune under its number before 2018
        ("0301", "958935420"),
        ("03", "958935420"),
        ("50", "817920632"),
        ("3107", "940039541"),  # Fredrikstad, renumbered 2024
        ("0106", "940039541"),
    ],
)
def test_kjente_organisasjonsnummer(nr: str, orgnr: str) -> None:
    assert kommuner.organisasjonsnummer(nr) == orgnr


def test_kontrollsiffer() -> None:
    assert kommuner.gyldig_organisasjonsnummer("970187715")
    assert not kommuner.gyldig_organisasjonsnummer("970187716")
    assert not kommuner.gyldig_organisasjonsnummer("97018771")
