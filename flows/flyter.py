"""Prefect flows for avtaleflyt: thin wrappers over plain functions (no domain logic here).

Flows: `utkast` (validate and render), `arkiver_forfalte`,
`godkjenningsdato` (the run scheduled on a meeting date), `fremdrift` (advance one agreement on a
date), `daglig_sveip` (every agreement, daily), `livslop` (one agreement the whole way) and
`livslop_mange` (many agreements in one run: where the benchmark puts the per-run cost). The
clerk's forms (`registrer-vedtak`, `konsultasjon`, `registrer-signatur`) are in
`flows.skjemaflyter`; they record through the service layer and then call `_gjennomfor` here.
The same advance and lifecycle without Prefect are `fremdrift_direkte` and `livslop_direkte` in
`avtaleflyt.orkestrering.fremdrift` (re-exported here), so the tests of those steps need not
import Prefect.

No flow takes a folder as a parameter: a deployment's parameters are what any user of the
Prefect UI may set, so the agreements folder, the archive and the documents folder come from the
settings (`flows.innstillinger.steder()`: AVTALE_* on the worker, then Prefect Variables, then
the defaults), as they do for the clerk's forms, and an agreement id must be a plain folder name.

Flows are async: a sync flow run pays ~1 s for joining Prefect's heartbeat thread (measured on a 2-core machine).
Tasks on files and git retry; archive writes hold the global concurrency limit `avtaleflyt-arkiv`
(1 slot) when the server has it, and the archive file-locks on its own in any case.

Each flow run is tagged with the agreement ids it works on (`merk_kjoringen`); its task runs are not: a
tagged task run takes a slot of every tag's concurrency limit through the API before it starts,
which on the local SQLite server now and then waits about 2 s for the database.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from prefect import flow, get_client, get_run_logger, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact
from prefect.concurrency.sync import concurrency
from prefect.runtime import flow_run

from avtaleflyt import tjenester
from avtaleflyt.nettsted.adresse import side_url
from avtaleflyt.orkestrering import fremdrift as fr
from avtaleflyt.orkestrering import motekontroll, varsler
from avtaleflyt.orkestrering.fremdrift import (  # re-exported: the flows' steps without Prefect
    fremdrift_direkte as fremdrift_direkte,
)
from avtaleflyt.orkestrering.fremdrift import (
    livslop_direkte as livslop_direkte,
)
from avtaleflyt.orkestrering.lenker import DOKUMENT_URL, dokument_url
from avtaleflyt.orkestrering.planlegging import nokkel
from avtaleflyt.orkestrering.prefect_plan import aplanlegg_mappe
from avtaleflyt.orkestrering.skjemavalg import bygg_valg, motedato_tekst, oppdater_skjemaer
from avtaleflyt.prosess import status as prosess_status
from avtaleflyt.prosess.kalender import idag
from avtaleflyt.validation import load_agreement
from flows.innstillinger import Steder, steder
from schemas.prosess import ORGAN_NAVN

ARKIV_GRENSE = "avtaleflyt-arkiv"
FILRETRY = dict(retries=2, retry_delay_seconds=[1, 5])
GITRETRY = dict(retries=3, retry_delay_seconds=[1, 5, 15])


# --------------------------------------------------------------------------- locations

AVTALE_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
"""An agreement id as the folder name it is: nothing that could climb out of the folder."""


def _mappe(avtale_id: str, sted: Steder) -> Path:
    """The agreement's folder under the configured agreements folder. The id is a run
    parameter a UI user types, so one that is no plain folder name is refused in Norwegian."""
    if not AVTALE_ID.fullmatch(avtale_id):
        raise ValueError(
            f"avtale-id «{avtale_id}» er ikke gyldig: bare små bokstaver, tall og bindestrek"
        )
    return sted.avtaler / avtale_id


def _dato(dato: dt.date | str | None) -> dt.date:
    if dato is None:
        return idag()
    return dato if isinstance(dato, dt.date) else dt.date.fromisoformat(dato)


# --------------------------------------------------------------------------- tasks
# Each task is one call of the service layer (`avtaleflyt.tjenester`), as the CLI's commands are.


@task(**FILRETRY)
def valider(mappe: Path) -> str:
    return load_agreement(mappe / "avtale.yaml").id


@task(**FILRETRY)
def tegn_dokumenter(mappe: Path, dokumenter: Path) -> dict[str, str]:
    return {fmt: str(p) for fmt, p in tjenester.lag_dokumenter(mappe, dokumenter).filer.items()}


@task
def vurder(mappe: Path, at: dt.date, dokumenter: Path) -> fr.Vurdering:
    return fr.vurder_mappe(mappe, at, dokumenter)


def _arkiver(mappe: Path, at: dt.date, arkiv: Path) -> list[str]:
    """Archive what is due, one archive writer at a time; «arkivert <event> <commit>» per event
    written now, «avvik: …» per event the archive holds with other legal data. The limit is taken
    only when something is to be written (an API call each time, ~2 s on the local SQLite server)."""
    resultat = tjenester.arkiver_forfalte(
        mappe, arkiv, at, skrivelas=lambda: concurrency(ARKIV_GRENSE, occupy=1, strict=False)
    )
    commits = iter(resultat.commits)
    ut = [
        f"arkivert {p.hendelse.hendelse} {next(commits, '')[:10]}"
        for p in resultat.hendelser
        if p.status in ("ny", "fullfor")
    ]
    return ut + [f"avvik: {m}" for m in resultat.avvik]


@task(**GITRETRY)
def arkiver(mappe: Path, at: dt.date, arkiv: Path) -> list[str]:
    return _arkiver(mappe, at, arkiv)


@task(**FILRETRY)
def registrer(mappe: Path, post, at: dt.date) -> list[str]:
    """Append a record through the service layer: the same checks as the CLI."""
    return [f.one_line() for f in tjenester.registrer_post(mappe, post, at).advarsler]


def _dag(d: dt.date) -> str:
    return motedato_tekst(d)


@task
def publiser(mappe: Path, at: dt.date, dokumenter: Path) -> None:
    """Artifacts: markdown status, table of adoptions per municipality, the documents.

    Links are addresses a clerk's browser can open: the agreement's page on the static site
    (`AVTALE_NETTSTED_URL`) and each document under `AVTALE_DOKUMENT_URL`; without an address
    the document is named with where it lies on the host, never as a `file://` link."""
    avtale, prosess = tjenester.last(mappe)
    st = prosess_status(avtale, prosess, at)
    k = nokkel(avtale.id)
    linjer = [
        f"# {st.tittel}",
        "",
        f"**{st.tilstand_tekst}** per {_dag(at)} "
        f"(versjon {st.versjon}, avtale-hash `{st.avtale_hash[:12]}`)",
        "",
    ]
    side = side_url(avtale.id)
    if side:
        linjer += [f"[Avtalens side med vedtak og arkiverte versjoner]({side})", ""]
    if st.mangler:
        linjer += ["## Mangler", "", *[f"- {m}" for m in st.mangler], ""]
    if st.frister:
        linjer += [
            "## Neste møter",
            "",
            *[
                f"- {f.kommunenavn}: {ORGAN_NAVN.get(f.organ, f.organ)} {_dag(f.motedato)}, "
                f"saksframlegg senest {_dag(f.saksframlegg_frist)}"
                for f in st.frister
            ],
            "",
        ]
    versjon = tjenester.dokumentmappe(dokumenter, avtale)
    filer = sorted(versjon.iterdir()) if versjon.is_dir() else []
    uten_adresse = [f for f in filer if dokument_url(dokumenter, f) is None]
    if uten_adresse:
        linjer += [
            f"## Dokumenter, versjon {avtale.versjon}",
            "",
            f"På maskinen som kjørte flyten, i `{versjon}` (sett {DOKUMENT_URL} for lenker):",
            "",
            *[f"- {f.name}" for f in uten_adresse],
            "",
        ]
    create_markdown_artifact(
        key=f"status-{k}", markdown="\n".join(linjer), description=f"Status for {avtale.id}"
    )
    create_table_artifact(
        key=f"vedtak-{k}",
        table=[
            {
                "kommune": s.kommunenavn,
                "kommunenummer": s.kommune,
                "drøfting": s.drofting,
                "vedtak": s.vedtak,
                "signert": "ja" if s.signert else "nei",
            }
            for s in st.kommuner
        ],
        description=f"Vedtak per kommune for {avtale.id}",
    )
    for f in filer:
        url = dokument_url(dokumenter, f)
        if url is not None:
            create_link_artifact(
                key=f"dokument-{k}-{nokkel(f.suffix.lstrip('.'))}",
                link=url,
                link_text=f.name,
                description=f"{avtale.id} versjon {avtale.versjon}",
            )


def _gjennomfor(
    mappe: Path, at: dt.date, arkiv: Path, dokumenter: Path, *, vis: bool = True
) -> dict:
    """Shared body: assess, carry out each step, publish. Called inside a flow."""
    logger = get_run_logger()
    v = vurder(mappe, at, dokumenter)
    utfort: list[str] = []
    for t in v.tiltak:
        if t.art == "dokumenter":
            tegn_dokumenter(mappe, dokumenter)
            logger.info("Dokumentene til saksframlegget er laget for %s", mappe.name)
            utfort.append("dokumenter")
        elif t.art == "arkiver":
            gjort = arkiver(mappe, at, arkiv)
            for linje in gjort:  # «arkivert vedtatt <commit>», «avvik: …»
                (logger.warning if linje.startswith("avvik") else logger.info)(
                    "%s%s (%s)", linje[:1].upper(), linje[1:], mappe.name
                )
            utfort += gjort
        else:
            logger.warning(t.melding)
            utfort.append(f"varsel: {t.melding}")
    if vis:
        publiser(mappe, at, dokumenter)
    return {"avtale": v.avtale_id, "tilstand": v.tilstand, "dato": at.isoformat(), "utfort": utfort}


# --------------------------------------------------------------------------- flows


def merk_kjoringen(*tagger: str) -> None:
    """Add tags (agreement ids, `mote-<id>`) to the current flow run, keeping those it has.

    Two small API calls, synchronous so the demo's sync flow can use it as well."""
    with get_client(sync_client=True) as client:
        run = client.read_flow_run(flow_run.id)
        client.update_flow_run(flow_run.id, tags=sorted(set(run.tags) | set(tagger)))


@flow(name="utkast", log_prints=True)
async def utkast(avtale_id: str) -> dict:
    """Validate the agreement and render .docx/.md/.html."""
    sted = await steder()
    mappe = _mappe(avtale_id, sted)
    merk_kjoringen(avtale_id)
    valider(mappe)
    stier = tegn_dokumenter(mappe, sted.dokumenter)
    publiser(mappe, _dato(None), sted.dokumenter)
    return stier


@flow(name="arkiver")
async def arkiver_forfalte(avtale_id: str, dato: dt.date | None = None) -> list[str]:
    """Archive every event the agreement's records make due on `dato` (default today)."""
    sted = await steder()
    merk_kjoringen(avtale_id)
    return arkiver(_mappe(avtale_id, sted), _dato(dato), sted.arkiv)


@flow(name="godkjenningsdato", flow_run_name="{avtale_id}-{mote_id}")
async def godkjenningsdato(avtale_id: str, mote_id: str, dato: dt.date | None = None) -> dict:
    """The meeting check, the morning after the meeting (`avtale plan` schedules it): advance
    the agreement, and raise `avtaleflyt.vedtak.mangler` per municipality still without a vedtak."""
    sted = await steder()
    merk_kjoringen(avtale_id, f"mote-{mote_id}")
    mappe, at = _mappe(avtale_id, sted), _dato(dato)
    ut = _gjennomfor(mappe, at, sted.arkiv, sted.dokumenter)
    for linje in motekontroll.kontroller_mote(mappe, mote_id, at):
        get_run_logger().warning(linje)
    return ut


@flow(name="fremdrift")
async def fremdrift(avtale_id: str, dato: dt.date | None = None) -> dict:
    sted = await steder()
    merk_kjoringen(avtale_id)
    return _gjennomfor(_mappe(avtale_id, sted), _dato(dato), sted.arkiv, sted.dokumenter)


@flow(name="daglig-sveip")
async def daglig_sveip(dato: dt.date | None = None, planlegg: bool = True) -> list[dict]:
    """Daily: advance every agreement and reconcile its approval-date runs (catches anything missed)."""
    sted = await steder()
    rot, at, ark, dok = sted.avtaler, _dato(dato), sted.arkiv, sted.dokumenter
    ut = []
    mapper = sorted(p for p in rot.iterdir() if (p / "prosess.yaml").is_file())
    merk_kjoringen(*(m.name for m in mapper))
    for mappe in mapper:
        try:
            ut.append(_gjennomfor(mappe, at, ark, dok))
        except Exception as exc:  # one broken agreement must not stop the sweep
            get_run_logger().error("%s: %s", mappe.name, exc)
            ut.append({"avtale": mappe.name, "feil": str(exc)})
            continue
        if planlegg:
            try:
                plan = await aplanlegg_mappe(mappe)
                ut[-1]["planlegging"] = plan.oppsummering()
            except Exception as exc:  # e.g. no godkjenningsdato deployment on this server
                get_run_logger().error("%s: planlegging feilet: %s", mappe.name, exc)
                ut[-1]["planlegging"] = f"feil: {exc}"
    if planlegg:  # the forms' lists follow the calendars: a new meeting is offered next morning
        try:
            await oppdater_skjemaer(bygg_valg(rot, at))
        except Exception as exc:  # e.g. a server without the form deployments' rights
            get_run_logger().error("Skjemaenes valglister ble ikke oppdatert: %s", exc)
    await varsler.publiser_oppgaver(rot, at)  # the task list per kommune, reminder events (P2)
    return ut


@flow(name="livslop")
async def livslop(avtale_id: str, til: dt.date | None = None) -> list[dict]:
    """One agreement the whole way: draft, then advance on each date of its calendar up to `til`."""
    sted = await steder()
    mappe, ark, dok, slutt = _mappe(avtale_id, sted), sted.arkiv, sted.dokumenter, _dato(til)
    merk_kjoringen(avtale_id)
    valider(mappe)
    tegn_dokumenter(mappe, dok)
    ut = [_gjennomfor(mappe, d, ark, dok, vis=False) for d in fr.milepaeler(mappe, slutt)]
    publiser(mappe, slutt, dok)
    return ut


@task(**GITRETRY)
def livslop_avtale(mappe: Path, til: dt.date, arkiv: Path, dokumenter: Path) -> list[dict]:
    """The whole lifecycle of one agreement as one task (idempotent, so retries are safe)."""
    return livslop_direkte(mappe, til, arkiv, dokumenter, arkiver=_arkiver)


@flow(name="livslop-mange")
async def livslop_mange(avtale_ids: list[str], til: dt.date | None = None) -> int:
    """Many agreements in one flow run: one task per agreement plus its artifacts.

    Where the per-run costs fall: one flow run (async, no heartbeat join) for the batch, two tasks
    per agreement instead of one per date and step (~10 ms each, plus the server's event ingest).
    """
    sted = await steder()
    ark, dok, slutt = sted.arkiv, sted.dokumenter, _dato(til)
    merk_kjoringen(*avtale_ids)
    for avtale_id in avtale_ids:
        mappe = _mappe(avtale_id, sted)
        livslop_avtale(mappe, slutt, ark, dok)
        publiser(mappe, slutt, dok)
    return len(avtale_ids)
