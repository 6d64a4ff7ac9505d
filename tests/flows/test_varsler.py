"""Reminders end to end on a real `prefect server` (127.0.0.1, own home, UI off): the operator
creates the automations (`avtale varsler --webhook`), the daily sweep runs on a Friday, the
morning after Midtre Gauldal's kommunestyre met without a recorded vedtak, and the local webhook
receiver gets the Norwegian messages that name the agreement and the municipality.

The sweep's date (its parameter) is 20 March 2026: Midtre Gauldal's council met on Thursday 19 March and nothing
is recorded (`avtaleflyt.vedtak.mangler`, one working day after the meeting); Melhus meets on
Tuesday 24 March (2 working days ahead) and Skaun on Thursday 26 March (4 ahead). With reminders
2 working days ahead, Melhus gets one and Skaun none. Every client step runs as its own process
(tests/oppgaver/varsel_hjelp.py), so this process never imports Prefect.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from avtaleflyt.yaml_dump import dump_avtale
from tests.flows.prefect_mal import kopier_mal
from tests.flows.prosesser import ledig_port, stopp
from tests.oppgaver.test_oppgaver import AVTALE, KS, SAKSFRAMLEGG
from tests.prosess.prosessdata import DROFTING

pytestmark = [pytest.mark.server, pytest.mark.slow]

ROT = Path(__file__).resolve().parents[2]
PY = sys.executable
PREFECT = str(Path(sys.executable).with_name("prefect"))
NETTSTED = "https://avtaler.example.no/"


class _Mottaker(BaseHTTPRequestHandler):
    """The webhook receiver: every POST body into the server's queue."""

    def do_POST(self) -> None:
        lengde = int(self.headers.get("Content-Length", 0))
        self.server.mottatt.put(self.rfile.read(lengde).decode("utf-8"))  # type: ignore[attr-defined]
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args) -> None:  # quiet
        pass


def _kjor(env, *args, timeout=180) -> str:
    r = subprocess.run(
        [PY, *args], env=env, cwd=ROT, capture_output=True, text=True, timeout=timeout
    )
    assert r.returncode == 0, (r.stdout[-2000:], r.stderr[-3000:])
    return r.stdout


def test_the_automations_send_norwegian_reminders_to_the_webhook(tmp_path, tmp_path_factory):
    mottaker = ThreadingHTTPServer(("127.0.0.1", 0), _Mottaker)
    mottaker.mottatt = queue.Queue()  # type: ignore[attr-defined]
    threading.Thread(target=mottaker.serve_forever, daemon=True).start()
    webhook = f"http://127.0.0.1:{mottaker.server_address[1]}/varsel"

    avtaler = tmp_path / "avtaler"
    mappe = avtaler / AVTALE.id
    mappe.mkdir(parents=True)
    (mappe / "avtale.yaml").write_text(dump_avtale(AVTALE), encoding="utf-8")
    prosess = {
        "avtale": AVTALE.id,
        "moter": KS,
        "drofting": [DROFTING],
        "saksframlegg": SAKSFRAMLEGG,
    }
    (mappe / "prosess.yaml").write_text(
        yaml.safe_dump(prosess, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )

    port = ledig_port()
    kopier_mal(tmp_path_factory, tmp_path / "prefect" / "prefect.db")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        {
            "PREFECT_HOME": str(tmp_path / "prefect"),
            "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_UI_ENABLED": "false",
            "PREFECT_LOGGING_LEVEL": "WARNING",
            "AVTALE_NETTSTED_URL": NETTSTED,
        }
    )
    logg = open(tmp_path / "server.log", "w")  # noqa: SIM115 (the server writes to it until `finally`)
    server = subprocess.Popen(
        [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=logg,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
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

        # the operator's command, twice: the second run updates by name, creates nothing new
        cli = ("-m", "avtaleflyt.cli.main", "varsler", "--webhook", webhook, "--virkedager", "2")
        forste = _kjor(env, *cli)
        assert "opprettet: avtaleflyt-vedtak-mangler" in forste, forste
        andre = _kjor(env, *cli)
        assert "oppdatert: avtaleflyt-frist-naermer-seg" in andre and "opprettet" not in andre

        sveip_env = {
            **env,
            "PREFECT_LOGGING_LEVEL": "INFO",
        }  # the run log's INFO lines reach the server
        ut = json.loads(
            _kjor(
                sveip_env, "-m", "tests.oppgaver.varsel_hjelp", "sveip", str(avtaler), "2026-03-20"
            )
        )
        assert [r["avtale"] for r in ut] == [AVTALE.id], ut

        mottatt = []
        slutt = time.monotonic() + 120
        while len(mottatt) < 2 and time.monotonic() < slutt:
            with contextlib.suppress(queue.Empty):
                mottatt.append(json.loads(mottaker.mottatt.get(timeout=2)))
        assert len(mottatt) == 2, (mottatt, (tmp_path / "server.log").read_text()[-4000:])
        # Skaun's meeting is 4 working days ahead: no reminder comes for it; and the sweep run
        # again the same morning sends nothing new (the same task on the same day is one event)
        _kjor(sveip_env, "-m", "tests.oppgaver.varsel_hjelp", "sveip", str(avtaler), "2026-03-20")
        time.sleep(10)
        assert mottaker.mottatt.empty(), mottaker.mottatt.get()

        per_hendelse = {m["hendelse"]: m for m in mottatt}
        mangler = per_hendelse["avtaleflyt.vedtak.mangler"]
        assert mangler["kommune"] == "5027" and mangler["avtale"] == AVTALE.id
        assert mangler["emne"] == "Vedtak mangler etter møtet: Samarbeid om lønn og regnskap"
        assert mangler["tekst"].startswith(
            "Midtre Gauldal kommune (5027), avtalen «Samarbeid om lønn og regnskap» "
            "(lonn-regnskap): Midtre Gauldal kommunestyre behandlet avtalen 2026-03-19, men "
            "vedtaket er ikke registrert."
        ), mangler["tekst"]
        assert mangler["lenke"].startswith(NETTSTED) and mangler["tekst"].endswith(mangler["lenke"])
        frist = per_hendelse["avtaleflyt.frist.naermer-seg"]
        assert frist["kommune"] == "5028" and frist["frist"] == "2026-03-24"
        assert frist["tekst"].startswith("Frist om 2 virkedager, 2026-03-24. Melhus kommune (5028)")

        lest = json.loads(_kjor(env, "-m", "tests.oppgaver.varsel_hjelp", "les"))
        assert lest["automasjoner"] == {
            "avtaleflyt-frist-naermer-seg": 1,
            "avtaleflyt-frist-oversittet": 1,
            "avtaleflyt-vedtak-mangler": 1,
        }
        artefakt = lest["artefakter"]["oppgaver-5027"]
        assert artefakt["beskrivelse"] == "Oppgaver for Midtre Gauldal kommune per 2026-03-20"
        [rad] = artefakt["rader"]
        assert rad["virkedager igjen"] == "forfalt, 1 over" and rad["lenke"].startswith(NETTSTED)
        assert set(lest["artefakter"]) == {"oppgaver-5027", "oppgaver-5028", "oppgaver-5029"}
        # the run log says it in Norwegian, once per sweep (three events, two of them notified)
        assert lest["logg"] == 2 * [
            "Oppgavelisten per 2026-03-20: 3 oppgaver for 3 kommuner, 1 forfalt; "
            "3 hendelser sendt til påminnelsene"
        ]
    finally:
        stopp(server)
        logg.close()
        mottaker.shutdown()
