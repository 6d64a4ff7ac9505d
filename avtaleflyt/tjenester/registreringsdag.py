"""The day a record is made on: today, or a given day that is not after today unless the archive
is a simulation. `avtale record --at` and the Prefect forms both ask this one function, so a
vedtak «made» two weeks ahead is refused on every path (issue 14: the form once checked a vedtak
as of its meeting date and archived a future «vedtatt»)."""

from __future__ import annotations

import datetime as dt
import os

from avtaleflyt.paths import archive_dir
from avtaleflyt.prosess.kalender import idag
from avtaleflyt.tjenester.feil import UgyldigInndata


def registreringsdag(at: dt.date | None = None, arkiv: str | os.PathLike | None = None) -> dt.date:
    """`at` (default today, Europe/Oslo) if it is not after today, or if the archive (`arkiv`,
    else AVTALE_ARKIV, else ./arkiv) is a simulation. The rules compare legal dates with this
    day, so a later day would let a vedtak that has not happened pass (`UgyldigInndata` on «at»)."""
    i_dag = idag()
    dag = at or i_dag
    if dag <= i_dag:
        return dag
    # the archive's check loads GitPython: only on this rare path, never for an ordinary record
    from avtaleflyt.arkiv import Arkiv

    if Arkiv(archive_dir(arkiv)).er_simulering():
        return dag
    raise UgyldigInndata(
        "at",
        f"{dag.isoformat()} er etter dagens dato ({i_dag.isoformat()}); en registrering gjelder "
        "det som har skjedd. Datoer fram i tid brukes bare i en simulering (et arkiv laget som "
        "simulering, valgt med AVTALE_ARKIV). Ingenting er registrert.",
    )
