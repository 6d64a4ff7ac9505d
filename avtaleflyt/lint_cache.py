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
from collections.abc import Set as AbstractSet
from dataclasses import asdict
from importlib.util import find_spec
from pathlib import Path

import pydantic

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

_NOT_CODE = {"__pycache__", "json"}
"""Bytecode, and the JSON Schemas `avtale schema` writes from the models (not read by the check)."""


def _files(root: Path, skip: AbstractSet[str] = frozenset()) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file()
        and not any(d.startswith(".") or d in skip for d in p.relative_to(root).parts[:-1])
        and not p.name.startswith(".")
    )


def digest(templates_dir: str | Path | None = None) -> str:
    """The key of a template check: the content of every template file, the name, size and
    modification time of every file of the checking code (as Python's own bytecode cache does),
    and the versions of the libraries that parse and model them."""
    h = hashlib.sha256()
    # Jinja2 is not imported for a cache hit: its package file (holding its version) stands in.
    spec = find_spec("jinja2")
    jinja2 = Path(spec.origin).stat() if spec is not None and spec.origin else None
    jinja2_id = f"{jinja2.st_size}/{jinja2.st_mtime_ns}" if jinja2 else "-"
    versions = (__version__, sys.version, pydantic.VERSION, jinja2_id)
    h.update("\0".join(versions).encode())
    root = Path(templates_dir) if templates_dir is not None else TEMPLATES_DIR
    for f in _files(root, {"__pycache__"}):
        h.update(f"\0templates/{f.relative_to(root).as_posix()}\0".encode())
        h.update(f.read_bytes())
    for base in _CODE:
        for f in _files(base, _NOT_CODE):
            st = f.stat()
            h.update(f"\0code/{f.as_posix()}\0{st.st_size}\0{st.st_mtime_ns}".encode())
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
