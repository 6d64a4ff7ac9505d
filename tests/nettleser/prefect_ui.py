"""The clerk's hands in Prefect's UI (3.9's React UI under /v2/): click, choose, write, tick and
submit, each found by what the clerk reads (labels, option texts, button names), never by
generated CSS classes.

Submitting is the part that can go wrong outside our code, so `send_inn` watches what the page
asks the server (the browser's performance log) and says what happened when no run arrives: the
API calls after the click with their answers, the toasts and the field messages the page shows.
A click the page never acted on (no call at all: the page moved under the pointer while it
settled on a loaded machine), or whose run the server failed to make (5xx, a broken connection),
is clicked again, as a clerk would; an answer refusing the form fails at once with the server's
words. A click is never repeated while a call of the form is out or once a run may have been
made, so the test's «exactly one run» stays true.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from selenium.common.exceptions import (
    ElementClickInterceptedException,
    ElementNotInteractableException,
    NoSuchElementException,
    StaleElementReferenceException,
    WebDriverException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait

PROBLEMER = (
    StaleElementReferenceException,
    NoSuchElementException,
    ElementClickInterceptedException,
    ElementNotInteractableException,
)
SKJEMAKALL = ("/ui/schemas/validate", "/create_flow_run")  # what Submit asks the server


def klikk(driver: WebDriver, xpath: str, sek: float = 60) -> None:
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


def felt(driver: WebDriver, etikett: str) -> WebElement:
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


def velg(driver: WebDriver, etikett: str, *, slutter_med: str) -> str:
    """Choose from the field's list the option whose label ends with `slutter_med` (a label
    «Skaun (5029)» by its number); returns the label chosen."""
    kontroll = felt(driver, etikett)
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
    klikk(driver, alternativ)
    WebDriverWait(driver, 10, 0.3).until(
        lambda d: slutter_med in felt(d, etikett).text, f"«{etikett}» viser ikke {tekst}"
    )
    return tekst


def skriv(driver: WebDriver, etikett: str, tekst: str) -> None:
    kontroll = felt(driver, etikett)
    kontroll.clear()
    kontroll.send_keys(tekst)


def kryss_av(driver: WebDriver, etikett: str) -> None:
    kontroll = felt(driver, etikett)
    if kontroll.get_attribute("aria-checked") != "true" and not kontroll.is_selected():
        kontroll.click()
    WebDriverWait(driver, 10, 0.3).until(
        lambda d: (
            felt(d, etikett).get_attribute("aria-checked") == "true"
            or felt(d, etikett).is_selected()
        ),
        f"«{etikett}» ble ikke krysset av",
    )


# ------------------------------------------------------------------------------- submitting


@dataclass
class ApiKall:
    """One call the page made to the server's API, as the browser saw it."""

    metode: str
    url: str
    status: int | None = None  # None: no answer yet (or the connection failed: `feil`)
    feil: str | None = None
    svar: str | None = None  # the body of an error answer

    def __str__(self) -> str:
        utfall = self.feil or (f"HTTP {self.status}" if self.status else "venter på svar")
        tekst = f"{self.metode} {self.url.split('/api', 1)[-1]}: {utfall}"
        return f"{tekst} {self.svar[:800]}" if self.svar else tekst

    @property
    def fra_skjemaet(self) -> bool:
        return any(s in self.url for s in SKJEMAKALL)


class ApiLogg:
    """The API calls in the browser's performance log, answers paired with their requests
    (the log is drained on each read, and an answer may come in a later read)."""

    def __init__(self, driver: WebDriver) -> None:
        self.driver = driver
        self.kall: dict[str, ApiKall] = {}

    def glem(self) -> None:
        """Start afresh: what the page asked before is not the next click's."""
        self.les()
        self.kall.clear()

    def les(self) -> list[ApiKall]:
        for post in self.driver.get_log("performance"):
            melding = json.loads(post["message"])["message"]
            metode, p = melding.get("method"), melding.get("params", {})
            if metode == "Network.requestWillBeSent" and "/api/" in p["request"]["url"]:
                self.kall[p["requestId"]] = ApiKall(p["request"]["method"], p["request"]["url"])
            elif (kall := self.kall.get(p.get("requestId", ""))) is None:
                continue
            elif metode == "Network.responseReceived":
                kall.status = p["response"]["status"]
            elif metode == "Network.loadingFailed":
                kall.feil = p.get("errorText", "feilet")
            elif metode == "Network.loadingFinished" and (kall.status or 0) >= 400:
                kall.svar = self._kropp(p["requestId"])
        return list(self.kall.values())

    def _kropp(self, forespoersel: str) -> str | None:
        try:
            return self.driver.execute_cdp_cmd(  # type: ignore[attr-defined]
                "Network.getResponseBody", {"requestId": forespoersel}
            )["body"]
        except WebDriverException:
            return None


def sidens_meldinger(driver: WebDriver) -> list[str]:
    """The toasts (sonner) and field messages the page shows, for a failure message."""
    return [
        " ".join((e.get_attribute("textContent") or "").split())
        for e in driver.find_elements(
            By.XPATH,
            "//*[@data-sonner-toast] | //form//p[contains(@class, 'text-destructive')]"
            " | //form//ul[contains(@class, 'text-destructive')]",
        )
        if (e.get_attribute("textContent") or "").strip()
    ]


def _i_ro(driver: WebDriver, xpath: str) -> None:
    """Wait until the element stays put for half a second: a click lands where the element was
    when it was measured, and the page still moves while it settles (after a screenshot's resize,
    a list closing)."""
    forrige: dict | None = None

    def stille(_: WebDriver) -> bool:
        nonlocal forrige
        try:
            naa = driver.find_element(By.XPATH, xpath).rect
        except PROBLEMER:
            return False
        lik, forrige = naa == forrige, naa
        return lik

    WebDriverWait(driver, 30, 0.5).until(stille, f"{xpath} flytter seg fortsatt")


def send_inn(
    driver: WebDriver,
    sendt: Callable[[], bool],
    loggfil: Path,
    *,
    knapp: str = "//button[@type='submit']",
    klikk_inntil: int = 3,
    vent: float = 60,
    vent_paa_svar: float = 180,
) -> list[str]:
    """Click Submit and wait until `sendt()` says the server has the run. Returns what went wrong
    on the way (an earlier click the page did not act on), empty when the first click did it."""
    logg = ApiLogg(driver)
    underveis: list[str] = []

    def hva_skjedde(tittel: str) -> str:
        deler = [tittel, f"  siden: {driver.current_url}"]
        deler += [f"  kall: {k}" for k in logg.les()] or ["  kall: ingen til API-et"]
        deler += [f"  viser: {m}" for m in sidens_meldinger(driver)] or ["  viser: ingen melding"]
        return "\n".join(deler)

    for n in range(1, klikk_inntil + 1):
        _i_ro(driver, knapp)
        logg.glem()
        klikk(driver, knapp)
        frist = time.monotonic() + vent
        underveis_kall = False  # a call of the form is out or made a run: never click again
        while time.monotonic() < frist:
            if sendt():
                return underveis
            kall = [k for k in logg.les() if k.fra_skjemaet]
            if any(k.status is not None and 400 <= k.status < 500 for k in kall):
                raise AssertionError(hva_skjedde(f"serveren avviste skjemaet (klikk {n})"))
            lag = [k for k in kall if "create_flow_run" in k.url]
            if lag and (lag[-1].feil or (lag[-1].status or 0) >= 500):
                underveis_kall = False  # no run was made: the clerk sees the toast, tries again
                break
            if not underveis_kall and (lag or any(k.status is None and not k.feil for k in kall)):
                underveis_kall = True  # the page is at work: wait for it
                frist = time.monotonic() + vent_paa_svar
            time.sleep(1)
        if underveis_kall:
            raise AssertionError(
                hva_skjedde(f"kjøringen kom ikke etter klikk {n}")
                + f"\nserverloggen:\n{loggfil.read_text('utf-8', 'replace')[-4000:]}"
            )
        underveis.append(hva_skjedde(f"klikk {n} sendte ikke skjemaet"))
    raise AssertionError(
        "skjemaet ble ikke sendt:\n"
        + "\n".join(underveis)
        + f"\nserverloggen:\n{loggfil.read_text('utf-8', 'replace')[-4000:]}"
    )
