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
from prefect.utilities.callables import ParameterSchema

from avtaleflyt.orkestrering import varsler
from avtaleflyt.orkestrering.skjemavalg import Valg, bygg_valg, med_valg
from avtaleflyt.paths import agreements_dir
from avtaleflyt.prosess.kalender import idag
from flows import flyter, skjemaflyter

SVEIP_CRON = os.environ.get("AVTALE_SVEIP_CRON", "0 6 * * *")

BESKRIVELSER = {
    "godkjenningsdato": "Møtekontrollen morgenen etter et møte som behandler avtalen (kl. 07.00 "
    "neste virkedag): er vedtaket registrert? Flytter avtalen videre og arkiverer det som er "
    "forfalt. Kjøringene lages av «avtale plan».",
    "registrer-vedtak": "Sekretariatets skjema: registrer et vedtak i prosess.yaml og arkivet, "
    "kontrollert som «avtale record decision».",
    "konsultasjon": "Registrer en drøfting med de tillitsvalgte i prosess.yaml.",
    "registrer-signatur": "Sekretariatets skjema: registrer en parts signatur i prosess.yaml og "
    "arkivet, kontrollert som «avtale record signature».",
    "utkast": "Valider avtalen og lag avtaleteksten som Word, Markdown og HTML.",
    "arkiver": "Arkiver hendelsene registreringene gjør forfalt på en dato, som «avtale archive».",
    "fremdrift": "Flytt én avtale videre på en dato: dokumenter til saksframlegget, varsler og "
    "arkivering.",
    "livslop": "Én avtale hele veien: utkast, så hver dato i kalenderen.",
}
"""What the Prefect UI says about each deployment (the flows' docstrings are for developers).
prefect.yaml is generated from `deployments()` (`python -m flows.utrulling`): edit here, then
regenerate; tests/flows/test_utrulling.py fails while the two differ."""


def skjemadeployments(valg: Valg | None = None) -> list:
    """The clerk's forms, with the agreements, municipalities and meetings as choice lists.

    The lists are what the agreements' calendars hold now (`valg`, default: read from the
    agreements folder); the daily sweep refreshes them on the server
    (`skjemavalg.oppdater_skjemaer`), so a meeting added later shows up without a redeploy."""
    if valg is None:
        valg = bygg_valg(agreements_dir(), idag())
    ut = []
    for flyt in (
        skjemaflyter.registrer_vedtak,
        skjemaflyter.konsultasjon,
        skjemaflyter.registrer_signatur,
    ):
        dep = flyt.to_deployment(
            name=flyt.name, tags=["avtaleflyt"], description=BESKRIVELSER[flyt.name]
        )
        # the deployment's schema is what the server stores and the UI's form is made from;
        # Prefect keeps it in this attribute until the deployment is applied
        dep._parameter_openapi_schema = ParameterSchema(
            **med_valg(dep._parameter_openapi_schema.model_dump(), valg)
        )
        ut.append(dep)
    return ut


def deployments() -> list:
    sveip = flyter.daglig_sveip.to_deployment(
        name="daglig-sveip",
        schedules=[Cron(SVEIP_CRON, timezone="Europe/Oslo")],
        tags=["avtaleflyt"],
        description="Hver morgen: fremdrift og planlegging for alle avtaler.",
    )
    vanlige = [
        flyter.godkjenningsdato.to_deployment(
            name="godkjenningsdato",
            tags=["avtaleflyt"],
            description=BESKRIVELSER["godkjenningsdato"],
        ),
        *skjemadeployments(),
        flyter.utkast.to_deployment(
            name="utkast", tags=["avtaleflyt"], description=BESKRIVELSER["utkast"]
        ),
        flyter.arkiver_forfalte.to_deployment(
            name="arkiver", tags=["avtaleflyt"], description=BESKRIVELSER["arkiver"]
        ),
        flyter.fremdrift.to_deployment(
            name="fremdrift", tags=["avtaleflyt"], description=BESKRIVELSER["fremdrift"]
        ),
        flyter.livslop.to_deployment(
            name="livslop", tags=["avtaleflyt"], description=BESKRIVELSER["livslop"]
        ),
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
    asyncio.run(varsler.forbered_varsler())  # reminders, when AVTALE_VARSEL_WEBHOOK is set (P2)
    serve(*deployments(), pause_on_shutdown=False)


if __name__ == "__main__":
    main()
