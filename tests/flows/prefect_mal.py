"""One migrated Prefect SQLite database per test run, copied for each Prefect home that needs one.

Creating and migrating a Prefect database costs about 20 s of CPU; the harness and the real-server
test each used to pay it. The template is migrated once, by the project's own `migrer()` in a child
process (Prefect's real migrations, and no Prefect settings leak into the test process), under the
run's base temp folder that all xdist workers share, behind a file lock so that only the first
worker migrates. The tests whose point is a fresh, unmigrated home (tests/flows/test_runtime.py,
the CLI demo in tests/eksempler) do not use it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from filelock import FileLock, Timeout

MIGRER = "from avtaleflyt.orkestrering.runtime import migrer; migrer()"


def _felles_mappe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The run's base temp: under xdist each worker has its own below the run's shared one."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def migrert_mal(tmp_path_factory: pytest.TempPathFactory, *, forrang: float = 0.0) -> Path:
    """The path of the run's migrated template database (made on first call, by one worker).

    `forrang`: for up to that many seconds, leave the migration to another worker — the real-
    server test gives it to the harness, whose worker has the run's longest chain of tests, while
    the server test mostly waits anyway. Alone in a run, it migrates after that time itself.
    """
    mappe = _felles_mappe(tmp_path_factory) / "prefect-mal"
    mappe.mkdir(exist_ok=True)
    db, ferdig = mappe / "prefect.db", mappe / ".avtaleflyt-migrert"
    las = FileLock(str(mappe) + ".lock")
    slutt = time.monotonic() + forrang
    while True:
        try:
            las.acquire(timeout=0 if time.monotonic() < slutt else -1)
        except Timeout:  # another worker is migrating: wait for it
            las.acquire()
        if ferdig.is_file() or time.monotonic() >= slutt:
            break
        las.release()
        time.sleep(0.5)
    try:
        if not ferdig.is_file():
            env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
            env.update({"PREFECT_HOME": str(mappe), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"})
            r = subprocess.run(
                [sys.executable, "-c", MIGRER], env=env, capture_output=True, text=True, timeout=300
            )
            assert r.returncode == 0 and db.is_file(), r.stderr[-3000:]
    finally:
        las.release()
    return db


def kopier_mal(
    tmp_path_factory: pytest.TempPathFactory, til: Path, *, forrang: float = 0.0
) -> Path:
    """A private copy of the migrated template at `til` (a file path); returns `til`."""
    til.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(migrert_mal(tmp_path_factory, forrang=forrang), til)
    return til
