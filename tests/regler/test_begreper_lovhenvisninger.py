"""The dated law references and the vertskommune term in a samarbeidsavtale, beyond the
catalogue's two cases: each kind of wrong date, the dates that are right, and the uses of
«vertskommune» that only name a host."""

from __future__ import annotations

import pytest

from schemas.regler import sjekk
from schemas.regler.sjekk_lovhenvisninger import finn_feil_lovdatoer, lover
from tests.regler.eksempler import grunnavtale, last


@pytest.mark.parametrize(
    "tekst, ord_i_meldingen",
    [
        (
            "etter «Lov av 1. januar 2010 om kommunale krisesentertilbud (Krisesenterloven)»",
            "lov 19. juni 2009 nr. 44",
        ),
        ("lov 25. september 1992 nr. 107 § 20-2", "paragraf i kommuneloven 2018"),
        ("kommuneloven av 22. juni 2018 § 28-1 b", "paragraf i kommuneloven 1992"),
        (
            "lov 22. juni 2018 nr. 107 om kommuner og fylkeskommuner",
            "nr. 107 er lov 25. september 1992",
        ),
        ("kommuneloven av 1. januar 2020 § 20-2", "lov 22. juni 2018 nr. 83"),
    ],
)
def test_feil_dato_i_lovhenvisningen(tekst: str, ord_i_meldingen: str) -> None:
    meldinger = finn_feil_lovdatoer(tekst)
    assert len(meldinger) == 1 and ord_i_meldingen in meldinger[0], meldinger


@pytest.mark.parametrize(
    "tekst",
    [
        "lov 22. juni 2018 nr. 83 om kommuner og fylkeskommuner (kommuneloven) § 20-2",
        "lov 19. juni 2009 nr. 44 om kommunale krisesentertilbod (krisesenterlova)",
        "kommuneloven av 25. september 1992 § 27",  # the old act, its own paragraph (KL-31-2-*)
        "barnevernloven av 18. juni 2021",  # a newer law of the same name: no finding
        "IKS-loven av 29. januar 1999 § 4",
        "lov 10. februar 1967 om behandlingsmåten i forvaltningssaker (forvaltningsloven)",
    ],
)
def test_riktig_eller_ukjent_dato_gir_intet_funn(tekst: str) -> None:
    assert finn_feil_lovdatoer(tekst) == []


def test_lovlisten_har_begge_kommunelovene_og_iks_loven() -> None:
    kjente = {(lov.dato.isoformat(), lov.nr) for lov in lover()}
    assert {("2018-06-22", "83"), ("1992-09-25", "107"), ("1999-01-29", "6")} <= kjente
    assert {("2009-06-19", "44"), ("2002-06-28", "57")} <= kjente


def _samarbeid(beskrivelse: str):
    data = grunnavtale("samarbeidsavtale")
    data["oppgaver"] = [{"navn": "Innkjøp", "beskrivelse": beskrivelse}]
    return last(data)


@pytest.mark.parametrize(
    "beskrivelse, funn",
    [
        ("Vertskommunen gis myndighet til å gjennomføre anskaffelser.", True),
        ("Oppgavene overføres til vertskommunen fra 1. januar.", True),
        ("Gran er vertskommune for møtene. Kommunene deler kostnadene.", False),
        ("Vertskommune for nettverket går på omgang.", False),
    ],
)
def test_vertskommunebegrepet_i_en_samarbeidsavtale(beskrivelse: str, funn: bool) -> None:
    ider = [b.regel.id for b in sjekk(_samarbeid(beskrivelse))]
    assert ("SAMARBEIDSAVTALE-VERTSKOMMUNE-BEGREP" in ider) is funn


def test_vertskommunebegrepet_gjelder_bare_samarbeidsavtaler() -> None:
    data = grunnavtale("vertskommune")
    data["underretning"] = "Vertskommunen gis myndighet til å underrette deltakerne."
    assert "SAMARBEIDSAVTALE-VERTSKOMMUNE-BEGREP" not in [b.regel.id for b in sjekk(last(data))]


def test_tomt_organisasjonsnummer_er_en_plassholder_med_registerets_nummer() -> None:
    data = grunnavtale("vertskommune")
    data["deltakere"][1]["ikke_utfylt"] = ["organisasjonsnummer"]
    funn = [b for b in sjekk(last(data)) if b.regel.id == "AVTALE-PLASSHOLDER"]
    assert [b.sti for b in funn] == [("deltakere", 1, "organisasjonsnummer")]
    assert "står tomt i avtalen for Melhus (5028)" in funn[0].melding


def test_tomt_og_oppgitt_organisasjonsnummer_samtidig_avvises() -> None:
    data = grunnavtale("vertskommune")
    data["deltakere"][0]["ikke_utfylt"] = ["organisasjonsnummer"]
    data["deltakere"][0]["organisasjonsnummer"] = "970187715"
    with pytest.raises(ValueError, match="ikke_utfylt sier at feltet står tomt"):
        last(data)
