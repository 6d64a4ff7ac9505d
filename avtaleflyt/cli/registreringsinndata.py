"""Input of the record commands that is checked before the service layer is called: the day the
clerk records on (`--at`, never after today outside a simulation), the decision text from a file
(never larger than prosess.yaml may be) and the protokolltilførsler.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from avtaleflyt.cli.prosessfelles import err, today_or
from avtaleflyt.tjenester import registreringsdag
from avtaleflyt.yaml_loader import MAX_BYTES


def dagens_dato(at: str | None) -> dt.date:
    """The day the clerk records on: today, or `--at`; a day after today is refused unless the
    archive is a simulation (`tjenester.registreringsdag`, which the Prefect forms ask too).
    Called inside `_utfor`, which reports the refusal as «--at: …» with exit 2."""
    return registreringsdag(today_or(at))


def les_vedtakstekst(vedtakstekst: str | None, fil: Path | None) -> str:
    if fil is not None:
        try:
            storrelse = fil.stat().st_size
            if storrelse > MAX_BYTES:  # prosess.yaml could not be read with it: refuse at once
                err(
                    f"--vedtakstekst-fil: {fil} er {storrelse / 1_048_576:.1f} MB, men hele "
                    f"prosess.yaml kan være høyst {MAX_BYTES // 1024} kB; legg lange tekster i et "
                    "dokument og vis til det. Ingenting er registrert."
                )
                raise typer.Exit(2)
            vedtakstekst = fil.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            err(f"--vedtakstekst-fil: {fil} kan ikke leses som UTF-8 ({exc.__class__.__name__})")
            raise typer.Exit(2) from None
    if not vedtakstekst:
        err("vedtaksteksten mangler: bruk --vedtakstekst eller --vedtakstekst-fil")
        raise typer.Exit(2)
    return vedtakstekst


def split_tilforsel(values: list[str] | None) -> list[tuple[str, str]]:
    out = []
    for v in values or []:
        org, sep, tekst = v.partition(":")
        if not sep or not org.strip() or not tekst.strip():
            err(f"--protokolltilforsel: skriv «ORGANISASJON: tekst», ikke «{v}»")
            raise typer.Exit(2)
        out.append((org.strip(), tekst.strip()))
    return out
