"""Data is text: markup, template syntax, escapes and any script come out literally in every format."""

from __future__ import annotations

import html
import re

import pytest
from pydantic import ValidationError

from avtaleflyt.rendering import (
    RenderError,
    build_document,
    render_docx,
    render_html,
    render_markdown,
)
from avtaleflyt.rendering.document import Paragraph
from schemas.avtale import AVTALE_ADAPTER
from tests.rendering.conftest import minimal, model
from tests.rendering.docx_text import all_text, open_docx

NASTY = [
    "Bærum & Asker <IKS> «sitat» 'enkel' \"dobbel\"",
    "{{ avtale.id }} {% for x in [1] %}løkke{% endfor %} {# kommentar #}",
    "Guovdageaidnu, Čáhcesuolu, Unjárga: ŋ ŧ đ š ž á",
    "\u200fمرحبا\u200e høyre-til-venstre \u202e snudd \u202c 🦌🏔️ 👩‍👩‍👧",
    "# ikke overskrift",
    "- ikke punkt",
    "1. ikke nummerert",
    "> ikke sitat | ikke celle \\ skråstrek \\| \\n \\v",
    "AVSNITT TITTEL § SIGNATUR",
    "*stjerne* _under_ [lenke](http://x) `kode` <script>alert(1)</script> &amp;",
]


@pytest.mark.parametrize("value", NASTY)
def test_value_is_literal_in_every_format(value):
    avtale = model(formaal=value, underretning=value)
    doc = build_document(avtale)
    paragraphs = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert paragraphs.count(value) == 2  # one block each, exactly the value, no structure added
    docx_text = all_text(open_docx(render_docx(avtale)))
    assert re.sub(r"\s+", " ", value).strip() in docx_text
    page = render_html(avtale)
    assert f"<p>{html.escape(value, quote=True)}</p>" in page
    assert "<script>" not in page
    md = render_markdown(avtale)
    line = next(linje for linje in md.split("\n") if _md_unescape(linje) == value)
    assert not re.match(r"\s*(#|-\s|\d+\.\s|>)", line)


def _md_unescape(text: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def test_value_in_table_cell_cannot_add_cells():
    avtale = model(
        deltakere=[
            {"kommunenummer": "5027", "navn": "A | B \\| C"},
            {"kommunenummer": "5028", "navn": "Melhus"},
        ]
    )
    doc = build_document(avtale)
    table = next(b for b in doc.blocks if hasattr(b, "rows"))
    assert table.rows[0] == ("A | B \\| C kommune", "5027")


def test_newline_in_value_is_a_line_break_not_a_new_block():
    avtale = model(formaal="Første linje\nTITTEL falsk\n§ falsk paragraf")
    doc = build_document(avtale)
    assert Paragraph("Første linje\nTITTEL falsk\n§ falsk paragraf") in doc.blocks
    assert doc.title == "Avtale om testsamarbeid"
    assert not any(getattr(b, "text", "") == "falsk paragraf" for b in doc.blocks)


def test_template_syntax_in_data_is_never_evaluated():
    avtale = model(formaal="{{ 7 * 7 }} {{ ''.__class__.__mro__ }}")
    paragraphs = [b.text for b in build_document(avtale).blocks if isinstance(b, Paragraph)]
    assert "{{ 7 * 7 }} {{ ''.__class__.__mro__ }}" in paragraphs
    assert not any(p.startswith("49") for p in paragraphs)


def test_control_character_is_a_clear_error_not_a_crash():
    # The models reject these; a model built without validation must still not yield a broken file.
    avtale = model().model_copy(update={"formaal": "før\x0better"})
    with pytest.raises(RenderError, match="kontrolltegnet U\\+000B"):
        render_docx(avtale)


def test_models_reject_control_characters():
    with pytest.raises(ValidationError):
        AVTALE_ADAPTER.validate_python(minimal(formaal="før\x0better"))
