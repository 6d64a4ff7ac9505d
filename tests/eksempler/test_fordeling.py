"""Cost sharing: exact shares for every key, øre amounts that sum to the budget, Norwegian errors."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from avtaleflyt.fordeling import (
    Befolkning,
    FordelingsFeil,
    beregn_fordeling,
    fordel_belop,
    last_befolkning,
)
from schemas.avtale import AVTALE_ADAPTER

TRE = [
    {"kommunenummer": "5027", "navn": "Midtre Gauldal"},
    {"kommunenummer": "5028", "navn": "Melhus"},
    {"kommunenummer": "5029", "navn": "Skaun"},
]


def avtale(nokkel: dict, deltakere=None, budsjett=None, type_="samarbeidsavtale"):
    data = {
        "type": type_,
        "id": "test-fordeling",
        "tittel": "Testavtale",
        "versjonsdato": "2026-01-15",
        "deltakere": deltakere if deltakere is not None else TRE,
        "okonomi": {"fordelingsnokkel": nokkel},
    }
    if budsjett is not None:
        data["okonomi"]["budsjett"] = budsjett
    return AVTALE_ADAPTER.validate_python(data)


def seks():
    return [{"kommunenummer": f"50{n}", "navn": f"Kommune {n}"} for n in range(21, 27)]


# --------------------------------------------------------------------------- lik


def test_six_equal_shares_sum_to_exactly_one():
    andeler = beregn_fordeling(avtale({"metode": "lik"}, deltakere=seks()))
    assert [a.andel for a in andeler] == [Fraction(1, 6)] * 6
    assert sum(a.andel for a in andeler) == 1  # exact, not 0.9999999999999999
    assert all(isinstance(a.andel, Fraction) for a in andeler)


def test_six_avtalte_shares_of_one_sixth_sum_to_one():
    nokkel = {
        "metode": "avtalt",
        "andeler": [{"kommunenummer": d["kommunenummer"], "andel": "1/6"} for d in seks()],
    }
    andeler = beregn_fordeling(avtale(nokkel, deltakere=seks()))
    assert sum(a.andel for a in andeler) == 1


def test_equal_thirds_of_an_uneven_budget_sum_exactly_to_the_budget():
    andeler = beregn_fordeling(avtale({"metode": "lik"}, budsjett="100000.00"))
    assert [a.belop for a in andeler] == [
        Decimal("33333.34"),
        Decimal("33333.33"),
        Decimal("33333.33"),
    ]
    assert sum(a.belop for a in andeler) == Decimal("100000.00")


def test_no_budget_means_no_amounts():
    assert all(a.belop is None for a in beregn_fordeling(avtale({"metode": "lik"})))


# --------------------------------------------------------------------------- innbyggertall


def test_innbyggertall_uses_population_of_the_given_year():
    befolkning = {
        ("5027", 2025): 6000,
        ("5028", 2025): 17000,
        ("5029", 2025): 7000,
        ("5027", 2024): 1,
        ("5028", 2024): 1,
        ("5029", 2024): 1,
    }
    andeler = beregn_fordeling(avtale({"metode": "innbyggertall", "aar": 2025}), befolkning)
    assert [a.andel for a in andeler] == [Fraction(1, 5), Fraction(17, 30), Fraction(7, 30)]
    assert [a.grunnlag for a in andeler] == [6000, 17000, 7000]
    assert andeler[0].grunnlag_sum == 30000
    assert "per 1. januar 2025" in andeler[0].forklaring


def test_missing_population_year_is_a_norwegian_error_naming_the_kommune():
    befolkning = {("5027", 2025): 6000, ("5028", 2025): 17000, ("5029", 2024): 7000}
    with pytest.raises(FordelingsFeil) as exc:
        beregn_fordeling(avtale({"metode": "innbyggertall", "aar": 2025}), befolkning)
    assert "folketallet per 1. januar 2025 mangler for Skaun (5029)" in str(exc.value)
    assert "2024" in str(exc.value)
    assert exc.value.sti == ("okonomi", "fordelingsnokkel", "aar")


def test_population_from_csv(tmp_path):
    csv_file = tmp_path / "befolkning.csv"
    csv_file.write_text(
        "kommunenummer,navn,aar,folkemengde,kilde\n"
        "5027,Midtre Gauldal,2025,6000,SSB tabell 07459\n"
        "5028,Melhus,2025,18000,SSB tabell 07459\n"
        "5029,Skaun,2025,6000,SSB tabell 07459\n",
        encoding="utf-8",
    )
    befolkning = last_befolkning(csv_file)
    assert befolkning.folketall("5028", 2025).folkemengde == 18000
    assert last_befolkning(csv_file) is befolkning  # cached
    andeler = beregn_fordeling(avtale({"metode": "innbyggertall", "aar": 2025}), csv_file)
    assert [a.andel for a in andeler] == [Fraction(1, 5), Fraction(3, 5), Fraction(1, 5)]


def test_csv_with_a_duplicate_row_is_refused(tmp_path):
    csv_file = tmp_path / "befolkning.csv"
    csv_file.write_text(
        "kommunenummer,navn,aar,folkemengde,kilde\n5027,A,2025,1,x\n5027,A,2025,2,x\n",
        encoding="utf-8",
    )
    with pytest.raises(FordelingsFeil, match="står to ganger"):
        last_befolkning(csv_file)


def test_missing_csv_is_a_norwegian_error(tmp_path):
    with pytest.raises(FordelingsFeil, match="finner ikke befolkningstallene"):
        last_befolkning(tmp_path / "mangler.csv")


def test_shipped_population_covers_the_gauldal_kommuner():
    befolkning = last_befolkning()
    for nr in ("5027", "5028", "5029"):
        assert befolkning.aar_for(nr), f"ingen folketall for {nr}"


# --------------------------------------------------------------------------- bruk


def test_bruk_shares_and_missing_participant():
    nokkel = {
        "metode": "bruk",
        "enhet": "lønnsmottakere",
        "bruk": [
            {"kommunenummer": "5027", "antall": 100},
            {"kommunenummer": "5028", "antall": 250},
            {"kommunenummer": "5029", "antall": 150},
        ],
    }
    andeler = beregn_fordeling(avtale(nokkel))
    assert [a.andel for a in andeler] == [Fraction(1, 5), Fraction(1, 2), Fraction(3, 10)]
    nokkel["bruk"] = nokkel["bruk"][:2]
    with pytest.raises(FordelingsFeil, match=r"brukstall mangler for Skaun \(5029\)"):
        beregn_fordeling(avtale(nokkel))


def test_bruk_for_a_non_participant_is_refused():
    nokkel = {
        "metode": "bruk",
        "enhet": "saker",
        "bruk": [
            {"kommunenummer": "5027", "antall": 1},
            {"kommunenummer": "5028", "antall": 1},
            {"kommunenummer": "5029", "antall": 1},
            {"kommunenummer": "5001", "antall": 9},
        ],
    }
    with pytest.raises(FordelingsFeil, match="5001, som ikke er deltaker"):
        beregn_fordeling(avtale(nokkel))


def test_all_zero_use_cannot_be_shared():
    nokkel = {
        "metode": "bruk",
        "enhet": "saker",
        "bruk": [{"kommunenummer": nr, "antall": 0} for nr in ("5027", "5028", "5029")],
    }
    with pytest.raises(FordelingsFeil, match="summen for deltakerne er 0"):
        beregn_fordeling(avtale(nokkel))


# --------------------------------------------------------------------------- fast og variabel


def test_fast_og_variabel_by_population_computed_by_hand():
    # 30 % fast, delt likt på tre: 10 % hver. 70 % etter folketall 1 000 / 3 000 / 6 000 (1/10, 3/10, 6/10):
    # Midtre Gauldal 1/10 + 7/10·1/10 = 17/100, Melhus 1/10 + 7/10·3/10 = 31/100,
    # Skaun 1/10 + 7/10·6/10 = 52/100. Sum 100/100.
    nokkel = {
        "metode": "fast_og_variabel",
        "fast_andel": "30 %",
        "variabel_etter": "innbyggertall",
        "aar": 2025,
    }
    befolkning = {"5027": 1000, "5028": 3000, "5029": 6000}
    andeler = beregn_fordeling(avtale(nokkel, budsjett="1000000"), befolkning)
    assert [a.andel for a in andeler] == [Fraction(17, 100), Fraction(31, 100), Fraction(52, 100)]
    assert [a.fast for a in andeler] == [Fraction(1, 10)] * 3
    assert [a.variabel for a in andeler] == [Fraction(7, 100), Fraction(21, 100), Fraction(42, 100)]
    assert [a.belop for a in andeler] == [
        Decimal("170000.00"),
        Decimal("310000.00"),
        Decimal("520000.00"),
    ]
    assert [a.andel_tekst for a in andeler] == ["17 %", "31 %", "52 %"]


def test_fast_og_variabel_by_use_computed_by_hand():
    # 1/2 fast: 1/6 hver. 1/2 etter bruk 1 / 1 / 2 (1/4, 1/4, 1/2): 1/6+1/8 = 7/24, 7/24, 1/6+1/4 = 10/24.
    nokkel = {
        "metode": "fast_og_variabel",
        "fast_andel": "1/2",
        "variabel_etter": "bruk",
        "enhet": "oppmålingsforretninger",
        "bruk": [
            {"kommunenummer": "5027", "antall": 1},
            {"kommunenummer": "5028", "antall": 1},
            {"kommunenummer": "5029", "antall": 2},
        ],
    }
    andeler = beregn_fordeling(avtale(nokkel, budsjett="100.00"))
    assert [a.andel for a in andeler] == [Fraction(7, 24), Fraction(7, 24), Fraction(5, 12)]
    assert sum(a.andel for a in andeler) == 1
    # 29.1666… , 29.1666…, 41.6666…: floors 29.16 + 29.16 + 41.66 = 99.98; 2 øre to the largest
    # remainders (all 2/3 øre; ties in list order) → Midtre Gauldal and Melhus.
    assert [a.belop for a in andeler] == [Decimal("29.17"), Decimal("29.17"), Decimal("41.66")]
    assert sum(a.belop for a in andeler) == Decimal("100.00")


def test_fast_og_variabel_by_population_without_year_is_refused():
    nokkel = {"metode": "fast_og_variabel", "fast_andel": "20 %", "variabel_etter": "innbyggertall"}
    with pytest.raises(FordelingsFeil, match="krever året") as exc:
        beregn_fordeling(avtale(nokkel), {"5027": 1, "5028": 1, "5029": 1})
    assert exc.value.sti == ("okonomi", "fordelingsnokkel", "aar")


# --------------------------------------------------------------------------- eierandel / avtalt


def test_eierandel_key():
    deltakere = [dict(d, eierandel=a) for d, a in zip(TRE, ["20 %", "50 %", "30 %"], strict=True)]
    andeler = beregn_fordeling(avtale({"metode": "eierandel"}, deltakere=deltakere, type_="iks"))
    assert [a.andel for a in andeler] == [Fraction(1, 5), Fraction(1, 2), Fraction(3, 10)]


def test_eierandel_missing_or_not_summing_to_one():
    deltakere = [dict(d, eierandel=a) for d, a in zip(TRE, ["20 %", "50 %", None], strict=True)]
    with pytest.raises(FordelingsFeil, match="mangler for Skaun") as exc:
        beregn_fordeling(avtale({"metode": "eierandel"}, deltakere=deltakere))
    assert exc.value.sti == ("deltakere", 2, "eierandel")
    deltakere[2]["eierandel"] = "1/3"
    with pytest.raises(FordelingsFeil, match="ikke 100 %"):
        beregn_fordeling(avtale({"metode": "eierandel"}, deltakere=deltakere))


def test_avtalt_must_sum_to_exactly_one():
    nokkel = {
        "metode": "avtalt",
        "andeler": [
            {"kommunenummer": "5027", "andel": "33,33 %"},
            {"kommunenummer": "5028", "andel": "33,33 %"},
            {"kommunenummer": "5029", "andel": "33,33 %"},
        ],
    }
    with pytest.raises(FordelingsFeil, match=r"summerer til 99,99 %"):
        beregn_fordeling(avtale(nokkel))
    nokkel["andeler"] = [{"kommunenummer": nr, "andel": "1/3"} for nr in ("5027", "5028", "5029")]
    assert sum(a.andel for a in beregn_fordeling(avtale(nokkel))) == 1


def test_no_key_is_a_norwegian_error():
    data = AVTALE_ADAPTER.validate_python(
        {
            "type": "samarbeidsavtale",
            "id": "x-y",
            "tittel": "T",
            "versjonsdato": "2026-01-01",
            "deltakere": TRE,
        }
    )
    with pytest.raises(FordelingsFeil, match="ingen fordelingsnøkkel"):
        beregn_fordeling(data)


# --------------------------------------------------------------------------- rounding


@pytest.mark.parametrize("budsjett", ["0.01", "0.02", "1.00", "999999.99", "12345678.91"])
@pytest.mark.parametrize(
    "andeler",
    [
        [Fraction(1, 3)] * 3,
        [Fraction(1, 7)] * 7,
        [Fraction(17, 100), Fraction(31, 100), Fraction(52, 100)],
        [Fraction(1, 1)],
    ],
)
def test_amounts_always_sum_to_the_budget_and_are_within_one_ore(budsjett, andeler):
    belop = fordel_belop(Decimal(budsjett), andeler)
    assert sum(belop) == Decimal(budsjett)
    for b, a in zip(belop, andeler, strict=True):
        assert abs(Fraction(b) - a * Fraction(Decimal(budsjett))) < Fraction(1, 100)


def test_befolkning_fra_accepts_an_existing_object():
    b = Befolkning.fra({"5027": 5})
    assert Befolkning.fra(b) is b
