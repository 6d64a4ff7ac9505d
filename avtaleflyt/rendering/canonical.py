"""The canonical serialisation of an agreement and the avtale-hash that binds decisions to a text."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from avtaleflyt.fordeling import FordelingsFeil, brukte_folketall, brukte_folketall_eierandel
from avtaleflyt.rendering.bidrag import brukte_folketall_bidrag, brukte_folketall_innskudd
from avtaleflyt.rendering.template_files import template_id, template_version

HASH_SCHEME = "avtaleflyt-avtale-hash/1"


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"kan ikke serialisere verdi av typen {type(value).__name__} kanonisk")


def canonical_json(avtale: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8, shares as exact «p/q», amounts with two decimals, ISO dates.

    Empty (None) fields are left out, so adding an optional field to the model does not change the
    hash of agreements that do not use it.
    """
    data = _plain(avtale.model_dump(mode="python"))
    return json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode()


def parameters_json(avtale: Any) -> bytes:
    """Figures from outside the agreement data that its text shows: population per 1 January, for
    the cost key and (only when the agreement has one, so other hashes stay as they were) for the
    contribution, the innskudd per inhabitant and ownership shares that follow the population."""
    parametre: dict[str, Mapping[str, int | str]] = {}
    for navn, hent in (
        ("folketall", brukte_folketall),
        ("folketall_bidrag", brukte_folketall_bidrag),
        ("folketall_innskudd", brukte_folketall_innskudd),
        ("folketall_eierandel", brukte_folketall_eierandel),
    ):
        try:
            parametre[navn] = hent(avtale)
        except FordelingsFeil as exc:  # the renderer reports it; the hash must still be computable
            parametre[navn] = {"mangler": str(exc)}
    for valgfri in ("folketall_bidrag", "folketall_innskudd", "folketall_eierandel"):
        if not parametre[valgfri]:
            del parametre[valgfri]
    return json.dumps(parametre, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def avtale_hash(avtale: Any, templates_dir: str | Path | None = None) -> str:
    """Hex SHA-256 over canonical data + template id + template version + the population figures
    the cost key and the amounts per inhabitant use (they stand in the document, so they are
    part of what councils adopt)."""
    h = hashlib.sha256()
    for part in (
        HASH_SCHEME.encode(),
        template_id(avtale.type).encode(),
        template_version(templates_dir).encode(),
        canonical_json(avtale),
        parameters_json(avtale),
    ):
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()
