"""What every test area shares: the Hypothesis profiles, external programs, and the xdist groups.

Hypothesis: the profile «rask» (the default) keeps the everyday run short; «grundig» tries ten
times as many examples and is what CI runs (`HYPOTHESIS_PROFILE=grundig`, set in .ci/run). A test
sets no `max_examples` of its own, so the profile decides.

External programs: a test marked `requires_tool("soffice")` is skipped on a developer's machine
without LibreOffice, so the rest of the suite still runs there; in CI (`CI` set) a missing program
fails the test instead, because CI must never pass a check it did not run.

The wheel: the tests marked `pakke` build the wheel and install it with all its dependencies in a
fresh virtual environment, minutes of work that says nothing about the code's behaviour that the
rest of the suite does not. They run in CI (`CI` set), with `--wheel`, or when named on the
command line (`./run test tests/pakke/test_wheel.py`); an everyday `./run test` leaves them out.

xdist groups: tests that share a session- or module-scoped fixture of ours (the Prefect harness,
the demo's archive, the revision scenario, the installed wheel) are sent to the same worker, so
that fixture is built once per run and not once per worker (`./run test` uses `--dist loadgroup`).

Order: xdist hands out the tests in collection order (`--no-loadscope-reorder`), so the longest
go first and a long test never starts last, when the other workers would sit idle. The real
Prefect server's test starts first (it mostly waits, beside the others' work); then each xdist
group or single test by how long it took in the last run (setup and teardown included; pytest's
cache, `.pytest_cache/`, keeps the figures); a test without a figure, as on a fresh clone, counts
by its kind: a group before a slow-marked test before the rest.
"""

from __future__ import annotations

import os
import shutil
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("rask", max_examples=30, deadline=None)
settings.register_profile("grundig", max_examples=300, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "rask"))

_SHARED_SCOPES = ("session", "package", "module")
_SLOW_MARKERS = ("slow", "server", "pakke", "prefect")
_DURATIONS = "avtaleflyt/varighet"  # pytest cache key: seconds per test id in the last run
# what a test without a figure counts as: a group, a slow-marked test, any other test
_GUESS_GROUP, _GUESS_SLOW, _GUESS_OTHER = 30.0, 10.0, 0.2
_measured: defaultdict[str, float] = defaultdict(float)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--wheel",
        action="store_true",
        default=bool(os.environ.get("CI")),
        help="bygg og installer hjulet også (testene merket pakke); CI gjør det alltid",
    )


def _named_on_command_line(config: pytest.Config, path: Path) -> bool:
    """True when an argument names this test file or its folder (not just tests/ as a whole)."""
    for arg in config.args:
        named = Path(arg.split("::")[0]).resolve()
        if named in (path, path.parent):
            return True
    return False


def pytest_runtest_setup(item: pytest.Item) -> None:
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


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave out the wheel tests unless asked; group tests that share an expensive fixture (a
    union of fixtures that occur together, so a test needing two of them joins both groups' one
    worker); then put them in order, longest first (`_longest_first`)."""
    if not config.getoption("--wheel"):
        kept, wheel = [], []
        for item in items:
            wanted = not item.get_closest_marker("pakke") or _named_on_command_line(
                config, item.path
            )
            (kept if wanted else wheel).append(item)
        if wheel:
            config.hook.pytest_deselected(items=wheel)
            items[:] = kept
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

    _longest_first(config, items, shared, find)


def _longest_first(
    config: pytest.Config,
    items: list[pytest.Item],
    shared: dict[str, list[str]],
    find: Callable[[str], str],
) -> None:
    """Sort the tests: the real server's test, then each unit xdist hands out (a group, or a
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
    unit = {
        item.nodeid: find(shared[item.nodeid][0]) if shared[item.nodeid] else item.nodeid
        for item in items
    }
    per_unit: defaultdict[str, float] = defaultdict(float)
    for item in items:
        per_unit[unit[item.nodeid]] += seconds(item)
    position = {item.nodeid: i for i, item in enumerate(items)}

    def order(item: pytest.Item) -> tuple[int, float, int]:
        first = 0 if item.get_closest_marker("server") else 1
        return (first, -per_unit[unit[item.nodeid]], position[item.nodeid])

    items.sort(key=order)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Add up each test's setup, call and teardown (under xdist the controller gets them all,
    with xdist's `@group` after the test id)."""
    base, at, group = report.nodeid.rpartition("@")
    plain = at and not any(c in group for c in "[]:/")
    _measured[base if plain else report.nodeid] += report.duration


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Keep this run's figures for the next run's order (the controller or a run without xdist;
    figures of tests not run this time stay)."""
    cache = getattr(session.config, "cache", None)
    if cache is None or hasattr(session.config, "workerinput") or not _measured:
        return
    figures = {**cache.get(_DURATIONS, {}), **{k: round(v, 2) for k, v in _measured.items()}}
    cache.set(_DURATIONS, figures)


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
