"""The hint when shares written as rounded percentages miss 100 %: write them as fractions.

Six equal shares written «16,67 %» sum to 100,02 %, three written «33,33 %» to 99,99 %: the law
(kl. §§ 18-4, 19-4, IKS-loven § 4) needs the shares to add up, and only a fraction («1/6») is exact.
When the shares lie within rounding of simple fractions that do sum to 100 %, the finding says
which fractions to write instead of leaving the lawyer to find the rounding.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from schemas.felles import format_andel

NAER = Fraction(1, 100)
"""A sum further than one percentage point from 100 % is a real error, not rounding."""
AVRUNDING = Fraction(1, 1000)
"""Each share must lie within 0,1 percentage point of its fraction (two decimals of a percent)."""
STORSTE_NEVNER = 24


def brokhint(andeler: Sequence[Fraction]) -> str:
    """« Skriv andelene eksakt …» when simple fractions near the shares sum to exactly 100 %."""
    total = sum(andeler, Fraction(0))
    if total == 1 or abs(total - 1) > NAER:
        return ""
    forslag = [a.limit_denominator(STORSTE_NEVNER) for a in andeler]
    if sum(forslag, Fraction(0)) != 1 or any(
        abs(f - a) > AVRUNDING for f, a in zip(forslag, andeler, strict=True)
    ):
        return ""
    return (
        " Avrundet prosent går sjelden opp i 100 %; skriv andelene eksakt, som brøk der prosenten "
        "ikke går opp (i samme rekkefølge): "
        + ", ".join(f"«{format_andel(f)}»" for f in forslag)
        + "."
    )
