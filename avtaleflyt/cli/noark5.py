"""CLI of the Noark 5 area: `avtale noark5` writes an arkivuttrekk and checks it."""

from __future__ import annotations

import typer
from git.exc import GitCommandError

from avtaleflyt.arkiv import Arkiv, ArkivFeil
from avtaleflyt.paths import archive_dir

ARKIV_HJELP = "Arkivrepoet (ellers AVTALE_ARKIV, ellers ./arkiv)"


def noark5(
    out: str = typer.Option(..., "--out", help="Ny eller tom mappe uttrekket skrives i"),
    kommune: str | None = typer.Option(
        None, "--kommune", help="Kommunenummer (fire siffer); uten: alle samarbeid i arkivet"
    ),
    arkiv: str | None = typer.Option(None, "--arkiv", help=ARKIV_HJELP),
    enhet: str = typer.Option(
        "Ikke oppgitt",
        "--enhet",
        help="administrativEnhet for saksmappene (f.eks. Dokumentsenteret)",
    ),
    saksansvarlig: str = typer.Option(
        "Ikke oppgitt", "--saksansvarlig", help="saksansvarlig for saksmappene"
    ),
) -> None:
    """Skriv et Noark 5-arkivuttrekk av samarbeidene kommunen er part i: arkivstruktur.xml,
    endringslogg.xml, arkivuttrekk.xml (ADDML), skjemaene og dokumentene (PDF/A og .docx).

    Uttrekket kontrolleres mot Arkivverkets skjemaer og kontrollene Arkade gjør i tillegg
    (sjekksummer, antall, filreferanser, datoer, systemID). Avslutter med 0 når uttrekket består
    kontrollen, 1 ved funn og 2 når det ikke kan lages."""
    if kommune is not None and not (len(kommune) == 4 and kommune.isdigit()):
        typer.echo(f"Kommunenummer «{kommune}» må ha fire siffer.", err=True)
        raise typer.Exit(2)
    sti = archive_dir(arkiv)
    if sti.exists() and not sti.is_dir():
        typer.echo(f"Arkivstien {sti} er en fil, ikke en mappe (velg med --arkiv).", err=True)
        raise typer.Exit(2)
    if not Arkiv(sti).finnes():
        typer.echo(f"Fant ikke noe arkiv i {sti} (velg med --arkiv eller AVTALE_ARKIV).", err=True)
        raise typer.Exit(2)
    # lxml and the document renderer load only when an uttrekk is made
    from avtaleflyt.noark5 import UttrekkFeil, lag_uttrekk

    try:
        r = lag_uttrekk(sti, out, kommune, enhet=enhet, saksansvarlig=saksansvarlig)
    except UttrekkFeil as exc:
        typer.echo(f"avtale noark5: {exc}", err=True)
        raise typer.Exit(2) from None
    except (ArkivFeil, GitCommandError, OSError) as exc:
        typer.echo(f"avtale noark5: uttrekket kunne ikke lages fra {sti}: {exc}", err=True)
        raise typer.Exit(2) from None
    for linje in r.uttrekk.mangler:
        typer.echo(f"Merknad: {linje}", err=True)
    typer.echo(
        f"Uttrekk i {r.mappe}: {len(r.uttrekk.mapper)} saksmapper, {r.antall_journalposter} "
        f"journalposter, {r.antall_dokumentfiler} dokumentfiler."
    )
    for f in r.funn:
        typer.echo(f.one_line())
    if r.funn:
        typer.echo(f"{len(r.funn)} funn i uttrekket: det består ikke kontrollen.")
        raise typer.Exit(1)
    typer.echo("Uttrekket består kontrollen mot Noark 5-skjemaene og Arkade-kontrollene.")


def register(app: typer.Typer) -> None:
    """Add this area's commands to the `avtale` app."""
    app.command("noark5")(noark5)
