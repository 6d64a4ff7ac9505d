"""The PDF/A-2b check the tests make on archived PDFs, with pikepdf (qpdf).

No full PDF/A validator is packaged for PyPI, Debian or npm (veraPDF is Java and in none of them;
PyPI's PDF/A tools call a veraPDF installed by hand), so this checks what PDF/A-2b level B needs
and a reader can see in the file's structure: the XMP identification (pdfaid:part 2,
conformance B), an output intent GTS_PDFA1 with an ICC profile, every font embedded, no
encryption, no JavaScript, a file identifier, and an unfiltered metadata stream.
"""

from __future__ import annotations

import io

import pikepdf


def _fonter(ressurser, sett: set[int], ut: list) -> None:
    if ressurser is None or (ressurser.objgen in sett and ressurser.objgen != (0, 0)):
        return
    sett.add(ressurser.objgen)
    for font in (ressurser.get("/Font") or {}).values():
        ut.append(font)
        for etterkommer in font.get("/DescendantFonts") or []:
            ut.append(etterkommer)
    for xobj in (ressurser.get("/XObject") or {}).values():
        if xobj.get("/Subtype") == "/Form":
            _fonter(xobj.get("/Resources"), sett, ut)


def pdfa_feil(data: bytes) -> list[str]:
    """What makes `data` not PDF/A-2b, in words ([] when nothing does)."""
    feil: list[str] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if pdf.is_encrypted:
            feil.append("filen er kryptert")
        meta = pdf.open_metadata()
        if meta.pdfa_status != "2B":
            feil.append(f"XMP sier PDF/A «{meta.pdfa_status}», ikke 2B")
        strom = pdf.Root.get("/Metadata")
        if strom is None or "/Filter" in strom:
            feil.append("metadatastrømmen mangler eller er komprimert")
        intenter = pdf.Root.get("/OutputIntents") or []
        if not any(i.get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in i for i in intenter):
            feil.append("ingen OutputIntent GTS_PDFA1 med ICC-profil")
        if "/JavaScript" in (pdf.Root.get("/Names") or {}):
            feil.append("JavaScript i dokumentet")
        if "/ID" not in pdf.trailer:
            feil.append("ingen filidentifikator (/ID) i trailer")
        fonter: list = []
        sett: set = set()
        for side in pdf.pages:
            _fonter(side.obj.get("/Resources"), sett, fonter)
        if not fonter:
            feil.append("ingen fonter funnet (teksten er ikke tekst)")
        for font in fonter:
            if font.get("/Subtype") in ("/Type0", "/Type3"):
                continue  # Type0: its descendant carries the descriptor; Type3: glyphs in the file
            beskriver = font.get("/FontDescriptor")
            if beskriver is None or not any(
                k in beskriver for k in ("/FontFile", "/FontFile2", "/FontFile3")
            ):
                feil.append(f"fonten {font.get('/BaseFont')} er ikke innebygd")
    return feil
