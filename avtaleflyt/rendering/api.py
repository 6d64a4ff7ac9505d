"""The drafting area's public functions: agreement data → .docx / .md / .html."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from avtaleflyt.rendering.canonical import avtale_hash
from avtaleflyt.rendering.document import Document, MarkupError, parse
from avtaleflyt.rendering.docx_writer import DocumentMeta, DocxError, write_docx
from avtaleflyt.rendering.gjengiver import gjengiverversjon
from avtaleflyt.rendering.template_files import (
    REFERENCE_DOCX,
    RenderError,
    resolve_dir,
    template_id,
    template_version,
)
from avtaleflyt.rendering.templating import render_markup
from avtaleflyt.rendering.text_writers import to_html, to_markdown
from schemas.avtale import TYPE_NAVN

FORMATS = ("docx", "md", "html")


@dataclass(frozen=True)
class RenderResult:
    paths: dict[str, Path]
    avtale_hash: str


def build_document(avtale: Any, templates_dir: str | Path | None = None) -> Document:
    """Template output parsed into the document model all three formats are written from."""
    markup = render_markup(avtale, templates_dir)
    try:
        return parse(markup, template_id(avtale.type))
    except MarkupError as exc:
        raise RenderError(str(exc)) from None


def document_meta(avtale: Any, templates_dir: str | Path | None = None) -> DocumentMeta:
    version = template_version(templates_dir)
    digest = avtale_hash(avtale, templates_dir)
    return DocumentMeta(
        avtale_id=avtale.id,
        title=avtale.tittel,
        subject=TYPE_NAVN.get(avtale.type, avtale.type),
        version=avtale.versjon,
        date_iso=avtale.versjonsdato.isoformat() if avtale.versjonsdato else "",
        avtale_hash=digest,
        template_version=version,
        keywords=(
            f"interkommunalt samarbeid; {avtale.type}; {avtale.id}; versjon {avtale.versjon}; "
            f"malversjon {version}; gjengiverversjon {gjengiverversjon()}"
        ),
    )


def _footer_text(meta: DocumentMeta) -> str:
    return (
        f"{meta.avtale_id} · versjon {meta.version}{f' ({meta.date_iso})' if meta.date_iso else ''} · "
        f"malversjon {meta.template_version} · "
        f"avtale-hash (SHA-256) {meta.avtale_hash}"
    )


def render_docx(avtale: Any, templates_dir: str | Path | None = None) -> bytes:
    doc = build_document(avtale, templates_dir)
    meta = document_meta(avtale, templates_dir)
    try:
        return write_docx(doc, meta, resolve_dir(templates_dir) / REFERENCE_DOCX)
    except DocxError as exc:
        raise RenderError(f"{avtale.id}: {exc}") from None


def render_markdown(avtale: Any, templates_dir: str | Path | None = None) -> str:
    return to_markdown(
        build_document(avtale, templates_dir), _footer_text(document_meta(avtale, templates_dir))
    )


def render_html(avtale: Any, templates_dir: str | Path | None = None) -> str:
    return to_html(
        build_document(avtale, templates_dir), _footer_text(document_meta(avtale, templates_dir))
    )


def render_agreement(
    avtale: Any,
    formats: Iterable[str] = FORMATS,
    out_dir: str | Path = ".",
    templates_dir: str | Path | None = None,
) -> RenderResult:
    """Write `<id>.docx|md|html` into `out_dir`; one template run serves every format."""
    wanted = list(dict.fromkeys(formats))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise RenderError(f"ukjent format {', '.join(unknown)}; tillatt er {', '.join(FORMATS)}")
    doc = build_document(avtale, templates_dir)
    meta = document_meta(avtale, templates_dir)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for fmt in wanted:
        target = out / f"{avtale.id}.{fmt}"
        if fmt == "docx":
            try:
                target.write_bytes(
                    write_docx(doc, meta, resolve_dir(templates_dir) / REFERENCE_DOCX)
                )
            except DocxError as exc:
                raise RenderError(f"{avtale.id}: {exc}") from None
        elif fmt == "md":
            target.write_text(to_markdown(doc, _footer_text(meta)), encoding="utf-8", newline="\n")
        else:
            target.write_text(to_html(doc, _footer_text(meta)), encoding="utf-8", newline="\n")
        paths[fmt] = target
    return RenderResult(paths, meta.avtale_hash)
