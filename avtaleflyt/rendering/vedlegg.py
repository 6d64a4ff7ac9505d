"""The attachments an agreement lists (`vedlegg`): each file under `agreements/<id>/vedlegg/` must
exist and have the SHA-256 the data states.

The check itself is the rule catalogue's (`schemas.regler.sjekk_vedlegg`, rules AVTALE-VEDLEGG-FIL
and AVTALE-VEDLEGG-SJEKKSUM), which `avtale validate` runs with the agreement's folder; this is the
same check as plain messages, for callers that hold a model and a folder but no finding list (the
archive refuses a version whose attachments do not match, `avtaleflyt.tekstversjoner`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from schemas.regler.sjekk_vedlegg import VEDLEGG_MAPPE, sha256_fil, vedleggsavvik

__all__ = ["VEDLEGG_MAPPE", "kontroller_vedlegg", "sha256_fil", "vedleggsfiler"]


def kontroller_vedlegg(avtale: Any, mappe: str | Path) -> list[str]:
    """Every problem with the listed attachments, in Norwegian, all in one run (empty: all match).

    `mappe` is the agreement's folder (the one holding avtale.yaml)."""
    return [
        f"vedlegg.{'.'.join(map(str, sti[1:]))}: {melding}"
        for _, sti, melding in vedleggsavvik(avtale, mappe)
    ]


def vedleggsfiler(avtale: Any, mappe: str | Path) -> dict[str, bytes]:
    """The listed attachments' bytes by archive path (`vedlegg/<fil>`), read from the folder.
    Call `kontroller_vedlegg` first: this reads what is there."""
    rot = Path(mappe) / VEDLEGG_MAPPE
    return {
        f"{VEDLEGG_MAPPE}/{v.fil}": (rot / v.fil).read_bytes()
        for v in getattr(avtale, "vedlegg", None) or []
    }
