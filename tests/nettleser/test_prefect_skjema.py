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
with, as the clerk reads them; nothing depends on generated CSS classes.
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
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from selenium.common.exceptions import (
    ElementClickInterceptedException,
    ElementNotInteractableException,
    NoSuchElementException,
    StaleElementReferenceException,
    TimeoutException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait

from avtaleflyt import tjenester
from avtaleflyt.arkiv import Arkiv
from avtaleflyt.orkestrering.skjemavalg import UTFALL_VALG
from tests.flows.prefect_mal import kopier_mal
from tests.flows.prosesser import ledig_port, stopp
from tests.nettleser.conftest import start_chromium

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
PROBLEMER = (
    StaleElementReferenceException,
    NoSuchElementException,
    ElementClickInterceptedException,
    ElementNotInteractableException,
)


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


# ----------------------------------------------------------------------------- the browser


def _klikk(driver: WebDriver, xpath: str, sek: float = 60) -> None:
    """Click the element once it is there and can be clicked (the UI re-renders while it
    loads, so a found element may be replaced before the click)."""

    def forsok(_: WebDriver) -> bool:
        try:
            e = driver.find_element(By.XPATH, xpath)
            if not (e.is_displayed() and e.is_enabled()):
                return False
            e.click()
            return True
        except PROBLEMER:
            return False

    WebDriverWait(driver, sek, 0.3).until(forsok, f"fant ikke {xpath}")


def _felt(driver: WebDriver, etikett: str) -> WebElement:
    """The control a visible label names (`<label for>`); «(Optional)» after the label is
    allowed, since Prefect adds it to a field with a default."""
    xpath = (
        f"//form//label[normalize-space()='{etikett}' or "
        f"starts-with(normalize-space(), '{etikett} (')]"
    )

    def finn(_: WebDriver) -> WebElement | bool:
        try:
            return driver.find_element(
                By.ID, driver.find_element(By.XPATH, xpath).get_attribute("for")
            )
        except PROBLEMER:
            return False

    return WebDriverWait(driver, 30, 0.3).until(finn, f"fant ikke feltet «{etikett}»")


def _velg(driver: WebDriver, etikett: str, *, slutter_med: str) -> str:
    """Choose from the field's list the option whose label ends with `slutter_med` (a label
    «Skaun (5029)» by its number); returns the label chosen."""
    kontroll = _felt(driver, etikett)
    if kontroll.tag_name == "select":
        valg = Select(kontroll)
        tekst = next(o.text for o in valg.options if o.text.strip().endswith(slutter_med))
        valg.select_by_visible_text(tekst)
        return tekst
    kontroll.click()
    # XPath 1.0 has no ends-with: compare the label's tail
    alternativ = (
        "//*[@role='option'][substring(normalize-space(), string-length(normalize-space()) - "
        f"{len(slutter_med) - 1}) = '{slutter_med}']"
    )
    WebDriverWait(driver, 20, 0.3).until(
        lambda d: any(e.is_displayed() for e in d.find_elements(By.XPATH, alternativ)),
        f"«{etikett}» har ikke valget …{slutter_med}",
    )
    # textContent, not .text: the list may still be fading in, and .text is "" until it shows
    tekst = " ".join(
        (driver.find_element(By.XPATH, alternativ).get_attribute("textContent") or "").split()
    )
    _klikk(driver, alternativ)
    WebDriverWait(driver, 10, 0.3).until(
        lambda d: slutter_med in _felt(d, etikett).text, f"«{etikett}» viser ikke {tekst}"
    )
    return tekst


def _skriv(driver: WebDriver, etikett: str, tekst: str) -> None:
    kontroll = _felt(driver, etikett)
    kontroll.clear()
    kontroll.send_keys(tekst)


def _kryss_av(driver: WebDriver, etikett: str) -> None:
    kontroll = _felt(driver, etikett)
    if kontroll.get_attribute("aria-checked") != "true" and not kontroll.is_selected():
        kontroll.click()
    WebDriverWait(driver, 10, 0.3).until(
        lambda d: (
            _felt(d, etikett).get_attribute("aria-checked") == "true"
            or _felt(d, etikett).is_selected()
        ),
        f"«{etikett}» ble ikke krysset av",
    )


def _feil_i_skjema(driver: WebDriver) -> str:
    """What the page shows as errors (field messages, alerts, toasts), for a failure message."""
    tekster = [
        " ".join((e.get_attribute("textContent") or "").split())
        for e in driver.find_elements(
            By.XPATH,
            "//*[@role='alert' or @role='status' or contains(@class, 'error')"
            " or contains(@class, 'destructive') or @aria-invalid='true']",
        )
    ]
    return "; ".join(t for t in tekster if t) or "ingen feilmelding"


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
        _klikk(nettleser, "//a[normalize-space()='Deployments']")
        # the flow has the deployment's name too: the deployment's own link
        _klikk(
            nettleser,
            "//a[contains(@href, '/deployments/deployment/')][normalize-space()='registrer-vedtak']",
        )
        _klikk(nettleser, "//button[normalize-space()='Run']")
        _klikk(nettleser, "//*[@role='menuitem'][normalize-space()='Custom run']")
        WebDriverWait(nettleser, 30).until(lambda d: d.current_url.split("?")[0].endswith("/run"))

        valgt = {
            "avtale": _velg(nettleser, "Avtale", slutter_med=f"({AVTALE})"),
            "kommune": _velg(nettleser, "Kommune", slutter_med=f"({SKAUN})"),
            "mote": _velg(nettleser, "Møte", slutter_med=f"({mote_id})"),
        }
        utfall = next(etikett for etikett, verdi in UTFALL_VALG.items() if verdi == "vedtatt")
        valgt["utfall"] = _velg(nettleser, "Utfall", slutter_med=utfall)
        _skriv(nettleser, "Vedtakstekst", "Kommunestyret slutter seg til avtalen.")
        _kryss_av(nettleser, "Enstemmig vedtak")
        skjermbilde(nettleser, "prefect-vedtaksskjema")
        _klikk(nettleser, "//button[@type='submit']")

        def kjoringene() -> list[dict]:
            return _api(
                port,
                "/flow_runs/filter",
                {"deployments": {"name": {"any_": ["registrer-vedtak"]}}},
            )

        # Sent when the server has the run. The UI first validates the parameters against the
        # server and then leaves the form; on a loaded machine (CI runs the suite on every core)
        # that takes longer than a clerk would notice, so the wait is generous and a form that
        # stays says what it shows (a field error, a toast) instead of only «not sent».
        try:
            WebDriverWait(nettleser, 120, 1, ignored_exceptions=(OSError,)).until(
                lambda d: kjoringene() or not d.current_url.split("?")[0].endswith("/run")
            )
        except TimeoutException:
            viser = _feil_i_skjema(nettleser)
            raise AssertionError(f"skjemaet ble ikke sendt; siden viser: {viser}") from None

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
