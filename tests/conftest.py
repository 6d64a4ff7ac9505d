"""What every test area shares: the Hypothesis profiles, external programs, and the xdist groups.

Hypothesis: the profile «rask» (the default) keeps the everyday run short; «grundig» tries ten
times as many examples and is what CI runs (`HYPOTHESIS_PROFILE=grundig`, set in .ci/run). A test
sets no `max_examples` of its own, so the profile decides.

External programs: a test marked `requires_tool("soffice")` is skipped on a developer's machine
without LibreOffice, so the rest of the suite still runs there; in CI (`CI` set) a missing program
fails the test instead, because CI must never pass a check it did not run.

xdist groups: tests that share a session- or module-scoped fixture of ours (the Prefect harness,
the demo's archive, the revision scenario, the installed wheel) are sent to the same worker, so
that fixture is built once per run and not once per worker (`./run test` uses `--dist loadgroup`).
The slow tests are collected first so that a long test never starts last.
"""

from __future__ import annotations

import os
import shutil

import pytest
from hypothesis import settings

settings.register_profile("rask", max_examples=30, deadline=None)
settings.register_profile("grundig", max_examples=300, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "rask"))

_SHARED_SCOPES = ("session", "package", "module")
_SLOW_MARKERS = ("slow", "server", "pakke", "prefect")


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


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Group tests that share an expensive fixture (a union of fixtures that occur together, so a
    test needing two of them joins both groups' one worker), and collect the slow tests first."""
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

    def slow(item: pytest.Item) -> bool:
        return bool(shared[item.nodeid]) or any(item.get_closest_marker(m) for m in _SLOW_MARKERS)

    items.sort(key=lambda item: not slow(item))
