"""Fixtures of the process tests; the data helpers live in `prosessdata` (a unique module name,
so it never collides with another area's conftest)."""

from __future__ import annotations

from pathlib import Path

import pytest

from avtaleflyt.prosess import avtale_hash
from avtaleflyt.yaml_dump import dump_avtale
from tests.prosess.prosessdata import PROSESS_YAML, lag_avtale


@pytest.fixture
def avtale():
    return lag_avtale()


@pytest.fixture
def h1(avtale):
    return avtale_hash(avtale)


@pytest.fixture
def mappe(tmp_path: Path, avtale) -> Path:
    """An agreement folder with avtale.yaml and a commented prosess.yaml."""
    folder = tmp_path / "lonn-regnskap"
    folder.mkdir()
    (folder / "avtale.yaml").write_text(dump_avtale(avtale), encoding="utf-8")
    (folder / "prosess.yaml").write_text(PROSESS_YAML, encoding="utf-8")
    return folder
