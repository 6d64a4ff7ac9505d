"""CLI of the website area: `avtale nettsted`.

Exit codes: 0 built, verification without findings; 1 built, but the verification found
something (the site shows it); 2 could not build (no archive, bad date, folder not writable).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer
from git.exc import GitCommandError

from avtaleflyt.arkiv import ArkivFeil
from avtaleflyt.nettsted.bygg import IkkeArkiv, bygg_nettsted
from avtaleflyt.paths import archive_dir
from schemas.regler.sjekk_felles import antall


def nettsted(
    ut: Path = typer.Option(..., "--out", help="Mappen nettstedet skrives til"),
    arkiv: str | None = typer.Option(
        None, "--arkiv", help="Arkivrepoet (ellers AVTALE_ARKIV, ellers ./arkiv)"
    ),
    dato: str | None = typer.Option(
        None,
        "--dato",
        help="Vis samarbeid i kraft på denne datoen (ÅÅÅÅ-MM-DD); standard er datoen for siste "
        "arkiverte hendelse",
    ),
    uten_kontroll: bool = typer.Option(
        False, "--uten-kontroll", help="Ikke kontroller arkivet (kontrollsiden sier det)"
    ),
    uten_gjengivelse: bool = typer.Option(
        False,
        "--uten-gjengivelse",
        help="Kontroller uten ny gjengivelse av dokumentene (raskere)",
    ),
    uten_hurtigbuffer: bool = typer.Option(
        False,
        "--uten-hurtigbuffer",
        help="Kontroller hver commit på nytt, ikke bare dem som ikke er kontrollert før",
    ),
) -> None:
    """Lag et statisk nettsted fra arkivet: alle samarbeid, hver kommune, tidslinje, tekst,
    endringer og kontroll. Bare sider som er endret, skrives på nytt."""
    valgt = None
    if dato is not None:
        try:
            valgt = dt.date.fromisoformat(dato)
        except ValueError:
            typer.echo(f"Ugyldig dato «{dato}»: skriv ÅÅÅÅ-MM-DD, f.eks. 2027-01-01.", err=True)
            raise typer.Exit(2) from None
    sti = archive_dir(arkiv)
    try:
        r = bygg_nettsted(
            sti,
            ut,
            dato=valgt,
            kontroll=not uten_kontroll,
            gjengivelse=not uten_gjengivelse,
            hurtigbuffer=not uten_hurtigbuffer,
        )
    except IkkeArkiv as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    except (ArkivFeil, GitCommandError) as exc:
        typer.echo(f"Kunne ikke lese arkivet {sti}: {exc}", err=True)
        raise typer.Exit(2) from None
    except OSError as exc:
        typer.echo(f"Kunne ikke skrive nettstedet til {ut}: {exc.strerror or exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(
        f"Nettstedet er skrevet til {ut}: {antall(len(r.skrevet), 'fil', 'filer')} skrevet, "
        f"{r.uendret} uendret" + (f", {len(r.fjernet)} fjernet" if r.fjernet else "") + "."
    )
    typer.echo(f"Startside: {ut / 'index.html'}")
    if r.kontrollert and r.funn:
        typer.echo(f"Kontrollen av arkivet fant {len(r.funn)} avvik; se kontroll.html.", err=True)
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("nettsted")(nettsted)
