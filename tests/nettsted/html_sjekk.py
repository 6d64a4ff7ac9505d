"""A strict reading of one generated page with the standard library's HTML parser: every element
closed in order, ids unique, and what the accessibility rules this site keeps need to see (lang,
one h1, a main landmark, captions and scopes in tables, title and desc in pictures)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

TOMME = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
SVG_TOMME = {"rect", "circle", "path", "line", "polygon", "polyline", "ellipse"}


@dataclass
class Side:
    feil: list[str] = field(default_factory=list)
    lenker: list[str] = field(default_factory=list)
    ider: list[str] = field(default_factory=list)
    lang: str | None = None
    h1: int = 0
    main: int = 0
    tabeller: int = 0
    captions: int = 0
    th_uten_scope: int = 0
    svg_bilder: list[dict] = field(default_factory=list)
    tekst: list[str] = field(default_factory=list)

    @property
    def ren_tekst(self) -> str:
        return " ".join("".join(self.tekst).split())


class _Leser(HTMLParser):
    def __init__(self, side: Side) -> None:
        super().__init__(convert_charrefs=True)
        self.s = side
        self.stabel: list[str] = []
        self.svg: dict | None = None
        self.i_stil = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.s.lang = a.get("lang")
        if "id" in a:
            self.s.ider.append(a["id"] or "")
        for navn in ("href", "src"):
            if a.get(navn) is not None:
                self.s.lenker.append(a[navn])
        self.s.h1 += tag == "h1"
        self.s.main += tag == "main"
        self.s.tabeller += tag == "table"
        self.s.captions += tag == "caption"
        if tag == "th" and "scope" not in a:
            self.s.th_uten_scope += 1
        if tag == "svg" and a.get("role") == "img":
            self.svg = {"title": False, "desc": False}
            self.s.svg_bilder.append(self.svg)
        if self.svg is not None and tag in ("title", "desc") and self.stabel[-1] == "svg":
            self.svg[tag] = True
        if tag in ("style", "script"):
            self.i_stil = True
        if tag in TOMME or (tag in SVG_TOMME and "svg" in self.stabel):
            return
        self.stabel.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self.stabel and self.stabel[-1] == tag:
            self.stabel.pop()

    def handle_endtag(self, tag):
        if tag in TOMME or (tag in SVG_TOMME and "svg" in self.stabel):
            return
        if not self.stabel or self.stabel[-1] != tag:
            self.s.feil.append(f"</{tag}> lukker {self.stabel[-1] if self.stabel else 'ingenting'}")
            if tag in self.stabel:
                while self.stabel and self.stabel.pop() != tag:
                    pass
            return
        self.stabel.pop()
        if tag == "svg":
            self.svg = None
        if tag in ("style", "script"):
            self.i_stil = False

    def handle_data(self, data):
        if not self.i_stil and "svg" not in self.stabel:
            self.s.tekst.append(data)


def les(html: str) -> Side:
    side = Side()
    leser = _Leser(side)
    leser.feed(html)
    leser.close()
    if leser.stabel:
        side.feil.append(f"ikke lukket: {leser.stabel}")
    if not html.startswith("<!DOCTYPE html>"):
        side.feil.append("mangler <!DOCTYPE html>")
    dupl = {i for i in side.ider if side.ider.count(i) > 1}
    if dupl:
        side.feil.append(f"id brukt flere ganger: {sorted(dupl)}")
    return side
