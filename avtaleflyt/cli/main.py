"""Entry point of `avtale`: every area's commands, each area imported only when one of its commands runs.

The lawyer's loop must stay fast: `avtale --help` lists every command from the table below without
importing any area, and `avtale validate` imports the validation area only, never Prefect, git or
the document writer. Each area module keeps its `register(app)`. To add a command, register it
there and add a row (name, area module, the first paragraph of its docstring) to COMMANDS;
tests/pakke/test_kommandoer.py checks that the table and the areas agree.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

COMMANDS: dict[str, tuple[str, str]] = {
    "validate": (
        "validering",
        "Valider avtaledata mot skjema og lovregler. Exit 0: ingen feil, 1: feil, 2: kunne ikke kjøre.",
    ),
    "new": (
        "validering",
        "Lag agreements/ID/avtale.yaml med alle felt, forklaring og lovgrunnlag på hvert.",
    ),
    "schema": (
        "validering",
        "Skriv JSON Schema for hver avtaletype og for prosess.yaml (for redigeringsverktøy).",
    ),
    "rules": (
        "validering",
        "Skriv ut regelkatalogen (avtale- og prosessregler): id, alvorlighet, lovgrunnlag og "
        "betydning.",
    ),
    "render": (
        "rendering",
        "Lag Word-, Markdown- og HTML-dokument av en avtale og skriv ut avtale-hashen.",
    ),
    "lint-templates": (
        "rendering",
        "Kontroller malene: alle lovpålagte felt brukes, ingen ukjente felt. Exit 1 ved feil.",
    ),
    "status": (
        "prosess",
        "Hvor avtalen står: tilstand, hva som mangler og neste frist per kommune.",
    ),
    "calendar": (
        "prosess",
        "Skriv den politiske behandlingen som iCalendar (Outlook): møter og frister.",
    ),
    "record": (
        "prosess",
        "Registrer drøfting, vedtak eller signatur (legges til i prosess.yaml etter kontroll).",
    ),
    "archive": (
        "arkiv",
        "Arkiver alle juridiske hendelser prosessdataene gjør forfalt: vedtatt, endret, signert, "
        "i kraft og opphørt. Hendelser som alt er arkivert, skrives ikke på nytt.",
    ),
    "verify": (
        "arkiv",
        "Kontroller arkivet: sjekksummer, ny gjengivelse, vedtakenes avtale-hash, tagger og historikk.",
    ),
    "history": (
        "revisjon",
        "Tidslinje for en avtale: versjoner, hvert kommunestyres vedtak, signaturer og når hver "
        "versjon var i kraft — fra arkiverte data og trailere, aldri fra commit-tid.",
    ),
    "show": (
        "revisjon",
        "Versjonen som var i kraft på datoen (fra juridiske datoer), med sammendrag og hvor "
        "dokumentet hentes.",
    ),
    "diff": (
        "revisjon",
        "Endringene mellom to versjoner i klartekst, fra dataene; med --docx også et Word-dokument "
        "med sporede endringer (godta/avvis i Word og LibreOffice).",
    ),
    "register": (
        "revisjon",
        "Kommunens interkommunale samarbeid i kraft på datoen: form, deltakere, andeler og "
        "vertskommune (eierskapsmelding, kommuneloven § 26-1, og kontrollutvalget).",
    ),
    "plan": (
        "orkestrering",
        "Planlegg kjøringer på avtalens møtedatoer: nye opprettes, flyttede flyttes, avlyste avlyses.",
    ),
    "demo": ("demo", "Kjør eksempelsamarbeidet Midtre Gauldal–Melhus–Skaun fra utkast til arkiv."),
}
"""Command name → (area module in avtaleflyt.cli, the help line `avtale --help` shows)."""


def load_command(name: str) -> Any:
    """The real command (a click command or group) as its area registers it."""
    area = importlib.import_module(f"avtaleflyt.cli.{COMMANDS[name][0]}")
    scratch = typer.Typer(rich_markup_mode=None)  # plain help, as for `avtale --help`
    area.register(scratch)
    return typer.main.get_group(scratch).commands[name]


class _LazyCommands(TyperGroup):
    """Lists every command from COMMANDS; imports an area only to run a command or show its help."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        # A stand-in carrying the help line, enough for the listing and for resolving the name.
        if cmd_name not in COMMANDS:
            return None
        return TyperCommand(cmd_name, help=COMMANDS[cmd_name][1])

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        # Each help line whole, wrapped (click would cut it at the first sentence).
        with formatter.section("Commands"):
            formatter.write_dl([(name, line) for name, (_area, line) in COMMANDS.items()])

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name, _stand_in, rest = super().resolve_command(ctx, args)
        return name, load_command(name) if name is not None else None, rest


app = typer.Typer(
    name="avtale",
    cls=_LazyCommands,
    help="Interkommunale samarbeidsavtaler: validering, dokumenter, politisk behandling og arkiv.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help: rich's formatter alone would cost `avtale --help` more than its whole budget.
    rich_markup_mode=None,
)


@app.callback()
def _avtale() -> None:
    # Without a callback, typer would not make a group of an app whose commands are all lazy.
    pass


def main() -> None:
    # Pydantic would scan every installed package's metadata for plugins when it first builds a
    # validator; avtale uses none, and the scan is a noticeable part of a cold `avtale validate`.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    app()


if __name__ == "__main__":
    main()
