"""The one rule catalogue, for agreement rules and process rules, and the agreement checks.

The rules are data: schemas/regler/katalog/*.yaml (see its README.md and docs/lovgrunnlag.md).
`REGLER` holds them all; `AVTALEREGLER` and `PROSESSREGLER` the two kinds. `sjekk(avtale)` runs the
agreement rules; the process rules are checked by `avtaleflyt.prosess`.
"""

from schemas.regler.laster import REGLER
from schemas.regler.modell import (
    ALLE_TYPER,
    PROSESS,
    VERTSKOMMUNETYPER,
    Alvorlighet,
    Brudd,
    Hjemmel,
    Regel,
    Sti,
)
from schemas.regler.sjekk import sjekk

AVTALEREGLER: dict[str, Regel] = {k: r for k, r in REGLER.items() if not r.er_prosessregel}
PROSESSREGLER: dict[str, Regel] = {k: r for k, r in REGLER.items() if r.er_prosessregel}

IKKE_KONTROLLERT = " [hjemmel ikke kontrollert]"


def hjemmel_tekst(regel_id: str) -> str:
    """A rule's legal basis as text («kommuneloven § 20-4 tredje ledd bokstav c»)."""
    regel = REGLER.get(regel_id)
    return str(regel.hjemmel) if regel is not None else regel_id


def katalog_tabell() -> list[dict[str, str]]:
    """The catalogue as rows for `avtale rules`: id, alvorlighet, hjemmel, forklaring, gjelder."""
    return [
        {
            "id": r.id,
            "alvorlighet": r.alvorlighet,
            "hjemmel": str(r.hjemmel),
            "forklaring": r.forklaring + ("" if r.verifisert else IKKE_KONTROLLERT),
            "gjelder": ", ".join(sorted(r.gjelder)),
        }
        for r in REGLER.values()
    ]


__all__ = [
    "ALLE_TYPER",
    "AVTALEREGLER",
    "IKKE_KONTROLLERT",
    "PROSESS",
    "PROSESSREGLER",
    "REGLER",
    "VERTSKOMMUNETYPER",
    "Alvorlighet",
    "Brudd",
    "Hjemmel",
    "Regel",
    "Sti",
    "hjemmel_tekst",
    "katalog_tabell",
    "sjekk",
]
