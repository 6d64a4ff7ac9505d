"""What `verify` compares across renderer versions: the text as the reader sees it.

A cross-reference's shown number («i § 2») is part of that text, since a changed number sends the
reader to another clause; a field Word recomputes at every printing (a page number) is not.
"""

from __future__ import annotations

import io
import re
import zipfile

from avtaleflyt.arkiv.dokumentinnhold import les_innhold
from avtaleflyt.rendering import render_docx
from tests.rendering.conftest import load_example, one_per_type

REF_RESULTAT = re.compile(
    rb"(REF paragraf_(\d+) [^<]*</w:instrText>.*?fldCharType=\"separate\"/>.*?<w:t[^>]*>)"
    rb"\xc2\xa7(?:\xc2\xa0| )(\d+)(</w:t>)",
    re.S,
)


def _med_refererende_paragraf() -> bytes:
    for navn in one_per_type():
        docx = render_docx(load_example(navn))
        if b"REF paragraf_" in zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml"):
            return docx
    raise AssertionError("ingen eksempelavtale har en kryssreferanse")


def _bytt_dokument(docx: bytes, endre) -> bytes:
    ut = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as inn, zipfile.ZipFile(ut, "w") as z:
        for info in inn.infolist():
            data = inn.read(info.filename)
            z.writestr(info, endre(data) if info.filename == "word/document.xml" else data)
    return ut.getvalue()


def test_a_changed_cross_reference_number_is_a_changed_text():
    docx = _med_refererende_paragraf()
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml")
    treff = REF_RESULTAT.search(xml)
    assert treff is not None, "kryssreferansens resultat ble ikke funnet"
    riktig = treff.group(3).decode()
    assert riktig == treff.group(2).decode()  # the bookmark's number is the number shown
    feil = str(int(riktig) + 1).encode()

    def endre(data: bytes) -> bytes:
        return REF_RESULTAT.sub(
            lambda m: m.group(1) + "§ ".encode() + feil + m.group(4), data, count=1
        )

    original = les_innhold(docx).tekst()
    endret = les_innhold(_bytt_dokument(docx, endre)).tekst()
    assert original != endret
    assert any(f"§ {riktig}" in t for t in original)


def test_a_page_number_result_is_not_part_of_the_text():
    docx = _med_refererende_paragraf()
    side = (
        b'<w:p><w:r><w:t xml:space="preserve">Side </w:t></w:r>'
        b'<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        b'<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        b'<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        b"<w:r><w:t>%s</w:t></w:r>"
        b'<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )

    def med_side(n: bytes):
        return lambda data: data.replace(b"<w:body>", b"<w:body>" + side % n, 1)

    en = les_innhold(_bytt_dokument(docx, med_side(b"1"))).tekst()
    to = les_innhold(_bytt_dokument(docx, med_side(b"7"))).tekst()
    assert en == to
    assert "Side" in " ".join(en)
