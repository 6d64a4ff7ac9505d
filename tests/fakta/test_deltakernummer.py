"""A fylkeskommune where the law lets it be a party: host, per-service participant, employer, observer.

Kommuneloven § 17-1 første ledd lets kommuner and fylkeskommuner cooperate, § 20-2 første ledd
applies the vertskommune model to fylkeskommuner too, and a county may sit as an observer in a
representantskap. The fields that name such a party take a participant number (`Deltakernummer`:
fylkesnummer two digits, kommunenummer four, an IKS's organisasjonsnummer nine); a place
(kontorkommune, hovedkontor) stays a four-digit kommunenummer.
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from schemas.avtale.organer import Observator
from schemas.avtale.struktur import Ansatte, Avtalesett, Underavtale
from schemas.regler import sjekk
from tests.fakta.tilfeller import IKS_DELTAKER
from tests.prosess.prosessdata import DELTAKERE, DELTAKERE_MED_FYLKE, lag_avtale


def test_fylkesnummer_i_strukturenes_partsfelt():
    assert Avtalesett.model_validate({"id": "sett", "vert": 50}).vert == "50"
    assert Underavtale.model_validate(
        {"id": "del", "tjeneste": "Tannhelse", "deltakere": ["50", "5027"]}
    ).deltakere == ["50", "5027"]
    assert Ansatte.model_validate({"berores": True, "kommuner": [3]}).kommuner == ["03"]
    assert Observator.model_validate({"navn": "Trøndelag fylkeskommune", "kommunenummer": "50"})


@pytest.mark.parametrize("nummer", ["503", "5", "50270", "Trøndelag"])
def test_feil_nummer_avvises(nummer: str):
    with pytest.raises(ValidationError):
        Avtalesett.model_validate({"id": "sett", "vert": nummer})


def test_fylkeskommune_som_vertskommune_uten_funn():
    """A county host among the participants: no finding on the host or the participants."""
    a = lag_avtale(type="vertskommune", deltakere=DELTAKERE_MED_FYLKE, vertskommune="50")
    funn = {b.regel.id for b in sjekk(a) if b.alvorlighet == "feil"}
    assert not funn & {"KL-20-4-B-DELTAKER", "KOMMUNENUMMER-UGYLDIG", "DELTAKER-NAVN"}, funn


def test_iks_kan_ikke_vaere_vertskommune():
    """An IKS is a party only in another IKS (IKS-loven § 1), so it can host no vertskommune."""
    a = lag_avtale(
        type="vertskommune",
        deltakere=[DELTAKERE[0], DELTAKERE[1], IKS_DELTAKER],
        vertskommune=IKS_DELTAKER["kommunenummer"],
    )
    assert "DELTAKER-IKS-UTENFOR-IKS" in {b.regel.id for b in sjekk(a)}
