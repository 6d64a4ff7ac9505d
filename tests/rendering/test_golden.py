"""Golden files of `word/document.xml` per agreement type (regenerate: AVTALE_OPPDATER_GOLDEN=1
or `pytest tests/rendering --oppdater-golden`). A diff here is a wording or layout change to review."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from avtaleflyt.rendering import render_docx
from tests.rendering.conftest import load_example, one_per_type

GOLDEN = Path(__file__).parent / "golden"


def normalised_document_xml(data: bytes) -> str:
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    pretty = etree.tostring(etree.fromstring(xml), pretty_print=True, encoding="unicode")
    # the hash and the template version's checksum change with any template edit (the version
    # stands in the Dokumentkontroll block); the text is what we review
    pretty = re.sub(r"(malversjon [0-9.]+)\+[0-9a-f]{12}\b", r"\1+<SJEKKSUM>", pretty)
    return re.sub(r"\b[0-9a-f]{64}\b", "<AVTALE-HASH>", pretty)


@pytest.mark.parametrize("name", one_per_type())
def test_document_xml_matches_golden(name, update_golden):
    avtale = load_example(name)
    actual = normalised_document_xml(render_docx(avtale))
    path = GOLDEN / f"{avtale.type}.document.xml"
    if update_golden or not path.exists():
        path.write_text(actual, encoding="utf-8")
        if not update_golden:
            pytest.fail(f"golden-filen {path.name} fantes ikke og er skrevet nå; kjør testen igjen")
    assert actual == path.read_text(encoding="utf-8"), (
        f"{path.name} avviker; se diff, oppdater med --oppdater-golden"
    )
