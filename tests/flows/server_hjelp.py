"""Helper process for the server test: one process for all its client calls, so Prefect's client
is imported once (about 4 s of CPU each time) and no harness in the test process interferes.

Run as `python tests/flows/server_hjelp.py` with the server's environment. It reads one command a
line from stdin, a JSON list, and answers each with one line `SVAR <json>` on stdout (a command
that raises answers `{"feil": <traceback>}`):

    ["deployment", NAME, SEK]   -> true once the deployment exists (waits up to SEK)
    ["vedta", MAPPE, MOTE]      -> the avtale-hash adopted: the secretariat records the
        saksframlegg and each kommunestyre's adoption of the current text in that meeting, through
        the same record functions as `avtale record` (refused records raise)
    ["plan", ARG, ...]          -> {"kode", "ut"}: `avtale plan ARG ...` through its click app
    ["runs", AVTALE]            -> the agreement's approval-date runs
    ["vent", AVTALE, MOTE, SEK] -> those runs of the meeting once all are finished (or after SEK)
"""

import asyncio
import datetime as dt
import json
import sys
import time
import traceback
from pathlib import Path

from prefect import get_client
from typer.testing import CliRunner

from avtaleflyt import tjenester
from avtaleflyt.cli.orkestrering import app
from avtaleflyt.orkestrering.prefect_plan import DEPLOYMENT, eksisterende_kjoringer

FERDIG = ("COMPLETED", "FAILED", "CRASHED", "CANCELLED")


async def _runs(avtale_id):
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
        if runs and all(r["tilstand"] in FERDIG for r in runs):
            return runs
        await asyncio.sleep(1)
    return runs


async def _deployment(name, sek):
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


def _plan(*args):
    r = CliRunner().invoke(app, ["plan", *args])
    return {"kode": r.exit_code, "ut": r.output}


def _utfor(cmd, *args):
    if cmd == "runs":
        return asyncio.run(_runs(args[0]))
    if cmd == "vent":
        return asyncio.run(_vent(args[0], args[1], float(args[2])))
    if cmd == "vedta":
        return _vedta(args[0], args[1])
    if cmd == "deployment":
        return asyncio.run(_deployment(args[0], float(args[1])))
    if cmd == "plan":
        return _plan(*args)
    raise ValueError(f"ukjent kommando {cmd!r}")


if __name__ == "__main__":
    for linje in sys.stdin:
        try:
            svar = _utfor(*json.loads(linje))
        except Exception:
            svar = {"feil": traceback.format_exc()}
        print("SVAR", json.dumps(svar), flush=True)
