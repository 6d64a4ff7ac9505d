"""Which files make up the templates, and the template version derived from them.

Apart from Jinja2 on purpose: the avtale-hash binds a decision to the template id and version, and
hashing an agreement must not need the template engine (nor import the module that runs it).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from avtaleflyt.paths import TEMPLATES_DIR

VERSION_FILE = "VERSJON"
AGREEMENT_DIR = "avtaler"
TEMPLATE_SUFFIX = ".j2"
REFERENCE_DOCX = "referanse.docx"


class RenderError(Exception):
    """Rendering failed; the message says in Norwegian what, where and why."""


def resolve_dir(templates_dir: str | Path | None) -> Path:
    return Path(templates_dir) if templates_dir is not None else TEMPLATES_DIR


def template_id(avtale_type: str) -> str:
    """The template an agreement type is drafted from, as a path inside the templates folder."""
    return f"{AGREEMENT_DIR}/{avtale_type}{TEMPLATE_SUFFIX}"


RENDERED_SUFFIXES = {".j2", ".docx"}
"""What the renderer reads: templates and the reference document. A README edit must not change
every avtale-hash, so documentation and the script that builds referanse.docx stay outside."""


def _template_files(root: Path) -> list[Path]:
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file()
        and "__pycache__" not in p.parts
        and (p.suffix in RENDERED_SUFFIXES or p.name == VERSION_FILE)
    )


_VERSIONS: dict[tuple, str] = {}


def template_version(templates_dir: str | Path | None = None) -> str:
    """Declared version + short digest of every template file: an undeclared edit changes it.

    Cached per folder on the files' names, sizes and modification times, so a long-running
    process does not re-hash unchanged templates for every document.
    """
    root = resolve_dir(templates_dir)
    files = _template_files(root)
    key = (
        str(root.resolve()),
        *((str(p), st.st_size, st.st_mtime_ns) for p in files for st in [p.stat()]),
    )
    cached = _VERSIONS.get(key)
    if cached is None:
        cached = _VERSIONS[key] = _compute_version(root, files)
    return cached


def _compute_version(root: Path, files: list[Path]) -> str:
    try:
        declared = (root / VERSION_FILE).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise RenderError(
            f"{root / VERSION_FILE}: malversjonen mangler; filen VERSJON må finnes"
        ) from None
    digest = hashlib.sha256()
    for path in files:
        rel = path.relative_to(root).as_posix().encode()
        data = path.read_bytes()
        digest.update(len(rel).to_bytes(4, "big") + rel + len(data).to_bytes(8, "big") + data)
    return f"{declared}+{digest.hexdigest()[:12]}"
