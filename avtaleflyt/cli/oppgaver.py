"""`avtale oppgaver` (what each municipality must do next, by when) and `avtale varsler` (the
reminders on a Prefect server).

Exit codes as the other commands: 0 done, 2 could not run (a bad option, an agreement whose files
have errors — its findings on stderr, the other agreements still listed — or no Prefect server).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import urllib.request
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from avtaleflyt.cli.prosessfelles import err, print_findings, today_or
from avtaleflyt.nettsted import side_url
from avtaleflyt.orkestrering import varsler
from avtaleflyt.paths import agreements_dir
from avtaleflyt.prosess.kontekst import iso
from avtaleflyt.prosess.oppgaver import Oppgaveliste, avtalemapper, oppgaver_i_mappe


def _tabell(liste: Oppgaveliste) -> None:
    console = Console(width=160 if not sys.stdout.isatty() else None)
    table = Table(title=f"Oppgaver per {iso(liste.at)}", show_lines=False)
    for col in ("kommune", "avtale", "oppgave", "frist", "virkedager igjen"):
        table.add_column(col, overflow="fold")
    for o in liste.oppgaver:
        igjen = varsler.igjen_tekst(o)
        table.add_row(
            f"{o.kommunenavn} ({o.kommune})" if o.kommune else o.kommunenavn,
            o.avtale,
            o.tekst,
            iso(o.frist) if o.frist else "–",
            f"[bold red]{igjen}[/bold red]" if o.forfalt else igjen,
        )
    console.print(table)
    forfalt = sum(o.forfalt for o in liste.oppgaver)
    if forfalt:
        console.print(f"[bold red]{forfalt} oppgave(r) har passert fristen.[/bold red]")


def oppgaver_cmd(
    kommune: Annotated[
        str | None,
        typer.Option("--kommune", help="Bare denne kommunens oppgaver (kommunenummer)"),
    ] = None,
    at: Annotated[
        str | None, typer.Option("--at", help="Dato ÅÅÅÅ-MM-DD (standard: i dag)")
    ] = None,
    avtaler: Annotated[
        Path | None,
        typer.Option("--avtaler", help="Mappen med avtaler (standard: agreements/)"),
    ] = None,
    som_json: Annotated[bool, typer.Option("--json", help="Skriv listen som JSON")] = False,
) -> None:
    """Hva hver kommune må gjøre nå per avtale (drøfting, saksframlegg, vedtak, signatur,
    melding), med frist i virkedager.

    Fristene telles i virkedager (helger og helligdager hoppes over); en frist som er passert,
    er merket «forfalt».
    """
    on = today_or(at)
    rot = avtaler or agreements_dir()
    if not rot.is_dir() or not avtalemapper(rot):
        err(f"--avtaler: fant ingen avtaler i {rot}")
        raise typer.Exit(2)
    liste = oppgaver_i_mappe(rot, on, kommune=kommune)
    for navn, funn in liste.feil:
        print_findings(funn)
        err(f"{navn}: avtalen er utelatt; rett feilene over først")
    if kommune is not None and not liste.avtaler:
        err(f"--kommune: kommune {kommune} deltar ikke i noen avtale i {rot}")
        raise typer.Exit(2)
    if som_json:
        data = {
            "dato": iso(on),
            "kommune": kommune,
            "oppgaver": [
                {**o.as_dict(), "lenke": side_url(o.avtale, o.kommune)} for o in liste.oppgaver
            ],
            "utelatt": [navn for navn, _ in liste.feil],
        }
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    elif liste.oppgaver:
        _tabell(liste)
    else:
        typer.echo(f"Ingen oppgaver per {iso(on)}.")
    raise typer.Exit(2 if liste.feil else 0)


def _server_svarer(api: str) -> str | None:
    """None when the Prefect API answers its health check, else why not (in Norwegian)."""
    try:
        with urllib.request.urlopen(api.rstrip("/") + "/health", timeout=10):
            return None
    except (OSError, ValueError) as exc:
        return f"får ikke kontakt med Prefect-serveren på {api} ({getattr(exc, 'reason', exc)})"


def varsler_cmd(
    webhook: Annotated[
        str | None,
        typer.Option(
            "--webhook",
            help="Adressen varslene sendes til (lagres i Prefect-blokken; standard: "
            "AVTALE_VARSEL_WEBHOOK, ellers blokken som finnes)",
        ),
    ] = None,
    virkedager: Annotated[
        int, typer.Option("--virkedager", help="Påminnelse så mange virkedager før fristen")
    ] = varsler.VARSEL_VIRKEDAGER,
    blokk: Annotated[
        str, typer.Option("--blokk", help="Navnet på Prefects webhook-blokk")
    ] = varsler.BLOKK,
) -> None:
    """Opprett eller oppdater påminnelsene i Prefect (automasjoner og webhook), etter navn.

    Påminnelse N virkedager før en frist og på fristdagen, varsel dagen etter en oversittet frist
    og morgenen etter et møte uten registrert vedtak. Kan kjøres på nytt: det som finnes,
    oppdateres.
    """
    if not os.environ.get("PREFECT_API_URL"):
        err(
            "PREFECT_API_URL er ikke satt; påminnelsene lages på en kjørende Prefect-server "
            "(se docs/prefect.md)"
        )
        raise typer.Exit(2)
    grunn = _server_svarer(os.environ["PREFECT_API_URL"])
    if grunn:
        err(grunn)
        raise typer.Exit(2)
    try:
        linjer = asyncio.run(
            varsler.opprett_varsler(
                webhook or os.environ.get("AVTALE_VARSEL_WEBHOOK") or None,
                blokk=blokk,
                virkedager=virkedager,
            )
        )
    except varsler.VarselFeil as exc:
        err(str(exc))
        raise typer.Exit(2) from None
    for linje in linjer:
        typer.echo(linje)


def register(app: typer.Typer) -> None:
    """Add this area's commands to the `avtale` app."""
    app.command("oppgaver")(oppgaver_cmd)
    app.command("varsler")(varsler_cmd)
