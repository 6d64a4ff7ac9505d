"""A party's organisasjonsnummer stands in the adopted text, so a wrong one names another legal
person: the schema refuses a bad check digit, a number that belongs to someone else, and an IKS
party whose stated number is not its own."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from schemas.avtale.deltakere import Deltaker


def test_the_registered_number_is_accepted() -> None:
    d = Deltaker(kommunenummer="5029", navn="Skaun", organisasjonsnummer="939865942")
    assert d.organisasjonsnummer == "939865942"


def test_a_wrong_check_digit_is_refused() -> None:
    with pytest.raises(ValidationError, match="938726028 har feil kontrollsiffer"):
        Deltaker(kommunenummer="5028", navn="Melhus", organisasjonsnummer="938726028")


def test_another_partys_number_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"hører ikke til Skaun \(5029\).*939865942"):
        Deltaker(kommunenummer="5029", navn="Skaun", organisasjonsnummer="970187715")


def test_an_iks_party_is_named_by_its_own_number() -> None:
    with pytest.raises(ValidationError, match="et annet"):
        Deltaker(kommunenummer="970187715", navn="Et IKS", organisasjonsnummer="938726027")


def test_the_number_is_optional() -> None:
    assert Deltaker(kommunenummer="5027", navn="Midtre Gauldal").organisasjonsnummer is None
