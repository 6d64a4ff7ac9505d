"""A record reaches the agreements repository: real git repositories (a bare remote and two
clones, as two workers), no mocks. The clerk is the author, only prosess.yaml is committed, a
push race is replayed and pushed again, and a folder outside git is left alone."""

from __future__ import annotations

import logging
import subprocess
import threading
from pathlib import Path

import pytest
from pydantic import BaseModel

from avtaleflyt.tjenester.avtalerepo import (
    Forfatter,
    Leveringsfeil,
    lever_registrering,
    standardmelding,
)
from avtaleflyt.tjenester.felles import Registrert


class Post(BaseModel):
    """A record's shape as the message reads it (id and the facts that name it)."""

    id: str
    kommune: str
    dato: str


KARI = Forfatter("Kari Nordmann", "kari.nordmann@melhus.kommune.no")
AVTALER = ("lonn", "landbruk", "kart", "arkiv")
OLA = Forfatter("Ola Saksbehandler", "ola@skaun.kommune.no")


def git(sted: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=sted, check=True, capture_output=True, text=True
    ).stdout.strip()


def status(sted: Path) -> set[str]:
    ut = subprocess.run(
        ["git", "status", "--porcelain"], cwd=sted, check=True, capture_output=True, text=True
    ).stdout
    return set(ut.splitlines())


def klon(fjern: Path, sti: Path, *, identitet: str | None = "arbeider") -> Path:
    subprocess.run(["git", "clone", "-q", str(fjern), str(sti)], check=True)
    if identitet:
        git(sti, "config", "user.name", identitet)
        git(sti, "config", "user.email", f"{identitet}@drift.invalid")
    return sti


@pytest.fixture
def fjern(tmp_path: Path) -> Path:
    """A bare remote holding two agreements, each with avtale.yaml and prosess.yaml."""
    bar = tmp_path / "avtaler.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(bar)], check=True)
    frø = tmp_path / "fro"
    subprocess.run(["git", "init", "-q", "-b", "main", str(frø)], check=True)
    for avtale in AVTALER:
        mappe = frø / "agreements" / avtale
        mappe.mkdir(parents=True)
        (mappe / "avtale.yaml").write_text(f"id: {avtale}\n")
        (mappe / "prosess.yaml").write_text(f"avtale: {avtale}\nvedtak: []\ndrofting: []\n")
    git(frø, "add", ".")
    git(frø, "-c", "user.name=oppsett", "-c", "user.email=o@x.invalid", "commit", "-qm", "start")
    git(frø, "push", "-q", str(bar), "main")
    return bar


def legg_til(mappe: Path, linje: str) -> None:
    with open(mappe / "prosess.yaml", "a", encoding="utf-8") as f:
        f.write(linje + "\n")


def filer_i(sted: Path, commit: str) -> list[str]:
    return git(
        sted, "diff-tree", "--root", "--no-commit-id", "--name-only", "-r", commit
    ).splitlines()


def test_only_prosess_yaml_is_committed_with_the_clerk_as_author_and_pushed(
    fjern: Path, tmp_path: Path
) -> None:
    a = klon(fjern, tmp_path / "a")
    mappe = a / "agreements" / "lonn"
    legg_til(mappe, "# vedtak-5028 registrert")
    (mappe / "avtale.yaml").write_text("id: lonn\ntittel: endret, men ikke registrert\n")
    (a / "agreements" / "landbruk" / "prosess.yaml").write_text("avtale: landbruk\n# annen\n")
    (a / "annen.txt").write_text("lagt i indeksen av noen andre\n")
    git(a, "add", "annen.txt")

    commit = lever_registrering(mappe, KARI, "lonn: vedtak «vedtak-5028» registrert")

    assert commit == git(a, "rev-parse", "HEAD") == git(fjern, "rev-parse", "main")
    assert filer_i(a, commit) == ["agreements/lonn/prosess.yaml"]
    assert git(a, "log", "-1", "--format=%an <%ae>|%cn|%s") == (
        "Kari Nordmann <kari.nordmann@melhus.kommune.no>|arbeider|"
        "lonn: vedtak «vedtak-5028» registrert"
    )
    assert status(a) == {
        "A  annen.txt",
        " M agreements/landbruk/prosess.yaml",
        " M agreements/lonn/avtale.yaml",
    }


def test_without_a_configured_identity_the_clerk_is_committer_too(
    fjern: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tom = tmp_path / "tom-gitconfig"
    tom.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tom))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for navn in ("NAME", "EMAIL"):
        monkeypatch.delenv(f"GIT_COMMITTER_{navn}", raising=False)
    a = klon(fjern, tmp_path / "a", identitet=None)
    legg_til(a / "agreements" / "lonn", "# post")
    lever_registrering(a / "agreements" / "lonn", "Ola Saksbehandler <ola@skaun.kommune.no>", "m")
    assert git(a, "log", "-1", "--format=%an|%cn|%ce") == (
        "Ola Saksbehandler|Ola Saksbehandler|ola@skaun.kommune.no"
    )


def test_a_push_race_is_replayed_on_the_remote_head_without_touching_local_changes(
    fjern: Path, tmp_path: Path
) -> None:
    a = klon(fjern, tmp_path / "a")
    b = klon(fjern, tmp_path / "b")
    legg_til(a / "agreements" / "lonn", "# fra a")
    fra_a = lever_registrering(a / "agreements" / "lonn", KARI, "lonn: drøfting registrert")
    legg_til(b / "agreements" / "landbruk", "# fra b")
    (b / "agreements" / "lonn" / "avtale.yaml").write_text("id: lonn\n# utkast i arbeid hos b\n")

    fra_b = lever_registrering(b / "agreements" / "landbruk", OLA, "landbruk: vedtak registrert")

    assert fra_b == git(fjern, "rev-parse", "main") == git(b, "rev-parse", "HEAD")
    assert git(fjern, "rev-parse", "main~1") == fra_a  # linear: b's commit on top of a's
    assert git(b, "log", "-1", "--format=%an", fra_b) == "Ola Saksbehandler"
    assert "# fra a" in (b / "agreements" / "lonn" / "prosess.yaml").read_text()
    assert "utkast i arbeid hos b" in (b / "agreements" / "lonn" / "avtale.yaml").read_text()
    assert status(b) == {" M agreements/lonn/avtale.yaml"}


def test_the_same_place_changed_on_both_hosts_is_refused_and_kept_locally(
    fjern: Path, tmp_path: Path
) -> None:
    a = klon(fjern, tmp_path / "a")
    b = klon(fjern, tmp_path / "b")
    legg_til(a / "agreements" / "lonn", "# vedtak fra a")
    lever_registrering(a / "agreements" / "lonn", KARI, "a")
    legg_til(b / "agreements" / "lonn", "# vedtak fra b")
    with pytest.raises(Leveringsfeil) as feil:
        lever_registrering(b / "agreements" / "lonn", OLA, "b")
    tekst = str(feil.value)
    assert "agreements/lonn/prosess.yaml er endret både her" in tekst
    assert "git pull --rebase" in tekst
    assert git(b, "log", "-1", "--format=%s") == "b"  # the record is committed locally
    assert git(fjern, "log", "-1", "--format=%s", "main") == "a"


def test_nothing_new_gives_the_commit_that_already_holds_the_file(
    fjern: Path, tmp_path: Path
) -> None:
    a = klon(fjern, tmp_path / "a")
    legg_til(a / "agreements" / "lonn", "# post")
    forste = lever_registrering(a / "agreements" / "lonn", KARI, "første")
    assert lever_registrering(a / "agreements" / "lonn", KARI, "andre") == forste
    assert git(a, "rev-list", "--count", "HEAD") == "2"


def test_an_unpushed_commit_is_pushed_by_the_next_delivery(fjern: Path, tmp_path: Path) -> None:
    a = klon(fjern, tmp_path / "a")
    git(a, "remote", "set-url", "origin", str(tmp_path / "finnes-ikke.git"))
    legg_til(a / "agreements" / "lonn", "# post")
    with pytest.raises(Leveringsfeil, match="committet lokalt"):
        lever_registrering(a / "agreements" / "lonn", KARI, "lonn: post")
    git(a, "remote", "set-url", "origin", str(fjern))
    assert lever_registrering(a / "agreements" / "lonn", KARI, "igjen") == git(
        fjern, "rev-parse", "main"
    )


def test_without_a_remote_the_record_is_committed_only(tmp_path: Path) -> None:
    repo = tmp_path / "r"
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    mappe = repo / "agreements" / "ny"
    mappe.mkdir(parents=True)
    (mappe / "prosess.yaml").write_text("avtale: ny\n")  # untracked until now
    commit = lever_registrering(mappe, KARI, "ny: første post registrert")
    assert commit == git(repo, "rev-parse", "HEAD")
    assert filer_i(repo, commit) == ["agreements/ny/prosess.yaml"]


def test_a_folder_outside_git_is_left_alone_and_the_log_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    mappe = tmp_path / "utenfor" / "lonn"
    mappe.mkdir(parents=True)
    (mappe / "prosess.yaml").write_text("avtale: lonn\n")
    with caplog.at_level(logging.INFO, logger="avtaleflyt.tjenester.avtalerepo"):
        assert lever_registrering(mappe, KARI, "m") is None
    assert "ligger ikke i et git-repo" in caplog.text
    assert not (tmp_path / "utenfor" / ".git").exists()


def test_a_folder_the_repository_ignores_is_left_alone(
    fjern: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    a = klon(fjern, tmp_path / "a")
    (a / ".gitignore").write_text("/ut/\n")
    mappe = a / "ut" / "arbeid" / "lonn"
    mappe.mkdir(parents=True)
    (mappe / "prosess.yaml").write_text("avtale: lonn\n")
    with caplog.at_level(logging.INFO, logger="avtaleflyt.tjenester.avtalerepo"):
        assert lever_registrering(mappe, KARI, "m") is None
    assert "er ignorert" in caplog.text
    assert git(a, "rev-list", "--count", "HEAD") == "1"


@pytest.mark.parametrize(
    ("forfatter", "ord"),
    [
        ("Kari Nordmann", "«Navn <epost>»"),
        ("Kari\nNordmann <k@x.no>", "én linje"),
        ("Kari <ikke-epost>", "navn@domene"),
    ],
)
def test_a_bad_author_is_refused_before_anything_is_written(
    fjern: Path, tmp_path: Path, forfatter: str, ord: str
) -> None:
    a = klon(fjern, tmp_path / "a")
    legg_til(a / "agreements" / "lonn", "# post")
    for_ = git(a, "rev-parse", "HEAD")
    with pytest.raises(Leveringsfeil, match=ord.replace("<", ".").replace(">", ".")):
        lever_registrering(a / "agreements" / "lonn", forfatter, "m")
    assert git(a, "rev-parse", "HEAD") == for_


def test_standard_message_names_the_record_and_the_agreement(tmp_path: Path) -> None:
    registrert = Registrert(
        post=Post(id="drofting-1", kommune="5028", dato="2026-02-10"),
        liste="drofting",
        indeks=0,
        sti=tmp_path / "lonn" / "prosess.yaml",
        advarsler=[],
    )
    melding = standardmelding(registrert)
    assert melding.splitlines()[0] == "lonn: drøfting «drofting-1» registrert"
    assert "kommune: 5028, dato: 2026-02-10" in melding
    assert "Avtale-Id: lonn" in melding and "Post: drofting/drofting-1" in melding


def test_two_workers_recording_concurrently_lose_nothing(fjern: Path, tmp_path: Path) -> None:
    """Two clones, each with two flows recording into different agreements at the same time, for
    several rounds: every record reaches the remote, once, in a linear history."""
    arbeidere = [klon(fjern, tmp_path / n) for n in ("a", "b")]
    feil: list[BaseException] = []

    def flyt(klone: Path, avtale: str, navn: str) -> None:
        try:
            for runde in range(4):
                legg_til(klone / "agreements" / avtale, f"# {navn} {runde}")
                lever_registrering(klone / "agreements" / avtale, KARI, f"{navn} runde {runde}")
        except BaseException as exc:  # reported below
            feil.append(exc)

    # each agreement is written by one worker only; a real conflict is the test above
    oppdrag = [(0, "lonn"), (0, "landbruk"), (1, "kart"), (1, "arkiv")]
    traader = [
        threading.Thread(target=flyt, args=(arbeidere[i], avtale, f"{i}-{avtale}"))
        for i, avtale in oppdrag
    ]
    for t in traader:
        t.start()
    for t in traader:
        t.join()
    assert not feil, feil
    emner = git(fjern, "log", "--format=%s", "main").splitlines()
    forventet = {f"{i}-{a} runde {r}" for i, a in oppdrag for r in range(4)}
    assert sorted(e for e in emner if e != "start") == sorted(forventet)
    assert git(fjern, "rev-list", "--merges", "main") == ""
    for i, avtale in oppdrag:
        tekst = git(fjern, "show", f"main:agreements/{avtale}/prosess.yaml")
        assert [f"# {i}-{avtale} {r}" in tekst for r in range(4)] == [True] * 4
        assert status(arbeidere[i]) == set()
