"""The flows behind the clerk's forms: `registrer-vedtak`, `konsultasjon`, `registrer-signatur`.

Each takes one flat form (`flows.skjema`) and nothing else: the folders come from the settings
(`flows.innstillinger`), the day is today (`tjenester.registreringsdag`, as `avtale record`
without --at), and the record goes through the service-layer function the CLI calls, so the form
is refused exactly where the CLI is.

A refusal is the clerk's answer, not a crash: the recording task returns a Failed state with the
Norwegian finding (no exception, so no traceback and no retry; only a file error, `OSError`, is
retried), leaves an «Avvist» artifact, and the flow run ends Failed with the same message.
Warnings are logged at WARNING and shown in an artifact; each step that succeeds says so in the
run's log in Norwegian. A record is then committed and pushed to the agreements repository
(`tjenester.avtalerepo`, with «Registrert av» or AVTALE_FORFATTER as author); when that fails,
the run ends Failed saying the record is written but not delivered.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import acreate_markdown_artifact, create_markdown_artifact
from prefect.states import Failed

from avtaleflyt.orkestrering.planlegging import nokkel
from avtaleflyt.orkestrering.skjemavalg import motedato_tekst
from avtaleflyt.prosess import ProcessInvalid, RecordRefused
from avtaleflyt.tjenester import (
    Registrert,
    Tjenestefeil,
    UgyldigInndata,
    UgyldigPost,
    UkjentMote,
    registreringsdag,
)
from avtaleflyt.tjenester.avtalerepo import Forfatter, lever_registrering, standardmelding
from avtaleflyt.validation import AgreementInvalid, UnknownAgreement
from flows import flyter
from flows.innstillinger import Steder, steder
from flows.skjema import (
    DroftingSkjema,
    SignaturSkjema,
    VedtakSkjema,
    avtale_id,
    registrer_skjema,
)
from schemas.prosess import ORGAN_NAVN, UTFALL_NAVN

AVVISNINGER = (RecordRefused, ProcessInvalid, AgreementInvalid, UnknownAgreement, Tjenestefeil)
"""What refuses a record: the same exceptions `avtale record` turns into exit 1 or 2."""

Skjema = VedtakSkjema | DroftingSkjema | SignaturSkjema

_AVTALE_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
"""An agreement id as the folder name it is: nothing that could climb out of the folder."""


def funn_tekst(exc: Exception) -> list[str]:
    """The refusal as the CLI prints it: one line per finding, the field named as in the form."""
    if isinstance(exc, (RecordRefused, ProcessInvalid, AgreementInvalid)):
        return [f.one_line() for f in exc.findings]
    if isinstance(exc, UgyldigPost):
        return [f"{'.'.join(sti)}: {tekst}" for sti, tekst in exc.feil]
    if isinstance(exc, UgyldigInndata):
        return [f"{exc.felt}: {exc.melding}"]
    if isinstance(exc, UkjentMote):
        return [f"mote: {exc}"]
    return [str(exc)]


def _bare_filfeil(task: Any, task_run: Any, state: Any) -> bool:
    """Retry only a file error (a lock that timed out, a full disk); never a refusal."""
    return isinstance(state.data, OSError)


def _avvisning(avtale: str, linjer: list[str]) -> tuple[dict[str, str], Any]:
    """The «Avvist» artifact's fields and the Failed state, after logging each finding."""
    logger = get_run_logger()
    for linje in linjer:
        logger.error("Avvist: %s", linje)
    artefakt = {
        "key": f"avvist-{nokkel(avtale)}",
        "markdown": "\n".join(
            [
                f"# Avvist: {avtale}",
                "",
                "Ingenting er registrert, i prosess.yaml eller i arkivet. Funnene:",
                "",
                *[f"- {linje}" for linje in linjer],
                "",
                "Rett opplysningene og send skjemaet på nytt.",
            ]
        ),
        "description": f"Avvist registrering for {avtale}",
    }
    return artefakt, Failed(message="Avvist: " + "; ".join(linjer))


def _avvis(avtale: str, linjer: list[str]) -> Any:
    """A refusal inside a task (sync)."""
    artefakt, tilstand = _avvisning(avtale, linjer)
    create_markdown_artifact(**artefakt)
    return tilstand


async def _aavvis(avtale: str, linjer: list[str]) -> Any:
    """A refusal in the flow itself (async: the artifact call must be awaited there)."""
    artefakt, tilstand = _avvisning(avtale, linjer)
    await acreate_markdown_artifact(**artefakt)
    return tilstand


def _beskriv(skjema: Skjema, r: Registrert) -> str:
    post = r.post
    if isinstance(skjema, VedtakSkjema):
        return (
            f"Vedtak registrert: kommune {post.kommune}, {ORGAN_NAVN[post.organ]} "
            f"{motedato_tekst(post.motedato)} (møte {post.mote}), {UTFALL_NAVN[post.utfall]}, "
            f"versjon {post.versjon}, avtale-hash {post.avtale_hash[:12]} (post {r.id})"
        )
    if isinstance(skjema, DroftingSkjema):
        return (
            f"Drøfting registrert: {motedato_tekst(post.dato)}, kommuner {', '.join(post.kommuner)}, "
            f"{', '.join(post.organisasjoner)} (post {r.id})"
        )
    return (
        f"Signatur registrert: kommune {post.kommune}, {post.navn or 'uten navn'} "
        f"({post.rolle}) {motedato_tekst(post.dato)}, versjon {post.versjon} (post {r.id})"
    )


@task(retries=2, retry_delay_seconds=[1, 5], retry_condition_fn=_bare_filfeil)
def registrer(skjema: Skjema, mappe: Path, at: dt.date) -> Any:
    """The checked append; a refusal is a Failed state with the findings (not retried)."""
    avtale = mappe.name
    try:
        r = registrer_skjema(skjema, mappe, at)
    except AVVISNINGER as exc:
        return _avvis(avtale, funn_tekst(exc))
    logger = get_run_logger()
    logger.info(_beskriv(skjema, r))
    advarsler = [f.one_line() for f in r.advarsler]
    for a in advarsler:
        logger.warning("Advarsel: %s", a)
    if advarsler:
        create_markdown_artifact(
            key=f"advarsler-{nokkel(avtale)}",
            markdown="\n".join(
                [
                    f"# Advarsler: {avtale}",
                    "",
                    f"Posten {r.id} er registrert, men reglene advarer:",
                    "",
                    *[f"- {a}" for a in advarsler],
                ]
            ),
            description=f"Advarsler ved registrering for {avtale}",
        )
    return {
        "post": r.id,
        "liste": r.liste,
        "advarsler": advarsler,
        "melding": standardmelding(r, avtale),
    }


@task(retries=2, retry_delay_seconds=[5, 30])
def lever(mappe: Path, forfatter: Forfatter, melding: str) -> str | None:
    """Commit and push the record to the agreements repository (a push may meet a busy remote,
    so it is retried); the commit, or None outside git."""
    commit = lever_registrering(mappe, forfatter, melding)
    if commit:
        get_run_logger().info("Levert til avtalerepoet: %s (%s)", commit[:10], mappe.name)
    return commit


async def _kjor(skjema: Skjema, videre: bool) -> Any:
    """Record the form today; with `videre`, advance the agreement (archive what became due)."""
    sted: Steder = await steder()
    avtale = avtale_id(skjema)
    flyter.merk_kjoringen(avtale)
    try:
        forfatter = Forfatter.fra(skjema.registrert_av.strip() or sted.forfatter)
        at = registreringsdag(None, sted.arkiv)
        mappe = sted.avtaler / avtale
        if not _AVTALE_ID.fullmatch(avtale) or not (mappe / "avtale.yaml").is_file():
            raise UnknownAgreement(f"avtalen «{avtale}» finnes ikke i {sted.avtaler}")
    except AVVISNINGER as exc:
        return await _aavvis(avtale, funn_tekst(exc))
    tilstand = registrer(skjema, mappe, at, return_state=True)
    if tilstand.is_failed():
        return Failed(message=tilstand.message)
    svar = dict(await tilstand.aresult())
    levert = lever(mappe, forfatter, svar.pop("melding"), return_state=True)
    if videre:
        svar |= flyter._gjennomfor(mappe, at, sted.arkiv, sted.dokumenter)
    else:
        flyter.publiser(mappe, at, sted.dokumenter)
    if levert.is_failed():  # the record is in prosess.yaml and a local commit; say so plainly
        melding = (
            f"Posten {svar['post']} er registrert i prosess.yaml, men ikke levert til "
            f"avtalerepoet: {levert.message}. Neste levering tar den med."
        )
        get_run_logger().error(melding)
        return Failed(message=melding)
    svar["levert"] = await levert.aresult()
    return svar


@flow(
    name="registrer-vedtak",
    description="Sekretariatets skjema for et vedtak eller en innstilling: velg avtale, kommune, "
    "møte og utfall. Organ, møtedato, saksnummer, versjon og avtale-hash hentes fra kalenderen og "
    "saksframlegget, posten kontrolleres som «avtale record decision» og skrives til prosess.yaml; "
    "fullfører den et vedtak i alle kommuner, arkiveres det.",
)
async def registrer_vedtak(vedtak: VedtakSkjema) -> Any:
    """The vedtak form; after the record the agreement is advanced (archived when adopted)."""
    return await _kjor(vedtak, videre=True)


@flow(
    name="konsultasjon",
    description="Sekretariatets skjema for et drøftingsmøte med de tillitsvalgte "
    "(arbeidsmiljøloven § 16-5), kontrollert som «avtale record consultation».",
)
async def konsultasjon(drofting: DroftingSkjema) -> Any:
    return await _kjor(drofting, videre=False)


@flow(
    name="registrer-signatur",
    description="Sekretariatets skjema for en parts signatur på den vedtatte teksten. Navn, rolle "
    "og sted hentes fra avtalens signatar når feltene står tomme; kontrollert som «avtale record "
    "signature», og arkivert når alle har signert.",
)
async def registrer_signatur(signatur: SignaturSkjema) -> Any:
    return await _kjor(signatur, videre=True)
