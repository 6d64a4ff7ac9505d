"""Apply an approval-date plan to a Prefect server (thin adapter over the Prefect client).

Reads the runs of the `godkjenningsdato` deployment tagged with the agreement id, reconciles them
with the calendar (`planlegging.avstem`) and creates / reschedules / cancels. Creation uses
`create_flow_run_from_deployment(..., state=Scheduled(scheduled_time=...), idempotency_key=...)`,
the same call `run_deployment(..., timeout=0)` makes, so a repeated call never duplicates.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from uuid import UUID

from prefect import get_client
from prefect.client.schemas.filters import (
    DeploymentFilter,
    DeploymentFilterId,
    FlowRunFilter,
    FlowRunFilterTags,
)
from prefect.states import Cancelled, Scheduled

from avtaleflyt import tjenester
from avtaleflyt.orkestrering.planlegging import (
    EksisterendeKjoring,
    Motedata,
    Plan,
    avstem,
    moter_fra_prosess,
    onskede_kjoringer,
)

DEPLOYMENT = "godkjenningsdato/godkjenningsdato"


def _tidspunkt(run) -> dt.datetime:
    sd = run.state.state_details if run.state else None
    t = (sd.scheduled_time if sd and sd.scheduled_time else None) or run.expected_start_time
    return t if t.tzinfo else t.replace(tzinfo=dt.UTC)


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
        )
        for r in runs
    ]


async def aplanlegg(avtale_id: str, moter: list[Motedata], *, deployment: str = DEPLOYMENT) -> Plan:
    """Reconcile the agreement's approval-date runs with its meetings on the current server."""
    async with get_client() as client:
        dep = await client.read_deployment_by_name(deployment)
        plan = avstem(
            onskede_kjoringer(avtale_id, moter),
            await eksisterende_kjoringer(client, dep.id, avtale_id),
        )
        for k in plan.opprett:
            await client.create_flow_run_from_deployment(
                dep.id,
                parameters=k.parametere(),
                state=Scheduled(scheduled_time=k.tidspunkt),
                tags=k.tags,
                idempotency_key=k.idempotency_key,
            )
        for e, k in plan.flytt:
            await client.update_flow_run(UUID(e.id), parameters=k.parametere())
            await client.set_flow_run_state(e.id, Scheduled(scheduled_time=k.tidspunkt), force=True)
        for e in plan.avlys:
            await client.set_flow_run_state(
                e.id, Cancelled(message="Møtet er avlyst eller fjernet fra kalenderen"), force=True
            )
    return plan


async def aplanlegg_mappe(mappe: Path, *, deployment: str = DEPLOYMENT) -> Plan:
    avtale, prosess = tjenester.last(Path(mappe))
    return await aplanlegg(avtale.id, moter_fra_prosess(prosess), deployment=deployment)


def planlegg_mappe(mappe: Path, *, deployment: str = DEPLOYMENT) -> Plan:
    """Sync entry point (CLI)."""
    return asyncio.run(aplanlegg_mappe(mappe, deployment=deployment))
