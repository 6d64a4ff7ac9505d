"""Record a party's signature on the adopted text (kl. § 6-1 annet ledd: ordføreren signerer)."""

from __future__ import annotations

import datetime as dt
import os

from avtaleflyt.prosess import avtale_hash as hash_av
from avtaleflyt.tjenester.felles import Registrert, lag_post, lagre, last, mappe_for, unik_id
from schemas.prosess import Signatur


def registrer_signatur(
    avtale: str | os.PathLike,
    *,
    kommune: str,
    dato: dt.date,
    at: dt.date,
    navn: str | None = None,
    rolle: str | None = None,
    fullmakt: str | None = None,
    sted: str | None = None,
    versjon: int | None = None,
    avtale_hash: str | None = None,
    korrigerer: str | None = None,
    post_id: str | None = None,
) -> Registrert:
    """The signature of `kommune` on `dato`: name, role and place from the agreement's signatar
    for the municipality unless given (role «ordfører» when none); the current text unless
    version and hash are given."""
    mappe = mappe_for(avtale)
    a, prosess = last(mappe)
    signatar = next(
        (d.signatar for d in a.deltakere if d.kommunenummer == kommune and d.signatar), None
    )
    v = versjon or a.versjon
    post = lag_post(
        Signatur,
        {
            "id": post_id or unik_id(f"signatur-{kommune}-v{v}", prosess),
            "kommune": kommune,
            "navn": navn or (signatar.navn if signatar else None),
            "rolle": rolle or (signatar.rolle if signatar else "ordfører"),
            "fullmakt": fullmakt,
            "dato": dato,
            "sted": sted or (signatar.sted if signatar else None),
            "versjon": v,
            "avtale_hash": avtale_hash or hash_av(a),
            "korrigerer": korrigerer,
        },
    )
    return lagre(mappe, post, at, a, id_fra=None if post_id else f"signatur-{kommune}-v{v}")
