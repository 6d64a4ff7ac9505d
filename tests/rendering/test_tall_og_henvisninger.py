"""Shares, amounts and cross-references as a kommuneadvokat reads them (issue 13 item 3 leftovers).

One rule for shares (a computed share two decimals in every row, no reduced fraction beside the
basis), «kr» and «%» never split from their figure in any format, and a reference to another clause
taken from the clause that holds the topic: a REF field to its bookmark in Word, a link in HTML.
"""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal
from fractions import Fraction
from io import BytesIO

import pytest

from avtaleflyt.fordeling import beregn_fordeling
from avtaleflyt.rendering import render_docx, render_html, render_markdown
from avtaleflyt.rendering.document import MarkupError, escape_value, parse
from avtaleflyt.rendering.tallformat import eksakt, kroner, prosent, ubrutt
from tests.rendering.conftest import EXAMPLES, load_example
from tests.rendering.test_strukturer import _last

NBSP = "\u00a0"


def _med_tabell(navn: str) -> bool:
    """The document shows the computed distribution: a key and a budget or a basis to show."""
    okonomi = getattr(load_example(navn), "okonomi", None)
    nokkel = okonomi.fordelingsnokkel if okonomi is not None else None
    return nokkel is not None and (
        okonomi.budsjett is not None
        or nokkel.metode in ("innbyggertall", "bruk", "fast_og_variabel")
    )


MED_TABELL = [n for n in EXAMPLES if _med_tabell(n)]


def _fordelingstabell(md: str) -> list[list[str]]:
    """The rows of the table after «Nøkkelen gir denne fordelingen», cells split."""
    etter = md.split("Nøkkelen gir denne fordelingen", 1)[1]
    linjer = [linje for linje in etter.splitlines()[2:] if linje.startswith("|")]
    slutt = next((i for i, linje in enumerate(linjer) if linje.startswith("| Sum")), len(linjer))
    return [[c.strip() for c in linje.strip("|").split("|")] for linje in linjer[: slutt + 1]]


def test_share_forms():
    assert prosent(Fraction(1, 3)) == f"33,33{NBSP}%"
    assert prosent(Fraction(1, 5)) == f"20,00{NBSP}%"
    assert prosent(1) == f"100,00{NBSP}%"
    assert eksakt(Fraction(51, 200)) == f"25,5{NBSP}%"  # as the data writes it, decimal comma
    assert eksakt(Fraction(1, 3)) == "1/3"
    assert kroner(Decimal("4153500")) == f"kr{NBSP}4{NBSP}153{NBSP}500"
    assert kroner(Decimal("4153500"), ore=True).endswith(",00")


@pytest.mark.parametrize("navn", MED_TABELL)
def test_cost_table_has_one_share_form_and_no_fraction_beside_the_basis(navn):
    avtale = load_example(navn)
    md = render_markdown(avtale)
    rader = _fordelingstabell(md)
    hode = rader[0]
    andel_kolonne = hode.index("Andel")
    for rad in rader[2:]:
        assert re.fullmatch(r"\d{1,3},\d\d\u00a0%", rad[andel_kolonne]), (navn, rad)
        assert not any("/" in celle for celle in rad), (navn, rad)
    fordeling = beregn_fordeling(avtale)
    assert [r[andel_kolonne] for r in rader[2:-1]] == [prosent(k.andel) for k in fordeling]
    if "Beløp" in hode:
        belop = [r[hode.index("Beløp")] for r in rader[2:]]
        assert len({b.count(",") for b in belop}) == 1, belop  # øre in every row or in none


@pytest.mark.parametrize("navn", EXAMPLES)
def test_no_share_is_printed_in_the_old_mixed_form(navn):
    """The templates pipe every share through `eksakt` or `prosent`; a bare one would print the
    form kept for archived templates («1/3 (33,33 %)»)."""
    md = render_markdown(load_example(navn))
    assert not re.search(r"\d/\d+ \(\d", md), navn


def test_kr_and_percent_do_not_wrap_in_markdown_and_html():
    avtale = load_example("gauldal-plan-byggesak-oppmaling")
    for tekst in (render_markdown(avtale), render_html(avtale)):
        assert f"kr{NBSP}14{NBSP}200{NBSP}000" in tekst
        assert f"29,25{NBSP}%" in tekst
        assert not re.search(r"kr \d", tekst)
        assert not re.search(r"\d %", tekst)


def test_free_text_amounts_are_joined_too():
    assert ubrutt("betaler kr 1 200 000 og 30 % i 2027 1 gang") == (
        f"betaler kr{NBSP}1{NBSP}200{NBSP}000 og 30{NBSP}% i 2027 1 gang"
    )


def _docx_xml(data: bytes) -> str:
    return zipfile.ZipFile(BytesIO(data)).read("word/document.xml").decode()


def test_reference_is_a_ref_field_to_the_clause_that_holds_the_topic():
    avtale = load_example("gaula-innkjop-iks")  # costs by eierandel: points at the parties clause
    md = render_markdown(avtale)
    parter = int(re.search(r"^## § (\d+) Parter$", md, re.M).group(1))
    assert f"etter deltakernes eierandeler i § {parter}." in md
    xml = _docx_xml(render_docx(avtale))
    assert f'w:name="paragraf_{parter}"' in xml
    felt = re.search(
        r"<w:instrText[^>]*> REF (paragraf_\d+) \\r \\h </w:instrText>.*?"
        r'<w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>([^<]*)</w:t>',
        xml,
    )
    assert felt is not None and felt.groups() == (f"paragraf_{parter}", f"§ {parter}")
    assert f'<a href="#paragraf_{parter}">§ {parter}</a>' in render_html(avtale)
    assert f'<h2 id="paragraf_{parter}">' in render_html(avtale)


def test_transitions_point_at_the_clause_they_change():
    md = render_markdown(_last("oppgavefellesskap"))
    nummer = {m.group(2): m.group(1) for m in re.finditer(r"^## § (\d+) (.+)$", md, re.M)}
    assert (
        f"endres fordelingsnøkkelen i § {nummer['Økonomi og fordelingsnøkkel']} og "
        f"representantskapets sammensetning i § {nummer['Representantskap']}." in md
    )
    assert f"etter overgangsordningene i § {nummer['Overgangsordninger']}." in md


def test_a_reference_needs_the_clause_and_data_cannot_make_one():
    with pytest.raises(MarkupError, match="«tvister» peker på en paragraf dokumentet ikke har"):
        parse("TITTEL T\n§ Parter\nAVSNITT Se \\§{tvister}.")
    doc = parse("TITTEL T\n§[parter] Parter\nAVSNITT Se " + escape_value("\\§{parter}") + ".")
    (avsnitt,) = [b for b in doc.blocks if hasattr(b, "refs")]
    assert avsnitt.text == "Se \\§{parter}." and avsnitt.refs == ()
    with pytest.raises(MarkupError, match="to paragrafer"):
        parse("TITTEL T\n§[parter] A\n§[parter] B")
