"""Hver regel i katalogen har et brytende og et oppfyllende eksempel (SAKER).

En ny regel uten sak får `test_hver_regel_har_en_sak` til å feile.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from schemas.avtale import AVTALE_TYPES, lovkrav_felter
from schemas.regler import REGLER, Brudd, Hjemmel, katalog_tabell, sjekk
from schemas.regler.sjekk import sett_kommuneoppslag

from .eksempler import GRUNNAVTALER, falsk_kommune, grunnavtale, last

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


def ingen(data: dict[str, Any]) -> None:
    """Grunnavtalen som den er."""


def legg_til(sti: Sti, verdi: Any) -> Mutasjon:
    def m(data: dict[str, Any]) -> None:
        _gaa(data, sti).append(verdi)
    return m


def kopier_deltaker(i: int) -> Mutasjon:
    def m(data: dict[str, Any]) -> None:
        data["deltakere"].append(dict(data["deltakere"][i]))
    return m


def andeler(felt: str, verdier: tuple[str, ...]) -> Mutasjon:
    def m(data: dict[str, Any]) -> None:
        for d, v in zip(data["deltakere"], verdier):
            d[felt] = v
    return m


@dataclass(frozen=True)
class Sak:
    avtaletype: str
    bryt: Mutasjon
    oppfyll: Mutasjon
    sti: Sti  # forventet sti for bruddet


VK, VKN, KO, IPR, IKS, SA = (
    "vertskommune", "vertskommune_nemnd", "kommunalt_oppgavefellesskap",
    "interkommunalt_politisk_rad", "iks", "samarbeidsavtale",
)

SAKER: dict[str, Sak] = {
    # kommuneloven § 20-4 tredje og fjerde ledd
    "KL-20-4-A": Sak(VK, sett(("deltakere",), []), ingen, ("deltakere",)),
    "KL-20-4-B": Sak(VK, slett(("vertskommune",)), ingen, ("vertskommune",)),
    "KL-20-4-C": Sak(VK, slett(("oppgaver",)), ingen, ("oppgaver",)),
    "KL-20-4-D": Sak(VK, slett(("overforingsdato",)), ingen, ("overforingsdato",)),
    "KL-20-4-E": Sak(VK, sett(("underretning",), "   "), ingen, ("underretning",)),
    "KL-20-4-F": Sak(VK, slett(("okonomi",)), ingen, ("okonomi",)),
    "KL-20-4-G": Sak(VKN, slett(("uttreden",)), ingen, ("uttreden",)),
    "KL-20-4-H": Sak(VK, sett(("opplosning",), {}), ingen, ("opplosning",)),
    "KL-20-4-I": Sak(VK, slett(("andre_lovkrav",)),
                     sett(("andre_lovkrav",), ["Databehandleravtale etter GDPR art. 28"]),
                     ("andre_lovkrav",)),
    "KL-20-4-NEMND": Sak(VKN, slett(("nemnd",)), ingen, ("nemnd",)),
    # kommuneloven § 19-4 fjerde ledd
    "KL-19-4-A": Sak(KO, slett(("navn",)), ingen, ("navn",)),
    "KL-19-4-B": Sak(KO, slett(("eget_rettssubjekt",)), sett(("eget_rettssubjekt",), True),
                     ("eget_rettssubjekt",)),
    "KL-19-4-C": Sak(KO, slett(("representantskap",)), ingen, ("representantskap",)),
    "KL-19-4-D": Sak(KO, sett(("oppgaver",), []), ingen, ("oppgaver",)),
    "KL-19-4-E": Sak(KO, sett(("innskuddsplikt",), ""), ingen, ("innskuddsplikt",)),
    "KL-19-4-F": Sak(KO, slett(("deltakere", 1, "eierandel")), ingen, ("deltakere", 1, "eierandel")),
    "KL-19-4-G": Sak(KO, slett(("laaneadgang",)), sett(("laaneadgang",), {"tillatt": True}),
                     ("laaneadgang",)),
    "KL-19-4-H": Sak(KO, slett(("rapportering",)), ingen, ("rapportering",)),
    "KL-19-4-I": Sak(KO, slett(("uttreden",)), ingen, ("uttreden",)),
    "KL-19-4-J": Sak(KO, slett(("opplosning",)), ingen, ("opplosning",)),
    # kommuneloven § 18-4 fjerde ledd
    "KL-18-4-A": Sak(IPR, slett(("navn",)), ingen, ("navn",)),
    "KL-18-4-B": Sak(IPR, slett(("eget_rettssubjekt",)), sett(("eget_rettssubjekt",), False),
                     ("eget_rettssubjekt",)),
    "KL-18-4-C": Sak(IPR, slett(("representantskap",)), ingen, ("representantskap",)),
    "KL-18-4-D": Sak(IPR, sett(("saksomrader",), []), ingen, ("saksomrader",)),
    "KL-18-4-E": Sak(IPR, slett(("myndighet",)), ingen, ("myndighet",)),
    "KL-18-4-F": Sak(IPR, slett(("deltakere", 0, "eierandel")), ingen, ("deltakere", 0, "eierandel")),
    "KL-18-4-G": Sak(IPR, slett(("uttreden",)), ingen, ("uttreden",)),
    "KL-18-4-H": Sak(IPR, sett(("opplosning",), {"vilkaar": ""}), ingen, ("opplosning",)),
    # IKS-loven § 4 tredje ledd
    "IKSL-4-NAVN": Sak(IKS, slett(("navn",)), ingen, ("navn",)),
    "IKSL-4-DELTAKERE": Sak(IKS, sett(("deltakere",), []), ingen, ("deltakere",)),
    "IKSL-4-FORMAAL": Sak(IKS, slett(("formaal",)), ingen, ("formaal",)),
    "IKSL-4-HOVEDKONTOR": Sak(IKS, slett(("hovedkontor",)), ingen, ("hovedkontor",)),
    "IKSL-4-REPRESENTANTSKAP": Sak(IKS, slett(("representantskap",)), ingen, ("representantskap",)),
    "IKSL-4-EIERANDEL": Sak(IKS, slett(("deltakere", 2, "eierandel")), ingen,
                            ("deltakere", 2, "eierandel")),
    "IKSL-4-INNSKUDD": Sak(IKS, slett(("deltakere", 2, "innskudd")),
                           sett(("deltakere", 2, "innskudd"), 0), ("deltakere", 2, "innskudd")),
    # deltakere
    "KL-DELTAKERE-MINST-TO": Sak(SA, sett(("deltakere",), grunnavtale(SA)["deltakere"][:1]), ingen,
                                 ("deltakere",)),
    "IKSL-1-DELTAKERE-MINST-TO": Sak(IKS, sett(("deltakere",), grunnavtale(IKS)["deltakere"][:1]),
                                     ingen, ("deltakere",)),
    "DELTAKER-DUPLIKAT": Sak(SA, kopier_deltaker(0), ingen, ("deltakere", 3, "kommunenummer")),
    "KOMMUNENUMMER-UGYLDIG": Sak(VK, sett(("avtaledato",), "2017-06-01"), ingen,
                                 ("deltakere", 0, "kommunenummer")),
    "KOMMUNENUMMER-UDEKKET": Sak(SA, alle(sett(("avtaledato",), "2019-06-01"),
                                          sett(("deltakere", 0, "kommunenummer"), "1201")),
                                 ingen, ("deltakere", 0, "kommunenummer")),
    # vertskommune
    "KL-20-4-B-DELTAKER": Sak(VK, sett(("vertskommune",), "5001"), sett(("vertskommune",), "5027"),
                              ("vertskommune",)),
    "KL-20-8-OPPSIGELSESTID": Sak(VKN, slett(("uttreden", "oppsigelsestid_maaneder")),
                                  sett(("uttreden", "oppsigelsestid_maaneder"), 6),
                                  ("uttreden", "oppsigelsestid_maaneder")),
    "KL-20-2-PRINSIPIELL": Sak(VK, sett(("myndighet", "enkeltvedtak", 0, "prinsipiell_betydning"), True),
                               ingen, ("myndighet", "enkeltvedtak", 0, "prinsipiell_betydning")),
    "KL-20-3-NEMND-MEDLEMMER": Sak(VKN, sett(("nemnd", "medlemmer", 1, "medlemmer"), 1),
                                   sett(("nemnd", "medlemmer", 1, "medlemmer"), 3),
                                   ("nemnd", "medlemmer", 1, "medlemmer")),
    # andeler
    "KL-18-2-ANSVARSANDEL-SUM": Sak(IPR, sett(("deltakere", 0, "ansvarsandel"), "1/2"),
                                    andeler("ansvarsandel", ("1/2", "1/4", "1/4")), ("deltakere",)),
    "KL-18-4-F-EIERANDEL-SUM": Sak(IPR, sett(("deltakere", 2, "eierandel"), "1/4"),
                                   andeler("eierandel", ("33.5 %", "33.5 %", "33 %")), ("deltakere",)),
    "KL-19-2-ANSVARSANDEL-SUM": Sak(KO, andeler("ansvarsandel", ("50 %", "25 %", "24,99 %")),
                                    andeler("ansvarsandel", ("50 %", "25 %", "25 %")), ("deltakere",)),
    "KL-19-4-F-EIERANDEL-SUM": Sak(KO, andeler("eierandel", ("0.3333", "0.3333", "0.3333")),
                                   andeler("eierandel", ("1/6", "1/2", "1/3")), ("deltakere",)),
    "IKSL-3-ANSVARSANDEL-SUM": Sak(IKS, sett(("deltakere", 1, "ansvarsandel"), "60 %"),
                                   andeler("ansvarsandel", ("10 %", "60 %", "30 %")), ("deltakere",)),
    "IKSL-3-EIERANDEL-SUM": Sak(IKS, sett(("deltakere", 1, "eierandel"), "51 %"), ingen,
                                ("deltakere",)),
    # representantskap og nemnd
    "KL-18-3-REPRESENTANTSKAP": Sak(IPR, sett(("representantskap", "medlemmer", 0, "vara"), 1),
                                    sett(("representantskap", "medlemmer", 0, "vara"), 3),
                                    ("representantskap", "medlemmer", 0, "vara")),
    "KL-19-3-REPRESENTANTSKAP": Sak(KO, lambda d: d["representantskap"]["medlemmer"].pop(2), ingen,
                                    ("representantskap", "medlemmer")),
    "IKSL-6-REPRESENTANTSKAP": Sak(IKS, sett(("representantskap", "medlemmer", 0, "medlemmer"), 0),
                                   ingen, ("representantskap", "medlemmer", 0, "medlemmer")),
    # myndighet
    "KL-18-1-ENKELTVEDTAK": Sak(IPR, sett(("myndighet", "enkeltvedtak"),
                                          [{"omrade": "næringstilskudd", "art": "ordinaer"}]),
                                sett(("myndighet", "enkeltvedtak"),
                                     [{"omrade": "regionale tilskudd", "art": "tilskuddsordning"},
                                      {"omrade": "sekretariatet", "art": "interne_forhold"}]),
                                ("myndighet", "enkeltvedtak", 0, "art")),
    "KL-19-1-ENKELTVEDTAK": Sak(KO, sett(("myndighet", "enkeltvedtak", 0, "art"), "ordinaer"),
                                sett(("myndighet", "enkeltvedtak", 0, "art"), "interne_forhold"),
                                ("myndighet", "enkeltvedtak", 0, "art")),
    "KL-5-4-IKS-ENKELTVEDTAK": Sak(IKS, slett(("myndighet", "enkeltvedtak", 0, "lovgrunnlag")),
                                   alle(slett(("myndighet", "enkeltvedtak", 0, "lovgrunnlag")),
                                        sett(("myndighet", "enkeltvedtak", 0, "art"), "interne_forhold")),
                                   ("myndighet", "enkeltvedtak", 0, "lovgrunnlag")),
    "KL-5-4-SAMARBEIDSAVTALE-ENKELTVEDTAK": Sak(
        SA, sett(("myndighet", "enkeltvedtak"), [{"omrade": "byggesaker", "art": "ordinaer"}]),
        sett(("myndighet", "enkeltvedtak"), []), ("myndighet", "enkeltvedtak", 0)),
    # navn
    "KL-18-1-NAVN": Sak(IPR, sett(("navn",), "Gauldalsrådet"),
                        sett(("navn",), "Gauldal  Interkommunalt Politisk Råd"), ("navn",)),
    "KL-18-1-NAVN-FORKORTELSE": Sak(IPR, sett(("navn",), "Gauldal IPR"), ingen, ("navn",)),
    "KL-19-1-NAVN": Sak(KO, sett(("navn",), "KOSTRA-kontoret Gauldal"),
                        sett(("navn",), "Kommunalt oppgavefellesskap for kart i Gauldal"), ("navn",)),
    "KL-19-1-NAVN-FORKORTELSE": Sak(KO, sett(("navn",), "Gauldal kart KO"), ingen, ("navn",)),
    "FNL-IKS-NAVN": Sak(IKS, sett(("navn",), "Gaula Renovasjon"),
                        sett(("navn",), "Gaula renovasjon interkommunalt selskap"), ("navn",)),
    # lån
    "IKSL-22-LANERAMME": Sak(IKS, slett(("laaneadgang", "ramme")),
                             sett(("laaneadgang",), {"tillatt": False}), ("laaneadgang", "ramme")),
    # gammel lov
    "KL-31-2-GAMMEL-LOV": Sak(VK, sett(("bakgrunn",), "Avtalen erstatter samarbeidet etter "
                                                   "kommuneloven § 28-1 b."),
                              sett(("bakgrunn",), "Lovlighetskontroll etter kommuneloven § 27-1 og "
                                                  "ROBEK etter kl. § 28-1; forvaltningsloven § 27."),
                              ("bakgrunn",)),
}


def _brudd(avtaletype: str, mutasjon: Mutasjon) -> list[Brudd]:
    data = grunnavtale(avtaletype)
    mutasjon(data)
    return sjekk(last(data))


# --------------------------------------------------------------------------- katalogdekning


def test_hver_regel_har_en_sak() -> None:
    assert sorted(set(REGLER) - set(SAKER)) == []
    assert sorted(set(SAKER) - set(REGLER)) == []


def test_alle_lovkrav_i_modellene_finnes_i_katalogen() -> None:
    brukt: set[str] = set()
    for modell in AVTALE_TYPES.values():
        brukt |= set(lovkrav_felter(modell).values())
        brukt |= set(getattr(modell, "DELTAKERKRAV", {}).values())
    assert brukt, "modellene skal ha lovkrav-metadata"
    assert sorted(brukt - set(REGLER)) == []


def test_lovkrav_gjelder_typen_som_bruker_det() -> None:
    for avtaletype, modell in AVTALE_TYPES.items():
        ids = set(lovkrav_felter(modell).values()) | set(getattr(modell, "DELTAKERKRAV", {}).values())
        for regel_id in ids:
            assert avtaletype in REGLER[regel_id].gjelder, (regel_id, avtaletype)


@pytest.mark.parametrize("avtaletype", sorted(GRUNNAVTALER))
def test_grunnavtalene_er_uten_brudd(avtaletype: str) -> None:
    assert sjekk(last(grunnavtale(avtaletype))) == []


# --------------------------------------------------------------------------- hver regel


@pytest.mark.parametrize("regel_id", sorted(SAKER))
def test_regelen_slaar_ut(regel_id: str) -> None:
    sak = SAKER[regel_id]
    regel = REGLER[regel_id]
    assert sak.avtaletype in regel.gjelder
    treff = [b for b in _brudd(sak.avtaletype, sak.bryt) if b.regel.id == regel_id]
    assert treff, f"{regel_id} slo ikke ut"
    assert sak.sti in [b.sti for b in treff]
    for b in treff:
        assert b.regel is regel
        assert b.melding.strip()
        assert str(regel.hjemmel) in str(b)
        assert regel.hjemmel.lov in str(regel.hjemmel)


@pytest.mark.parametrize("regel_id", sorted(SAKER))
def test_regelen_er_oppfylt(regel_id: str) -> None:
    sak = SAKER[regel_id]
    treff = [b for b in _brudd(sak.avtaletype, sak.oppfyll) if b.regel.id == regel_id]
    assert treff == []


# --------------------------------------------------------------------------- enkeltregler


def test_alle_brudd_samles() -> None:
    data = grunnavtale(KO)
    for felt in ("navn", "representantskap", "uttreden", "opplosning"):
        del data[felt]
    data["deltakere"][0]["eierandel"] = "1/2"
    data["myndighet"]["enkeltvedtak"][0]["art"] = "ordinaer"
    ids = {b.regel.id for b in sjekk(last(data))}
    assert {"KL-19-4-A", "KL-19-4-C", "KL-19-4-I", "KL-19-4-J", "KL-19-4-F-EIERANDEL-SUM",
            "KL-19-1-ENKELTVEDTAK"} <= ids


def test_tomt_utkast_gir_alle_lovkrav() -> None:
    avtale = last({"type": VK, "id": "utkast", "tittel": "Utkast", "versjonsdato": "2026-01-01"})
    ids = {b.regel.id for b in sjekk(avtale)}
    assert {f"KL-20-4-{b}" for b in "ABCDEFGHI"} <= ids
    assert "KL-DELTAKERE-MINST-TO" in ids


def test_tom_liste_i_andre_lovkrav_betyr_ingen() -> None:
    assert not [b for b in _brudd(VK, sett(("andre_lovkrav",), [])) if b.regel.id == "KL-20-4-I"]


def test_tomt_myndighetsobjekt_mangler() -> None:
    treff = [b for b in _brudd(VK, sett(("myndighet",), {"enkeltvedtak": []}))
             if b.regel.id == "KL-20-4-C"]
    assert [b.sti for b in treff] == [("myndighet",)]


def test_nemnd_kan_ha_prinsipielle_saker() -> None:
    mut = sett(("myndighet", "enkeltvedtak", 0, "prinsipiell_betydning"), True)
    assert not [b for b in _brudd(VKN, mut) if b.regel.id == "KL-20-2-PRINSIPIELL"]


def test_ansvarsandel_folger_eierandel() -> None:
    # 50 % oppgitt for én; de andre følger eierandelen (1/4 + 1/4) → 100 %
    mut = alle(andeler("eierandel", ("1/2", "1/4", "1/4")), sett(("deltakere", 0, "ansvarsandel"), "50 %"))
    ids = {b.regel.id for b in _brudd(KO, mut)}
    assert "KL-19-2-ANSVARSANDEL-SUM" not in ids and "KL-19-4-F-EIERANDEL-SUM" not in ids


def test_eierandel_sum_melding_viser_summen() -> None:
    (b,) = [b for b in _brudd(IKS, sett(("deltakere", 1, "eierandel"), "51 %"))
            if b.regel.id == "IKSL-3-EIERANDEL-SUM"]
    assert "101 %" in b.melding


def test_representant_for_ikke_deltaker() -> None:
    mut = sett(("representantskap", "medlemmer", 2, "kommunenummer"), "5001")
    stier = [b.sti for b in _brudd(KO, mut) if b.regel.id == "KL-19-3-REPRESENTANTSKAP"]
    assert ("representantskap", "medlemmer", 2, "kommunenummer") in stier
    assert ("representantskap", "medlemmer") in stier  # Skaun er da ikke representert


def test_kommunenummer_prøves_mot_pa_dato() -> None:
    avtale = last(grunnavtale(SA))
    assert sjekk(avtale, pa_dato=dt.date(2026, 1, 1)) == []
    ugyldige = [b for b in sjekk(avtale, pa_dato=dt.date(2017, 12, 31))
                if b.regel.id == "KOMMUNENUMMER-UGYLDIG"]
    assert len(ugyldige) == 3
    assert "2017-12-31" in ugyldige[0].melding


def test_versjonsdato_brukes_uten_avtaledato() -> None:
    data = grunnavtale(SA)
    del data["avtaledato"]
    data["versjonsdato"] = "2017-03-01"
    assert {b.regel.id for b in sjekk(last(data))} == {"KOMMUNENUMMER-UGYLDIG"}


def test_med_ekte_kommuneliste() -> None:
    kommuner = pytest.importorskip("schemas.kommuner")
    sett_kommuneoppslag(kommuner.kommune)
    data = grunnavtale(SA)
    assert sjekk(last(data)) == []
    data["deltakere"][0]["kommunenummer"] = "5099"
    assert {b.regel.id for b in sjekk(last(data))} == {"KOMMUNENUMMER-UGYLDIG"}
    data["deltakere"][0]["kommunenummer"] = "4601"  # Vestland: listen er landsdekkende fra 2020
    assert sjekk(last(data)) == []
    data["avtaledato"] = "2019-06-01"
    data["deltakere"][0]["kommunenummer"] = "1201"  # Bergen før 2020: ikke dekket
    assert {b.regel.id for b in sjekk(last(data))} == {"KOMMUNENUMMER-UDEKKET"}


@pytest.mark.parametrize("tekst", [
    "etter kommuneloven § 27",
    "jf. kommunelova § 28-1 b",
    "etter kl. § 28 a",
    "kommuneloven (1992) § 27 om interkommunalt styre",
    "kommuneloven av 1992",
    "lov 25. september 1992 nr. 107",
    "LOV-1992-09-25-107",
])
def test_gammel_lov_kjennes_igjen(tekst: str) -> None:
    ids = [b.regel.id for b in _brudd(SA, sett(("formaal",), tekst))]
    assert ids == ["KL-31-2-GAMMEL-LOV"]


@pytest.mark.parametrize("tekst", [
    "kommuneloven § 27-1 om lovlighetskontroll",
    "kommuneloven § 28-1 (ROBEK)",
    "forvaltningsloven § 27",
    "kommuneloven § 20-2",
    "vedtatt 27. mai 1992 i styret",
])
def test_ny_lov_er_ikke_gammel_lov(tekst: str) -> None:
    assert _brudd(SA, sett(("formaal",), tekst)) == []


def test_gammel_lov_i_liste_gir_sti() -> None:
    mut = sett(("oppgaver", 0, "beskrivelse"), "Som før etter kommuneloven § 28-1 b.")
    (b,) = _brudd(SA, mut)
    assert b.sti == ("oppgaver", 0, "beskrivelse")
    assert b.sti_tekst == "oppgaver.0.beskrivelse"


# --------------------------------------------------------------------------- katalogen


def test_hjemmel_tekst() -> None:
    assert str(Hjemmel("kommuneloven", "20-4", "tredje", "c")) == \
        "kommuneloven § 20-4 tredje ledd bokstav c"
    assert str(Hjemmel("IKS-loven", "22")) == "IKS-loven § 22"
    assert str(REGLER["KL-20-4-NEMND"].hjemmel) == "kommuneloven § 20-4 fjerde ledd"
    assert str(REGLER["KL-DELTAKERE-MINST-TO"].hjemmel).startswith("kommuneloven §§ 17-1")


def test_katalog_tabell() -> None:
    tabell = katalog_tabell()
    assert [r["id"] for r in tabell] == list(REGLER)
    for rad in tabell:
        assert set(rad) >= {"id", "alvorlighet", "hjemmel", "forklaring"}
        assert rad["alvorlighet"] in ("feil", "advarsel")
        assert rad["hjemmel"] and rad["forklaring"]
    umerket = {r["id"] for r in tabell if "ikke kontrollert" in r["forklaring"]}
    assert umerket == {r.id for r in REGLER.values() if not r.verifisert}


def test_regler_har_norsk_melding_og_gyldige_typer() -> None:
    for regel in REGLER.values():
        assert regel.melding.endswith((".", "»")), regel.id
        assert regel.gjelder <= set(AVTALE_TYPES), regel.id
