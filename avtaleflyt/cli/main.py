"""Entry point of `avtale`: every area's commands, each area imported only when one of its commands runs.

The lawyer's loop must stay fast: `avtale --help` lists every command from the table below without
importing any area, and `avtale validate` imports the validation area only, never Prefect, git,
the document writer or typer. The group is plain click; the validation area is written with plain
click too, the other areas with typer: their commands run through the typer command's own `main`,
so typer (which carries its own copy of click) is imported only for them. Each area module keeps
its `register(app)`. To add a command, register it there and add a row (name, area module, the
first paragraph of its docstring) to COMMANDS; tests/pakke/test_kommandoer.py checks that the
table and the areas agree.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from typing import Any

import click

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
        "registrering",
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
    "oppgaver": (
        "oppgaver",
        "Hva hver kommune må gjøre nå per avtale (drøfting, saksframlegg, vedtak, signatur, "
        "melding), med frist i virkedager.",
    ),
    "varsler": (
        "oppgaver",
        "Opprett eller oppdater påminnelsene i Prefect (automasjoner og webhook), etter navn.",
    ),
    "plan": (
        "orkestrering",
        "Planlegg kontrollen morgenen etter hvert møte som behandler avtalen (kl. 07.00 neste "
        "virkedag): nye kjøringer opprettes, flyttede møter flyttes, avlyste avlyses, avholdte møter "
        "meldes uten ny kjøring. Skjemaenes lister over avtaler, kommuner og møter oppdateres.",
    ),
    "noark5": (
        "noark5",
        "Skriv et Noark 5-arkivuttrekk av samarbeidene kommunen er part i: arkivstruktur.xml, "
        "endringslogg.xml, arkivuttrekk.xml (ADDML), skjemaene og dokumentene (PDF/A og .docx).",
    ),
    "nettsted": (
        "nettsted",
        "Lag et statisk nettsted fra arkivet: alle samarbeid, hver kommune, tidslinje, tekst, "
        "endringer og kontroll. Bare sider som er endret, skrives på nytt.",
    ),
    "demo": ("demo", "Kjør eksempelsamarbeidet Midtre Gauldal–Melhus–Skaun fra utkast til arkiv."),
}
"""Command name → (area module in avtaleflyt.cli, the help line `avtale --help` shows)."""


CLICK_AREAS = frozenset({"validering"})
"""Areas whose `register` takes a click group; every other area's takes a `typer.Typer`."""


def area_commands(area: str) -> dict[str, Any]:
    """The commands an area registers: click commands, or typer's own (typer._click) commands."""
    module = importlib.import_module(f"avtaleflyt.cli.{area}")
    if area in CLICK_AREAS:
        group = click.Group()
        module.register(group)
        return dict(group.commands)
    # off the fast path: typer is imported only to run (or show help for) a typer area's command
    import typer

    scratch = typer.Typer(rich_markup_mode=None)  # plain help, as for `avtale --help`
    module.register(scratch)
    return dict(typer.main.get_group(scratch).commands)


class _TyperCommand(click.Command):
    """A typer area's command, run by typer itself with the rest of the command line.

    typer's commands belong to typer's own copy of click and cannot join a plain click context, so
    this stand-in hands every remaining argument (`--help` included) to the typer command's `main`,
    which parses, reports usage errors as `avtale NAME ...` and exits with the command's own code.
    """

    def __init__(self, name: str) -> None:
        super().__init__(name, help=COMMANDS[name][1], add_help_option=False)
        self.command_name = name

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.args = list(args)
        return []

    def invoke(self, ctx: click.Context) -> Any:
        command = area_commands(COMMANDS[self.command_name][0])[self.command_name]
        # Standalone: typer's exceptions are not click's, so typer reports them and exits itself.
        return command.main(args=ctx.args, prog_name=ctx.command_path, standalone_mode=True)


def load_command(name: str) -> click.Command:
    """The command `name` as the `avtale` group runs it (a typer area's through `_TyperCommand`)."""
    area = COMMANDS[name][0]
    return area_commands(area)[name] if area in CLICK_AREAS else _TyperCommand(name)


class _LazyCommands(click.Group):
    """Lists every command from COMMANDS; imports an area only to run a command or show its help."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        # Listing needs only the help line; the area is imported when the command is resolved.
        return click.Command(cmd_name, help=COMMANDS[cmd_name][1]) if cmd_name in COMMANDS else None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Each help line whole, wrapped (click would cut it at the first sentence).
        with formatter.section("Commands"):
            formatter.write_dl([(name, line) for name, (_area, line) in COMMANDS.items()])

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name, _stand_in, rest = super().resolve_command(ctx, args)
        return name, load_command(name) if name is not None else None, rest


app = _LazyCommands(
    name="avtale",
    help="Interkommunale samarbeidsavtaler: validering, dokumenter, politisk behandling og arkiv.",
    no_args_is_help=True,
)


def main() -> None:
    # Pydantic would scan every installed package's metadata for plugins when it first builds a
    # validator; avtale uses none, and the scan is a noticeable part of a cold `avtale validate`.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if sys.argv[1:2] and sys.argv[1] in COMMANDS:  # its area imports pydantic; `--help` does not
        _import_area_for_good(COMMANDS[sys.argv[1]][0])
    app()


def _import_area_for_good(area: str) -> None:
    """Import the command's area with the cyclic garbage collector paused, then freeze its objects.

    The import makes modules, classes and pydantic models that live until the process ends; the
    collector walked them again at every collection, about a tenth of a cold `avtale validate`
    (issue 11). `gc.freeze` takes them out of its sight; the command itself runs with the
    collector on. Only the `avtale` process does this: a test importing an area keeps its own.
    """
    gc.disable()
    try:
        importlib.import_module(f"avtaleflyt.cli.{area}")
    finally:
        gc.freeze()
        gc.enable()


if __name__ == "__main__":
    main()
