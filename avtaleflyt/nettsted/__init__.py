"""The static website of the archive (issue 16): `avtale nettsted --arkiv A --out MAPPE`.

- `bygg_nettsted(arkiv, ut, *, dato=None, kontroll=True, gjengivelse=True)` in
  `avtaleflyt.nettsted.bygg` builds or updates the site (only changed pages are rewritten);
- `side_url(avtale_id, kommune=None) -> str | None` gives the public address of an agreement's
  page when `AVTALE_NETTSTED_URL` is set, for Prefect artifacts, the task list and notifications.

This module imports only the address helpers, so a caller that just wants a link pays neither
git nor Jinja2.
"""

from avtaleflyt.nettsted.adresse import MILJOVARIABEL, side_url

__all__ = ["MILJOVARIABEL", "side_url"]
