"""The local runtime on a fresh, empty Prefect home: first run on a new machine works.

The fresh home's first run is the one that makes the run's template database
(tests/flows/prefect_mal.py): a child process in an empty folder, with no Prefect setting,
migrates through `runtime.migrer()`. Checking what it did here, instead of migrating a second
fresh home, saves about 20 s of CPU per run; a flow running on a local home after `migrer()` is
`avtale demo`'s path, which tests/eksempler/test_demo.py runs end to end.
"""

import os
from pathlib import Path

import pytest

from avtaleflyt.orkestrering import runtime
from tests.flows.prefect_mal import MERKE, forste_kjoring


@pytest.mark.prefect  # Prefect's own migrations, about 20 s of CPU: CI and a named tests/flows
@pytest.mark.slow
def test_fresh_home_migrates_up_front(tmp_path_factory):
    kjoring = forste_kjoring(tmp_path_factory)
    assert kjoring["returkode"] == 0, kjoring["stderr"][-3000:]
    hjem = Path(kjoring["mappe"]) / ".prefect"
    linjer = kjoring["stdout"].splitlines()
    assert f"HJEM {hjem}" in linjer
    # the first call says what it does before the slow part, then migrates; the second does not
    melding = next(i for i, t in enumerate(linjer) if "Forbereder lokal Prefect-database" in t)
    assert linjer.index("MIGRERT True") > melding and linjer[-1] == "IGJEN False"
    assert (hjem / "prefect.db").is_file() and (hjem / MERKE).is_file()
    assert "telemetry" not in kjoring["stderr"].lower()


def test_settings_respect_an_existing_home_and_server(tmp_path, monkeypatch):
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "eget"))
    monkeypatch.delenv("PREFECT_SERVER_ANALYTICS_ENABLED", raising=False)
    monkeypatch.delenv("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", raising=False)
    assert runtime.forbered_lokal_prefect(tmp_path) == tmp_path / "eget"
    assert os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"
    assert int(os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"]) >= 120
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    assert runtime.migrer() is False
