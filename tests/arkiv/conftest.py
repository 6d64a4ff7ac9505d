"""Fixtures of the archive tests: real git repositories in tmp_path, no mocks."""

from __future__ import annotations

from pathlib import Path

import pytest

from avtaleflyt.arkiv import Arkiv


@pytest.fixture
def arkivsti(tmp_path: Path) -> Path:
    return tmp_path / "arkiv"


@pytest.fixture
def arkiv(arkivsti: Path) -> Arkiv:
    return Arkiv(arkivsti)
