"""The avtale-hash a vedtak is bound to: one name for the process area to import.

It is the drafting area's hash (`avtaleflyt.rendering.avtale_hash`: canonical data, template id,
template version and the population figures the cost key uses), so a vedtak binds exactly the
text the council had before it. Imported on use: the drafting area pulls in python-docx and the
templates, which reading a process file does not need.
"""

from __future__ import annotations

from schemas.avtale import Avtale


def avtale_hash(avtale: Avtale) -> str:
    """Hex SHA-256 identifying this exact agreement text."""
    from avtaleflyt.rendering import avtale_hash as drafting_hash

    return drafting_hash(avtale)
