"""The shipped population figures: every kommune and fylke, 1 January 2017–2026, each with its
source, and a cost key by population for any participants, counties included."""

from __future__ import annotations

import csv
import datetime as dt
from fractions import Fraction

import pytest

from avtaleflyt.fordeling import BEFOLKNING_CSV, FordelingsFeil, beregn_fordeling, last_befolkning
from schemas import kommuner
from schemas.valgaar import er_valgaar
from tests.regler.eksempler import grunnavtale, last

D = dt.date


def _numre_paa(aar: int) -> set[str]:
    on = D(aar, 1, 1)
    numre: set[str] = set()
    for path in (kommuner.DATA_FILE, kommuner.FYLKE_FILE):
        with path.open(encoding="utf-8") as handle:
            numre |= {
                r["nummer"] for r in csv.DictReader(handle) if kommuner.kommune(r["nummer"], on)
            }
    return numre


def _rader() -> list[dict[str, str]]:
    with BEFOLKNING_CSV.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("aar", range(2017, 2027))
def test_alle_kommuner_og_fylker_hvert_aar(aar: int) -> None:
    befolkning = last_befolkning()
    assert [nr for nr in sorted(_numre_paa(aar)) if befolkning.folketall(nr, aar) is None] == []


def test_kommunene_summerer_til_fylkene() -> None:
    befolkning = last_befolkning()
    for aar in range(2017, 2027):
        numre = _numre_paa(aar)
        kommunene = sum(befolkning.folketall(n, aar).folkemengde for n in numre if len(n) == 4)
        fylkene = sum(befolkning.folketall(n, aar).folkemengde for n in numre if len(n) == 2)
        assert kommunene == fylkene, aar


def test_hvert_tall_gjelder_et_nummer_som_fantes_1_januar_og_har_kilde() -> None:
    for r in _rader():
        aar = int(r["aar"])
        # before 2017 only single figures a corpus key needs: election years (Ofoten brann IKS's
        # shares follow the population in each election year), read from the same SSB copy
        assert 2017 <= aar <= 2026 or (er_valgaar(aar) and "fhidata" in r["kilde"]), r
        assert kommuner.kommune(r["kommunenummer"], D(aar, 1, 1)) is not None, r
        assert r["kilde"].strip() and int(r["folkemengde"]) > 0, r


def test_fylket_er_summen_av_kommunene() -> None:
    befolkning = last_befolkning()
    for aar in (2020, 2024, 2026):
        on = D(aar, 1, 1)
        for fylke in ("03", "50", "46", "32"):
            kommunene = [nr for nr in _numre_paa(aar) if len(nr) == 4 and nr[:2] == fylke]
            if fylke == "32" and aar < 2024:
                continue
            assert kommuner.kommune(fylke, on) is not None
            total = sum(befolkning.folketall(nr, aar).folkemengde for nr in kommunene)
            assert befolkning.folketall(fylke, aar).folkemengde == total


@pytest.mark.parametrize(
    "nr, aar, antall",
    [
        # the figures shipped before, from another source (Trønderbladet, Trondheimsregionen)
        ("5027", 2020, 6238),
        ("5028", 2021, 16949),
        ("5029", 2023, 8441),
        # Midtre Gauldal under its number before 2018
        ("1648", 2017, 6319),
        ("0301", 2017, 666759),
        # Klæbu kept its own figure until it joined Trondheim (not Trondheim's)
        ("5030", 2019, 6076),
        ("5001", 2019, 196159),  # without Klæbu (with it: 202 235, the 2020 area)
        # derived: the national figure minus the 355 other kommuner
        ("1507", 2020, 66258),
        # national totals (SSB): the kommuner of a year add up to them
    ],
)
def test_kjente_tall(nr: str, aar: int, antall: int) -> None:
    assert last_befolkning().folketall(nr, aar).folkemengde == antall


@pytest.mark.parametrize("aar, antall", [(2017, 5258317), (2019, 5328212), (2026, 5627400)])
def test_landet_i_alt(aar: int, antall: int) -> None:
    befolkning = last_befolkning()
    numre = [n for n in _numre_paa(aar) if len(n) == 4]
    assert sum(befolkning.folketall(n, aar).folkemengde for n in numre) == antall


def test_fordeling_etter_innbyggertall_for_hvilke_som_helst_deltakere() -> None:
    # Before: figures for three kommuner only, so this key could not be computed for others.
    data = grunnavtale("samarbeidsavtale")
    data["deltakere"] = [
        {"kommunenummer": "0301", "navn": "Oslo"},
        {"kommunenummer": "3201", "navn": "Bærum"},
        {"kommunenummer": "32", "navn": "Akershus"},
    ]
    data["okonomi"] = {"fordelingsnokkel": {"metode": "innbyggertall", "aar": 2025}}
    andeler = beregn_fordeling(last(data))
    befolkning = last_befolkning()
    tall = [befolkning.folketall(nr, 2025).folkemengde for nr in ("0301", "3201", "32")]
    assert [a.grunnlag for a in andeler] == tall
    assert sum((a.andel for a in andeler), Fraction(0)) == 1


def test_manglende_tall_er_en_tydelig_feil() -> None:
    data = grunnavtale("samarbeidsavtale")
    data["okonomi"] = {"fordelingsnokkel": {"metode": "innbyggertall", "aar": 2016}}
    with pytest.raises(FordelingsFeil, match=r"folketallet per 1. januar 2016 mangler for Midtre"):
        beregn_fordeling(last(data))


def test_fil_med_feil_nummer_avvises(tmp_path) -> None:
    sti = tmp_path / "b.csv"
    sti.write_text(
        "kommunenummer,navn,aar,folkemengde,kilde\n50,Trøndelag,2024,100,x\n123,Feil,2024,1,x\n",
        encoding="utf-8",
    )
    with pytest.raises(FordelingsFeil, match=r"linje 3: «123» er verken et kommunenummer"):
        last_befolkning(sti)
