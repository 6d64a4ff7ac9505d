"""The default re-render for `verify`: the drafting area's `render_docx` with the archived templates.

An archived version is re-rendered from its own `avtale.json` and its own `maler/` snapshot, so a
template change years later does not make old versions look tampered with. The callback carries
the renderer's version (`gjengiverversjon`), so `verifiser` holds it to bytes only for documents
the same renderer version wrote and compares content across versions.
"""

from __future__ import annotations

import hashlib
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
        docx = render_docx(avtale, templates_dir=_malmappe(maler) if maler else None)
        return {f"dokumenter/{avtale.id}.docx": docx}


_MAPPER: dict[str, tempfile.TemporaryDirectory] = {}
_HOYST = 16
"""Template snapshots kept on disk at once (an archive has one per template version)."""


def _malmappe(maler: dict[str, bytes]) -> Path:
    """The archived templates written to a folder once per distinct snapshot (by the SHA-256 of
    every path and its bytes) and read by every version archived with them: writing and removing
    a folder per version cost more than the check around it, and one folder keeps one Jinja
    environment with its compiled templates. Rendering only reads the folder."""
    h = hashlib.sha256()
    for sti, data in sorted(maler.items()):
        h.update(sti.encode() + b"\0" + hashlib.sha256(data).digest())
    nokkel = h.hexdigest()
    mappe = _MAPPER.get(nokkel)
    if mappe is None:
        if len(_MAPPER) >= _HOYST:
            _MAPPER.pop(next(iter(_MAPPER))).cleanup()
        mappe = tempfile.TemporaryDirectory(prefix="avtaleflyt-maler-")
        for sti, data in maler.items():
            mal = Path(mappe.name) / sti
            mal.parent.mkdir(parents=True, exist_ok=True)
            mal.write_bytes(data)
        _MAPPER[nokkel] = mappe
    return Path(mappe.name)


def standard_gjengiver() -> StandardGjengiver:
    """The verify callback for the renderer installed now."""
    return StandardGjengiver(gjengiverversjon())
