"""Drafting: agreement data + Jinja2 templates → document model → .docx, Markdown and HTML."""

from avtaleflyt.rendering.api import (
    FORMATS,
    RenderResult,
    build_document,
    render_agreement,
    render_docx,
    render_html,
    render_markdown,
)
from avtaleflyt.rendering.canonical import avtale_hash, canonical_json
from avtaleflyt.rendering.gjengiver import gjengiverversjon
from avtaleflyt.rendering.lint import lint_templates
from avtaleflyt.rendering.template_files import RenderError, template_version

__all__ = [
    "FORMATS",
    "RenderError",
    "RenderResult",
    "avtale_hash",
    "build_document",
    "canonical_json",
    "gjengiverversjon",
    "lint_templates",
    "render_agreement",
    "render_docx",
    "render_html",
    "render_markdown",
    "template_version",
]
