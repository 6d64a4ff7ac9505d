"""The change between two versions' archived texts, with insertions and deletions marked.

Blocks of the archived HTML rendering (headings, paragraphs, list items, table rows; the same
document model as the .docx) are matched with difflib; a changed block is compared word by word,
so a reader sees «tolv» struck and «seks» inserted rather than two whole paragraphs. The output
is HTML built from escaped text only: `<ins>` and `<del>` carry the meaning (screen readers
announce them), the stylesheet adds the colour and a visible «+»/«−» marker so the change is not
shown by colour alone.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

_ORD = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Avsnitt:
    html: str
    endret: bool


_BLOKKER = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "tr", "caption"}


class _Blokkleser(HTMLParser):
    """The text of each block element of the body, in document order (`<style>` left out)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blokker: list[tuple[str, str]] = []
        self._stabel: list[tuple[str, list[str]]] = []
        self._stil = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("style", "script", "title"):
            self._stil += 1
        elif tag in _BLOKKER:
            self._stabel.append((tag, []))
        elif tag in ("td", "th") and self._stabel and self._stabel[-1][1]:
            self._stabel[-1][1].append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "title"):
            self._stil = max(0, self._stil - 1)
        elif tag in _BLOKKER and self._stabel and self._stabel[-1][0] == tag:
            art, deler = self._stabel.pop()
            tekst = " ".join("".join(deler).split())
            if tekst:
                self.blokker.append((art, tekst))

    def handle_data(self, data: str) -> None:
        if not self._stil and self._stabel:
            self._stabel[-1][1].append(data)


def blokker(html: str) -> list[tuple[str, str]]:
    """(element, text) of each block of an archived HTML document."""
    leser = _Blokkleser()
    leser.feed(html)
    leser.close()
    return leser.blokker


def _blokk(art: str, indre: str) -> str:
    """Headings stay headings (two levels below the document's own), the rest is a paragraph."""
    if re.fullmatch(r"h[1-6]", art):
        niva = min(int(art[1]) + 2, 6)
        return f"<h{niva}>{indre}</h{niva}>"
    return f"<p>{indre}</p>"


def _ord(a: str, b: str) -> str:
    """Word-level change inside one paragraph."""
    x, y = _ORD.findall(a), _ORD.findall(b)
    ut = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, x, y, autojunk=False).get_opcodes():
        gammel, ny = escape("".join(x[i1:i2])), escape("".join(y[j1:j2]))
        if op == "equal":
            ut.append(gammel)
        if op in ("delete", "replace"):
            ut.append(f"<del>{gammel}</del>")
        if op in ("insert", "replace"):
            ut.append(f"<ins>{ny}</ins>")
    return "".join(ut)


def sammenlign_tekst(fra: list[tuple[str, str]], til: list[tuple[str, str]]) -> list[Avsnitt]:
    """Every block of the new text, and each deleted one where it stood, with the changes marked."""
    a, b = [t for _, t in fra], [t for _, t in til]
    ut: list[Avsnitt] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            ut += [Avsnitt(_blokk(art, escape(t)), False) for art, t in til[j1:j2]]
            continue
        gamle, nye = fra[i1:i2], til[j1:j2]
        par = min(len(gamle), len(nye)) if op == "replace" else 0
        for (ga, g), (art, n) in zip(gamle[:par], nye[:par], strict=True):
            if _likner(ga, g, art, n):
                ut.append(Avsnitt(_blokk(art, _ord(g, n)), True))
            else:
                ut.append(Avsnitt(_blokk(ga, f"<del>{escape(g)}</del>"), True))
                ut.append(Avsnitt(_blokk(art, f"<ins>{escape(n)}</ins>"), True))
        for art, g in gamle[par:]:
            ut.append(Avsnitt(_blokk(art, f"<del>{escape(g)}</del>"), True))
        for art, n in nye[par:]:
            ut.append(Avsnitt(_blokk(art, f"<ins>{escape(n)}</ins>"), True))
    return ut


def _likner(art_a: str, a: str, art_b: str, b: str) -> bool:
    """Two blocks are one block changed (shown word by word) when of one kind and mostly alike;
    otherwise the old is shown deleted and the new inserted, which reads better than a word salad."""
    if art_a != art_b:
        return False
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio() >= 0.5
