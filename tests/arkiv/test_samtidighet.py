"""Several archiver processes on one repository at once."""

from __future__ import annotations

import subprocess

from avtaleflyt.arkiv import Arkiv
from avtaleflyt.arkiv.verifiser import verifiser
from tests.arkiv import arkivdata
from tests.arkiv.arkivdata import git
from tests.grundighet import antall

PROSESSER = antall(rask=4, grundig=10)


def test_parallel_archivers_lose_nothing_and_history_is_linear(arkivsti):
    """Ten processes (four in the everyday run) start together on a repository that does not
    exist yet (so creation races too); each archives two events of its own agreement."""
    ider = [f"avtale-{i:02d}" for i in range(PROSESSER)]
    forste = [
        subprocess.Popen(
            arkivdata.arkiver_kommando(str(arkivsti), i, "vedtatt"),
            cwd=arkivdata.ROT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in ider
    ]
    ut = [p.communicate(timeout=180) for p in forste]
    assert [p.returncode for p in forste] == [0] * PROSESSER, [e for _, e in ut]
    andre = [
        subprocess.Popen(
            arkivdata.arkiver_kommando(str(arkivsti), i, "opphort"),
            cwd=arkivdata.ROT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in ider
    ]
    ut2 = [p.communicate(timeout=180) for p in andre]
    assert [p.returncode for p in andre] == [0] * PROSESSER, [e for _, e in ut2]

    commits = git(arkivsti, "rev-list", "HEAD").split()
    assert len(commits) == 2 * PROSESSER
    assert git(arkivsti, "rev-list", "--merges", "HEAD") == ""
    assert git(arkivsti, "rev-list", "--first-parent", "HEAD").split() == commits
    arkiv = Arkiv(arkivsti)
    for i in ider:
        assert [e.hendelse for e in arkiv.hendelser(i)] == ["vedtatt", "opphort"]
        ventet = {arkivdata.hendelse(i, type_=t).hendelse_id for t in ("vedtatt", "opphort")}
        assert {e.hendelse_id for e in arkiv.hendelser(i)} == ventet
    assert len(git(arkivsti, "tag").split()) == 2 * PROSESSER
    assert {c for c, _ in (linje.split() for linje in _stdout(ut + ut2))} <= set(commits)
    assert git(arkivsti, "status", "--porcelain", "--untracked-files=all") == ""
    assert verifiser(arkivsti, rerender=arkivdata.gjengi) == []


def _stdout(ut):
    return [f"{o.strip()} x" for o, _ in ut]
