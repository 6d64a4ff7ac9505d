"""«Vedtak i deltakerkommunene», the archived Markdown document, as HTML inside a page of the site.

The site shows the archived bytes, not a new account of the decisions: the document is written by
the archiver and checked byte for byte by verify, so reading it here keeps the page to what the
archive holds. Only the plain Markdown its formats use is understood (headings, paragraphs, one
table, quotes, `**bold**` and `` `code` ``); every character of the text is escaped first, so a
vedtakstekst cannot put markup on the page. Anything else is shown as the plain text it is.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_OVERSKRIFT = re.compile(r"^(#{1,6}) (.*)$")
_KOMMENTAR = re.compile(r"^<!--.*-->$")


def _inline(tekst: str) -> str:
    ut = str(escape(tekst))
    ut = re.sub(r"`([^`]+)`", r"<code>\1</code>", ut)
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", ut)


def _celler(linje: str) -> list[str]:
    return [c.strip() for c in linje.strip().strip("|").split("|")]


def _tabell(rader: list[str], tittel: str) -> str:
    """A Markdown table (header, separator, rows) with a caption for screen readers named after
    the section it stands in, and header cells scoped to their column."""
    hode = "".join(f'<th scope="col">{_inline(c)}</th>' for c in _celler(rader[0]))
    kropp = "".join(
        "<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in _celler(r)) + "</tr>\n"
        for r in rader[2:]
    )
    return (
        f'<table>\n<caption class="skjult">Tabell i {escape(tittel)}</caption>\n'
        f"<thead><tr>{hode}</tr></thead>\n<tbody>\n{kropp}</tbody>\n</table>"
    )


def som_html(dokument: bytes, *, niva: int = 1) -> Markup:
    """The document's body as HTML, its headings `niva` levels down (it stands under the page's
    own h1). Blocks are separated by blank lines, as the archiver writes them."""
    blokker: list[str] = []
    tittel = "dokumentet"
    linjer = dokument.decode("utf-8", "replace").splitlines()
    i = 0
    while i < len(linjer):
        linje = linjer[i]
        if not linje.strip() or _KOMMENTAR.match(linje.strip()):
            i += 1
            continue
        blokk = [linje]
        i += 1
        while i < len(linjer) and linjer[i].strip():
            blokk.append(linjer[i])
            i += 1
        m = _OVERSKRIFT.match(blokk[0])
        if m and len(blokk) == 1:
            tittel = m.group(2)
            n = min(len(m.group(1)) + niva, 6)
            blokker.append(f"<h{n}>{_inline(m.group(2))}</h{n}>")
        elif all(x.startswith("|") for x in blokk) and len(blokk) >= 2:
            blokker.append(_tabell(blokk, tittel))
        elif all(x.startswith(">") for x in blokk):
            tekst = "<br>\n".join(_inline(x[1:].removeprefix(" ")) for x in blokk)
            blokker.append(f"<blockquote><p>{tekst}</p></blockquote>")
        else:
            blokker.append(f"<p>{' '.join(_inline(x) for x in blokk)}</p>")
    return Markup("\n".join(blokker))
