"""Fixtures for the flow tests: one Prefect harness per session (requested explicitly), and an
agreement driven through its whole process once by the demo's plain steps (records only; each
test archives into its own fresh archive)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

AVTALE = "gauldal-landbruk"


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory):
    """Prefect's own test harness: a temporary API server on a fresh SQLite database."""
    hjem = tmp_path_factory.mktemp("prefect-hjem")
    os.environ.setdefault("PREFECT_HOME", str(hjem))
    os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def behandlet(tmp_path_factory) -> Path:
    """`agreements/<id>/` after the whole process (drøfting … ikrafttredelse) as records."""
    from demo import kjor_demo

    ut = tmp_path_factory.mktemp("demo") / "ut"
    resultat = kjor_demo(ut, ider=[AVTALE])
    return resultat.arbeid / AVTALE


@pytest.fixture
def arbeid(behandlet, tmp_path) -> dict[str, Path]:
    """A private copy of the processed agreement, a fresh archive path and a documents folder."""
    avtaler = tmp_path / "avtaler"
    shutil.copytree(behandlet, avtaler / AVTALE)
    return {
        "avtaler": avtaler,
        "mappe": avtaler / AVTALE,
        "arkiv": tmp_path / "arkiv",
        "dokumenter": tmp_path / "dokumenter",
    }
