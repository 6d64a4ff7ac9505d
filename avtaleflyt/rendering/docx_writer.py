"""Writes a `Document` into the reference Word package as WordprocessingML, byte for byte reproducibly.

The styles, numbering definitions, page setup and header/footer parts come from
`templates/referanse.docx` (built with python-docx by `templates/lag_referanse.py`). Here we only
replace the body, header, footer, list instances and core properties, writing XML strings
directly: python-docx's per-paragraph API costs about 200 ms for a ten-page agreement.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from avtaleflyt.rendering.document import Document, Heading, ListBlock, Paragraph, Signatures, Table
from avtaleflyt.rendering.zipwriter import Entry, deflate, write_zip

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
LIST_NUMBER_ABSTRACT = 90
LIST_BULLET_NUM = 91
FIRST_LIST_NUM = 1000

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class DocxError(ValueError):
    """Text cannot go into a Word document, or the reference document is unusable."""


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


@dataclass(frozen=True)
class _Reference:
    parts: dict[str, bytes]
    sect_pr: str
    header: str
    footer: str
    deflated: dict[str, Entry]  # unchanged parts, compressed once


_CACHE: dict[str, _Reference] = {}


def _load_reference(path: Path) -> _Reference:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DocxError(
            f"{path}: referansedokumentet mangler; lag det med templates/lag_referanse.py"
        ) from None
    key = hashlib.sha256(data).hexdigest()
    ref = _CACHE.get(key)
    if ref is not None:
        return ref
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parts = {n: z.read(n) for n in z.namelist()}
    except zipfile.BadZipFile:
        raise DocxError(f"{path}: referansedokumentet er ikke en gyldig .docx-fil") from None
    body = parts.get("word/document.xml", b"").decode("utf-8")
    rels = parts.get("word/_rels/document.xml.rels", b"").decode("utf-8")
    sect = re.search(r"<w:sectPr[ >].*?</w:sectPr>", body, re.DOTALL)
    targets = {}
    for kind in ("header", "footer"):
        m = re.search(rf'Type="[^"]*/{kind}" Target="([^"]+)"', rels) or re.search(
            rf'Target="([^"]+)"[^>]*Type="[^"]*/{kind}"', rels
        )
        if not m:
            raise DocxError(f"{path}: referansedokumentet mangler {kind}-del (topptekst/bunntekst)")
        targets[kind] = "word/" + m.group(1)
    if not sect:
        raise DocxError(f"{path}: referansedokumentet mangler seksjonsoppsett (w:sectPr)")
    deflated = {n: deflate(n, d) for n, d in parts.items()}
    ref = _Reference(parts, sect.group(0), targets["header"], targets["footer"], deflated)
    _CACHE[key] = ref
    return ref


def _x(text: str) -> str:
    bad = _ILLEGAL_XML.search(text)
    if bad:
        raise DocxError(
            f"teksten «{text[:40]}» inneholder kontrolltegnet U+{ord(bad.group()):04X}, "
            "som ikke kan stå i et Word-dokument"
        )
    return escape(text)


def _runs(text: str, bold: bool = False) -> str:
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    lines = text.split("\n")
    out = []
    for i, line in enumerate(lines):
        if i:
            out.append("<w:br/>")
        out.append(f'<w:t xml:space="preserve">{_x(line)}</w:t>')
    return f"<w:r>{rpr}{''.join(out)}</w:r>"


def _p(text: str, style: str | None = None, bold: bool = False, extra_ppr: str = "") -> str:
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    ppr += extra_ppr
    return f"<w:p><w:pPr>{ppr}</w:pPr>{_runs(text, bold)}</w:p>"


def _cell(content: str, width: int, shade: bool = False) -> str:
    shd = '<w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/>' if shade else ""
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shd}</w:tcPr>{content}</w:tc>'


TEXT_WIDTH = 9070  # A4 minus 2.5 cm margins, in twentieths of a point


def _table(t: Table) -> str:
    # the first column names the kommune and gets twice the room of the figures beside it
    n = len(t.header)
    unit = TEXT_WIDTH // (n + 1)
    widths = [TEXT_WIDTH - unit * (n - 1)] + [unit] * (n - 1)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    tight = '<w:spacing w:after="0"/>'
    head = "".join(
        _cell(_p(h, bold=True, extra_ppr=tight), w, True)
        for h, w in zip(t.header, widths, strict=True)
    )
    rows = [f"<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>{head}</w:tr>"]
    for r in t.rows:
        cells = "".join(_cell(_p(c, extra_ppr=tight), w) for c, w in zip(r, widths, strict=False))
        rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>")
    return (
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/>'
        f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        f'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>'
        "<w:p/>"
    )


def _signatures(s: Signatures) -> str:
    width = TEXT_WIDTH // 2
    keep = '<w:keepNext/><w:spacing w:after="0"/>'
    cells = []
    for sig in s.items:
        content = (
            _p(sig.party, bold=True, extra_ppr=keep)
            + _p(f"Sted og dato: {sig.place}, ____________", extra_ppr=keep)
            + _p("", extra_ppr=keep)
            + _p("", extra_ppr=keep)
            + _p("______________________________", extra_ppr=keep)
            + _p(sig.name, extra_ppr=keep)
            + _p(sig.role, extra_ppr='<w:spacing w:after="240"/>')
        )
        cells.append(_cell(content, width))
    if len(cells) % 2:
        cells.append(_cell("<w:p/>", width))
    rows = "".join(
        f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells[i]}{cells[i + 1]}</w:tr>"
        for i in range(0, len(cells), 2)
    )
    return (
        '<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="{width}"/><w:gridCol w:w="{width}"/></w:tblGrid>{rows}</w:tbl>'
    )


def _body(doc: Document, meta: DocumentMeta) -> tuple[str, list[int]]:
    out = [_p(doc.title, "Title")]
    if doc.subtitle:
        out.append(_p(doc.subtitle, "Subtitle"))
    list_nums: list[int] = []
    for b in doc.blocks:
        if isinstance(b, Heading):
            out.append(_p(b.label, "Heading1" if b.number is not None else "Heading2"))
        elif isinstance(b, Paragraph):
            out.append(_p(b.text))
        elif isinstance(b, ListBlock):
            if b.ordered:
                num = FIRST_LIST_NUM + len(list_nums)
                list_nums.append(num)
                style = "ListNumber"
            else:
                num, style = LIST_BULLET_NUM, "ListBullet"
            numpr = f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr>'
            out.extend(_p(item, style, extra_ppr=numpr) for item in b.items)
        elif isinstance(b, Table):
            out.append(_table(b))
        else:
            out.append(_signatures(b))
    return "".join(out), list_nums


def _document_xml(body: str, sect_pr: str) -> bytes:
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}{sect_pr}</w:body></w:document>'
    ).encode()


def _field(instr: str, shown: str) -> str:
    return (
        f'<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>'
        f'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{shown}</w:t></w:r>'
        f'<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def _header_xml(meta: DocumentMeta) -> bytes:
    p = _p(meta.title, "Header")
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}">{p}</w:hdr>'
    ).encode()


def _footer_xml(meta: DocumentMeta) -> bytes:
    first = (
        '<w:p><w:pPr><w:pStyle w:val="Footer"/><w:tabs><w:tab w:val="right" w:pos="9070"/></w:tabs></w:pPr>'
        f'<w:r><w:t xml:space="preserve">{_x(meta.avtale_id)} · versjon {meta.version} · malversjon '
        f'{_x(meta.template_version)}</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">Side </w:t></w:r>'
        f'{_field("PAGE", "1")}<w:r><w:t xml:space="preserve"> av </w:t></w:r>{_field("NUMPAGES", "1")}</w:p>'
    )
    second = _p(f"Avtale-hash (SHA-256): {meta.avtale_hash}", "Footer")
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}">{first}{second}</w:ftr>'
    ).encode()


def _numbering_xml(reference: bytes, list_nums: list[int]) -> bytes:
    text = reference.decode("utf-8")
    nums = "".join(
        f'<w:num w:numId="{n}"><w:abstractNumId w:val="{LIST_NUMBER_ABSTRACT}"/>'
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        for n in list_nums
    )
    end = text.rindex("</w:numbering>")
    return (text[:end] + nums + text[end:]).encode("utf-8")


def _core_xml(meta: DocumentMeta) -> bytes:
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
        f"<dc:title>{_x(meta.title)}</dc:title><dc:subject>{_x(meta.subject)}</dc:subject>"
        f"<dc:creator>avtaleflyt</dc:creator><cp:keywords>{_x(meta.keywords)}</cp:keywords>"
        f"<dc:identifier>{_x(meta.avtale_id)}/v{meta.version}/sha256:{meta.avtale_hash}</dc:identifier>"
        f"<dc:language>nb-NO</dc:language><cp:lastModifiedBy>avtaleflyt</cp:lastModifiedBy>"
        f"<cp:revision>{meta.version}</cp:revision><cp:version>{meta.version}</cp:version>"
        f"{datoer}</cp:coreProperties>"
    ).encode()


def write_docx(doc: Document, meta: DocumentMeta, reference_path: Path) -> bytes:
    """The .docx bytes: same document and meta → same bytes (fixed zip times, order, dates)."""
    ref = _load_reference(reference_path)
    body, list_nums = _body(doc, meta)
    parts = dict(ref.parts)
    parts["word/document.xml"] = _document_xml(body, ref.sect_pr)
    parts[ref.header] = _header_xml(meta)
    parts[ref.footer] = _footer_xml(meta)
    parts["word/numbering.xml"] = _numbering_xml(ref.parts["word/numbering.xml"], list_nums)
    parts["docProps/core.xml"] = _core_xml(meta)
    changed = {
        "word/document.xml",
        ref.header,
        ref.footer,
        "word/numbering.xml",
        "docProps/core.xml",
    }
    entries = [
        deflate(name, parts[name]) if name in changed else ref.deflated[name]
        for name in sorted(parts, key=lambda n: (n != "[Content_Types].xml", n))
    ]
    return write_zip(entries)
