"""CLI for the auditor: `avtale history`, `avtale show`, `avtale diff`, `avtale register`.

Everything is read from the archive repository (`--arkiv`, else AVTALE_ARKIV, else ./arkiv).
Exit codes: 0 done, 1 nothing found (no version in force, unknown version), 2 cannot run.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import typer
from git.exc import GitCommandError

from avtaleflyt import revisjon
from avtaleflyt.arkiv import Arkiv, ArkivFeil
from avtaleflyt.paths import archive_dir
from avtaleflyt.prosess.kalender import idag
from schemas.avtale import TYPE_NAVN
from schemas.prosess import ORGAN_NAVN
from schemas.regler.sjekk_felles import antall

ARKIV_HJELP = "Arkivrepoet (ellers AVTALE_ARKIV, ellers ./arkiv)"
FRA_LOGG_HJELP = (
    "Les hendelsene fra hele git-loggen i stedet for milepælstaggene: uavhengig av "
    "taggene, men tregere i et stort arkiv"
)


def _d(dato: dt.date | None) -> str:
    return dato.strftime("%d.%m.%Y") if dato else "–"


def _dato(tekst: str | None) -> dt.date:
    if tekst is None:
        return idag()
    try:
        return dt.date.fromisoformat(tekst)
    except ValueError:
        typer.echo(f"Ugyldig dato «{tekst}»: skriv ÅÅÅÅ-MM-DD, f.eks. 2027-01-01.", err=True)
        raise typer.Exit(2) from None


def _arkiv(arkiv: str | None) -> Path:
    """The archive to read; exit 2 when there is none, when the path is a file, or when it has
    no branch to read (empty, or the branch deleted: «no cooperations» would then be a lie)."""
    sti = archive_dir(arkiv)
    if sti.exists() and not sti.is_dir():
        typer.echo(f"Arkivstien {sti} er en fil, ikke en mappe (velg med --arkiv).", err=True)
        raise typer.Exit(2)
    if not Arkiv(sti).finnes():
        typer.echo(f"Fant ikke noe arkiv i {sti} (velg med --arkiv eller AVTALE_ARKIV).", err=True)
        raise typer.Exit(2)
    grunn = Arkiv(sti).uten_gren()
    if grunn is not None:
        typer.echo(f"Kan ikke lese arkivet: {grunn}", err=True)
        raise typer.Exit(2)
    return sti


def _feil(exc: Exception, sti: Path) -> None:
    typer.echo(f"Kunne ikke lese arkivet {sti}: {exc}", err=True)
    raise typer.Exit(2)


def history(
    avtale_id: str = typer.Argument(..., metavar="ID", help="Avtalens id"),
    arkiv: str | None = typer.Option(None, "--arkiv", help=ARKIV_HJELP),
    som_json: bool = typer.Option(False, "--json", help="Skriv historikken som JSON"),
    fra_logg: bool = typer.Option(False, "--fra-logg", help=FRA_LOGG_HJELP),
) -> None:
    """Tidslinje for en avtale: versjoner, hvert kommunestyres vedtak, signaturer og når hver
    versjon var i kraft — fra arkiverte data og trailere, aldri fra commit-tid."""
    sti = _arkiv(arkiv)
    try:
        h = revisjon.historikk(sti, avtale_id, fra_logg=fra_logg)
    except (ArkivFeil, GitCommandError, KeyError, ValueError) as exc:
        _feil(exc, sti)
    if not h.versjoner:
        typer.echo(f"Avtalen «{avtale_id}» har ingen arkiverte hendelser i {sti}.", err=True)
        raise typer.Exit(1)
    if som_json:
        typer.echo(json.dumps(_historikk_json(h), ensure_ascii=False, indent=2))
        return
    typer.echo(f"Historikk for {avtale_id} (arkiv {sti})")
    for v in sorted(h.versjoner.values(), key=lambda v: v.versjon):
        typer.echo("")
        typer.echo(f"Versjon {v.versjon}  avtale-hash {v.avtale_hash[:16]}…")
        if v.endrer:
            typer.echo(
                f"  endrer versjon {v.endrer}, som var i kraft da versjon {v.versjon} ble vedtatt"
            )
        for x in v.vedtak:
            typer.echo(
                f"  vedtatt {_d(x.dato)}  {x.kommunenavn} {ORGAN_NAVN.get(x.organ, x.organ)} "
                f"({x.kommunenummer}), sak {x.saksnummer}"
            )
        if v.vedtatt:
            typer.echo(f"  vedtatt av alle {_d(v.vedtatt)}")
        for s in v.signaturer:
            hvem = f" av {s.navn}" if s.navn else ""
            typer.echo(f"  signert {_d(s.dato)}  {s.kommunenavn} ({s.kommunenummer}){hvem}")
        if v.ikraft:
            til = (
                f" til og med {_d(v.gyldig_til - dt.timedelta(days=1))}"
                if v.gyldig_til
                else " (gjelder fortsatt)"
            )
            typer.echo(f"  i kraft fra {_d(v.ikraft)}{til}")
        elif v.planlagt_ikraft:
            typer.echo(
                f"  planlagt ikrafttredelse {_d(v.planlagt_ikraft)} (ikke arkivert som i kraft)"
            )
        else:
            typer.echo("  ikke i kraft")
        typer.echo("  tagger: " + ", ".join(e.tag or e.commit[:12] for e in v.hendelser))
    if h.opphort:
        typer.echo("")
        typer.echo(f"Opphørt {_d(h.opphort)} (versjon {h.opphort_versjon} var siste gjeldende)")
    for e in h.ugyldige:
        typer.echo(
            f"Advarsel: commit {e.commit[:12]} («{e.emne}») har ikke gyldige arkivtrailere og er "
            "utelatt; kjør `avtale verify`.",
            err=True,
        )


def _historikk_json(h) -> dict:
    return {
        "avtale": h.avtale_id,
        "opphort": h.opphort.isoformat() if h.opphort else None,
        "versjoner": [
            {
                "versjon": v.versjon,
                "avtale_hash": v.avtale_hash,
                "vedtatt": v.vedtatt.isoformat() if v.vedtatt else None,
                "vedtak": [
                    {
                        "kommunenummer": x.kommunenummer,
                        "kommune": x.kommunenavn,
                        "dato": x.dato.isoformat(),
                        "organ": x.organ,
                        "saksnummer": x.saksnummer,
                    }
                    for x in v.vedtak
                ],
                "signert": v.signert.isoformat() if v.signert else None,
                "signaturer": [
                    {
                        "kommunenummer": s.kommunenummer,
                        "kommune": s.kommunenavn,
                        "dato": s.dato.isoformat(),
                        "navn": s.navn,
                    }
                    for s in v.signaturer
                ],
                "i_kraft_fra": v.ikraft.isoformat() if v.ikraft else None,
                "i_kraft_til": (v.gyldig_til - dt.timedelta(days=1)).isoformat()
                if v.gyldig_til
                else None,
                "endrer": v.endrer,
                "hendelser": [
                    {
                        "hendelse": e.hendelse,
                        "dato": e.juridisk_dato.isoformat(),
                        "tag": e.tag,
                        "commit": e.commit,
                    }
                    for e in v.hendelser
                ],
            }
            for v in sorted(h.versjoner.values(), key=lambda v: v.versjon)
        ],
    }


def show(
    avtale_id: str = typer.Argument(..., metavar="ID", help="Avtalens id"),
    at: str | None = typer.Option(None, "--at", help="Dato (ÅÅÅÅ-MM-DD); standard er i dag"),
    out: Path | None = typer.Option(None, "--out", help="Skriv versjonens dokumenter hit"),
    arkiv: str | None = typer.Option(None, "--arkiv", help=ARKIV_HJELP),
    fra_logg: bool = typer.Option(False, "--fra-logg", help=FRA_LOGG_HJELP),
) -> None:
    """Versjonen som var i kraft på datoen (fra juridiske datoer), med sammendrag og hvor
    dokumentet hentes."""

    dato = _dato(at)
    sti = _arkiv(arkiv)
    try:
        g = revisjon.gjeldende(sti, avtale_id, dato, fra_logg=fra_logg)
    except (ArkivFeil, GitCommandError, KeyError, ValueError) as exc:
        _feil(exc, sti)
    if g is None:
        typer.echo(
            f"Ingen versjon av «{avtale_id}» var i kraft {_d(dato)} (se `avtale history {avtale_id}`)."
        )
        raise typer.Exit(1)
    a, v = g.avtale, g.versjon
    til = (
        f"til og med {_d(v.gyldig_til - dt.timedelta(days=1))}"
        if v.gyldig_til
        else "og gjelder fortsatt"
    )
    typer.echo(f"{a.tittel}")
    typer.echo(f"I kraft {_d(dato)}: versjon {v.versjon} (i kraft fra {_d(v.ikraft)} {til})")
    typer.echo(f"Form: {TYPE_NAVN.get(a.type, a.type)}")
    if revisjon.vert(a):
        typer.echo(f"Vertskommune/kontorkommune: {revisjon.vert(a)}")
    art, deler = revisjon.andeler(a)
    typer.echo("Deltakere" + (f" ({art})" if art else "") + ":")
    for d in deler:
        typer.echo(f"  {d.kommunenummer} {d.navn}" + (f"  {d.andel}" if d.andel else ""))
    for x in v.vedtak:
        typer.echo(
            f"Vedtatt {_d(x.dato)} i {x.kommunenavn} {ORGAN_NAVN.get(x.organ, x.organ)}, sak {x.saksnummer}"
        )
    if a.uttreden and a.uttreden.oppsigelsestid_maaneder is not None:
        typer.echo(
            "Oppsigelsestid: " + antall(a.uttreden.oppsigelsestid_maaneder, "måned", "måneder")
        )
    typer.echo(f"Avtale-hash: {v.avtale_hash}")
    typer.echo("Dokumentet hentes med vanlig git:")
    for dok in g.dokumenter:
        typer.echo(f"  git -C {sti} show {g.tag}:{dok} > {Path(dok).name}")
    if out is not None:
        for f in revisjon.skriv_dokumenter(sti, avtale_id, g.tag, out):
            typer.echo(f"Skrev {f}")


def diff(
    avtale_id: str = typer.Argument(..., metavar="ID", help="Avtalens id"),
    fra: str = typer.Argument(..., metavar="vA", help="Fra versjon, f.eks. v1"),
    til: str = typer.Argument(..., metavar="vB", help="Til versjon, f.eks. v2"),
    docx: Path | None = typer.Option(
        None, "--docx", help="Skriv Word-dokument med sporede endringer hit"
    ),
    som_json: bool = typer.Option(False, "--json", help="Skriv endringene som JSON"),
    arkiv: str | None = typer.Option(None, "--arkiv", help=ARKIV_HJELP),
) -> None:
    """Endringene mellom to versjoner i klartekst, fra dataene; med --docx også et Word-dokument
    med sporede endringer (godta/avvis i Word og LibreOffice)."""

    sti = _arkiv(arkiv)
    try:
        s = revisjon.sammenlign(sti, avtale_id, fra, til)
    except KeyError as exc:
        typer.echo(str(exc.args[0]), err=True)
        raise typer.Exit(1) from None
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    except (ArkivFeil, GitCommandError) as exc:
        _feil(exc, sti)
    if som_json:
        typer.echo(
            json.dumps(
                [{"sti": e.sti, "art": e.art, "tekst": e.tekst} for e in s.endringer],
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        typer.echo(
            f"Endringer i {avtale_id} fra versjon {s.fra.versjon} til versjon {s.til.versjon}:"
        )
        for t in s.tekster or ["Ingen endringer i avtaledataene."]:
            typer.echo(f"  - {t}")
    if docx is not None:
        docx.parent.mkdir(parents=True, exist_ok=True)
        docx.write_bytes(revisjon.lag_redline(sti, avtale_id, fra, til))
        typer.echo(f"Skrev {docx} (sporede endringer)", err=som_json)


def register_kommando(
    kommune: str = typer.Option(..., "--kommune", help="Kommunenummer (fire siffer)"),
    at: str | None = typer.Option(None, "--at", help="Dato (ÅÅÅÅ-MM-DD); standard er i dag"),
    format: str = typer.Option("table", "--format", help="table, csv eller json"),
    arkiv: str | None = typer.Option(None, "--arkiv", help=ARKIV_HJELP),
    fra_logg: bool = typer.Option(False, "--fra-logg", help=FRA_LOGG_HJELP),
) -> None:
    """Kommunens interkommunale samarbeid i kraft på datoen: form, deltakere, andeler og
    vertskommune (eierskapsmelding, kommuneloven § 26-1, og kontrollutvalget)."""

    if not (len(kommune) == 4 and kommune.isdigit()):
        typer.echo(f"Kommunenummer «{kommune}» må ha fire siffer.", err=True)
        raise typer.Exit(2)
    if format not in ("table", "csv", "json"):
        typer.echo(f"Ukjent format «{format}»; velg table, csv eller json.", err=True)
        raise typer.Exit(2)
    dato = _dato(at)
    sti = _arkiv(arkiv)
    try:
        poster = revisjon.register(sti, kommune, dato, fra_logg=fra_logg)
    except (ArkivFeil, GitCommandError, ValueError) as exc:
        _feil(exc, sti)
    if format == "json":
        typer.echo(
            json.dumps(
                {
                    "kommune": kommune,
                    "dato": dato.isoformat(),
                    "samarbeid": [p.as_dict() for p in poster],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if format == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(
            [
                "avtale",
                "tittel",
                "form",
                "versjon",
                "i_kraft_fra",
                "i_kraft_til",
                "vertskommune",
                "deltakere",
                "andelstype",
            ]
        )
        for p in poster:
            w.writerow(
                [
                    p.avtale_id,
                    p.tittel,
                    p.form,
                    p.versjon,
                    p.i_kraft_fra.isoformat(),
                    p.i_kraft_til.isoformat() if p.i_kraft_til else "",
                    p.vertskommune or "",
                    "; ".join(f"{d.kommunenummer} {d.navn} {d.andel}".strip() for d in p.deltakere),
                    p.andelstype,
                ]
            )
        typer.echo(buf.getvalue(), nl=False)
        return
    typer.echo(
        f"Interkommunale samarbeid for kommune {kommune} i kraft {_d(dato)} ({len(poster)}):"
    )
    for p in poster:
        typer.echo("")
        typer.echo(f"{p.tittel} [{p.avtale_id} v{p.versjon}]")
        typer.echo(f"  form: {p.form}")
        slutt = f" til og med {_d(p.i_kraft_til)}" if p.i_kraft_til else ""
        typer.echo(f"  i kraft fra {_d(p.i_kraft_fra)}{slutt}")
        if p.vertskommune:
            typer.echo(f"  vertskommune/kontorkommune: {p.vertskommune}")
        typer.echo(
            f"  deltakere{f' ({p.andelstype})' if p.andelstype else ''}: "
            + "; ".join(f"{d.kommunenummer} {d.navn} {d.andel}".strip() for d in p.deltakere)
        )


def register(app: typer.Typer) -> None:
    """Add this area's commands to the `avtale` app."""
    app.command("history")(history)
    app.command("show")(show)
    app.command("diff")(diff)
    app.command("register")(register_kommando)
