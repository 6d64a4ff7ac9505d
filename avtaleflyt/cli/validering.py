"""`avtale validate`, `avtale new`, `avtale schema` and `avtale rules`: the lawyer's data commands.

Written with plain click, not typer: `avtale validate <one file>` has a cold-start budget of 0.35 s
(issue 11), and importing typer alone cost a quarter of it. The other areas stay typer.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from avtaleflyt.findings import Finding, has_errors
from avtaleflyt.lint_cache import lint_templates
from avtaleflyt.paths import PROJECT_ROOT, agreements_dir
from avtaleflyt.validation import _SLUG, collect_files, validate_paths
from schemas.avtale import AVTALE_TYPES, Avtale
from schemas.regler.sjekk_felles import antall


def _err(message: str) -> None:
    click.echo(f"avtale: {message}", err=True)


@click.command("validate")
@click.argument("paths", nargs=-1, help="Filer eller mapper (standard: agreements/)")
@click.option(
    "--format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text eller json",
)
def validate(paths: tuple[str, ...], format: str) -> None:
    """Valider avtaledata mot skjema og lovregler. Exit 0: ingen feil, 1: feil, 2: kunne ikke kjøre."""
    targets = list(paths) or [str(agreements_dir())]

    files, missing = collect_files(targets)
    validated = validate_paths(targets)
    findings = validated.findings
    findings.extend(_process_findings(validated.process_files))
    # A template that drops a mandatory clause makes every document of its type unlawful.
    findings.extend(lint_templates())
    if format == "json":
        click.echo(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        for f in findings:
            click.echo(f.one_line())
        errors = sum(f.severity == "feil" for f in findings)
        warnings = len(findings) - errors
        click.echo(
            f"{antall(len(files), 'fil', 'filer')} kontrollert: {errors} feil, "
            f"{antall(warnings, 'advarsel', 'advarsler')}",
            err=True,
        )
    if missing:
        for f in missing:
            _err(f"{f.file}: {f.message}")
        raise click.exceptions.Exit(2)
    raise click.exceptions.Exit(1 if has_errors(findings) else 0)


def _process_findings(process_files: list[tuple[Path, Avtale | None]]) -> list[Finding]:
    """The findings of each prosess.yaml, checked against its sibling agreement (None if invalid)."""
    if not process_files:
        return []
    # off a single avtale.yaml's cold start: prosess pulls in the renderer's hashing and ruamel
    from avtaleflyt.prosess import validate_process_file

    return [
        finding
        for path, avtale in process_files
        for finding in validate_process_file(path, str(path), avtale)
    ]


@click.command("new")
@click.argument("agreement_type", metavar="TYPE", help="Avtaletype, f.eks. vertskommune")
@click.argument(
    "avtale_id",
    metavar="ID",
    help="Ny avtale-id (små bokstaver, tall, bindestrek)",
)
def new(agreement_type: str, avtale_id: str) -> None:
    """Lag agreements/ID/avtale.yaml med alle felt, forklaring og lovgrunnlag på hvert."""
    # off `avtale validate`'s cold start, whose budget is 0.35 s: pydantic builds these at import
    from avtaleflyt.skeleton import write_skeleton

    if agreement_type not in AVTALE_TYPES:
        _err(f"ukjent avtaletype «{agreement_type}»; velg en av: {', '.join(AVTALE_TYPES)}")
        raise click.exceptions.Exit(2)
    if not _SLUG.match(avtale_id):
        _err(
            f"«{avtale_id}» er ikke en gyldig id (små bokstaver a–z, tall og bindestrek; ikke /, .. eller - først)"
        )
        raise click.exceptions.Exit(2)
    try:
        path = write_skeleton(
            agreements_dir() / avtale_id, agreement_type, avtale_id, dt.date.today()
        )
    except FileExistsError as exc:
        _err(str(exc))
        raise click.exceptions.Exit(2) from None
    click.echo(str(path))


@click.command("schema")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Mappe å skrive til (standard: schemas/json)",
)
def schema(out: Path | None) -> None:
    """Skriv JSON Schema for hver avtaletype og for prosess.yaml (for redigeringsverktøy)."""
    # off `avtale validate`'s cold start, whose budget is 0.35 s: pydantic builds these at import
    from avtaleflyt.skeleton import SCHEMA_DIR_NAME, json_schemas, schema_document
    from schemas.prosess import Prosess

    target = out or PROJECT_ROOT / "schemas" / SCHEMA_DIR_NAME
    if target.exists() and not target.is_dir():
        _err(f"{target} er ikke en mappe")
        raise click.exceptions.Exit(2)
    target.mkdir(parents=True, exist_ok=True)
    documents = dict(json_schemas())
    documents["prosess"] = Prosess.model_json_schema()
    for name, document in documents.items():
        path = target / f"{name}.schema.json"
        path.write_text(schema_document(document), encoding="utf-8")
        click.echo(str(path))


@click.command("rules")
@click.option(
    "--format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="text, json eller markdown",
)
def rules(format: str) -> None:
    """Skriv ut regelkatalogen (avtale- og prosessregler): id, alvorlighet, lovgrunnlag og betydning.

    markdown er docs/lovgrunnlag.md slik katalogen er nå.
    """
    if format == "markdown":
        from schemas.regler.bygg import lovgrunnlag_markdown

        click.echo(lovgrunnlag_markdown(), nl=False)
        return
    from rich.console import Console
    from rich.table import Table

    from schemas.regler import katalog_tabell

    rows = katalog_tabell()
    if format == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(title="Regelkatalog", show_lines=False)
    for column in ("id", "alvorlighet", "hjemmel", "forklaring"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(row["id"], row["alvorlighet"], row["hjemmel"], row["forklaring"])
    Console(width=160 if not sys.stdout.isatty() else None).print(table)


def register(group: click.Group) -> None:
    """Add this area's commands to the `avtale` group."""
    for command in (validate, new, schema, rules):
        group.add_command(command)
