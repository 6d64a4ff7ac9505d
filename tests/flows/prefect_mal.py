"""One migrated Prefect SQLite database per test run, copied for each Prefect home that needs one.

Creating and migrating a Prefect database costs about 20 s of CPU; the harness, the real-server
test and the CLI demo each used to pay it, and the fresh-home test paid it once more. The template
is now made once per run by a fresh home's first run: a child process in an empty folder, with no
Prefect setting in its environment, calls the project's own `forbered_lokal_prefect()` and
`migrer()` twice (Prefect's real migrations; nothing leaks into the test process). What that
child printed is kept beside the template, and tests/flows/test_runtime.py checks it: the home
lands in `.prefect/` of the working folder, the first call migrates with a message, the second
does nothing. The run's base temp folder is shared by all xdist workers; a file lock lets only
the first worker build the template, the others wait for it and copy it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from filelock import FileLock, Timeout

ROT = Path(__file__).resolve().parents[2]

# a fresh home's first run: what `avtale demo` and the flows do before Prefect starts
FORSTE_KJORING = """
from avtaleflyt.orkestrering import runtime
hjem = runtime.forbered_lokal_prefect()
print("HJEM", hjem)
print("MIGRERT", runtime.migrer(print))
print("IGJEN", runtime.migrer(print))
"""
MERKE = ".avtaleflyt-migrert"  # written by runtime.migrer() when it has migrated a home


def _felles_mappe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The run's base temp: under xdist each worker has its own below the run's shared one."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _bygg(mappe: Path) -> dict:
    """Run the fresh home's first run in `mappe` and return what it did (also saved as JSON)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["PYTHONPATH"] = str(ROT)
    r = subprocess.run(
        [sys.executable, "-c", FORSTE_KJORING],
        cwd=mappe,
        env=env,
        capture_output=True,
        text=True,
        timeout=400,
    )
    logg = {"mappe": str(mappe), "returkode": r.returncode, "stdout": r.stdout, "stderr": r.stderr}
    (mappe / "forste-kjoring.json").write_text(json.dumps(logg), encoding="utf-8")
    return logg


def forste_kjoring(tmp_path_factory: pytest.TempPathFactory, *, forrang: float = 0.0) -> dict:
    """What the fresh home's first run printed (made on first call, by one worker): `mappe` (its
    working folder), `returkode`, `stdout`, `stderr`. The home is `mappe/.prefect`.

    `forrang`: for up to that many seconds, leave the build to another worker — the real-server
    test gives it to the harness, whose worker has the run's longest chain of tests, while the
    server test mostly waits anyway. Alone in a run, it builds after that time itself.
    """
    mappe = _felles_mappe(tmp_path_factory) / "prefect-mal"
    mappe.mkdir(exist_ok=True)
    ferdig = mappe / "forste-kjoring.json"
    las = FileLock(str(mappe) + ".lock")
    slutt = time.monotonic() + forrang
    while True:
        try:
            las.acquire(timeout=0 if time.monotonic() < slutt else -1)
        except Timeout:  # another worker is building it: wait for it
            las.acquire()
        if ferdig.is_file() or time.monotonic() >= slutt:
            break
        las.release()
        time.sleep(0.5)
    try:
        if not ferdig.is_file():
            return _bygg(mappe)
        return json.loads(ferdig.read_text(encoding="utf-8"))
    finally:
        las.release()


def migrert_mal(tmp_path_factory: pytest.TempPathFactory, *, forrang: float = 0.0) -> Path:
    """The path of the run's migrated template database (see `forste_kjoring`)."""
    logg = forste_kjoring(tmp_path_factory, forrang=forrang)
    db = Path(logg["mappe"]) / ".prefect" / "prefect.db"
    assert logg["returkode"] == 0 and db.is_file(), logg["stderr"][-3000:]
    return db


def kopier_mal(
    tmp_path_factory: pytest.TempPathFactory, til: Path, *, forrang: float = 0.0
) -> Path:
    """A private copy of the migrated template at `til` (a file path); returns `til`.

    Only the database is copied, not `migrer()`'s mark: a home given this copy is migrated by
    `migrer()` again (a no-op for Prefect's migrations at their newest revision, seconds instead
    of the fresh migration's tens), so a command that calls `migrer()` still shows it does."""
    til.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(migrert_mal(tmp_path_factory, forrang=forrang), til)
    return til
