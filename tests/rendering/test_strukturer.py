"""The structures real agreements have (docs/avtalestrukturer.md) stand in the document as a
municipal lawyer writes them, in .docx, Markdown and HTML alike. Until the templates showed them,
`avtale render` refused every agreement that had one; the agreements here are small ones in
`tests/rendering/strukturer/`."""

from __future__ import annotations

import csv
import html
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from avtaleflyt.fordeling import brukte_folketall
from avtaleflyt.paths import DATA_DIR
from avtaleflyt.rendering import RenderError, avtale_hash, render_docx, render_html, render_markdown
from avtaleflyt.rendering.canonical import parameters_json
from avtaleflyt.yaml_loader import load_yaml
from schemas.avtale import AVTALE_ADAPTER
from schemas.felles import format_kroner
from schemas.regler import sjekk
from tests.regler.eksempler import grunnavtale
from tests.rendering.conftest import EXAMPLES, load_example
from tests.rendering.docx_text import all_text, norm, open_docx

DATA = Path(__file__).parent / "strukturer"


def _data(navn: str) -> dict:
    return load_yaml(DATA / f"{navn}.yaml").data


def _last(navn: str, **endre: object):
    data = _data(navn)
    data.update(endre)
    return AVTALE_ADAPTER.validate_python(data)


def _tekster(avtale) -> dict[str, str]:
    """The running text of each format, markup and escapes removed, whitespace normalised."""
    md = re.sub(r"\\(.)", r"\1", render_markdown(avtale))
    # a link (a reference to another clause) is inline: dropped without a space; other tags end a word
    htm = re.sub(r"</?a\b[^>]*>", "", render_html(avtale))
    htm = html.unescape(re.sub(r"<[^>]+>", " ", htm))
    return {
        "docx": all_text(open_docx(render_docx(avtale))),
        "md": norm(md),
        "html": norm(htm),
    }


# Structure → (agreement, sentences the document must have, wording it must not have).
STRUKTURER: dict[str, tuple[str, list[str], list[str]]] = {
    "underavtaler": (
        "rammeavtale",
        [
            "Under denne rammeavtalen gjelder disse delavtalene, med deltakerne i hver tjeneste:",
            "gauldal-ikt",
            "Midtre Gauldal kommune og Skaun kommune",
            "alle deltakerne",
        ],
        [],
    ),
    "lovhjemmel_ordrett": (
        "rammeavtale",
        ["Avtalens lovgrunnlag er angitt som «kommunelovens § 17-1»."],
        ["kommuneloven § 17-1 annet ledd"],
    ),
    "rammeavtale": (
        "delavtale",
        [
            "Avtalen er en delavtale under rammeavtalen «gauldal-ramme».",
            "For det økonomiske oppgjøret og fordelingen av kostnadene gjelder bestemmelsen om "
            "økonomi og fordelingsnøkkel i rammeavtalen «gauldal-ramme».",
            "For organiseringen av samarbeidet gjelder bestemmelsen om organisering i "
            "rammeavtalen «gauldal-ramme».",
            "For løsning av tvister gjelder bestemmelsen om tvister i rammeavtalen «gauldal-ramme».",
        ],
        ["Rådmannsutvalget", "Kostnadene fordeles"],
    ),
    "ansatte": (
        "delavtale",
        [
            "Ansatte i Skaun kommune som arbeider med oppgavene avtalen omfatter, får Midtre Gauldal "
            "kommune som arbeidsgiver. Overføringen er en virksomhetsoverdragelse etter "
            "arbeidsmiljøloven kapittel 16, og rettighetene og pliktene etter arbeidsavtalene og "
            "arbeidsforholdene følger med, jf. § 16-2 første ledd."
        ],
        [],
    ),
    "avtalesett": (
        "bilateral",
        [
            "Avtalen er en av de bilaterale avtalene i avtalesettet «melhus-legevakt». Melhus "
            "kommune inngår en egen avtale om tjenesten med hver av partnerne."
        ],
        [],
    ),
    "bidrag_per_innbygger": (
        "bilateral",
        [
            "Hver deltaker betaler et årlig bidrag på kr 40,50 per innbygger, regnet av folketallet "
            "per 1. januar 2025 (Statistisk sentralbyrå). Beløpet reguleres hvert år etter "
            "kommunal deflator.",
            "Det gir disse årlige bidragene:",
            "Innbyggere per 1. januar 2025",
        ],
        ["til vertskommunen på"],
    ),
    "observatorer": (
        "oppgavefellesskap",
        [
            "Som observatør i representantskapet møter Trøndelag fylkeskommune med talerett, men "
            "uten forslagsrett og stemmerett."
        ],
        [],
    ),
    "styre": (
        "oppgavefellesskap",
        [
            "Oppgavefellesskapet har et styre med tre medlemmer. Styret velges av representantskapet."
        ],
        [],
    ),
    "opptak": (
        "oppgavefellesskap",
        [
            "Opptak av nye deltakere",
            "Nye kommuner i Trøndelag kan tre inn på de samme vilkårene.",
            "Opptak av en ny deltaker vedtas av kommunestyret i hver deltakerkommune.",
        ],
        [],
    ),
    "overganger": (
        "oppgavefellesskap",
        [
            "Overgangsordninger",
            # each change points at the clause it changes, and that clause back at this one
            "Fra og med 1. januar 2028 endres fordelingsnøkkelen i § 8. Dette er andre år av "
            "innfasingen.",
            "2/3 av kostnadene fordeles likt mellom deltakerne. Resten fordeles etter "
            "folketallet i hver deltakerkommune per 1. januar 2027 (Statistisk sentralbyrå).",
            "Fra og med 1. januar 2029 endres fordelingsnøkkelen i § 8 og representantskapets "
            "sammensetning i § 5. Melhus får to medlemmer når innfasingen er fullført.",
            "Hver deltaker velger da medlemmer og varamedlemmer til representantskapet slik:",
            "Fordelingsnøkkelen endres fra og med 1. januar 2028 etter overgangsordningene i § 14.",
            "Representantskapets sammensetning endres fra og med 1. januar 2029 etter "
            "overgangsordningene i § 14.",
        ],
        [],
    ),
}


@pytest.mark.parametrize("format_", ["docx", "md", "html"])
@pytest.mark.parametrize("struktur", sorted(STRUKTURER))
def test_each_structure_stands_in_every_format(struktur: str, format_: str) -> None:
    navn, skal, skal_ikke = STRUKTURER[struktur]
    avtale = _last(navn)
    assert [b.regel.id for b in sjekk(avtale)] == [], "testavtalen skal være uten funn"
    tekst = _tekster(avtale)[format_]
    assert [s for s in skal if s not in tekst] == []
    assert [s for s in skal_ikke if s in tekst] == []


def _befolkning(aar: int) -> dict[str, int]:
    """The national figures read straight from the data file, apart from the code under test."""
    with (DATA_DIR / "befolkning.csv").open(encoding="utf-8") as f:
        return {
            r["kommunenummer"]: int(r["folkemengde"])
            for r in csv.DictReader(f)
            if int(r["aar"]) == aar
        }


def test_contribution_per_inhabitant_is_computed_from_the_national_figures() -> None:
    avtale = _last("bilateral")
    folk = _befolkning(2025)
    for tekst in _tekster(avtale).values():
        for nr, navn in (("5028", "Melhus kommune"), ("5029", "Skaun kommune")):
            belop = format_kroner(Decimal("40.50") * folk[nr]).replace("\u00a0", " ")
            tall = f"{folk[nr]:,}".replace(",", " ")
            assert f"{navn} {tall} {belop}" in tekst.replace(" | ", " ")
        total = format_kroner(Decimal("40.50") * (folk["5028"] + folk["5029"]))
        assert total.replace("\u00a0", " ") in tekst


def test_the_population_figures_of_the_contribution_are_bound_by_the_hash() -> None:
    avtale = _last("bilateral")
    folk = _befolkning(2025)
    parametre = json.loads(parameters_json(avtale))
    assert parametre["folketall_bidrag"] == {"5028": folk["5028"], "5029": folk["5029"]}
    okonomi = _data("bilateral")["okonomi"]
    okonomi["bidrag_per_innbygger"]["aar"] = 2024
    annet_aar = _last("bilateral", okonomi=okonomi)
    assert avtale_hash(annet_aar) != avtale_hash(avtale)


@pytest.mark.parametrize("navn", EXAMPLES)
def test_agreements_without_a_contribution_keep_their_hash_parameters(navn: str) -> None:
    """The contribution's figures are added only where there is one: other hashes stay as before."""
    avtale = load_example(navn)
    forventet = json.dumps(
        {"folketall": brukte_folketall(avtale)},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
    assert parameters_json(avtale) == forventet


def test_a_contribution_without_a_year_states_the_amount_only() -> None:
    okonomi = _data("bilateral")["okonomi"]
    del okonomi["bidrag_per_innbygger"]["aar"]
    tekst = _tekster(_last("bilateral", okonomi=okonomi))["md"]
    assert "betaler et årlig bidrag på kr 40,50 per innbygger. Beløpet reguleres" in tekst
    assert "folketallet" not in tekst and "Årlig bidrag" not in tekst


def test_a_contribution_without_population_figures_stops_the_rendering() -> None:
    okonomi = _data("bilateral")["okonomi"]
    okonomi["bidrag_per_innbygger"]["aar"] = 2031
    with pytest.raises(RenderError, match=r"okonomi\.bidrag_per_innbygger\.aar: .*1\. januar 2031"):
        render_markdown(_last("bilateral", okonomi=okonomi))


def test_a_body_the_form_does_not_have_cannot_be_taken_from_the_umbrella() -> None:
    arv = {"id": "gauldal-ramme", "arver": ["okonomi", "representantskap"]}
    with pytest.raises(RenderError, match="avtaletypen har ikke «representantskap»"):
        render_markdown(_last("delavtale", rammeavtale=arv))


def test_a_transition_to_a_body_the_form_does_not_have_is_refused() -> None:
    overgang = {
        "fra": "2027-01-01",
        "representantskap": {"medlemmer": [{"kommunenummer": "5028", "medlemmer": 1}]},
    }
    with pytest.raises(RenderError, match=r"overganger\.0\.representantskap"):
        render_markdown(_last("bilateral", overganger=[overgang]))


def test_a_council_styre_of_one_member_and_its_electing_body() -> None:
    data = grunnavtale("interkommunalt_politisk_rad")
    data["styre"] = {"antall_medlemmer": 1, "velges_av": "representantskapet"}
    tekst = _tekster(AVTALE_ADAPTER.validate_python(data))["md"]
    assert "Rådet har et styre med ett medlem. Styret velges av representantskapet." in tekst


def test_an_iks_states_its_legal_basis_as_written_once() -> None:
    data = grunnavtale("iks")
    data["lovhjemmel_ordrett"] = "lov 29. januar 1999 nr. 6 om interkommunale selskaper"
    tekst = _tekster(AVTALE_ADAPTER.validate_python(data))["md"]
    assert (
        "Selskapet er et interkommunalt selskap og er et eget rettssubjekt. Selskapsavtalens "
        "lovgrunnlag er angitt som «lov 29. januar 1999 nr. 6 om interkommunale selskaper»."
    ) in tekst
    assert "etter lov om interkommunale selskaper (IKS-loven)" not in tekst


def test_an_inherited_representantskap_is_a_reference_not_a_table() -> None:
    data = grunnavtale("kommunalt_oppgavefellesskap")
    del data["representantskap"]
    data["rammeavtale"] = {"id": "gauldal-ramme", "arver": ["representantskap"]}
    tekst = _tekster(AVTALE_ADAPTER.validate_python(data))["md"]
    assert (
        "For representantskapets sammensetning og myndighet gjelder bestemmelsen om "
        "representantskap i rammeavtalen «gauldal-ramme»."
    ) in tekst
    assert "Hver deltaker velger medlemmer" not in tekst


def test_a_transition_of_the_styre_and_of_the_nemnd() -> None:
    iks = grunnavtale("iks")
    iks["overganger"] = [
        {"fra": "2028-01-01", "styre": {"antall_medlemmer": 5, "velges_av": "representantskapet"}}
    ]
    tekst = _tekster(AVTALE_ADAPTER.validate_python(iks))["md"]
    assert (
        "Fra og med 1. januar 2028 endres styret. Selskapet har et styre med fem medlemmer. "
        "Styret velges av representantskapet."
    ) in tekst
    nemnd = grunnavtale("vertskommune_nemnd")
    medlemmer = [{**r, "medlemmer": 2} for r in nemnd["nemnd"]["medlemmer"]]
    nemnd["overganger"] = [
        {"fra": "2028-01-01", "nemnd": {**nemnd["nemnd"], "medlemmer": medlemmer}}
    ]
    tekst = _tekster(AVTALE_ADAPTER.validate_python(nemnd))["md"]
    assert (
        "Nemndas sammensetning endres fra og med 1. januar 2028 etter overgangsordningene i § 10."
        in tekst
    )
    assert "Fra og med 1. januar 2028 endres nemndas sammensetning i § 4." in tekst
    assert (
        f"Hver deltaker velger da medlemmer og varamedlemmer til {nemnd['nemnd']['navn']} slik:"
        in tekst
    )


def test_admission_states_only_what_the_data_says() -> None:
    data = grunnavtale("interkommunalt_politisk_rad")
    data["opptak"] = {"innskudd": "En ny deltaker betaler ikke innskudd."}
    tekst = _tekster(AVTALE_ADAPTER.validate_python(data))["md"]
    avsnitt = tekst.split("Opptak av nye deltakere", 1)[1].split(" ## ", 1)[0]
    assert avsnitt.strip() == "En ny deltaker betaler ikke innskudd."


def test_a_transition_that_only_describes_itself_states_its_date() -> None:
    data = grunnavtale("samarbeidsavtale")
    data["overganger"] = [{"fra": "2028-07-01", "beskrivelse": "Kontaktpersonene byttes."}]
    tekst = _tekster(AVTALE_ADAPTER.validate_python(data))["md"]
    assert "Kontaktpersonene byttes. Dette gjelder fra og med 1. juli 2028." in tekst


def test_a_styre_without_a_stated_size_gets_no_number() -> None:
    """The data may leave the styre's size open (it is unknown, or the agreement does not fix it):
    the document then says there is a styre and invents no number."""
    data = grunnavtale("iks")
    data["styre"] = {"velges_av": "representantskapet"}
    tekst = _tekster(AVTALE_ADAPTER.validate_python(data))["md"]
    assert "Selskapet har et styre. Styret velges av representantskapet." in tekst
