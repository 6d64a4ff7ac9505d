"""Every example renders to a .docx that python-docx reads back with all mandatory content."""

from __future__ import annotations

import io
import re
import zipfile

from avtaleflyt.rendering import avtale_hash, render_docx
from tests.rendering.conftest import model
from tests.rendering.docx_text import (
    all_text,
    norm,
    open_docx,
    paragraph_texts,
    required_snippets,
)


def test_every_law_required_value_is_in_the_document(example):
    document = open_docx(render_docx(example))
    text = all_text(document)
    ungrouped = re.sub(r"(?<=\d) (?=\d{3})", "", text)  # «2 150» is how the document groups 2150
    missing = [s for s in required_snippets(example) if s not in text and s not in ungrouped]
    assert not missing, f"{example.id}: mangler i dokumentet: {missing[:5]}"


def test_clause_headings_are_numbered_without_gaps(example):
    document = open_docx(render_docx(example))
    numbers = [
        int(t.split()[1])
        for p, t in zip(document.paragraphs, paragraph_texts(document), strict=True)
        if p.style.name == "Heading 1" and t.startswith("§ ")
    ]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) >= 8


def test_participant_table_and_signature_blocks(example):
    document = open_docx(render_docx(example))
    parts = document.tables[0]
    assert parts.style.name == "Table Grid"
    assert [c.text for c in parts.rows[0].cells][:2] == ["Kommune", "Kommunenr."]
    rows = [[c.text for c in r.cells] for r in parts.rows[1:]]
    assert [(r[0], r[1]) for r in rows] == [
        (f"{d.navn} kommune", d.kommunenummer) for d in example.deltakere
    ]
    if any(d.eierandel for d in example.deltakere):
        assert "Eierandel" in [c.text for c in parts.rows[0].cells]
    signatures = document.tables[-1]
    cells = [norm(c.text) for r in signatures.rows for c in r.cells if c.text.strip()]
    assert len(cells) == len(example.deltakere)
    for d, cell in zip(example.deltakere, cells, strict=True):
        assert f"For {d.navn} kommune" in cell
        assert "Sted og dato" in cell
        if d.signatar:
            assert d.signatar.navn in cell and d.signatar.rolle in cell


def test_header_footer_and_core_properties(example):
    data = render_docx(example)
    document = open_docx(data)
    section = document.sections[0]
    assert section.header.paragraphs[0].text == example.tittel
    footer = norm(" ".join(p.text for p in section.footer.paragraphs))
    digest = avtale_hash(example)
    assert example.id in footer and f"versjon {example.versjon}" in footer and digest in footer
    footer_xml = section.footer._element.xml
    assert " PAGE " in footer_xml and " NUMPAGES " in footer_xml
    props = document.core_properties
    assert props.title == example.tittel
    assert props.identifier.endswith(digest)
    assert props.version == str(example.versjon)
    assert (
        props.created.date() == example.versjonsdato
        and props.modified.date() == example.versjonsdato
    )
    assert example.id in props.keywords
    assert props.language == "nb-NO"


def test_styles_come_from_the_reference_document(example):
    document = open_docx(render_docx(example))
    used = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Normal"} <= used
    assert document.styles["Heading 1"].font.name == "Calibri"


def test_each_numbered_list_restarts_at_one():
    avtale = model(
        oppgaver=[{"navn": "A"}, {"navn": "B"}],
        myndighet={
            "enkeltvedtak": [
                {"omrade": "byggesaker", "lovgrunnlag": "plan- og bygningsloven"},
                {"omrade": "oppmåling", "lovgrunnlag": "matrikkellova"},
            ]
        },
    )
    data = render_docx(avtale)
    document = open_docx(data)
    num_ids = [
        p._p.pPr.numPr.numId.val for p in document.paragraphs if p.style.name == "List Number"
    ]
    assert len(num_ids) == 4 and num_ids[0] == num_ids[1] != num_ids[2] == num_ids[3]
    numbering = zipfile.ZipFile(io.BytesIO(data)).read("word/numbering.xml").decode()
    for n in set(num_ids):
        assert (
            f'<w:num w:numId="{n}"><w:abstractNumId w:val="90"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>'
            in numbering
        )


def test_optional_clause_leaves_no_gap():
    without = open_docx(render_docx(model()))
    with_bg = open_docx(render_docx(model(bakgrunn="Utredet i 2025.")))

    def headings(d):
        return [
            t
            for p, t in zip(d.paragraphs, paragraph_texts(d), strict=True)
            if p.style.name == "Heading 1"
        ]

    assert "§ 2 Bakgrunn" in headings(with_bg)
    assert not any("Bakgrunn" in h for h in headings(without))
    assert headings(without)[1] == "§ 2 Formål" and headings(with_bg)[2] == "§ 3 Formål"
