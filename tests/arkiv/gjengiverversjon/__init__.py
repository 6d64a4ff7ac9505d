"""Frozen archived versions, one folder per renderer version, that every later renderer must
still verify: `avtale.json`, the templates as `maler.zip` and the .docx that renderer wrote.

Make the folder for the renderer installed now with `python -m tests.arkiv.gjengiverversjon`
(after bumping `RENDERER_VERSION`); never rewrite an existing folder.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

MAPPE = Path(__file__).parent
AVTALE = "gauldal-lonn-regnskap"


@dataclass(frozen=True)
class Fikstur:
    gjengiverversjon: str
    filer: dict[str, bytes]
    """The archived inputs as verify hands them to the renderer: avtale.json and maler/…"""
    docx: bytes


def mappenavn(versjon: str) -> str:
    return re.sub(r"[^A-Za-z0-9.]+", "-", versjon)


def fiksturer() -> list[Fikstur]:
    ut = []
    for d in sorted(p for p in MAPPE.iterdir() if (p / "meta.json").is_file()):
        with zipfile.ZipFile(d / "maler.zip") as z:
            maler = {f"maler/{n}": z.read(n) for n in z.namelist()}
        ut.append(
            Fikstur(
                json.loads((d / "meta.json").read_text(encoding="utf-8"))["gjengiverversjon"],
                {"avtale.json": (d / "avtale.json").read_bytes(), **maler},
                (d / "dokument.docx").read_bytes(),
            )
        )
    return ut


def lag() -> Path:
    """Write the folder for the installed renderer from the example agreement and templates."""
    from avtaleflyt import rendering
    from avtaleflyt.arkiv import mal_filer
    from avtaleflyt.paths import AGREEMENTS_DIR, TEMPLATES_DIR
    from avtaleflyt.validation import load_agreement

    versjon = rendering.gjengiverversjon()
    d = MAPPE / mappenavn(versjon)
    if d.exists():
        raise SystemExit(f"{d} finnes alt; en fikstur skrives aldri om")
    avtale = load_agreement(AGREEMENTS_DIR / AVTALE / "avtale.yaml")
    d.mkdir()
    (d / "avtale.json").write_bytes(rendering.canonical_json(avtale))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for sti, data in sorted(mal_filer(TEMPLATES_DIR).items()):
            info = zipfile.ZipInfo(sti.removeprefix("maler/"), date_time=(1980, 1, 1, 0, 0, 0))
            z.writestr(info, data, zipfile.ZIP_DEFLATED)
    (d / "maler.zip").write_bytes(buf.getvalue())
    (d / "dokument.docx").write_bytes(rendering.render_docx(avtale))
    (d / "meta.json").write_text(
        json.dumps({"gjengiverversjon": versjon, "avtale": AVTALE}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    return d
