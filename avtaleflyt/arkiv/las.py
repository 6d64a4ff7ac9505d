"""An exclusive inter-process lock around every write to one archive repository.

The operating system releases the lock when the holder dies (see `avtaleflyt.locking`), so a killed
archiver never leaves a stale lock. The lock serialises archivers on one machine; the
compare-and-swap on the branch ref is the second line of defence.
"""

from __future__ import annotations

from pathlib import Path

from filelock import Timeout

from avtaleflyt.arkiv.feil import LasTidsavbrudd
from avtaleflyt.locking import file_lock, folder_lock


class Las:
    """The write lock of one repository, in `fil` (`.git/avtaleflyt/skrivelas`)."""

    def __init__(self, fil: Path, tidsavbrudd: float = 120.0) -> None:
        self.fil = fil
        self.tidsavbrudd = tidsavbrudd
        self._las = file_lock(fil, tidsavbrudd)

    def __enter__(self) -> Las:
        try:
            self._las.acquire()
        except Timeout:
            raise LasTidsavbrudd(
                f"Arkivet er låst av en annen prosess ({self.fil}) i mer enn "
                f"{self.tidsavbrudd:.0f} sekunder; prøv igjen senere."
            ) from None
        return self

    def __exit__(self, *exc: object) -> None:
        self._las.release()


def las_mappe(mappe: Path):
    """Lock a directory itself (used while creating the repository, before `.git` exists)."""
    return folder_lock(mappe)
