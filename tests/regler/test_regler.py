"""Avtalereglene utover eksemplene i katalogen (de kjøres av test_katalog.py): grensetilfeller,
flere brudd samtidig, kommunelisten og den gamle kommuneloven.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from schemas import kommuner
from schemas.avtale import AVTALE_TYPES, lovkrav_felter
from schemas.regler import (
    AVTALEREGLER,
    PROSESSREGLER,
    REGLER,
    Brudd,
    Hjemmel,
    katalog_tabell,
    sjekk,
)
from schemas.regler.sjekk import sett_kommuneoppslag
from tests.regler.eksempler import GRUNNAVTALER, falsk_kommune, grunnavtale, last

Sti = tuple[str | int, ...]
Mutasjon = Callable[[dict[str, Any]], None]


@pytest.fixture(autouse=True)
def _falsk_kommuneliste():
    sett_kommuneoppslag(falsk_kommune)
    yield
    sett_kommuneoppslag(None)


# --------------------------------------------------------------------------- mutasjoner


def _gaa(data: Any, sti: Sti) -> Any:
    for del_ in sti:
        data = data[del_]
    return data


def sett(sti: Sti, verdi: Any) -> Mutasjon:
    def m(data: dict[str, Any]) -> None:
        _gaa(data, sti[:-1])[sti[-1]] = verdi

    return m


def slett(sti: Sti) -> Mutasjon:
    def m(data: dict[str, Any]) -> None:
        del _gaa(data, sti[:-1])[sti[-1]]

    return m


def alle(*mutasjoner: Mutasjon) -> Mutasjon:
    def m(data: dict[str, Any]) -> None:
        for mut in mutasjoner:
            mut(data)

    return m


def andeler(felt: str, verdier: tuple[str, ...]) -> Mutasjon:
    def m(data: dict[str, Any]) -> None:
        for d, v in zip(data["deltakere"], verdier, strict=True):
            d[felt] = v

    return m


VK, VKN, KO, IPR, IKS, SA = (
    "vertskommune",
    "vertskommune_nemnd",
    "kommunalt_oppgavefellesskap",
    "interkommunalt_politisk_rad",
    "iks",
    "samarbeidsavtale",
)


def _brudd(avtaletype: str, mutasjon: Mutasjon) -> list[Brudd]:
    data = grunnavtale(avtaletype)
    mutasjon(data)
    return sjekk(last(data))


# --------------------------------------------------------------------------- katalogdekning


def test_alle_lovkrav_i_modellene_finnes_i_katalogen() -> None:
    brukt: set[str] = set()
    for modell in AVTALE_TYPES.values():
        brukt |= set(lovkrav_felter(modell).values())
        brukt |= set(getattr(modell, "DELTAKERKRAV", {}).values())
    assert brukt, "modellene skal ha lovkrav-metadata"
    assert sorted(brukt - set(REGLER)) == []


def test_lovkrav_gjelder_typen_som_bruker_det() -> None:
    for avtaletype, modell in AVTALE_TYPES.items():
        ids = set(lovkrav_felter(modell).values()) | set(
            getattr(modell, "DELTAKERKRAV", {}).values()
        )
        for regel_id in ids:
            assert avtaletype in REGLER[regel_id].gjelder, (regel_id, avtaletype)


@pytest.mark.parametrize("avtaletype", sorted(GRUNNAVTALER))
def test_grunnavtalene_er_uten_brudd(avtaletype: str) -> None:
    assert sjekk(last(grunnavtale(avtaletype))) == []


# --------------------------------------------------------------------------- enkeltregler


def test_alle_brudd_samles() -> None:
    data = grunnavtale(KO)
    for felt in ("navn", "representantskap", "uttreden", "opplosning"):
        del data[felt]
    data["deltakere"][0]["eierandel"] = "1/2"
    data["myndighet"]["enkeltvedtak"][0]["art"] = "ordinaer"
    ids = {b.regel.id for b in sjekk(last(data))}
    assert {
        "KL-19-4-A",
        "KL-19-4-C",
        "KL-19-4-I",
        "KL-19-4-J",
        "KL-19-4-F-EIERANDEL-SUM",
        "KL-19-1-ENKELTVEDTAK",
    } <= ids


def test_tomt_utkast_gir_alle_lovkrav() -> None:
    avtale = last({"type": VK, "id": "utkast", "tittel": "Utkast", "versjonsdato": "2026-01-01"})
    ids = {b.regel.id for b in sjekk(avtale)}
    assert {f"KL-20-4-{b}" for b in "ABCDEFGHI"} <= ids
    assert "KL-DELTAKERE-MINST-TO" in ids


def test_tom_liste_i_andre_lovkrav_betyr_ingen() -> None:
    assert not [b for b in _brudd(VK, sett(("andre_lovkrav",), [])) if b.regel.id == "KL-20-4-I"]


def test_tomt_myndighetsobjekt_mangler() -> None:
    treff = [
        b
        for b in _brudd(VK, sett(("myndighet",), {"enkeltvedtak": []}))
        if b.regel.id == "KL-20-4-C"
    ]
    assert [b.sti for b in treff] == [("myndighet",)]


def test_nemnd_kan_ha_prinsipielle_saker() -> None:
    mut = sett(("myndighet", "enkeltvedtak", 0, "prinsipiell_betydning"), True)
    assert not [b for b in _brudd(VKN, mut) if b.regel.id == "KL-20-2-PRINSIPIELL"]


def test_ansvarsandel_folger_eierandel() -> None:
    # 50 % oppgitt for én; de andre følger eierandelen (1/4 + 1/4) → 100 %
    mut = alle(
        andeler("eierandel", ("1/2", "1/4", "1/4")), sett(("deltakere", 0, "ansvarsandel"), "50 %")
    )
    ids = {b.regel.id for b in _brudd(KO, mut)}
    assert "KL-19-2-ANSVARSANDEL-SUM" not in ids and "KL-19-4-F-EIERANDEL-SUM" not in ids


def test_eierandel_sum_melding_viser_summen() -> None:
    (b,) = [
        b
        for b in _brudd(IKS, sett(("deltakere", 1, "eierandel"), "51 %"))
        if b.regel.id == "IKSL-3-EIERANDEL-SUM"
    ]
    assert "101 %" in b.melding


def test_representant_for_ikke_deltaker() -> None:
    mut = sett(("representantskap", "medlemmer", 2, "kommunenummer"), "5001")
    stier = [b.sti for b in _brudd(KO, mut) if b.regel.id == "KL-19-3-REPRESENTANTSKAP"]
    assert ("representantskap", "medlemmer", 2, "kommunenummer") in stier
    assert ("representantskap", "medlemmer") in stier  # Skaun er da ikke representert


def test_kommunenummer_prøves_mot_pa_dato() -> None:
    avtale = last(grunnavtale(SA))
    assert sjekk(avtale, pa_dato=dt.date(2026, 1, 1)) == []
    ugyldige = [
        b
        for b in sjekk(avtale, pa_dato=dt.date(2017, 12, 31))
        if b.regel.id == "KOMMUNENUMMER-UGYLDIG"
    ]
    assert len(ugyldige) == 3
    assert "2017-12-31" in ugyldige[0].melding


def test_versjonsdato_brukes_uten_avtaledato() -> None:
    data = grunnavtale(SA)
    del data["avtaledato"]
    data["versjonsdato"] = "2017-03-01"
    assert {b.regel.id for b in sjekk(last(data))} == {"KOMMUNENUMMER-UGYLDIG"}


def test_med_ekte_kommuneliste() -> None:
    sett_kommuneoppslag(kommuner.kommune)
    data = grunnavtale(SA)
    assert sjekk(last(data)) == []
    data["deltakere"][0]["kommunenummer"] = "5099"
    assert {b.regel.id for b in sjekk(last(data))} == {"KOMMUNENUMMER-UGYLDIG"}
    data["deltakere"][0]["kommunenummer"] = "4601"  # Vestland: listen er landsdekkende fra 2017
    data["deltakere"][0]["navn"] = "Bergen"
    assert sjekk(last(data)) == []
    data["avtaledato"] = "2016-06-01"
    # Bergen 1201 fantes i 2016 og heter 4601 i dag; 5028 og 5029 dekkes ikke før 2017
    data["deltakere"][0]["kommunenummer"] = "1201"
    funn = {b.regel.id for b in sjekk(last(data))}
    assert funn == {"KOMMUNENUMMER-UDEKKET", "KOMMUNENUMMER-ENDRET"}


@pytest.mark.parametrize(
    "tekst,regel_ider",
    [
        # a text resting on a § 27 styre is stale and an overdue reorganisation (kl. § 31-2)
        ("etter kommuneloven § 27", ["KL-31-2-GAMMEL-LOV", "KL-31-2-OMDANNING"]),
        ("jf. kommunelova § 28-1 b", ["KL-31-2-GAMMEL-LOV"]),
        ("etter kl. § 28 a", ["KL-31-2-GAMMEL-LOV"]),
        (
            "kommuneloven (1992) § 27 om interkommunalt styre",
            ["KL-31-2-GAMMEL-LOV", "KL-31-2-OMDANNING"],
        ),
        ("kommuneloven av 1992", ["KL-31-2-GAMMEL-LOV"]),
        ("lov 25. september 1992 nr. 107", ["KL-31-2-GAMMEL-LOV"]),
        ("LOV-1992-09-25-107", ["KL-31-2-GAMMEL-LOV"]),
    ],
)
def test_gammel_lov_kjennes_igjen(tekst: str, regel_ider: list[str]) -> None:
    ids = [b.regel.id for b in _brudd(SA, sett(("formaal",), tekst))]
    assert ids == regel_ider


@pytest.mark.parametrize(
    "tekst",
    [
        "kommuneloven § 27-1 om lovlighetskontroll",
        "kommuneloven § 28-1 (ROBEK)",
        "forvaltningsloven § 27",
        "kommuneloven § 20-2",
        "vedtatt 27. mai 1992 i styret",
    ],
)
def test_ny_lov_er_ikke_gammel_lov(tekst: str) -> None:
    assert _brudd(SA, sett(("formaal",), tekst)) == []


def test_gammel_lov_i_liste_gir_sti() -> None:
    mut = sett(("oppgaver", 0, "beskrivelse"), "Som før etter kommuneloven § 28-1 b.")
    (b,) = _brudd(SA, mut)
    assert b.sti == ("oppgaver", 0, "beskrivelse")
    assert b.sti_tekst == "oppgaver.0.beskrivelse"


# --------------------------------------------------------------------------- katalogen


def test_hjemmel_tekst() -> None:
    assert (
        str(Hjemmel("kommuneloven", "20-4", "tredje", "c"))
        == "kommuneloven § 20-4 tredje ledd bokstav c"
    )
    assert str(Hjemmel("IKS-loven", "22")) == "IKS-loven § 22"
    assert str(Hjemmel("IKS-loven", "4", "tredje", nr="3")) == "IKS-loven § 4 tredje ledd nr. 3"
    assert (
        str(Hjemmel(kilde="Hovedavtalen (KS) del B (praksis)"))
        == "Hovedavtalen (KS) del B (praksis)"
    )
    assert str(REGLER["KL-20-4-NEMND"].hjemmel) == "kommuneloven § 20-4 fjerde ledd"
    assert str(REGLER["KL-DELTAKERE-MINST-TO"].hjemmel).startswith("kommuneloven §§ 17-1")


def test_katalog_tabell() -> None:
    tabell = katalog_tabell()
    assert [r["id"] for r in tabell] == list(REGLER)
    for rad in tabell:
        assert set(rad) >= {"id", "alvorlighet", "hjemmel", "forklaring"}
        assert rad["alvorlighet"] in ("feil", "advarsel")
        assert rad["hjemmel"] and rad["forklaring"]
    umerket = {r["id"] for r in tabell if r["forklaring"].endswith("[hjemmel ikke kontrollert]")}
    assert umerket == {r.id for r in REGLER.values() if not r.verifisert}
    assert {r["gjelder"] for r in tabell if r["id"] in PROSESSREGLER} == {"prosess"}


def test_katalogen_har_begge_slag_regler() -> None:
    assert list(REGLER) == [*AVTALEREGLER, *PROSESSREGLER]
    assert all(r.id.startswith("PROSESS-") for r in PROSESSREGLER.values())
    assert not any(r.id.startswith("PROSESS-") for r in AVTALEREGLER.values())


def test_regler_har_norsk_melding_og_gyldige_typer() -> None:
    for regel in AVTALEREGLER.values():
        assert regel.melding.endswith((".", "»")), regel.id
        assert regel.gjelder <= set(AVTALE_TYPES), regel.id
