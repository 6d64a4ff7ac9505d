"""`avtale demo`: the Gauldal cooperation from draft to archive on simulated dates, with a report."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from avtaleflyt.orkestrering.runtime import forbered_lokal_prefect, migrer
from schemas.regler.sjekk_felles import antall


def _kort(h: str) -> str:
    return h[:12] + "…" if h else "–"


def _dato(d) -> str:
    return f"{d.day}.{d.month}.{d.year}"


def demo(
    arkiv: Annotated[
        Path | None,
        typer.Option(
            "--arkiv",
            help="Nytt arkivrepo (standard: UT/arkiv); et eksisterende arkiv brukes aldri",
        ),
    ] = None,
    ut: Annotated[
        Path,
        typer.Option(
            "--ut",
            help="Mappe for arbeidskopien av avtalene og dokumentene (tømmes hvis demoen laget den)",
        ),
    ] = Path("ut"),
    avtale: Annotated[
        list[str] | None,
        typer.Option("--avtale", help="Kjør bare disse avtalene (id); kan gjentas"),
    ] = None,
    uten_prefect: Annotated[
        bool,
        typer.Option(
            "--uten-prefect", help="Kall stegene direkte, uten Prefect (raskere, uten kjøringslogg)"
        ),
    ] = False,
) -> None:
    """Kjør eksempelsamarbeidet Midtre Gauldal–Melhus–Skaun fra utkast til arkiv."""
    # the scenario lives outside the core package and loads git and rendering: only for this command
    from demo import DemoFeil, alle_ider, kjor_demo

    console = Console()
    ider = list(avtale) if avtale else None
    if ider:
        ukjente = [a for a in ider if a not in alle_ider()]
        if ukjente:
            kjente = ", ".join(alle_ider())
            typer.echo(f"avtale: ukjent avtale: {', '.join(ukjente)} (kjente: {kjente})", err=True)
            raise typer.Exit(2)
    with Progress(
        TextColumn("[bold]{task.fields[dato]}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as progress:
        oppgave = progress.add_task("starter", total=None, dato="")

        def fremdrift(i: int, n: int, h) -> None:
            progress.update(
                oppgave,
                completed=i,
                total=n,
                dato=h.dato.isoformat(),
                description=f"{h.avtale}: {h.tekst}"[:90],
            )

        try:
            if uten_prefect:
                resultat = kjor_demo(ut, arkiv, ider=ider, fremdrift=fremdrift)
            else:
                resultat = _under_prefect(console, progress, ut, arkiv, ider, fremdrift)
        except DemoFeil as exc:
            typer.echo(f"avtale: {exc}", err=True)
            raise typer.Exit(2) from None
    skriv_rapport(console, resultat)
    if resultat.verifisert is False:
        raise typer.Exit(1)


def _under_prefect(console, progress, ut, arkiv, ider, fremdrift):
    """The embedded default: local Prefect (project-local home, SQLite, no network)."""
    hjem = forbered_lokal_prefect()
    migrer(lambda tekst: progress.console.print(tekst))
    # Prefect must be imported after its settings are in place (forbered_lokal_prefect)
    from flows.demo import kjor_under_prefect

    progress.console.print(
        f"Lokal Prefect: {hjem} (SQLite, uten nettverk); starter flyten «gauldal-demo» …"
    )
    return kjor_under_prefect(ut, arkiv, ider, fremdrift)


def skriv_rapport(console, resultat) -> None:
    """The short report: states, documents, tags, register per municipality, where things are."""
    # the scenario lives outside the core package and loads git and rendering: only for this command
    from demo import KORT_FORM

    tabell = Table(
        title=f"Avtalene per {_dato(resultat.sluttdato)} ({antall(resultat.hendelser, 'hendelse', 'hendelser')})"
    )
    tabell.add_column("avtale", no_wrap=True)
    tabell.add_column("form")
    tabell.add_column("v.", justify="right")
    tabell.add_column("tilstand")
    tabell.add_column("avtale-hash", no_wrap=True)
    tabell.add_column("vedtatt")
    for a in resultat.avtaler:
        like = set(a.vedtak.values())
        n = len(a.vedtak)
        vedtatt = f"{n} KS" + (", lik tekst" if like == {a.avtale_hash} else "")
        tabell.add_row(
            a.id,
            KORT_FORM.get(a.type, a.type),
            str(a.versjon),
            a.tilstand_tekst,
            a.avtale_hash[:10],
            vedtatt,
        )
    console.print(tabell)

    arkivert = Table(title="Dokumenter og arkiv")
    arkivert.add_column("avtale", no_wrap=True)
    arkivert.add_column("dokumenter (gjeldende versjon)")
    arkivert.add_column("tagger i arkivet")
    for a in resultat.avtaler:
        filer = ", ".join(p.name for p in a.dokumenter.values()) or "–"
        egne = [t.removeprefix(f"{a.id}/") for t in resultat.tagger if t.startswith(f"{a.id}/")]
        tagger = ", ".join(egne)
        arkivert.add_row(a.id, filer, tagger or "–")
    console.print(arkivert)

    if resultat.underveis:
        regel = re.compile(r": (?:advarsel|feil) ([A-Z0-9-]+)")
        treff = (regel.search(m) for _, _, m in resultat.underveis)
        regler = Counter(t.group(1) if t else "annet" for t in treff)
        console.print(
            "[bold]Merknader fra prosessreglene underveis[/bold] "
            f"({', '.join(f'{r}: {n}' for r, n in sorted(regler.items()))})"
        )
        for dato, avtale, melding in resultat.underveis:
            if "PROSESS-SAMME-TEKST" in melding:
                tekst = melding.split("ny post: ", 1)[-1]
                console.print(f"  {_dato(dato)} {avtale}: {tekst}")

    if resultat.tagger:
        console.print(
            f"Arkivet har {len(resultat.tagger)} tagger, én per juridisk hendelse "
            "(`git tag -l` i arkivet)."
        )

    if resultat.register:
        for kommune, rader in resultat.register.items():
            reg = Table(title=f"Register: {kommune}")
            kolonner = list(rader[0].keys()) if rader else ["avtale"]
            for kol in kolonner:
                reg.add_column(str(kol), no_wrap=(kol == "avtale"))
            for rad in rader:
                reg.add_row(*(str(rad.get(k, "")) for k in kolonner))
            console.print(reg)

    if resultat.verifisert is not None:
        if resultat.verifisert:
            console.print("[green]Arkivet er verifisert: ingen avvik.[/green]")
        else:
            console.print("[red]Arkivet har avvik:[/red]")
            for linje in resultat.verifikasjon:
                console.print(f"  {linje}")
    for m in resultat.mangler:
        console.print(f"[yellow]Ikke med:[/yellow] {m}")
    _skriv_steder(console, resultat)


def _skriv_steder(console, resultat) -> None:
    """Where the run left things, and how to check the tags' signatures with plain git."""
    console.print(f"Arbeidskopi av avtalene: {resultat.arbeid}")
    console.print(f"Dokumenter:              {resultat.dokumenter}")
    console.print(f"Arkiv:                   {resultat.arkiv}")
    if resultat.signeringsnokkel is not None:
        console.print(f"Signeringsnøkkel:        {resultat.signeringsnokkel}")
        eksempel = next(iter(sorted(resultat.tagger)), None)
        if eksempel is not None:
            console.print(
                f"Taggene er signert: git -C {resultat.arkiv} verify-tag {eksempel}", soft_wrap=True
            )


def register(app: typer.Typer) -> None:
    """Add this area's commands to the `avtale` app."""
    app.command("demo")(demo)
