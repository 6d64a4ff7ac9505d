"""The default re-render for `verify`: the drafting area's `render_docx` with the archived templates.

An archived version is re-rendered from its own `avtale.json` and its own `maler/` snapshot, so a
template change years later does not make old versions look tampered with. The callback carries
the renderer's version (`gjengiverversjon`), so `verifiser` holds it to bytes only for documents
the same renderer version wrote and compares content across versions.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from avtaleflyt.rendering import gjengiverversjon, render_docx
from schemas.avtale import AVTALE_ADAPTER


@dataclass(frozen=True)
class StandardGjengiver:
    """`render_docx` as a verify callback; `gjengiverversjon` is the version it renders with."""

    gjengiverversjon: str

    def __call__(self, filer: dict[str, bytes]) -> dict[str, bytes]:
        avtale = AVTALE_ADAPTER.validate_json(filer["avtale.json"])
        maler = {s.removeprefix("maler/"): d for s, d in filer.items() if s.startswith("maler/")}
        with tempfile.TemporaryDirectory(prefix="avtaleflyt-maler-") as d:
            for sti, data in maler.items():
                mal = Path(d) / sti
                mal.parent.mkdir(parents=True, exist_ok=True)
                mal.write_bytes(data)
            docx = render_docx(avtale, templates_dir=Path(d) if maler else None)
        return {f"dokumenter/{avtale.id}.docx": docx}


def standard_gjengiver() -> StandardGjengiver:
    """The verify callback for the renderer installed now."""
    return StandardGjengiver(gjengiverversjon())
