"""Helper process for the deployment test (test_utrulling.py): every Prefect client call of the
test in one process, so Prefect's client is imported once, with the test server's environment.

Reads one JSON list a line from stdin, answers each with `SVAR <json>` on stdout (a command that
raises answers `{"feil": <traceback>}`):

    ["deployments"]                 -> every deployment on the server, as plain data
    ["kjor", NAVN, PARAMETERE]      -> the id of a new run of deployment NAVN ("flyt/deployment")
    ["kjoring", ID]                 -> that run's name, state type and state message
    ["runs", AVTALE]                -> the agreement's approval-date runs, with both start times
    ["plan", ARG, ...]              -> {"kode", "ut", "feil"}: `avtale plan ARG ...` (click app)
    ["forbered", MAPPE, MOTE, [NR]] -> saksframlegg for every municipality of the meeting and the
        vedtak of those in NR, through the service layer (as `avtale record`)
    ["hendelser", NAVN, ANTALL, SEK] -> the events named NAVN, once ANTALL are stored (or after SEK)
"""

import asyncio
import datetime as dt
import json
import sys
import time
import traceback
from pathlib import Path
from uuid import UUID

from prefect import get_client
from prefect.client.schemas.filters import (
    DeploymentFilter,
    DeploymentFilterId,
    FlowRunFilter,
    FlowRunFilterTags,
)
from prefect.events.filters import EventFilter, EventNameFilter
from typer.testing import CliRunner

from avtaleflyt import tjenester
from avtaleflyt.cli.orkestrering import app
from avtaleflyt.orkestrering.prefect_plan import DEPLOYMENT


def _tid(t):
    return t.isoformat() if t else None


async def _deployments():
    async with get_client() as client:
        ut = []
        for d in await client.read_deployments():
            flyt = await client.read_flow(d.flow_id)
            ut.append(
                {
                    "navn": d.name,
                    "flyt": flyt.name,
                    "beskrivelse": d.description,
                    "tagger": d.tags,
                    "entrypoint": d.entrypoint,
                    "arbeidspool": d.work_pool_name,
                    "jobbvariabler": d.job_variables,
                    "pull": d.pull_steps,
                    "tidsplaner": [
                        {
                            "cron": getattr(s.schedule, "cron", None),
                            "timezone": getattr(s.schedule, "timezone", None),
                            "active": s.active,
                        }
                        for s in d.schedules
                    ],
                    "skjema": d.parameter_openapi_schema,
                }
            )
        return ut


async def _kjor(navn, parametere):
    async with get_client() as client:
        dep = await client.read_deployment_by_name(navn)
        run = await client.create_flow_run_from_deployment(dep.id, parameters=parametere)
        return str(run.id)


async def _kjoring(run_id):
    async with get_client() as client:
        r = await client.read_flow_run(UUID(run_id))
        return {
            "navn": r.name,
            "tilstand": r.state_type.value if r.state_type else None,
            "melding": r.state.message if r.state else None,
        }


async def _runs(avtale_id):
    async with get_client() as client:
        dep = await client.read_deployment_by_name(DEPLOYMENT)
        runs = await client.read_flow_runs(
            flow_run_filter=FlowRunFilter(tags=FlowRunFilterTags(all_=[avtale_id])),
            deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[dep.id])),
        )
        return [
            {
                "id": str(r.id),
                "navn": r.name,
                "mote": r.parameters.get("mote_id"),
                "dato": r.parameters.get("dato"),
                "tilstand": r.state_type.value,
                "melding": r.state.message,
                "forventet": _tid(r.expected_start_time),
                "neste": _tid(r.next_scheduled_start_time),
                "planlagt": _tid(r.state.state_details.scheduled_time),
            }
            for r in runs
        ]


async def _hendelser(navn, antall, sek):
    slutt = time.monotonic() + sek
    async with get_client() as client:
        while True:
            side = await client.read_events(
                EventFilter(event=EventNameFilter(name=[navn])), limit=50
            )
            if len(side.events) >= antall or time.monotonic() > slutt:
                return [
                    {
                        "ressurs": e.resource.id,
                        "relatert": [r.id for r in e.related],
                        "payload": e.payload,
                    }
                    for e in side.events
                ]
            await asyncio.sleep(1)


def _forbered(mappe, mote_id, vedtar):
    """Saksframlegg three weeks before the meeting for each municipality, vedtak for `vedtar`."""
    mappe = Path(mappe)
    avtale, prosess = tjenester.last(mappe)
    mote = next(m for m in prosess.moter if m.id == mote_id)
    sendt = mote.dato - dt.timedelta(days=21)
    for i, nr in enumerate(mote.kommuner):
        sak = f"PS {i + 1}/{mote.dato.year % 100}"
        tjenester.registrer_saksframlegg(
            mappe, mote=mote_id, kommune=nr, dato=sendt, saksnummer=sak, at=sendt
        )
        if nr in vedtar:
            tjenester.registrer_vedtak(
                mappe,
                mote=mote_id,
                kommune=nr,
                utfall="vedtatt",
                saksnummer=sak,
                vedtakstekst=f"Kommunestyret vedtar «{avtale.tittel}», versjon {avtale.versjon}.",
                votering={"enstemmig": True},
                at=mote.dato,
            )
    return avtale.versjon


def _plan(*args):
    r = CliRunner().invoke(app, ["plan", *args])
    return {"kode": r.exit_code, "ut": r.stdout, "feil": r.stderr}


def _utfor(cmd, *args):
    if cmd == "deployments":
        return asyncio.run(_deployments())
    if cmd == "kjor":
        return asyncio.run(_kjor(*args))
    if cmd == "kjoring":
        return asyncio.run(_kjoring(*args))
    if cmd == "runs":
        return asyncio.run(_runs(*args))
    if cmd == "plan":
        return _plan(*args)
    if cmd == "forbered":
        return _forbered(*args)
    if cmd == "hendelser":
        return asyncio.run(_hendelser(args[0], int(args[1]), float(args[2])))
    raise ValueError(f"ukjent kommando {cmd!r}")


if __name__ == "__main__":
    for linje in sys.stdin:
        try:
            svar = _utfor(*json.loads(linje))
        except Exception:
            svar = {"feil": traceback.format_exc()}
        print("SVAR", json.dumps(svar, default=str), flush=True)
