"""What every secretariat action shares: finding and loading the agreement, record ids, building a
record from the facts given, and the checked append with its result."""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from avtaleflyt.findings import Finding
from avtaleflyt.prosess import ProcessInvalid, append_record, load_process, load_process_for
from avtaleflyt.tjenester.feil import UgyldigInndata, UgyldigPost, UkjentMote
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


REFERANSER = ("saksnummer", "dokument", "protokoll")
"""Record fields that name a case or a document in another system: they are searched for, copied
into commit trailers and journals, and must be exactly what they look like."""


def tegnproblem(verdi: str) -> str | None:
    """Why `verdi` cannot be a case number or reference: a line break, or a character that is
    invisible or reorders the text (control, bidi, zero-width: Unicode Cc, Cf, Zl, Zp)."""
    for tegn in verdi:
        if tegn in "\n\r\u2028\u2029\x85":
            return "inneholder et linjeskift; saksnummer og referanser står på én linje"
        if unicodedata.category(tegn) in ("Cc", "Cf", "Zl", "Zp"):
            navn = unicodedata.name(tegn, "kontrolltegn")
            return (
                f"inneholder det usynlige tegnet U+{ord(tegn):04X} {navn}, som kan få teksten "
                "til å se ut som noe annet enn den er"
            )
    return None


def _kontroller_referanser(post: BaseModel) -> None:
    for felt in REFERANSER:
        verdi = getattr(post, felt, None)
        grunn = tegnproblem(verdi) if isinstance(verdi, str) else None
        if grunn and isinstance(verdi, str):
            raise UgyldigInndata(felt, f"«{verdi.strip()}» {grunn}. Ingenting er registrert.")


def lagre(
    mappe: Path, post: BaseModel, at: dt.date, avtale: Avtale, *, id_fra: str | None = None
) -> Registrert:
    """The process area's checked append; raises `RecordRefused`/`ProcessInvalid` unchanged.

    `id_fra` (when the clerk gave no id) is the stem of an automatic id, chosen under the
    folder's write lock (`unik_id` on the process as it is then), so simultaneous records of the
    same kind each get their own."""
    _kontroller_referanser(post)
    ny_id = None if id_fra is None else (lambda prosess: unik_id(id_fra, prosess))
    svar = append_record(mappe, post, at, avtale=avtale, new_id=ny_id)
    return Registrert(svar.post or post, svar.liste, svar.indeks, svar.path, list(svar.advarsler))


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
