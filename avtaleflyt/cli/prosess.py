"""`avtale status`, `avtale record consultation|decision|signature` and `avtale calendar`.

Exit codes: 0 done (warnings are printed), 1 refused or findings with feil, 2 could not run.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from pydantic import BaseModel, ValidationError

from avtaleflyt.findings import Finding


class StatusFormat(str, Enum):
    table = "table"
    json = "json"


# Options shared by the record commands: one declaration, so they read and behave alike.
AvtaleId = Annotated[str, typer.Argument(metavar="ID")]
PostId = Annotated[str | None, typer.Option("--id")]
IDag = Annotated[str | None, typer.Option("--at", help="Dagens dato (standard: i dag)")]
HashValg = Annotated[str | None, typer.Option("--hash", help="Standard: gjeldende tekst")]
Versjon = Annotated[int | None, typer.Option("--versjon")]

record_app = typer.Typer(
    name="record",
    help="Registrer drøfting, vedtak eller signatur (legges til i prosess.yaml etter kontroll).",
    no_args_is_help=True,
)


def _err(message: str) -> None:
    typer.echo(f"avtale: {message}", err=True)


def _parse_date(text: str | None, what: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        _err(f"{what}: «{text}» er ikke en dato på formen ÅÅÅÅ-MM-DD")
        raise typer.Exit(2) from None


def _at(text: str | None) -> dt.date:
    from avtaleflyt.prosess.kalender import idag

    return _parse_date(text, "--at") or idag()


def _folder(ident: str) -> Path:
    from avtaleflyt.validation import UnknownAgreement, find_agreement

    try:
        return find_agreement(ident)
    except UnknownAgreement as exc:
        _err(str(exc))
        raise typer.Exit(2) from None


def _print_findings(findings: list[Finding]) -> None:
    for f in findings:
        typer.echo(f.one_line(), err=True)


def _load(folder: Path):
    from avtaleflyt.prosess import ProcessInvalid, load_process_for
    from avtaleflyt.validation import AgreementInvalid

    try:
        return load_process_for(folder)
    except (ProcessInvalid, AgreementInvalid) as exc:
        _print_findings(exc.findings)
        _err(f"{folder}: rett feilene over først")
        raise typer.Exit(2) from None


# --------------------------------------------------------------------------- status


def _status_table(st) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=160 if not sys.stdout.isatty() else None)
    console.print(f"[bold]{st.avtale}[/bold] – {st.tittel}")
    console.print(
        f"Tilstand {st.pa_dato.isoformat()}: [bold]{st.tilstand_tekst}[/bold] "
        f"(versjon {st.versjon}, avtale-hash {st.avtale_hash[:12]}…)"
    )
    if st.gjeldende_versjon is not None:
        console.print(f"Gjeldende (i kraft): versjon {st.gjeldende_versjon}")
    if st.tidligste_vedtatt is not None and st.tilstand in ("klar_til_politisk_behandling", "til_behandling", "drofting", "utkast"):
        console.print(f"Tidligst vedtatt i alle kommunestyrer etter møteplanen: {st.tidligste_vedtatt.isoformat()}")
    if st.vedtatte_versjoner:
        console.print("Vedtatt av alle: versjon " + ", ".join(str(v) for v in st.vedtatte_versjoner))
    table = Table(title="Kommuner", show_lines=False)
    for col in ("kommune", "drøfting", "vedtak (gjeldende versjon)", "signert", "neste møte", "frist saksframlegg"):
        table.add_column(col, overflow="fold")
    frister = {f.kommune: f for f in st.frister}
    for k in st.kommuner:
        f = frister.get(k.kommune)
        neste = f"{f.mote} ({f.motedato.isoformat()})" if f else "–"
        frist = f.saksframlegg_frist.isoformat() if f else "–"
        table.add_row(f"{k.kommunenavn} ({k.kommune})", k.drofting, k.vedtak, "ja" if k.signert else "nei", neste, frist)
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
    avtale_id: Annotated[str | None, typer.Argument(metavar="[ID]", help="Avtale-id (standard: alle)")] = None,
    at: Annotated[str | None, typer.Option("--at", help="Dato ÅÅÅÅ-MM-DD (standard: i dag)")] = None,
    format: Annotated[StatusFormat, typer.Option("--format", help="table eller json")] = StatusFormat.table,
) -> None:
    """Hvor avtalen står: tilstand, hva som mangler og neste frist per kommune."""
    from avtaleflyt.prosess import status
    from avtaleflyt.validation import list_agreements

    on = _at(at)
    ids = [avtale_id] if avtale_id else list_agreements()
    results = []
    failed = False
    for ident in ids:
        try:
            avtale, prosess = _load(_folder(ident))
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


# --------------------------------------------------------------------------- record


def _unique_id(base: str, taken: set[str]) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-")[:70] or "post"
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def _taken_ids(prosess) -> set[str]:
    from schemas.prosess import RECORD_LISTS

    return {post.id for liste in RECORD_LISTS.values() for post in getattr(prosess, liste)}


def _build(model: type[BaseModel], data: dict) -> BaseModel:
    try:
        return model.model_validate({k: v for k, v in data.items() if v is not None})
    except ValidationError as exc:
        for e in exc.errors(include_url=False):
            loc = [_OPTION_NAMES.get(str(x), str(x)) for x in e["loc"] if not isinstance(x, int)]
            loc = [x for x in loc if x]
            where = ".".join(loc).replace("_", "-")
            _err(f"--{where}: {_norsk(e)}")
        raise typer.Exit(2) from None


_OPTION_NAMES = {
    "kommuner": "kommune", "organisasjoner": "organisasjon", "for": "for", "avtale_hash": "hash",
    "votering": "", "protokolltilforsel": "protokolltilforsel",
}
"""Record field → the CLI option that fills it."""


def _norsk(error: dict) -> str:
    from avtaleflyt.schema_errors import message_for

    return message_for(error, None, {})[1].replace(" or ", " eller ")


def _append(folder: Path, record: BaseModel, on: dt.date, avtale) -> None:
    from avtaleflyt.prosess import ProcessInvalid, RecordRefused, append_record

    try:
        result = append_record(folder, record, on, avtale=avtale)
    except RecordRefused as exc:
        _print_findings(exc.findings)
        _err("posten er ikke registrert")
        raise typer.Exit(1) from None
    except ProcessInvalid as exc:
        _print_findings(exc.findings)
        _err("posten er ikke registrert; rett feilene over først")
        raise typer.Exit(2) from None
    _print_findings(result.advarsler)
    typer.echo(f"registrert {result.liste}.{result.indeks} ({record.id}) i {result.path}")


def _split_tilforsel(values: list[str] | None) -> list[dict]:
    out = []
    for v in values or []:
        org, sep, tekst = v.partition(":")
        if not sep or not org.strip() or not tekst.strip():
            _err(f"--protokolltilforsel: skriv «ORGANISASJON: tekst», ikke «{v}»")
            raise typer.Exit(2)
        out.append({"organisasjon": org.strip(), "tekst": tekst.strip()})
    return out


@record_app.command("consultation")
def record_consultation_cmd(
    avtale_id: AvtaleId,
    dato: Annotated[str, typer.Option("--dato", help="Møtedato ÅÅÅÅ-MM-DD")],
    kommune: Annotated[list[str], typer.Option("--kommune", help="Kommunenummer (kan gjentas)")],
    organisasjon: Annotated[list[str], typer.Option("--organisasjon", help="Fagforening (kan gjentas)")],
    protokoll: Annotated[str | None, typer.Option("--protokoll", help="Protokollens dokumentreferanse")] = None,
    tema: Annotated[list[str] | None, typer.Option("--tema", help="Tema i aml. § 16-5 annet ledd (kan gjentas)")] = None,
    protokolltilforsel: Annotated[list[str] | None, typer.Option("--protokolltilforsel", help="«ORGANISASJON: tekst»")] = None,
    merknad: Annotated[str | None, typer.Option("--merknad")] = None,
    post_id: Annotated[str | None, typer.Option("--id", help="Postens id (standard: laget av dato)")] = None,
    at: IDag = None,
) -> None:
    """Registrer et drøftingsmøte med tillitsvalgte."""
    from schemas.prosess import Drofting

    folder = _folder(avtale_id)
    avtale, prosess = _load(folder)
    d = _parse_date(dato, "--dato")
    record = _build(Drofting, {
        "id": post_id or _unique_id(f"drofting-{d.isoformat()}", _taken_ids(prosess)),
        "dato": d, "kommuner": kommune, "organisasjoner": organisasjon, "tema": tema or [],
        "protokoll": protokoll, "protokolltilforsel": _split_tilforsel(protokolltilforsel),
        "merknad": merknad,
    })
    _append(folder, record, _at(at), avtale)


def _text_before_body(avtale, prosess, mote: str, kommune: str, versjon: int | None,
                      hash_: str | None) -> tuple[int, str]:
    """Version and hash of the text before the body: as given, else the saksframlegg sent to
    that meeting, else the current agreement text."""
    from avtaleflyt.prosess import avtale_hash

    if hash_ is not None:
        return versjon or avtale.versjon, hash_
    sendt = [s for s in prosess.saksframlegg if s.mote == mote and s.kommune == kommune]
    if versjon is not None:
        sendt = [s for s in sendt if s.versjon == versjon]
    if sendt:
        siste = max(sendt, key=lambda s: s.dato)
        return siste.versjon, siste.avtale_hash
    if versjon is None or versjon == avtale.versjon:
        return avtale.versjon, avtale_hash(avtale)
    _err(f"--versjon {versjon}: oppgi også --hash (avtale-hashen i saksframlegget); bare gjeldende "
         f"versjon {avtale.versjon} kan regnes ut fra avtale.yaml")
    raise typer.Exit(2)


@record_app.command("decision")
def record_decision_cmd(
    avtale_id: AvtaleId,
    mote: Annotated[str, typer.Option("--mote", help="Møtets id i kalenderen")],
    kommune: Annotated[str, typer.Option("--kommune", help="Kommunenummer")],
    utfall: Annotated[str, typer.Option("--utfall", help="vedtatt, vedtatt_med_endringer, ikke_vedtatt, utsatt eller innstilling")],
    vedtakstekst: Annotated[str | None, typer.Option("--vedtakstekst", help="Vedtaket slik det står i møteboka")] = None,
    vedtakstekst_fil: Annotated[Path | None, typer.Option("--vedtakstekst-fil", help="Fil med vedtaksteksten (UTF-8)")] = None,
    organ: Annotated[str | None, typer.Option("--organ", help="Organ (standard: møtets organ)")] = None,
    motedato: Annotated[str | None, typer.Option("--motedato", help="Møtedato (standard: møtets dato)")] = None,
    saksnummer: Annotated[str | None, typer.Option("--saksnummer", help="Standard: møtets saksnummer")] = None,
    enstemmig: Annotated[bool, typer.Option("--enstemmig", help="Enstemmig vedtak")] = False,
    stemmer_for: Annotated[int | None, typer.Option("--for", help="Stemmer for")] = None,
    stemmer_mot: Annotated[int | None, typer.Option("--mot", help="Stemmer mot")] = None,
    avholdende: Annotated[int | None, typer.Option("--avholdende", help="Avholdende")] = None,
    versjon: Annotated[int | None, typer.Option("--versjon", help="Versjonen som lå til behandling (standard: gjeldende)")] = None,
    avtale_hash_opt: Annotated[str | None, typer.Option("--hash", help="Avtale-hash i saksframlegget (standard: gjeldende tekst)")] = None,
    korrigerer: Annotated[str | None, typer.Option("--korrigerer", help="Id til vedtaket denne posten retter")] = None,
    merknad: Annotated[str | None, typer.Option("--merknad")] = None,
    post_id: Annotated[str | None, typer.Option("--id", help="Postens id (standard: laget av møte og kommune)")] = None,
    at: IDag = None,
) -> None:
    """Registrer et organs vedtak (eller innstilling) i saken, bundet til avtale-hashen."""
    from schemas.prosess import Vedtak

    folder = _folder(avtale_id)
    avtale, prosess = _load(folder)
    if vedtakstekst_fil is not None:
        try:
            vedtakstekst = vedtakstekst_fil.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            _err(f"--vedtakstekst-fil: {vedtakstekst_fil} kan ikke leses som UTF-8 ({exc.__class__.__name__})")
            raise typer.Exit(2) from None
    if not vedtakstekst:
        _err("vedtaksteksten mangler: bruk --vedtakstekst eller --vedtakstekst-fil")
        raise typer.Exit(2)
    moter = {m.id: m for m in prosess.moter}
    m = moter.get(mote)
    versjon, hash_ = _text_before_body(avtale, prosess, mote, kommune, versjon, avtale_hash_opt)
    votering = None
    if enstemmig or stemmer_for is not None or stemmer_mot is not None or avholdende is not None:
        votering = {"enstemmig": enstemmig, "for": stemmer_for, "mot": stemmer_mot, "avholdende": avholdende}
        votering = {k: v for k, v in votering.items() if v is not None}
    record = _build(Vedtak, {
        "id": post_id or _unique_id(f"vedtak-{kommune}-{mote}", _taken_ids(prosess)),
        "kommune": kommune,
        "organ": organ or (m.organ if m else None),
        "mote": mote,
        "motedato": _parse_date(motedato, "--motedato") or (m.dato if m else None),
        "saksnummer": saksnummer or (m.saksnummer if m else None),
        "utfall": utfall,
        "vedtakstekst": vedtakstekst,
        "votering": votering,
        "versjon": versjon,
        "avtale_hash": hash_,
        "korrigerer": korrigerer,
        "merknad": merknad,
    }) if m is not None or (organ and motedato) else None
    if record is None:
        kjente = ", ".join(sorted(moter)) or "ingen"
        _err(f"--mote: møtet «{mote}» finnes ikke i kalenderen (moter i prosess.yaml); kjente møter: {kjente}")
        raise typer.Exit(1)
    _append(folder, record, _at(at), avtale)


@record_app.command("signature")
def record_signature_cmd(
    avtale_id: AvtaleId,
    kommune: Annotated[str, typer.Option("--kommune", help="Kommunenummer")],
    dato: Annotated[str, typer.Option("--dato", help="Signert dato ÅÅÅÅ-MM-DD")],
    navn: Annotated[str | None, typer.Option("--navn", help="Standard: avtalens signatar for kommunen")] = None,
    rolle: Annotated[str | None, typer.Option("--rolle", help="Standard: avtalens signatar, ellers ordfører")] = None,
    fullmakt: Annotated[str | None, typer.Option("--fullmakt", help="Grunnlaget når ikke ordføreren signerer")] = None,
    sted: Annotated[str | None, typer.Option("--sted")] = None,
    versjon: Versjon = None,
    avtale_hash_opt: HashValg = None,
    korrigerer: Annotated[str | None, typer.Option("--korrigerer")] = None,
    post_id: PostId = None,
    at: IDag = None,
) -> None:
    """Registrer at en part har signert avtalen."""
    from avtaleflyt.prosess import avtale_hash
    from schemas.prosess import Signatur

    folder = _folder(avtale_id)
    avtale, prosess = _load(folder)
    signatar = next((d.signatar for d in avtale.deltakere if d.kommunenummer == kommune and d.signatar), None)
    d = _parse_date(dato, "--dato")
    record = _build(Signatur, {
        "id": post_id or _unique_id(f"signatur-{kommune}-v{versjon or avtale.versjon}", _taken_ids(prosess)),
        "kommune": kommune,
        "navn": navn or (signatar.navn if signatar else None),
        "rolle": rolle or (signatar.rolle if signatar else "ordfører"),
        "fullmakt": fullmakt,
        "dato": d,
        "sted": sted or (signatar.sted if signatar else None),
        "versjon": versjon or avtale.versjon,
        "avtale_hash": avtale_hash_opt or avtale_hash(avtale),
        "korrigerer": korrigerer,
    })
    _append(folder, record, _at(at), avtale)


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
    from avtaleflyt.prosess import avtale_hash
    from schemas.prosess import Saksframlegg

    folder = _folder(avtale_id)
    avtale, prosess = _load(folder)
    record = _build(Saksframlegg, {
        "id": post_id or _unique_id(f"saksframlegg-{kommune}-{mote}", _taken_ids(prosess)),
        "kommune": kommune, "mote": mote, "dato": _parse_date(dato, "--dato"),
        "versjon": versjon or avtale.versjon, "avtale_hash": avtale_hash_opt or avtale_hash(avtale),
        "saksnummer": saksnummer, "dokument": dokument,
    })
    _append(folder, record, _at(at), avtale)


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
    from schemas.prosess import Delegering

    folder = _folder(avtale_id)
    avtale, prosess = _load(folder)
    m = next((x for x in prosess.moter if x.id == mote), None)
    if m is None:
        _err(f"--mote: møtet «{mote}» finnes ikke i kalenderen (moter i prosess.yaml)")
        raise typer.Exit(1)
    record = _build(Delegering, {
        "id": post_id or _unique_id(f"delegering-{kommune}", _taken_ids(prosess)),
        "kommune": kommune, "mote": mote, "dato": m.dato, "saksnummer": saksnummer or m.saksnummer,
        "vedtakstekst": vedtakstekst,
    })
    _append(folder, record, _at(at), avtale)


@record_app.command("notice")
def record_notice_cmd(
    avtale_id: AvtaleId,
    dato: Annotated[str, typer.Option("--dato", help="Dato meldingen ble sendt")],
    sendt_av: Annotated[str | None, typer.Option("--sendt-av", help="Kommunenummer (standard: vertskommunen)")] = None,
    dokument: Annotated[str | None, typer.Option("--dokument")] = None,
    post_id: PostId = None,
    at: IDag = None,
) -> None:
    """Registrer melding til statsforvalteren om vertskommunesamarbeidet (kl. § 20-4 femte ledd)."""
    from schemas.prosess import MeldingStatsforvalter

    folder = _folder(avtale_id)
    avtale, prosess = _load(folder)
    record = _build(MeldingStatsforvalter, {
        "id": post_id or _unique_id("melding-statsforvalter", _taken_ids(prosess)),
        "dato": _parse_date(dato, "--dato"), "sendt_av": sendt_av or getattr(avtale, "vertskommune", None),
        "dokument": dokument,
    })
    _append(folder, record, _at(at), avtale)


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
    from avtaleflyt.prosess import avtale_hash
    from schemas.prosess import Ikrafttredelse

    folder = _folder(avtale_id)
    avtale, prosess = _load(folder)
    v = versjon or avtale.versjon
    record = _build(Ikrafttredelse, {
        "id": post_id or _unique_id(f"ikrafttredelse-v{v}", _taken_ids(prosess)),
        "versjon": v, "avtale_hash": avtale_hash_opt or avtale_hash(avtale), "dato": _parse_date(dato, "--dato"),
    })
    _append(folder, record, _at(at), avtale)


# --------------------------------------------------------------------------- calendar


def calendar_cmd(
    avtale_id: AvtaleId,
    ics: Annotated[Path, typer.Option("--ics", help="iCalendar-fil å skrive (.ics)")],
    at: Annotated[str | None, typer.Option("--at", help="Dato for DTSTAMP (standard: i dag)")] = None,
) -> None:
    """Skriv den politiske behandlingen som iCalendar (Outlook): møter og frister."""
    from avtaleflyt.prosess import calendar_ics

    avtale, prosess = _load(_folder(avtale_id))
    data = calendar_ics(avtale, prosess, at=_at(at))
    if ics.exists() and ics.is_dir():
        _err(f"--ics: {ics} er en mappe")
        raise typer.Exit(2)
    tmp = ics.with_name(f".{ics.name}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(ics)
    except OSError as exc:
        _err(f"--ics: kan ikke skrive {ics}: {exc.strerror}")
        raise typer.Exit(2) from None
    typer.echo(f"{len(prosess.moter)} møter skrevet til {ics}")


def register(app: typer.Typer) -> None:
    """Add this area's commands to the `avtale` app."""
    app.command("status")(status_cmd)
    app.add_typer(record_app, name="record")
    app.command("calendar")(calendar_cmd)
