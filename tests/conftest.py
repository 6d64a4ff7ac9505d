"""What every test area shares: what the default run leaves to CI, the Hypothesis profiles, external
programs, PDF/A, the xdist groups and the demo's archive.

The default run and CI: `./run test` is the run a developer makes many times a day, in at most three
minutes on two cores (about two); CI (`CI` set, as .ci/run does) and `./run test --alle` run every
test. The default run leaves out the tests that need a whole program running beside ours
(`_BARE_I_CI` names them and the default-run tests that cover the same behaviour of our code): a
real `prefect server` (marker `server`); Prefect's test harness and a fresh Prefect database (marker
`prefect`, or the `prefect_harness` fixture: a Prefect API server in a child process, for the
flows); LibreOffice (the tests that convert to PDF/A or open a document); a real browser (Chromium,
the tests in tests/nettleser); the wheel built and installed in a fresh virtual environment
(`pakke`); and single tests marked `ci("...")`, whose argument names the default-run tests that
cover the same behaviour. The flows are thin, and what they decide is tested through the plain
functions they call; the harness adds what only Prefect shows (a run's state, artifacts, logs, tags,
no retry after a refusal). The header line says what was left out, the summary how many. A test file
or folder named on the command line runs whole (`./run test tests/flows` after a change to flows/).
Nothing is skipped to hide a failure: a left-out test is deselected, and in CI nothing is left out.

Hypothesis: the profile «rask» (the default) keeps the everyday run short; «grundig» tries ten
times as many examples and is what CI runs (`CI` set, or `HYPOTHESIS_PROFILE=grundig`). A test
sets no `max_examples` of its own, so the profile decides.

External programs: a test marked `requires_tool("soffice")` is skipped on a developer's machine
without LibreOffice, so the rest of the suite still runs there; in CI (`CI` set) a missing program
fails the test instead, because CI must never pass a check it did not run.

PDF/A: archiving a version converts its .docx with LibreOffice (seconds per call, and every
template change makes new bytes to convert). The default run leaves the tests that convert to CI
(kind «libreoffice» above) and runs the rest with `AVTALE_PDFA=nei`, except the tests marked
`pdfa` (they read why no PDF/A was made, which `AVTALE_PDFA=nei` would change) and every test
that shares a fixture with one of them, so a shared archive is always built the same way. A run
that names a test file or folder runs its conversions too. CI converts everywhere; an
`AVTALE_PDFA` set by the caller is left as it is.

xdist groups: tests that share a session- or module-scoped fixture of ours (the Prefect harness,
the demo's archive, the revision scenario) are sent to the same worker, so that fixture is built
once per run and not once per worker (`./run test` uses `--dist loadgroup`).

Order: xdist hands out the tests in collection order (`--no-loadscope-reorder`), so the longest
go first and a long test never starts last, when the other workers would sit idle. The real
Prefect server's tests start first (they mostly wait, beside the others' work); then each xdist
group or single test by how long it took in the last run (setup and teardown included; pytest's
cache, `.pytest_cache/`, keeps the figures); a test without a figure, as on a fresh clone, counts
by its kind: a group before a slow-marked test before the rest.
"""

from __future__ import annotations

import os
import shutil
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import settings

if TYPE_CHECKING:
    from demo import DemoResultat

settings.register_profile("rask", max_examples=30, deadline=None)
settings.register_profile("grundig", max_examples=300, deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("grundig" if os.environ.get("CI") else "rask")
)

# What the default run leaves to CI, by kind: what the tests need, and which default-run tests
# cover the behaviour of our code they check (the real program's side is what only CI adds).
_BARE_I_CI: dict[str, tuple[str, str]] = {
    "prefect": (
        "Prefect (harnessen og en ny database)",
        # the flows are thin: what they decide is the plain functions' (the advance step and the
        # lifecycle as fremdrift_direkte/livslop_direkte through the legal-fact table, the forms'
        # parsing and answers, the service layer the forms and the CLI share); what the harness
        # adds is Prefect's side (states, artifacts, logs, tags, retries, variables). A fresh
        # Prefect home's migration (test_runtime) is Prefect's migrations behind our two calls;
        # the settings those calls make are checked in the default run. `./run test tests/flows`
        # runs them all
        "tests/flows/test_fakta_tilfeller.py, tests/flows/test_fremdrift.py, "
        "tests/flows/test_skjema.py, tests/flows/test_runtime.py, tests/tjenester",
    ),
    "server": (
        "ekte prefect server",
        # test_server (calendar → scheduled runs): the plan in tests/flows/test_planlegging.py;
        # test_varsler (automations → webhook): tests/oppgaver/test_hendelser.py;
        # test_utrulling's deploy/worker test: its prefect.yaml test and test_planlegging; the
        # CLI demo under local Prefect (tests/eksempler/test_demo.py): the demo itself and the
        # local runtime's settings (test_runtime). The harness runs the flows beside them in CI.
        "tests/flows/test_planlegging.py, tests/oppgaver, tests/flows/test_runtime.py",
    ),
    "libreoffice": (
        "LibreOffice",
        # what our code does around PDF/A without converting: an archive without LibreOffice
        # keeps the docx and says so, a version gets its PDF/A at its next event, the structure
        # check refuses a plain PDF (tests/noark5/test_pdfa.py), the uttrekk without PDF/A
        # (test_noark5); the conversions themselves and what hosts do with each other's PDF/A
        # (tests/arkiv/test_fjern_pdfa.py, test_pdfa_merknad.py) run in CI, or named
        "tests/noark5/test_pdfa.py, tests/noark5/test_noark5.py",
    ),
    "nettleser": (
        "nettleser (Chromium)",
        # test_nettsted: the same site parsed in-process in tests/nettsted/test_nettsted.py
        # (every link and anchor, the accessibility rules, downloads, the timeline);
        # test_prefect_skjema: the form models and their answers (tests/flows/test_skjema.py,
        # test_samme_regler.py); test_verktoy checks the browser tools themselves
        "tests/nettsted, tests/flows/test_skjema.py, tests/flows/test_samme_regler.py",
    ),
    "pakke": (
        "hjulet bygget og installert",
        # the commands and the working folder from the checkout: tests/pakke/test_kommandoer.py,
        # tests/pakke/test_arbeidsmappe.py; package data by importlib.resources everywhere
        "tests/pakke",
    ),
    "ci": ("enkelttester merket ci", "se markørens argument"),
}
_SHARED_SCOPES = ("session", "package", "module")
_SLOW_MARKERS = ("slow", "server", "pakke", "prefect")
_DURATIONS = "avtaleflyt/varighet"  # pytest cache key: seconds per test id in the last run
# what a test without a figure counts as: a group, a slow-marked test, any other test
_GUESS_GROUP, _GUESS_SLOW, _GUESS_OTHER = 30.0, 10.0, 0.2
_UTELATT = "avtaleflyt_utelatt"  # xdist workeroutput key: the left-out tests per kind
_measured: defaultdict[str, float] = defaultdict(float)
_left_out: Counter[str] = Counter()
_pdfa_on: pytest.StashKey[bool] = pytest.StashKey()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--alle",
        action="store_true",
        default=bool(os.environ.get("CI")),
        help="kjør alt, også det bare CI kjører (Prefect-harnessen, ekte prefect server, "
        "nettleser, hjulet, testene merket ci); CI gjør det alltid",
    )


def _run_all(config: pytest.Config) -> bool:
    return bool(config.getoption("--alle"))


def pytest_report_header(config: pytest.Config) -> str:
    profil = settings.get_current_profile_name()
    if _run_all(config):
        return f"avtaleflyt: alle testene kjøres (som i CI); Hypothesis-profil «{profil}»"
    utelatt = ", ".join(hva for hva, _ in _BARE_I_CI.values())
    return (
        f"avtaleflyt: standardkjøringen utelater det bare CI kjører ({utelatt}) og lager ikke "
        f"PDF/A utenfor PDF/A-testene; `./run test --alle` kjører alt; "
        f"Hypothesis-profil «{profil}»"
    )


def _named_on_command_line(config: pytest.Config, path: Path) -> bool:
    """True when an argument names this test file or its folder (not just tests/ as a whole)."""
    for arg in config.args:
        named = Path(arg.split("::")[0]).resolve()
        if named in (path, path.parent):
            return True
    return False


def _ci_only(item: pytest.Item) -> str | None:
    """The kind in `_BARE_I_CI` this test belongs to, or None when the default run has it."""
    verktoy = {navn for m in item.iter_markers("requires_tool") for navn in m.args}
    if "chromium" in verktoy:
        return "nettleser"
    if "soffice" in verktoy:
        return "libreoffice"
    for kind in ("server", "pakke", "ci"):
        if item.get_closest_marker(kind):
            return kind
    if item.get_closest_marker("prefect") or "prefect_harness" in getattr(item, "fixturenames", ()):
        return "prefect"
    return None


def _needs_pdfa(item: pytest.Item) -> bool:
    """A test of PDF/A: it converts with LibreOffice, or is marked `pdfa` (it reads the reason
    no PDF/A was made, which `AVTALE_PDFA=nei` would change)."""
    if item.get_closest_marker("pdfa"):
        return True
    return any("soffice" in m.args for m in item.iter_markers("requires_tool"))


@pytest.hookimpl(tryfirst=True)  # before pytest sets up the test's fixtures
def pytest_runtest_setup(item: pytest.Item) -> None:
    if _pdfa_on in item.stash:
        if item.stash[_pdfa_on]:
            os.environ.pop("AVTALE_PDFA", None)
        else:
            os.environ["AVTALE_PDFA"] = "nei"
    for marker in item.iter_markers("requires_tool"):
        missing = [name for name in marker.args if shutil.which(name) is None]
        if not missing:
            continue
        text = f"{', '.join(missing)} er ikke installert"
        if os.environ.get("CI"):
            pytest.fail(f"{text}: CI skal ha alle verktøyene (se .ci/run)", pytrace=False)
        pytest.skip(f"{text} (CI kjører testen)")


def _shared_fixtures(item: pytest.Item) -> list[str]:
    """Our own fixtures of this test with a wider scope than the test: built once, then shared."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return []
    names = []
    for name, defs in info.name2fixturedefs.items():
        fixturedef = defs[-1]
        if fixturedef.scope in _SHARED_SCOPES and fixturedef.baseid.startswith("tests"):
            names.append(f"{fixturedef.baseid}::{name}")
    return names


def _leave_out_ci_only(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect what only CI runs (`_BARE_I_CI`), unless `--alle` or its file is named."""
    if _run_all(config):
        return
    kept, left_out = [], []
    for item in items:
        kind = _ci_only(item)
        if kind is None or _named_on_command_line(config, item.path):
            kept.append(item)
        else:
            left_out.append(item)
            _left_out[kind] += 1
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave out what only CI runs; group tests that share an expensive fixture (a union of
    fixtures that occur together, so a test needing two of them joins both groups' one worker);
    decide PDF/A per group; then put them in order, longest first (`_longest_first`)."""
    _leave_out_ci_only(config, items)
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    shared = {item.nodeid: _shared_fixtures(item) for item in items}
    for names in shared.values():
        for other in names[1:]:
            a, b = find(names[0]), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    for item in items:
        if shared[item.nodeid]:
            group = find(shared[item.nodeid][0]).replace("/", ".").replace("::", ".")
            item.add_marker(pytest.mark.xdist_group(group))

    def unit(item: pytest.Item) -> str:
        return find(shared[item.nodeid][0]) if shared[item.nodeid] else item.nodeid

    if not _run_all(config) and "AVTALE_PDFA" not in os.environ:
        pdf_units = {unit(item) for item in items if _needs_pdfa(item)}
        for item in items:
            item.stash[_pdfa_on] = unit(item) in pdf_units

    _longest_first(config, items, shared, unit)


def _longest_first(
    config: pytest.Config,
    items: list[pytest.Item],
    shared: dict[str, list[str]],
    unit: Callable[[pytest.Item], str],
) -> None:
    """Sort the tests: the real server's tests, then each unit xdist hands out (a group, or a
    single test) by its seconds in the last run, longest first; collection order breaks ties."""
    cache = getattr(config, "cache", None)  # absent with -p no:cacheprovider
    last: dict[str, float] = cache.get(_DURATIONS, {}) if cache is not None else {}

    def seconds(item: pytest.Item) -> float:
        if item.nodeid in last:
            return last[item.nodeid]
        if shared[item.nodeid]:
            return _GUESS_GROUP
        slow = any(item.get_closest_marker(m) for m in _SLOW_MARKERS)
        return _GUESS_SLOW if slow else _GUESS_OTHER

    # a group is handed out as one unit: it counts with the sum of its tests
    per_unit: defaultdict[str, float] = defaultdict(float)
    for item in items:
        per_unit[unit(item)] += seconds(item)
    position = {item.nodeid: i for i, item in enumerate(items)}

    def order(item: pytest.Item) -> tuple[int, float, int]:
        first = 0 if item.get_closest_marker("server") else 1
        return (first, -per_unit[unit(item)], position[item.nodeid])

    items.sort(key=order)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Add up each test's setup, call and teardown (under xdist the controller gets them all,
    with xdist's `@group` after the test id)."""
    base, at, group = report.nodeid.rpartition("@")
    plain = at and not any(c in group for c in "[]:/")
    _measured[base if plain else report.nodeid] += report.duration


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Keep this run's figures for the next run's order (the controller or a run without xdist;
    figures of tests not run this time stay). A worker sends its count of left-out tests."""
    workeroutput: dict[str, Any] | None = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput[_UTELATT] = dict(_left_out)
        return
    cache = getattr(session.config, "cache", None)
    if cache is None or not _measured:
        return
    figures = {**cache.get(_DURATIONS, {}), **{k: round(v, 2) for k, v in _measured.items()}}
    cache.set(_DURATIONS, figures)


@pytest.hookimpl(optionalhook=True)  # an xdist hook: absent with -p no:xdist
def pytest_testnodedown(node: Any, error: object) -> None:
    """Every worker collected the same tests: the first one's count of left-out tests stands."""
    if not _left_out:
        _left_out.update(getattr(node, "workeroutput", {}).get(_UTELATT, {}))


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if not _left_out:
        return
    deler = ", ".join(f"{_BARE_I_CI[k][0]}: {n}" for k, n in sorted(_left_out.items()))
    terminalreporter.write_line(
        f"avtaleflyt: {sum(_left_out.values())} tester kjøres bare i CI ({deler}); "
        "`./run test --alle` kjører dem her"
    )


@pytest.hookimpl(trylast=True)  # after xdist has named the groups
def pytest_collection_finish(session: pytest.Session) -> None:
    """Stop when xdist could not group the tests: each worker would build every shared fixture."""
    if not getattr(session.config.option, "loadgroup", False):
        return
    for item in session.items:
        if item.get_closest_marker("xdist_group") and "@" not in item.nodeid:
            raise pytest.UsageError(
                "pytest-xdist kunne ikke gruppere testene med denne pytest-versjonen; "
                "bruk versjonene i constraints.txt"
            )


@pytest.fixture(scope="session")
def gauldal_demo(tmp_path_factory: pytest.TempPathFactory) -> DemoResultat:
    """The demo over the whole Gauldal example (without Prefect, into an archive of its own), run
    once per test run: the examples' tests, the Noark 5 uttrekk and the register read it, and
    none of them changes it (each writes what it makes into its own folder)."""
    from demo import kjor_demo  # deferred: a run's controller never builds it (docx, jinja2, git)

    rot = tmp_path_factory.mktemp("gauldal-demo")
    return kjor_demo(rot / "ut", rot / "arkiv")
