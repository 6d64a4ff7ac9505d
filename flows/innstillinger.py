"""Where the form flows read and write: from settings, never from a parameter a UI user can set.

Each setting is the environment variable the CLI reads too (`AVTALE_AVTALER`, `AVTALE_ARKIV`,
`AVTALE_DOKUMENTER`) on the host that runs the flow; when it is not set there, a Prefect
Variable of the same name in lower case (`avtale_avtaler`, …) set centrally by the operator
(`prefect variable set avtale_arkiv /srv/avtaleflyt/arkiv`); else the CLI's default.

`AVTALE_FORFATTER` («Navn <e-post>») is the author of the commit that carries a form's record to
the agreements repository when the clerk left «Registrert av» blank (Prefect's open-source UI
does not say who pressed Run); without it, `STANDARD_FORFATTER`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from prefect.variables import Variable

from avtaleflyt.paths import agreements_dir, archive_dir

STANDARD_DOKUMENTER = "ut/dokumenter"
STANDARD_FORFATTER = "Sekretariatet via Prefect <avtaleflyt@localhost>"


@dataclass(frozen=True)
class Steder:
    avtaler: Path
    arkiv: Path
    dokumenter: Path
    forfatter: str


async def _innstilling(navn: str) -> str | None:
    verdi = os.environ.get(navn)
    if verdi:
        return verdi
    fra_prefect = await Variable.aget(navn.lower(), default=None)
    return str(fra_prefect) if fra_prefect else None


async def steder() -> Steder:
    """The agreements folder, the archive and the documents folder for this run."""
    avtaler = await _innstilling("AVTALE_AVTALER")
    arkiv = await _innstilling("AVTALE_ARKIV")
    dokumenter = await _innstilling("AVTALE_DOKUMENTER")
    forfatter = await _innstilling("AVTALE_FORFATTER")
    return Steder(
        avtaler=Path(avtaler) if avtaler else agreements_dir(),
        arkiv=archive_dir(arkiv),
        dokumenter=Path(dokumenter or STANDARD_DOKUMENTER),
        forfatter=forfatter or STANDARD_FORFATTER,
    )
