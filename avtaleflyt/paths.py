"""Where the project's own data lives, so commands work from any working directory."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
TEMPLATES_DIR = PROJECT_ROOT / "templates"
AGREEMENTS_DIR = PROJECT_ROOT / "agreements"
DATA_DIR = PROJECT_ROOT / "data"


def agreements_dir() -> Path:
    """Agreement folder: `AVTALE_AVTALER` overrides the project's own `agreements/`."""
    return Path(os.environ.get("AVTALE_AVTALER", AGREEMENTS_DIR))


def archive_dir(explicit: str | os.PathLike | None = None) -> Path:
    """Archive repository: `--arkiv`, else `AVTALE_ARKIV`, else `./arkiv`."""
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("AVTALE_ARKIV", "arkiv"))
