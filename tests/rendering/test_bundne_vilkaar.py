"""Terms the data binds that the documents left out or misnamed when real agreements were entered
(issue 12 items 8 and 9: the avtale-hash covers the data, so the text must show every term in it
and invent none): an IKS's innskuddsplikt per inhabitant, who elects the representantskap's members,
and a fylkeskommune as kontorkommune. The samples are `tests/rendering/strukturer/iks_innskudd.yaml`
and `rad_fylke.yaml`; `test_stil.py` runs the style check over them."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from avtaleflyt.rendering import RenderError, avtale_hash, render_markdown
from avtaleflyt.rendering.canonical import parameters_json
from schemas.avtale import AVTALE_ADAPTER
from schemas.felles import format_kroner
from schemas.regler import sjekk
from tests.rendering.test_strukturer import _befolkning, _data, _last, _tekster

FORMATER = ("docx", "md", "html")


def _kr(belop: Decimal) -> str:
    return format_kroner(belop).replace("\u00a0", " ")


# ------------------------------------------------------------------ innskuddsplikt per innbygger


@pytest.mark.parametrize("format_", FORMATER)
def test_an_innskudd_per_inhabitant_stands_with_each_owners_amount(format_: str) -> None:
    avtale = _last("iks_innskudd")
    assert [b.regel.id for b in sjekk(avtale)] == [], "prøveavtalen skal være uten funn"
    tekst = _tekster(avtale)[format_].replace(" | ", " ")
    assert (
        "Hver deltaker har plikt til å skyte inn kr 150 per innbygger i selskapet, regnet av "
        "folketallet per 1. januar 2025 (Statistisk sentralbyrå). Innskuddet går til "
        "«selskapets kapitalfond»."
    ) in tekst
    folk = _befolkning(2025)
    for nr, navn in (("5027", "Midtre Gauldal"), ("5028", "Melhus"), ("5029", "Skaun")):
        tall = f"{folk[nr]:,}".replace(",", " ")
        assert f"{navn} kommune {tall} {_kr(Decimal(150) * folk[nr])}" in tekst
    assert _kr(Decimal(150) * sum(folk[nr] for nr in ("5027", "5028", "5029"))) in tekst
    # the owners' table has no innskudd column, so the text does not point to one
    assert "Deltakernes eierandeler går fram av tabellen." in tekst


def test_the_population_figures_of_the_innskudd_are_bound_by_the_hash() -> None:
    avtale = _last("iks_innskudd")
    folk = _befolkning(2025)
    parametre = json.loads(parameters_json(avtale))
    assert parametre["folketall_innskudd"] == {nr: folk[nr] for nr in ("5027", "5028", "5029")}
    assert "folketall_bidrag" not in parametre
    ip = _data("iks_innskudd")["innskudd_per_innbygger"]
    ip["aar"] = 2024
    assert avtale_hash(_last("iks_innskudd", innskudd_per_innbygger=ip)) != avtale_hash(avtale)


def test_an_innskudd_without_a_year_states_the_amount_only() -> None:
    avtale = _last("iks_innskudd", innskudd_per_innbygger={"kroner": "150"})
    tekst = _tekster(avtale)["md"]
    assert "Hver deltaker har plikt til å skyte inn kr 150 per innbygger i selskapet." in tekst
    assert "folketallet" not in tekst and "Det gir disse innskuddene" not in tekst
    assert "folketall_innskudd" not in json.loads(parameters_json(avtale))


def test_an_innskudd_without_an_amount_is_refused() -> None:
    avtale = _last("iks_innskudd", innskudd_per_innbygger={"formaal": "selskapets kapitalfond"})
    with pytest.raises(RenderError, match=r"innskudd_per_innbygger\.kroner: IKSL-4-INNSKUDD"):
        render_markdown(avtale)


def test_an_innskudd_without_population_figures_stops_the_rendering() -> None:
    avtale = _last("iks_innskudd", innskudd_per_innbygger={"kroner": "150", "aar": 2031})
    with pytest.raises(RenderError, match=r"innskudd_per_innbygger\.aar: .*1\. januar 2031"):
        render_markdown(avtale)


def test_owners_with_their_own_innskudd_keep_the_sentence_about_the_table() -> None:
    data = _data("iks_innskudd")
    del data["innskudd_per_innbygger"]
    for d, innskudd in zip(data["deltakere"], ("100000", "250000", "150000"), strict=True):
        d["innskudd"] = innskudd
    tekst = _tekster(AVTALE_ADAPTER.validate_python(data))["md"]
    assert "Deltakernes eierandeler og innskudd går fram av tabellen." in tekst
    assert "Innskuddsplikt" not in tekst


# ------------------------------------------------------------- who elects the representantskap

VALG = {
    ("iks_innskudd", "kommunestyret"): "Kommunestyret i hver deltakerkommune velger selv "
    "kommunens medlemmer.",
    ("iks_innskudd", "ordforeren"): "Ordføreren i hver deltakerkommune, eller den ordføreren "
    "bemyndiger, utpeker kommunens medlemmer.",
    ("iks_innskudd", "annet"): "Hver deltakers medlemmer velges av andre enn kommunestyret og "
    "ordføreren.",
    ("rad_fylke", "kommunestyret"): "Kommunestyret eller fylkestinget hos hver deltaker velger "
    "selv deltakerens medlemmer.",
    ("rad_fylke", "ordforeren"): "Ordføreren eller fylkesordføreren hos hver deltaker, eller den "
    "vedkommende bemyndiger, utpeker deltakerens medlemmer.",
    ("rad_fylke", "annet"): "Hver deltakers medlemmer velges av andre enn kommunestyret eller "
    "fylkestinget og ordføreren.",
}


@pytest.mark.parametrize("format_", FORMATER)
@pytest.mark.parametrize(("navn", "valg"), sorted(VALG))
def test_who_elects_the_members_stands_in_the_representantskap_clause(
    navn: str, valg: str, format_: str
) -> None:
    rs = _data(navn)["representantskap"]
    rs["medlemmer_velges_av"] = valg
    tekst = _tekster(_last(navn, representantskap=rs))[format_]
    assert VALG[navn, valg] in tekst
    assert sum(tekst.count(s) for s in VALG.values()) == 1


def test_unstated_who_elects_adds_nothing() -> None:
    rs = _data("iks_innskudd")["representantskap"]
    del rs["medlemmer_velges_av"]
    tekst = _tekster(_last("iks_innskudd", representantskap=rs))["md"]
    assert [s for s in VALG.values() if s in tekst] == []


def test_who_elects_in_a_transition_stands_with_the_new_composition() -> None:
    data = _data("oppgavefellesskap")
    data["overganger"][1]["representantskap"]["medlemmer_velges_av"] = "kommunestyret"
    tekst = _tekster(_last("oppgavefellesskap", overganger=data["overganger"]))["md"]
    slutt = tekst.index("Kommunestyret i hver deltakerkommune velger selv kommunens medlemmer.")
    assert tekst.rindex("Fra og med 1. januar 2029") < slutt


# ---------------------------------------------------------------- a fylkeskommune as kontorkommune


@pytest.mark.parametrize("format_", FORMATER)
def test_a_county_as_kontorkommune_is_named_as_a_fylkeskommune(format_: str) -> None:
    avtale = _last("rad_fylke")
    assert [b.regel.id for b in sjekk(avtale)] == [], "prøveavtalen skal være uten funn"
    tekst = _tekster(avtale)[format_]
    assert "Trøndelag fylkeskommune er kontorfylkeskommune." in tekst
    assert "Trøndelag kommune" not in tekst


def test_a_kontorkommune_outside_the_participants_is_named_from_the_national_list() -> None:
    tekst = _tekster(_last("rad_fylke", kontorkommune="5029"))["md"]
    assert "Skaun kommune er kontorkommune." in tekst
