"""`avtale render` and `avtale lint-templates`: drafting documents and checking the templates."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Annotated

import typer

from avtaleflyt.findings import has_errors
from avtaleflyt.rendering import (
    FORMATS,
    RenderError,
    lint_templates,
    render_agreement,
    template_version,
)
from avtaleflyt.rendering.docx_med_profil import render_docx_med_profil
from avtaleflyt.rendering.docx_profil import ProfilAdvarsel
from avtaleflyt.validation import AgreementInvalid, UnknownAgreement, load_agreement


def _err(message: str) -> None:
    typer.echo(f"avtale: {message}", err=True)


def render(
    avtale_id: Annotated[
        str, typer.Argument(metavar="ID", help="Avtale-id, mappe eller sti til avtale.yaml")
    ],
    format: Annotated[
        str, typer.Option("--format", help="Kommaseparert: docx,md,html")
    ] = "docx,md,html",
    out: Annotated[Path, typer.Option("--out", help="Mappe dokumentene skrives til")] = Path(
        "dokumenter"
    ),
    maler: Annotated[
        Path | None, typer.Option("--maler", help="Malmappe (standard: prosjektets templates/)")
    ] = None,
    profil: Annotated[
        Path | None,
        typer.Option(
            "--profil",
            help="Kommunens egen Word-profil (.docx/.dotx med stiler, skrift og logo) for "
            "Word-dokumentet; uten den brukes templates/referanse.docx",
        ),
    ] = None,
) -> None:
    """Lag Word-, Markdown- og HTML-dokument av en avtale og skriv ut avtale-hashen."""

    formats = [f.strip().lower() for f in format.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if not formats or unknown:
        _err(f"ukjent format «{','.join(unknown) or format}»; velg blant {', '.join(FORMATS)}")
        raise typer.Exit(2)
    try:
        avtale = load_agreement(avtale_id)
    except UnknownAgreement as exc:
        _err(str(exc))
        raise typer.Exit(2) from None
    except AgreementInvalid as exc:
        for f in exc.findings:
            typer.echo(f.one_line())
        _err(f"avtalen har {len(exc.findings)} feil og blir ikke gjengitt")
        raise typer.Exit(1) from None
    try:
        result = render_agreement(avtale, formats, out, templates_dir=maler)
        if profil is not None and "docx" in result.paths:
            with warnings.catch_warnings(record=True) as advarsler:
                warnings.simplefilter("always", ProfilAdvarsel)
                result.paths["docx"].write_bytes(render_docx_med_profil(avtale, profil, maler))
            for advarsel in advarsler:
                _err(f"advarsel: {advarsel.message}")
    except (RenderError, OSError) as exc:
        _err(f"kunne ikke lage dokumentene: {exc}")
        raise typer.Exit(1) from None
    for fmt in formats:
        typer.echo(f"skrev {result.paths[fmt]}")
    typer.echo(f"avtale-hash {result.avtale_hash}")


def lint_templates_cmd(
    maler: Annotated[
        Path | None, typer.Option("--maler", help="Malmappe (standard: prosjektets templates/)")
    ] = None,
) -> None:
    """Kontroller malene: alle lovpålagte felt brukes, ingen ukjente felt. Exit 1 ved feil."""

    findings = lint_templates(maler)
    for f in findings:
        typer.echo(f.one_line())
    if has_errors(findings):
        _err(f"malene har {len(findings)} feil")
        raise typer.Exit(1)
    typer.echo(f"malene er i orden (malversjon {template_version(maler)})")


def register(app: typer.Typer) -> None:
    """Add this area's commands to the `avtale` app."""
    app.command("render")(render)
    app.command("lint-templates")(lint_templates_cmd)
