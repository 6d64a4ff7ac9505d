"""1992-act references in the usual spellings, with the severity of kommuneloven § 31-2, and
placeholders left in the text, each with its place (issue 12 items 5 and 6)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from avtaleflyt.paths import AGREEMENTS_DIR
from avtaleflyt.validation import validate_file
from schemas.avtale import AVTALE_ADAPTER
from schemas.regler import sjekk
from schemas.regler.sjekk import sett_kommuneoppslag
from schemas.regler.sjekk_gammel_lov import finn_henvisninger, tekstfelter
from schemas.regler.sjekk_plassholdere import finn_plassholdere
from tests.regler.eksempler import falsk_kommune, grunnavtale

GAMMEL = ("KL-31-2-GAMMEL-LOV", "KL-31-2-OMDANNING")


@pytest.fixture(autouse=True)
def _falsk_kommuneliste():
    sett_kommuneoppslag(falsk_kommune)
    yield
    sett_kommuneoppslag(None)


def _funn(avtaletype: str, felt: str, tekst: str, regler: tuple[str, ...]) -> list:
    data = grunnavtale(avtaletype)
    data[felt] = tekst
    return [b for b in sjekk(AVTALE_ADAPTER.validate_python(data)) if b.regel.id in regler]


# --------------------------------------------------------------------------- item 5


@pytest.mark.parametrize(
    "tekst,regel",
    [
        ("Samarbeidet er et interkommunalt styre etter kommunelovens § 27.", "KL-31-2-OMDANNING"),
        ("Styret er opprettet etter koml. § 27.", "KL-31-2-OMDANNING"),
        ("Organisert som interkommunalt styre etter § 27.", "KL-31-2-OMDANNING"),
        ("Et § 27-samarbeid mellom kommunene.", "KL-31-2-OMDANNING"),
        ("Hjemmel: kommuneloven (1992) § 27.", "KL-31-2-OMDANNING"),
        ("Samarbeidet bygger på kommunelovens § 28.", "KL-31-2-GAMMEL-LOV"),
        ("Vertskommunesamarbeid etter kl. § 28-1 b.", "KL-31-2-GAMMEL-LOV"),
        ("Samarbeidet er et vertskommunesamarbeid etter § 28 b.", "KL-31-2-GAMMEL-LOV"),
        ("Samarbeid etter kommuneloven kap. 5 A.", "KL-31-2-GAMMEL-LOV"),
        ("Avtalen bygger på kommuneloven av 1992.", "KL-31-2-GAMMEL-LOV"),
        ("Vertskommunesamarbeid etter kommuneloven 28-1 b.", "KL-31-2-GAMMEL-LOV"),
        ("Jf. lov 25. september 1992 nr. 107 om kommuner.", "KL-31-2-GAMMEL-LOV"),
        # history is told, not relied on: only the stale reference
        ("Avtalen erstatter det tidligere interkommunale styret etter § 27.", "KL-31-2-GAMMEL-LOV"),
        ("Samarbeidet overtar oppgavene fra styret etter koml. § 27.", "KL-31-2-GAMMEL-LOV"),
    ],
)
def test_old_act_in_every_spelling(tekst, regel):
    funn = _funn("samarbeidsavtale", "bakgrunn", tekst, GAMMEL)
    # every reference is stale; one the text still rests on is also an overdue reorganisation
    forventet = ["KL-31-2-GAMMEL-LOV"] + (["KL-31-2-OMDANNING"] if regel != GAMMEL[0] else [])
    assert [b.regel.id for b in funn] == forventet
    assert all(b.sti == ("bakgrunn",) for b in funn)
    assert [b.alvorlighet for b in funn] == ["advarsel", "feil"][: len(funn)]


def test_reorganisation_message_names_the_forms_and_the_deadline():
    _, b = _funn("vertskommune", "bakgrunn", "Et interkommunalt styre etter koml. § 27.", GAMMEL)
    assert b.regel.id == "KL-31-2-OMDANNING" and b.alvorlighet == "feil"
    assert "interkommunalt politisk råd (§ 18-1)" in b.melding
    assert "kommunalt oppgavefellesskap (§ 19-1)" in b.melding
    assert "31. oktober 2023" in b.melding and "«koml. § 27»" in b.melding


@pytest.mark.parametrize(
    "avtaletype,kapittel",
    [
        ("kommunalt_oppgavefellesskap", "kapittel 19"),
        ("interkommunalt_politisk_rad", "kapittel 18"),
    ],
)
def test_a_council_or_ko_whose_text_rests_on_section_27_is_not_reorganised(avtaletype, kapittel):
    """The type in the data is not the reorganisation; the text the councils adopted is."""
    funn = _funn(avtaletype, "bakgrunn", "Samarbeidet er organisert etter koml. § 27.", GAMMEL)
    assert [b.regel.id for b in funn] == list(GAMMEL)
    assert kapittel in funn[1].melding and "§ 31-2 annet ledd" in funn[1].melding
    historie = "Oppgavene ble tidligere løst av et styre etter koml. § 27."
    assert [b.regel.id for b in _funn(avtaletype, "bakgrunn", historie, GAMMEL)] == [GAMMEL[0]]


def test_section_sign_may_be_missing_after_the_laws_name():
    (h,) = finn_henvisninger("kommuneloven 28-1 a; administrativt vertskommunesamarbeid")
    assert h.vertskommune and not h.styre
    assert finn_henvisninger("vedtatt etter kommuneloven 27. mai 2020") == []


@pytest.mark.parametrize(
    "tekst",
    [
        "Lovlighetskontroll etter kommuneloven § 27-1 og ROBEK etter kl. § 28-1 bokstav b.",
        "Klage etter forvaltningsloven § 27 og arbeidsmiljøloven § 28 b i samarbeidet.",
        "Samarbeidet følger § 27 i forvaltningsloven.",
        "Styret i selskapet har fem medlemmer, jf. IKS-loven § 27. Møte kl. 10.00.",
        "Kommunen ble opprettet i 1992 og har et samarbeid om styret.",
    ],
)
def test_other_laws_and_the_2018_act_are_not_the_old_act(tekst):
    assert finn_henvisninger(tekst) == []


def test_old_act_in_a_nested_list_field_has_its_path():
    data = grunnavtale("vertskommune")
    data["oppgaver"][0]["beskrivelse"] = "Som før etter koml. § 27."
    funn = [b for b in sjekk(AVTALE_ADAPTER.validate_python(data)) if b.regel.id in GAMMEL]
    assert [(b.sti, b.regel.id) for b in funn] == [
        (("oppgaver", 0, "beskrivelse"), "KL-31-2-GAMMEL-LOV"),
        (("oppgaver", 0, "beskrivelse"), "KL-31-2-OMDANNING"),
    ]


# --------------------------------------------------------------------------- item 6


@pytest.mark.parametrize(
    "tekst,plassholder",
    [
        ("Oppsigelsestiden er xxx måneder.", "xxx"),
        ("Budsjettet er kr xxxxx.", "xxxxx"),
        ("Budsjettet er kr XX per innbygger.", "XX"),
        ("Signert av [navn], ordfører.", "[navn]"),
        ("Leder er NN fra Melhus.", "NN"),
        ("Kontaktperson: N.N.", "N.N."),
        ("Fordelingen avklares senere (TBD).", "TBD"),
        ("Avtalen gjelder fra dd.mm.åååå.", "dd.mm.åååå"),
        ("Avtalen gjelder fra 01.01.20xx.", "20xx"),
        ("Vertskommunen er kommune X.", "kommune X"),
        ("Avtalen trer i kraft …", "…"),
        ("Kostnadene fordeles med ... prosent.", "..."),
        ("Dato: ____", "____"),
    ],
)
def test_placeholder_is_a_feil_with_its_place(tekst, plassholder):
    (b,) = _funn("vertskommune", "underretning", tekst, ("AVTALE-PLASSHOLDER",))
    assert b.alvorlighet == "feil" and b.sti == ("underretning",)
    assert f"«{plassholder}»" in b.melding
    assert f"tegn {tekst.index(plassholder) + 1}" in b.melding


@pytest.mark.parametrize(
    "tekst",
    [
        "Innkjøp etter INNKJØPSREGLEMENTET og ANNEN lov; NNN er ikke en plassholder.",
        "Saken følger kapittel XXX, del XX og vedlegg XXXI; XXL og Exxon.",
        "Loven sier «svarer til eierandelen … med mindre annet er avtalt».",
        "Jf. note [1] og [2026] og utelatelsen […].",
        "Kostnader under 5 % < terskelen > null.",
        "Kommunene Melhus, Skaun osv…",
    ],
)
def test_real_norwegian_text_is_not_a_placeholder(tekst):
    assert finn_plassholdere(tekst) == []


def test_the_example_agreements_have_no_placeholders_and_no_old_act():
    for fil in sorted(AGREEMENTS_DIR.glob("*/avtale.yaml")):
        avtale = AVTALE_ADAPTER.validate_python(yaml.safe_load(fil.read_text(encoding="utf-8")))
        for sti, tekst in tekstfelter(avtale):
            assert finn_plassholdere(tekst) == [], (fil.parent.name, sti)
            assert finn_henvisninger(tekst) == [], (fil.parent.name, sti)


def test_validate_places_every_finding_at_the_fields_line(tmp_path: Path):
    data = grunnavtale("vertskommune")
    data["underretning"] = "Vertskommunen underretter NN om vedtak innen xxx dager."
    data["bakgrunn"] = "Samarbeidet er et interkommunalt styre etter koml. § 27."
    fil = tmp_path / "avtale.yaml"
    fil.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    linjer = fil.read_text(encoding="utf-8").split("\n")
    funn = [f for f in validate_file(fil).findings if f.rule in (*GAMMEL, "AVTALE-PLASSHOLDER")]
    assert sorted((f.rule, f.path) for f in funn) == [
        ("AVTALE-PLASSHOLDER", "underretning"),
        ("AVTALE-PLASSHOLDER", "underretning"),
        ("KL-31-2-GAMMEL-LOV", "bakgrunn"),
        ("KL-31-2-OMDANNING", "bakgrunn"),
    ]
    for f in funn:
        assert linjer[f.line - 1].startswith(f"{f.path}:")


def test_several_references_in_one_field_are_one_finding_per_rule():
    tekst = "Etter kommuneloven 28-1 a og kl. § 28-1 b, og styret etter koml. § 27 består."
    funn = _funn("vertskommune", "bakgrunn", tekst, GAMMEL)
    assert [b.regel.id for b in funn] == list(GAMMEL)
    assert "«kommuneloven 28-1 a», «kl. § 28-1 b», «koml. § 27»" in funn[0].melding
    assert "(«koml. § 27»)" in funn[1].melding


def test_history_in_the_sentence_before_does_not_excuse_the_basis():
    tekst = (
        "Kommunene har tidligere samarbeidet uformelt. Samarbeidet er organisert som "
        "interkommunalt styre etter koml. § 27. Kl. 10 møtes styret."
    )
    assert [b.regel.id for b in _funn("samarbeidsavtale", "bakgrunn", tekst, GAMMEL)] == list(
        GAMMEL
    )
