"""Political treatment: the saksframlegg sent to a meeting, the body's vedtak (or innstilling) on
the text that was before it, and kommunestyret's delegation in a vertskommune cooperation."""

from __future__ import annotations

import datetime as dt
import os

from avtaleflyt.prosess import avtale_hash as hash_av
from avtaleflyt.tjenester.feil import UgyldigInndata, UkjentMote
from avtaleflyt.tjenester.felles import (
    Registrert,
    finn_mote,
    lag_post,
    lagre,
    last,
    mappe_for,
    unik_id,
)
from schemas.avtale import Avtale
from schemas.prosess import Delegering, Prosess, Saksframlegg, Vedtak


def tekst_for_organet(
    avtale: Avtale,
    prosess: Prosess,
    mote: str,
    kommune: str,
    versjon: int | None,
    hash_: str | None,
) -> tuple[int, str]:
    """Version and hash of the text before the body: as given, else the latest saksframlegg sent
    to that meeting, else the current text. An older version cannot be hashed from avtale.yaml,
    so it needs its hash (`UgyldigInndata`)."""
    if hash_ is not None:
        return versjon or avtale.versjon, hash_
    sendt = [s for s in prosess.saksframlegg if s.mote == mote and s.kommune == kommune]
    if versjon is not None:
        sendt = [s for s in sendt if s.versjon == versjon]
    if sendt:
        siste = max(sendt, key=lambda s: s.dato)
        return siste.versjon, siste.avtale_hash
    if versjon is None or versjon == avtale.versjon:
        return avtale.versjon, hash_av(avtale)
    raise UgyldigInndata(
        "versjon",
        (
            f"versjon {versjon} trenger også avtale-hashen i saksframlegget; bare gjeldende versjon "
            f"{avtale.versjon} kan regnes ut fra avtale.yaml"
        ),
        trenger="avtale_hash",
    )


def registrer_saksframlegg(
    avtale: str | os.PathLike,
    *,
    mote: str,
    kommune: str,
    dato: dt.date,
    at: dt.date,
    saksnummer: str | None = None,
    dokument: str | None = None,
    versjon: int | None = None,
    avtale_hash: str | None = None,
    post_id: str | None = None,
) -> Registrert:
    """The saksframlegg with the agreement text sent to `mote` on `dato`, bound to the text's
    avtale-hash (the current text unless version and hash are given)."""
    mappe = mappe_for(avtale)
    a, prosess = last(mappe)
    post = lag_post(
        Saksframlegg,
        {
            "id": post_id or unik_id(f"saksframlegg-{kommune}-{mote}", prosess),
            "kommune": kommune,
            "mote": mote,
            "dato": dato,
            "versjon": versjon or a.versjon,
            "avtale_hash": avtale_hash or hash_av(a),
            "saksnummer": saksnummer,
            "dokument": dokument,
        },
    )
    return lagre(mappe, post, at, a, id_fra=None if post_id else f"saksframlegg-{kommune}-{mote}")


def registrer_vedtak(
    avtale: str | os.PathLike,
    *,
    mote: str,
    kommune: str,
    utfall: str,
    vedtakstekst: str,
    at: dt.date,
    organ: str | None = None,
    motedato: dt.date | None = None,
    saksnummer: str | None = None,
    votering: dict | None = None,
    versjon: int | None = None,
    avtale_hash: str | None = None,
    korrigerer: str | None = None,
    merknad: str | None = None,
    post_id: str | None = None,
) -> Registrert:
    """A body's decision in `mote`: organ, meeting date and saksnummer from the calendar unless
    given, the text from `tekst_for_organet`. A meeting outside the calendar needs organ and
    date (else `UkjentMote`); `votering` holds enstemmig/for/mot/avholdende."""
    mappe = mappe_for(avtale)
    a, prosess = last(mappe)
    versjon, hash_ = tekst_for_organet(a, prosess, mote, kommune, versjon, avtale_hash)
    try:
        m = finn_mote(prosess, mote)
    except UkjentMote:
        if not (organ and motedato):
            raise
        m = None
    post = lag_post(
        Vedtak,
        {
            "id": post_id or unik_id(f"vedtak-{kommune}-{mote}", prosess),
            "kommune": kommune,
            "organ": organ or (m.organ if m else None),
            "mote": mote,
            "motedato": motedato or (m.dato if m else None),
            "saksnummer": saksnummer or (m.saksnummer if m else None),
            "utfall": utfall,
            "vedtakstekst": vedtakstekst,
            "votering": votering,
            "versjon": versjon,
            "avtale_hash": hash_,
            "korrigerer": korrigerer,
            "merknad": merknad,
        },
    )
    return lagre(mappe, post, at, a, id_fra=None if post_id else f"vedtak-{kommune}-{mote}")


def registrer_delegering(
    avtale: str | os.PathLike,
    *,
    mote: str,
    kommune: str,
    vedtakstekst: str,
    at: dt.date,
    saksnummer: str | None = None,
    post_id: str | None = None,
) -> Registrert:
    """Kommunestyret's delegation decision in `mote` (kl. § 20-2 annet ledd, § 20-3): date and
    saksnummer from the calendar."""
    mappe = mappe_for(avtale)
    a, prosess = last(mappe)
    m = finn_mote(prosess, mote)
    post = lag_post(
        Delegering,
        {
            "id": post_id or unik_id(f"delegering-{kommune}", prosess),
            "kommune": kommune,
            "mote": mote,
            "dato": m.dato,
            "saksnummer": saksnummer or m.saksnummer,
            "vedtakstekst": vedtakstekst,
        },
    )
    return lagre(mappe, post, at, a, id_fra=None if post_id else f"delegering-{kommune}")
