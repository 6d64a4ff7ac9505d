"""An archived HTML document placed inside a page of the site."""

from __future__ import annotations

import re

from markupsafe import Markup

_KROPP = re.compile(r"<body[^>]*>(.*)</body>", re.DOTALL | re.IGNORECASE)


def dokumentkropp(html: bytes) -> Markup:
    """The archived HTML document's body, its headings two levels down (it stands under the
    page's h1 and the section heading «Avtaleteksten») and its header cells scoped to their
    column. The document is avtaleflyt's own rendering from the archive, made from escaped
    data, so it is inserted as it is."""
    tekst = html.decode("utf-8", "replace")
    m = _KROPP.search(tekst)
    kropp = m.group(1) if m else tekst
    kropp = re.sub(
        r"<(/?)h([1-6])\b", lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 2, 6)}", kropp
    )
    kropp = kropp.replace("<th>", '<th scope="col">')
    return Markup(_tabelltitler(kropp.strip()))


_OVERSKRIFT_ELLER_TABELL = re.compile(r"<h[3-6][^>]*>(.*?)</h[3-6]>|<table>", re.DOTALL)


def _tabelltitler(kropp: str) -> str:
    """Each table of the document gets a caption for screen readers, named after the section it
    stands in («Tabell i § 1 Parter»); hidden on screen, since it is not part of the archived text."""
    deler, sist, tittel = [], 0, "avtaleteksten"
    for m in _OVERSKRIFT_ELLER_TABELL.finditer(kropp):
        if m.group(1) is not None:
            tittel = re.sub(r"<[^>]+>", "", m.group(1)).strip()
            continue
        deler.append(kropp[sist : m.end()])
        deler.append(f'<caption class="skjult">Tabell i {tittel}</caption>')
        sist = m.end()
    deler.append(kropp[sist:])
    return "".join(deler)
