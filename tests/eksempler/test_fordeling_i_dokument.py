"""The computed cost shares stand in the documents councils adopt, and bind the avtale-hash."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from avtaleflyt.fordeling import beregn_fordeling, brukte_folketall
from avtaleflyt.paths import AGREEMENTS_DIR
from avtaleflyt.rendering import avtale_hash, render_docx
from avtaleflyt.rendering.tallformat import prosent
from avtaleflyt.validation import load_agreement
from schemas.felles import format_kroner

MED_NOKKEL = sorted(
    p.parent.name
    for p in AGREEMENTS_DIR.glob("*/avtale.yaml")
    if "fordelingsnokkel:" in p.read_text(encoding="utf-8")
)


def _text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    # Word's tables join «kr», «%» and digit groups to their figure with no-break spaces
    return "\n".join([p.text for p in document.paragraphs] + cells).replace("\u00a0", " ")


@pytest.mark.parametrize("avtale_id", MED_NOKKEL)
def test_each_participants_share_and_amount_is_in_the_document(avtale_id):
    avtale = load_agreement(AGREEMENTS_DIR / avtale_id)
    text = _text(render_docx(avtale))
    for andel in beregn_fordeling(avtale):
        assert prosent(andel.andel).replace("\u00a0", " ") in text, (avtale_id, andel.kommunenummer)
        if andel.belop is not None:
            kroner = format_kroner(andel.belop).replace("\u00a0", " ")
            assert kroner in text, (avtale_id, andel.kommunenummer)


def test_population_figures_are_part_of_the_hash(tmp_path: Path):
    avtale_id = next(i for i in MED_NOKKEL if brukte_folketall(load_agreement(AGREEMENTS_DIR / i)))
    avtale = load_agreement(AGREEMENTS_DIR / avtale_id)
    before = avtale_hash(avtale)
    nokkel = avtale.okonomi.fordelingsnokkel
    other_year = nokkel.model_copy(update={"aar": nokkel.aar - 1})
    changed = avtale.model_copy(
        update={"okonomi": avtale.okonomi.model_copy(update={"fordelingsnokkel": other_year})}
    )
    assert brukte_folketall(changed) != brukte_folketall(avtale)
    assert avtale_hash(changed) != before
