"""PDF/A-2b in the archive (issue 13 item 5): made by LibreOffice from the .docx, archived beside
it and listed in the MANIFEST; `verify` checks its checksum and never renders it again; without
LibreOffice the archive still works, holds the .docx, and `verify` says which versions lack PDF/A."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import shutil
import subprocess

import pikepdf
import pytest
from click.testing import CliRunner

from avtaleflyt.arkiv import Arkiv
from avtaleflyt.arkiv.arkivformat import uten_pdfa
from avtaleflyt.arkiv.gjengivelse import standard_gjengiver
from avtaleflyt.arkiv.verifiser import verifiser
from avtaleflyt.arkivering import arkiver
from avtaleflyt.cli.main import app
from avtaleflyt.rendering import pdfa, render_docx
from tests.noark5.conftest import TO, _uten_skaun
from tests.noark5.pdfa_kontroll import pdfa_feil
from tests.rendering.conftest import load_example
from tests.revisjon import hjelp

pytestmark = pytest.mark.pdfa  # the default run keeps PDF/A on here (tests/conftest.py)
soffice = pytest.mark.requires_tool("soffice")


def _manifest(arkiv, tag: str, avtale_id: str) -> dict:
    return json.loads(Arkiv(arkiv).les_fil(avtale_id, "MANIFEST.json", ved=tag))


@soffice
def test_every_event_lists_the_pdfa_beside_the_docx_and_a_version_keeps_one_pdf(scenario):
    arkiv = Arkiv(scenario.arkiv)
    pdf_per_versjon: dict[int, set[str]] = {}
    for tag in arkiv.tagger("landbruk"):
        objekter = {
            o["referanseDokumentfil"]: o
            for o in _manifest(scenario.arkiv, tag.navn, "landbruk")["dokumentobjekter"]
        }
        assert {"dokumenter/landbruk.docx", "dokumenter/landbruk.pdf"} <= set(objekter), tag.navn
        pdf = arkiv.les_fil("landbruk", "dokumenter/landbruk.pdf", ved=tag.navn)
        assert objekter["dokumenter/landbruk.pdf"]["sjekksum"] == hashlib.sha256(pdf).hexdigest()
        assert objekter["dokumenter/landbruk.pdf"]["filstoerrelse"] == len(pdf)
        pdf_per_versjon.setdefault(tag.versjon or 0, set()).add(hashlib.sha256(pdf).hexdigest())
    # each version's events carry the PDF made when it was first archived, not a new rendering
    assert {v: len(s) for v, s in pdf_per_versjon.items()} == {1: 1, 2: 1}


@soffice
def test_the_archived_pdf_is_pdfa_2b_by_structure(scenario):
    pdf = Arkiv(scenario.arkiv).les_fil(
        "landbruk", "dokumenter/landbruk.pdf", ved="landbruk/v2/vedtatt"
    )
    assert pdfa.er_pdfa_2b(pdf)
    assert pdfa_feil(pdf) == []
    assert pdfa.produsent(pdf).startswith("LibreOffice")


@soffice
def test_every_example_converts_to_pdfa_2b_in_one_call(tmp_path, monkeypatch):
    monkeypatch.setenv("AVTALE_CACHE", str(tmp_path / "cache"))
    navn = ["gauldal-landbruk", "gaula-innkjop-iks", "gauldal-politisk-rad"]
    pdfer = pdfa.lag_pdfa({f"{n}/{n}.docx": render_docx(load_example(n)) for n in navn})
    assert sorted(pdfer) == sorted(f"{n}/{n}.pdf" for n in navn)
    for sti, data in pdfer.items():
        assert pdfa_feil(data) == [], sti
    # the same bytes again come from the cache, not from a second LibreOffice start
    assert list((tmp_path / "cache" / "pdfa").glob("*.pdf"))
    igjen = pdfa.lag_pdfa({"x.docx": render_docx(load_example("gauldal-landbruk"))})
    assert igjen["x.pdf"] == pdfer["gauldal-landbruk/gauldal-landbruk.pdf"]


def test_the_structure_check_rejects_a_plain_pdf():
    """The check can fail: a PDF without PDF/A identification, output intent or fonts."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    b = io.BytesIO()
    pdf.save(b)
    feil = pdfa_feil(b.getvalue())
    assert any("XMP" in f for f in feil) and any("OutputIntent" in f for f in feil)
    assert not pdfa.er_pdfa_2b(b.getvalue())


@soffice
def test_verify_checks_the_pdf_against_the_manifest_without_rendering_it(scenario, tmp_path):
    kopi = tmp_path / "arkiv"
    shutil.copytree(scenario.arkiv, kopi, symlinks=True)
    assert verifiser(kopi, rerender=standard_gjengiver()) == []
    pdf = kopi / "landbruk" / "dokumenter" / "landbruk.pdf"
    pdf.write_bytes(pdf.read_bytes().replace(b"LibreOffice", b"LibreOfflce", 1))
    subprocess.run(["git", "-C", str(kopi), "commit", "-qam", "Ny PDF"], check=True)
    funn = verifiser(kopi, rerender=standard_gjengiver())
    sjekk = [f for f in funn if f.rule == "ARKIV-SJEKKSUM"]
    assert sjekk and sjekk[0].file.endswith("landbruk/dokumenter/landbruk.pdf"), funn
    assert not any(f.rule == "ARKIV-GJENGIVELSE" and f.file.endswith(".pdf") for f in funn)


def _en_avtale(rot):
    arkiv = rot / "arkiv"
    Arkiv(arkiv).opprett(simulering=True)
    m = hjelp.lag_avtale(rot / "avtaler", "landbruk", **_uten_skaun())
    hjelp.vedta_alle(m, dt.date(2026, 11, 3), sak=10, kommuner=TO)
    return arkiv, m


def test_without_libreoffice_the_archive_holds_the_docx_and_verify_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("AVTALE_SOFFICE", str(tmp_path / "finnes-ikke" / "soffice"))
    arkiv, m = _en_avtale(tmp_path)
    resultat = arkiver(m, arkiv, dt.date(2026, 11, 30))
    assert resultat.commits
    assert "LibreOffice" in resultat.pdfa_merknad and "finnes ikke" in resultat.pdfa_merknad
    stier = {
        o["referanseDokumentfil"]
        for o in _manifest(arkiv, "landbruk/v1/vedtatt", "landbruk")["dokumentobjekter"]
    }
    assert "dokumenter/landbruk.docx" in stier and "dokumenter/landbruk.pdf" not in stier
    # the clerk is told at archiving time, too
    hjelp.signer_alle(m, dt.date(2026, 11, 20), kommuner=TO)
    monkeypatch.setenv("AVTALE_AVTALER", str(m.parent))
    arkivert = CliRunner().invoke(
        app, ["archive", "landbruk", "--at", "2026-11-30", "--arkiv", str(arkiv)]
    )
    assert arkivert.exit_code == 0, arkivert.output
    assert "Arkivert uten PDF/A: LibreOffice" in arkivert.output
    svar = CliRunner().invoke(app, ["verify", "--arkiv", str(arkiv)])
    assert svar.exit_code == 0, svar.output
    assert "Merknad: landbruk versjon 1: arkivert uten PDF/A (vedtatt, signert)" in svar.output
    assert "Ingen funn" in svar.output
    assert uten_pdfa(arkiv, maks=0) == ["… og 1 versjoner til er arkivert uten PDF/A"]


@soffice
def test_a_version_archived_without_pdfa_gets_it_at_its_next_event(tmp_path, monkeypatch):
    monkeypatch.setenv("AVTALE_PDFA", "nei")
    arkiv, m = _en_avtale(tmp_path)
    arkiver(m, arkiv, dt.date(2026, 11, 10))
    monkeypatch.delenv("AVTALE_PDFA")
    hjelp.signer_alle(m, dt.date(2026, 11, 20), kommuner=TO)
    resultat = arkiver(m, arkiv, dt.date(2026, 11, 30))
    assert resultat.pdfa_merknad == ""
    stier = {
        o["referanseDokumentfil"]
        for o in _manifest(arkiv, "landbruk/v1/signert", "landbruk")["dokumentobjekter"]
    }
    assert "dokumenter/landbruk.pdf" in stier
    assert uten_pdfa(arkiv) == [
        "landbruk versjon 1: arkivert uten PDF/A (vedtatt); .docx er kilden og er kontrollert, men "
        "arkivformatet mangler (LibreOffice fantes ikke eller var slått av da hendelsen ble "
        "arkivert; neste hendelse for versjonen får PDF/A)"
    ]
    assert verifiser(arkiv, rerender=standard_gjengiver()) == []


@soffice
def test_the_pdfa_is_made_before_the_flows_write_limit_is_taken(tmp_path, monkeypatch):
    """LibreOffice's seconds are not spent while every other flow waits for the archive."""
    monkeypatch.setenv("AVTALE_CACHE", str(tmp_path / "cache"))
    arkiv, m = _en_avtale(tmp_path)
    ved_inngang: list[list[str]] = []

    @contextlib.contextmanager
    def skrivelas():
        ved_inngang.append(sorted(p.name for p in (tmp_path / "cache" / "pdfa").glob("*.pdf")))
        yield

    resultat = arkiver(m, arkiv, dt.date(2026, 11, 30), skrivelas=skrivelas)
    assert resultat.commits and resultat.pdfa_merknad == ""
    assert len(ved_inngang) == 1 and len(ved_inngang[0]) == 1
