"""Shared value types of agreement data: text, slugs, kommunenummer, exact shares and NOK amounts.

Shares are `fractions.Fraction` so that six shares of «1/6» sum to exactly 100 %; amounts are
`Decimal` with two places. Each type serialises back to the form a lawyer writes, so data survives
YAML → model → YAML unchanged.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer, WithJsonSchema

# Characters XML 1.0 cannot hold: C0 controls except tab/newline/CR, surrogates, U+FFFE/U+FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(value: str) -> str:
    match = _XML_ILLEGAL.search(value)
    if match:
        raise ValueError(
            f"teksten inneholder et kontrolltegn (U+{ord(match.group()):04X}) på plass "
            f"{match.start() + 1} som et Word-dokument ikke kan lagre"
        )
    return value


Tekst = Annotated[str, AfterValidator(_xml_safe)]
"""Free text that can be written into a Word document (no XML-illegal control characters)."""

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, min_length=2, max_length=80)]
"""Agreement id: lowercase ASCII letters, digits and single hyphens; never `/`, `..` or a leading `-`."""

Kommunenummer = Annotated[
    str,
    BeforeValidator(lambda v: f"{v:04d}" if isinstance(v, int) and not isinstance(v, bool) else v),
    Field(pattern=r"^\d{4}$", description="Kommunenummer (fire siffer) fra SSBs kommuneliste"),
]


def parse_andel(value: Any) -> Fraction:
    """Read a share as a lawyer writes it: «1/6», «33,5 %», «25 %», «0.25» or a Fraction."""
    if isinstance(value, Fraction):
        result = value
    elif isinstance(value, bool):
        raise ValueError("en andel kan ikke være sann/usann")
    elif isinstance(value, int):
        result = Fraction(value)
    elif isinstance(value, (float, Decimal)):
        result = Fraction(Decimal(str(value)))
    elif isinstance(value, str):
        result = _parse_andel_text(value)
    else:
        raise ValueError(
            "en andel skrives som brøk («1/6»), prosent («25 %») eller desimaltall («0.25»)"
        )
    if result < 0 or result > 1:
        raise ValueError(
            f"andelen {format_andel(result)} er utenfor 0–100 %; skriv prosent med %-tegn («25 %») "
            "eller som brøk («1/4»)"
        )
    return result


def _parse_andel_text(text: str) -> Fraction:
    raw = text.strip().replace("\u00a0", " ")
    try:
        if raw.endswith("%"):
            number = Decimal(raw[:-1].strip().replace(",", "."))
            return Fraction(number) / 100
        if "/" in raw:
            num, _, den = raw.partition("/")
            fraction = Fraction(int(num.strip()), int(den.strip()))
            return fraction
        return Fraction(Decimal(raw.replace(",", ".")))
    except (InvalidOperation, ValueError, ZeroDivisionError):
        raise ValueError(
            f"«{text}» er ikke en andel; skriv brøk («1/6»), prosent («25 %») eller desimaltall («0.25»)"
        ) from None


def format_andel(value: Fraction) -> str:
    """Exact text form: «25 %» when the percentage is a finite decimal, otherwise «p/q»."""
    percent = value * 100
    den = percent.denominator
    while den % 2 == 0:
        den //= 2
    while den % 5 == 0:
        den //= 5
    if den == 1:
        decimal = Decimal(percent.numerator) / Decimal(percent.denominator)
        text = format(decimal.normalize(), "f")
        return f"{text} %"
    return f"{value.numerator}/{value.denominator}"


def format_prosent(value: Fraction, places: int = 2) -> str:
    """Human form with a decimal comma for documents: «33,33 %» (rounded only for display)."""
    rounded = round(Decimal(value.numerator) / Decimal(value.denominator) * 100, places)
    text = (
        format(rounded.normalize(), "f")
        if rounded == rounded.to_integral()
        else f"{rounded:.{places}f}"
    )
    return text.replace(".", ",") + " %"


Andel = Annotated[
    Fraction,
    BeforeValidator(parse_andel),
    PlainSerializer(format_andel, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {
                    "type": "string",
                    "pattern": r"^\s*(\d+\s*/\s*\d+|\d+([.,]\d+)?\s*%|\d+([.,]\d+)?)\s*$",
                },
                {"type": "number", "minimum": 0, "maximum": 1},
            ],
            "description": "Andel: brøk («1/6»), prosent («25 %») eller desimaltall («0.25»)",
        }
    ),
]


def _parse_belop(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError("et beløp kan ikke være sann/usann")
    if isinstance(value, float):
        value = str(value)
    if isinstance(value, str):
        value = value.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        if value.lower().startswith("kr"):
            value = value[2:]
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(f"«{value}» er ikke et beløp i kroner") from None
    if not amount.is_finite():
        raise ValueError("beløpet må være et endelig tall")
    if amount < 0:
        raise ValueError("beløpet kan ikke være negativt")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError("beløpet kan ha høyst to desimaler (øre)")
    return amount.quantize(Decimal("0.01"))


def format_belop(value: Decimal) -> str:
    """Canonical form for data: «1500000.00»."""
    return f"{value:.2f}"


def format_kroner(value: Decimal) -> str:
    """Document form: «kr 1 500 000» or «kr 1 500 000,50»."""
    whole = int(value)
    ore = int((value - whole) * 100)
    grouped = f"{whole:,}".replace(",", "\u00a0")
    return f"kr {grouped}" + (f",{ore:02d}" if ore else "")


Belop = Annotated[
    Decimal,
    BeforeValidator(_parse_belop),
    PlainSerializer(format_belop, return_type=str),
    WithJsonSchema(
        {"type": ["string", "number"], "description": "Beløp i kroner, høyst to desimaler"}
    ),
]
