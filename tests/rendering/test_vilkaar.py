"""Documents never invent terms: every term comes from the data or from a standard clause the data
names (issue 12 item 9). A term the law requires that the data lacks stops the rendering."""

from __future__ import annotations

import pytest

from avtaleflyt.rendering import RenderError, avtale_hash, build_document
from schemas.avtale import AVTALE_ADAPTER, AVTALE_TYPES
from schemas.regler import sjekk
from tests.regler.eksempler import grunnavtale

# Wording the templates used to print when the data was silent.
OPPFUNNET = (
    "seks måneders",
    "ett års skriftlig varsel",
    "Tvister om forståelsen",
    "likelydende vedtak i kommunestyret",
    "trer i kraft når den er vedtatt",
    "utferdiget",
    "dekker selv sine egne kostnader",
    "fører regnskap og arkiv",
    "§ 18-5",
    "§ 18-6",
    "§ 19-5",
    "§ 19-6",
    "IKS-loven § 30",
    "IKS-loven § 32",
    "underretter statsforvalteren om samarbeidet",
    "Avtalen legger ikke myndighet til",
)
VALGFRIE = ("tvistelosning", "endringer", "ikrafttredelse", "varighet")


def _uten_valgfrie(avtaletype: str, **endret) -> dict:
    data = grunnavtale(avtaletype)
    for felt in VALGFRIE:
        data.pop(felt, None)
    if avtaletype in ("samarbeidsavtale", "iks"):  # not required by law for these two forms
        for felt in ("uttreden", "opplosning", "okonomi"):
            data.pop(felt, None)
    data.update(endret)
    return data


@pytest.mark.parametrize("avtaletype", sorted(AVTALE_TYPES))
def test_silent_data_gives_no_invented_term(avtaletype):
    avtale = AVTALE_ADAPTER.validate_python(_uten_valgfrie(avtaletype))
    tekst = build_document(avtale).text()
    assert [o for o in OPPFUNNET if o in tekst] == []
    for overskrift in ("Tvister", "Endringer i avtalen", "Ikrafttredelse"):
        assert f" {overskrift}\n" not in tekst + "\n"


def test_samarbeidsavtale_without_notice_period_has_no_withdrawal_clause():
    avtale = AVTALE_ADAPTER.validate_python(_uten_valgfrie("samarbeidsavtale"))
    tekst = build_document(avtale).text()
    assert "Uttreden" not in tekst and "Oppløsning" not in tekst and "varsel" not in tekst


def test_a_named_standard_clause_is_printed_and_bound_by_the_hash():
    uten = AVTALE_ADAPTER.validate_python(_uten_valgfrie("samarbeidsavtale"))
    med = AVTALE_ADAPTER.validate_python(
        _uten_valgfrie(
            "samarbeidsavtale",
            standardklausuler={
                "uttreden": "seks-maaneders-varsel",
                "tvister": "forhandlinger-og-domstol",
                "utferdigelse": "ett-eksemplar-per-deltaker",
            },
        )
    )
    tekst = build_document(med).text()
    assert "seks måneders skriftlig varsel" in tekst
    assert "Tvister om forståelsen av avtalen" in tekst
    assert "ett eksemplar per deltaker" in tekst
    assert avtale_hash(med) != avtale_hash(uten)
    assert [b.regel.id for b in sjekk(med) if b.regel.id.startswith("KLAUSUL-")] == []


@pytest.mark.parametrize(
    "navn,regel",
    [
        ({"tvister": "voldgift"}, "KLAUSUL-UKJENT"),
        ({"skatt": "alt"}, "KLAUSUL-UKJENT"),
        ({"tvistelosning": "forhandlinger-og-domstol"}, "KLAUSUL-UKJENT"),
    ],
)
def test_an_unknown_clause_is_a_finding_and_stops_the_rendering(navn, regel):
    avtale = AVTALE_ADAPTER.validate_python(
        _uten_valgfrie("samarbeidsavtale", standardklausuler=navn)
    )
    assert regel in {b.regel.id for b in sjekk(avtale)}
    with pytest.raises(RenderError, match=regel):
        build_document(avtale)


def test_a_clause_for_another_form_stops_the_rendering():
    data = _uten_valgfrie("iks", standardklausuler={"uttreden": "seks-maaneders-varsel"})
    avtale = AVTALE_ADAPTER.validate_python(data)
    with pytest.raises(RenderError, match="KLAUSUL-TYPE"):
        build_document(avtale)


def test_own_text_and_standard_clause_for_one_topic_stops_the_rendering():
    data = _uten_valgfrie(
        "samarbeidsavtale",
        tvistelosning="Tvister avgjøres av Trøndelag tingrett.",
        standardklausuler={"tvister": "forhandlinger-og-domstol"},
    )
    with pytest.raises(RenderError, match="KLAUSUL-DOBBEL"):
        build_document(AVTALE_ADAPTER.validate_python(data))


@pytest.mark.parametrize(
    "avtaletype,felt,regel",
    [
        ("vertskommune", "uttreden", "KL-20-4-G"),
        ("vertskommune", "opplosning", "KL-20-4-H"),
        ("vertskommune", "okonomi", "KL-20-4-F"),
        ("kommunalt_oppgavefellesskap", "uttreden", "KL-19-4-I"),
        ("interkommunalt_politisk_rad", "opplosning", "KL-18-4-H"),
    ],
)
def test_a_required_term_missing_stops_the_rendering_with_the_finding(avtaletype, felt, regel):
    data = grunnavtale(avtaletype)
    data.pop(felt)
    # a standard clause cannot stand in for a term the law requires the parties to agree on
    with pytest.raises(RenderError, match=f"{felt}: {regel}"):
        build_document(AVTALE_ADAPTER.validate_python(data))


def test_signature_without_signatory_invents_no_role_or_place():
    data = _uten_valgfrie("samarbeidsavtale")
    for d in data["deltakere"]:
        d.pop("signatar")
    doc = build_document(AVTALE_ADAPTER.validate_python(data))
    tekst = doc.text()
    assert "ordfører" not in tekst
    assert "For Melhus kommune ____________  " in tekst


@pytest.mark.parametrize("avtaletype", ["kommunalt_oppgavefellesskap", "iks"])
def test_liability_follows_the_stated_liability_share(avtaletype):
    data = grunnavtale(avtaletype)
    tekst = build_document(AVTALE_ADAPTER.validate_python(data)).text()
    assert "ansvarsandel" not in tekst.split("Parter", 1)[1].split("\n§", 1)[0].lower()
    data["deltakere"][0]["ansvarsandel"] = data["deltakere"][0]["eierandel"]
    tekst = build_document(AVTALE_ADAPTER.validate_python(data)).text()
    assert "ansvarsandel" in tekst.split("Parter", 1)[1].split("\n§", 1)[0].lower()


def test_unstated_substitutes_are_not_printed_as_zero():
    data = grunnavtale("kommunalt_oppgavefellesskap")
    for r in data["representantskap"]["medlemmer"]:
        r.pop("vara", None)
    tekst = build_document(AVTALE_ADAPTER.validate_python(data)).text()
    assert "varamedlemmer" not in tekst.split("Representantskap", 1)[1].split("\n§", 1)[0]
    assert "| 0" not in tekst


def test_every_clause_in_the_library_renders_for_the_forms_it_is_for():
    from avtaleflyt.paths import TEMPLATES_DIR
    from schemas.regler.sjekk_klausuler import EMNER, les_bibliotek

    bibliotek = les_bibliotek(TEMPLATES_DIR)
    assert {emne for emne, _ in bibliotek} <= set(EMNER)
    for (emne, navn), klausul in sorted(bibliotek.items()):
        for avtaletype in sorted(klausul.gjelder):
            data = _uten_valgfrie(avtaletype, standardklausuler={emne: navn})
            felt = EMNER[emne]
            if felt is not None and felt in data and avtaletype not in ("samarbeidsavtale", "iks"):
                continue  # a term the law requires stays the parties' own text
            avtale = AVTALE_ADAPTER.validate_python(data)
            tekst = build_document(avtale).text()
            forste = (TEMPLATES_DIR / klausul.mal).read_text(encoding="utf-8").split("\n")[1]
            assert forste.removeprefix("AVSNITT ") in tekst, (emne, navn, avtaletype)


def test_a_county_or_company_party_is_not_called_a_kommune():
    data = grunnavtale("iks")
    bytte = {"5029": ("50", "Trøndelag"), "5028": ("999888777", "Gaula Innkjøp IKS")}
    for d in data["deltakere"]:
        if d["kommunenummer"] in bytte:
            d["kommunenummer"], d["navn"] = bytte[d["kommunenummer"]]
    for r in data["representantskap"]["medlemmer"]:
        r["kommunenummer"] = bytte.get(r["kommunenummer"], (r["kommunenummer"],))[0]
    tekst = build_document(AVTALE_ADAPTER.validate_python(data)).text()
    assert "Trøndelag fylkeskommune | 50" in tekst and "Gaula Innkjøp IKS | 999888777" in tekst
    assert "For Trøndelag fylkeskommune" in tekst and "For Gaula Innkjøp IKS" in tekst
    assert "Trøndelag kommune" not in tekst and "IKS kommune" not in tekst
    assert "Deltaker | Nummer" in tekst and "følgende parter (deltakerne)" in tekst
    assert "Midtre Gauldal kommune" in tekst


def test_a_stated_zero_contribution_is_shown_not_taken_for_unstated():
    data = grunnavtale("kommunalt_oppgavefellesskap")
    data["deltakere"][0]["innskudd"] = "0.00"
    data["deltakere"][1].pop("innskudd", None)
    tekst = build_document(AVTALE_ADAPTER.validate_python(data)).text()
    rader = tekst.split("Parter", 1)[1].split("\n§", 1)[0].split("\n")
    assert rader[3].endswith("| kr\u00a00") and rader[4].endswith("| –"), rader
