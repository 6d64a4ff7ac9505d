"""Helper run as a subprocess by the server test (its own process, so no harness interferes).

python tests/flows/server_hjelp.py runs AVTALE            -> JSON list of the approval-date runs
python tests/flows/server_hjelp.py vent AVTALE MOTE SEK   -> waits for that run to finish
python tests/flows/server_hjelp.py deployment NAME SEK    -> waits for the deployment to exist
python tests/flows/server_hjelp.py vedta MAPPE MOTE       -> the secretariat records the
    saksframlegg and each kommunestyre's adoption of the current text in that meeting, through
    the same record functions as `avtale record` (refused records raise)
"""

import asyncio
import json
import sys
import time


async def _runs(avtale_id):
    from prefect import get_client

    from avtaleflyt.orkestrering.prefect_plan import DEPLOYMENT, eksisterende_kjoringer

    async with get_client() as client:
        dep = await client.read_deployment_by_name(DEPLOYMENT)
        return [
            {"id": e.id, "mote": e.mote_id, "tid": e.tidspunkt.isoformat(), "tilstand": e.tilstand}
            for e in await eksisterende_kjoringer(client, dep.id, avtale_id)
        ]


async def _vent(avtale_id, mote, sek):
    slutt = time.monotonic() + sek
    while time.monotonic() < slutt:
        runs = [r for r in await _runs(avtale_id) if r["mote"] == mote]
        if runs and all(
            r["tilstand"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") for r in runs
        ):
            return runs
        await asyncio.sleep(1)
    return runs


async def _deployment(name, sek):
    from prefect import get_client

    slutt = time.monotonic() + sek
    async with get_client() as client:
        while time.monotonic() < slutt:
            try:
                await client.read_deployment_by_name(name)
                return True
            except Exception:
                await asyncio.sleep(1)
    return False


def _vedta(mappe, mote_id):
    """The secretariat's part, through the service layer: saksframlegg three weeks ahead, then
    each municipality's vedtak in the meeting."""
    import datetime as dt
    from pathlib import Path

    from avtaleflyt import tjenester

    mappe = Path(mappe)
    avtale, prosess = tjenester.last(mappe)
    mote = next(m for m in prosess.moter if m.id == mote_id)
    sendt = mote.dato - dt.timedelta(days=21)
    for i, nr in enumerate(mote.kommuner):
        sak = f"PS {i + 1}/{mote.dato.year % 100}"
        tjenester.registrer_saksframlegg(
            mappe,
            mote=mote_id,
            kommune=nr,
            dato=sendt,
            saksnummer=sak,
            post_id=f"saksframlegg-{mote_id}-{nr}",
            at=sendt,
        )
        svar = tjenester.registrer_vedtak(
            mappe,
            mote=mote_id,
            kommune=nr,
            utfall="vedtatt",
            saksnummer=sak,
            vedtakstekst=f"Kommunestyret vedtar «{avtale.tittel}», versjon {avtale.versjon}.",
            votering={"enstemmig": True},
            post_id=f"vedtak-{mote_id}-{nr}",
            at=mote.dato,
        )
    return svar.post.avtale_hash


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    if cmd == "runs":
        print(json.dumps(asyncio.run(_runs(args[0]))))
    elif cmd == "vent":
        print(json.dumps(asyncio.run(_vent(args[0], args[1], float(args[2])))))
    elif cmd == "vedta":
        print(json.dumps(_vedta(args[0], args[1])))
    elif cmd == "deployment":
        print(json.dumps(asyncio.run(_deployment(args[0], float(args[1])))))
