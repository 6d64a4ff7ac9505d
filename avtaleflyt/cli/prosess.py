"""`avtale status` and `avtale calendar`: where an agreement stands, and its meetings as iCalendar.

Exit codes: 0 done (warnings are printed), 1 refused or findings with feil, 2 could not run.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from avtaleflyt.cli.prosessfelles import AvtaleId, err, find_folder, load_process, today_or
from avtaleflyt.prosess import calendar_ics, status
from avtaleflyt.prosess.kontekst import alle_organer
from avtaleflyt.validation import list_agreements


class StatusFormat(str, Enum):
    table = "table"
    json = "json"


# --------------------------------------------------------------------------- status


def _status_table(st) -> None:
    console = Console(width=160 if not sys.stdout.isatty() else None)
    console.print(f"[bold]{st.avtale}[/bold] – {st.tittel}")
    console.print(
        f"Tilstand {st.pa_dato.isoformat()}: [bold]{st.tilstand_tekst}[/bold] "
        f"(versjon {st.versjon}, avtale-hash {st.avtale_hash[:12]}…)"
    )
    if st.gjeldende_versjon is not None:
        console.print(f"Gjeldende (i kraft): versjon {st.gjeldende_versjon}")
    if st.tidligste_vedtatt is not None and st.tilstand in (
        "klar_til_politisk_behandling",
        "til_behandling",
        "drofting",
        "utkast",
    ):
        console.print(
            f"Tidligst vedtatt i alle {alle_organer([k.kommune for k in st.kommuner])} etter "
            f"møteplanen: {st.tidligste_vedtatt.isoformat()}"
        )
    if st.vedtatte_versjoner:
        console.print(
            "Vedtatt av alle: versjon " + ", ".join(str(v) for v in st.vedtatte_versjoner)
        )
    table = Table(title="Kommuner", show_lines=False)
    for col in (
        "kommune",
        "drøfting",
        "vedtak (gjeldende versjon)",
        "signert",
        "neste møte",
        "frist saksframlegg",
    ):
        table.add_column(col, overflow="fold")
    frister = {f.kommune: f for f in st.frister}
    for k in st.kommuner:
        f = frister.get(k.kommune)
        neste = f"{f.mote} ({f.motedato.isoformat()})" if f else "–"
        frist = f.saksframlegg_frist.isoformat() if f else "–"
        table.add_row(
            f"{k.kommunenavn} ({k.kommune})",
            k.drofting,
            k.vedtak,
            "ja" if k.signert else "nei",
            neste,
            frist,
        )
    console.print(table)
    if st.mangler:
        console.print("[bold]Mangler:[/bold]")
        for m in st.mangler:
            console.print(f"  • {m}")
    for m in st.feil:
        console.print(f"[red]feil:[/red] {m}")
    for m in st.advarsler:
        console.print(f"[yellow]advarsel:[/yellow] {m}")
    console.print()


def status_cmd(
    avtale_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Avtale-id (standard: alle)")
    ] = None,
    at: Annotated[
        str | None, typer.Option("--at", help="Dato ÅÅÅÅ-MM-DD (standard: i dag)")
    ] = None,
    format: Annotated[
        StatusFormat, typer.Option("--format", help="table eller json")
    ] = StatusFormat.table,
) -> None:
    """Hvor avtalen står: tilstand, hva som mangler og neste frist per kommune."""
    on = today_or(at)
    ids = [avtale_id] if avtale_id else list_agreements()
    results = []
    failed = False
    for ident in ids:
        try:
            avtale, prosess = load_process(find_folder(ident))
        except typer.Exit:
            if avtale_id:
                raise
            failed = True
            continue
        results.append(status(avtale, prosess, on))
    if format is StatusFormat.json:
        data = [r.as_dict() for r in results]
        typer.echo(json.dumps(data[0] if avtale_id else data, ensure_ascii=False, indent=2))
    else:
        if not results:
            typer.echo("ingen avtaler funnet")
        for r in results:
            _status_table(r)
    raise typer.Exit(2 if failed else 0)


# --------------------------------------------------------------------------- calendar


def calendar_cmd(
    avtale_id: AvtaleId,
    ics: Annotated[Path, typer.Option("--ics", help="iCalendar-fil å skrive (.ics)")],
    at: Annotated[
        str | None, typer.Option("--at", help="Dato for DTSTAMP (standard: i dag)")
    ] = None,
) -> None:
    """Skriv den politiske behandlingen som iCalendar (Outlook): møter og frister."""
    avtale, prosess = load_process(find_folder(avtale_id))
    data = calendar_ics(avtale, prosess, at=today_or(at))
    if ics.exists() and ics.is_dir():
        err(f"--ics: {ics} er en mappe")
        raise typer.Exit(2)
    tmp = ics.with_name(f".{ics.name}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(ics)
    except OSError as exc:
        err(f"--ics: kan ikke skrive {ics}: {exc.strerror}")
        raise typer.Exit(2) from None
    typer.echo(f"{len(prosess.moter)} møter skrevet til {ics}")


def register(app: typer.Typer) -> None:
    """Add this area's commands to the `avtale` app."""
    app.command("status")(status_cmd)
    app.command("calendar")(calendar_cmd)
