"""Entry point of `avtale`: assembles the commands each area registers."""

from __future__ import annotations

import typer

from avtaleflyt.cli import arkiv, demo, orkestrering, prosess, rendering, revisjon, validering

app = typer.Typer(
    name="avtale",
    help="Interkommunale samarbeidsavtaler: validering, dokumenter, politisk behandling og arkiv.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for area in (validering, rendering, prosess, arkiv, revisjon, orkestrering, demo):
    area.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
