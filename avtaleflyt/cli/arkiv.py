"""CLI of the archive area: `avtale verify`."""

from __future__ import annotations

from typing import Optional

import typer
from git.exc import GitCommandError

from avtaleflyt.arkiv import Arkiv, ArkivFeil
from avtaleflyt.arkiv.gjengivelse import standard_gjengiver
from avtaleflyt.arkiv.verifiser import verifiser
from avtaleflyt.paths import archive_dir

ARKIV_HJELP = "Arkivrepoet (ellers AVTALE_ARKIV, ellers ./arkiv)"


def verify(
    avtale_id: Optional[str] = typer.Argument(None, metavar="[ID]", help="Bare denne avtalen"),
    arkiv: Optional[str] = typer.Option(None, "--arkiv", help=ARKIV_HJELP),
    uten_gjengivelse: bool = typer.Option(
        False, "--uten-gjengivelse",
        help="Hopp over ny gjengivelse av dokumentene (når dokumentmodulen ikke er installert)",
    ),
) -> None:
    """Kontroller arkivet: sjekksummer, ny gjengivelse, vedtakenes avtale-hash, tagger og historikk.

    Avslutter med 0 når alt stemmer, 1 ved funn og 2 når kontrollen ikke kan kjøres."""
    sti = archive_dir(arkiv)
    if not Arkiv(sti).finnes():
        typer.echo(f"Fant ikke noe arkiv i {sti} (velg med --arkiv eller AVTALE_ARKIV).", err=True)
        raise typer.Exit(2)
    gjengiver = None if uten_gjengivelse else standard_gjengiver()
    try:
        funn = verifiser(sti, avtale_id, rerender=gjengiver)
    except (ArkivFeil, GitCommandError, OSError) as exc:
        typer.echo(f"Kontrollen av arkivet {sti} kunne ikke kjøres: {exc}", err=True)
        raise typer.Exit(2)
    for f in funn:
        typer.echo(f.one_line())
    hva = f"avtalen {avtale_id}" if avtale_id else "arkivet"
    if funn:
        typer.echo(f"{len(funn)} funn i {hva} ({sti}).")
        raise typer.Exit(1)
    typer.echo(f"Ingen funn: {hva} ({sti}) stemmer.")


def register(app: typer.Typer) -> None:
    """Add this area's commands to the `avtale` app."""
    app.command("verify")(verify)
