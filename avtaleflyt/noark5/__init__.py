"""Noark 5 arkivuttrekk of the cooperations a municipality takes part in (issue 15 item 5).

`lag_uttrekk(arkiv, ut, kommune=None) -> Resultat` writes `arkivstruktur.xml` (arkiv → arkivdel
→ a saksmappe per agreement → a journalpost per legal event → dokumentbeskrivelse →
dokumentobjekt with the PDF/A and the .docx, and each archived attachment as a «Vedlegg»),
`endringslogg.xml`, `arkivuttrekk.xml` (ADDML 8.3), the schemas and the documents, then checks
them (`kontroller(mappe) -> list[Finding]`: the schemas and Arkade's further checks). Read only
from the archive, through its read API.

Modules: `modell` (the mapping from the archive), `dokumenter` (a version's text and
attachments), `arkivstruktur` (arkivstruktur.xml and endringslogg.xml), `addml`
(arkivuttrekk.xml), `kontroll` and `kontroll_dokumenter` (the checks), `uttrekk` (the whole).
The mapping for an archivist: docs/noark5.md.
"""

from avtaleflyt.noark5.kontroll import kontroller
from avtaleflyt.noark5.uttrekk import Resultat, UttrekkFeil, lag_uttrekk

__all__ = ["Resultat", "UttrekkFeil", "kontroller", "lag_uttrekk"]
