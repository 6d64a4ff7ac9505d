"""`avtale archive --fjernarkiv URL`: share the archive through a git server (docs/arkiv-deling.md).

Kept apart from `cli/arkiv.py` so that command gains one option and one call: this sets the
archive up (created when missing, the remote added or its URL changed, `avtaleflyt.fjern` set),
and the archive run that follows fetches the shared history first, as every shared write does.
"""

from __future__ import annotations

from pathlib import Path

import typer
from git.exc import GitCommandError

from avtaleflyt.arkiv import Arkiv, ArkivFeil
from avtaleflyt.arkiv.fjern import FJERN_CONFIG, hent_arkiv, koble

FJERNARKIV_HJELP = (
    "Del arkivet gjennom dette git-repoet (f.eks. på kommunens git-server): hver skriving henter "
    "først og sender etterpå; se docs/arkiv-deling.md"
)


def sett_opp_deling(sti: Path, url: str, navn: str = "origin") -> None:
    """Share the archive at `sti` through `url` and take in what the server has; exit 2 with one
    Norwegian line when that cannot be done (nothing is archived then)."""
    try:
        arkiv = Arkiv(sti)
        arkiv.opprett()
        with arkiv.repo() as repo:
            koble(repo, url, navn)
        hent_arkiv(sti)
    except (ArkivFeil, GitCommandError, OSError) as exc:
        typer.echo(f"avtale: arkivet {sti} kunne ikke deles gjennom {url}: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"Arkivet {sti} deles gjennom {url} (git config {FJERN_CONFIG} = {navn}).")
