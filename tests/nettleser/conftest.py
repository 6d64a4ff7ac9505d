"""A real browser for the tests that look at pages as a person does: Debian's headless Chromium
driven by Selenium through Debian's chromedriver, axe-core for accessibility, and screenshots kept
under the run's output folder.

Nothing here reaches the network: Selenium is given the driver's path, so its own driver download
(Selenium Manager) never runs, and axe-core is the `axe.min.js` shipped in the PyPI package
axe-playwright-python (installed with the test extra; only that file is used). A test module marks
itself `requires_tool("chromium", "chromedriver")`: outside CI a machine without the browser skips
it, CI fails it (tests/conftest.py).

The fixtures:
- `nettleser`: one headless Chromium for the session (--headless=new, --no-sandbox, 1280×1024);
- `axe`: runs axe-core on the page the browser shows and returns an `AxeResultat`;
- `skjermbilde`: saves the whole page (or one element) as `<basetemp>/skjermbilder/<navn>.png`,
  or under `AVTALE_SKJERMBILDER` when set, and prints the path (`-s` or `-rA` shows it; pytest
  keeps only the last three runs' basetemps).
`start_chromium()` and `forespoersler()` are plain functions for a module that needs its own
browser (the Prefect UI test) or the URLs a page asked for.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import os
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webelement import WebElement

BREDDE, HOYDE = 1280, 1024
ALVOR = ("critical", "serious", "moderate", "minor")  # axe-core's impact levels, worst first


def _program(navn: str) -> str:
    sti = shutil.which(navn)
    if sti is None:
        pytest.fail(f"{navn} er ikke installert (se .ci/run)", pytrace=False)
    return sti


def start_chromium() -> webdriver.Chrome:
    """Headless Chromium with the performance log on (the URLs every page requested)."""
    valg = webdriver.ChromeOptions()
    valg.binary_location = _program("chromium")
    for arg in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-dev-shm-usage",
        f"--window-size={BREDDE},{HOYDE}",
        "--lang=nb-NO",
        "--force-device-scale-factor=1",
        "--no-first-run",
        "--disable-background-networking",  # no update checks or field trials behind our back
        "--disable-component-update",
        "--disable-sync",
        "--allow-file-access-from-files",
    ):
        valg.add_argument(arg)
    valg.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(options=valg, service=Service(_program("chromedriver")))
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(120)  # axe-core on a long page takes a few seconds on 2 cores
    return driver


@pytest.fixture(scope="session")
def nettleser() -> Iterator[webdriver.Chrome]:
    driver = start_chromium()
    try:
        yield driver
    finally:
        driver.quit()


def forespoersler(driver: webdriver.Chrome) -> list[str]:
    """The URLs the browser requested since the last call (the performance log is read once)."""
    urler = []
    for post in driver.get_log("performance"):
        melding = json.loads(post["message"])["message"]
        if melding.get("method") == "Network.requestWillBeSent":
            urler.append(melding["params"]["request"]["url"])
    return urler


@functools.cache
def _axe_js() -> str:
    return (importlib.resources.files("axe_playwright_python") / "axe.min.js").read_text(
        encoding="utf-8"
    )


@dataclass
class AxeResultat:
    """axe-core's verdict on one page: the violated rules, and how many rules passed, could not
    be decided (incomplete: a person must look) or did not apply."""

    url: str
    versjon: str
    brudd: list[dict[str, Any]]
    bestatt: int
    ufullstendig: int
    ikke_aktuelle: int
    etter_alvor: dict[str, list[str]] = field(init=False)

    def __post_init__(self) -> None:
        self.etter_alvor = {a: [] for a in ALVOR}
        for b in self.brudd:
            self.etter_alvor.setdefault(b["impact"] or "minor", []).append(b["id"])

    def alvorlige(self) -> list[str]:
        """The serious and critical violations, each with the elements it names (for a message)."""
        return [
            f"{b['impact']} {b['id']}: {b['help']} ({len(b['nodes'])} element, f.eks. "
            f"{b['nodes'][0]['target']}: {b['nodes'][0]['failureSummary']})"
            for b in self.brudd
            if b["impact"] in ("critical", "serious")
        ]

    def telling(self) -> dict[str, int]:
        """Violated rules per impact and the other counts, for the report."""
        antall = Counter(b["impact"] for b in self.brudd)
        return {
            **{a: antall.get(a, 0) for a in ALVOR},
            "bestatt": self.bestatt,
            "ufullstendig": self.ufullstendig,
            "ikke_aktuelle": self.ikke_aktuelle,
        }


def kjor_axe(driver: webdriver.Chrome) -> AxeResultat:
    """axe-core's WCAG 2.0/2.1 A and AA rules (and its best practices) on the current page."""
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(_axe_js())
    svar = driver.execute_async_script(
        """
        const ferdig = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ['violations']})
            .then(r => ferdig({
                versjon: r.testEngine.version,
                brudd: r.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help, tags: v.tags,
                    nodes: v.nodes.map(n => ({target: n.target, failureSummary: n.failureSummary}))
                })),
                bestatt: r.passes.length,
                ufullstendig: r.incomplete.length,
                ikke_aktuelle: r.inapplicable.length,
            }))
            .catch(e => ferdig({feil: String(e)}));
        """
    )
    assert "feil" not in svar, f"axe-core feilet på {driver.current_url}: {svar['feil']}"
    return AxeResultat(
        url=driver.current_url,
        versjon=svar["versjon"],
        brudd=svar["brudd"],
        bestatt=svar["bestatt"],
        ufullstendig=svar["ufullstendig"],
        ikke_aktuelle=svar["ikke_aktuelle"],
    )


@pytest.fixture(scope="session")
def axe() -> Callable[[webdriver.Chrome], AxeResultat]:
    return kjor_axe


def skjermbildemappe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`<basetemp>/skjermbilder`, or the folder `AVTALE_SKJERMBILDER` names (to keep them past
    pytest's clean-up of old basetemps, e.g. as CI artifacts). A function, not a session
    fixture: a shared fixture would put every test that takes screenshots on one xdist worker
    (tests/conftest.py groups by them), the Prefect UI test behind the site's."""
    valgt = os.environ.get("AVTALE_SKJERMBILDER")
    mappe = Path(valgt) if valgt else tmp_path_factory.getbasetemp() / "skjermbilder"
    mappe.mkdir(parents=True, exist_ok=True)
    return mappe


class Skjermbilde(Protocol):
    def __call__(
        self, driver: webdriver.Chrome, navn: str, *, element: WebElement | None = None
    ) -> Path: ...


@pytest.fixture
def skjermbilde(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Skjermbilde:
    """Save what the browser shows as `<navn>.png`: one element, or the whole page from the top
    (the window is stretched to the page's height for the picture, then set back)."""

    def lagre(driver: webdriver.Chrome, navn: str, *, element: WebElement | None = None) -> Path:
        sti = skjermbildemappe(tmp_path_factory) / f"{navn}.png"
        if element is not None:
            driver.execute_script("arguments[0].scrollIntoView()", element)
            assert element.screenshot(str(sti)), f"skjermbildet {sti} ble ikke lagret"
        else:
            hoyde = driver.execute_script(
                "window.scrollTo(0, 0); return Math.max(document.body.scrollHeight,"
                " document.documentElement.scrollHeight)"
            )
            driver.set_window_size(BREDDE, min(max(int(hoyde), HOYDE), 8000))
            try:
                assert driver.save_screenshot(str(sti)), f"skjermbildet {sti} ble ikke lagret"
            finally:
                driver.set_window_size(BREDDE, HOYDE)
        request.node.user_properties.append(("skjermbilde", str(sti)))
        print(f"skjermbilde: {sti}")
        return sti

    return lagre
