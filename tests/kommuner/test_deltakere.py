"""Participants as the law allows, checked against the real lists: kommuner and fylkeskommuner in
every form, an IKS only in an IKS; numbers and names on the agreement's date; members that no
longer exist name their successor and the date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from schemas.avtale import AVTALE_ADAPTER
from schemas.regler import sjekk
from schemas.regler.sjekk import sett_kommuneoppslag
from tests.regler.eksempler import grunnavtale, last

DELTAKERREGLER = {
    "KOMMUNENUMMER-UGYLDIG",
    "KOMMUNENUMMER-UDEKKET",
    "DELTAKER-ART-NUMMER",
    "DELTAKER-IKS-UTENFOR-IKS",
    "ORGANISASJONSNUMMER-UGYLDIG",
    "DELTAKER-NAVN",
    "KOMMUNENUMMER-ENDRET",
    "DELTAKER-OPPHORT",
    "DELTAKER-DUPLIKAT",
}


@pytest.fixture(autouse=True)
def _ekte_kommuneliste():
    sett_kommuneoppslag(None)
    yield
    sett_kommuneoppslag(None)


def _funn(data: dict[str, Any]) -> list[tuple[str, tuple, str]]:
    return [
        (b.regel.id, b.sti, b.melding) for b in sjekk(last(data)) if b.regel.id in DELTAKERREGLER
    ]


def _med_fylke(avtaletype: str) -> dict[str, Any]:
    data = grunnavtale(avtaletype)
    data["deltakere"][2] = {**data["deltakere"][2], "kommunenummer": "50", "navn": "Trøndelag"}
    for organ in ("representantskap", "nemnd"):
        if organ in data:
            data[organ]["medlemmer"][2]["kommunenummer"] = "50"
    return data


@pytest.mark.parametrize(
    "avtaletype",
    [
        "iks",
        "kommunalt_oppgavefellesskap",
        "interkommunalt_politisk_rad",
        "samarbeidsavtale",
        "vertskommune",
    ],
)
def test_fylkeskommune_er_gyldig_deltaker(avtaletype: str) -> None:
    # IKS-loven § 1 and kl. §§ 17-1, 18-1, 19-1: kommuner and fylkeskommuner alike.
    assert _funn(_med_fylke(avtaletype)) == []


def test_fylkesnummer_fra_yaml_som_tall() -> None:
    data = _med_fylke("iks")
    data["deltakere"][2]["kommunenummer"] = 50
    assert last(data).deltakere[2].kommunenummer == "50"


def test_skjemaet_avviser_andre_lengder() -> None:
    data = grunnavtale("iks")
    data["deltakere"][0]["kommunenummer"] = "502"
    with pytest.raises(ValidationError):
        AVTALE_ADAPTER.validate_python(data)


def test_fylke_som_ikke_fantes_paa_datoen() -> None:
    data = _med_fylke("samarbeidsavtale")
    data["deltakere"][2]["kommunenummer"] = "16"
    data["deltakere"][2]["navn"] = "Sør-Trøndelag"
    ((regel, sti, melding),) = _funn(data)
    assert regel == "KOMMUNENUMMER-UGYLDIG" and sti == ("deltakere", 2, "kommunenummer")
    assert "Fylkesnummer 16" in melding and "50 Trøndelag" in melding and "1.1.2018" in melding


def test_iks_kan_eie_iks() -> None:
    data = grunnavtale("iks")
    data["deltakere"].append({"kommunenummer": "999999999", "navn": "Testselskap IKS"})
    assert _funn(data) == []


def test_iks_kan_ikke_delta_i_kommunelovens_former() -> None:
    for avtaletype in ("kommunalt_oppgavefellesskap", "vertskommune", "samarbeidsavtale"):
        data = grunnavtale(avtaletype)
        data["deltakere"].append({"kommunenummer": "999999999", "navn": "Testselskap IKS"})
        assert [f[0] for f in _funn(data)] == ["DELTAKER-IKS-UTENFOR-IKS"], avtaletype


def test_organisasjonsnummer_med_feil_kontrollsiffer() -> None:
    data = grunnavtale("iks")
    data["deltakere"].append({"kommunenummer": "999999998", "navn": "Testselskap IKS"})
    assert [f[0] for f in _funn(data)] == ["ORGANISASJONSNUMMER-UGYLDIG"]


def test_oppgitt_art_maa_stemme_med_nummeret() -> None:
    data = grunnavtale("samarbeidsavtale")
    data["deltakere"][0]["art"] = "fylkeskommune"
    ((regel, sti, melding),) = _funn(data)
    assert regel == "DELTAKER-ART-NUMMER" and sti == ("deltakere", 0, "art")
    assert "kommunenummer" in melding
    data["deltakere"][0]["art"] = "kommune"
    assert _funn(data) == []


def test_navn_som_ikke_stemmer_med_nummeret_er_feil() -> None:
    data = grunnavtale("samarbeidsavtale")
    data["deltakere"][0]["navn"] = "Melhus"
    ((regel, sti, melding),) = _funn(data)
    assert regel == "DELTAKER-NAVN" and sti == ("deltakere", 0, "navn")
    assert "«Midtre Gauldal»" in melding and "5028" in melding


@pytest.mark.parametrize(
    "nr, navn",
    [
        ("5027", "Midtre Gauldal kommune"),
        ("5610", "Karasjok"),
        ("5610", "Kárášjohka - Karasjok"),
        ("3114", "Våler"),
        ("3114", "Våler (Østfold)"),
        ("50", "Trøndelag fylkeskommune"),
        ("55", "Troms fylkeskommune"),
    ],
)
def test_navneformer_som_godtas(nr: str, navn: str) -> None:
    data = grunnavtale("samarbeidsavtale")
    data["deltakere"][0] = {"kommunenummer": nr, "navn": navn}
    assert _funn(data) == []


def test_medlem_som_er_borte_i_dag_nevner_etterfolgeren_og_datoen() -> None:
    # An agreement from 2017 with Trøndelag's old numbers: valid then, other numbers since 2018.
    data = grunnavtale("samarbeidsavtale")
    data["avtaledato"] = "2017-06-01"
    data["deltakere"] = [
        {"kommunenummer": "1648", "navn": "Midtre Gauldal"},
        {"kommunenummer": "1653", "navn": "Melhus"},
        {"kommunenummer": "1662", "navn": "Klæbu"},
    ]
    funn = _funn(data)
    # Midtre Gauldal and Melhus only got new numbers; Klæbu was merged into Trondheim in 2020.
    assert [f[0] for f in funn] == ["KOMMUNENUMMER-ENDRET"] * 2 + ["DELTAKER-OPPHORT"]
    assert "1.1.2018 fikk 1648 Midtre Gauldal nytt nummer: 5027 Midtre Gauldal" in funn[0][2]
    assert (
        "5030 Klæbu" in funn[2][2] and "5001 Trondheim" in funn[2][2] and "1.1.2020" in funn[2][2]
    )


def test_nummerhistorikk_innen_avtalens_levetid() -> None:
    # Os (Hedmark) 0441 became 3430 on 1.1.2020: an agreement from 2018 has a stale number today.
    data = grunnavtale("samarbeidsavtale")
    data["avtaledato"] = "2018-03-01"
    data["deltakere"] = [
        {"kommunenummer": "0441", "navn": "Os"},
        {"kommunenummer": "0436", "navn": "Tolga"},
    ]
    funn = _funn(data)
    assert [f[0] for f in funn] == ["KOMMUNENUMMER-ENDRET"] * 2
    assert "1.1.2020 fikk 0441 Os nytt nummer: 3430 Os" in funn[0][2]


def test_stedsfelt_med_gammelt_nummer() -> None:
    data = grunnavtale("vertskommune")
    data["avtaledato"] = "2021-06-01"
    data["deltakere"] = [
        {"kommunenummer": "3005", "navn": "Drammen"},
        {"kommunenummer": "3007", "navn": "Ringerike"},
    ]
    data["vertskommune"] = "3007"
    funn = _funn(data)
    assert ("KOMMUNENUMMER-ENDRET", ("vertskommune",)) in [(f[0], f[1]) for f in funn]
    assert any("3305 Ringerike" in f[2] for f in funn if f[1] == ("vertskommune",))


def test_gammelt_nummer_paa_ny_avtale_er_feil_og_nevner_det_nye() -> None:
    data = grunnavtale("samarbeidsavtale")
    data["deltakere"][0]["kommunenummer"] = "1648"
    ((regel, _, melding),) = _funn(data)
    assert regel == "KOMMUNENUMMER-UGYLDIG"
    assert "5027 Midtre Gauldal" in melding and "1.1.2018" in melding


def test_sammenslaatt_og_delt_kommune() -> None:
    data = grunnavtale("samarbeidsavtale")
    data["avtaledato"] = "2019-06-01"
    data["deltakere"] = [
        {"kommunenummer": "5012", "navn": "Snillfjord"},
        {"kommunenummer": "5001", "navn": "Trondheim"},
    ]
    ((regel, _, melding),) = _funn(data)
    assert regel == "DELTAKER-OPPHORT"
    assert "delt mellom 5055 Heim, 5056 Hitra og 5059 Orkland" in melding


def test_fylke_som_er_delt_siden() -> None:
    data = grunnavtale("iks")
    data["avtaledato"] = "2021-01-01"
    data["deltakere"][2] = {**data["deltakere"][2], "kommunenummer": "30", "navn": "Viken"}
    data["representantskap"]["medlemmer"][2]["kommunenummer"] = "30"
    ((regel, _, melding),) = _funn(data)
    assert regel == "DELTAKER-OPPHORT"
    assert "31 Østfold, 32 Akershus og 33 Buskerud" in melding and "1.1.2024" in melding


def test_datoen_i_dag_brukes_for_opphort() -> None:
    # A number still valid today never gets DELTAKER-OPPHORT, whatever the agreement's date.
    data = grunnavtale("samarbeidsavtale")
    data["avtaledato"] = "2018-01-01"
    assert dt.date.today() > dt.date(2018, 1, 1)
    assert _funn(data) == []


def _udatert(avtaletype: str) -> dict[str, Any]:
    """An existing agreement entered without any date (issue 12 item 8: unknown, not invented)."""
    data = grunnavtale(avtaletype)
    for felt in ("avtaledato", "versjonsdato"):
        data.pop(felt, None)
    if isinstance(data.get("ikrafttredelse"), dict):
        data["ikrafttredelse"].pop("dato", None)
    return data


def test_udatert_avtale_melder_opphorte_og_omnummererte_deltakere() -> None:
    # Today's list decides it: Klæbu (5030) is gone since 2020, Melhus 1653 is 5028 since 2018.
    data = _udatert("samarbeidsavtale")
    assert last(data).dato is None
    data["deltakere"] = [
        {"kommunenummer": "5030", "navn": "Klæbu"},
        {"kommunenummer": "1653", "navn": "Melhus"},
        {"kommunenummer": "5027", "navn": "Midtre Gauldal"},
    ]
    funn = _funn(data)
    assert [(f[0], f[1]) for f in funn] == [
        ("DELTAKER-OPPHORT", ("deltakere", 0, "kommunenummer")),
        ("KOMMUNENUMMER-ENDRET", ("deltakere", 1, "kommunenummer")),
    ]
    assert "5001 Trondheim" in funn[0][2] and "1.1.2020" in funn[0][2]
    assert "5028 Melhus" in funn[1][2] and "1.1.2018" in funn[1][2]


def test_udatert_avtale_gir_ikke_ugyldig_paa_avtalens_dato() -> None:
    # A number the lists do not know at all cannot be judged without the agreement's date.
    data = _udatert("samarbeidsavtale")
    data["deltakere"][0]["kommunenummer"] = "9999"
    assert _funn(data) == []


def test_udatert_avtale_melder_stedsfelt_med_gammelt_nummer() -> None:
    data = _udatert("vertskommune")
    data["deltakere"] = [
        {"kommunenummer": "3301", "navn": "Drammen"},
        {"kommunenummer": "3305", "navn": "Ringerike"},
    ]
    data["vertskommune"] = "3007"
    funn = _funn(data)
    assert [(f[0], f[1]) for f in funn] == [("KOMMUNENUMMER-ENDRET", ("vertskommune",))]
    assert "3305 Ringerike" in funn[0][2]


@pytest.mark.parametrize("dato", [None, "2019-06-01"])
def test_deltakere_som_er_slaatt_sammen_til_en(dato: str | None) -> None:
    # Fjell and Sund are both Øygarden since 1.1.2020: an IKS of the two has one owner today.
    data = _udatert("iks")
    if dato:
        data["avtaledato"] = dato
    data["deltakere"] = data["deltakere"][:2]
    data["deltakere"][0] = {**data["deltakere"][0], "kommunenummer": "1246", "navn": "Fjell"}
    data["deltakere"][1] = {**data["deltakere"][1], "kommunenummer": "1245", "navn": "Sund"}
    data["representantskap"]["medlemmer"] = data["representantskap"]["medlemmer"][:2]
    data["representantskap"]["medlemmer"][0]["kommunenummer"] = "1246"
    data["representantskap"]["medlemmer"][1]["kommunenummer"] = "1245"
    funn = [b for b in sjekk(last(data)) if b.regel.id == "IKSL-1-DELTAKERE-MINST-TO"]
    (b,) = funn
    assert b.sti == ("deltakere",)
    assert "Fjell (1246) og Sund (1245)" in b.melding and "4626 Øygarden" in b.melding


def test_to_deltakere_som_fortsatt_er_to_er_ikke_slaatt_sammen() -> None:
    data = _udatert("samarbeidsavtale")
    data["deltakere"] = [
        {"kommunenummer": "1648", "navn": "Midtre Gauldal"},
        {"kommunenummer": "1653", "navn": "Melhus"},
    ]
    assert not [b for b in sjekk(last(data)) if b.regel.id == "KL-DELTAKERE-MINST-TO"]


@pytest.mark.parametrize(
    "avtaletype", ["interkommunalt_politisk_rad", "kommunalt_oppgavefellesskap"]
)
def test_fylkeskommune_som_kontorkommune(avtaletype: str) -> None:
    # Østlandssamarbeidet: a council of fylkeskommuner keeps its accounts in one of them.
    data = _med_fylke(avtaletype)
    data["kontorkommune"] = 50
    assert last(data).kontorkommune == "50"
    assert _funn(data) == []


def test_kontorkommune_kan_ikke_vaere_et_iks() -> None:
    data = grunnavtale("interkommunalt_politisk_rad")
    data["kontorkommune"] = "974760673"
    with pytest.raises(ValidationError):
        last(data)


def test_hovedkontor_er_en_kommune() -> None:
    # IKS-loven § 4: the selskapsavtale names the kommune of the head office, a place.
    data = grunnavtale("iks")
    data["hovedkontor"] = "50"
    with pytest.raises(ValidationError):
        last(data)


def test_udatert_fylkeskommune_som_kontorkommune_som_er_delt() -> None:
    data = _udatert("interkommunalt_politisk_rad")
    data["kontorkommune"] = "30"
    ((regel, sti, melding),) = _funn(data)
    assert (regel, sti) == ("DELTAKER-OPPHORT", ("kontorkommune",))
    assert "31 Østfold" in melding and "1.1.2024" in melding


def test_udatert_avtale_med_gammelt_nummer_og_feil_navn() -> None:
    # 1246 has only ever been Fjell: «Sund» is wrong whatever the agreement's (unknown) date was.
    data = _udatert("samarbeidsavtale")
    data["deltakere"][0] = {"kommunenummer": "1246", "navn": "Sund"}
    funn = _funn(data)
    assert [(f[0], f[1]) for f in funn] == [
        ("DELTAKER-OPPHORT", ("deltakere", 0, "kommunenummer")),
        ("DELTAKER-NAVN", ("deltakere", 0, "navn")),
    ]
    assert "«Fjell»" in funn[1][2] and "«Sund»" in funn[1][2]
    data["deltakere"][0]["navn"] = "Fjell kommune"
    assert [f[0] for f in _funn(data)] == ["DELTAKER-OPPHORT"]
