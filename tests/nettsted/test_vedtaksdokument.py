"""The decisions document as HTML: the Markdown the archiver writes becomes headings, a table with
caption and scoped header cells and quotes, and a vedtakstekst cannot put markup on the page."""

from __future__ import annotations

from avtaleflyt.nettsted.vedtaksdokument import som_html
from tests.nettsted.html_sjekk import les

DOKUMENT = b"""# Vedtak i deltakerkommunene

**Avtale**, versjon 2 (avtale-id `a`).

| Deltaker | Utfall |
|---|---|
| Skaun (5029) | vedtatt |

## Skaun (5029)

Vedtaket lyder:

> Kommunestyret vedtar <script>alert(1)</script> avtalen.
> Punkt 2 | med strek & **ord**.

<!-- avtaleflyt-vedtaksoversikt/1 -->
"""


def test_the_document_is_headings_a_captioned_table_and_escaped_quotes():
    html = str(som_html(DOKUMENT))
    assert "<h2>Vedtak i deltakerkommunene</h2>" in html and "<h3>Skaun (5029)</h3>" in html
    assert "<strong>Avtale</strong>" in html and "<code>a</code>" in html
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Punkt 2 | med strek &amp; <strong>ord</strong>." in html
    assert "avtaleflyt-vedtaksoversikt" not in html
    side = les(f"<!DOCTYPE html><div>{html}</div>")
    assert side.feil == []
    assert side.tabeller == side.captions == 1 and side.th_uten_scope == 0
    assert "<tr><td>Skaun (5029)</td><td>vedtatt</td></tr>" in html
