"""Exact shares and amounts: what lawyers write is what they get back, with no rounding."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from schemas.felles import (
    Andel,
    Belop,
    Tekst,
    format_andel,
    format_kroner,
    format_prosent,
    vis_andel,
)

ANDEL = TypeAdapter(Andel)
BELOP = TypeAdapter(Belop)
TEKST = TypeAdapter(Tekst)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("1/6", Fraction(1, 6)),
        ("25 %", Fraction(1, 4)),
        ("33,5 %", Fraction(67, 200)),
        ("0.25", Fraction(1, 4)),
        (0.1, Fraction(1, 10)),
        (1, Fraction(1)),
        ("100 %", Fraction(1)),
    ],
)
def test_written_forms(written, expected):
    assert ANDEL.validate_python(written) == expected


def test_six_sixths_are_exactly_one_hundred_percent():
    shares = [ANDEL.validate_python("1/6") for _ in range(6)]
    assert sum(shares) == 1
    assert format_andel(sum(shares)) == "100 %"


@pytest.mark.parametrize("bad", ["abc", "1/0", "150 %", "-1/2", "2", True, None, [1]])
def test_bad_shares_are_refused(bad):
    with pytest.raises(ValidationError):
        ANDEL.validate_python(bad)


@given(st.fractions(min_value=0, max_value=1, max_denominator=10_000))
def test_share_round_trips_exactly(value):
    text = ANDEL.dump_python(value, mode="json")
    assert ANDEL.validate_python(text) == value


def test_display_forms():
    assert format_prosent(Fraction(1, 3)) == "33,33 %"
    assert format_prosent(Fraction(1, 4)) == "25 %"
    assert format_kroner(Decimal("1500000.50")) == "kr 1\u00a0500\u00a0000,50"


@pytest.mark.parametrize("written", ["1500000", "1 500 000,00", "kr 1500000", 1500000, 1500000.0])
def test_amounts(written):
    assert BELOP.validate_python(written) == Decimal("1500000.00")


@pytest.mark.parametrize("bad", ["-5", "1.234", "NaN", "Infinity", "tusen"])
def test_bad_amounts(bad):
    with pytest.raises(ValidationError):
        BELOP.validate_python(bad)


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\ufffe"])
def test_text_refuses_xml_illegal_characters(char):
    with pytest.raises(ValidationError) as info:
        TEKST.validate_python(f"Avtale{char}tekst")
    assert "kontrolltegn" in str(info.value)


def test_text_keeps_sami_rtl_and_emoji():
    value = "Guovdageaidnu – Čáhcesuolu ŋ ŧ đ \u200f עברית 🤝 <&> {{ x }}"
    assert TEKST.validate_python(value) == value


def test_messages_write_a_share_with_a_decimal_comma_and_the_data_keeps_its_point():
    with pytest.raises(ValidationError) as feil:
        ANDEL.validate_python("150.5 %")
    assert "andelen 150,5 %" in str(feil.value)
    assert vis_andel(Fraction(51, 200)) == "25,5 %"
    assert format_andel(Fraction(51, 200)) == "25.5 %"  # the data's form, read back by the parser
    assert ANDEL.validate_python(vis_andel(Fraction(51, 200))) == Fraction(51, 200)
