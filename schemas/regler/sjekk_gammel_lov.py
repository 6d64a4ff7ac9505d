"""Sjekken etter henvisninger til kommuneloven 1992 (kommuneloven § 31-2) i all tekst i avtalen.

Avtaleteksten leses én gang som helhet; stien til feltet letes bare fram når noe blir funnet.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import re
from typing import Any

from pydantic import BaseModel

from schemas.regler.laster import REGLER
from schemas.regler.sjekk_felles import Ut, brudd

# Kommuneloven 1992: § 27 (interkommunalt styre) og § 28-1 a-k / § 28 a-k (vertskommune), eller
# loven selv. «§ 27-1» og «§ 28-1» uten bokstav er paragrafer i 2018-loven og slår ikke ut.
_GAMMEL_LOV = re.compile(
    r"(?:kommunelov\w*|\bkl\.?)\s*(?:\(?\s*(?:av\s+)?1992\s*\)?\s*)?"
    r"§§?\s*(?:27(?![\d-])|28(?:\s*-\s*1)?\s*[a-k]\b)"
    r"|kommunelov\w*\s+(?:av\s+)?(?:25\.\s*september\s+)?1992"
    r"|lov\s+25\.\s*september\s+1992\s+nr\.?\s*107"
    r"|LOV-1992-09-25-107",
    re.IGNORECASE,
)


KILDETEKST: contextvars.ContextVar[str | None] = contextvars.ContextVar("kildetekst", default=None)

_GAMMEL_LOV_SPOR = re.compile(r"§\s*2[78]|§\\[nt]\s*2[78]|1992")
"""Every match of `_GAMMEL_LOV` contains one of these; a cheap literal scan over all text first."""


def _finn_gammel_lov(verdi: Any, sti: list[str | int], ut: Ut) -> None:
    """Gå gjennom all tekst i avtalen; stien bygges bare når noe blir funnet."""
    t = type(verdi)
    if t is str:
        if ("27" in verdi or "28" in verdi or "1992" in verdi) and (m := _GAMMEL_LOV.search(verdi)):
            brudd(
                ut,
                "KL-31-2-GAMMEL-LOV",
                tuple(sti),
                f"{REGLER['KL-31-2-GAMMEL-LOV'].melding} Fant «{m.group(0)}».",
            )
        return
    if t is list:
        elementer: Any = enumerate(verdi)
    elif isinstance(verdi, BaseModel):
        elementer = verdi.__dict__.items()
    else:
        return
    for nokkel, v in elementer:
        tv = type(v)
        if tv is str or tv is list or (v is not None and isinstance(v, BaseModel)):
            sti.append(nokkel)
            _finn_gammel_lov(v, sti, ut)
            sti.pop()


def sjekk_gammel_lov(avtale: Any, ut: Ut, dato: dt.date) -> None:
    # One C-level serialisation and one regex pass over all text; the field-by-field walk that
    # finds the path runs only when the old act is mentioned somewhere (rarely).
    kilde = KILDETEKST.get()
    blob = kilde if kilde is not None else avtale.model_dump_json()
    if _GAMMEL_LOV_SPOR.search(blob):
        _finn_gammel_lov(avtale, [], ut)
