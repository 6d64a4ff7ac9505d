"""The marked change between two archived HTML texts."""

from __future__ import annotations

from avtaleflyt.nettsted.tekstdiff import blokker, sammenlign_tekst

A = (
    "<html><head><style>p{}</style></head><body><h1>Avtale</h1><p>Oppsigelsestiden er tolv "
    "måneder.</p><p>Uendret &amp; lik.</p><p>Fjernes helt.</p></body></html>"
)
B = (
    "<html><body><h1>Avtale</h1><p>Oppsigelsestiden er seks måneder.</p><p>Uendret &amp; lik."
    "</p><table><tr><th>Kommune</th><td>Skaun</td></tr></table></body></html>"
)


def test_blocks_are_read_without_style():
    assert blokker(A) == [
        ("h1", "Avtale"),
        ("p", "Oppsigelsestiden er tolv måneder."),
        ("p", "Uendret & lik."),
        ("p", "Fjernes helt."),
    ]
    assert blokker(B)[-1] == ("tr", "Kommune | Skaun")


def test_changed_words_are_marked_and_text_is_escaped():
    avsnitt = sammenlign_tekst(blokker(A), blokker(B))
    html = "".join(a.html for a in avsnitt)
    assert "<del>tolv</del><ins>seks</ins>" in html
    assert "<p>Uendret &amp; lik.</p>" in html
    assert [a.endret for a in avsnitt] == [False, True, False, True, True]
    assert "<h3>Avtale</h3>" in html
    assert "<p><del>Fjernes helt.</del></p><p><ins>Kommune | Skaun</ins></p>" in html


def test_equal_texts_have_no_marks():
    avsnitt = sammenlign_tekst(blokker(A), blokker(A))
    assert not any(a.endret for a in avsnitt)
    assert "<ins>" not in "".join(a.html for a in avsnitt)
