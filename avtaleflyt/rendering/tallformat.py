"""How the documents write numbers: shares, amounts, counts; one style for every agreement.

Shares follow one rule. A share the data states (an eierandel, an agreed share, the fixed part of a
key) is written as the data has it, exactly: «20 %», «25,5 %», «1/3». A share the key computes is
written in the cost table as a percentage with two decimals in every row («22,79 %», «29,25 %»,
«20,00 %»), and the table says so when any of them is rounded; the exact fraction is not printed
beside it, for the basis column (folketall or bruk, with its sum) is what explains the key.

Amounts and percentages carry a no-break space («kr 1 200 000», «29,25 %») in every output format,
so a line never ends between «kr» and its figure or inside a figure.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from typing import Any

from schemas.felles import format_kroner, format_prosent

NBSP = "\u00a0"

_TALLORD = [
    "null",
    "en",
    "to",
    "tre",
    "fire",
    "fem",
    "seks",
    "sju",
    "åtte",
    "ni",
    "ti",
    "elleve",
    "tolv",
]


def tall(n: int) -> str:
    """«31 914»: digit groups joined by no-break spaces."""
    return f"{n:,}".replace(",", NBSP)


def prosent(value: Any) -> str:
    """A computed share in a table: always two decimals, «33,33 %», «20,00 %»."""
    shown = format_prosent(Fraction(value))
    if "," not in shown:
        shown = shown.replace(" %", ",00 %")
    return shown.replace(" %", NBSP + "%")


def avrundet(value: Any) -> bool:
    """Whether `prosent` rounds the share (it is not a whole number of hundredths of a percent)."""
    return (Fraction(value) * 10000).denominator != 1


def andel_som_foer(value: Fraction) -> str:
    """How a share printed without a filter reads: «1/3 (33,33 %)» when the two-decimal
    percentage is not exact, else «25 %». The current templates never print a share without
    `eksakt` or `prosent`; this stays the default because archived templates (renderer 1 and 2)
    print shares bare, and re-rendering them must give the text the councils adopted."""
    shown = format_prosent(value)
    exact = Fraction(shown.replace(" %", "").replace(",", ".")) / 100
    return shown if exact == value else f"{value.numerator}/{value.denominator} ({shown})"


def eksakt(value: Fraction) -> str:
    """A share the data states, as stated: «25 %», «25,5 %» when the percentage is a finite
    decimal, else the fraction «1/3»."""
    prosent_ = value * 100
    rest = prosent_.denominator
    for faktor in (2, 5):
        while rest % faktor == 0:
            rest //= faktor
    if rest != 1:
        return f"{value.numerator}/{value.denominator}"
    tekst = format((Decimal(prosent_.numerator) / Decimal(prosent_.denominator)).normalize(), "f")
    return tekst.replace(".", ",") + NBSP + "%"


def kroner(value: Decimal, ore: bool = False) -> str:
    """«kr 1 500 000», or «kr 1 500 000,00» with `ore` (a column where some amount has øre shows
    øre in every row)."""
    tekst = format_kroner(value)
    if ore and "," not in tekst:
        tekst += ",00"
    return tekst.replace("kr ", "kr" + NBSP, 1)


def har_ore(value: Decimal) -> bool:
    return Decimal(value) != Decimal(value).to_integral_value()


def tallord(n: int, intetkjonn: bool = False) -> str:
    """Counts up to twelve in words, larger ones in figures: one style in every document, as
    Norwegian agreements write them («tolv måneder», «fem medlemmer», «30 dager»)."""
    if n == 1:
        return "ett" if intetkjonn else "én"
    return _TALLORD[n] if 0 <= n <= 12 else tall(n)


def maaneder(n: int) -> str:
    return f"{tallord(n)} måned" if n == 1 else f"{tallord(n)} måneder"


def antall(n: int, entall: str, flertall: str) -> str:
    """«ett medlem», «tre medlemmer»: the number with the noun in the right grammatical number."""
    return f"{tallord(n, intetkjonn=True)} {entall if n == 1 else flertall}"


_KR = re.compile(r"\bkr (?=[-\u2212]?\d)")
_KR_GRUPPER = re.compile(r"(?<=kr\u00a0)([-\u2212]?\d{1,3})((?: \d{3})+)(?![\d])")
_PROSENT = re.compile(r"(?<=\d) %")


def ubrutt(text: str) -> str:
    """Join «kr» to its amount, the digit groups of that amount, and «%» to its figure with
    no-break spaces, also where a free text in the data writes them with plain spaces
    («kr 1 200 000» in an oppgjør clause). Other digits are left alone: «§ 20 2» cannot occur, but
    a year after a count could, and must not be glued."""
    text = _KR.sub("kr" + NBSP, text)
    text = _KR_GRUPPER.sub(lambda m: m.group(1) + m.group(2).replace(" ", NBSP), text)
    return _PROSENT.sub(NBSP + "%", text)
