"""The PDF/A note after archiving (`Arkivering.pdfa_merknad`, printed by `avtale archive`) says what
the archive holds, not what this host made: in a shared archive an event may end up with the PDF/A
another host archived for the same .docx (`avtaleflyt.arkiv.avledet`), or without one because the
other host archived it without. Before, a host without LibreOffice printed «Arkivert uten PDF/A»
for an event the archive holds with a PDF/A, and a host with LibreOffice printed nothing for an
event the archive holds without one.

Real LibreOffice, real git: two hosts sharing through a bare repository, as in test_fjern_pdfa."""

from __future__ import annotations

from pathlib import Path

import pytest

from avtaleflyt.arkiv import Arkiv
from avtaleflyt.arkivering import arkiver
from tests.arkiv import test_fjern_pdfa as delt

# the two hosts, their PDF caches, the server and the adopted agreement of test_fjern_pdfa
a, b, cacher, fjern, mappe, som = delt.a, delt.b, delt.cacher, delt.fjern, delt.mappe, delt.som
PDF, VEDTATT, pdf_ved = delt.PDF, delt.VEDTATT, delt.pdf_ved

pytestmark = pytest.mark.requires_tool("soffice")

TAG = "lonn-regnskap/v1/vedtatt"


def test_a_host_without_libreoffice_that_gets_the_shared_pdf_says_so(
    mappe: Path, a: Arkiv, b: Arkiv, som
) -> None:
    som("a")
    assert arkiver(mappe, a.sti, VEDTATT).pdfa_merknad == ""
    som("b", libreoffice=False)
    fra_b = arkiver(mappe, b.sti, VEDTATT)  # planned without a PDF, adopts a's event
    assert fra_b.commits and pdf_ved(b.sti, "HEAD") == pdf_ved(a.sti, "HEAD")
    assert "Arkivert uten PDF/A" not in fra_b.pdfa_merknad
    assert fra_b.pdfa_merknad == (
        f"PDF/A-2b er hentet fra arkivet ({TAG}): arkivet hadde allerede en PDF/A av den samme "
        ".docx-filen, og ingen ble laget her: PDF/A er slått av (AVTALE_PDFA=nei)."
    )


def test_a_host_whose_own_pdf_gives_way_to_the_archived_one_says_so(
    mappe: Path, a: Arkiv, b: Arkiv, som
) -> None:
    som("a")
    arkiver(mappe, a.sti, VEDTATT)
    som("b")  # its own cache: LibreOffice makes other PDF bytes of the same .docx
    fra_b = arkiver(mappe, b.sti, VEDTATT)
    assert fra_b.pdfa_merknad == (
        f"PDF/A-2b er hentet fra arkivet ({TAG}): arkivet hadde allerede en PDF/A av den samme "
        ".docx-filen, og en versjon beholder én PDF; den som ble laget her, er ikke arkivert."
    )


def test_a_host_with_libreoffice_adopting_an_event_archived_without_pdf_says_it_has_none(
    mappe: Path, a: Arkiv, b: Arkiv, som
) -> None:
    som("a", libreoffice=False)
    arkiver(mappe, a.sti, VEDTATT)
    som("b")
    fra_b = arkiver(mappe, b.sti, VEDTATT)  # b made a PDF; the archived event has none
    assert fra_b.commits and PDF not in Arkiv(b.sti).filer("lonn-regnskap", "HEAD")
    assert fra_b.pdfa_merknad == (
        "Arkivert uten PDF/A: hendelsen var arkivert fra før uten PDF/A, og den står slik den "
        f"ble arkivert ({TAG})"
    )
