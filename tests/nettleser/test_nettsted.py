"""The auditors' website of the Gauldal example in a real browser (issue 16 item 3).

The demo runs the example cooperation into a fresh archive, `avtale nettsted` builds the site from
that archive alone, and headless Chromium reads it as a visitor would: from the start page it
follows every link (each page and each downloadable file must exist, each `#anker` must name an
element on its page), runs axe-core on every page (no serious or critical violation), and notes
every request the pages make (nothing may leave file://: no scripts, fonts or CDNs from outside).
The lønn/regnskap timeline is read against the archive through `avtaleflyt.revisjon` (the dates,
councils and case numbers come from there, not from this file); the keyboard reaches the skip link
first on every kind of page and shows where the focus is. Screenshots of the start page, Skaun's
page and the lønn/regnskap timeline are kept (tests/nettleser/conftest.py says where).
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver

from avtaleflyt.revisjon.historikk import Historikk, historikk
from demo import kjor_demo
from tests.nettleser.conftest import AxeResultat, forespoersler, kjor_axe

# pdfa: each version offers its PDF/A download, which a run with AVTALE_PDFA=nei would not make
pytestmark = [
    pytest.mark.requires_tool("chromium", "chromedriver"),
    pytest.mark.slow,
    pytest.mark.pdfa,
]

AVTALE = str(Path(sys.executable).with_name("avtale"))
LONN = "gauldal-lonn-regnskap"
SKAUN = "5029"
LOKALE = ("file:", "data:", "about:", "blob:")


def sidetype(rel: str) -> str:
    """The kind of page, by its place in the site (one template each)."""
    if rel == "index.html":
        return "startside"
    if rel == "kontroll.html":
        return "kontroll"
    if rel.startswith("kommuner/"):
        return "kommune"
    if "/filer/" in rel:
        return "arkivert dokument"
    if rel.endswith("/index.html"):
        return "avtale"
    if re.search(r"/v\d+\.html$", rel):
        return "versjon"
    if "/endringer-" in rel:
        return "endringer"
    if re.search(r"/vedtak-v\d+\.html$", rel):
        return "vedtak"
    return "annen"


@dataclass
class Nettsted:
    rot: Path
    arkiv: Path
    utskrift: str


@dataclass
class Gjennomgang:
    """What the browser found: pages visited, links that led nowhere, requests, axe-core."""

    sider: dict[str, str] = field(default_factory=dict)  # rel path -> title
    filer: set[str] = field(default_factory=set)  # linked files that are not pages
    mangler: list[str] = field(default_factory=list)  # "from: href (why)"
    eksterne_lenker: set[str] = field(default_factory=set)
    ikke_lokale: dict[str, list[str]] = field(default_factory=dict)  # page -> requests
    axe: dict[str, AxeResultat] = field(default_factory=dict)


@pytest.fixture(scope="module")
def nettsted(tmp_path_factory: pytest.TempPathFactory) -> Nettsted:
    rot = tmp_path_factory.mktemp("nettsted")
    kjor_demo(rot / "ut", rot / "arkiv")
    r = subprocess.run(
        [AVTALE, "nettsted", "--arkiv", str(rot / "arkiv"), "--out", str(rot / "side")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    return Nettsted(rot / "side", rot / "arkiv", r.stdout)


def _fil(url: str) -> Path:
    return Path(unquote(urlparse(url).path))


def _rel(nettsted: Nettsted, sti: Path) -> str:
    return sti.resolve().relative_to(nettsted.rot.resolve()).as_posix()


@pytest.fixture(scope="module")
def gjennomgang(nettleser: WebDriver, nettsted: Nettsted) -> Gjennomgang:
    """Every page reachable from the start page, each loaded once in the browser."""
    g = Gjennomgang()
    start = (nettsted.rot / "index.html").resolve()
    ko = [start.as_uri()]
    sett = {start}
    ankre: list[tuple[str, Path, str]] = []  # (from page, target page, id)
    forespoersler(nettleser)  # empty the log
    while ko:
        url = ko.pop(0)
        sti = _fil(url)
        rel = _rel(nettsted, sti)
        nettleser.get(url)
        g.sider[rel] = nettleser.title
        lenker = nettleser.execute_script(
            "return Array.from(document.querySelectorAll('a[href]'), a => a.href)"
        )
        andre = [u for u in forespoersler(nettleser) if not u.startswith(LOKALE)]
        if andre:
            g.ikke_lokale[rel] = andre
        g.axe[rel] = kjor_axe(nettleser)
        for lenke in lenker:
            uten, anker = urldefrag(lenke)
            if not uten.startswith("file:"):
                g.eksterne_lenker.add(lenke)
                continue
            maal = _fil(uten)
            if not maal.is_file():
                g.mangler.append(f"{rel}: {lenke} (finnes ikke)")
                continue
            if not maal.resolve().is_relative_to(nettsted.rot.resolve()):
                g.mangler.append(f"{rel}: {lenke} (utenfor nettstedet)")
                continue
            if anker:
                ankre.append((rel, maal.resolve(), anker))
            if maal.suffix != ".html" or "/filer/" in _rel(nettsted, maal):
                g.filer.add(_rel(nettsted, maal))  # downloads: .docx, .pdf, .md, archived .html
                if maal.stat().st_size == 0:
                    g.mangler.append(f"{rel}: {lenke} (tom fil)")
                continue
            if maal.resolve() not in sett:
                sett.add(maal.resolve())
                ko.append(maal.resolve().as_uri())
    per_side: dict[Path, list[tuple[str, str]]] = defaultdict(list)
    for fra, maal, anker in ankre:
        per_side[maal].append((fra, anker))
    for maal, liste in per_side.items():  # an anchor must name an element of its page
        nettleser.get(maal.as_uri())
        finnes = nettleser.execute_script(
            "return arguments[0].map(id => !!document.getElementById(id))", [a for _, a in liste]
        )
        for (fra, anker), ok in zip(liste, finnes, strict=True):
            if not ok:
                g.mangler.append(f"{fra}: {_rel(nettsted, maal)}#{anker} (ankeret finnes ikke)")
    return g


def test_the_command_builds_the_site_and_verifies_the_archive(nettsted):
    assert (nettsted.rot / "index.html").is_file()
    assert "Startside:" in nettsted.utskrift


def test_every_internal_link_leads_to_a_page_or_file_that_exists(nettsted, gjennomgang):
    assert gjennomgang.mangler == []
    sider = set(gjennomgang.sider)
    # the start page reaches every page the builder wrote (no orphan pages) ...
    skrevet = {
        _rel(nettsted, p)
        for p in nettsted.rot.rglob("*.html")
        if "/filer/" not in _rel(nettsted, p)
    }
    assert skrevet - sider == set()
    # ... and every kind of page is there, the lønn/regnskap agreement with both versions
    typer = defaultdict(list)
    for rel in sider:
        typer[sidetype(rel)].append(rel)
    assert {"startside", "kontroll", "kommune", "avtale", "versjon", "endringer", "vedtak"} <= set(
        typer
    )
    assert "annen" not in typer, typer["annen"]
    assert {f"avtaler/{LONN}/v1.html", f"avtaler/{LONN}/v2.html"} <= sider
    assert {f"kommuner/{nr}.html" for nr in ("5027", "5028", "5029")} <= sider
    # each version offers its downloads (.docx and the PDF/A among them), all present
    assert any(
        f.startswith(f"avtaler/{LONN}/filer/v2/") and f.endswith(".docx") for f in gjennomgang.filer
    )
    assert any(
        f.startswith(f"avtaler/{LONN}/filer/v2/") and f.endswith(".pdf") for f in gjennomgang.filer
    )
    assert all(t.strip() for t in gjennomgang.sider.values()), gjennomgang.sider


def test_no_page_requests_anything_outside_the_site(gjennomgang):
    assert gjennomgang.ikke_lokale == {}


def test_axe_core_finds_no_serious_or_critical_violation_on_any_page(gjennomgang):
    alvorlige = {rel: r.alvorlige() for rel, r in gjennomgang.axe.items() if r.alvorlige()}
    # the counts per kind of page, for the report (`-s` shows them)
    per_type: dict[str, dict[str, int]] = {}
    for rel, r in sorted(gjennomgang.axe.items()):
        sum_ = per_type.setdefault(sidetype(rel), {"sider": 0})
        sum_["sider"] += 1
        for k, v in r.telling().items():
            sum_[k] = sum_.get(k, 0) + v
    versjon = next(iter(gjennomgang.axe.values())).versjon
    print(f"axe-core {versjon}, brudd per sidetype (regler, summert over sidene):")
    for t, sum_ in sorted(per_type.items()):
        print(f"  {t}: {sum_}")
    assert alvorlige == {}


def _steg(nettleser: WebDriver, klasse: str) -> list[tuple[str, str]]:
    """The timeline's text list: (datetime, text) of each step of one kind."""
    return [
        (li.find_element(By.TAG_NAME, "time").get_attribute("datetime"), li.text)
        for li in nettleser.find_elements(By.CSS_SELECTOR, f"ol.steg li.steg-{klasse}")
    ]


def _bilde(nettleser: WebDriver, klasse: str) -> list[str]:
    """The drawn timeline: the titles of the marks of one kind (what a pointer shows)."""
    return nettleser.execute_script(
        "return Array.from(document.querySelectorAll("
        "'figure.tidslinje svg g.merke.' + arguments[0] + ' > title'), t => t.textContent)",
        klasse,
    )


def _dato_kort(d) -> str:
    return f"{d.day:02d}.{d.month:02d}.{d.year}"


@pytest.fixture(scope="module")
def lonn(nettsted) -> Historikk:
    return historikk(nettsted.arkiv, LONN)


def test_lonn_regnskap_timeline_matches_the_archive(nettleser, nettsted, lonn, skjermbilde):
    """v1 adopted by Midtre Gauldal and Melhus and «vedtatt med endringer» in Skaun; v2 adopted
    by all three and in force: each fact read from the archive, then found on the page."""
    assert sorted(lonn.versjoner) == [1, 2]
    v1, v2 = lonn.versjon(1), lonn.versjon(2)
    navn = {v.kommunenummer: v.kommunenavn for v in v2.vedtak}
    assert set(navn) == {"5027", "5028", "5029"}  # v2 adopted by all three
    assert v2.vedtatt == max(v.dato for v in v2.vedtak) and v2.ikraft is not None
    endret = v1.hendelse("endret")
    assert endret is not None and v1.vedtatt is None  # v1 never adopted by all
    ved, dato, _, sak = endret.trailer("Endret-Ved").split(" ", 3)
    assert ved == SKAUN

    nettleser.get((nettsted.rot / "avtaler" / LONN / "index.html").as_uri())
    vedtak = _steg(nettleser, "vedtak")
    # v1: the councils that adopted it, as the archive's endret event lists them
    for nr, verdi in endret.vedtatt().items():
        d, _, s = verdi.partition(" sak ")
        assert any(
            t == d and navn[nr] in tekst and "versjon 1" in tekst and s in tekst
            for t, tekst in vedtak
        ), (nr, verdi, vedtak)
    # v1 in Skaun: «vedtatt med endringer», in the list and in the picture
    assert any(
        t == dato and navn[SKAUN] in tekst and "vedtatt med endringer" in tekst and sak in tekst
        for t, tekst in _steg(nettleser, "endret")
    ), _steg(nettleser, "endret")
    d = _dato_kort(endret.juridisk_dato)
    assert any(
        b.startswith(d) and navn[SKAUN] in b and sak in b
        for b in _bilde(nettleser, "vedtatt_med_endringer")
    ), _bilde(nettleser, "vedtatt_med_endringer")
    # v2: each council's vedtak with its date and case number, then adopted by all, in force
    for v in v2.vedtak:
        assert (v.dato.isoformat(), v.kommunenavn) in {
            (t, navn[v.kommunenummer])
            for t, tekst in vedtak
            if v.saksnummer in tekst and "versjon 2" in tekst
        }, (v, vedtak)
        assert any(
            b.startswith(_dato_kort(v.dato)) and v.saksnummer in b
            for b in _bilde(nettleser, "vedtak")
        )
    assert [(t, "ersjon 2" in x) for t, x in _steg(nettleser, "vedtatt_alle")] == [
        (v2.vedtatt.isoformat(), True)
    ]
    assert [(t, "ersjon 2" in x) for t, x in _steg(nettleser, "ikraft")] == [
        (v2.ikraft.isoformat(), True)
    ]
    assert any(b.startswith(_dato_kort(v2.vedtatt)) for b in _bilde(nettleser, "vedtatt_alle"))
    assert any(b.startswith(_dato_kort(v2.ikraft)) for b in _bilde(nettleser, "ikraft"))
    # nothing on the page claims v1 was adopted by all or in force
    alle = _bilde(nettleser, "vedtatt_alle") + _bilde(nettleser, "ikraft")
    assert not [b for b in alle if "ersjon 1" in b], alle

    figur = nettleser.find_element(By.CSS_SELECTOR, "figure.tidslinje")
    bilde = skjermbilde(nettleser, "lonn-regnskap-tidslinje", element=figur)
    side = skjermbilde(nettleser, "lonn-regnskap-side")
    assert bilde.stat().st_size > 5_000 and side.stat().st_size > 10_000


@pytest.mark.parametrize(
    "side",
    [
        "index.html",
        "kommuner/5029.html",
        f"avtaler/{LONN}/index.html",
        f"avtaler/{LONN}/v2.html",
        f"avtaler/{LONN}/endringer-v1-v2.html",
        "kontroll.html",
    ],
)
def test_keyboard_reaches_the_skip_link_first_and_shows_the_focus(nettleser, nettsted, side):
    nettleser.get((nettsted.rot / side).as_uri())
    nettleser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    fokus = nettleser.switch_to.active_element
    assert fokus.tag_name == "a", fokus.get_attribute("outerHTML")
    maal = fokus.get_attribute("href").partition("#")[2]
    assert maal and nettleser.find_element(By.ID, maal).tag_name == "main"
    # focus visible: an outline or a shadow, and the link inside the window (not hidden off it)
    stil = nettleser.execute_script(
        "const s = getComputedStyle(arguments[0]), r = arguments[0].getBoundingClientRect();"
        "return {outline: s.outlineStyle, bredde: parseFloat(s.outlineWidth),"
        " skygge: s.boxShadow, top: r.top, venstre: r.left, hoyde: r.height, b: r.width}",
        fokus,
    )
    synlig = (stil["outline"] != "none" and stil["bredde"] > 0) or stil["skygge"] != "none"
    assert synlig, stil
    assert stil["top"] >= 0 and stil["venstre"] >= 0 and stil["hoyde"] > 5 and stil["b"] > 5, stil
    # Enter follows it: the main content has the focus, so the next Tab starts there
    fokus.send_keys(Keys.ENTER)
    assert nettleser.execute_script("return location.hash") == f"#{maal}"
    assert nettleser.switch_to.active_element.get_attribute("id") == maal


def test_screenshots_of_the_start_page_and_a_municipality(nettleser, nettsted, skjermbilde):
    nettleser.get((nettsted.rot / "index.html").as_uri())
    assert nettleser.find_element(By.TAG_NAME, "h1").text
    start = skjermbilde(nettleser, "startside")
    nettleser.get((nettsted.rot / "kommuner" / f"{SKAUN}.html").as_uri())
    assert "Skaun" in nettleser.find_element(By.TAG_NAME, "h1").text
    kommune = skjermbilde(nettleser, f"kommune-{SKAUN}")
    assert start.stat().st_size > 10_000 and kommune.stat().st_size > 10_000
