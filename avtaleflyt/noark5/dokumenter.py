"""A version's documents as Noark 5 dokumentbeskrivelser: the agreement text (the PDF/A in
arkivformat and the .docx in produksjonsformat, «Hoveddokument») and each attachment the archive
kept with the version (`<id>/vedlegg/<fil>`, listed in the MANIFEST's `vedlegg`), one «Vedlegg»
each, numbered as the agreement lists them.

An attachment is taken as archived: its bytes from the version's last event, its title and order
from that MANIFEST. Its format is what the file is, never more: a Markdown or text file is plain
UTF-8 text and stands as produksjonsformat, since avtaleflyt cannot confirm that a depot takes it
as an arkivformat (docs/noark5.md); only a PDF that is PDF/A-2b by content is an arkivformat.
«Vedtak i deltakerkommunene» is not taken (docs/noark5.md says why).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import PurePosixPath

from avtaleflyt.revisjon import Leser, Versjonsinfo
from schemas.avtale import Avtale

HOVEDDOKUMENT = "Hoveddokument"
VEDLEGG = "Vedlegg"
"""Noark 5 M217 tilknyttetRegistreringSom."""


@dataclass(frozen=True)
class Dokumentfil:
    """One dokumentobjekt: a file of the uttrekk with its format."""

    sti: str
    """Path inside the uttrekk (`dokumenter/<avtale-id>/v<N>/<fil>`)."""
    data: bytes
    format: str
    """PRONOM code (Noark 5 M701): fmt/477 for PDF/A-2b, fmt/412 for .docx."""
    formatdetaljer: str
    variantformat: str
    """«Arkivformat» (the PDF/A) or «Produksjonsformat» (the .docx, an attachment's text)."""
    konvertert: dt.datetime | None = None
    """When the PDF/A was made from the .docx (its own XMP CreateDate), for `konvertering`."""
    verktoy: str = ""
    merknad: str = ""
    konvertert_fra: str | None = "fmt/412"
    """The format an arkivformat was converted from (None: it was received in that format)."""

    @property
    def sjekksum(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class Dokument:
    """One dokumentbeskrivelse: the text of one version of the agreement, or one attachment."""

    tittel: str
    versjon: int
    filer: list[Dokumentfil]
    rolle: str = HOVEDDOKUMENT
    nummer: int = 1
    """dokumentnummer on the journalpost: 1 for the text, 2, 3 … for the attachments."""
    dokumenttype: str = "Avtale"
    beskrivelse: str = ""


_TEKSTFORMAT = {
    ".md": ("fmt/1149", "Markdown, ren tekst i UTF-8"),
    ".txt": ("x-fmt/111", "Ren tekst, UTF-8"),
}
"""Attachment formats avtaleflyt names by the file's ending (PRONOM codes)."""

_ART = {
    "databehandleravtale": "Databehandleravtale",
    "delegeringsvedtak": "Delegeringsvedtak",
    "tjenestebeskrivelse": "Tjenestebeskrivelse",
    "ansatteliste": "Ansatteliste",
}
"""The agreement's attachment art as dokumenttype (M083); «annet» and unknown are «Vedlegg»."""


def les_tekst(
    leser: Leser, avtale_id: str, v: Versjonsinfo, avtale: Avtale, mangler: list[str]
) -> Dokument:
    """The version's archived documents: the PDF/A and the .docx it was made from."""
    ved = v.siste.commit
    manifest = json.loads(leser.fil(ved, f"{avtale_id}/MANIFEST.json"))
    stier = {o["referanseDokumentfil"] for o in manifest["dokumentobjekter"]}
    mappe = f"dokumenter/{avtale_id}/v{v.versjon}"
    filer: list[Dokumentfil] = []
    docx_sti, pdf_sti = f"dokumenter/{avtale_id}.docx", f"dokumenter/{avtale_id}.pdf"
    docx = leser.fil(ved, f"{avtale_id}/{docx_sti}") if docx_sti in stier else None
    if pdf_sti in stier:
        pdf = leser.fil(ved, f"{avtale_id}/{pdf_sti}")
        filer.append(_pdf_fil(f"{mappe}/{avtale_id}.pdf", pdf, "Arkivert sammen med .docx."))
    elif docx is not None:
        laget = _pdf_na(docx)
        if laget is not None:
            filer.append(
                _pdf_fil(
                    f"{mappe}/{avtale_id}.pdf",
                    laget,
                    "Laget ved uttrekket fra arkivert .docx; arkivet har ingen PDF/A av versjonen.",
                )
            )
        else:
            mangler.append(
                f"{avtale_id} versjon {v.versjon}: arkivet har ingen PDF/A, og LibreOffice finnes "
                "ikke her; uttrekket har bare .docx (produksjonsformat) for versjonen"
            )
    if docx is not None:
        filer.append(
            Dokumentfil(
                f"{mappe}/{avtale_id}.docx",
                docx,
                "fmt/412",
                "Office Open XML (Microsoft Word .docx)",
                "Produksjonsformat",
            )
        )
    return Dokument(f"{avtale.tittel}, versjon {v.versjon}", v.versjon, filer)


def les_vedlegg(
    leser: Leser, avtale_id: str, v: Versjonsinfo, avtale: Avtale, mangler: list[str]
) -> list[Dokument]:
    """The attachments archived with the version's last event, in the agreement's order ([] for
    a version without attachments and for events archived before attachments were kept). A file
    the MANIFEST lists but the commit lacks, or whose SHA-256 is not the one the agreement data
    states, is left out or kept as archived and said in `mangler` (`avtale verify` finds both)."""
    ved = v.siste.commit
    manifest = json.loads(leser.fil(ved, f"{avtale_id}/MANIFEST.json"))
    objekter = {o["referanseDokumentfil"] for o in manifest["dokumentobjekter"]}
    ut: list[Dokument] = []
    for i, x in enumerate(manifest.get("vedlegg") or [], start=1):
        ref = str(x.get("referanseDokumentfil") or "")
        hvor = f"{avtale_id} versjon {v.versjon}, vedlegg {i} ({ref})"
        if ref not in objekter:
            mangler.append(f"{hvor}: filen er ikke arkivert med versjonen og er ikke i uttrekket")
            continue
        data = leser.fil(ved, f"{avtale_id}/{ref}")
        if hashlib.sha256(data).hexdigest() != x.get("sjekksum"):
            mangler.append(
                f"{hvor}: SHA-256 er ikke den avtaledataene oppgir; filen er tatt med slik den er "
                "arkivert (kjør avtale verify)"
            )
        navn = PurePosixPath(ref).name
        sti = f"dokumenter/{avtale_id}/v{v.versjon}/vedlegg/{navn}"
        ut.append(
            Dokument(
                tittel=str(x.get("tittel") or navn),
                versjon=v.versjon,
                filer=[_vedleggsfil(sti, data)],
                rolle=VEDLEGG,
                nummer=len(ut) + 2,
                dokumenttype=_ART.get(str(x.get("art")), "Vedlegg"),
                beskrivelse=(
                    f"Vedlegg {i} til {avtale.tittel}, versjon {v.versjon}. Filen og SHA-256 står "
                    "i avtaledataene som avtale-hashen i vedtakene er regnet av."
                ),
            )
        )
    uten = [f"«{d.tittel}»" for d in ut if all(f.variantformat != "Arkivformat" for f in d.filer)]
    if uten:
        hvilke = " og ".join([", ".join(uten[:-1]), uten[-1]] if len(uten) > 1 else uten)
        mangler.append(
            f"{avtale_id} versjon {v.versjon}: "
            + (f"vedlegget {hvilke} står" if len(uten) == 1 else f"vedleggene {hvilke} står")
            + " bare i produksjonsformat (ren tekst/Markdown); avtaleflyt bekrefter ikke at "
            "depotet tar det som arkivformat (se docs/noark5.md)"
        )
    return ut


def _vedleggsfil(sti: str, data: bytes) -> Dokumentfil:
    """An attachment's one dokumentobjekt, in the format the file is in."""
    endelse = PurePosixPath(sti).suffix.lower()
    if endelse == ".pdf" and _pdfa().er_pdfa_2b(data):
        detaljer = "PDF/A-2b (ISO 19005-2, nivå B)"
        return Dokumentfil(sti, data, "fmt/477", detaljer, "Arkivformat", konvertert_fra=None)
    fmt, detaljer = _TEKSTFORMAT.get(
        endelse, (endelse.lstrip(".") or "ukjent", f"Ikke identifisert av avtaleflyt ({endelse})")
    )
    return Dokumentfil(sti, data, fmt, detaljer, "Produksjonsformat", konvertert_fra=None)


def _pdfa():
    from avtaleflyt.rendering import pdfa  # deferred: the rendering package pulls docx and jinja2

    return pdfa


def _pdf_na(docx: bytes) -> bytes | None:
    pdfa = _pdfa()
    try:
        return pdfa.lag_pdfa({"dokument.docx": docx}).get("dokument.pdf")
    except pdfa.PdfaFeil:
        return None


def _pdf_fil(sti: str, pdf: bytes, merknad: str) -> Dokumentfil:
    pdfa = _pdfa()
    laget = pdfa.laget(pdf)
    try:
        konvertert = dt.datetime.fromisoformat(laget.replace("Z", "+00:00")) if laget else None
    except ValueError:
        konvertert = None
    return Dokumentfil(
        sti,
        pdf,
        "fmt/477",
        "PDF/A-2b (ISO 19005-2, nivå B)",
        "Arkivformat",
        konvertert=konvertert,
        verktoy=pdfa.produsent(pdf),
        merknad=merknad,
    )
