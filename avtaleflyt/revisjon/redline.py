"""A Word redline between two archived .docx files, with real tracked changes (`w:ins`/`w:del`).

The result is version B's package (styles, numbering, header, footer) whose body is the merge of A
and B: a block-level diff (paragraphs and tables, difflib) and, inside a changed paragraph or table
cell, a word-level diff. Deleted text is kept as `w:delText` inside `w:del`, inserted text sits in
`w:ins`; a wholly inserted or deleted paragraph also marks its paragraph mark, and a table row its
`w:trPr`. Word and LibreOffice show each change to accept or reject. Author and date are given by
the caller (from the agreement data), never from the clock.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import io
import re
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
DOKUMENT = "word/document.xml"


def _w(navn: str) -> str:
    return f"{{{W}}}{navn}"


class _Merker:
    def __init__(self, forfatter: str, dato: dt.date | None):
        self.forfatter = forfatter
        # an older version's date may be unknown; w:date is optional, so none is written
        self.dato = f"{dato.isoformat()}T00:00:00Z" if dato is not None else None
        self.neste = 1

    def lag(self, art: str) -> etree._Element:
        el = etree.Element(_w(art))
        el.set(_w("id"), str(self.neste))
        el.set(_w("author"), self.forfatter)
        if self.dato is not None:
            el.set(_w("date"), self.dato)
        self.neste += 1
        return el


def _tekst(el: etree._Element) -> str:
    deler = []
    for x in el.iter(_w("t"), _w("delText"), _w("br"), _w("tab"), _w("p")):
        if x.tag in (_w("t"), _w("delText")):
            deler.append(x.text or "")
        elif x.tag == _w("br"):
            deler.append("\n")
        elif x.tag == _w("tab"):
            deler.append("\t")
        elif x.tag == _w("p") and deler:
            deler.append("\u2029")
    return "".join(deler)


def _nokkel(el: etree._Element) -> tuple[str, str]:
    return (etree.QName(el).localname, _tekst(el))


# --------------------------------------------------------------------------- whole blocks


def _merk_avsnittsmerke(p: etree._Element, merke: etree._Element) -> None:
    ppr = p.find(_w("pPr"))
    if ppr is None:
        ppr = etree.Element(_w("pPr"))
        p.insert(0, ppr)
    rpr = ppr.find(_w("rPr"))
    if rpr is None:
        rpr = etree.SubElement(ppr, _w("rPr"))
    rpr.append(merke)


def _til_slettet(r: etree._Element) -> None:
    for t in r.findall(_w("t")):
        t.tag = _w("delText")
        t.set(XML_SPACE, "preserve")
    for t in r.findall(_w("instrText")):
        t.tag = _w("delInstrText")


def _merk_avsnitt(p: etree._Element, art: str, m: _Merker) -> etree._Element:
    """Every run of `p` (and its paragraph mark) as inserted or deleted."""
    p = copy.deepcopy(p)
    gruppe = None
    for barn in list(p):
        if barn.tag == _w("r"):
            if art == "del":
                _til_slettet(barn)
            if gruppe is None or barn.getprevious() is not gruppe:
                gruppe = m.lag(art)
                barn.addprevious(gruppe)
            gruppe.append(barn)
        elif barn.tag != _w("pPr"):
            gruppe = None
    _merk_avsnittsmerke(p, m.lag(art))
    return p


def _merk_blokk(el: etree._Element, art: str, m: _Merker) -> etree._Element:
    if el.tag == _w("p"):
        return _merk_avsnitt(el, art, m)
    el = copy.deepcopy(el)
    for tr in el.iter(_w("tr")):
        trpr = tr.find(_w("trPr"))
        if trpr is None:
            trpr = etree.Element(_w("trPr"))
            tcs = tr.find(_w("tblPrEx"))
            if tcs is not None:
                tcs.addnext(trpr)
            else:
                tr.insert(0, trpr)
        trpr.append(m.lag(art))
    for p in list(el.iter(_w("p"))):
        p.getparent().replace(p, _merk_avsnitt(p, art, m))
    return el


# --------------------------------------------------------------------------- word level


def _tokener(p: etree._Element) -> list[tuple[str, etree._Element | None]]:
    """(token, run properties) for the paragraph's direct runs; `\n` stands for a line break."""
    ut: list[tuple[str, etree._Element | None]] = []
    for r in p.findall(_w("r")):
        rpr = r.find(_w("rPr"))
        for barn in r:
            if barn.tag == _w("t"):
                ut.extend((tok, rpr) for tok in re.findall(r"\s+|[^\s]+", barn.text or ""))
            elif barn.tag == _w("br"):
                ut.append(("\n", rpr))
            elif barn.tag == _w("tab"):
                ut.append(("\t", rpr))
    return ut


def _runs(tokener, slettet: bool) -> list[etree._Element]:
    ut: list[etree._Element] = []
    forrige = object()
    for tok, rpr in tokener:
        if rpr is not forrige or not ut:
            r = etree.Element(_w("r"))
            if rpr is not None:
                r.append(copy.deepcopy(rpr))
            ut.append(r)
            forrige = rpr
        r = ut[-1]
        if tok == "\n":
            etree.SubElement(r, _w("br"))
        elif tok == "\t":
            etree.SubElement(r, _w("tab"))
        else:
            siste = r[-1] if len(r) else None
            navn = _w("delText") if slettet else _w("t")
            if siste is None or siste.tag != navn:
                siste = etree.SubElement(r, navn)
                siste.set(XML_SPACE, "preserve")
                siste.text = ""
            siste.text += tok
    return ut


def _ordvis(a: etree._Element, b: etree._Element, m: _Merker) -> etree._Element:
    """Paragraph B with A's words that are gone as deletions and B's new words as insertions."""
    ta, tb = _tokener(a), _tokener(b)
    ny = etree.Element(_w("p"))
    ppr = b.find(_w("pPr"))
    if ppr is not None:
        ny.append(copy.deepcopy(ppr))
    matcher = difflib.SequenceMatcher(None, [t for t, _ in ta], [t for t, _ in tb], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            ny.extend(_runs(tb[j1:j2], False))
            continue
        if i2 > i1:
            d = m.lag("del")
            d.extend(_runs(ta[i1:i2], True))
            ny.append(d)
        if j2 > j1:
            i = m.lag("ins")
            i.extend(_runs(tb[j1:j2], False))
            ny.append(i)
    return ny


def _samme_form(a: etree._Element, b: etree._Element) -> bool:
    def form(t):
        return [len(tr.findall(_w("tc"))) for tr in t.findall(_w("tr"))]

    return form(a) == form(b)


def _tabell(a: etree._Element, b: etree._Element, m: _Merker) -> etree._Element:
    """Table B with each changed cell paragraph diffed word by word against A's cell."""
    ny = copy.deepcopy(b)
    for tr_a, tr_b in zip(a.findall(_w("tr")), ny.findall(_w("tr")), strict=False):
        for tc_a, tc_b in zip(tr_a.findall(_w("tc")), tr_b.findall(_w("tc")), strict=False):
            _blokker(tc_a, tc_b, m, tc_b)
    return ny


def _blokker(a_foreldre, b_foreldre, m: _Merker, mal: etree._Element) -> None:
    """Replace the block children of `mal` (a copy of `b_foreldre`) by the merged sequence."""
    hopp = (_w("sectPr"), _w("tcPr"))
    a = [x for x in a_foreldre if x.tag in (_w("p"), _w("tbl"))]
    b = [x for x in b_foreldre if x.tag in (_w("p"), _w("tbl"))]
    matcher = difflib.SequenceMatcher(
        None, [_nokkel(x) for x in a], [_nokkel(x) for x in b], autojunk=False
    )
    ut: list[etree._Element] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            ut.extend(copy.deepcopy(x) for x in b[j1:j2])
        elif op == "delete":
            ut.extend(_merk_blokk(x, "del", m) for x in a[i1:i2])
        elif op == "insert":
            ut.extend(_merk_blokk(x, "ins", m) for x in b[j1:j2])
        else:
            ut.extend(_erstatt(a[i1:i2], b[j1:j2], m))
    beholdt = [x for x in mal if x.tag in hopp or x.tag not in (_w("p"), _w("tbl"))]
    for x in list(mal):
        mal.remove(x)
    forst = [x for x in beholdt if x.tag == _w("tcPr")]
    sist = [x for x in beholdt if x.tag != _w("tcPr")]
    for x in [*forst, *ut, *sist]:
        mal.append(x)


def _erstatt(a: list, b: list, m: _Merker) -> list[etree._Element]:
    """Pair replaced blocks of the same kind in order; the rest are deleted or inserted."""
    ut: list[etree._Element] = []
    i = j = 0
    while i < len(a) and j < len(b):
        x, y = a[i], b[j]
        likhet = difflib.SequenceMatcher(None, _tekst(x), _tekst(y), autojunk=False).quick_ratio()
        if x.tag == y.tag == _w("p") and likhet >= 0.4:
            ut.append(_ordvis(x, y, m))
        elif x.tag == y.tag == _w("tbl") and _samme_form(x, y):
            ut.append(_tabell(x, y, m))
        else:
            ut.append(_merk_blokk(x, "del", m))
            ut.append(_merk_blokk(y, "ins", m))
        i += 1
        j += 1
    ut.extend(_merk_blokk(x, "del", m) for x in a[i:])
    ut.extend(_merk_blokk(y, "ins", m) for y in b[j:])
    return ut


def redline(docx_a: bytes, docx_b: bytes, *, forfatter: str, dato: dt.date | None) -> bytes:
    """Version B's .docx with the changes from A as tracked changes by `forfatter` on `dato`."""
    with zipfile.ZipFile(io.BytesIO(docx_a)) as za:
        dok_a = etree.fromstring(za.read(DOKUMENT))
    zb = zipfile.ZipFile(io.BytesIO(docx_b))
    dok_b = etree.fromstring(zb.read(DOKUMENT))
    body_a, body_b = dok_a.find(_w("body")), dok_b.find(_w("body"))
    m = _Merker(forfatter, dato)
    ny = copy.deepcopy(dok_b)
    _blokker(body_a, body_b, m, ny.find(_w("body")))
    xml = etree.tostring(ny, xml_declaration=True, encoding="UTF-8", standalone=True)
    ut = io.BytesIO()
    with zb, zipfile.ZipFile(ut, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zb.infolist():
            z.writestr(info, xml if info.filename == DOKUMENT else zb.read(info.filename))
    return ut.getvalue()


def endringsmerker(docx: bytes) -> dict[str, list[dict[str, str]]]:
    """The tracked changes in a .docx: `ins` and `del` with author, date and text (for tests and
    for an auditor's check)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        dok = etree.fromstring(z.read(DOKUMENT))
    ut: dict[str, list[dict[str, str]]] = {"ins": [], "del": []}
    for art in ("ins", "del"):
        for el in dok.iter(_w(art)):
            ut[art].append(
                {"author": el.get(_w("author")), "date": el.get(_w("date")), "tekst": _tekst(el)}
            )
    return ut
