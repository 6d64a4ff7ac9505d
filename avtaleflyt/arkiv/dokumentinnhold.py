"""What a reader sees in a .docx, for comparing documents written by different renderer versions.

Two renderers may write the same agreement with different bytes (zip compression, attribute order,
run splitting, core-property dates) while the reader sees the same thing. This module extracts what
the reader sees: the body's paragraphs and tables in order, each paragraph with its style name and
its text as displayed (with the label Word's numbering puts in front: «§ 3», «a)», «•»), and the
text of the headers and footers. Field results (page numbers) and the core properties are left out:
they are not agreement text. Standard library only, so `verify` needs no Word library for it.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MELLOMROM = re.compile(r"\s+")


class DokumentFeil(ValueError):
    """The bytes are not a readable .docx."""


@dataclass(frozen=True)
class Innhold:
    """The reader's view of one .docx: body blocks, then header and footer texts."""

    blokker: tuple[tuple[str, ...], ...]
    """("avsnitt", style name, text) or ("celle", row, column, text) for each table cell."""
    topp_og_bunn: tuple[str, ...] = field(default=())

    def tekst(self) -> tuple[str, ...]:
        """The texts alone, in order (styles left out)."""
        return tuple(b[-1] for b in self.blokker) + self.topp_og_bunn


def _normaliser(tekst: str) -> str:
    return _MELLOMROM.sub(" ", tekst.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def _romertall(n: int) -> str:
    ut = ""
    for verdi, tegn in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while n >= verdi:
            ut, n = ut + tegn, n - verdi
    return ut


def _tall(n: int, format_: str) -> str:
    if format_ in ("lowerLetter", "upperLetter"):
        bokstav = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return bokstav.upper() if format_ == "upperLetter" else bokstav
    if format_ in ("lowerRoman", "upperRoman"):
        return _romertall(n).upper() if format_ == "upperRoman" else _romertall(n)
    if format_ == "bullet":
        return "•"
    if format_ == "none":
        return ""
    return str(n)


class _Nummerering:
    """Word's list labels: numbering.xml's definitions and a counter per list and level."""

    def __init__(self, xml: bytes | None) -> None:
        self.nivaaer: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.teller: dict[tuple[str, int], int] = {}
        self.abstrakt: dict[str, str] = {}
        if not xml:
            return
        rot = ET.fromstring(xml)
        definisjoner: dict[str, dict[int, tuple[str, str, int]]] = {}
        for a in rot.iter(f"{W}abstractNum"):
            definisjoner[a.get(f"{W}abstractNumId", "")] = {
                int(lvl.get(f"{W}ilvl", "0")): (
                    _attr(lvl, "numFmt") or "decimal",
                    _attr(lvl, "lvlText") or "",
                    int(_attr(lvl, "start") or "1"),
                )
                for lvl in a.iter(f"{W}lvl")
            }
        for num in rot.iter(f"{W}num"):
            ident = num.get(f"{W}numId", "")
            abstrakt = _attr(num, "abstractNumId") or ""
            nivaaer = dict(definisjoner.get(abstrakt, {}))
            for o in num.iter(f"{W}lvlOverride"):
                start = _attr(o, "startOverride")
                niva = int(o.get(f"{W}ilvl", "0"))
                if start is not None and niva in nivaaer:
                    fmt, tekst, _ = nivaaer[niva]
                    nivaaer[niva] = (fmt, tekst, int(start))
            self.nivaaer[ident] = nivaaer
            # lists sharing an abstract definition without their own start continue its count
            self.abstrakt[ident] = abstrakt if not list(num.iter(f"{W}lvlOverride")) else ident

    def etikett(self, num_id: str, niva: int) -> str:
        nivaaer = self.nivaaer.get(num_id)
        if not nivaaer or niva not in nivaaer:
            return ""
        teller = self.abstrakt.get(num_id, num_id)
        for t, n in list(self.teller):
            if t == teller and n > niva:
                del self.teller[(t, n)]
        self.teller[(teller, niva)] = self.teller.get((teller, niva), nivaaer[niva][2] - 1) + 1
        fmt, tekst = nivaaer[niva][:2]
        if fmt == "bullet":
            return "•"

        def verdi(m: re.Match[str]) -> str:
            n = int(m.group(1)) - 1
            if n not in nivaaer:
                return ""
            return _tall(self.teller.get((teller, n), nivaaer[n][2]), nivaaer[n][0])

        return re.sub(r"%(\d)", verdi, tekst)


def _attr(el: ET.Element, navn: str) -> str | None:
    barn = el.find(f"{W}{navn}")
    return None if barn is None else barn.get(f"{W}val")


def _vises(instruksjon: str) -> bool:
    """Whether a field's result is part of the text as the reader compares it: a cross-reference
    (REF, «§ 7») is, since a wrong number would send the reader to another clause; page numbers
    and other fields that Word recomputes for every printing are not."""
    return instruksjon.split()[:1] == ["REF"]


def _avsnittstekst(p: ET.Element) -> str:
    """Text as shown: w:t, tabs and breaks; instruction texts left out, and field results too
    except a cross-reference's (see `_vises`)."""
    deler: list[str] = []
    i_resultat = False
    instruksjon: list[str] = []

    def gaa(el: ET.Element) -> None:
        nonlocal i_resultat
        for barn in el:
            if barn.tag == f"{W}fldSimple":
                if _vises(barn.get(f"{W}instr", "")):
                    gaa(barn)
                continue  # otherwise its text is a result such as a page number
            if barn.tag == f"{W}fldChar":
                kind = barn.get(f"{W}fldCharType")
                if kind == "begin":
                    instruksjon.clear()
                skjult = not _vises("".join(instruksjon))
                i_resultat = (kind == "separate" and skjult) or (i_resultat and kind != "end")
            elif barn.tag == f"{W}instrText":
                instruksjon.append(barn.text or "")
            elif barn.tag == f"{W}t" and not i_resultat:
                deler.append(barn.text or "")
            elif barn.tag in (f"{W}tab", f"{W}br", f"{W}cr") and not i_resultat:
                deler.append(" ")
            elif barn.tag not in (f"{W}pPr", f"{W}rPr", f"{W}delText"):
                gaa(barn)

    gaa(p)
    return "".join(deler)


@dataclass(frozen=True)
class _Stiler:
    navn: dict[str, str]
    nummer: dict[str, tuple[str, int]]
    """Styles that number their paragraphs themselves: style id -> (numId, level)."""


def _stiler(styles: bytes | None) -> _Stiler:
    navn: dict[str, str] = {}
    nummer: dict[str, tuple[str, int]] = {}
    for s in ET.fromstring(styles).iter(f"{W}style") if styles else ():
        ident = s.get(f"{W}styleId", "")
        navn[ident] = (_attr(s, "name") or ident).lower()
        numpr = s.find(f"{W}pPr/{W}numPr")
        if numpr is not None and _attr(numpr, "numId"):
            nummer[ident] = (_attr(numpr, "numId") or "", int(_attr(numpr, "ilvl") or "0"))
    return _Stiler(navn, nummer)


def _avsnitt(p: ET.Element, stiler: _Stiler, num: _Nummerering) -> tuple[str, str]:
    ppr = p.find(f"{W}pPr")
    stil = (_attr(ppr, "pStyle") if ppr is not None else None) or ""
    numpr = ppr.find(f"{W}numPr") if ppr is not None else None
    if numpr is not None and _attr(numpr, "numId"):
        liste = (_attr(numpr, "numId") or "", int(_attr(numpr, "ilvl") or "0"))
    else:
        liste = stiler.nummer.get(stil, ("", 0))
    etikett = num.etikett(*liste) if liste[0] else ""
    return stiler.navn.get(stil, stil or "normal"), _normaliser(f"{etikett} {_avsnittstekst(p)}")


def les_innhold(docx: bytes) -> Innhold:
    """The reader's view of `docx`; raises `DokumentFeil` when it is not a readable .docx."""
    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as z:
            deler = {n: z.read(n) for n in z.namelist()}
        navn = _stiler(deler.get("word/styles.xml"))
        num = _Nummerering(deler.get("word/numbering.xml"))
        kropp = ET.fromstring(deler["word/document.xml"]).find(f"{W}body")
        blokker: list[tuple[str, ...]] = []
        for el in kropp if kropp is not None else ():
            if el.tag == f"{W}p":
                blokker.append(("avsnitt", *_avsnitt(el, navn, num)))
            elif el.tag == f"{W}tbl":
                for r, tr in enumerate(el.iter(f"{W}tr")):
                    for k, tc in enumerate(tr.findall(f"{W}tc")):
                        tekster = (_avsnitt(p, navn, num)[1] for p in tc.iter(f"{W}p"))
                        blokker.append(("celle", str(r), str(k), " / ".join(tekster)))
        topp_og_bunn = tuple(
            _normaliser(" ".join(_avsnittstekst(p) for p in ET.fromstring(deler[n]).iter(f"{W}p")))
            for n in sorted(deler)
            if re.fullmatch(r"word/(header|footer)\d*\.xml", n)
        )
    except (zipfile.BadZipFile, KeyError, ET.ParseError, ValueError) as exc:
        raise DokumentFeil(f"ikke et lesbart Word-dokument: {type(exc).__name__}: {exc}") from None
    return Innhold(tuple(blokker), tuple(t for t in topp_og_bunn if t))


def erstatt(innhold: Innhold, fra: str, til: str) -> Innhold:
    """`innhold` with every `fra` in its texts replaced by `til` (the renderer version's own name,
    which the «Dokumentkontroll» block and the footer may show, differs by design)."""
    if not fra:
        return innhold
    return Innhold(
        tuple((*b[:-1], b[-1].replace(fra, til)) for b in innhold.blokker),
        tuple(t.replace(fra, til) for t in innhold.topp_og_bunn),
    )


def forste_forskjell(a: tuple, b: tuple) -> str:
    """Where two sequences first differ, in words («avsnitt 12: «…» mot «…»»)."""
    for i, (x, y) in enumerate(zip(a, b, strict=False), start=1):
        if x != y:
            return f"blokk {i}: arkivert «{_kort(x)}» mot ny «{_kort(y)}»"
    if len(a) != len(b):
        return f"arkivert har {len(a)} blokker, ny gjengivelse {len(b)}"
    return ""


def _kort(x: object) -> str:
    tekst = " | ".join(x) if isinstance(x, tuple) else str(x)
    return tekst if len(tekst) <= 120 else tekst[:117] + "…"
