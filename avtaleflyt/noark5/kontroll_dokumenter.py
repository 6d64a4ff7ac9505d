"""Checks of each journalpost's dokumentbeskrivelser, beside `kontroll`: since attachments are
exported, a post can hold several, and an archivist reads which is the main document and in
which order from `tilknyttetRegistreringSom` and `dokumentnummer` alone.

Arkade reports documents without dokumentobjekt and counts by tilknyttetRegistreringSom; here a
post with documents has exactly one «Hoveddokument», number 1, the rest «Vedlegg» numbered 2, 3 …,
every dokumentbeskrivelse has a file, and `antallVedlegg`, when stated, is the number of
«Vedlegg».
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

N5 = "{http://www.arkivverket.no/standarder/noark5/arkivstruktur}"


def kontroller_dokumentbeskrivelser(
    tre: etree._ElementTree, funn: Callable[[str, str, str], None]
) -> None:
    """Every finding goes to `funn(fil, regel, melding)`."""
    for r in tre.iter(f"{N5}registrering"):
        hvem = f"journalpost {(r.findtext(f'{N5}registreringsID') or '').strip()}"
        dokumenter = r.findall(f"{N5}dokumentbeskrivelse")
        roller = [(d.findtext(f"{N5}tilknyttetRegistreringSom") or "").strip() for d in dokumenter]
        nummer = [(d.findtext(f"{N5}dokumentnummer") or "").strip() for d in dokumenter]
        if dokumenter and roller.count("Hoveddokument") != 1:
            funn(
                "arkivstruktur.xml",
                "NOARK5-DOKUMENT",
                f"{hvem}: har {roller.count('Hoveddokument')} hoveddokumenter, skal ha ett.",
            )
        if dokumenter and roller[0] != "Hoveddokument":
            funn(
                "arkivstruktur.xml",
                "NOARK5-DOKUMENT",
                f"{hvem}: første dokument er ikke hoveddokumentet.",
            )
        for rolle in sorted(set(roller) - {"Hoveddokument", "Vedlegg"}):
            funn(
                "arkivstruktur.xml",
                "NOARK5-DOKUMENT",
                f"{hvem}: tilknyttetRegistreringSom «{rolle}» er verken «Hoveddokument» eller "
                "«Vedlegg».",
            )
        if nummer != [str(i) for i in range(1, len(nummer) + 1)]:
            funn(
                "arkivstruktur.xml",
                "NOARK5-DOKUMENT",
                f"{hvem}: dokumentnummer er {', '.join(nummer)}, skal være 1, 2, 3 … i rekkefølge.",
            )
        for d in dokumenter:
            if d.find(f"{N5}dokumentobjekt") is None:
                funn(
                    "arkivstruktur.xml",
                    "NOARK5-DOKUMENT",
                    f"{hvem}: dokumentet «{(d.findtext(f'{N5}tittel') or '').strip()}» har ikke "
                    "noe dokumentobjekt.",
                )
        oppgitt = r.findtext(f"{N5}antallVedlegg")
        if oppgitt is not None and oppgitt.strip() != str(roller.count("Vedlegg")):
            funn(
                "arkivstruktur.xml",
                "NOARK5-DOKUMENT",
                f"{hvem}: antallVedlegg sier {oppgitt.strip()}, journalposten har "
                f"{roller.count('Vedlegg')} vedlegg.",
            )
