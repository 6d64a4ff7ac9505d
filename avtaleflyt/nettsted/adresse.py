"""Where each page of the static site lies, and its public address when one is configured.

One place for the site's layout: the builder writes every page at the path these functions give,
and the workflow (Prefect artifacts, the task list, notifications) links to the same path through
`side_url`, so a link cannot point where the builder did not write. Paths are relative (POSIX)
so the site works from `file://` and from any folder of a web server.

The public base address is the environment variable `AVTALE_NETTSTED_URL` (named like the other
settings, `AVTALE_ARKIV` and `AVTALE_AVTALER`), e.g. `https://kommune.no/samarbeid/`. Without it
there is no published site and `side_url` returns None, so a caller leaves the link out.
"""

from __future__ import annotations

import os
import re
from urllib.parse import quote

MILJOVARIABEL = "AVTALE_NETTSTED_URL"

_TRYGG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def _del(navn: str) -> str:
    """One path segment; an id that could climb out of its folder is refused, not escaped."""
    if not _TRYGG.match(navn) or navn in (".", ".."):
        raise ValueError(f"«{navn}» kan ikke brukes som del av en adresse på nettstedet")
    return navn


def startside() -> str:
    return "index.html"


def kontrollside() -> str:
    return "kontroll.html"


def stilark() -> str:
    return "stil.css"


def kommuneside(kommunenummer: str) -> str:
    return f"kommuner/{_del(kommunenummer)}.html"


def avtaleside(avtale_id: str) -> str:
    return f"avtaler/{_del(avtale_id)}/index.html"


def versjonsside(avtale_id: str, versjon: int) -> str:
    return f"avtaler/{_del(avtale_id)}/v{int(versjon)}.html"


def endringsside(avtale_id: str, fra: int, til: int) -> str:
    return f"avtaler/{_del(avtale_id)}/endringer-v{int(fra)}-v{int(til)}.html"


def filsti(avtale_id: str, versjon: int, filnavn: str) -> str:
    """A downloadable archived document of one version, bytes as archived."""
    return f"avtaler/{_del(avtale_id)}/filer/v{int(versjon)}/{_del(filnavn)}"


def arkivfil(avtale_id: str, versjon: int, sti: str) -> str:
    """The download of an archived file of one version, from its path inside `<id>/`: a document
    (`dokumenter/<f>`) at `filsti`, an attachment (`vedlegg/<f>`) in the folder `vedlegg/` beside
    it (its name may be any a document also has), any other file by its name."""
    mappe, _, navn = sti.rpartition("/")
    if mappe == "vedlegg":
        return f"avtaler/{_del(avtale_id)}/filer/v{int(versjon)}/vedlegg/{_del(navn)}"
    if mappe not in ("", "dokumenter"):
        raise ValueError(f"«{sti}» er ikke en fil nettstedet tilbyr for nedlasting")
    return filsti(avtale_id, versjon, navn)


def vedtaksside(avtale_id: str, versjon: int) -> str:
    """«Vedtak i deltakerkommunene» of one version, the archived document as a page."""
    return f"avtaler/{_del(avtale_id)}/vedtak-v{int(versjon)}.html"


def kommuneanker(kommunenummer: str) -> str:
    """The anchor of a participant's decisions on an agreement's page."""
    return f"kommune-{_del(kommunenummer)}"


def relativ(fra: str, til: str) -> str:
    """The relative link from page `fra` to path `til` (both site paths as above)."""
    opp = fra.count("/")
    return "../" * opp + til


def grunnadresse() -> str | None:
    """The configured public address of the site, ending in «/», or None."""
    verdi = os.environ.get(MILJOVARIABEL, "").strip()
    if not verdi:
        return None
    return verdi if verdi.endswith("/") else verdi + "/"


def side_url(avtale_id: str, kommune: str | None = None) -> str | None:
    """The public address of an agreement's page (with `kommune`: at that participant's decisions),
    or None when no site address is configured (`AVTALE_NETTSTED_URL`).

    Only the address is computed; whether the page exists depends on the site having been built
    from an archive holding the agreement (`avtale nettsted`)."""
    base = grunnadresse()
    if base is None:
        return None
    url = base + quote(avtaleside(avtale_id))
    if kommune is not None:
        url += "#" + kommuneanker(kommune)
    return url
