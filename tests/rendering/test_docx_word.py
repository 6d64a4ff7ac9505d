"""Word's own numbering, bookmarks, tables and a municipality's own profile (issue 13 item 3)."""

from __future__ import annotations

import io
import re
import struct
import warnings
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm
from lxml import etree
from typer.testing import CliRunner

from avtaleflyt.cli.rendering import render
from avtaleflyt.rendering import RenderError, build_document, render_docx
from avtaleflyt.rendering.document import Heading, Table
from avtaleflyt.rendering.docx_med_profil import render_docx_med_profil
from avtaleflyt.rendering.docx_profil import ProfilAdvarsel
from avtaleflyt.rendering.docx_tabell import CHAR, TEXT_WIDTH, bredder, ikke_brytbar
from avtaleflyt.rendering.stil import kontroller_pakke
from tests.rendering.conftest import load_example
from tests.rendering.docx_text import all_text, open_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _part(data: bytes, name: str) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(name))


def test_clauses_are_numbered_by_word_with_a_bookmark_each():
    avtale = load_example("gauldal-landbruk")
    data = render_docx(avtale)
    body = _part(data, "word/document.xml")
    numbering = _part(data, "word/numbering.xml")
    abstract = numbering.find(f"{W}abstractNum[@{W}abstractNumId='92']")
    levels = {
        lvl.get(f"{W}ilvl"): lvl.find(f"{W}lvlText").get(f"{W}val")
        for lvl in abstract.findall(f"{W}lvl")
    }
    assert levels == {"0": "§ %1", "1": "%1.%2"}
    assert numbering.find(f"{W}num[@{W}numId='92']/{W}abstractNumId").get(f"{W}val") == "92"
    clauses = [b for b in build_document(avtale).blocks if isinstance(b, Heading) and b.number]
    numbered = [
        p
        for p in body.iter(f"{W}p")
        if p.find(f"{W}pPr/{W}numPr/{W}numId[@{W}val='92']") is not None
    ]
    assert ["".join(p.itertext()) for p in numbered] == [h.text for h in clauses]
    marks = [p.find(f"{W}bookmarkStart").get(f"{W}name") for p in numbered]
    assert marks == [f"paragraf_{h.number}" for h in clauses]
    # the number is Word's, never typed into the heading
    assert not any("".join(p.itertext()).startswith("§") for p in numbered)


def test_amounts_are_right_aligned_and_never_split_from_kr():
    data = render_docx(load_example("gauldal-plan-byggesak-oppmaling"))
    body = _part(data, "word/document.xml")
    amounts = [t for t in body.iter(f"{W}t") if t.text and t.text.startswith("kr")]
    assert amounts and all(re.fullmatch(r"kr\u00a0[\d\u00a0]+(,\d\d)?", t.text) for t in amounts)
    for t in amounts:
        p = t.getparent().getparent()
        if p.getparent().tag == f"{W}tc":
            assert p.find(f"{W}pPr/{W}jc").get(f"{W}val") == "right"
    # every computed share in the cost table: two decimals, «%» joined to the figure, no fraction
    shares = [
        t.text
        for t in body.iter(f"{W}t")
        if t.text and t.text.endswith("%") and t.getparent().getparent().getparent().tag == f"{W}tc"
    ]
    assert shares and all(re.fullmatch(r"\d{1,3},\d\d\u00a0%", s) for s in shares), shares


def test_columns_are_wide_enough_for_their_longest_word():
    for name in ("gauldal-plan-byggesak-oppmaling", "gauldal-landbruk", "gaula-innkjop-iks"):
        for t in build_document(load_example(name)).blocks:
            if not isinstance(t, Table):
                continue
            header = tuple(ikke_brytbar(h) for h in t.header)
            rows = tuple(tuple(ikke_brytbar(c) for c in r) for r in t.rows)
            widths = bredder(header, rows)
            assert sum(widths) == TEXT_WIDTH
            for i, w in enumerate(widths):
                words = [x for c in (header[i], *(r[i] for r in rows)) for x in c.split()]
                assert w > max(len(x) for x in words) * CHAR, (name, t.header[i])


def test_ikke_brytbar_joins_kr_percent_and_digit_groups():
    assert ikke_brytbar("kr 1 234 567,50") == "kr\u00a01\u00a0234\u00a0567,50"
    assert ikke_brytbar("fast del 30 % delt") == "fast del 30\u00a0% delt"
    assert ikke_brytbar("kr") == "kr"


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = zlib.compress(b"\x00\xff\x00\x00")
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def _profil(tmp_path: Path, *, dotx: bool = False, uten: str | None = None) -> Path:
    """A letterhead as a municipality makes it in Word: its own font, Norwegian style ids, a logo
    in the header, python-docx's default template (with its customXml, thumbnail and «Microsoft
    Macintosh Word» app.xml) underneath."""
    d = docx.Document()
    d.styles["Normal"].font.name = "Georgia"
    d.styles["Heading 1"].element.set(qn("w:styleId"), "Overskrift1")
    title_ppr = d.styles["Title"].element.pPr  # the municipality's title has no rule under it
    title_ppr.remove(title_ppr.find(qn("w:pBdr")))
    if uten:
        d.styles.element.remove(d.styles[uten].element)
    d.sections[0].header.paragraphs[0].add_run().add_picture(io.BytesIO(_png()), width=Cm(3))
    d.add_paragraph("Eksempeltekst i profilen")
    buf = io.BytesIO()
    d.save(buf)
    data = buf.getvalue()
    path = tmp_path / ("profil.dotx" if dotx else "profil.docx")
    if dotx:
        src = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            for n in src.namelist():
                b = src.read(n)
                if n == "[Content_Types].xml":
                    b = b.replace(b"document.main+xml", b"template.main+xml")
                z.writestr(n, b)
        data = out.getvalue()
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("dotx", [False, True], ids=["docx", "dotx"])
def test_a_municipality_profile_gives_styles_font_and_logo(tmp_path, dotx):
    avtale = load_example("gauldal-landbruk")
    profil = _profil(tmp_path, dotx=dotx)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ProfilAdvarsel)
        data = render_docx_med_profil(avtale, profil)
    assert data == render_docx_med_profil(avtale, profil)
    document = open_docx(data)
    assert document.styles["Normal"].font.name == "Georgia"
    headings = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings and headings[0]._p.pPr.pStyle.val == "Overskrift1"
    assert "Eksempeltekst i profilen" not in all_text(document)
    header = document.sections[0].header._element
    assert header.findall(".//" + qn("w:drawing")) and avtale.tittel in header.xpath("string(.)")
    assert all_text(document) == all_text(open_docx(render_docx(avtale)))
    assert kontroller_pakke(data) == []
    types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
    assert b"template.main+xml" not in types


def test_a_style_missing_from_the_profile_is_ours_with_a_warning(tmp_path):
    profil = _profil(tmp_path, uten="List Number")
    with pytest.warns(ProfilAdvarsel, match="mangler stilen «List Number»"):
        data = render_docx_med_profil(load_example("gauldal-landbruk"), profil)
    document = open_docx(data)
    assert "List Number" in {p.style.name for p in document.paragraphs}


def test_a_broken_profile_is_a_norwegian_error(tmp_path):
    bad = tmp_path / "profil.docx"
    bad.write_bytes(b"ikke en zip")
    with pytest.raises(RenderError, match=r"ikke en gyldig \.docx- eller \.dotx-fil"):
        render_docx_med_profil(load_example("gauldal-landbruk"), bad)
    with pytest.raises(RenderError, match="finnes ikke"):
        render_docx_med_profil(load_example("gauldal-landbruk"), tmp_path / "mangler.docx")


def test_cli_render_with_profil(tmp_path, monkeypatch):
    import typer

    app = typer.Typer()
    app.command()(render)
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    profil = _profil(tmp_path, uten="Table Grid")
    result = CliRunner().invoke(
        app,
        ["gauldal-landbruk", "--format", "docx", "--out", str(tmp_path), "--profil", str(profil)],
    )
    assert result.exit_code == 0, result.output
    assert "advarsel: profil.docx: dokumentprofilen mangler stilen «Table Grid»" in result.output
    document = open_docx((tmp_path / "gauldal-landbruk.docx").read_bytes())
    assert document.styles["Normal"].font.name == "Georgia"
