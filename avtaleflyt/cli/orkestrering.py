"""`avtale plan ID`: reconcile an agreement's approval-date runs with its calendar on a Prefect server.

Wire with `orkestrering.register(app)` in `avtaleflyt/cli/main.py`. Also runnable on its own:
`python -m avtaleflyt.cli.orkestrering plan ID`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from avtaleflyt.paths import agreements_dir


def plan(
    avtale_id: Annotated[str, typer.Argument(metavar="ID")],
    avtaler: Annotated[
        Path | None, typer.Option("--avtaler", help="Mappen med avtaler (standard: agreements/)")
    ] = None,
    deployment: Annotated[
        str, typer.Option("--deployment", help="Deploymenten som kjøres på møtedatoene")
    ] = "godkjenningsdato/godkjenningsdato",
) -> None:
    """Planlegg kjøringer på avtalens møtedatoer: nye opprettes, flyttede flyttes, avlyste avlyses."""
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
    from avtaleflyt.orkestrering.prefect_plan import planlegg_mappe

    p = planlegg_mappe(mappe, deployment=deployment)
    for k in p.opprett:
        typer.echo(f"ny:      {k.mote_id} {k.tidspunkt.isoformat()}")
    for e, k in p.flytt:
        typer.echo(f"flyttet: {k.mote_id} {e.tidspunkt.isoformat()} -> {k.tidspunkt.isoformat()}")
    for e in p.avlys:
        typer.echo(f"avlyst:  {e.mote_id} {e.tidspunkt.isoformat()}")
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
