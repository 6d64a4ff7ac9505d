"""Apply an approval-date plan to a Prefect server (thin adapter over the Prefect client).

Reads the runs of the `godkjenningsdato` deployment tagged with the agreement id, reconciles them
with the calendar (`planlegging.avstem`, against the wall clock: a check time already passed is a
held meeting) and creates / replaces / cancels. Creation uses
`create_flow_run_from_deployment(..., state=Scheduled(scheduled_time=...), idempotency_key=...)`,
the same call `run_deployment(..., timeout=0)` makes, so a repeated call never duplicates; the run
is named `<avtale>-<møte>` from the start.

A moved meeting's run is replaced, not rescheduled in place: a new Scheduled state moves the
run's `next_scheduled_start_time`, but the server sets `expected_start_time` only on a run's first
state (prefect/server/orchestration/global_policy.py, `SetExpectedStartTime`) and `FlowRunUpdate`
has no such field, so the run list kept showing the old time. The old run is cancelled with a
message naming the new time and the new run carries the next idempotency key.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from pathlib import Path
from uuid import UUID

import httpx
from prefect import get_client
from prefect.client.schemas.filters import (
    DeploymentFilter,
    DeploymentFilterId,
    FlowRunFilter,
    FlowRunFilterTags,
)
from prefect.exceptions import ObjectNotFound, PrefectHTTPStatusError
from prefect.settings import PREFECT_API_URL
from prefect.states import Cancelled, Scheduled

from avtaleflyt import tjenester
from avtaleflyt.orkestrering.planlegging import (
    OSLO,
    EksisterendeKjoring,
    Kontroll,
    Motedata,
    Plan,
    avstem,
    moter_fra_prosess,
    onskede_kjoringer,
)
from avtaleflyt.orkestrering.skjemavalg import bygg_valg, oppdater_skjemaer
from avtaleflyt.prosess.kalender import idag

DEPLOYMENT = "godkjenningsdato/godkjenningsdato"


class PlanleggingFeil(Exception):
    """The plan could not be applied (server down, deployment missing): the message is Norwegian
    and one line, for `avtale plan` to print instead of a traceback."""


def _tidspunkt(run) -> dt.datetime:
    sd = run.state.state_details if run.state else None
    t = (sd.scheduled_time if sd and sd.scheduled_time else None) or run.expected_start_time
    return t if t.tzinfo else t.replace(tzinfo=dt.UTC)


def _kl(t: dt.datetime) -> str:
    return t.astimezone(OSLO).strftime("%Y-%m-%d %H:%M")


async def eksisterende_kjoringer(
    client, deployment_id, avtale_id: str
) -> list[EksisterendeKjoring]:
    runs = await client.read_flow_runs(
        flow_run_filter=FlowRunFilter(tags=FlowRunFilterTags(all_=[avtale_id, "godkjenningsdato"])),
        deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id])),
    )
    return [
        EksisterendeKjoring(
            str(r.id),
            str(r.parameters.get("mote_id")),
            _tidspunkt(r),
            r.state_type.value if r.state_type else "SCHEDULED",
            r.name or "",
        )
        for r in runs
    ]


async def _utfor(
    client, avtale_id: str, moter: list[Motedata], deployment: str, kontroll: Kontroll
) -> Plan:
    try:
        dep = await client.read_deployment_by_name(deployment)
    except ObjectNotFound:
        raise PlanleggingFeil(
            f"deploymenten «{deployment}» finnes ikke på Prefect-serveren; registrer den med "
            "«prefect deploy --all» eller «python -m flows.serve» (se docs/prefect.md)"
        ) from None
    plan = avstem(
        onskede_kjoringer(avtale_id, moter, kontroll=kontroll),
        await eksisterende_kjoringer(client, dep.id, avtale_id),
        na=dt.datetime.now(dt.UTC),
    )

    async def opprett(k) -> str:
        run = await client.create_flow_run_from_deployment(
            dep.id,
            parameters=k.parametere(),
            state=Scheduled(scheduled_time=k.tidspunkt),
            name=k.navn,
            tags=k.tags,
            idempotency_key=k.idempotency_key,
        )
        return str(run.id)

    for k in plan.opprett:
        await opprett(k)
    for e, k in plan.flytt:
        ny = await opprett(k)
        await client.set_flow_run_state(
            UUID(e.id),
            Cancelled(
                message=f"Møtet er flyttet: kontrollen kjøres {_kl(k.tidspunkt)} (kjøring {ny})"
            ),
            force=True,
        )
    for e in plan.avlys:
        await client.set_flow_run_state(
            UUID(e.id),
            Cancelled(
                message="Møtet er avlyst, flyttet bakover i tid eller fjernet fra kalenderen"
            ),
            force=True,
        )
    return plan


async def aplanlegg(avtale_id: str, moter: list[Motedata], *, deployment: str = DEPLOYMENT) -> Plan:
    """Reconcile the agreement's approval-date runs with its meetings on the current server.

    Raises `PlanleggingFeil` (Norwegian, one line) when the server cannot be reached or answers
    with an error, or the deployment is missing."""
    url = PREFECT_API_URL.value() or "(PREFECT_API_URL er ikke satt)"
    try:
        kontroll = Kontroll.fra_miljo(os.environ)
    except ValueError as exc:
        raise PlanleggingFeil(str(exc)) from None
    try:
        async with get_client() as client:
            return await _utfor(client, avtale_id, moter, deployment, kontroll)
    except httpx.TransportError as exc:
        raise PlanleggingFeil(
            f"Prefect-serveren på {url} svarer ikke ({type(exc).__name__}: {exc}); start den "
            "(«prefect server start») eller rett PREFECT_API_URL, og kjør «avtale plan» igjen"
        ) from None
    except PrefectHTTPStatusError as exc:
        raise PlanleggingFeil(
            f"Prefect-serveren på {url} svarte med feil {exc.response.status_code} "
            f"på {exc.request.method} {exc.request.url.path}"
        ) from None


async def aplanlegg_mappe(mappe: Path, *, deployment: str = DEPLOYMENT) -> Plan:
    avtale, prosess = tjenester.last(Path(mappe))
    return await aplanlegg(avtale.id, moter_fra_prosess(prosess), deployment=deployment)


async def _planlegg_og_oppdater(mappe: Path, deployment: str) -> Plan:
    plan = await aplanlegg_mappe(mappe, deployment=deployment)
    try:
        plan.skjemaer = await oppdater_skjemaer(bygg_valg(Path(mappe).parent, idag()))
    except (httpx.TransportError, PrefectHTTPStatusError) as exc:
        raise PlanleggingFeil(
            f"kjøringene er planlagt, men skjemaenes valglister ble ikke oppdatert ({exc}); "
            "kjør «avtale plan» igjen"
        ) from None
    return plan


def planlegg_mappe(mappe: Path, *, deployment: str = DEPLOYMENT) -> Plan:
    """Sync entry point (CLI): plan, then put the calendars' agreements, municipalities and
    meetings into the clerk's forms on the server (`skjemavalg`), so a meeting just added can be
    chosen in the vedtak form at once instead of after the next morning's sweep."""
    return asyncio.run(_planlegg_og_oppdater(mappe, deployment))
