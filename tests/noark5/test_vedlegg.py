"""The agreement's attachments in the Noark 5 uttrekk: each attachment archived with a version is a
«Vedlegg» dokumentbeskrivelse on the journalpost that holds the version's text, with the archived
bytes, their SHA-256 and size, in the format the file is (never called PDF/A); a version without
attachments is exported as before; the checks catch a damaged attachment and a wrong numbering."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
import yaml
from lxml import etree

from avtaleflyt.noark5 import kontroller, lag_uttrekk
from avtaleflyt.noark5.kontroll import XML_SKJEMA, skjema

N5 = "{http://www.arkivverket.no/standarder/noark5/arkivstruktur}"
ARTER = {"databehandleravtale": "Databehandleravtale", "ansatteliste": "Ansatteliste"}
EKSEMPEL = Path(__file__).resolve().parents[2] / "agreements" / "gauldal-lonn-regnskap"


def _t(e: etree._Element, navn: str) -> str:
    return (e.findtext(f"{N5}{navn}") or "").strip()


@pytest.fixture(scope="module")
def gauldal_uttrekk(gauldal, tmp_path_factory):
    ut = tmp_path_factory.mktemp("vedlegg") / "5027"
    r = lag_uttrekk(gauldal, ut, "5027")
    assert r.funn == [], [f.one_line() for f in r.funn]
    return r


@pytest.fixture
def kopi(gauldal_uttrekk, tmp_path) -> Path:
    mal = tmp_path / "kopi"
    shutil.copytree(gauldal_uttrekk.mappe, mal)
    return mal


def _mappe(tre: etree._ElementTree, avtale_id: str) -> etree._Element:
    return next(
        m for m in tre.iter(f"{N5}mappe") if f"Avtale-id {avtale_id}." in _t(m, "beskrivelse")
    )


def test_the_gauldal_export_holds_each_vedlegg_with_the_checksum_the_agreement_states(
    gauldal_uttrekk,
):
    ut = gauldal_uttrekk.mappe
    data = yaml.safe_load((EKSEMPEL / "avtale.yaml").read_text(encoding="utf-8"))
    ventet = data["vedlegg"]
    assert len(ventet) == 2  # databehandleravtale and the staff list
    tre = etree.parse(str(ut / "arkivstruktur.xml"))
    mappe = _mappe(tre, "gauldal-lonn-regnskap")
    poster = [
        r
        for r in mappe.findall(f"{N5}registrering")
        if r.find(f"{N5}dokumentbeskrivelse") is not None
    ]
    med = [r for r in poster if len(r.findall(f"{N5}dokumentbeskrivelse")) > 1]
    assert med, "ingen journalpost i lønn/regnskap-mappen har vedlegg"
    for r in med:
        dokumenter = r.findall(f"{N5}dokumentbeskrivelse")
        assert [_t(d, "tilknyttetRegistreringSom") for d in dokumenter] == [
            "Hoveddokument",
            "Vedlegg",
            "Vedlegg",
        ]
        assert [_t(d, "dokumentnummer") for d in dokumenter] == ["1", "2", "3"]
        assert _t(r, "antallVedlegg") == "2"
        for d, v in zip(dokumenter[1:], ventet, strict=True):
            assert _t(d, "tittel") == v["tittel"]
            assert _t(d, "dokumenttype") == ARTER[v["art"]]
            (o,) = d.findall(f"{N5}dokumentobjekt")
            fil = (EKSEMPEL / "vedlegg" / v["fil"]).read_bytes()
            assert hashlib.sha256(fil).hexdigest() == v["sha256"]
            assert _t(o, "sjekksum") == v["sha256"]
            assert _t(o, "sjekksumAlgoritme") == "SHA256"
            assert _t(o, "filstoerrelse") == str(len(fil))
            ref = _t(o, "referanseDokumentfil")
            assert re.fullmatch(rf"dokumenter/gauldal-lonn-regnskap/v\d+/vedlegg/{v['fil']}", ref)
            assert (ut / ref).read_bytes() == fil
            # Markdown is plain UTF-8 text, not PDF/A: a produksjonsformat, named as it is
            assert _t(o, "variantformat") == "Produksjonsformat"
            assert _t(o, "format") == "fmt/1149"
            assert o.find(f"{N5}konvertering") is None
    assert any(
        "gauldal-lonn-regnskap" in m and "produksjonsformat" in m
        for m in gauldal_uttrekk.uttrekk.mangler
    )
    # the files and the ADDML count of document files include the attachments
    filer = [p for p in (ut / "dokumenter").rglob("*") if p.is_file()]
    assert gauldal_uttrekk.antall_dokumentfiler == len(filer)
    addml = (ut / "arkivuttrekk.xml").read_text(encoding="utf-8")
    assert re.search(
        rf'name="antallDokumentfiler" dataType="integer">\s*<value>{len(filer)}<', addml
    )
    # «Vedtak i deltakerkommunene» stays in the avtaleflyt archive (docs/noark5.md says why)
    assert not any(p.name == "vedtak-i-deltakerkommunene.md" for p in filer)
    for fil, navn in XML_SKJEMA.items():
        assert skjema(navn).validate(etree.parse(str(ut / fil))), fil


def test_a_version_without_vedlegg_is_exported_as_before(gauldal_uttrekk):
    tre = etree.parse(str(gauldal_uttrekk.mappe / "arkivstruktur.xml"))
    mapper = [
        m for m in tre.iter(f"{N5}mappe") if "gauldal-lonn-regnskap" not in _t(m, "beskrivelse")
    ]
    assert len(mapper) == 8
    for m in mapper:
        for r in m.findall(f"{N5}registrering"):
            assert r.find(f"{N5}antallVedlegg") is None
            dokumenter = r.findall(f"{N5}dokumentbeskrivelse")
            assert len(dokumenter) <= 1
            for d in dokumenter:
                assert d.find(f"{N5}beskrivelse") is None
                assert (_t(d, "dokumenttype"), _t(d, "tilknyttetRegistreringSom")) == (
                    "Avtale",
                    "Hoveddokument",
                )
                assert _t(d, "dokumentnummer") == "1"
                for o in d.findall(f"{N5}dokumentobjekt"):
                    assert "/vedlegg/" not in _t(o, "referanseDokumentfil")
                    assert _t(o, "format") in {"fmt/477", "fmt/412"}


def test_a_damaged_or_missing_vedlegg_file_is_caught(kopi):
    filer = sorted((kopi / "dokumenter").rglob("vedlegg/*.md"))
    assert filer
    filer[0].write_bytes(filer[0].read_bytes() + b"\n")
    filer[-1].unlink()
    funn = kontroller(kopi)
    regler = {f.rule for f in funn}
    assert {"NOARK5-SJEKKSUM", "NOARK5-STORRELSE", "NOARK5-DOKUMENTFIL", "NOARK5-ANTALL"} <= regler


def test_a_wrong_main_document_numbering_or_vedlegg_count_is_caught(kopi):
    sti = kopi / "arkivstruktur.xml"
    tekst = sti.read_text(encoding="utf-8")
    tekst = tekst.replace(
        "<tilknyttetRegistreringSom>Vedlegg</tilknyttetRegistreringSom>",
        "<tilknyttetRegistreringSom>Hoveddokument</tilknyttetRegistreringSom>",
        1,
    )
    tekst = tekst.replace(
        "<dokumentnummer>3</dokumentnummer>", "<dokumentnummer>4</dokumentnummer>", 1
    )
    tekst = tekst.replace("<antallVedlegg>2</antallVedlegg>", "<antallVedlegg>3</antallVedlegg>", 1)
    sti.write_text(tekst, encoding="utf-8")
    meldinger = [f.message for f in kontroller(kopi) if f.rule == "NOARK5-DOKUMENT"]
    assert any("2 hoveddokumenter" in m for m in meldinger), meldinger
    assert any("1, 2, 4" in m for m in meldinger), meldinger
    assert any("antallVedlegg sier 3" in m for m in meldinger), meldinger
