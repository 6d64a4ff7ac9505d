"""Client side of the reminder test on a real Prefect server (tests/flows/test_varsler.py), run as
`python -m tests.oppgaver.varsel_hjelp KOMMANDO ...` with the server's environment, one process
per step, so the test process never imports Prefect:

    sveip AVTALER DATO  -> the daily sweep flow (flows.flyter.daglig_sveip, no planning) on DATO
    les                 -> JSON: each reminder automation's count by name, the table
                           artifacts `oppgaver-<nr>` with their rows, and the run log's lines
                           about the task list
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import sys
from pathlib import Path

from prefect import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

from avtaleflyt.orkestrering import varsler
from flows.flyter import daglig_sveip


async def _les() -> dict:
    async with get_client() as client:
        navn = [p.navn for p in varsler.planer()]
        automasjoner = {n: len(await client.read_automations_by_name(n)) for n in navn}
        artefakter = await client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(like_="oppgaver-"))
        )
        logg = [
            lg.message
            for lg in await client.read_logs(limit=200)
            if "oppgavelisten" in lg.message.lower()
        ]
        return {
            "logg": logg,
            "automasjoner": automasjoner,
            "artefakter": {
                a.key: {"beskrivelse": a.description, "rader": json.loads(a.data)}
                for a in artefakter
                if a.key
            },
        }


def main(args: list[str]) -> None:
    if args[0] == "sveip":
        # the flow reads its folders from the settings, as on a worker (no path parameters)
        os.environ["AVTALE_AVTALER"] = args[1]
        os.environ["AVTALE_ARKIV"] = str(Path(args[1]).parent / "arkiv")
        os.environ["AVTALE_DOKUMENTER"] = str(Path(args[1]).parent / "dokumenter")
        ut = asyncio.run(daglig_sveip(dato=dt.date.fromisoformat(args[2]), planlegg=False))
        print(json.dumps(ut, ensure_ascii=False, default=str))
    elif args[0] == "les":
        print(json.dumps(asyncio.run(_les()), ensure_ascii=False))
    else:
        raise SystemExit(f"ukjent kommando {args[0]!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
