"""An agreement's Word document in a municipality's own profile (`avtale render --profil FIL`).

The profile is a choice of the municipality that prints the document, not a term of the
agreement: the parties may each file the same agreement on their own letterhead, so the profile
is not in the agreement data and not in the avtale-hash. The archived and verified .docx is the
one on our reference document (`render_docx`); a profile copy has the same text, numbering and
tables, and its core properties carry the same avtale-hash.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from avtaleflyt.rendering.api import build_document, document_meta
from avtaleflyt.rendering.docx_writer import DocxError, write_docx
from avtaleflyt.rendering.template_files import REFERENCE_DOCX, RenderError, resolve_dir


def render_docx_med_profil(
    avtale: Any, profil: str | Path, templates_dir: str | Path | None = None
) -> bytes:
    """The .docx bytes on `profil` (.docx or .dotx); reproducible for the same profile file."""
    doc = build_document(avtale, templates_dir)
    meta = document_meta(avtale, templates_dir)
    try:
        return write_docx(doc, meta, resolve_dir(templates_dir) / REFERENCE_DOCX, Path(profil))
    except DocxError as exc:
        raise RenderError(f"{avtale.id}: {exc}") from None
