"""Regelkatalogen og regelsjekkene for avtaledata (se docs/lovgrunnlag.md)."""

from schemas.regler.katalog import REGLER, Hjemmel, Regel
from schemas.regler.sjekk import Brudd, sjekk


def hjemmel_tekst(regel_id: str) -> str:
    """Lovgrunnlaget for en regel som tekst («kommuneloven § 20-4 tredje ledd bokstav c»)."""
    regel = REGLER.get(regel_id)
    return str(regel.hjemmel) if regel is not None else regel_id


def katalog_tabell() -> list[dict[str, str]]:
    """Katalogen som rader for `avtale rules`: id, alvorlighet, hjemmel, forklaring (og gjelder)."""
    return [
        {
            "id": r.id,
            "alvorlighet": r.alvorlighet,
            "hjemmel": str(r.hjemmel),
            "forklaring": r.forklaring + ("" if r.verifisert else " [hjemmel ikke kontrollert]"),
            "gjelder": ", ".join(sorted(r.gjelder)),
        }
        for r in REGLER.values()
    ]


__all__ = ["REGLER", "Brudd", "Hjemmel", "Regel", "hjemmel_tekst", "katalog_tabell", "sjekk"]
