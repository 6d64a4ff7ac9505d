"""`avtale plan ID`: reconcile an agreement's approval-date runs with its calendar on a Prefect server.

Wire with `orkestrering.register(app)` in `avtaleflyt/cli/main.py`. Also runnable on its own:
`python -m avtaleflyt.cli.orkestrering plan ID`. Exit 0 when planned, 1 when the agreement has no
process file, 2 when planning could not run (no server, server down, deployment missing): an
operator's mistake gets one Norwegian line, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from avtaleflyt.paths import agreements_dir

OSLO = ZoneInfo("Europe/Oslo")


def _kl(t: dt.datetime) -> str:
    """Oslo time, as the secretariat reads its calendar."""
    return t.astimezone(OSLO).strftime("%Y-%m-%d %H:%M")


def plan(
    avtale_id: Annotated[str, typer.Argument(metavar="ID")],
    avtaler: Annotated[
        Path | None, typer.Option("--avtaler", help="Mappen med avtaler (standard: agreements/)")
    ] = None,
    deployment: Annotated[
        str, typer.Option("--deployment", help="Deploymenten som kontrollerer møtene")
    ] = "godkjenningsdato/godkjenningsdato",
) -> None:
    """Planlegg kontrollen morgenen etter hvert møte som behandler avtalen (kl. 07.00 neste
    virkedag): nye kjøringer opprettes, flyttede møter flyttes, avlyste avlyses, avholdte
    møter meldes uten ny kjøring. Skjemaenes lister over avtaler, kommuner og møter oppdateres."""
    mappe = (avtaler or agreements_dir()) / avtale_id
    if not (mappe / "prosess.yaml").is_file():
        typer.echo(f"feil: fant ingen prosess.yaml for «{avtale_id}» i {mappe.parent}", err=True)
        raise typer.Exit(1)
    if not os.environ.get("PREFECT_API_URL"):
        typer.echo(
            "feil: PREFECT_API_URL er ikke satt; planlegging krever en kjørende Prefect-server "
            "(se docs/prefect.md)",
            err=True,
        )
        raise typer.Exit(2)
    # the Prefect client is heavy and needs a server: imported only when a plan is made
    from avtaleflyt.orkestrering.prefect_plan import PlanleggingFeil, planlegg_mappe

    try:
        p = planlegg_mappe(mappe, deployment=deployment)
    except PlanleggingFeil as exc:
        typer.echo(f"feil: {exc}", err=True)
        raise typer.Exit(2) from None
    for k in p.opprett:
        typer.echo(f"ny:       {k.navn} kontroll {_kl(k.tidspunkt)}")
    for e, k in p.flytt:
        typer.echo(f"flyttet:  {k.navn} kontroll {_kl(e.tidspunkt)} -> {_kl(k.tidspunkt)}")
    for e in p.avlys:
        typer.echo(f"avlyst:   {e.navn or e.mote_id} (var {_kl(e.tidspunkt)})")
    for k in p.avholdt:
        dato = k.motedato.isoformat() if k.motedato else "?"
        typer.echo(
            f"avholdt:  {k.navn} (møtet {dato}; kontrolltiden {_kl(k.tidspunkt)} er passert, "
            "ingen kjøring: den daglige sveipen kontrollerer det)"
        )
    if p.skjemaer:
        typer.echo(f"skjemaer:  valglistene oppdatert i {', '.join(p.skjemaer)}")
    typer.echo(f"{avtale_id}: {p.oppsummering()}")


def register(app: typer.Typer) -> None:
    app.command("plan")(plan)


app = typer.Typer(add_completion=False, no_args_is_help=True)


@app.callback()
def _gruppe() -> None:
    """Prefect-planlegging for avtaleflyt."""


register(app)

if __name__ == "__main__":
    app()
