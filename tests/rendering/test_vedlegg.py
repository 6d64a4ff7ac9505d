"""Attachments: listed in the agreement, lying beside it with the stated SHA-256, and bound by the
avtale-hash through that checksum."""

from __future__ import annotations

import shutil

import pytest

from avtaleflyt.paths import AGREEMENTS_DIR
from avtaleflyt.rendering import render_markdown
from avtaleflyt.rendering.canonical import avtale_hash
from avtaleflyt.rendering.vedlegg import kontroller_vedlegg
from tests.rendering.conftest import EXAMPLES, load_example

MED_VEDLEGG = "gauldal-lonn-regnskap"


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_attachment_matches_its_checksum(name: str) -> None:
    assert kontroller_vedlegg(load_example(name), AGREEMENTS_DIR / name) == []


def test_a_changed_attachment_file_is_found(tmp_path) -> None:
    mappe = tmp_path / MED_VEDLEGG
    shutil.copytree(AGREEMENTS_DIR / MED_VEDLEGG, mappe)
    (mappe / "vedlegg" / "stillinger.md").write_text("endret\n", encoding="utf-8")
    (mappe / "vedlegg" / "databehandleravtale.md").unlink()
    feil = kontroller_vedlegg(load_example(MED_VEDLEGG), mappe)
    assert len(feil) == 2
    assert "finner ikke filen vedlegg/databehandleravtale.md" in feil[0]
    assert "vedlegg/stillinger.md har SHA-256" in feil[1] and "ny versjon" in feil[1]


def test_the_checksum_is_part_of_the_avtale_hash() -> None:
    avtale = load_example(MED_VEDLEGG)
    annen = avtale.model_copy(deep=True)
    annen.vedlegg[1].sha256 = "0" * 64
    assert avtale_hash(avtale) != avtale_hash(annen)


def test_the_text_lists_and_refers_to_the_attachments() -> None:
    tekst = render_markdown(load_example(MED_VEDLEGG))
    assert "- Vedlegg 1 – Databehandleravtale" in tekst
    assert "- Vedlegg 2 – Stillinger som går over til Melhus kommune" in tekst
    assert "Databehandleravtalen etter personvernforordningen artikkel 28 er vedlegg 1." in tekst
    assert "De ansatte som omfattes, er oppført i vedlegg 2." in tekst
    # the files and checksums stand in the document control, after the signatures
    kontroll = tekst.split("### Dokumentkontroll", 1)[1]
    assert (
        "Vedlegg 2 er filen stillinger.md med SHA-256 "
        "2ceafc13b0eed79538dfe600e959e11f806eed3061e8d1ba86b87fb86d8c3f21." in kontroll
    )
