"""What every secretariat action shares: finding and loading the agreement, record ids, building a
record from the facts given, and the checked append with its result."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from avtaleflyt.findings import Finding
from avtaleflyt.prosess import ProcessInvalid, append_record, load_process, load_process_for
from avtaleflyt.tjenester.feil import UgyldigPost, UkjentMote
from avtaleflyt.validation import find_agreement, load_agreement
from schemas.avtale import Avtale
from schemas.prosess import RECORD_LISTS, Mote, Prosess

PROSESS_FIL = "prosess.yaml"


@dataclass(frozen=True)
class Registrert:
    """A record appended to prosess.yaml: what, where, and the warnings the rules gave."""

    post: BaseModel
    liste: str
    indeks: int
    sti: Path
    advarsler: list[Finding]

    @property
    def id(self) -> str:
        return str(getattr(self.post, "id"))  # noqa: B009 (every record has an id; BaseModel declares none)


def mappe_for(avtale: str | os.PathLike) -> Path:
    """The agreement's folder: a path is taken as it is (the folder may hold only prosess.yaml
    while the first text is being written); an id is looked up under the agreements folder
    (`UnknownAgreement` when there is none)."""
    if isinstance(avtale, os.PathLike):
        return Path(avtale)
    return find_agreement(avtale)


def last(
    avtale: str | os.PathLike, utkast: Avtale | str | os.PathLike | None = None
) -> tuple[Avtale, Prosess]:
    """(agreement, process records). With `utkast` (a text, or the path of its YAML), that text
    stands in for avtale.yaml: a drøfting may come before the first text is laid out in the folder."""
    mappe = mappe_for(avtale)
    if utkast is None:
        return load_process_for(mappe)
    if isinstance(utkast, (str, os.PathLike)):
        utkast = load_agreement(utkast)
    sti = mappe / PROSESS_FIL
    if not sti.exists():
        return utkast, Prosess(avtale=utkast.id)
    lastet = load_process(sti, str(sti))
    if lastet.prosess is None:
        raise ProcessInvalid(lastet.findings)
    return utkast, lastet.prosess


def brukte_ider(prosess: Prosess) -> set[str]:
    return {post.id for liste in RECORD_LISTS.values() for post in getattr(prosess, liste)}


def unik_id(grunnlag: str, prosess: Prosess) -> str:
    """A record id from `grunnlag` (slug, ≤ 70 characters), numbered when already taken."""
    slug = re.sub(r"[^a-z0-9]+", "-", grunnlag.lower()).strip("-")[:70] or "post"
    brukt = brukte_ider(prosess)
    kandidat, n = slug, 2
    while kandidat in brukt:
        kandidat, n = f"{slug}-{n}", n + 1
    return kandidat


def lag_post(modell: type[BaseModel], data: dict) -> BaseModel:
    """The record from the facts given (unset facts left out); `UgyldigPost` when they do not fit."""
    try:
        return modell.model_validate({k: v for k, v in data.items() if v is not None})
    except ValidationError as exc:
        raise UgyldigPost(exc) from None


def finn_mote(prosess: Prosess, mote: str) -> Mote:
    for m in prosess.moter:
        if m.id == mote:
            return m
    raise UkjentMote(mote, [m.id for m in prosess.moter])


def lagre(mappe: Path, post: BaseModel, at: dt.date, avtale: Avtale) -> Registrert:
    """The process area's checked append; raises `RecordRefused`/`ProcessInvalid` unchanged."""
    svar = append_record(mappe, post, at, avtale=avtale)
    return Registrert(post, svar.liste, svar.indeks, svar.path, list(svar.advarsler))


def registrer_post(
    avtale: str | os.PathLike,
    post: BaseModel,
    at: dt.date,
    *,
    utkast: Avtale | str | os.PathLike | None = None,
) -> Registrert:
    """Append a complete record as given (the Prefect form's `Vedtak`, a replayed drøfting)."""
    mappe = mappe_for(avtale)
    a, _ = last(mappe, utkast)
    return lagre(mappe, post, at, a)
