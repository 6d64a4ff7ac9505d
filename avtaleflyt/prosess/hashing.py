"""The avtale-hash a vedtak is bound to: one place, so the drafting area's function replaces it.

The contract is `avtaleflyt.rendering.avtale_hash(avtale) -> str` (canonical data + template id +
template version). Until that module exists, a stand-in hashes the canonical JSON of the data only.
Only a missing `avtaleflyt.rendering` falls back; any other import error is raised, so two kinds
of hash are never mixed silently.
"""

from __future__ import annotations

import hashlib
import json

from schemas.avtale import AVTALE_ADAPTER, Avtale

_RENDERING = "avtaleflyt.rendering"


def _stand_in(avtale: Avtale) -> str:
    data = AVTALE_ADAPTER.dump_python(avtale, mode="json")
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _rendering_hash():
    try:
        from avtaleflyt.rendering import avtale_hash as rendering_hash
    except ModuleNotFoundError as exc:
        if exc.name != _RENDERING:
            raise
        return None
    return rendering_hash


def avtale_hash(avtale: Avtale) -> str:
    """Hex SHA-256 identifying this exact agreement text."""
    real = _rendering_hash()
    return real(avtale) if real is not None else _stand_in(avtale)


def uses_stand_in() -> bool:
    """True while the drafting area's `avtale_hash` is not installed."""
    return _rendering_hash() is None
