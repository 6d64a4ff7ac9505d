"""Fixtures for the drafting tests: the example agreements, loaded as models."""

from __future__ import annotations

import pytest

from avtaleflyt.paths import AGREEMENTS_DIR
from avtaleflyt.yaml_loader import load_yaml
from schemas.avtale import AVTALE_ADAPTER

EXAMPLES = sorted(p.parent.name for p in AGREEMENTS_DIR.glob("*/avtale.yaml"))


def load_example(name: str):
    """Schema-validated model of an example (the rule catalogue is the validation area's concern)."""
    return AVTALE_ADAPTER.validate_python(load_yaml(AGREEMENTS_DIR / name / "avtale.yaml").data)


def one_per_type() -> list[str]:
    seen: dict[str, str] = {}
    for name in EXAMPLES:
        seen.setdefault(load_example(name).type, name)
    return sorted(seen.values())


def pytest_addoption(parser):
    parser.addoption("--oppdater-golden", action="store_true", help="skriv golden-filene på nytt")


@pytest.fixture
def update_golden(request) -> bool:
    import os

    return bool(
        request.config.getoption("--oppdater-golden") or os.environ.get("AVTALE_OPPDATER_GOLDEN")
    )


@pytest.fixture(params=EXAMPLES)
def example(request):
    return load_example(request.param)


def minimal(**overrides) -> dict:
    """A small vertskommune agreement as YAML data; tests override fields."""
    data = {
        "type": "vertskommune",
        "id": "test-avtale",
        "tittel": "Avtale om testsamarbeid",
        "versjon": 1,
        "versjonsdato": "2026-05-01",
        "deltakere": [
            {
                "kommunenummer": "5027",
                "navn": "Midtre Gauldal",
                "signatar": {"navn": "Kari Nordmann", "rolle": "ordfører", "sted": "Støren"},
            },
            {
                "kommunenummer": "5028",
                "navn": "Melhus",
                "signatar": {"navn": "Ola Nordmann", "rolle": "ordfører", "sted": "Melhus"},
            },
        ],
        "vertskommune": "5028",
        "formaal": "Felles barnevern.",
        "oppgaver": [{"navn": "Barnevern"}],
        "myndighet": {"beskrivelse": "Vertskommunen utfører oppgavene."},
        "overforingsdato": "2027-01-01",
        "underretning": "Vertskommunen underretter om alle vedtak.",
        "okonomi": {"oppgjor": "Kostnadene deles.", "fordelingsnokkel": {"metode": "lik"}},
        "uttreden": {"vilkaar": "Skriftlig oppsigelse.", "oppsigelsestid_maaneder": 12},
        "opplosning": {"vilkaar": "Når alle er enige."},
        "andre_lovkrav": [],
    }
    data.update(overrides)
    return data


def model(**overrides):
    return AVTALE_ADAPTER.validate_python(minimal(**overrides))
