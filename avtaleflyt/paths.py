"""Where the project's own files live, so commands work from any working directory, from a checkout
and from an installed wheel alike.

`templates/`, `agreements/` and `data/` sit at the top of the repository. The build ships them as
the resource packages `avtaleflyt_resources.templates`, `.agreements` and `.data` (setup.py maps
them), so the import system knows their folder: the checkout's own folder in an editable install,
the copy in site-packages in a wheel. Both are real folders, which Jinja2, the archive's template
snapshot and the demo's copy of the examples need. The folder comes from the package's import spec
rather than `importlib.resources.files`: on Python 3.11 the latter rejects the placeholder entry
setuptools' editable finder puts in a namespace package's path.
"""

from __future__ import annotations

import os
from importlib.util import find_spec
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
"""The folder holding the top-level packages: the checkout, or site-packages for a wheel."""


def _ressursmappe(pakke: str, navn: str) -> Path:
    """The folder of a resource package; with the source tree merely on sys.path (not installed),
    the repository folder of that name."""
    try:
        spec = find_spec(pakke)
    except ModuleNotFoundError:
        spec = None
    for sted in (spec.submodule_search_locations or []) if spec is not None else []:
        if Path(sted).is_dir():
            return Path(sted)
    return PROJECT_ROOT / navn


TEMPLATES_DIR = _ressursmappe("avtaleflyt_resources.templates", "templates")
"""Jinja2 templates, `referanse.docx` and `VERSJON`."""
AGREEMENTS_DIR = _ressursmappe("avtaleflyt_resources.agreements", "agreements")
"""The example agreements that ship with avtaleflyt (the Gauldal cooperation)."""
DATA_DIR = _ressursmappe("avtaleflyt_resources.data", "data")
"""Reference data: `befolkning.csv`."""

_KILDETRE = (
    PROJECT_ROOT / "pyproject.toml"
).is_file() and AGREEMENTS_DIR == PROJECT_ROOT / "agreements"
"""Running from a checkout, where the repository's own `agreements/` is the working folder."""


def eksempelavtaler() -> Path:
    """The shipped example agreements (read them, copy them; never write into them)."""
    return AGREEMENTS_DIR


def agreements_dir() -> Path:
    """Agreement folder: `AVTALE_AVTALER`; else, working inside a checkout, the repository's
    `agreements/`; else `./agreements`. A lawyer working in her own folder writes there, never
    into the checkout or an installed package's examples."""
    if "AVTALE_AVTALER" in os.environ:
        return Path(os.environ["AVTALE_AVTALER"])
    if _KILDETRE and Path.cwd().resolve().is_relative_to(PROJECT_ROOT):
        return AGREEMENTS_DIR
    return Path("agreements")


def cache_dir() -> Path:
    """Results worth keeping between runs (see avtaleflyt.lint_cache): `AVTALE_CACHE`, else the
    user's cache folder (`%LOCALAPPDATA%` on Windows, `$XDG_CACHE_HOME` or `~/.cache` elsewhere)."""
    if "AVTALE_CACHE" in os.environ:
        return Path(os.environ["AVTALE_CACHE"])
    base = os.environ.get("LOCALAPPDATA") if os.name == "nt" else os.environ.get("XDG_CACHE_HOME")
    return Path(base or Path.home() / ".cache") / "avtaleflyt"


def archive_dir(explicit: str | os.PathLike | None = None) -> Path:
    """Archive repository: `--arkiv`, else `AVTALE_ARKIV`, else `./arkiv`."""
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("AVTALE_ARKIV", "arkiv"))
