"""Inter-process locks that work on Linux, macOS and Windows.

The `filelock` library takes flock on POSIX and LockFileEx on Windows; the operating system releases
either when the holder dies, so a killed writer never leaves a stale lock behind.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from filelock import FileLock

WAIT_FOREVER = -1.0


def file_lock(path: str | os.PathLike, timeout: float = WAIT_FOREVER) -> FileLock:
    """An exclusive lock on `path` (created if missing, left in place on release so waiters share
    it). Use as a context manager; `filelock.Timeout` when `timeout` seconds pass first."""
    # filelock takes ~30 ms to import; only writers need it, not `avtale validate` or `--help`.
    from filelock import FileLock

    # 0o666: another user archiving into the same folder must be able to take the lock too.
    return FileLock(path, timeout=timeout, poll_interval=0.01, mode=0o666)


def folder_lock(folder: str | os.PathLike, timeout: float = WAIT_FOREVER) -> FileLock:
    """A lock for a whole folder, held in a file outside it: a lock file inside would show among
    the user's files and would make a fresh archive folder non-empty. One file per resolved folder
    in the system's temporary directory, so every path to the same folder takes the same lock."""
    key = os.path.normcase(str(Path(folder).resolve()))
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return file_lock(Path(tempfile.gettempdir()) / f"avtaleflyt-{digest}.lock", timeout)
