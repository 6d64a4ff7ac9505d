"""Every legal-fact case through every consumer: each answers what it knows, and agrees."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fakta.konsumenter import KONSUMENTER
from tests.fakta.tilfeller import TILFELLER, Tilfelle


@pytest.mark.parametrize("konsument", sorted(KONSUMENTER))
@pytest.mark.parametrize("tilfelle", TILFELLER, ids=[t.id for t in TILFELLER])
def test_alle_konsumenter_gir_samme_svar(tilfelle: Tilfelle, konsument: str, tmp_path: Path):
    svar = KONSUMENTER[konsument](tilfelle, tmp_path).besvart()
    assert svar, f"{konsument} svarer ikke på noe"
    forventet = {felt: getattr(tilfelle.svar, felt) for felt in svar}
    assert svar == forventet


def test_hvert_felt_besvares_av_minst_to_konsumenter(tmp_path: Path):
    """A field only one consumer answers proves no agreement (the state: the status and the
    flows' advance step)."""
    tilfelle = TILFELLER[0]
    felter: dict[str, list[str]] = {}
    for navn, konsument in KONSUMENTER.items():
        for felt in konsument(tilfelle, tmp_path / navn).besvart():
            felter.setdefault(felt, []).append(navn)
    assert set(felter) == set(tilfelle.svar.besvart())
    assert {felt for felt, navn in felter.items() if len(navn) < 2} == set()
