"""`avtale validate`, `avtale new`, `avtale schema` and `avtale rules`: the lawyer's data commands."""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from avtaleflyt.findings import has_errors
from avtaleflyt.lint_cache import lint_templates
from avtaleflyt.paths import PROJECT_ROOT, agreements_dir
from avtaleflyt.validation import _SLUG, collect_files, validate_paths
from schemas.avtale import AVTALE_TYPES


class Format(str, Enum):
    text = "text"
    json = "json"


def _err(message: str) -> None:
    typer.echo(f"avtale: {message}", err=True)


def validate(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Filer eller mapper (standard: agreements/)")
    ] = None,
    format: Annotated[Format, typer.Option("--format", help="text eller json")] = Format.text,
) -> None:
    """Valider avtaledata mot skjema og lovregler. Exit 0: ingen feil, 1: feil, 2: kunne ikke kjøre."""
    targets = paths or [str(agreements_dir())]

    files, missing = collect_files(targets)
    findings = validate_paths(targets)
    # A template that drops a mandatory clause makes every document of its type unlawful.
    findings.extend(lint_templates())
    if format is Format.json:
        typer.echo(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        for f in findings:
            typer.echo(f.one_line())
        errors = sum(f.severity == "feil" for f in findings)
        warnings = len(findings) - errors
        typer.echo(f"{len(files)} filer kontrollert: {errors} feil, {warnings} advarsler", err=True)
    if missing:
        for f in missing:
            _err(f"{f.file}: {f.message}")
        raise typer.Exit(2)
    raise typer.Exit(1 if has_errors(findings) else 0)


def new(
    agreement_type: Annotated[
        str, typer.Argument(metavar="TYPE", help="Avtaletype, f.eks. vertskommune")
    ],
    avtale_id: Annotated[
        str, typer.Argument(metavar="ID", help="Ny avtale-id (små bokstaver, tall, bindestrek)")
    ],
) -> None:
    """Lag agreements/ID/avtale.yaml med alle felt, forklaring og lovgrunnlag på hvert."""
    # off `avtale validate`'s cold start, whose budget is 0.35 s: pydantic builds these at import
    from avtaleflyt.skeleton import write_skeleton

    if agreement_type not in AVTALE_TYPES:
        _err(f"ukjent avtaletype «{agreement_type}»; velg en av: {', '.join(AVTALE_TYPES)}")
        raise typer.Exit(2)
    if not _SLUG.match(avtale_id):
        _err(
            f"«{avtale_id}» er ikke en gyldig id (små bokstaver a–z, tall og bindestrek; ikke /, .. eller - først)"
        )
        raise typer.Exit(2)
    try:
        path = write_skeleton(
            agreements_dir() / avtale_id, agreement_type, avtale_id, dt.date.today()
        )
    except FileExistsError as exc:
        _err(str(exc))
        raise typer.Exit(2) from None
    typer.echo(str(path))


def schema(
    out: Annotated[
        Path | None, typer.Option("--out", help="Mappe å skrive til (standard: schemas/json)")
    ] = None,
) -> None:
    """Skriv JSON Schema for hver avtaletype og for prosess.yaml (for redigeringsverktøy)."""
    # off `avtale validate`'s cold start, whose budget is 0.35 s: pydantic builds these at import
    from avtaleflyt.skeleton import SCHEMA_DIR_NAME, json_schemas
    from schemas.prosess import Prosess

    target = out or PROJECT_ROOT / "schemas" / SCHEMA_DIR_NAME
    if target.exists() and not target.is_dir():
        _err(f"{target} er ikke en mappe")
        raise typer.Exit(2)
    target.mkdir(parents=True, exist_ok=True)
    documents = dict(json_schemas())
    documents["prosess"] = Prosess.model_json_schema()
    for name, document in documents.items():
        path = target / f"{name}.schema.json"
        path.write_text(
            json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        typer.echo(str(path))


class RulesFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


def rules(
    format: Annotated[
        RulesFormat, typer.Option("--format", help="text, json eller markdown")
    ] = RulesFormat.text,
) -> None:
    """Skriv ut regelkatalogen (avtale- og prosessregler): id, alvorlighet, lovgrunnlag og betydning.

    markdown er docs/lovgrunnlag.md slik katalogen er nå.
    """
    if format is RulesFormat.markdown:
        from schemas.regler.bygg import lovgrunnlag_markdown

        typer.echo(lovgrunnlag_markdown(), nl=False)
        return
    from rich.console import Console
    from rich.table import Table

    from schemas.regler import katalog_tabell

    rows = katalog_tabell()
    if format is RulesFormat.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(title="Regelkatalog", show_lines=False)
    for column in ("id", "alvorlighet", "hjemmel", "forklaring"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(row["id"], row["alvorlighet"], row["hjemmel"], row["forklaring"])
    Console(width=160 if not sys.stdout.isatty() else None).print(table)


def register(app: typer.Typer) -> None:
    """Add this area's commands to the `avtale` app."""
    app.command("validate")(validate)
    app.command("new")(new)
    app.command("schema")(schema)
    app.command("rules")(rules)
