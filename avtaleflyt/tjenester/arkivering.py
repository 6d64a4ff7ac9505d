"""Archive what is due: every legal event the process records make due on a date, not yet in the
archive (idempotent). Which events and which legal dates is decided by `avtaleflyt.arkivering`
from the legal facts; this module only finds the agreements and calls it."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

from avtaleflyt.tjenester.felles import PROSESS_FIL, mappe_for


def arkiver_forfalte(
    avtale: str | os.PathLike,
    arkiv: str | os.PathLike,
    at: dt.date,
    *,
    skrivelas: Callable[[], AbstractContextManager[object]] | None = None,
):
    """Archive the agreement's due events into `arkiv` (created when missing); returns the
    `Arkivering` (each event with its status: `ny`, `fullfor`, `arkivert` or `avvik`).
    `skrivelas` is held only while something is written (the flows' concurrency limit).

    Raises `ArkivAvvist` when the records contradict the archive or a version's adoptions name
    different texts (nothing is archived then), `ArkivFeil` when git fails."""
    # the archive loads GitPython: kept off the record commands' path
    from avtaleflyt.arkiv.fjern import hent_arkiv
    from avtaleflyt.arkivering import arkiver

    hent_arkiv(arkiv)  # a shared archive: plan against the remote's head, not a stale copy
    return arkiver(mappe_for(avtale), Path(arkiv), at, skrivelas=skrivelas)


def avtaler_med_prosess(rot: str | os.PathLike) -> list[Path]:
    """The agreement folders under `rot` that have process records (nothing is due without)."""
    rot = Path(rot)
    if not rot.is_dir():
        return []
    return sorted(
        p for p in rot.iterdir() if (p / PROSESS_FIL).is_file() and (p / "avtale.yaml").is_file()
    )


def arkiver_alle(rot: str | os.PathLike, arkiv: str | os.PathLike, at: dt.date) -> list:
    """`arkiver_forfalte` for every agreement under `rot`, in id order."""
    return [arkiver_forfalte(mappe, arkiv, at) for mappe in avtaler_med_prosess(rot)]
