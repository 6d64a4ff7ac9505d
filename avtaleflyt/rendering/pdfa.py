"""PDF/A-2b for the archive: the .docx converted by LibreOffice, archived beside it.

A .docx is not an archival format (Arkivverket's list for deposit names PDF/A); the .docx stays the
byte-reproducible source that `verify` renders again, and the PDF/A is its archival rendering. The
PDF is not byte-reproducible (LibreOffice writes the clock into it), so an event's PDF is made
once, when the version is first archived, and every later event of that version reuses the
archived bytes; `verify` checks its checksum against the MANIFEST and never renders it again.

Cost: a LibreOffice start takes seconds, so all documents are converted in one `soffice` call, with
a profile folder of this process's own (parallel processes never share one, which LibreOffice
cannot do) that is reused within the process (a fresh profile costs another second or two).
Results are kept in the cache folder under the SHA-256 of the .docx and the LibreOffice build, so
the same bytes are never converted twice on one machine (the test suite and the demo render the
same examples again and again).

Without LibreOffice (`soffice` not on PATH and `AVTALE_SOFFICE` not set) `lag_pdfa` returns no
PDF and `mangler_grunn()` says why; the archive then holds the .docx, .md and .html only and
`avtale verify` names every version without PDF/A. `AVTALE_PDFA=nei` turns the conversion off on
purpose (benchmarks), with the same result.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from avtaleflyt.paths import cache_dir

PDFA = "PDF/A-2b"
"""What the archive stores: ISO 19005-2, level B (visual appearance)."""

FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
"""LibreOffice's PDF export with PDF/A-2 selected (JSON filter options, LibreOffice 7.4 or newer)."""

TIDSGRENSE = 300
"""Seconds one soffice call may take (nine agreements take about five on two cores)."""

_PDFAID = re.compile(rb"pdfaid:part(?:>|=\")\s*2\b")
_NIVA = re.compile(rb"pdfaid:conformance(?:>|=\")\s*B\b")
_PRODUSENT = re.compile(rb"<pdf:Producer>([^<]{1,200})</pdf:Producer>")
_LAGET = re.compile(rb"<xmp:CreateDate>([0-9T:+Z.-]{10,40})</xmp:CreateDate>")


class PdfaFeil(RuntimeError):
    """LibreOffice ran but gave no PDF/A-2b (message in Norwegian, with LibreOffice's output)."""


def soffice() -> str | None:
    """The LibreOffice program to run: `AVTALE_SOFFICE`, else `soffice` on PATH; None when absent
    or when `AVTALE_PDFA=nei` turns PDF/A off."""
    if os.environ.get("AVTALE_PDFA", "").strip().lower() in ("nei", "0", "av", "false"):
        return None
    valgt = os.environ.get("AVTALE_SOFFICE") or "soffice"
    return shutil.which(valgt)


def mangler_grunn() -> str:
    """Why no PDF/A is made here, in words for the clerk ("" when it is)."""
    if os.environ.get("AVTALE_PDFA", "").strip().lower() in ("nei", "0", "av", "false"):
        return "PDF/A er slått av (AVTALE_PDFA=nei)"
    if soffice() is None:
        valgt = os.environ.get("AVTALE_SOFFICE") or "soffice"
        return f"LibreOffice («{valgt}») finnes ikke på denne maskinen"
    return ""


def produsent(pdf: bytes) -> str:
    """The program that wrote the PDF, as its XMP metadata names it («LibreOffice 7.4»), or ""."""
    treff = _PRODUSENT.search(pdf)
    return treff.group(1).decode("utf-8", "replace").strip() if treff else ""


def laget(pdf: bytes) -> str:
    """When the PDF was written, as its XMP metadata says (ISO 8601), or ""."""
    treff = _LAGET.search(pdf)
    return treff.group(1).decode("ascii", "replace").strip() if treff else ""


def er_pdfa_2b(pdf: bytes) -> bool:
    """The cheap check made on every conversion: a PDF whose XMP metadata says PDF/A-2, level B.
    The full check (fonts embedded, output intent, no encryption) is in the tests (pikepdf)."""
    return pdf.startswith(b"%PDF-") and bool(_PDFAID.search(pdf)) and bool(_NIVA.search(pdf))


_las = threading.Lock()
_profil: Path | None = None


def _profilmappe() -> Path:
    """This process's LibreOffice profile, made on first use and removed at exit."""
    global _profil
    if _profil is None:
        _profil = Path(tempfile.mkdtemp(prefix="avtaleflyt-lo-"))
        atexit.register(shutil.rmtree, _profil, True)
    return _profil


def _nokkel(program: str, docx: bytes) -> str:
    ekte = Path(program).resolve()
    try:
        bygg = f"{ekte}:{ekte.stat().st_mtime_ns}"
    except OSError:
        bygg = str(ekte)
    return hashlib.sha256(bygg.encode() + b"\0" + docx).hexdigest()


def _fra_mellomlager(nokkel: str) -> bytes | None:
    try:
        data = (cache_dir() / "pdfa" / f"{nokkel}.pdf").read_bytes()
    except OSError:
        return None
    return data if er_pdfa_2b(data) else None


def _til_mellomlager(nokkel: str, data: bytes) -> None:
    mappe = cache_dir() / "pdfa"
    try:
        mappe.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=mappe, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, mappe / f"{nokkel}.pdf")
    except OSError:  # a read-only or full cache only costs the next conversion
        pass


def lag_pdfa(dokumenter: dict[str, bytes]) -> dict[str, bytes]:
    """PDF/A-2b of each .docx: `{"dokumenter/x.docx": bytes}` -> `{"dokumenter/x.pdf": bytes}`.

    One soffice call converts every document not already in the cache. Returns {} when
    LibreOffice is not available (see `mangler_grunn`); raises `PdfaFeil` when it ran and
    gave no PDF/A-2b for a document."""
    program = soffice()
    if program is None or not dokumenter:
        return {}
    ut: dict[str, bytes] = {}
    mangler: dict[str, tuple[str, bytes]] = {}
    for sti, docx in sorted(dokumenter.items()):
        pdf_sti = str(Path(sti).with_suffix(".pdf"))
        nokkel = _nokkel(program, docx)
        funnet = _fra_mellomlager(nokkel)
        if funnet is not None:
            ut[pdf_sti] = funnet
        else:
            mangler[pdf_sti] = (nokkel, docx)
    if mangler:
        for pdf_sti, data in _konverter(program, {s: d for s, (_, d) in mangler.items()}).items():
            _til_mellomlager(mangler[pdf_sti][0], data)
            ut[pdf_sti] = data
    return ut


def _konverter(program: str, dokumenter: dict[str, bytes]) -> dict[str, bytes]:
    """Run soffice once over the documents (target path -> .docx bytes); same-named files from
    different folders go to numbered subfolders so none overwrites another."""
    with _las, tempfile.TemporaryDirectory(prefix="avtaleflyt-pdfa-") as d:
        inn, ut = Path(d) / "inn", Path(d) / "ut"
        filer: dict[str, Path] = {}
        for i, (pdf_sti, docx) in enumerate(sorted(dokumenter.items())):
            kilde = inn / f"{i:04d}.docx"
            kilde.parent.mkdir(parents=True, exist_ok=True)
            kilde.write_bytes(docx)
            filer[pdf_sti] = ut / f"{i:04d}.pdf"
        kommando = [
            program,
            f"-env:UserInstallation={_profilmappe().as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            FILTER,
            "--outdir",
            str(ut),
            *(str(inn / f"{i:04d}.docx") for i in range(len(filer))),
        ]
        try:
            proc = subprocess.run(
                kommando, capture_output=True, text=True, timeout=TIDSGRENSE, check=False
            )
        except subprocess.TimeoutExpired:
            raise PdfaFeil(
                f"LibreOffice brukte mer enn {TIDSGRENSE} s på {len(filer)} dokument(er); "
                "ingen PDF/A er laget."
            ) from None
        svar: dict[str, bytes] = {}
        for pdf_sti, fil in filer.items():
            data = fil.read_bytes() if fil.is_file() else b""
            if not er_pdfa_2b(data):
                melding = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
                raise PdfaFeil(
                    f"LibreOffice ga ingen {PDFA} for {pdf_sti} (avslutningskode "
                    f"{proc.returncode}): {' / '.join(melding) or 'ingen melding'}. "
                    "PDF/A krever LibreOffice 7.4 eller nyere."
                )
            svar[pdf_sti] = data
        return svar
