"""Template check results kept between runs, so `avtale validate <one file>` stays fast.

`avtale validate` also checks the templates (a template that drops a mandatory clause makes every
document of its type unlawful), and parsing every template with Jinja2 is most of a cold validate's
time. The result depends only on the template files and on the code and rule catalogue that check
them, so it is stored under a digest of all of those: any edit to a template, to the schemas, to
the rules or to the checking code gives a new digest and a fresh check; nothing stale is reported.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import asdict
from importlib import metadata
from pathlib import Path

import schemas
from avtaleflyt import __version__
from avtaleflyt.findings import Finding
from avtaleflyt.paths import TEMPLATES_DIR, cache_dir

_CODE = (
    Path(__file__).parent / "rendering",
    Path(__file__).parent / "findings.py",
    Path(schemas.__file__).parent,
)
"""What decides a template check besides the templates: the checker, the models, the catalogue."""


def _files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file()
        and not any(d.startswith(".") or d == "__pycache__" for d in p.relative_to(root).parts)
    )


def digest(templates_dir: str | Path | None = None) -> str:
    """The key of a template check: every template file and every file of the checking code, with
    the versions of the libraries that parse and model them."""
    h = hashlib.sha256()
    versions = (__version__, sys.version, metadata.version("jinja2"), metadata.version("pydantic"))
    h.update("\0".join(versions).encode())
    root = Path(templates_dir) if templates_dir is not None else TEMPLATES_DIR
    for label, base in (("templates", root), *(("code", c) for c in _CODE)):
        for f in _files(base):
            name = f.relative_to(base).as_posix() if base.is_dir() else base.name
            h.update(f"\0{label}/{name}\0".encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def lint_templates(templates_dir: str | Path | None = None) -> list[Finding]:
    """`avtaleflyt.rendering.lint_templates`, from the cache when nothing it depends on changed."""
    path = cache_dir() / f"malkontroll-{digest(templates_dir)}.json"
    try:
        return [Finding(**d) for d in json.loads(path.read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError):
        pass
    # Jinja2 and the renderer cost a cold validate more than everything else: only on a cache miss.
    from avtaleflyt.rendering import lint as checker

    findings = checker.lint_templates(templates_dir)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(
            json.dumps([asdict(f) for f in findings], ensure_ascii=False), encoding="utf-8"
        )
        os.replace(tmp, path)
    except OSError:
        pass  # an unwritable cache only costs speed
    return findings
