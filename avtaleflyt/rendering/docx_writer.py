"""Writes a `Document` into a Word profile, byte for byte reproducibly.

The profile (our `templates/referanse.docx` or a municipality's own, see `docx_profil`) is opened
with python-docx once; its styles are looked up by name there. Each document's body, header and
footer are built as WordprocessingML elements with lxml's element factory under python-docx's
namespace helpers (`qn`), the layer python-docx's own API builds on: python-docx's per-paragraph
API costs about 200 ms for a ten-page agreement, the element factory a few milliseconds. The
package is zipped by `zipwriter` (fixed times and order), reusing the profile's compressed parts.

Clauses are numbered by Word («§ 1», sub-clause «1.1»), not typed, and each carries a bookmark
`paragraf_<n>`, so a reference to it can be a REF field that follows the numbering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

from avtaleflyt.rendering.document import Document, Heading, ListBlock, Paragraph, Signatures, Table
from avtaleflyt.rendering.docx_profil import (
    BOKSTAV_ABSTRACT,
    PARAGRAF_NUM,
    PUNKT_NUM,
    DocxError,
    Profil,
    last_profil,
    qn,
)
from avtaleflyt.rendering.docx_tabell import TEXT_WIDTH, bredder, hoyrejusterte, ikke_brytbar
from avtaleflyt.rendering.zipwriter import deflate, write_zip

__all__ = ["DocumentMeta", "DocxError", "bokmerke", "write_docx"]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NSMAP = {"w": W_NS, "r": R_NS}
FIRST_LIST_NUM = 1000
SAMLET_TABELL = 15  # rows; a table this short is kept on one page
LIST_NUMBER_ABSTRACT = BOKSTAV_ABSTRACT

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# tag names resolved once: qn() parses its argument on every call
P, PPR, PSTYLE, R, RPR, B, T, BR, TAB = map(
    qn, ("w:p", "w:pPr", "w:pStyle", "w:r", "w:rPr", "w:b", "w:t", "w:br", "w:tab")
)
VAL, NUMPR, ILVL, NUMID, SPACING, AFTER, KEEPNEXT, JC = map(
    qn, ("w:val", "w:numPr", "w:ilvl", "w:numId", "w:spacing", "w:after", "w:keepNext", "w:jc")
)
TBL, TR, TC, TCPR, TCW, W, TYPE = map(
    qn, ("w:tbl", "w:tr", "w:tc", "w:tcPr", "w:tcW", "w:w", "w:type")
)
BM_START, BM_END, ID, NAME = map(qn, ("w:bookmarkStart", "w:bookmarkEnd", "w:id", "w:name"))

SE = etree.SubElement
_BOLD = etree.Element(RPR, nsmap=NSMAP)
SE(_BOLD, B)


@dataclass(frozen=True)
class DocumentMeta:
    """What the header, footer and core properties show."""

    avtale_id: str
    title: str
    subject: str
    version: int
    date_iso: str
    """The version's date, or "" when the data does not know it (then no date is written)."""
    avtale_hash: str
    template_version: str
    keywords: str


def bokmerke(nummer: int) -> str:
    """The bookmark on clause `nummer`; a REF field to it shows the clause's current number."""
    return f"paragraf_{nummer}"


def _sjekk(text: str) -> str:
    bad = _ILLEGAL_XML.search(text)
    if bad:
        raise DocxError(
            f"teksten «{text[:40]}» inneholder kontrolltegnet U+{ord(bad.group()):04X}, "
            "som ikke kan stå i et Word-dokument"
        )
    return text


def _run(p: etree._Element, text: str, bold: bool = False) -> None:
    r = SE(p, R)
    if bold:
        r.append(_BOLD.__copy__())
    for i, line in enumerate(_sjekk(text).split("\n")):
        if i:
            SE(r, BR)
        t = SE(r, T)
        if line[:1].isspace() or line[-1:].isspace():
            t.set(_XML_SPACE, "preserve")
        t.text = line


_PPR: dict[tuple, etree._Element] = {}


def _ppr(key: tuple) -> etree._Element:
    """A paragraph's properties, built once per combination and copied (a C-level deep copy is
    several times cheaper than building the same few elements again)."""
    style, keep, num, after, jc = key
    ppr = etree.Element(PPR, nsmap=NSMAP)
    if style:
        SE(ppr, PSTYLE).set(VAL, style)
    if keep:
        SE(ppr, KEEPNEXT)
    if num:
        numpr = SE(ppr, NUMPR)
        SE(numpr, ILVL).set(VAL, str(num[1]))
        SE(numpr, NUMID).set(VAL, str(num[0]))
    if after is not None:
        SE(ppr, SPACING).set(AFTER, after)
    if jc:
        SE(ppr, JC).set(VAL, jc)
    _PPR[key] = ppr
    return ppr


def _p(
    parent: etree._Element,
    text: str,
    style: str | None = None,
    bold: bool = False,
    after: str | None = None,
    keep: bool = False,
    jc: str | None = None,
    num: tuple[int, int] | None = None,
) -> etree._Element:
    p = SE(parent, P)
    key = (style, keep, num, after, jc)
    if key != _PLAIN:
        proto = _PPR.get(key)
        p.append((proto if proto is not None else _ppr(key)).__copy__())
    if text:
        _run(p, text, bold)
    return p


_PLAIN = (None, False, None, None, None)


_FRAGMENTER: dict[str, etree._Element] = {}


def _xml(parent: etree._Element, xml: str) -> None:
    """A fixed fragment (table properties, row properties), parsed once and copied."""
    el = _FRAGMENTER.get(xml)
    if el is None:
        el = _FRAGMENTER[xml] = etree.fromstring(f'<w:x xmlns:w="{W_NS}">{xml}</w:x>')[0]
    parent.append(el.__copy__())


def _cell(tr: etree._Element, width: int, shade: bool = False) -> etree._Element:
    tc = SE(tr, TC)
    tcpr = SE(tc, TCPR)
    tcw = SE(tcpr, TCW)
    tcw.set(W, str(width))
    tcw.set(TYPE, "dxa")
    if shade:
        _xml(tcpr, '<w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/>')
    return tc


_TBL_PR = (
    '<w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:w="5000" w:type="pct"/>'
    '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
    'w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
)


def _table(body: etree._Element, t: Table, profil: Profil) -> None:
    header = tuple(ikke_brytbar(h) for h in t.header)
    rows = tuple(tuple(ikke_brytbar(c) for c in r) for r in t.rows)
    widths = bredder(header, rows)
    right = hoyrejusterte(header, rows)
    tbl = SE(body, TBL)
    _xml(tbl, _TBL_PR.format(style=profil.stil_id["tabell"]))
    _xml(tbl, "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>")
    tr = SE(tbl, TR)
    _xml(tr, "<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>")
    for h, w, rj in zip(header, widths, right, strict=True):
        _p(_cell(tr, w, True), h, bold=True, after="0", keep=True, jc="right" if rj else None)
    samlet = len(rows) <= SAMLET_TABELL
    for n, r in enumerate(rows, start=1):
        tr = SE(tbl, TR)
        _xml(tr, "<w:trPr><w:cantSplit/></w:trPr>")
        keep = samlet and n < len(rows)  # a short table is not split over two pages
        for c, w, rj in zip(r, widths, right, strict=False):
            _p(_cell(tr, w), c, after="0", keep=keep, jc="right" if rj else None)
    SE(body, P)


def _signatures(body: etree._Element, s: Signatures) -> None:
    width = TEXT_WIDTH // 2
    tbl = SE(body, TBL)
    _xml(tbl, '<w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/></w:tblPr>')
    _xml(tbl, f'<w:tblGrid><w:gridCol w:w="{width}"/><w:gridCol w:w="{width}"/></w:tblGrid>')
    tr = None
    for i, sig in enumerate(s.items):
        if i % 2 == 0:
            tr = SE(tbl, TR)
            _xml(tr, "<w:trPr><w:cantSplit/></w:trPr>")
        tc = _cell(tr, width)
        _p(tc, sig.party, bold=True, after="0", keep=True)
        _p(tc, f"Sted og dato: {sig.place}, ____________", after="0", keep=True)
        _p(tc, "", after="0", keep=True)
        _p(tc, "", after="0", keep=True)
        _p(tc, "______________________________", after="0", keep=True)
        _p(tc, sig.name, after="0", keep=True)
        _p(tc, sig.role, after="240")
    if len(s.items) % 2 and tr is not None:
        SE(_cell(tr, width), P)


def _heading(body: etree._Element, h: Heading, stil: dict[str, str]) -> None:
    if h.number is None:
        _p(body, h.text, stil["overskrift"])
        return
    p = _p(body, "", stil["paragraf"], num=(PARAGRAF_NUM, 0))
    start = SE(p, BM_START)
    start.set(ID, str(h.number))
    start.set(NAME, bokmerke(h.number))
    _run(p, h.text)
    SE(p, BM_END).set(ID, str(h.number))


def _body(doc: Document, profil: Profil) -> tuple[etree._Element, list[int]]:
    stil = profil.stil_id
    root = etree.Element(qn("w:document"), nsmap=NSMAP)
    body = SE(root, qn("w:body"))
    _p(body, doc.title, stil["tittel"])
    if doc.subtitle:
        _p(body, doc.subtitle, stil["undertittel"])
    list_nums: list[int] = []
    for i, b in enumerate(doc.blocks):
        if isinstance(b, Heading):
            _heading(body, b, stil)
        elif isinstance(b, Paragraph):
            # the sentence that introduces a table or the signatures stays on their page
            follows = doc.blocks[i + 1] if i + 1 < len(doc.blocks) else None
            p = _p(body, "" if b.refs else b.text, keep=isinstance(follows, (Table, Signatures)))
            if b.refs:
                _med_henvisninger(p, b)
        elif isinstance(b, ListBlock):
            if b.ordered:
                num = FIRST_LIST_NUM + len(list_nums)
                list_nums.append(num)
                style = stil["bokstavliste"]
            else:
                num, style = PUNKT_NUM, stil["punktliste"]
            for item in b.items:
                _p(body, item, style, num=(num, 0))
        elif isinstance(b, Table):
            _table(body, b, profil)
        else:
            _signatures(body, b)
    body.append(etree.fromstring(profil.sect_pr))
    return root, list_nums


def _med_henvisninger(p: etree._Element, b: Paragraph) -> None:
    """The paragraph's text with each reference to a clause as a REF field to that clause's
    bookmark; the number the parser computed is the field's shown result, so the text reads the
    same before Word updates the field, and after a renumbering in Word the field follows it.
    `\\r` gives the paragraph number as the numbering shows it («§ 7»), `\\h` a link."""
    pos = 0
    for ref in b.refs:
        if ref.start > pos:
            _run(p, b.text[pos : ref.start])
        _field(p, f"REF {bokmerke(ref.nummer)} \\r \\h", b.text[ref.start : ref.slutt])
        pos = ref.slutt
    if pos < len(b.text):
        _run(p, b.text[pos:])


def _serial(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _field(p: etree._Element, instr: str, shown: str) -> None:
    for kind, text in (
        ("begin", None),
        ("instr", instr),
        ("separate", None),
        ("shown", shown),
        ("end", None),
    ):
        r = SE(p, R)
        if kind == "instr":
            t = SE(r, qn("w:instrText"))
            t.set(_XML_SPACE, "preserve")
            t.text = f" {text} "
        elif kind == "shown":
            SE(r, T).text = text
        else:
            SE(r, qn("w:fldChar")).set(qn("w:fldCharType"), kind)


def _header_xml(meta: DocumentMeta, profil: Profil) -> bytes:
    root = etree.Element(qn("w:hdr"), nsmap=NSMAP)
    if profil.header_beholdt:  # the profile's logo stays above the title
        for p in etree.fromstring(b"<x>" + profil.header_beholdt + b"</x>"):
            root.append(p)
    _p(root, meta.title, profil.stil_id["topptekst"])
    return _serial(root)


def _footer_xml(meta: DocumentMeta, profil: Profil) -> bytes:
    root = etree.Element(qn("w:ftr"), nsmap=NSMAP)
    p = _p(root, "", profil.stil_id["bunntekst"])
    _xml(p[0], f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs>')
    _run(p, f"{meta.avtale_id} · versjon {meta.version} · malversjon {meta.template_version}")
    r = SE(p, R)
    SE(r, TAB)
    t = SE(r, T)
    t.set(_XML_SPACE, "preserve")
    t.text = "Side "
    _field(p, "PAGE", "1")
    _run(p, " av ")
    _field(p, "NUMPAGES", "1")
    _p(root, f"Avtale-hash (SHA-256): {meta.avtale_hash}", profil.stil_id["bunntekst"])
    return _serial(root)


def _numbering_xml(profil: Profil, list_nums: list[int]) -> bytes:
    nums = "".join(
        f'<w:num w:numId="{n}"><w:abstractNumId w:val="{LIST_NUMBER_ABSTRACT}"/>'
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        for n in list_nums
    )
    return (profil.numbering_hode + nums + profil.numbering_hale).encode("utf-8")


def _core_xml(meta: DocumentMeta) -> bytes:
    def x(text: str) -> str:
        return escape(_sjekk(text))

    stamp = f"{meta.date_iso}T00:00:00Z"
    datoer = (
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        if meta.date_iso
        else ""
    )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{x(meta.title)}</dc:title><dc:subject>{x(meta.subject)}</dc:subject>"
        f"<dc:creator>avtaleflyt</dc:creator><cp:keywords>{x(meta.keywords)}</cp:keywords>"
        f"<dc:identifier>{x(meta.avtale_id)}/v{meta.version}/sha256:{meta.avtale_hash}</dc:identifier>"
        f"<dc:language>nb-NO</dc:language><cp:lastModifiedBy>avtaleflyt</cp:lastModifiedBy>"
        f"<cp:revision>{meta.version}</cp:revision><cp:version>{meta.version}</cp:version>"
        f"{datoer}</cp:coreProperties>"
    ).encode()


def write_docx(
    doc: Document, meta: DocumentMeta, reference_path: Path, profil: Path | None = None
) -> bytes:
    """The .docx bytes: same document, meta and profile → same bytes (fixed zip times, order,
    dates). `profil` is a municipality's own .docx/.dotx; without it the reference is used."""
    p = last_profil(profil, reference_path) if profil else last_profil(reference_path)
    root, list_nums = _body(doc, p)
    changed = {
        "word/document.xml": _serial(root),
        p.header: _header_xml(meta, p),
        p.footer: _footer_xml(meta, p),
        "word/numbering.xml": _numbering_xml(p, list_nums),
        "docProps/core.xml": _core_xml(meta),
    }
    names = sorted(set(p.parts) | set(changed), key=lambda n: (n != "[Content_Types].xml", n))
    entries = [deflate(n, changed[n]) if n in changed else p.deflated[n] for n in names]
    return write_zip(entries)
