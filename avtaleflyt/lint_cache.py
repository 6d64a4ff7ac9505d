"""Template check results kept between runs, so `avtale validate <one file>` stays fast.

`avtale validate` also checks the templates (a template that drops a mandatory clause makes every
document of its type unlawful), and parsing every template with Jinja2 is most of a cold validate's
time. The result depends only on the template files and on the code and rule catalogue that check
them, so it is stored under a digest of all of those: any edit to a template, to the schemas, to
the rules or to the checking code gives a new digest and a fresh check; nothing stale is reported.
The digest takes each file's name, size and modification time, as Python's own bytecode cache
does, and reads no file: a cache hit costs a cold `avtale validate` one `stat` per file.
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


def _stats(root: Path, skip: AbstractSet[str] = frozenset()) -> list[tuple[str, os.stat_result]]:
    """Every file under `root` (or `root` itself) as (path below `root`, its stat), sorted; hidden
    files and folders and the folders named in `skip` left out. `os.scandir`, not `Path.rglob`:
    this runs on every `avtale validate`, and pathlib's walk cost it several times as much."""
    if root.is_file():
        return [("", root.stat())]
    found: list[tuple[str, os.stat_result]] = []
    folders = [(str(root), "")]
    while folders:
        folder, below = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir():
                    if entry.name not in skip:
                        folders.append((entry.path, f"{below}{entry.name}/"))
                elif entry.is_file():
                    found.append((f"{below}{entry.name}", entry.stat()))
    return sorted(found, key=lambda item: item[0])


def _files(root: Path, skip: AbstractSet[str] = frozenset()) -> list[Path]:
    """The files `_stats` finds, as paths."""
    return [root / name if name else root for name, _ in _stats(root, skip)]


def digest(templates_dir: str | Path | None = None) -> str:
    """The key of a template check: the name, size and modification time of every template file
    and of every file of the checking code, and the versions of the libraries that parse and
    model them."""
    h = hashlib.sha256()
    # Jinja2 is not imported for a cache hit: its package file (holding its version) stands in.
    spec = find_spec("jinja2")
    jinja2 = Path(spec.origin).stat() if spec is not None and spec.origin else None
    jinja2_id = f"{jinja2.st_size}/{jinja2.st_mtime_ns}" if jinja2 else "-"
    versions = (__version__, sys.version, pydantic.VERSION, jinja2_id)
    h.update("\0".join(versions).encode())
    root = Path(templates_dir) if templates_dir is not None else TEMPLATES_DIR
    for name, st in _stats(root, {"__pycache__"}):
        h.update(f"\0templates/{name}\0{st.st_size}\0{st.st_mtime_ns}".encode())
    for base in _CODE:
        for name, st in _stats(base, _NOT_CODE):
            h.update(f"\0code/{base.as_posix()}/{name}\0{st.st_size}\0{st.st_mtime_ns}".encode())
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
