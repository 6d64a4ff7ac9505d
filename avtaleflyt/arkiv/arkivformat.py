"""Which archived events hold their text without its archival format (PDF/A-2b beside the .docx).

An event archived where LibreOffice was missing (or `AVTALE_PDFA=nei`) holds the .docx, .md and
.html only. That is no tampering — the .docx is the byte-reproducible source and every file is
still checked against the MANIFEST — so `avtale verify` names these events as a note
(«merknad»), not as a finding, and its exit code does not change. The PDF of an event that has
one is checked like every other file (SHA-256 and size against the MANIFEST) but never rendered
again: LibreOffice does not write the same bytes twice.
"""

from __future__ import annotations

import json
from pathlib import Path

from avtaleflyt.arkiv import gitlag, les
from avtaleflyt.arkiv.hendelse import MANIFEST


def uten_pdfa(arkiv: str | Path, avtale_id: str | None = None, *, maks: int = 20) -> list[str]:
    """One Norwegian line per agreement version whose archived events lack the PDF/A of a .docx,
    naming the events, in archive order; past `maks` versions one line says how many more (an
    archive written without LibreOffice would otherwise print a line per version)."""
    mangler: dict[tuple[str, int], list[str]] = {}
    with gitlag.apne(arkiv) as repo:
        for e in les.hendelser(repo, avtale_id):
            if not e.er_gyldig() or e.avtale_id is None or e.versjon is None:
                continue
            try:
                # rev:path through the persistent cat-file --batch: no process per event
                _, _, _, data = repo.git.get_object_data(f"{e.commit}:{e.avtale_id}/{MANIFEST}")
                doc = json.loads(data)
                stier = {o["referanseDokumentfil"] for o in doc["dokumentobjekter"]}
            except (KeyError, ValueError, TypeError):  # a broken manifest is verify's finding
                continue
            if any(
                s.startswith("dokumenter/") and s.endswith(".docx") and s[:-5] + ".pdf" not in stier
                for s in stier
            ):
                mangler.setdefault((e.avtale_id, e.versjon), []).append(e.hendelse or "?")
    linjer = [
        f"{a} versjon {v}: arkivert uten PDF/A ({', '.join(h)}); .docx er kilden og er "
        "kontrollert, men arkivformatet mangler (LibreOffice fantes ikke eller var slått av da "
        "hendelsen ble arkivert; neste hendelse for versjonen får PDF/A)"
        for (a, v), h in mangler.items()
    ]
    if len(linjer) > maks:
        linjer = [*linjer[:maks], f"… og {len(linjer) - maks} versjoner til er arkivert uten PDF/A"]
    return linjer
