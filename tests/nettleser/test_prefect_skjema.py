"""A clerk records a vedtak in the Prefect UI, in a real browser (issue 14 item 8).

A real `prefect server` (127.0.0.1, own home, the UI on) and `python -m flows.serve` run as an
operator runs them, on a copy of the landbruk agreement whose calendar has a joint
kommunestyremøte yesterday: drøfting, saksframlegg and the vedtak of Midtre Gauldal and Melhus
are already recorded (through the service layer, as `avtale record` does). Headless Chromium then
does what the clerk does: opens the server's address, goes to Deployments → registrer-vedtak →
Run → Custom run, chooses the agreement, Skaun and the meeting from the lists and the outcome
«Vedtatt», writes the vedtakstekst, ticks «Enstemmig vedtak» and submits. No id, version, date or
avtale-hash is typed. The run must complete, prosess.yaml must hold Skaun's vedtak with the hash of
the text the saksframlegg sent, and the archive the «vedtatt» event of all three with the
meeting's date. A screenshot of the filled form is kept (tests/nettleser/conftest.py says where).

The UI is the one the server's address opens in a fresh browser (Prefect 3.9's React UI under
/v2/). Fields are found by their visible labels (`<label for>`), options by the id a label ends
with, as the clerk reads them; nothing depends on generated CSS classes. The clerk's hands, and
what a submission that brings no run reports, are in tests/nettleser/prefect_ui.py.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
import warnings
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from selenium.webdriver.support.ui import WebDriverWait

from avtaleflyt import tjenester
from avtaleflyt.arkiv import Arkiv
from avtaleflyt.orkestrering.skjemavalg import UTFALL_VALG
from tests.flows.prefect_mal import kopier_mal
from tests.flows.prosesser import ledig_port, stopp
from tests.nettleser.conftest import start_chromium
from tests.nettleser.prefect_ui import klikk, kryss_av, send_inn, skriv, velg

pytestmark = [
    pytest.mark.server,
    pytest.mark.slow,
    pytest.mark.requires_tool("chromium", "chromedriver"),
]

ROT = Path(__file__).resolve().parents[2]
AVTALE = "gauldal-landbruk"
ALLE = ["5027", "5028", "5029"]
SKAUN = "5029"
PY = sys.executable
PREFECT = str(Path(sys.executable).with_name("prefect"))
FERDIG = ("COMPLETED", "FAILED", "CRASHED", "CANCELLED")


def _api(port: int, sti: str, data: dict | None = None):
    """One call to the server's REST API (POST with `data`), parsed JSON back."""
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}/api{sti}",
        data=None if data is None else json.dumps(data).encode(),
        headers={"Content-Type": "application/json"},
        method="GET" if data is None else "POST",
    )
    with urllib.request.urlopen(req, timeout=10) as svar:
        return json.loads(svar.read() or b"null")


def _vent_pa(beskrivelse: str, sjekk, sek: float, logg: Path):
    slutt = time.monotonic() + sek
    while time.monotonic() < slutt:
        try:
            svar = sjekk()
        except OSError:
            svar = None
        if svar:
            return svar
        time.sleep(1)
    raise AssertionError(f"{beskrivelse} etter {sek:.0f} s\n{logg.read_text()[-4000:]}")


def _saken(mappe: Path, mote: dt.date) -> str:
    """The agreement with yesterday's joint kommunestyremøte; saksframlegg to all three and the
    first two vedtak recorded. Returns the avtale-hash the saksframlegg sent."""
    mappe.mkdir(parents=True)
    shutil.copy(ROT / "agreements" / AVTALE / "avtale.yaml", mappe / "avtale.yaml")
    kilde = yaml.safe_load((ROT / "agreements" / AVTALE / "prosess.yaml").read_text("utf-8"))
    data = {
        "avtale": AVTALE,
        "moter": [
            {
                "id": f"ks-{mote.isoformat()}",
                "kommuner": ALLE,
                "organ": "kommunestyre",
                "dato": mote,
                "klokkeslett": "18:00",
                "behandling": "vedtak",
            }
        ],
        "drofting": [
            {**d, "dato": mote - dt.timedelta(days=60 - i)}
            for i, d in enumerate(kilde["drofting"][-3:])
        ],
    }
    (mappe / "prosess.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    sendt = mote - dt.timedelta(days=21)
    for i, nr in enumerate(ALLE):
        tjenester.registrer_saksframlegg(
            mappe,
            mote=f"ks-{mote.isoformat()}",
            kommune=nr,
            dato=sendt,
            saksnummer=f"PS {i + 1}/{mote.year % 100}",
            at=sendt,
        )
    avtale, _ = tjenester.last(mappe)
    hash_ = None
    for nr in ALLE[:2]:
        svar = tjenester.registrer_vedtak(
            mappe,
            mote=f"ks-{mote.isoformat()}",
            kommune=nr,
            utfall="vedtatt",
            vedtakstekst=f"Kommunestyret vedtar «{avtale.tittel}», versjon {avtale.versjon}.",
            votering={"enstemmig": True},
            at=mote,
        )
        hash_ = svar.post.avtale_hash
    assert hash_ is not None
    return hash_


def test_a_clerk_records_a_vedtak_in_the_prefect_ui(
    tmp_path, tmp_path_factory, request, skjermbilde
):
    port = ledig_port()
    harness = any(
        "prefect_harness" in getattr(i, "fixturenames", ()) for i in request.session.items
    )
    kopier_mal(tmp_path_factory, tmp_path / "prefect" / "prefect.db", forrang=20 if harness else 0)
    avtaler = tmp_path / "avtaler"
    mappe = avtaler / AVTALE
    i_dag = dt.datetime.now(ZoneInfo("Europe/Oslo")).date()
    mote = i_dag - dt.timedelta(days=1)
    mote_id = f"ks-{mote.isoformat()}"
    avtale_hash = _saken(mappe, mote)

    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        {
            "PREFECT_HOME": str(tmp_path / "prefect"),
            "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_RUNNER_POLL_FREQUENCY": "1",
            "PREFECT_LOGGING_LEVEL": "WARNING",
            "AVTALE_AVTALER": str(avtaler),
            "AVTALE_ARKIV": str(tmp_path / "arkiv"),
            "AVTALE_DOKUMENTER": str(tmp_path / "dokumenter"),
            "AVTALE_SVEIP_CRON": "0 6 1 1 *",
        }
    )
    loggfil = tmp_path / "server.log"
    logg = open(loggfil, "w")  # noqa: SIM115 (the server and runner write to it until `finally`)
    server = subprocess.Popen(
        [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=logg,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    runner = nettleser = None
    try:
        nettleser = start_chromium()  # while the server starts
        _vent_pa("serveren svarte ikke", lambda: _api(port, "/health"), 180, loggfil)
        runner = subprocess.Popen(
            [PY, "-m", "flows.serve"],
            env=env,
            cwd=ROT,
            stdout=logg,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        _vent_pa(
            "deploymenten registrer-vedtak kom ikke",
            lambda: _api(port, "/deployments/name/registrer-vedtak/registrer-vedtak"),
            180,
            loggfil,
        )

        # the clerk: the server's address, Deployments, the form deployment, Run → Custom run
        nettleser.get(f"http://127.0.0.1:{port}/")
        klikk(nettleser, "//a[normalize-space()='Deployments']")
        # the flow has the deployment's name too: the deployment's own link
        klikk(
            nettleser,
            "//a[contains(@href, '/deployments/deployment/')][normalize-space()='registrer-vedtak']",
        )
        klikk(nettleser, "//button[normalize-space()='Run']")
        klikk(nettleser, "//*[@role='menuitem'][normalize-space()='Custom run']")
        WebDriverWait(nettleser, 30).until(lambda d: d.current_url.split("?")[0].endswith("/run"))

        valgt = {
            "avtale": velg(nettleser, "Avtale", slutter_med=f"({AVTALE})"),
            "kommune": velg(nettleser, "Kommune", slutter_med=f"({SKAUN})"),
            "mote": velg(nettleser, "Møte", slutter_med=f"({mote_id})"),
        }
        utfall = next(etikett for etikett, verdi in UTFALL_VALG.items() if verdi == "vedtatt")
        valgt["utfall"] = velg(nettleser, "Utfall", slutter_med=utfall)
        skriv(nettleser, "Vedtakstekst", "Kommunestyret slutter seg til avtalen.")
        kryss_av(nettleser, "Enstemmig vedtak")
        skjermbilde(nettleser, "prefect-vedtaksskjema")

        def kjoringene() -> list[dict]:
            return _api(
                port,
                "/flow_runs/filter",
                {"deployments": {"name": {"any_": ["registrer-vedtak"]}}},
            )

        # Sent when the server has the run; the UI first checks the parameters with the server,
        # and on a loaded machine that takes longer than a clerk would notice. send_inn says
        # what the page asked and was told when no run comes (tests/nettleser/prefect_ui.py).
        def sendt() -> bool:
            try:
                return bool(kjoringene())
            except OSError:
                return False

        for hendelse in send_inn(nettleser, sendt, loggfil):
            warnings.warn(f"Prefect-skjemaet, første forsøk: {hendelse}", stacklevel=1)

        def kjoringen():
            runs = kjoringene()
            ferdige = [r for r in runs if r["state_type"] in FERDIG]
            return ferdige[0] if ferdige and len(runs) == 1 else None

        run = _vent_pa("kjøringen ble ikke ferdig", kjoringen, 240, loggfil)
        assert run["state_type"] == "COMPLETED", (run["state"], loggfil.read_text()[-4000:])
        # what the form sent: the labels the clerk chose, nothing typed but the text
        assert run["parameters"]["vedtak"] | valgt == run["parameters"]["vedtak"]
    except Exception:
        if nettleser is not None:
            skjermbilde(nettleser, "prefect-vedtaksskjema-feil")
            (tmp_path / "side.html").write_text(nettleser.page_source, encoding="utf-8")
        raise
    finally:
        if nettleser is not None:
            nettleser.quit()
        if runner is not None:
            stopp(runner)
        stopp(server)
        logg.close()

    # prosess.yaml: Skaun's vedtak in the meeting, on the text the saksframlegg sent
    prosess = yaml.safe_load((mappe / "prosess.yaml").read_text("utf-8"))
    skaun = [v for v in prosess["vedtak"] if v["kommune"] == SKAUN]
    assert len(skaun) == 1, skaun
    assert (skaun[0]["mote"], skaun[0]["utfall"], skaun[0]["avtale_hash"]) == (
        mote_id,
        "vedtatt",
        avtale_hash,
    )
    assert skaun[0]["votering"]["enstemmig"] is True
    # the archive: adopted by all three on that text, with the meeting's date as legal date
    hendelser = Arkiv(tmp_path / "arkiv").hendelser(AVTALE)
    assert [(e.hendelse, e.juridisk_dato, e.avtale_hash) for e in hendelser] == [
        ("vedtatt", mote, avtale_hash)
    ]
    assert set(hendelser[0].vedtatt()) == set(ALLE)
