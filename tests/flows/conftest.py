"""Fixtures for the flow tests: one Prefect harness per session (requested explicitly), and an
agreement driven through its whole process once by the demo's plain steps (records only; each
test archives into its own fresh archive)."""

from __future__ import annotations

import os
import shutil
from contextlib import ExitStack
from pathlib import Path

import pytest

from avtaleflyt.arkiv import Arkiv
from demo import kjor_demo
from tests.flows.prefect_mal import kopier_mal

AVTALE = "gauldal-landbruk"


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory):
    """Prefect's own test harness: a temporary API server on a SQLite database of its own.

    The harness puts its database in a fresh `mkdtemp()` folder; that folder is given a copy of
    the run's already migrated template (tests/flows/prefect_mal.py), so the harness's server
    finds its schema at the newest revision instead of migrating it again. Everything else is
    the harness as Prefect ships it.
    """
    hjem = tmp_path_factory.mktemp("prefect-hjem")
    os.environ.setdefault("PREFECT_HOME", str(hjem))
    os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    # Prefect is imported here, after PREFECT_HOME is set, and only by the tests that use it
    import prefect.settings
    import prefect.testing.utilities
    from prefect.testing.utilities import prefect_test_harness

    db_mappe = tmp_path_factory.mktemp("prefect-harness-db")
    kopier_mal(tmp_path_factory, db_mappe / "prefect-test.db")
    with ExitStack() as stack:
        with pytest.MonkeyPatch.context() as mp:  # only while the harness starts
            mp.setattr(prefect.testing.utilities, "mkdtemp", lambda: str(db_mappe))
            stack.enter_context(prefect_test_harness(server_startup_timeout=120))
        url = prefect.settings.PREFECT_SERVER_DATABASE_CONNECTION_URL.value()
        assert str(db_mappe) in str(url), url  # the harness really runs on the migrated copy
        yield


@pytest.fixture(scope="session")
def behandlet(tmp_path_factory) -> Path:
    """`agreements/<id>/` after the whole process (drøfting … ikrafttredelse) as records."""
    ut = tmp_path_factory.mktemp("demo") / "ut"
    resultat = kjor_demo(ut, ider=[AVTALE])
    return resultat.arbeid / AVTALE


@pytest.fixture
def arbeid(behandlet, tmp_path) -> dict[str, Path]:
    """A private copy of the processed agreement, a fresh archive path and a documents folder."""
    avtaler = tmp_path / "avtaler"
    shutil.copytree(behandlet, avtaler / AVTALE)
    # the demo's records run into 2027: a real archive refuses dates after today
    Arkiv(tmp_path / "arkiv").opprett(simulering=True)
    return {
        "avtaler": avtaler,
        "mappe": avtaler / AVTALE,
        "arkiv": tmp_path / "arkiv",
        "dokumenter": tmp_path / "dokumenter",
    }
