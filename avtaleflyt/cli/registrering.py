"""`avtale record consultation|decision|signature|saksframlegg|delegation|notice|entry-into-force`.

Exit codes: 0 done (warnings are printed), 1 refused or findings with feil, 2 could not run.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from avtaleflyt.cli.prosessfelles import (
    AvtaleId,
    err,
    find_folder,
    parse_date,
    print_findings,
    required_date,
)
from avtaleflyt.cli.registreringsinndata import dagens_dato, les_vedtakstekst, split_tilforsel
from avtaleflyt.prosess import ProcessInvalid, RecordRefused
from avtaleflyt.prosess.skrivefeil import skrivefeil
from avtaleflyt.tjenester import (
    UgyldigInndata,
    UgyldigPost,
    UkjentMote,
    registrer_delegering,
    registrer_drofting,
    registrer_ikrafttredelse,
    registrer_melding,
    registrer_saksframlegg,
    registrer_signatur,
    registrer_vedtak,
)
from avtaleflyt.validation import AgreementInvalid

# Options shared by the record commands: one declaration, so they read and behave alike.
PostId = Annotated[str | None, typer.Option("--id")]
IDag = Annotated[str | None, typer.Option("--at", help="Dagens dato (standard: i dag)")]
HashValg = Annotated[str | None, typer.Option("--hash", help="Standard: gjeldende tekst")]
Versjon = Annotated[int | None, typer.Option("--versjon")]

record_app = typer.Typer(
    name="record",
    help="Registrer drøfting, vedtak eller signatur (legges til i prosess.yaml etter kontroll).",
    no_args_is_help=True,
)


# Each command parses its options and calls the service layer (`avtaleflyt.tjenester`), which
# derives id, organ, dates, version and avtale-hash and does the checked append.


_OPTION_NAMES = {
    "kommuner": "kommune",
    "organisasjoner": "organisasjon",
    "for": "for",
    "avtale_hash": "hash",
    "votering": "",
    "protokolltilforsel": "protokolltilforsel",
}
"""Record field → the CLI option that fills it."""


def _utfor(mappe: Path, handling: Callable[[Path], Any]) -> None:
    """Run one secretariat action on the agreement in `mappe` and report it: exit 1 when
    refused, 2 when it could not run."""
    try:
        svar = handling(mappe)
    except (ProcessInvalid, AgreementInvalid) as exc:
        print_findings(exc.findings)
        err(f"{mappe}: rett feilene over først")
        raise typer.Exit(2) from None
    except UgyldigInndata as exc:
        trenger = f" (--{_OPTION_NAMES.get(exc.trenger, exc.trenger)})" if exc.trenger else ""
        err(f"--{exc.felt}: {exc.melding}{trenger}")
        raise typer.Exit(2) from None
    except UkjentMote as exc:
        err(f"--mote: {exc}")
        raise typer.Exit(1) from None
    except UgyldigPost as exc:
        for sti, tekst in exc.feil:
            navn = [_OPTION_NAMES.get(x, x) for x in sti]
            err(f"--{'.'.join(x for x in navn if x).replace('_', '-')}: {tekst}")
        raise typer.Exit(2) from None
    except RecordRefused as exc:
        print_findings(exc.findings)
        err("posten er ikke registrert")
        raise typer.Exit(1) from None
    except OSError as exc:
        err(f"{mappe}: kunne ikke skrive prosess.yaml ({skrivefeil(exc)}); ingenting er registrert")
        raise typer.Exit(2) from None
    print_findings(svar.advarsler)
    typer.echo(f"registrert {svar.liste}.{svar.indeks} ({svar.id}) i {svar.sti}")


@record_app.command("consultation")
def record_consultation_cmd(
    avtale_id: AvtaleId,
    dato: Annotated[str, typer.Option("--dato", help="Møtedato ÅÅÅÅ-MM-DD")],
    kommune: Annotated[list[str], typer.Option("--kommune", help="Kommunenummer (kan gjentas)")],
    organisasjon: Annotated[
        list[str], typer.Option("--organisasjon", help="Fagforening (kan gjentas)")
    ],
    protokoll: Annotated[
        str | None, typer.Option("--protokoll", help="Protokollens dokumentreferanse")
    ] = None,
    tema: Annotated[
        list[str] | None, typer.Option("--tema", help="Tema i aml. § 16-5 annet ledd (kan gjentas)")
    ] = None,
    protokolltilforsel: Annotated[
        list[str] | None, typer.Option("--protokolltilforsel", help="«ORGANISASJON: tekst»")
    ] = None,
    merknad: Annotated[str | None, typer.Option("--merknad")] = None,
    post_id: Annotated[
        str | None, typer.Option("--id", help="Postens id (standard: laget av dato)")
    ] = None,
    at: IDag = None,
) -> None:
    """Registrer et drøftingsmøte med tillitsvalgte."""
    d = required_date(dato, "--dato")
    tilforsel = split_tilforsel(protokolltilforsel)
    _utfor(
        find_folder(avtale_id),
        lambda mappe: registrer_drofting(
            mappe,
            dato=d,
            kommuner=kommune,
            organisasjoner=organisasjon,
            tema=tema or [],
            protokoll=protokoll,
            protokolltilforsel=tilforsel,
            merknad=merknad,
            post_id=post_id,
            at=dagens_dato(at),
        ),
    )


@record_app.command("decision")
def record_decision_cmd(
    avtale_id: AvtaleId,
    mote: Annotated[str, typer.Option("--mote", help="Møtets id i kalenderen")],
    kommune: Annotated[str, typer.Option("--kommune", help="Kommunenummer")],
    utfall: Annotated[
        str,
        typer.Option(
            "--utfall",
            help="vedtatt, vedtatt_med_endringer, ikke_vedtatt, utsatt eller innstilling",
        ),
    ],
    vedtakstekst: Annotated[
        str | None, typer.Option("--vedtakstekst", help="Vedtaket slik det står i møteboka")
    ] = None,
    vedtakstekst_fil: Annotated[
        Path | None, typer.Option("--vedtakstekst-fil", help="Fil med vedtaksteksten (UTF-8)")
    ] = None,
    organ: Annotated[
        str | None, typer.Option("--organ", help="Organ (standard: møtets organ)")
    ] = None,
    motedato: Annotated[
        str | None, typer.Option("--motedato", help="Møtedato (standard: møtets dato)")
    ] = None,
    saksnummer: Annotated[
        str | None, typer.Option("--saksnummer", help="Standard: møtets saksnummer")
    ] = None,
    enstemmig: Annotated[bool, typer.Option("--enstemmig", help="Enstemmig vedtak")] = False,
    stemmer_for: Annotated[int | None, typer.Option("--for", help="Stemmer for")] = None,
    stemmer_mot: Annotated[int | None, typer.Option("--mot", help="Stemmer mot")] = None,
    avholdende: Annotated[int | None, typer.Option("--avholdende", help="Avholdende")] = None,
    versjon: Annotated[
        int | None,
        typer.Option("--versjon", help="Versjonen som lå til behandling (standard: gjeldende)"),
    ] = None,
    avtale_hash_opt: Annotated[
        str | None,
        typer.Option("--hash", help="Avtale-hash i saksframlegget (standard: gjeldende tekst)"),
    ] = None,
    korrigerer: Annotated[
        str | None, typer.Option("--korrigerer", help="Id til vedtaket denne posten retter")
    ] = None,
    merknad: Annotated[str | None, typer.Option("--merknad")] = None,
    post_id: Annotated[
        str | None, typer.Option("--id", help="Postens id (standard: laget av møte og kommune)")
    ] = None,
    at: IDag = None,
) -> None:
    """Registrer et organs vedtak (eller innstilling) i saken, bundet til avtale-hashen."""
    tekst = les_vedtakstekst(vedtakstekst, vedtakstekst_fil)
    votering = None
    if enstemmig or stemmer_for is not None or stemmer_mot is not None or avholdende is not None:
        votering = {
            "enstemmig": enstemmig,
            "for": stemmer_for,
            "mot": stemmer_mot,
            "avholdende": avholdende,
        }
        votering = {k: v for k, v in votering.items() if v is not None}
    dato = parse_date(motedato, "--motedato")
    _utfor(
        find_folder(avtale_id),
        lambda mappe: registrer_vedtak(
            mappe,
            mote=mote,
            kommune=kommune,
            utfall=utfall,
            vedtakstekst=tekst,
            organ=organ,
            motedato=dato,
            saksnummer=saksnummer,
            votering=votering,
            versjon=versjon,
            avtale_hash=avtale_hash_opt,
            korrigerer=korrigerer,
            merknad=merknad,
            post_id=post_id,
            at=dagens_dato(at),
        ),
    )


@record_app.command("signature")
def record_signature_cmd(
    avtale_id: AvtaleId,
    kommune: Annotated[str, typer.Option("--kommune", help="Kommunenummer")],
    dato: Annotated[str, typer.Option("--dato", help="Signert dato ÅÅÅÅ-MM-DD")],
    navn: Annotated[
        str | None, typer.Option("--navn", help="Standard: avtalens signatar for kommunen")
    ] = None,
    rolle: Annotated[
        str | None, typer.Option("--rolle", help="Standard: avtalens signatar, ellers ordfører")
    ] = None,
    fullmakt: Annotated[
        str | None, typer.Option("--fullmakt", help="Grunnlaget når ikke ordføreren signerer")
    ] = None,
    sted: Annotated[str | None, typer.Option("--sted")] = None,
    versjon: Versjon = None,
    avtale_hash_opt: HashValg = None,
    korrigerer: Annotated[str | None, typer.Option("--korrigerer")] = None,
    post_id: PostId = None,
    at: IDag = None,
) -> None:
    """Registrer at en part har signert avtalen."""
    d = required_date(dato, "--dato")
    _utfor(
        find_folder(avtale_id),
        lambda mappe: registrer_signatur(
            mappe,
            kommune=kommune,
            dato=d,
            navn=navn,
            rolle=rolle,
            fullmakt=fullmakt,
            sted=sted,
            versjon=versjon,
            avtale_hash=avtale_hash_opt,
            korrigerer=korrigerer,
            post_id=post_id,
            at=dagens_dato(at),
        ),
    )


@record_app.command("saksframlegg")
def record_saksframlegg_cmd(
    avtale_id: AvtaleId,
    mote: Annotated[str, typer.Option("--mote", help="Møtets id i kalenderen")],
    kommune: Annotated[str, typer.Option("--kommune", help="Kommunenummer")],
    dato: Annotated[str, typer.Option("--dato", help="Dato saksframlegget ble sendt ut")],
    saksnummer: Annotated[str | None, typer.Option("--saksnummer", help="Arkivsaksnummer")] = None,
    dokument: Annotated[str | None, typer.Option("--dokument", help="Dokumentreferanse")] = None,
    versjon: Versjon = None,
    avtale_hash_opt: HashValg = None,
    post_id: PostId = None,
    at: IDag = None,
) -> None:
    """Registrer at saksframlegget med avtaleteksten er sendt til et møte."""
    d = required_date(dato, "--dato")
    _utfor(
        find_folder(avtale_id),
        lambda mappe: registrer_saksframlegg(
            mappe,
            mote=mote,
            kommune=kommune,
            dato=d,
            saksnummer=saksnummer,
            dokument=dokument,
            versjon=versjon,
            avtale_hash=avtale_hash_opt,
            post_id=post_id,
            at=dagens_dato(at),
        ),
    )


@record_app.command("delegation")
def record_delegation_cmd(
    avtale_id: AvtaleId,
    mote: Annotated[str, typer.Option("--mote", help="Kommunestyremøtets id i kalenderen")],
    kommune: Annotated[str, typer.Option("--kommune", help="Kommunenummer")],
    vedtakstekst: Annotated[str, typer.Option("--vedtakstekst", help="Delegeringsvedtaket")],
    saksnummer: Annotated[str | None, typer.Option("--saksnummer")] = None,
    post_id: PostId = None,
    at: IDag = None,
) -> None:
    """Registrer kommunestyrets delegeringsvedtak i et vertskommunesamarbeid (kl. § 20-2/20-3)."""
    _utfor(
        find_folder(avtale_id),
        lambda mappe: registrer_delegering(
            mappe,
            mote=mote,
            kommune=kommune,
            vedtakstekst=vedtakstekst,
            saksnummer=saksnummer,
            post_id=post_id,
            at=dagens_dato(at),
        ),
    )


@record_app.command("notice")
def record_notice_cmd(
    avtale_id: AvtaleId,
    dato: Annotated[str, typer.Option("--dato", help="Dato meldingen ble sendt")],
    sendt_av: Annotated[
        str | None, typer.Option("--sendt-av", help="Kommunenummer (standard: vertskommunen)")
    ] = None,
    dokument: Annotated[str | None, typer.Option("--dokument")] = None,
    post_id: PostId = None,
    at: IDag = None,
) -> None:
    """Registrer melding til statsforvalteren om vertskommunesamarbeidet (kl. § 20-4 femte ledd)."""
    d = required_date(dato, "--dato")
    _utfor(
        find_folder(avtale_id),
        lambda mappe: registrer_melding(
            mappe,
            dato=d,
            sendt_av=sendt_av,
            dokument=dokument,
            post_id=post_id,
            at=dagens_dato(at),
        ),
    )


@record_app.command("entry-into-force")
def record_entry_cmd(
    avtale_id: AvtaleId,
    dato: Annotated[str, typer.Option("--dato", help="Dato avtalen trer i kraft")],
    versjon: Versjon = None,
    avtale_hash_opt: HashValg = None,
    post_id: PostId = None,
    at: IDag = None,
) -> None:
    """Registrer datoen avtalen (denne versjonen) trer i kraft."""
    d = required_date(dato, "--dato")
    _utfor(
        find_folder(avtale_id),
        lambda mappe: registrer_ikrafttredelse(
            mappe,
            dato=d,
            versjon=versjon,
            avtale_hash=avtale_hash_opt,
            post_id=post_id,
            at=dagens_dato(at),
        ),
    )


def register(app: typer.Typer) -> None:
    """Add this area's commands to the `avtale` app."""
    app.add_typer(record_app, name="record")
