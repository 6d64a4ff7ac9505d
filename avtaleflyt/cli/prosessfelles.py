"""What the process commands (`status`, `calendar`, `record ...`) share: the agreement argument,
dates, the agreement folder, findings on stderr and loading the process, so they read and fail alike.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from avtaleflyt.findings import Finding
from avtaleflyt.prosess import ProcessInvalid, load_process_for
from avtaleflyt.prosess.kalender import idag
from avtaleflyt.validation import AgreementInvalid, UnknownAgreement, find_agreement

AvtaleId = Annotated[str, typer.Argument(metavar="ID")]


def err(message: str) -> None:
    typer.echo(f"avtale: {message}", err=True)


def parse_date(text: str | None, what: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        err(f"{what}: «{text}» er ikke en dato på formen ÅÅÅÅ-MM-DD")
        raise typer.Exit(2) from None


def required_date(text: str, what: str) -> dt.date:
    """A required date option (typer has made sure it is given)."""
    d = parse_date(text, what)
    assert d is not None
    return d


def today_or(text: str | None) -> dt.date:
    return parse_date(text, "--at") or idag()


def find_folder(ident: str) -> Path:
    try:
        return find_agreement(ident)
    except UnknownAgreement as exc:
        err(str(exc))
        raise typer.Exit(2) from None


def print_findings(findings: list[Finding]) -> None:
    for f in findings:
        typer.echo(f.one_line(), err=True)


def load_process(folder: Path):
    try:
        return load_process_for(folder)
    except (ProcessInvalid, AgreementInvalid) as exc:
        print_findings(exc.findings)
        err(f"{folder}: rett feilene over først")
        raise typer.Exit(2) from None
