"""The embedded local Prefect default: call `forbered_lokal_prefect()` before importing Prefect.

- `PREFECT_HOME` in the working directory (`.prefect/`, gitignored) unless already set;
- analytics off, no network; SQLite (`$PREFECT_HOME/prefect.db`);
- ephemeral start-up timeout raised to 180 s: a fresh home runs the database migrations on the
  first start, which takes ~23 s on 2 cores against Prefect's 20 s default;
- `migrer()` runs those migrations up front, with a message, so the first flow run does not
  look hung and the ephemeral server then starts from a warm database.

A `PREFECT_API_URL` already set (a real server) is respected: nothing local is started.

`krev_stier` is a pull step of prefect.yaml: a worker's run stops before the flow when a path
setting is missing, instead of writing the archive into its working directory.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable
from pathlib import Path

STANDARD_MAPPE = ".prefect"
OPPSTART_TIDSAVBRUDD = "180"
STIER = {
    "AVTALE_AVTALER": "avtalemappen",
    "AVTALE_ARKIV": "arkivet",
    "AVTALE_DOKUMENTER": "dokumentmappen",
}
"""The path settings a worker's flow run needs, and what each names."""


class ManglendeInnstilling(RuntimeError):
    """A setting a worker's run needs is missing or empty (Norwegian message)."""


def krev_stier(**_: object) -> dict[str, str]:
    """Pull step (prefect.yaml): refuse to start a run whose path settings are missing or empty.

    prefect.yaml fills the job's environment from `{{ $AVTALE_ARKIV }}` and the like when
    `prefect deploy` runs; a variable unset there becomes an empty string, and an empty path is
    the working directory, so the archive would be written into the checkout. Returns no
    `directory`, so the working directory the step before set stays in force."""
    mangler = [f"{navn} ({hva})" for navn, hva in STIER.items() if not os.environ.get(navn)]
    if mangler:
        raise ManglendeInnstilling(
            "kjøringen mangler " + ", ".join(mangler) + ": sett dem før «prefect deploy --all» "
            "(de skrives inn i deploymentene) og registrer på nytt; se docs/prefect.md"
        )
    return {}


def forbered_lokal_prefect(arbeidsmappe: str | os.PathLike | None = None) -> Path:
    """Set the environment for local Prefect and return the Prefect home. Idempotent.

    Must run before `import prefect` in this process for the settings to take effect; child
    processes inherit the environment.
    """
    if "PREFECT_HOME" not in os.environ:
        os.environ["PREFECT_HOME"] = str(Path(arbeidsmappe or Path.cwd()) / STANDARD_MAPPE)
    hjem = Path(os.environ["PREFECT_HOME"])
    hjem.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", OPPSTART_TIDSAVBRUDD)
    os.environ.setdefault("PREFECT_UI_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    if "prefect" in sys.modules:
        # settings are read lazily per context in Prefect 3; refresh the cached current settings
        try:  # Prefect is imported only after this function has set its environment
            from prefect.context import refresh_global_settings_context

            refresh_global_settings_context()
        except ImportError:  # pragma: no cover - older Prefect
            pass
    return hjem


def databasen_er_migrert(hjem: Path | None = None) -> bool:
    hjem = Path(hjem or os.environ["PREFECT_HOME"])
    return (hjem / "prefect.db").is_file() and (hjem / ".avtaleflyt-migrert").is_file()


def migrer(melding: Callable[[str], None] | None = None) -> bool:
    """Run Prefect's database migrations for the local SQLite home if not done yet.

    Returns True when it migrated. Does nothing against a remote server (`PREFECT_API_URL`).
    """
    if os.environ.get("PREFECT_API_URL"):
        return False
    hjem = forbered_lokal_prefect()
    if databasen_er_migrert(hjem):
        return False
    if melding:
        melding("Forbereder lokal Prefect-database første gang (kan ta et halvt minutt) …")
    # Prefect is imported only after forbered_lokal_prefect has set its environment
    from prefect.server.database import provide_database_interface

    db = provide_database_interface()
    asyncio.run(db.create_db())
    (hjem / ".avtaleflyt-migrert").write_text("ok\n", encoding="utf-8")
    return True
