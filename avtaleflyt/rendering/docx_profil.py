"""A Word profile (.docx/.dotx) opened with python-docx once and kept as the base of every document.

The profile gives styles, fonts, page setup and the header/footer (with a logo, if it has one).
Our reference document (`templates/referanse.docx`) is the default profile; a municipality can
bring its own. Styles are looked up by their Word name through python-docx, so a Norwegian Word
profile whose style ids are «Overskrift1» works as well as ours. A style the profile does not
define is copied from the reference with a warning instead of stopping: Word saves only the
styles a document has used, so a real letterhead rarely carries «List Number» or «Table Grid»,
and refusing it would refuse nearly every profile a municipality has.
"""

from __future__ import annotations

import copy
import hashlib
import io
import re
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from avtaleflyt.rendering.zipwriter import Entry, deflate

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def nsdecls(prefix: str) -> str:
    return f'xmlns:{prefix}="{W_NS}"'


def qn(tag: str) -> str:
    """«w:p» → Clark notation, as python-docx's `qn` (kept here so importing costs nothing)."""
    return f"{{{W_NS}}}{tag.partition(':')[2]}"


# The Word names of the styles a document uses (key: our role).
STILER = {
    "normal": "Normal",
    "tittel": "Title",
    "undertittel": "Subtitle",
    "paragraf": "Heading 1",
    "overskrift": "Heading 2",
    "bokstavliste": "List Number",
    "punktliste": "List Bullet",
    "topptekst": "Header",
    "bunntekst": "Footer",
    "tabell": "Table Grid",
}

BOKSTAV_ABSTRACT = 90
PUNKT_NUM = 91
PARAGRAF_NUM = 92
EGNE_ID = {str(n) for n in (BOKSTAV_ABSTRACT, PUNKT_NUM, PARAGRAF_NUM)}

# «a) b) c)» lists, «–» bullets, and the clauses: «§ 1» on level 0, sub-clause «1.1» on level 1.
NUMMERERING = f"""
<w:abstractNum {nsdecls("w")} w:abstractNumId="{BOKSTAV_ABSTRACT}">
  <w:multiLevelType w:val="singleLevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/><w:lvlJc w:val="left"/>
    <w:pPr><w:ind w:left="567" w:hanging="397"/></w:pPr></w:lvl>
</w:abstractNum>|
<w:abstractNum {nsdecls("w")} w:abstractNumId="{PUNKT_NUM}">
  <w:multiLevelType w:val="singleLevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="–"/><w:lvlJc w:val="left"/>
    <w:pPr><w:ind w:left="567" w:hanging="397"/></w:pPr></w:lvl>
</w:abstractNum>|
<w:abstractNum {nsdecls("w")} w:abstractNumId="{PARAGRAF_NUM}">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="§ %1"/>
    <w:lvlJc w:val="left"/><w:suff w:val="space"/>
    <w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/><w:lvlJc w:val="left"/>
    <w:pPr><w:ind w:left="567" w:hanging="567"/></w:pPr></w:lvl>
</w:abstractNum>|
<w:num {nsdecls("w")} w:numId="{BOKSTAV_ABSTRACT}"><w:abstractNumId w:val="{BOKSTAV_ABSTRACT}"/></w:num>|
<w:num {nsdecls("w")} w:numId="{PUNKT_NUM}"><w:abstractNumId w:val="{PUNKT_NUM}"/></w:num>|
<w:num {nsdecls("w")} w:numId="{PARAGRAF_NUM}"><w:abstractNumId w:val="{PARAGRAF_NUM}"/></w:num>
"""

APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    b"<Application>avtaleflyt</Application><DocSecurity>0</DocSecurity></Properties>"
)
_UTELATT = ("customXml/", "docProps/thumbnail", "word/stylesWithEffects.xml", "docProps/custom.xml")
_DOTX = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


class DocxError(ValueError):
    """Text cannot go into a Word document, or the profile is unusable."""


class ProfilAdvarsel(UserWarning):
    """The profile lacks a style; the reference's definition is used for it."""


@dataclass(frozen=True)
class Profil:
    """The parts every document shares, and what the writer needs to fill in the rest."""

    parts: dict[str, bytes]
    deflated: dict[str, Entry]  # unchanged parts, compressed once
    stil_id: dict[str, str]  # role → the profile's style id
    sect_pr: bytes  # the profile's page setup, parsed per document (lxml elements are not shared)
    header: str
    footer: str
    header_beholdt: bytes  # the profile's header paragraphs with a picture (the logo)
    numbering_hode: str  # numbering.xml up to where the per-list instances go
    numbering_hale: str
    advarsler: tuple[str, ...]


_CACHE: dict[str, Profil] = {}


def last_profil(path: Path, reference: Path | None = None) -> Profil:
    """The profile at `path`, opened once per distinct file content (a service renders many)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DocxError(
            f"{path}: dokumentprofilen finnes ikke (referansedokumentet lages med "
            "templates/lag_referanse.py)"
        ) from None
    key = hashlib.sha256(data).hexdigest()
    profil = _CACHE.get(key)
    if profil is None:
        profil = _CACHE[key] = _bygg(data, path, reference)
    for advarsel in profil.advarsler:
        warnings.warn(advarsel, ProfilAdvarsel, stacklevel=3)
    return profil


def _aapne(data: bytes, path: Path) -> Any:
    import docx  # python-docx is heavy; only opening a profile (once per file) needs it

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parts = {n: z.read(n) for n in z.namelist()}
    except zipfile.BadZipFile:
        raise DocxError(
            f"{path}: dokumentprofilen er ikke en gyldig .docx- eller .dotx-fil"
        ) from None
    types = parts.get("[Content_Types].xml", b"")
    if _DOTX.encode() in types:  # a Word template (.dotx) is a document with another content type
        parts["[Content_Types].xml"] = types.replace(_DOTX.encode(), _DOCX.encode())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for n, b in parts.items():
            z.writestr(n, b)
    try:
        return docx.Document(io.BytesIO(buf.getvalue()))
    except Exception as exc:  # python-docx raises several kinds for a broken package
        raise DocxError(f"{path}: python-docx kan ikke åpne dokumentprofilen ({exc})") from None


def _stiler(d, path: Path, reference: Path | None) -> tuple[dict[str, str], list[str]]:
    ids: dict[str, str] = {}
    mangler: list[str] = []
    for rolle, navn in STILER.items():
        try:
            ids[rolle] = d.styles[navn].style_id
        except KeyError:
            mangler.append(navn)
    if not mangler:
        return ids, []
    if reference is None or reference == path:
        raise DocxError(
            f"{path}: referansedokumentet mangler stilen «{mangler[0]}»"
            + (f" (og {', '.join(mangler[1:])})" if mangler[1:] else "")
        )
    ref = _aapne(reference.read_bytes(), reference)
    advarsler = []
    for navn in mangler:
        kopi = copy.deepcopy(ref.styles[navn].element)
        rpr = kopi.find(qn("w:rPr"))
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        if fonts is not None:  # the profile's own font, through Normal, not ours
            rpr.remove(fonts)
        d.styles.element.append(kopi)
        ids[next(r for r, n in STILER.items() if n == navn)] = d.styles[navn].style_id
        advarsler.append(
            f"{path.name}: dokumentprofilen mangler stilen «{navn}»; "
            "avtaleflyts utforming av stilen brukes (legg stilen inn i profilen i Word for å styre den)"
        )
    return ids, advarsler


def _nummerering(d) -> None:
    """Our list and clause numbering in the profile's numbering part (created if it has none)."""
    try:
        numbering = d.part.numbering_part.element
    except NotImplementedError:  # python-docx cannot create one; we add an empty part ourselves
        # python-docx is heavy and only needed here, when a profile is opened
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.parts.numbering import NumberingPart

        blob = f"<w:numbering {nsdecls('w')}/>".encode()
        part = NumberingPart.load(
            PackURI("/word/numbering.xml"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml",
            blob,
            d.part.package,
        )
        d.part.relate_to(part, RT.NUMBERING)
        numbering = part.element
    for tag, attr in (("w:abstractNum", "w:abstractNumId"), ("w:num", "w:numId")):
        for el in numbering.findall(qn(tag)):
            if el.get(qn(attr)) in EGNE_ID:
                numbering.remove(el)
    for xml in NUMMERERING.split("|"):
        el = etree.fromstring(xml.strip())
        first_num = numbering.find(qn("w:num"))
        if el.tag == qn("w:abstractNum") and first_num is not None:
            first_num.addprevious(el)
        else:
            numbering.append(el)


def _topp_og_bunn(d) -> tuple[str, str, bytes]:
    section = d.sections[0]
    header, footer = section.header, section.footer
    header.is_linked_to_previous = False  # creates the part when the profile has none
    footer.is_linked_to_previous = False
    beholdt = b"".join(
        etree.tostring(p)
        for p in header._element.findall(qn("w:p"))
        if p.find(".//" + qn("w:drawing")) is not None or p.find(".//" + qn("w:pict")) is not None
    )
    return str(header.part.partname).lstrip("/"), str(footer.part.partname).lstrip("/"), beholdt


def _uten_rester(parts: dict[str, bytes]) -> dict[str, bytes]:
    """No customXml, thumbnail or custom properties (nor their relationships), app.xml naming
    avtaleflyt: the package says what made it and carries nothing nobody filled in."""
    kept = {n: b for n, b in parts.items() if not n.startswith(_UTELATT)}
    for rels in ("_rels/.rels", "word/_rels/document.xml.rels", "[Content_Types].xml"):
        if rels not in kept:
            continue
        xml = kept[rels].decode("utf-8")
        for gone in (
            "customXml",
            "thumbnail",
            "stylesWithEffects",
            "custom-properties",
            "custom.xml",
        ):
            xml = re.sub(rf"<(?:Relationship|Override)\b[^>]*{gone}[^>]*/>", "", xml)
        kept[rels] = xml.encode("utf-8")
    kept["docProps/app.xml"] = APP_XML
    if "docProps/app.xml" not in kept.get("[Content_Types].xml", b"").decode():
        ct = kept["[Content_Types].xml"].decode()
        ct = ct.replace(
            "</Types>",
            '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.extended-properties+xml"/></Types>',
        )
        kept["[Content_Types].xml"] = ct.encode()
    return kept


def _bygg(data: bytes, path: Path, reference: Path | None) -> Profil:
    d = _aapne(data, path)
    stil_id, advarsler = _stiler(d, path, reference)
    _nummerering(d)
    header, footer, beholdt = _topp_og_bunn(d)
    sect = d.element.body.find(qn("w:sectPr"))
    if sect is None:
        raise DocxError(f"{path}: dokumentprofilen mangler seksjonsoppsett (w:sectPr)")
    sect = copy.deepcopy(sect)
    etree.cleanup_namespaces(sect)  # python-docx's template declares fifteen unused namespaces
    sect_pr = etree.tostring(sect)
    buf = io.BytesIO()
    d.save(buf)
    with zipfile.ZipFile(buf) as z:
        parts = _uten_rester({n: z.read(n) for n in z.namelist()})
    numbering = parts["word/numbering.xml"].decode("utf-8")
    end = numbering.rindex("</w:numbering>")
    deflated = {n: deflate(n, b) for n, b in parts.items()}
    return Profil(
        parts,
        deflated,
        stil_id,
        sect_pr,
        header,
        footer,
        beholdt,
        numbering[:end],
        numbering[end:],
        tuple(advarsler),
    )
