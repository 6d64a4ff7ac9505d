"""The process rules over the records on a date: `sjekk(prosess, avtale, at)`.

Each finding is a `Brudd` at a field path in prosess.yaml (made by `avtaleflyt.prosess.brudd`).
The rules ask `fakta` and `frister` for every legal fact; they only judge and word the finding.
"""

from __future__ import annotations

import datetime as dt

from avtaleflyt.prosess import kontroll_moter, kontroll_vedtak
from avtaleflyt.prosess.brudd import Brudd
from avtaleflyt.prosess.kontekst import Kontekst
from schemas.avtale import Avtale
from schemas.prosess import Prosess


def sjekk(
    prosess: Prosess, avtale: Avtale | None, at: dt.date, *, avtale_hash: str | None = None
) -> list[Brudd]:
    """Every process rule broken on date `at`. Rules that need the agreement skip without it."""
    return sjekk_kontekst(Kontekst(avtale, prosess, at, avtale_hash))


def sjekk_kontekst(k: Kontekst) -> list[Brudd]:
    ut: list[Brudd] = []
    ut += kontroll_moter.sjekk_id(k)
    ut += kontroll_moter.sjekk_moter(k)
    ut += kontroll_moter.sjekk_drofting(k)
    ut += kontroll_moter.sjekk_saksframlegg(k)
    ut += kontroll_vedtak.sjekk_vedtak(k)
    ut += kontroll_vedtak.sjekk_signaturer(k)
    ut += kontroll_vedtak.sjekk_vertskommune(k)
    ut += kontroll_vedtak.sjekk_ikraft(k)
    return ut
