"""One archive shared by several hosts (issue 15 item 3): real git repositories on this machine,
a bare repository as the municipality's git server and two hosts' archives sharing through it.
No mocks: the race is real (processes), the refusals are git's own."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from avtaleflyt.arkiv import Arkiv, ArkivAvvist, ArkivFeil, ArkivSkadet
from avtaleflyt.arkiv.fjern import FJERN_CONFIG, hent_arkiv, koble
from avtaleflyt.arkiv.verifiser import verifiser
from tests.arkiv import arkivdata
from tests.arkiv.arkivdata import git
from tests.grundighet import antall


class Krasj(Exception):
    """Stands for the process dying right after a named step."""


def server(sti: Path) -> Path:
    """The shared bare repository, set up as docs/arkiv-deling.md tells an operator to."""
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(sti)], check=True)
    git(sti, "config", "receive.denyNonFastForwards", "true")
    git(sti, "config", "receive.denyDeletes", "true")
    return sti


def vert(sti: Path, fjern: Path) -> Arkiv:
    """A host's archive that shares through `fjern`."""
    arkiv = Arkiv(sti)
    arkiv.opprett()
    with arkiv.repo() as repo:
        koble(repo, str(fjern))
    return arkiv


@pytest.fixture
def fjern(tmp_path: Path) -> Path:
    return server(tmp_path / "fjern.git")


@pytest.fixture
def a(tmp_path: Path, fjern: Path) -> Arkiv:
    return vert(tmp_path / "a", fjern)


@pytest.fixture
def b(tmp_path: Path, fjern: Path) -> Arkiv:
    return vert(tmp_path / "b", fjern)


def hendelse_ider(sti: Path, ref: str = "HEAD") -> list[str]:
    ut = git(sti, "log", "--format=%(trailers:key=Hendelse-Id,valueonly)", ref)
    return [linje.strip() for linje in ut.splitlines() if linje.strip()]


def tagger(sti: Path) -> dict[str, str]:
    ut = git(sti, "for-each-ref", "--format=%(refname:strip=2) %(objectname)", "refs/tags/")
    return dict(linje.split() for linje in ut.splitlines())


def rent(*steder: Path) -> None:
    for sted in steder:
        assert verifiser(sted, rerender=arkivdata.gjengi) == [], sted


def test_a_write_appends_on_the_remote_head_and_pushes_commit_and_tag(
    a: Arkiv, b: Arkiv, fjern: Path
) -> None:
    fra_a = a.arkiver(arkivdata.hendelse("avtale-a"))
    fra_b = b.arkiver(arkivdata.hendelse("avtale-b"))

    assert git(fjern, "rev-list", "main").split() == [fra_b, fra_a]
    assert git(b.sti, "rev-parse", "HEAD").strip() == fra_b
    assert tagger(fjern) == tagger(b.sti)
    assert set(tagger(fjern)) == {"avtale-a/v1/vedtatt", "avtale-b/v1/vedtatt"}
    assert (b.sti / "avtale-a" / "avtale.json").is_file()  # the view follows the fetch
    assert hent_arkiv(a.sti) is True
    assert git(a.sti, "rev-parse", "HEAD").strip() == fra_b
    rent(a.sti, b.sti, fjern)


def test_the_same_event_on_two_hosts_is_one_commit_and_one_tag(
    a: Arkiv, b: Arkiv, fjern: Path
) -> None:
    h = arkivdata.hendelse("felles")
    forste = a.arkiver(h)
    assert b.arkiver(h) == forste  # adopted, not written again
    assert hendelse_ider(fjern, "main") == [h.hendelse_id]
    assert tagger(a.sti) == tagger(b.sti) == tagger(fjern)
    rent(a.sti, b.sti, fjern)


def test_a_different_event_for_the_same_legal_fact_is_refused_naming_both(
    a: Arkiv, b: Arkiv, fjern: Path
) -> None:
    a.arkiver(arkivdata.hendelse("felles", dato=dt.date(2026, 4, 23)))
    annen = arkivdata.hendelse("felles", dato=dt.date(2026, 4, 24))
    with pytest.raises(ArkivAvvist) as feil:
        b.arkiver(annen)
    tekst = str(feil.value)
    assert "har allerede «vedtatt» for «felles» versjon 1" in tekst
    assert "juridisk dato 2026-04-23" in tekst and "juridisk dato 2026-04-24" in tekst
    assert annen.hendelse_id in tekst and "Ingenting er arkivert" in tekst
    assert len(hendelse_ider(fjern, "main")) == 1
    rent(a.sti, b.sti, fjern)


def test_a_mirror_is_a_plain_clone_that_verify_checks_on_its_own(
    a: Arkiv, fjern: Path, tmp_path: Path
) -> None:
    a.arkiver(arkivdata.hendelse("avtale-a"))
    a.arkiver(arkivdata.hendelse("avtale-a", type_="signert", dato=dt.date(2026, 5, 2)))
    speil = tmp_path / "speil-5028"
    subprocess.run(["git", "clone", "-q", str(fjern), str(speil)], check=True)
    rent(speil)
    assert not (speil / ".git" / "avtaleflyt").exists()  # verify wrote nothing into the mirror
    # a rewrite on the server does not reach the mirror: a pull refuses it, the mirror stays clean
    git(fjern, "config", "receive.denyNonFastForwards", "false")
    git(a.sti, "push", "-q", "--force", str(fjern), "HEAD~1:refs/heads/main")
    assert git(speil, "pull", "-q", "--ff-only", sjekk=False) == ""
    assert git(speil, "rev-parse", "HEAD").strip() == git(a.sti, "rev-parse", "HEAD").strip()
    rent(speil)


def test_a_rewound_remote_is_restored_from_a_host_and_a_rewritten_one_stops_it(
    a: Arkiv, fjern: Path, tmp_path: Path
) -> None:
    a.arkiver(arkivdata.hendelse("avtale-a"))
    a.arkiver(arkivdata.hendelse("avtale-b"))
    git(fjern, "config", "receive.denyNonFastForwards", "false")
    git(a.sti, "push", "-q", "--force", str(fjern), "HEAD~1:refs/heads/main")
    a.arkiver(arkivdata.hendelse("avtale-c"))  # the host's history goes back first, then c
    assert len(hendelse_ider(fjern, "main")) == 3

    tukler = tmp_path / "tukler"
    subprocess.run(["git", "clone", "-q", str(fjern), str(tukler)], check=True)
    git(tukler, "reset", "-q", "--hard", "HEAD~1")
    git(tukler, "commit", "-q", "--allow-empty", "-m", "omskrevet")
    git(tukler, "push", "-q", "--force", "origin", "HEAD:main")
    for_ = git(a.sti, "rev-parse", "HEAD")
    with pytest.raises(ArkivSkadet, match=r"ulik historikk.*Ingenting er arkivert"):
        a.arkiver(arkivdata.hendelse("avtale-d"))
    assert git(a.sti, "rev-parse", "HEAD") == for_


def test_an_unreachable_remote_archives_nothing(a: Arkiv, tmp_path: Path) -> None:
    with a.repo() as repo:
        koble(repo, str(tmp_path / "finnes-ikke.git"))
    with pytest.raises(ArkivFeil, match=r"kunne ikke hentes.*ingenting er arkivert"):
        a.arkiver(arkivdata.hendelse("avtale-a"))
    assert git(a.sti, "rev-parse", "-q", "--verify", "HEAD", sjekk=False) == ""


def test_a_remote_named_in_the_config_but_missing_is_a_clear_error(a: Arkiv) -> None:
    git(a.sti, "config", FJERN_CONFIG, "kommunen")
    with pytest.raises(ArkivFeil, match=r"«kommunen».*git remote add kommunen URL"):
        a.arkiver(arkivdata.hendelse("avtale-a"))


def test_an_existing_archive_is_published_whole_on_its_first_shared_write(
    tmp_path: Path, fjern: Path
) -> None:
    lokal = Arkiv(tmp_path / "lokal")
    forste = lokal.arkiver(arkivdata.hendelse("avtale-a"))
    with lokal.repo() as repo:
        koble(repo, str(fjern))
    andre = lokal.arkiver(arkivdata.hendelse("avtale-b"))
    assert git(fjern, "rev-list", "main").split() == [andre, forste]
    assert set(tagger(fjern)) == {"avtale-a/v1/vedtatt", "avtale-b/v1/vedtatt"}
    rent(lokal.sti, fjern)


def test_a_host_starting_empty_takes_the_shared_history(
    a: Arkiv, fjern: Path, tmp_path: Path
) -> None:
    a.arkiver(arkivdata.hendelse("avtale-a"))
    ny = vert(tmp_path / "ny", fjern)
    assert hent_arkiv(ny.sti) is True
    assert [e.hendelse for e in ny.hendelser("avtale-a")] == ["vedtatt"]
    assert tagger(ny.sti) == tagger(fjern)
    rent(ny.sti)


def test_two_hosts_tagging_the_same_event_end_with_one_tag(a: Arkiv, b: Arkiv, fjern: Path) -> None:
    """A host dies after pushing an event's commit but before its tag: each host then tags the
    event itself (`tagg_avbrutte`), so two tag objects of one name exist. The first pushed stands;
    the other host replaces its own with it and journals that."""
    h = arkivdata.hendelse("avtale-a")

    def krasj(navn: str) -> None:
        if navn == "ref":
            raise Krasj(navn)

    with pytest.raises(Krasj):
        Arkiv(a.sti, steg=krasj).arkiver(h)
    assert git(fjern, "tag") == ""  # the commit is shared, the tag is not
    hent_arkiv(b.sti)  # b adopts the commit and tags it
    hent_arkiv(a.sti)  # a completes its event and tags it too
    assert tagger(a.sti) != tagger(b.sti)
    hent_arkiv(b.sti)  # b's tag goes to the server first
    hent_arkiv(a.sti)  # a finds the server's tag and takes it
    assert tagger(a.sti) == tagger(b.sti) == tagger(fjern)
    assert len(tagger(fjern)) == 1
    assert a.arkiver(h) == b.arkiver(h)
    rent(a.sti, b.sti, fjern)


def vert_i_prosess(vert_sti: Path, avtaler: list[str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.arkiv.fjern_prosess", str(vert_sti), *avtaler],
        cwd=arkivdata.ROT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_hosts_archiving_concurrently_lose_nothing_and_double_nothing(
    a: Arkiv, b: Arkiv, fjern: Path, tmp_path: Path
) -> None:
    """Two hosts, each in a process of its own, archive at the same time for several rounds:
    each round (four; two in the everyday run) an event of each host's own and one event both
    archive. The server ends with
    every event once and one tag each, in a linear history both hosts share, and both hosts got
    the same commit for each shared event; verify is clean on both hosts, the server and a
    mirror."""
    runder = antall(rask=2, grundig=4)
    egne = {v: [f"{v}-{r}" for r in range(runder)] for v in ("a", "b")}
    felles = [f"felles-{r}" for r in range(runder)]
    jobber = {
        v: vert_i_prosess(arkiv.sti, [x for r in range(runder) for x in (egne[v][r], felles[r])])
        for v, arkiv in (("a", a), ("b", b))
    }
    svar = {v: p.communicate(timeout=600) for v, p in jobber.items()}
    assert {v: p.returncode for v, p in jobber.items()} == {"a": 0, "b": 0}, svar
    commits = {v: dict(linje.split() for linje in ut.splitlines()) for v, (ut, _) in svar.items()}
    assert [commits["a"][f] for f in felles] == [commits["b"][f] for f in felles]

    alle = egne["a"] + egne["b"] + felles
    ider = hendelse_ider(fjern, "main")
    assert len(ider) == len(set(ider)) == len(alle)
    assert set(ider) == {arkivdata.hendelse(i).hendelse_id for i in alle}
    assert git(fjern, "rev-list", "--merges", "main") == ""
    assert set(tagger(fjern)) == {f"{i}/v1/vedtatt" for i in alle}
    for vert_ in (a, b):
        hent_arkiv(vert_.sti)
        assert git(vert_.sti, "rev-parse", "HEAD") == git(fjern, "rev-parse", "main")
        assert tagger(vert_.sti) == tagger(fjern)
        assert git(vert_.sti, "status", "--porcelain", "--untracked-files=all") == ""
    speil = tmp_path / "speil"
    subprocess.run(["git", "clone", "-q", str(fjern), str(speil)], check=True)
    rent(a.sti, b.sti, fjern, speil)


def test_two_hosts_racing_with_different_events_for_one_fact_keep_one_and_name_both(
    a: Arkiv, b: Arkiv, fjern: Path
) -> None:
    """Both hosts write «vedtatt» for the same version at the same time, with different legal
    dates (the records differ between the hosts): one is archived, the other refused, naming
    the archived event and its own."""
    jobber = [
        vert_i_prosess(a.sti, ["felles@2026-04-23"]),
        vert_i_prosess(b.sti, ["felles@2026-04-24"]),
    ]
    svar = [p.communicate(timeout=300) for p in jobber]
    koder = sorted(p.returncode for p in jobber)
    assert koder[0] == 0 and koder[1] != 0, svar
    feil = next(e for p, (_, e) in zip(jobber, svar, strict=True) if p.returncode)
    assert "har allerede «vedtatt» for «felles» versjon 1" in feil
    assert "juridisk dato 2026-04-23" in feil and "juridisk dato 2026-04-24" in feil
    assert len(hendelse_ider(fjern, "main")) == 1
    for vert_ in (a, b):
        hent_arkiv(vert_.sti)
    rent(a.sti, b.sti, fjern)


def test_a_tag_made_by_hand_on_a_host_stays_there(a: Arkiv, fjern: Path) -> None:
    a.arkiver(arkivdata.hendelse("avtale-a"))
    git(a.sti, "tag", "-a", "-m", "notat", "mitt-notat")
    a.arkiver(arkivdata.hendelse("avtale-b"))
    assert set(tagger(fjern)) == {"avtale-a/v1/vedtatt", "avtale-b/v1/vedtatt"}
