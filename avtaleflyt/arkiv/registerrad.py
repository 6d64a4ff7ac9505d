"""The register row a milestone tag carries, so `register` can list a municipality's cooperations
from the tags alone, without opening commits, trees or `avtale.json` (issue 15 item 6).

When a milestone tag is written, the archived `avtale.json` at the tagged commit gives one line in
the tag message's body, between the subject and the trailers:

    Registerpost: {"andelstype":…,"deltakere":[[nr, navn, andel], …],"form":…,"parter":[…],…}

compact JSON on one line (what the register prints: title, form, host, each participant's share),
while the legal dates, the version and each council's adoption are the tag's trailers, identical to
the commit's. The line is in the body, not the trailers, so every reader of the trailers sees the
same block as before; an archive written before the line existed simply lacks it, and the register
reads `avtale.json` for those tags. `verify` recomputes the row from the archived `avtale.json` at
the tagged commit and reports a difference (ARKIV-TAG-REGISTER); a signed tag signs the line too.
"""

from __future__ import annotations

import json
from fractions import Fraction

from avtaleflyt.fordeling import beregn_fordeling
from schemas.avtale import AVTALE_ADAPTER, TYPE_NAVN, Avtale

NOKKEL = "Registerpost: "
_START = b"\n\n" + NOKKEL.encode()


def prosent(f: Fraction) -> str:
    tekst = f"{float(f * 100):.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{f.numerator}/{f.denominator} ({tekst} %)" if f.denominator != 1 else f"{tekst} %"


def andeler(avtale: Avtale) -> tuple[str, list[tuple[str, str, str]]]:
    """(kind of share, (kommunenummer, navn, andel) per participant): eierandel where set, else
    the cost share under the key; the share is empty when the agreement sets none."""
    navn = {d.kommunenummer: d.navn for d in avtale.deltakere}
    if any(d.eierandel is not None for d in avtale.deltakere):
        return "eierandel", [
            (d.kommunenummer, d.navn, prosent(d.eierandel) if d.eierandel is not None else "")
            for d in avtale.deltakere
        ]
    try:
        fordeling = beregn_fordeling(avtale)
        return "kostnadsandel", [
            (k.kommunenummer, navn.get(k.kommunenummer, ""), prosent(k.andel)) for k in fordeling
        ]
    except Exception:  # no key, or its parameters are missing: the share is not stated
        return "", [(d.kommunenummer, d.navn, "") for d in avtale.deltakere]


def vert(avtale: Avtale) -> str | None:
    nr = (
        getattr(avtale, "vertskommune", None)
        or getattr(avtale, "hovedkontor", None)
        or getattr(avtale, "kontorkommune", None)
    )
    if nr is None:
        return None
    navn = {d.kommunenummer: d.navn for d in avtale.deltakere}
    return f"{nr} {navn.get(nr, '')}".strip()


def rad(avtale: Avtale) -> dict:
    """The register's data of one archived version of the agreement, as the tag carries it."""
    art, deler = andeler(avtale)
    return {
        "andelstype": art,
        "deltakere": [list(d) for d in deler],
        "form": TYPE_NAVN.get(avtale.type, avtale.type),
        "id": avtale.id,
        "parter": [d.kommunenummer for d in avtale.deltakere],
        "tittel": avtale.tittel,
        "type": avtale.type,
        "vert": vert(avtale),
    }


def rad_fra_json(avtale_json: bytes) -> dict | None:
    """The row from archived `avtale.json` bytes; None when they are not a valid agreement."""
    try:
        return rad(AVTALE_ADAPTER.validate_json(avtale_json))
    except ValueError:
        return None


def linje(r: dict) -> str:
    return NOKKEL + json.dumps(r, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def med_rad(melding: str, r: dict | None) -> str:
    """The tag message with the row as its own paragraph right after the subject."""
    if r is None:
        return melding
    emne, _, resten = melding.partition("\n\n")
    return f"{emne}\n\n{linje(r)}\n\n{resten}"


def les_rad(tagmelding: bytes) -> dict | None:
    """The row in a tag message (the object's text after its header, or a message), or None."""
    i = tagmelding.find(_START)
    if i == -1:
        return None
    start = i + len(_START)
    slutt = tagmelding.find(b"\n", start)
    try:
        r = json.loads(tagmelding[start : slutt if slutt != -1 else None])
    except ValueError:
        return None
    return r if isinstance(r, dict) else None


def uten_rad(tagmelding: str) -> str:
    """The message as it was before the row (what the commit's message says, minus its body)."""
    emne, sep, resten = tagmelding.partition("\n\n")
    if resten.startswith(NOKKEL):
        return emne + sep + resten.split("\n\n", 1)[-1]
    return tagmelding
