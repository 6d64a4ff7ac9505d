"""An agreement folder for the service-layer tests: the process tests' three-municipality example
(avtale.yaml and a commented prosess.yaml with the calendar), found by id under AVTALE_AVTALER."""

from __future__ import annotations

from pathlib import Path

import pytest

from avtaleflyt.yaml_dump import dump_avtale
from tests.prosess.prosessdata import PROSESS_YAML, lag_avtale


@pytest.fixture
def mappe(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "avtaler" / "lonn-regnskap"
    folder.mkdir(parents=True)
    (folder / "avtale.yaml").write_text(dump_avtale(lag_avtale()), encoding="utf-8")
    (folder / "prosess.yaml").write_text(PROSESS_YAML, encoding="utf-8")
    monkeypatch.setenv("AVTALE_AVTALER", str(folder.parent))
    return folder
