"""End to end on a real `prefect server` (127.0.0.1, own home, UI off) with `python -m flows.serve`.

A calendar whose kommunestyremøte is seconds ahead is saved, the secretariat records the three
adoptions of the current text in it (drøfting and saksframlegg before), and the calendar is planned
(`avtale plan`). The runner starts the meeting's run on its own at that time, and the run advances
the agreement: the last adoption is in, so the archive gets the «vedtatt» commit and tag, with the
meeting date as legal date. A moved meeting moves its run; a cancelled meeting cancels it.

Besides the server, the runner and the run it starts, one helper process makes every client call
(tests/flows/server_hjelp.py), so Prefect's client is imported once and not per call; the first
`avtale plan` runs as its own process, as a user runs it, the re-plans through the same click app
in the helper.
"""

import datetime as dt
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from avtaleflyt.arkiv import Arkiv
from tests.flows.prefect_mal import kopier_mal
from tests.flows.prosesser import Hjelper, ledig_port, stopp

pytestmark = [pytest.mark.server, pytest.mark.slow]

ROT = Path(__file__).resolve().parents[2]
AVTALE = "gauldal-landbruk"
HJELP = str(Path(__file__).with_name("server_hjelp.py"))
PY = sys.executable
PREFECT = str(Path(sys.executable).with_name("prefect"))


def _kalender(mappe: Path, moter: list[dict], idag: dt.date | None = None) -> None:
    """Save the calendar; records already in prosess.yaml are kept. With `idag`, start the file
    with the agreement's drøftingsmøter (from the example), moved to the weeks before `idag`."""
    fil = mappe / "prosess.yaml"
    if idag is not None:
        kilde = yaml.safe_load(
            (ROT / "agreements" / AVTALE / "prosess.yaml").read_text(encoding="utf-8")
        )
        data = {
            "avtale": AVTALE,
            "moter": [],
            "drofting": [
                {**d, "dato": idag - dt.timedelta(days=60 - i)}
                for i, d in enumerate(kilde["drofting"][-3:])
            ],
        }
    else:
        data = yaml.safe_load(fil.read_text(encoding="utf-8"))
    data["moter"] = [
        {
            "id": m["id"],
            "kommuner": ["5027", "5028", "5029"],
            "organ": "kommunestyre",
            "dato": m["dato"],
            "klokkeslett": m["kl"],
            "behandling": "vedtak",
            "avlyst": m.get("avlyst", False),
        }
        for m in moter
    ]
    fil.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _kjor(env, *args, timeout=120) -> str:
    r = subprocess.run(
        [PY, *args], env=env, cwd=ROT, capture_output=True, text=True, timeout=timeout
    )
    assert r.returncode == 0, r.stderr[-3000:]
    return r.stdout


def test_scheduled_runs_follow_the_calendar_and_run_on_their_own(
    tmp_path, tmp_path_factory, request
):
    port = ledig_port()
    # the server starts on a copy of the run's migrated database (a fresh home's first
    # migration is tested in test_runtime.py); when the harness is in this run, its worker
    # migrates the template and this test waits for it
    harness = any(
        "prefect_harness" in getattr(i, "fixturenames", ()) for i in request.session.items
    )
    kopier_mal(tmp_path_factory, tmp_path / "prefect" / "prefect.db", forrang=20 if harness else 0)
    avtaler = tmp_path / "avtaler"
    mappe = avtaler / AVTALE
    mappe.mkdir(parents=True)
    shutil.copy(ROT / "agreements" / AVTALE / "avtale.yaml", mappe / "avtale.yaml")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        {
            "PREFECT_HOME": str(tmp_path / "prefect"),
            "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_UI_ENABLED": "false",
            "PREFECT_RUNNER_POLL_FREQUENCY": "1",
            "PREFECT_LOGGING_LEVEL": "WARNING",
            "AVTALE_AVTALER": str(avtaler),
            "AVTALE_ARKIV": str(tmp_path / "arkiv"),
            "AVTALE_DOKUMENTER": str(tmp_path / "dokumenter"),
            "AVTALE_SVEIP_CRON": "0 6 1 1 *",
            # the check runs as the meeting starts, not the next morning: seen within the test
            "AVTALE_KONTROLL_VIRKEDAGER": "0",
        }
    )
    logg = open(tmp_path / "server.log", "w")  # noqa: SIM115 (the server and runner write to it until `finally`)
    server = subprocess.Popen(
        [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=logg,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    runner = hjelper = None
    try:
        hjelper = Hjelper(HJELP, env, logg)  # imports Prefect's client while the server starts
        slutt = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2)
                break
            except OSError:
                assert time.monotonic() < slutt and server.poll() is None, (
                    tmp_path / "server.log"
                ).read_text()[-3000:]
                time.sleep(0.5)
        runner = subprocess.Popen(
            [PY, "-m", "flows.serve"],
            env=env,
            cwd=ROT,
            stdout=logg,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        assert hjelper("deployment", "godkjenningsdato/godkjenningsdato", 90)

        oslo = dt.datetime.now(ZoneInfo("Europe/Oslo")).replace(microsecond=0)
        # far enough ahead that the check time has not passed when `avtale plan` runs (a past
        # one is a held meeting, reported and not scheduled)
        snart = oslo + dt.timedelta(seconds=90)
        senere = (oslo + dt.timedelta(days=20)).date()
        moter = [
            {"id": "ks-snart", "dato": snart.date(), "kl": snart.strftime("%H:%M:%S")},
            {"id": "ks-flyttes", "dato": senere, "kl": "18:00"},
            {"id": "ks-avlyses", "dato": senere + dt.timedelta(days=7), "kl": "18:00"},
        ]
        _kalender(mappe, moter, idag=snart.date())
        avtale_hash = hjelper("vedta", str(mappe), "ks-snart")
        assert "3 nye" in _kjor(env, "-m", "avtaleflyt.cli.orkestrering", "plan", AVTALE)
        igjen = hjelper("plan", AVTALE)  # idempotent
        assert igjen["kode"] == 0 and "0 nye, 0 flyttet, 0 avlyst, 3 uendret" in igjen["ut"]

        # move one meeting and cancel another; the runs follow
        moter[1]["dato"] = senere + dt.timedelta(days=1)
        moter[2]["avlyst"] = True
        _kalender(mappe, moter)
        flyttet = hjelper("plan", AVTALE)
        assert flyttet["kode"] == 0 and "0 nye, 1 flyttet, 1 avlyst" in flyttet["ut"]
        # a moved meeting's old run is cancelled and a new one made: keep the waiting one
        alle = sorted(hjelper("runs", AVTALE), key=lambda r: r["tilstand"] != "CANCELLED")
        runs = {r["mote"]: r for r in alle}
        assert len(runs) == 3
        assert runs["ks-avlyses"]["tilstand"] == "CANCELLED"
        assert runs["ks-flyttes"]["tilstand"] == "SCHEDULED"
        assert dt.datetime.fromisoformat(runs["ks-flyttes"]["tid"]).astimezone(
            ZoneInfo("Europe/Oslo")
        ).date() == senere + dt.timedelta(days=1)

        # the near meeting's run starts by itself and advances the agreement
        ferdig = hjelper("vent", AVTALE, "ks-snart", 150, timeout=200)
        assert [r["tilstand"] for r in ferdig] == ["COMPLETED"], (
            tmp_path / "server.log"
        ).read_text()[-4000:]
        hendelser = Arkiv(tmp_path / "arkiv").hendelser(AVTALE)
        assert [(e.hendelse, e.juridisk_dato, e.avtale_hash) for e in hendelser] == [
            ("vedtatt", snart.date(), avtale_hash)
        ]
        assert set(hendelser[0].vedtatt()) == {"5027", "5028", "5029"}
        assert [t.navn for t in Arkiv(tmp_path / "arkiv").tagger(AVTALE)] == [
            f"{AVTALE}/v1/vedtatt"
        ]
    finally:
        if hjelper is not None:
            hjelper.p.stdin.close()
            stopp(hjelper.p)
        if runner is not None:
            stopp(runner)
        stopp(server)
        logg.close()
