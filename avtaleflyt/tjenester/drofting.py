"""Record a drøftingsmøte with the tillitsvalgte (aml. § 16-5; hovedavtalen del B § 3-1)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable

from avtaleflyt.tjenester.felles import Registrert, lag_post, lagre, last, mappe_for, unik_id
from schemas.avtale import Avtale
from schemas.prosess import Drofting


def registrer_drofting(
    avtale: str | os.PathLike,
    *,
    dato: dt.date,
    kommuner: Iterable[str],
    organisasjoner: Iterable[str],
    at: dt.date,
    tema: Iterable[str] = (),
    protokoll: str | None = None,
    protokolltilforsel: Iterable[tuple[str, str]] = (),
    merknad: str | None = None,
    post_id: str | None = None,
    utkast: Avtale | None = None,
) -> Registrert:
    """A drøfting on `dato`; `protokolltilforsel` as (organisasjon, tekst) pairs. The id is made
    from the date unless given; `utkast` is the text under discussion when the folder has none yet."""
    mappe = mappe_for(avtale)
    a, prosess = last(mappe, utkast)
    post = lag_post(
        Drofting,
        {
            "id": post_id or unik_id(f"drofting-{dato.isoformat()}", prosess),
            "dato": dato,
            "kommuner": list(kommuner),
            "organisasjoner": list(organisasjoner),
            "tema": list(tema),
            "protokoll": protokoll,
            "protokolltilforsel": [{"organisasjon": o, "tekst": t} for o, t in protokolltilforsel],
            "merknad": merknad,
        },
    )
    return lagre(mappe, post, at, a, id_fra=None if post_id else f"drofting-{dato.isoformat()}")
