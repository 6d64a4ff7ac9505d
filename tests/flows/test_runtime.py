"""The local runtime on a fresh, empty Prefect home: first run on a new machine works."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROT = Path(__file__).resolve().parents[2]

SKRIPT = """
from avtaleflyt.orkestrering import runtime
hjem = runtime.forbered_lokal_prefect()
print("HJEM", hjem)
print("MIGRERT", runtime.migrer(print))
print("IGJEN", runtime.migrer(print))
from prefect import flow

@flow
async def pluss(x: int) -> int:
    return x + 1

import asyncio
print("SVAR", asyncio.run(pluss(41)))
"""


@pytest.mark.slow
def test_fresh_home_migrates_up_front_and_runs_a_flow_ephemerally(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["PYTHONPATH"] = str(ROT)
    r = subprocess.run(
        [sys.executable, "-c", SKRIPT],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=400,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    assert f"HJEM {tmp_path / '.prefect'}" in r.stdout
    assert "Forbereder lokal Prefect-database" in r.stdout
    assert "MIGRERT True" in r.stdout and "IGJEN False" in r.stdout
    assert "SVAR 42" in r.stdout
    assert (tmp_path / ".prefect" / "prefect.db").is_file()
    assert "telemetry" not in r.stderr.lower()


def test_settings_respect_an_existing_home_and_server(tmp_path, monkeypatch):
    from avtaleflyt.orkestrering import runtime

    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "eget"))
    monkeypatch.delenv("PREFECT_SERVER_ANALYTICS_ENABLED", raising=False)
    monkeypatch.delenv("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", raising=False)
    assert runtime.forbered_lokal_prefect(tmp_path) == tmp_path / "eget"
    assert os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"
    assert int(os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"]) >= 120
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    assert runtime.migrer() is False
