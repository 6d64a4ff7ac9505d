"""Archives for the Noark 5 and PDF/A tests, built through the same services as everywhere.

`scenario`: «landbruk» v1 (Midtre Gauldal and Melhus) in force 1.1.2027, v2 (Skaun joins)
adopted while v1 was in force, in force 1.7.2027, terminated 1.1.2028; «nettverk» (Midtre Gauldal
and Melhus) in force 1.3.2027. The dates lie after today, so the archive is a simulation.
`gauldal`: the Gauldal example (every agreement under agreements/) run by the demo's scenario.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from avtaleflyt.arkiv import Arkiv
from avtaleflyt.arkivering import arkiver_avtale
from tests.revisjon import hjelp

TO = ("5027", "5028")


def _uten_skaun(**ekstra) -> dict:
    data = yaml.safe_load(hjelp.KILDE.read_text(encoding="utf-8"))
    return {
        "deltakere": [d for d in data["deltakere"] if d["kommunenummer"] != "5029"],
        "okonomi.fordelingsnokkel": {"metode": "lik"},
        **ekstra,
    }


@dataclass
class Scenario:
    arkiv: Path
    landbruk: Path
    nettverk: Path


def bygg_scenario(rot: Path) -> Scenario:
    arkiv = rot / "arkiv"
    Arkiv(arkiv).opprett(simulering=True)
    m = hjelp.lag_avtale(rot / "avtaler", "landbruk", **_uten_skaun())
    hjelp.vedta_alle(m, dt.date(2026, 11, 3), sak=10, kommuner=TO)
    hjelp.signer_alle(m, dt.date(2026, 11, 20), kommuner=TO)
    hjelp.i_kraft(m, dt.date(2027, 1, 1))
    arkiver_avtale(m, arkiv, dt.date(2027, 1, 1))
    alle = yaml.safe_load(hjelp.KILDE.read_text(encoding="utf-8"))["deltakere"]
    hjelp.ny_versjon(m, dt.date(2027, 3, 1), deltakere=alle)
    hjelp.vedta_alle(m, dt.date(2027, 4, 6), sak=40)
    hjelp.signer_alle(m, dt.date(2027, 4, 20))
    hjelp.i_kraft(m, dt.date(2027, 7, 1))
    arkiver_avtale(m, arkiv, dt.date(2027, 7, 1))
    hjelp.opphor(m, dt.date(2028, 1, 1))
    arkiver_avtale(m, arkiv, dt.date(2028, 1, 1))
    n = hjelp.lag_avtale(
        rot / "avtaler", "nettverk", **_uten_skaun(tittel="Fagnettverk for landbruk")
    )
    hjelp.vedta_alle(n, dt.date(2027, 1, 12), sak=5, kommuner=TO)
    hjelp.signer_alle(n, dt.date(2027, 2, 1), kommuner=TO)
    hjelp.i_kraft(n, dt.date(2027, 3, 1))
    arkiver_avtale(n, arkiv, dt.date(2027, 3, 1))
    return Scenario(arkiv, m, n)


@pytest.fixture(scope="session")  # the Noark 5 and the PDF/A tests read the same one
def scenario(tmp_path_factory) -> Scenario:
    return bygg_scenario(tmp_path_factory.mktemp("noark5"))


@pytest.fixture(scope="module")
def gauldal(gauldal_demo) -> Path:
    """The demo's archive of the whole Gauldal example (without Prefect): the run's one demo
    (tests/conftest.py), shared with the examples' and the register's tests."""
    return gauldal_demo.arkiv
