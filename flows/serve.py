"""Serve every avtaleflyt deployment from one process: `python -m flows.serve`.

Needs a running Prefect server (`PREFECT_API_URL`); see docs/prefect.md. The runner polls the
server, starts each scheduled run (approval dates, the daily sweep) in a subprocess, and
creates the `avtaleflyt-arkiv` global concurrency limit (1 slot) that serialises archive writes.
"""

from __future__ import annotations

import asyncio
import os

from prefect import get_client, serve
from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
from prefect.schedules import Cron

from flows import flyter

SVEIP_CRON = os.environ.get("AVTALE_SVEIP_CRON", "0 6 * * *")


def deployments() -> list:
    sveip = flyter.daglig_sveip.to_deployment(
        name="daglig-sveip",
        schedules=[Cron(SVEIP_CRON, timezone="Europe/Oslo")],
        tags=["avtaleflyt"],
        description="Hver morgen: fremdrift og planlegging for alle avtaler.",
    )
    vanlige = [
        flyter.godkjenningsdato.to_deployment(name="godkjenningsdato", tags=["avtaleflyt"]),
        flyter.registrer_vedtak.to_deployment(name="registrer-vedtak", tags=["avtaleflyt"]),
        flyter.konsultasjon.to_deployment(name="konsultasjon", tags=["avtaleflyt"]),
        flyter.utkast.to_deployment(name="utkast", tags=["avtaleflyt"]),
        flyter.arkiver_forfalte.to_deployment(name="arkiver", tags=["avtaleflyt"]),
        flyter.fremdrift.to_deployment(name="fremdrift", tags=["avtaleflyt"]),
        flyter.livslop.to_deployment(name="livslop", tags=["avtaleflyt"]),
    ]
    return [sveip, *vanlige]


async def opprett_arkivgrense() -> None:
    """The global concurrency limit `avtaleflyt-arkiv` with one slot (idempotent)."""
    async with get_client() as client:
        try:
            await client.read_global_concurrency_limit_by_name(flyter.ARKIV_GRENSE)
        except Exception:
            await client.create_global_concurrency_limit(
                GlobalConcurrencyLimitCreate(name=flyter.ARKIV_GRENSE, limit=1)
            )


def main() -> None:
    asyncio.run(opprett_arkivgrense())
    serve(*deployments(), pause_on_shutdown=False)


if __name__ == "__main__":
    main()
