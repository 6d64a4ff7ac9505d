"""CLI of the archive area: `avtale archive` (write what is due) and `avtale verify`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer
from git.exc import GitCommandError

from avtaleflyt.arkiv import Arkiv, ArkivAvvist, ArkivFeil
from avtaleflyt.arkiv.arkivformat import uten_pdfa
from avtaleflyt.arkiv.gjengivelse import standard_gjengiver
from avtaleflyt.arkiv.signering import Signering
from avtaleflyt.arkiv.verifiser import Statistikk, verifiser
from avtaleflyt.arkiv.verifiser_gjengivelse import gjengivelsesmerknader
from avtaleflyt.arkiv.verifiser_hurtigbuffer import beskrivelse
from avtaleflyt.cli.arkivdeling import FJERNARKIV_HJELP, sett_opp_deling
from avtaleflyt.findings import Finding
from avtaleflyt.paths import agreements_dir, archive_dir
from avtaleflyt.prosess import ProcessInvalid
from avtaleflyt.prosess.kalender import idag
from avtaleflyt.tjenester import arkiver_forfalte, avtaler_med_prosess
from avtaleflyt.validation import AgreementInvalid, UnknownAgreement, find_agreement
from schemas.regler.sjekk_felles import antall

ARKIV_HJELP = "Arkivrepoet (ellers AVTALE_ARKIV, ellers ./arkiv)"


def verify(
    avtale_id: str | None = typer.Argument(None, metavar="[ID]", help="Bare denne avtalen"),
    arkiv: str | None = typer.Option(None, "--arkiv", help=ARKIV_HJELP),
    uten_gjengivelse: bool = typer.Option(
        False,
        "--uten-gjengivelse",
        help="Hopp over ny gjengivelse av dokumentene (når dokumentmodulen ikke er installert)",
    ),
    uten_hurtigbuffer: bool = typer.Option(
        False,
        "--uten-hurtigbuffer",
        help="Kontroller hver commit på nytt, også dem en tidligere kontroll har kontrollert",
    ),
) -> None:
    """Kontroller arkivet: sjekksummer, ny gjengivelse, vedtakenes avtale-hash, tagger og historikk.

    Commits som er kontrollert før med samme program, hentes fra hurtigbufferen i .git; tagger,
    journal, referanser og arbeidskopi kontrolleres alltid. Avslutter med 0 når alt stemmer, 1 ved
    funn og 2 når kontrollen ikke kan kjøres."""
    sti = archive_dir(arkiv)
    if sti.is_file():
        typer.echo(f"Arkivstien {sti} er en fil, ikke en mappe (velg med --arkiv).", err=True)
        raise typer.Exit(2)
    if not Arkiv(sti).finnes():
        typer.echo(f"Fant ikke noe arkiv i {sti} (velg med --arkiv eller AVTALE_ARKIV).", err=True)
        raise typer.Exit(2)
    gjengiver = None if uten_gjengivelse else standard_gjengiver()
    st = Statistikk()
    try:
        funn = verifiser(
            sti, avtale_id, rerender=gjengiver, statistikk=st, hurtigbuffer=not uten_hurtigbuffer
        )
    except (ArkivFeil, GitCommandError, OSError) as exc:
        typer.echo(f"Kontrollen av arkivet {sti} kunne ikke kjøres: {exc}", err=True)
        raise typer.Exit(2) from None
    for f in funn:
        typer.echo(f.one_line())
    for linje in uten_pdfa(
        sti, avtale_id
    ):  # a note, not a finding: see avtaleflyt.arkiv.arkivformat
        typer.echo(f"Merknad: {linje}")
    for linje in gjengivelsesmerknader(st):  # a renderer change is information, not tampering
        typer.echo(f"Merknad: {linje}")
    typer.echo(beskrivelse(st))
    hva = f"avtalen {avtale_id}" if avtale_id else "arkivet"
    if funn:
        typer.echo(f"{len(funn)} funn i {hva} ({sti}).")
        raise typer.Exit(1)
    typer.echo(f"Ingen funn: {hva} ({sti}) stemmer.")


_STATUS = {
    "ny": "arkivert nå",
    "fullfor": "fullført nå (taggen manglet)",
    "arkivert": "allerede arkivert",
    "avvik": "AVVIK",
}


def _skriv_funn(funn: list[Finding]) -> None:
    for f in funn:
        typer.echo(f.one_line(), err=True)


def _arkiver_en(mappe: Path, sti: Path, dato: dt.date) -> tuple[int, int, int]:
    """Archive one agreement's due events and print each; returns (exit code, written, already)."""
    try:
        resultat = arkiver_forfalte(mappe, sti, dato)
    except (ProcessInvalid, AgreementInvalid) as exc:
        _skriv_funn(exc.findings)
        typer.echo(f"{mappe.name}: rett feilene over først; ingenting er arkivert", err=True)
        return 2, 0, 0
    except ArkivAvvist as exc:
        typer.echo(f"{mappe.name}: {exc}", err=True)
        return 1, 0, 0
    except (ArkivFeil, GitCommandError, OSError) as exc:
        typer.echo(f"{mappe.name}: arkiveringen kunne ikke kjøres: {exc}", err=True)
        return 2, 0, 0
    if not resultat.hendelser:
        typer.echo(f"{resultat.avtale_id}: ingen hendelser er forfalt per {dato.isoformat()}")
        return 0, 0, 0
    typer.echo(f"{resultat.avtale_id}:")
    commits = iter(resultat.commits)
    skrevet = allerede = 0
    for p in resultat.hendelser:
        h = p.hendelse
        tekst = _STATUS.get(p.status, p.status)
        if p.status in ("ny", "fullfor"):
            tekst += f" ({next(commits, '')[:10]})"
            skrevet += 1
        elif p.status == "arkivert":
            allerede += 1
        typer.echo(f"  {h.tag:<48} {h.juridisk_dato.isoformat()}  {tekst}")
        if p.merknad:
            typer.echo(f"    {p.merknad}")
    if resultat.pdfa_merknad:
        typer.echo(f"  {resultat.pdfa_merknad}", err=True)
    return (1 if resultat.avvik else 0), skrevet, allerede


def archive(
    avtale_id: str | None = typer.Argument(None, metavar="[ID]", help="Avtale-id (standard: alle)"),
    at: str | None = typer.Option(None, "--at", help="Dato ÅÅÅÅ-MM-DD (standard: i dag)"),
    arkiv: str | None = typer.Option(None, "--arkiv", help=ARKIV_HJELP),
    signeringsnokkel: str | None = typer.Option(
        None,
        "--signeringsnokkel",
        metavar="FIL",
        help="Sett opp signerte tagger (første gang eller ved nøkkelbytte): privat SSH-nøkkel "
        "(ssh-keygen -t ed25519); alle senere tagger signeres",
    ),
    tillatte_signerere: Path | None = typer.Option(
        None,
        "--tillatte-signerere",
        metavar="FIL",
        help="Flere godkjente nøkler (linjer som i allowed_signers), f.eks. tidligere arkivarers",
    ),
    gpg: bool = typer.Option(
        False, "--gpg", help="--signeringsnokkel er en GPG-nøkkel-id, ikke en SSH-nøkkelfil"
    ),
    fjernarkiv: str | None = typer.Option(
        None, "--fjernarkiv", metavar="URL", help=FJERNARKIV_HJELP
    ),
) -> None:
    """Arkiver alle juridiske hendelser prosessdataene gjør forfalt: vedtatt, endret, signert,
    i kraft og opphørt. Hendelser som alt er arkivert, skrives ikke på nytt.

    Avslutter med 0 når alt er arkivert, 1 ved avvik mellom registreringene og arkivet og 2 når
    arkiveringen ikke kan kjøres."""
    try:
        dato = dt.date.fromisoformat(at) if at else idag()
    except ValueError:
        typer.echo(f"avtale: --at: «{at}» er ikke en dato på formen ÅÅÅÅ-MM-DD", err=True)
        raise typer.Exit(2) from None
    sti = archive_dir(arkiv)
    if signeringsnokkel or tillatte_signerere:
        _sett_opp_signering(sti, signeringsnokkel, tillatte_signerere, gpg)
    if fjernarkiv:
        sett_opp_deling(sti, fjernarkiv)
    if avtale_id:
        try:
            mapper = [find_agreement(avtale_id)]
        except UnknownAgreement as exc:
            typer.echo(f"avtale: {exc}", err=True)
            raise typer.Exit(2) from None
    else:
        mapper = avtaler_med_prosess(agreements_dir())
        if not mapper:
            typer.echo(f"ingen avtaler med prosess.yaml i {agreements_dir()}")
    kode = skrevet = allerede = 0
    for mappe in mapper:
        k, s, a = _arkiver_en(mappe, sti, dato)
        kode, skrevet, allerede = max(kode, k), skrevet + s, allerede + a
    typer.echo(
        f"{antall(skrevet, 'hendelse', 'hendelser')} arkivert nå, {allerede} var arkivert fra før ({sti})."
    )
    raise typer.Exit(kode)


def _sett_opp_signering(sti: Path, nokkel: str | None, tillatte: Path | None, gpg: bool) -> None:
    """Configure signed tags before anything is archived; exit 2 with one line if it fails."""
    if not nokkel:
        typer.echo("avtale: --tillatte-signerere krever --signeringsnokkel", err=True)
        raise typer.Exit(2)
    try:
        linjer: tuple[str, ...] = ()
        if tillatte is not None:
            linjer = tuple(
                linje.strip()
                for linje in tillatte.read_text(encoding="utf-8").splitlines()
                if linje.strip() and not linje.lstrip().startswith("#")
            )
        Arkiv(sti).opprett(
            signering=Signering(
                nokkel, format="openpgp" if gpg else "ssh", tillatte_signerere=linjer
            )
        )
    except (ArkivFeil, GitCommandError, OSError) as exc:
        typer.echo(f"avtale: signeringen av taggene i {sti} kunne ikke settes opp: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"Taggene i {sti} signeres med {nokkel}; kontroller med `git verify-tag`.")


def register(app: typer.Typer) -> None:
    """Add this area's commands to the `avtale` app."""
    app.command("archive")(archive)
    app.command("verify")(verify)
