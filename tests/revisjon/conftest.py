"""A real archive built through `arkiver_avtale` from agreement folders with process records.

«landbruk»: v1 (Midtre Gauldal and Melhus, likedeling, 12 months' notice) adopted November 2026,
in force 1.1.2027; v2 (Skaun joins, innbyggertall, 6 months) adopted April 2027 while v1 was in
force, in force 1.7.2027; terminated 1.1.2028.
«nettverk»: Midtre Gauldal and Melhus only, in force 1.3.2027, never terminated.
Most of these dates lie after today, so the archive is created as a simulation (as the demo's is);
a real archive refuses them (tests/revisjon/test_fremtid.py).
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
    deltakere = [d for d in data["deltakere"] if d["kommunenummer"] != "5029"]
    return {
        "deltakere": deltakere,
        "okonomi.fordelingsnokkel": {"metode": "lik"},
        "uttreden.oppsigelsestid_maaneder": 12,
        **ekstra,
    }


@dataclass
class Scenario:
    rot: Path
    arkiv: Path
    landbruk: Path
    nettverk: Path
    commits: dict[str, list[str]]


@pytest.fixture(scope="session")
def scenario(tmp_path_factory) -> Scenario:
    rot = tmp_path_factory.mktemp("revisjon")
    arkiv = rot / "arkiv"
    Arkiv(arkiv).opprett(simulering=True)
    commits: dict[str, list[str]] = {}
    m = hjelp.lag_avtale(rot / "avtaler", "landbruk", **_uten_skaun())
    hjelp.vedta_alle(m, dt.date(2026, 11, 3), sak=10, kommuner=TO)
    hjelp.signer_alle(m, dt.date(2026, 11, 20), kommuner=TO)
    hjelp.i_kraft(m, dt.date(2027, 1, 1))
    commits["v1-signert"] = arkiver_avtale(m, arkiv, dt.date(2026, 12, 31))
    commits["v1-i-kraft"] = arkiver_avtale(m, arkiv, dt.date(2027, 1, 1))
    alle = yaml.safe_load(hjelp.KILDE.read_text(encoding="utf-8"))["deltakere"]
    hjelp.ny_versjon(
        m,
        dt.date(2027, 3, 1),
        deltakere=alle,
        **{
            "uttreden.oppsigelsestid_maaneder": 6,
            "okonomi.fordelingsnokkel": {"metode": "innbyggertall", "aar": 2023},
        },
    )
    hjelp.vedta_alle(m, dt.date(2027, 4, 6), sak=40)
    hjelp.signer_alle(m, dt.date(2027, 4, 20))
    hjelp.i_kraft(m, dt.date(2027, 7, 1))
    commits["v2"] = arkiver_avtale(m, arkiv, dt.date(2027, 7, 1))
    hjelp.opphor(m, dt.date(2028, 1, 1))
    commits["opphor"] = arkiver_avtale(m, arkiv, dt.date(2028, 1, 1))

    n = hjelp.lag_avtale(
        rot / "avtaler", "nettverk", **_uten_skaun(tittel="Fagnettverk for landbruk")
    )
    hjelp.vedta_alle(n, dt.date(2027, 1, 12), sak=5, kommuner=TO)
    hjelp.signer_alle(n, dt.date(2027, 2, 1), kommuner=TO)
    hjelp.i_kraft(n, dt.date(2027, 3, 1))
    commits["nettverk"] = arkiver_avtale(n, arkiv, dt.date(2027, 3, 1))
    return Scenario(rot, arkiv, m, n, commits)
