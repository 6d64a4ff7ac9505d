"""The style check (avtaleflyt/rendering/stil.py): each defect kind is caught in a bad sample and
absent from a good one, and every rendered example and rendering sample passes it. A template change
that brings back a label-colon sentence, a doubled term or a default-template leftover fails here."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from avtaleflyt.rendering import render_docx, render_html, render_markdown
from avtaleflyt.rendering.stil import (
    ART_ETIKETT,
    ART_GJENTATT,
    ART_MERKELAPP,
    ART_PARENTES,
    ART_SJEKKLISTE,
    ART_STANDARDMAL,
    ART_SUBJEKT,
    ART_TALLSTIL,
    kontroller_pakke,
    kontroller_tekst,
    setninger,
)
from avtaleflyt.yaml_loader import load_yaml
from schemas.avtale import AVTALE_ADAPTER
from tests.rendering.conftest import EXAMPLES, load_example, model

STRUKTURER = sorted((Path(__file__).parent / "strukturer").glob("*.yaml"))


def _dok(*avsnitt: str) -> str:
    return "# Avtale\n\n## § 1 Vilkår\n\n" + "\n\n".join(avsnitt) + "\n\n---\n\nbunntekst\n"


def _arter(*avsnitt: str) -> list[str]:
    return [f.art for f in kontroller_tekst(_dok(*avsnitt))]


GOD = (
    "Avtalen trer i kraft når den er vedtatt av kommunestyret i alle deltakerkommunene og "
    "signert, jf. kommuneloven § 20-4. Avtalen trer likevel ikke i kraft før 1. januar 2027.",
    "Oppsigelsestiden er tolv måneder. Styret har fem medlemmer, som velges for to år om gangen.",
    "Følgende ligger fortsatt hos hver deltaker: forskrifter etter viltloven.",
    "a) Forvaltning av hjortevilt (lovpålagt oppgave): mål for bestandene.  \n"
    "b) Ettersøk og fallvilt: organisering av ettersøk.",
)


def test_a_good_text_passes() -> None:
    assert kontroller_tekst(_dok(*GOD)) == []


def test_a_sentence_said_twice() -> None:
    setning = "Melhus kommune overtar nemndas arkiv ved oppløsning."
    assert ART_GJENTATT in _arter(setning, f"Eiendelene fordeles etter eierandel. {setning}")


def test_a_clause_said_twice() -> None:
    assert ART_GJENTATT in _arter(
        "Vertskommunen fakturerer, etter at avtalen er vedtatt i alle kommunestyrene, kvartalsvis.",
        "Statsforvalteren underrettes, etter at avtalen er vedtatt i alle kommunestyrene.",
    )


@pytest.mark.parametrize(
    "to_ganger",
    [
        (
            "Selskapet har et representantskap som er øverste organ.",
            "Det er selskapets øverste organ.",
        ),
        (
            "En deltaker kan si opp med ett års skriftlig varsel.",
            "Oppsigelsestiden er 12 måneder.",
        ),
        ("Utgifter til nemnda fordeles likt.", "Kostnadene fordeles likt mellom deltakerne."),
        ("Avtalen trer i kraft tidligst 1. januar 2027.", "Avtalen trer ikke i kraft før 1. mai."),
    ],
)
def test_the_same_term_said_twice_in_other_words(to_ganger: tuple[str, str]) -> None:
    assert ART_GJENTATT in _arter(*to_ganger)


@pytest.mark.parametrize(
    "setning",
    [
        "Funksjonstid: Fire år, tilsvarende kommunestyrets valgperiode.",
        "Dato for ikrafttredelse: 1. januar 2027.",
        "Arkiv etter oppløsning: Melhus kommune overtar nemndas arkiv.",
    ],
)
def test_a_label_colon_sentence(setning: str) -> None:
    assert _arter(setning) == [ART_ETIKETT]


def test_a_tag_after_a_full_stop() -> None:
    assert ART_MERKELAPP in _arter(
        "a) Ettersøk og fallvilt: håndtering av fallvilt. (lovpålagt oppgave)"
    )


def test_doubled_and_unbalanced_parentheses() -> None:
    assert ART_PARENTES in _arter("Rådets indre forhold (sekretariat) (interne forhold).")
    assert ART_PARENTES in _arter("Rådets indre forhold (sekretariat og egen drift.")


def test_numbers_in_two_styles() -> None:
    assert _arter("Styret har 5 medlemmer. Representantskapet har fem medlemmer.") == [ART_TALLSTIL]


def test_checklist_output() -> None:
    assert ART_SJEKKLISTE in _arter(
        "Ingen annen lov krever at avtalen inneholder bestemmelser ut over kommuneloven § 20-4."
    )
    assert ART_SJEKKLISTE in _arter("Samarbeidet er et samarbeid etter kommuneloven § 17-1.")


def test_the_wrong_subject_for_the_form() -> None:
    tekst = _dok("Samarbeidet behandler personopplysninger.")
    assert [f.art for f in kontroller_tekst(tekst, "iks")] == [ART_SUBJEKT]
    assert kontroller_tekst(tekst, "vertskommune") == []
    assert kontroller_tekst(_dok("Selskapet behandler personopplysninger."), "iks") == []


def test_default_template_text() -> None:
    assert ART_STANDARDMAL in _arter("Topptekst (fylles ved gjengivelse)")


def test_abbreviations_do_not_end_a_sentence() -> None:
    assert setninger("Saken avgjøres av rådet, jf. kommuneloven § 18-1. Neste setning.") == [
        "Saken avgjøres av rådet, jf. kommuneloven § 18-1.",
        "Neste setning.",
    ]


def _pakke(bytter: dict[str, bytes]) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(render_docx(model())))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in src.namelist():
            z.writestr(name, bytter.pop(name, src.read(name)))
        for name, data in bytter.items():
            z.writestr(name, data)
    return out.getvalue()


def test_word_package_leftovers_are_caught() -> None:
    assert kontroller_pakke(_pakke({})) == []
    funn = kontroller_pakke(
        _pakke(
            {
                "customXml/item1.xml": b"<b:Sources/>",
                "docProps/thumbnail.jpeg": b"\xff\xd8",
                "docProps/app.xml": b"<Properties><Application>Microsoft Macintosh Word"
                b"</Application></Properties>",
            }
        )
    )
    assert [f.utdrag for f in funn] == [
        "customXml/item1.xml",
        "docProps/thumbnail.jpeg",
        "Microsoft Macintosh Word",
    ]


def _strukturmodell(path: Path):
    return AVTALE_ADAPTER.validate_python(load_yaml(path).data)


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_passes_the_style_check(name: str) -> None:
    avtale = load_example(name)
    funn = kontroller_tekst(render_markdown(avtale), avtale.type)
    funn += kontroller_pakke(render_docx(avtale))
    assert not funn, "\n".join(map(str, funn))


@pytest.mark.parametrize("path", STRUKTURER, ids=lambda p: p.stem)
def test_every_rendering_sample_passes_the_style_check(path: Path) -> None:
    avtale = _strukturmodell(path)
    funn = kontroller_tekst(render_markdown(avtale), avtale.type)
    funn += kontroller_pakke(render_docx(avtale))
    assert not funn, "\n".join(map(str, funn))


def test_lettering_is_the_same_in_markdown_html_and_word() -> None:
    """«bokstav b» in one format is «b)» in all three (Word: lowerLetter «%1)», numbering 90)."""
    avtale = load_example("gauldal-landbruk")
    md = render_markdown(avtale)
    assert "\na) Saksbehandling etter landbrukslovgivningen" in md
    assert "\nb) Tilskuddsforvaltning" in md
    html = render_html(avtale)
    assert '<ol type="a" class="bokstav">' in html
    assert 'content:counter(bokstav,lower-alpha) ") "' in html
    numbering = zipfile.ZipFile(io.BytesIO(render_docx(avtale))).read("word/numbering.xml")
    assert b'<w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/>' in numbering
