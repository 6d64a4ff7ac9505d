"""Keys whose population date recurs: ownership shares (and cost keys) by the population per
1 January of each election year, computed from data/befolkning.csv for the year in force on the
agreement's date (issue 12: Ofoten brann IKS)."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from avtaleflyt.fordeling import (
    FordelingsFeil,
    beregn_eierandeler,
    beregn_fordeling,
    brukte_folketall_eierandel,
    eierandelsaar,
    last_befolkning,
    starter_med_oppgitte_andeler,
)
from avtaleflyt.rendering.api import render_markdown
from avtaleflyt.rendering.canonical import parameters_json
from avtaleflyt.validation import validate_file
from schemas.valgaar import er_valgaar, folketallsaar, neste_valgaar, siste_valgaar
from tests.regler.eksempler import grunnavtale, last

D = dt.date
OFOTEN = (
    Path(__file__).resolve().parents[1] / "korpus" / "ofoten-brann-og-redning-iks" / "avtale.yaml"
)


@pytest.mark.parametrize(
    "dato, aar",
    [(D(2009, 3, 25), 2007), (D(2023, 1, 1), 2023), (D(2022, 12, 31), 2019), (D(2027, 9, 1), 2027)],
)
def test_siste_valgaar_paa_datoen(dato: dt.date, aar: int) -> None:
    assert siste_valgaar(dato) == aar


def test_neste_valgaar_etter_datoen() -> None:
    assert neste_valgaar(D(2009, 3, 25)) == 2011
    assert neste_valgaar(D(2023, 1, 1)) == 2027


def test_valgaarene_er_hvert_fjerde_aar() -> None:
    assert [a for a in range(2015, 2028) if er_valgaar(a)] == [2015, 2019, 2023, 2027]
    assert not er_valgaar(1971)  # before the series the rule counts from


def test_telleaaret() -> None:
    assert folketallsaar(2025, None, None) == 2025
    assert folketallsaar(2019, "valgaar", D(2026, 1, 1)) == 2019  # a stated year wins
    assert folketallsaar(None, "valgaar", D(2026, 1, 1)) == 2023
    assert folketallsaar(None, "valgaar", None) is None
    assert folketallsaar(None, None, D(2026, 1, 1)) is None


def _ofoten(uten_andeler: bool = False):
    data = yaml.safe_load(OFOTEN.read_text(encoding="utf-8"))
    if uten_andeler:
        for d in data["deltakere"]:
            d.pop("eierandel")
    return last(data)


def test_ofoten_oppgitte_andeler_gjelder_til_neste_valgaar() -> None:
    # «Ved stiftelse fordeles eierandelene som følger: 81 %, 11 % og 8 %» (25.3.2009): those hold
    # on the agreement's date, and the key takes over in the next election year, 2011
    avtale = validate_file(OFOTEN).avtale
    assert starter_med_oppgitte_andeler(avtale)
    assert eierandelsaar(avtale) == 2011
    assert beregn_eierandeler(avtale) == []
    assert brukte_folketall_eierandel(avtale) == {}


def test_uten_oppgitte_andeler_gjelder_siste_valgaar_paa_avtalens_dato() -> None:
    avtale = _ofoten(uten_andeler=True)
    assert eierandelsaar(avtale) == 2007
    andeler = beregn_eierandeler(avtale)
    befolkning = last_befolkning()
    tall = [befolkning.folketall(nr, 2007) for nr in ("1805", "1854", "1850")]
    assert [a.grunnlag for a in andeler] == [18301, 2684, 2052]
    assert all("fhidata" in t.kilde for t in tall)
    assert [a.andel for a in andeler] == [Fraction(g, 23037) for g in (18301, 2684, 2052)]
    assert sum(a.andel for a in andeler) == 1
    assert andeler[0].forklaring == "18\u00a0301 av 23\u00a0037 innbyggere per 1. januar 2007"


def test_oppgitt_valgaar_regnes_selv_med_oppgitte_andeler() -> None:
    data = yaml.safe_load(OFOTEN.read_text(encoding="utf-8"))
    data["eierandel_etter"]["aar"] = 2011
    assert [a.grunnlag for a in beregn_eierandeler(last(data))] == [18380, 2620, 2002]


def test_uten_dato_og_uten_aar_kan_valgaaret_ikke_bestemmes() -> None:
    data = grunnavtale("iks")
    for felt in ("versjonsdato", "avtaledato", "ikrafttredelse"):
        data.pop(felt, None)
    data["eierandel_etter"] = {"metode": "innbyggertall", "folketall_per": "valgaar"}
    with pytest.raises(FordelingsFeil, match=r"krever avtalens dato .* eller valgåret") as exc:
        beregn_eierandeler(last(data))
    assert exc.value.sti == ("eierandel_etter", "aar")
    data["eierandel_etter"]["aar"] = 2023
    assert [a.grunnlag for a in beregn_eierandeler(last(data))] == [
        last_befolkning().folketall(nr, 2023).folkemengde for nr in ("5027", "5028", "5029")
    ]


def test_manglende_folketall_for_valgaaret_stopper_beregningen() -> None:
    data = grunnavtale("iks")
    data["eierandel_etter"] = {"metode": "innbyggertall", "folketall_per": "valgaar", "aar": 2011}
    with pytest.raises(
        FordelingsFeil,
        match=r"eierandelene kan ikke regnes ut: folketallet per 1\. januar 2011 mangler",
    ):
        beregn_eierandeler(last(data))


def test_kostnadsnokkel_per_valgaar_regnes_for_avtalens_valgaar() -> None:
    data = grunnavtale("samarbeidsavtale")
    data["okonomi"] = {"fordelingsnokkel": {"metode": "innbyggertall", "folketall_per": "valgaar"}}
    avtale = last(data)
    assert siste_valgaar(avtale.dato) == 2023
    andeler = beregn_fordeling(avtale)
    assert all(a.forklaring.endswith("per 1. januar 2023") for a in andeler)
    data["okonomi"]["fordelingsnokkel"] = {"metode": "innbyggertall"}
    with pytest.raises(FordelingsFeil, match="krever året folketallet gjelder"):
        beregn_fordeling(last(data))


def test_dokumentet_sier_nokkelen_og_viser_andelene() -> None:
    data = grunnavtale("iks")
    data["eierandel_etter"] = {"metode": "innbyggertall", "folketall_per": "valgaar", "aar": 2023}
    tekst = render_markdown(last(data))
    assert (
        "Eierandelene fastsettes etter folketallet i hver deltaker per 1. januar i det året det "
        "holdes kommunestyre- og fylkestingsvalg" in tekst
    )
    assert "Folketallet per 1. januar 2023 gir disse eierandelene" in tekst
    assert "som går foran andelene i tabellen over fra valgåret 2023" in tekst


def test_dokumentet_med_oppgitte_andeler_sier_naar_nokkelen_tar_over() -> None:
    data = grunnavtale("iks")  # shares stated, agreement dated 1.6.2026
    data["eierandel_etter"] = {"metode": "innbyggertall", "folketall_per": "valgaar"}
    tekst = render_markdown(last(data))
    assert "Eierandelene i tabellen over gjelder til valgåret 2027" in tekst
    assert "gir disse eierandelene" not in tekst  # 2027's figures are not part of the text


def test_folketallene_inngaar_i_hashen_bare_med_nokkelen() -> None:
    data = grunnavtale("iks")
    assert "folketall_eierandel" not in json.loads(parameters_json(last(data)))
    data["eierandel_etter"] = {"metode": "innbyggertall", "folketall_per": "valgaar", "aar": 2023}
    brukt = json.loads(parameters_json(last(data)))["folketall_eierandel"]
    assert brukt == {
        nr: last_befolkning().folketall(nr, 2023).folkemengde for nr in ("5027", "5028", "5029")
    }
