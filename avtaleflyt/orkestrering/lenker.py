"""Addresses a clerk's browser can open, for links in Prefect artifacts and notifications.

A rendered document lies on the host that ran the flow (`AVTALE_DOKUMENTER`, default
`ut/dokumenter`); a `file://` link to it opens nothing on the clerk's machine. When the operator
publishes that folder on a web server, `AVTALE_DOKUMENT_URL` is its public address (e.g.
`https://intranett.kommune.no/avtaleflyt/dokumenter/`), and a document's link is that address
plus the file's path inside the folder. Without it there is no link, and the artifact names the
file instead. The auditor's pages of the static site have their own address,
`AVTALE_NETTSTED_URL` (`avtaleflyt.nettsted.adresse.side_url`).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

DOKUMENT_URL = "AVTALE_DOKUMENT_URL"


def dokument_grunnadresse() -> str | None:
    """The configured public address of the documents folder, ending in «/», or None."""
    verdi = os.environ.get(DOKUMENT_URL, "").strip()
    if not verdi:
        return None
    return verdi if verdi.endswith("/") else verdi + "/"


def dokument_url(dokumenter: Path, fil: Path) -> str | None:
    """The public address of `fil` (a file under the documents folder `dokumenter`), or None when
    no address is configured or the file lies outside the folder."""
    base = dokument_grunnadresse()
    if base is None:
        return None
    try:
        rel = fil.resolve().relative_to(dokumenter.resolve())
    except ValueError:
        return None
    return base + quote(rel.as_posix())
