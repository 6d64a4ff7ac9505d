"""After adoption and signature: the notice to statsforvalteren (kl. § 20-4 femte ledd) and the
date the text enters into force."""

from __future__ import annotations

import datetime as dt
import os

from avtaleflyt.prosess import avtale_hash as hash_av
from avtaleflyt.tjenester.felles import Registrert, lag_post, lagre, last, mappe_for, unik_id
from schemas.prosess import Ikrafttredelse, MeldingStatsforvalter


def registrer_melding(
    avtale: str | os.PathLike,
    *,
    dato: dt.date,
    at: dt.date,
    sendt_av: str | None = None,
    dokument: str | None = None,
    post_id: str | None = None,
) -> Registrert:
    """The notice sent on `dato`, by the vertskommune unless `sendt_av` says otherwise."""
    mappe = mappe_for(avtale)
    a, prosess = last(mappe)
    post = lag_post(
        MeldingStatsforvalter,
        {
            "id": post_id or unik_id("melding-statsforvalter", prosess),
            "dato": dato,
            "sendt_av": sendt_av or getattr(a, "vertskommune", None),
            "dokument": dokument,
        },
    )
    return lagre(mappe, post, at, a, id_fra=None if post_id else "melding-statsforvalter")


def registrer_ikrafttredelse(
    avtale: str | os.PathLike,
    *,
    dato: dt.date,
    at: dt.date,
    versjon: int | None = None,
    avtale_hash: str | None = None,
    post_id: str | None = None,
) -> Registrert:
    """The date this version (the current text unless version and hash are given) enters into force."""
    mappe = mappe_for(avtale)
    a, prosess = last(mappe)
    v = versjon or a.versjon
    post = lag_post(
        Ikrafttredelse,
        {
            "id": post_id or unik_id(f"ikrafttredelse-v{v}", prosess),
            "versjon": v,
            "avtale_hash": avtale_hash or hash_av(a),
            "dato": dato,
        },
    )
    return lagre(mappe, post, at, a, id_fra=None if post_id else f"ikrafttredelse-v{v}")
