"""The Gauldal demo's archive, made once per session by the demo's own steps, and the site built
from it. Four of the agreements keep the run short and still hold every case the pages show: the
amendment round (lønn/regnskap: v1 «vedtatt med endringer» in Skaun, v2 adopted by all three),
a vertskommune with one version, an IKS with owner shares and a samarbeidsavtale."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from avtaleflyt.nettsted.bygg import Byggeresultat, bygg_nettsted
from demo import kjor_demo

IDER = ["gauldal-lonn-regnskap", "gauldal-landbruk", "gaula-innkjop-iks", "gauldal-fagnettverk"]
LONN = "gauldal-lonn-regnskap"
BYGGETID = dt.datetime(2026, 12, 2, 3, 4, 5, tzinfo=dt.UTC)


@dataclass
class Demo:
    arkiv: Path
    arbeid: Path
    """The demo's agreement folders (avtale.yaml, prosess.yaml) after the whole process."""


@dataclass
class Nettsted:
    ut: Path
    resultat: Byggeresultat


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> Demo:
    ut = tmp_path_factory.mktemp("nettsted-demo") / "ut"
    resultat = kjor_demo(ut, ider=IDER)
    return Demo(resultat.arkiv, resultat.arbeid)


@pytest.fixture(scope="session")
def nettsted(demo, tmp_path_factory) -> Nettsted:
    ut = tmp_path_factory.mktemp("nettsted") / "side"
    return Nettsted(ut, bygg_nettsted(demo.arkiv, ut, naa=BYGGETID))
