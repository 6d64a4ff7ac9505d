"""Shared value types of agreement data: text, slugs, kommunenummer, exact shares and NOK amounts.

Shares are `fractions.Fraction` so that six shares of «1/6» sum to exactly 100 %; amounts are
`Decimal` with two places. Each type serialises back to the form a lawyer writes, so data survives
YAML → model → YAML unchanged.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Annotated, Any, Literal

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
"""A place: the kommune where something is (an IKS's hovedkontor, which the selskapsavtale names as a
kommune, IKS-loven § 4). A party is a `Deltakernummer`; a participant named for a task it keeps for
the others is a `KommuneEllerFylkesnummer`."""

DeltakerArt = Literal["kommune", "fylkeskommune", "iks"]
"""Who may take part in an inter-municipal cooperation: kommuner and fylkeskommuner (kommuneloven
§ 17-1 første ledd) and, in an IKS only, other IKS (IKS-loven § 1)."""

DELTAKERART_ETTER_LENGDE: dict[int, DeltakerArt] = {4: "kommune", 2: "fylkeskommune", 9: "iks"}
"""The kind a number's length tells: kommunenummer (4), fylkesnummer (2), organisasjonsnummer (9)."""

DELTAKERART_NAVN: dict[str, str] = {
    "kommune": "kommune",
    "fylkeskommune": "fylkeskommune",
    "iks": "interkommunalt selskap",
}


def deltakerart(nummer: str) -> DeltakerArt | None:
    """The kind of participant a well-formed number denotes, or None for a malformed one."""
    return DELTAKERART_ETTER_LENGDE.get(len(nummer)) if nummer.isdigit() else None


def _nummer_fra_tall(value: Any) -> Any:
    """YAML reads `kommunenummer: 0301` as a number and drops the leading zero: 301 → «0301», 3 → «03»."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        if value < 100:
            return f"{value:02d}"
        if value < 10_000:
            return f"{value:04d}"
        return str(value)
    return value


Deltakernummer = Annotated[
    str,
    BeforeValidator(_nummer_fra_tall),
    Field(
        pattern=r"^(\d{2}|\d{4}|\d{9})$",
        description=(
            "Deltakerens nummer: kommunenummer (fire siffer) for en kommune, fylkesnummer (to siffer) "
            "for en fylkeskommune, organisasjonsnummer (ni siffer) for et interkommunalt selskap"
        ),
    ),
]
"""A party to an agreement. The length tells the kind (`deltakerart`), so the data keeps the key
`kommunenummer` and every existing agreement stays valid; a county writes «50», an IKS its
organisasjonsnummer."""

KommuneEllerFylkesnummer = Annotated[
    str,
    BeforeValidator(_nummer_fra_tall),
    Field(
        pattern=r"^(\d{2}|\d{4})$",
        description=(
            "Kommunenummer (fire siffer) for en kommune eller fylkesnummer (to siffer) for en "
            "fylkeskommune"
        ),
    ),
]
"""A participant named for a task it keeps for the others (kontorkommune: accounts and archive). A
cooperation of fylkeskommuner has a fylkeskommune there (Østlandssamarbeidet), so two digits are
allowed; an IKS is not (it cannot take part in the kommunelov's forms)."""


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
            f"andelen {vis_andel(result)} er utenfor 0–100 %; skriv prosent med %-tegn («25 %») "
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


def vis_andel(value: Fraction) -> str:
    """`format_andel` as a message to a Norwegian reader writes it: decimal comma («25,5 %»).

    `format_andel` keeps the decimal point because it is also the data's own form (what the
    serializer writes back and the avtale-hash covers); the parser reads both."""
    return format_andel(value).replace(".", ",")


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
