"""An exclusive inter-process lock (flock) around every write to one archive repository.

flock is released by the kernel when the holder dies, so a killed archiver never leaves a stale
lock. The lock serialises archivers on one machine (and on NFS v4 with lock support); the
compare-and-swap on the branch ref is the second line of defence.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from avtaleflyt.arkiv.feil import LasTidsavbrudd


class Las:
    def __init__(self, fil: Path, tidsavbrudd: float = 120.0) -> None:
        self.fil = fil
        self.tidsavbrudd = tidsavbrudd
        self._fd: int | None = None

    def __enter__(self) -> "Las":
        fd = os.open(self.fil, os.O_RDWR | os.O_CREAT, 0o644)
        frist = time.monotonic() + self.tidsavbrudd
        pause = 0.005
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= frist:
                    os.close(fd)
                    raise LasTidsavbrudd(
                        f"Arkivet er låst av en annen prosess ({self.fil}) i mer enn "
                        f"{self.tidsavbrudd:.0f} sekunder; prøv igjen senere."
                    ) from None
                time.sleep(pause)
                pause = min(pause * 2, 0.1)
        self._fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def las_mappe(mappe: Path):
    """Lock a directory itself (used while creating the repository, before `.git` exists)."""
    return _MappeLas(mappe)


class _MappeLas:
    def __init__(self, mappe: Path) -> None:
        self.mappe = mappe

    def __enter__(self) -> "_MappeLas":
        self._fd = os.open(self.mappe, os.O_RDONLY | os.O_DIRECTORY)
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc: object) -> None:
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
