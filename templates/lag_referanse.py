"""Builds `referanse.docx`, the Word document every agreement is rendered into.

Fonts, heading and list styles, page size and header/footer parts come from here; it is the
default Word profile. A municipality brings its own profile instead (`avtale render --profil`,
see templates/README.md). The list and clause numbering is added to every document by
`avtaleflyt/rendering/docx_profil.py` (ids 90–92 replace the ones written here), so a profile
needs none. Run: `.venv/bin/python templates/lag_referanse.py`.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

LIST_NUMBER_ABSTRACT = 90
LIST_BULLET_ABSTRACT = 91
FONT = "Calibri"

NUMBERING = f"""
<w:abstractNum {nsdecls("w")} w:abstractNumId="{LIST_NUMBER_ABSTRACT}">
  <w:multiLevelType w:val="singleLevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/>
    <w:lvlJc w:val="left"/><w:pPr><w:ind w:left="567" w:hanging="397"/></w:pPr></w:lvl>
</w:abstractNum>|
<w:abstractNum {nsdecls("w")} w:abstractNumId="{LIST_BULLET_ABSTRACT}">
  <w:multiLevelType w:val="singleLevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="–"/>
    <w:lvlJc w:val="left"/><w:pPr><w:ind w:left="567" w:hanging="397"/></w:pPr></w:lvl>
</w:abstractNum>|
<w:num {nsdecls("w")} w:numId="{LIST_NUMBER_ABSTRACT}"><w:abstractNumId w:val="{LIST_NUMBER_ABSTRACT}"/></w:num>|
<w:num {nsdecls("w")} w:numId="{LIST_BULLET_ABSTRACT}"><w:abstractNumId w:val="{LIST_BULLET_ABSTRACT}"/></w:num>
"""


def _style_font(style, size: float, bold: bool = False, color: RGBColor | None = None) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = color or RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = parse_xml(f"<w:lang {nsdecls('w')}/>")
        rpr.append(lang)
    lang.set(qn("w:val"), "nb-NO")


def build() -> bytes:
    doc = Document()
    styles = doc.styles
    _style_font(styles["Normal"], 11)
    styles["Normal"].paragraph_format.space_after = Pt(6)
    styles["Normal"].paragraph_format.line_spacing = 1.1
    _style_font(styles["Title"], 20, bold=True)
    styles["Title"].paragraph_format.space_after = Pt(6)
    _style_font(styles["Subtitle"], 12)
    _style_font(styles["Heading 1"], 13, bold=True)
    styles["Heading 1"].paragraph_format.space_before = Pt(14)
    styles["Heading 1"].paragraph_format.space_after = Pt(4)
    styles["Heading 1"].paragraph_format.keep_with_next = True
    _style_font(styles["Heading 2"], 11, bold=True)
    for name in ("Header", "Footer"):
        _style_font(styles[name], 8, color=RGBColor(0x40, 0x40, 0x40))
    for name in ("List Number", "List Bullet"):
        _style_font(styles[name], 11)
        styles[name].paragraph_format.space_after = Pt(3)

    numbering = doc.part.numbering_part.element
    for xml in NUMBERING.split("|"):
        el = parse_xml(xml.strip())
        if el.tag == qn("w:abstractNum"):
            first_num = numbering.find(qn("w:num"))
            if first_num is not None:
                first_num.addprevious(el)
            else:
                numbering.append(el)
        else:
            numbering.append(el)

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    section.header.paragraphs[0].text = "Topptekst (fylles ved gjengivelse)"
    section.footer.paragraphs[0].text = "Bunntekst (fylles ved gjengivelse)"
    section.footer.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
    doc.core_properties.title = "Referansedokument for avtaleflyt"

    buf = io.BytesIO()
    doc.save(buf)
    return _deterministic(buf.getvalue())


APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    b"<Application>avtaleflyt</Application><DocSecurity>0</DocSecurity></Properties>"
)

# Parts python-docx's default template carries that no agreement should: a bibliography item, a
# blank thumbnail, Word 2010's duplicate style part.
_UTELATT = ("customXml/", "docProps/thumbnail.jpeg", "word/stylesWithEffects.xml")


def _uten_malrester(parts: dict[str, bytes]) -> dict[str, bytes]:
    """The package without python-docx's default-template leftovers: no customXml, thumbnail or
    stylesWithEffects part (nor their relationships and content types), app.xml naming avtaleflyt
    instead of «Microsoft Macintosh Word», and no Office-2010 rule under the title."""
    kept = {n: b for n, b in parts.items() if not n.startswith(_UTELATT)}
    for rels in ("_rels/.rels", "word/_rels/document.xml.rels", "[Content_Types].xml"):
        xml = kept[rels].decode("utf-8")
        for gone in ("customXml", "thumbnail", "stylesWithEffects", 'Extension="jpeg"'):
            xml = re.sub(rf"<(?:Relationship|Override|Default)\b[^>]*{gone}[^>]*/>", "", xml)
        kept[rels] = xml.encode("utf-8")
    kept["docProps/app.xml"] = APP_XML
    styles = kept["word/styles.xml"].decode("utf-8")
    styles = re.sub(
        r'(<w:style [^>]*w:styleId="Title".*?)<w:pBdr>.*?</w:pBdr>(.*?</w:style>)',
        r"\1\2",
        styles,
        count=1,
        flags=re.S,
    )
    kept["word/styles.xml"] = styles.encode("utf-8")
    return kept


def _deterministic(data: bytes) -> bytes:
    """Same script, same bytes: fixed timestamps and entry order."""
    src = zipfile.ZipFile(io.BytesIO(data))
    parts = _uten_malrester({name: src.read(name) for name in src.namelist()})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(parts, key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            z.writestr(info, parts[name])
    return out.getvalue()


if __name__ == "__main__":
    target = Path(__file__).with_name("referanse.docx")
    target.write_bytes(build())
    print(f"skrev {target.name}")
