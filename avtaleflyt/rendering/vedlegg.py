"""The attachments an agreement lists (`vedlegg`): each file under `agreements/<id>/vedlegg/` must
exist and have the SHA-256 the data states.

The data carries the checksum, so the avtale-hash binds the attachment's bytes through the canonical
data without reading files while hashing; this check is what ties the stated checksum to the file
that lies beside the agreement. A council adopts the text and its attachments together, so a
changed attachment must show as a mismatch until the data (and so a new version) says otherwise.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

VEDLEGG_MAPPE = "vedlegg"


def sha256_fil(sti: Path) -> str:
    h = hashlib.sha256()
    with sti.open("rb") as f:
        for blokk in iter(lambda: f.read(1 << 16), b""):
            h.update(blokk)
    return h.hexdigest()


def kontroller_vedlegg(avtale: Any, mappe: str | Path) -> list[str]:
    """Every problem with the listed attachments, in Norwegian, all in one run (empty: all match).

    `mappe` is the agreement's folder (the one holding avtale.yaml)."""
    feil: list[str] = []
    rot = Path(mappe) / VEDLEGG_MAPPE
    sett: set[str] = set()
    for nr, v in enumerate(getattr(avtale, "vedlegg", None) or [], start=1):
        sted = f"vedlegg[{nr - 1}] (vedlegg {nr}, «{v.tittel}»)"
        if v.fil in sett:
            feil.append(f"{sted}: filen {v.fil} er allerede oppført som et annet vedlegg")
            continue
        sett.add(v.fil)
        sti = rot / v.fil
        if not sti.is_file():
            feil.append(
                f"{sted}: finner ikke filen {VEDLEGG_MAPPE}/{v.fil} i avtalemappen; vedlegget er en "
                f"del av avtalen og må ligge ved den"
            )
            continue
        faktisk = sha256_fil(sti)
        if faktisk != v.sha256:
            feil.append(
                f"{sted}: {VEDLEGG_MAPPE}/{v.fil} har SHA-256 {faktisk}, men avtaledataene oppgir "
                f"{v.sha256}; filen er endret etter at versjonen ble laget, eller kontrollsummen er "
                f"feil (en endret vedleggsfil krever ny versjon av avtalen)"
            )
    return feil
