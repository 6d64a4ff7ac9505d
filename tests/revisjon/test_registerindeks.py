"""The register index (`avtaleflyt.arkiv.registerindeks`): a cache of the milestone tags' messages
in `.git/avtaleflyt/`, keyed by every ref. Used only while the key matches, rebuilt from the tags
when a tag is moved, deleted, replaced or added, and never read half-written."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from avtaleflyt.arkiv import gitlag, registerindeks
from avtaleflyt.arkiv.verifiser import verifiser
from avtaleflyt.cli.main import app
from avtaleflyt.revisjon import register
from tests.arkiv.arkivdata import git

ROT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROT / "benchmarks"))
from revisjon_bench import bygg  # noqa: E402  (the benchmark's own archive builder)

DATOER = [dt.date(2020, 3, 1), dt.date(2020, 12, 26), dt.date(2022, 1, 1)]
KOMMUNER = ["5028", "5027", "5001", "5013", "9999"]


def indeksfil(arkiv: Path) -> Path:
    return arkiv / ".git" / "avtaleflyt" / registerindeks.FIL


def nokkel(arkiv: Path) -> str | None:
    return registerindeks.nokkel(arkiv / ".git")


def lagret_nokkel(arkiv: Path) -> str:
    return json.loads(indeksfil(arkiv).read_bytes().split(b"\n", 1)[0])["nokkel"]


def fra_taggene(arkiv: Path, nr: str):
    """What the tags give without the index (the code path register used before it)."""
    with gitlag.apne(arkiv) as repo:
        return registerindeks._fra_taggene(repo, nr)


def fra_indeksen(arkiv: Path, nr: str):
    with gitlag.apne(arkiv) as repo:
        return registerindeks.meldinger(repo, nr)


def alle_svar(arkiv: Path, datoer: list[dt.date] = DATOER) -> dict:
    return {(nr, d): register(arkiv, nr, d) for nr in KOMMUNER for d in datoer}


@pytest.fixture(scope="module")
def benk(tmp_path_factory) -> tuple[Path, dict]:
    """A 500-event archive as the benchmark builds it, and its register before any index."""
    arkiv = tmp_path_factory.mktemp("indeks") / "arkiv"
    bygg(arkiv, 500)
    assert not indeksfil(arkiv).exists()
    with gitlag.apne(arkiv) as repo:
        fasit = {nr: registerindeks._fra_taggene(repo, nr) for nr in KOMMUNER}
    return arkiv, fasit


def _kopi(kilde: Path, mal: Path) -> Path:
    subprocess.run(["cp", "-a", str(kilde), str(mal)], check=True)
    return mal


class GitTeller:
    """Counts the processes started (`subprocess.Popen`), so a test sees that no git runs."""

    def __init__(self, monkeypatch):
        self.kall: list = []
        ekte = subprocess.Popen.__init__

        def init(selv, args, *a, **k):
            self.kall.append(args)
            ekte(selv, args, *a, **k)

        monkeypatch.setattr(subprocess.Popen, "__init__", init)


def test_register_builds_the_index_once_then_answers_without_git(benk, tmp_path, monkeypatch):
    arkiv = _kopi(benk[0], tmp_path / "arkiv")
    forste = alle_svar(arkiv)  # builds the index
    assert lagret_nokkel(arkiv) == nokkel(arkiv)
    teller = GitTeller(monkeypatch)
    assert alle_svar(arkiv) == forste
    assert teller.kall == []
    for nr in KOMMUNER:
        assert fra_indeksen(arkiv, nr) == benk[1][nr]
    assert teller.kall == []
    monkeypatch.undo()
    for (nr, d), svar in forste.items():
        assert svar == register(arkiv, nr, d, fra_logg=True), (nr, d)
    assert len(forste[("5028", dt.date(2020, 12, 26))]) == 2


def _flytt(arkiv: Path) -> None:
    """The i-kraft tag of v2 moved onto the commit of v1's (same message, another commit)."""
    annen = git(arkiv, "rev-parse", "avtale-00050/v1/i-kraft^{commit}").strip()
    tekst = git(arkiv, "cat-file", "tag", "avtale-00050/v2/i-kraft").split("\n\n", 1)[1]
    (arkiv.parent / "melding").write_text(tekst, encoding="utf-8")
    git(
        arkiv,
        "tag",
        "-f",
        "-a",
        "-F",
        str(arkiv.parent / "melding"),
        "avtale-00050/v2/i-kraft",
        annen,
    )


def _slett(arkiv: Path) -> None:
    git(arkiv, "tag", "-d", "avtale-00050/v2/i-kraft")


def _erstatt(arkiv: Path) -> None:
    """A new tag object under the same name on the same commit: 5028's adoption date changed."""
    tag = "avtale-00050/v2/vedtatt"
    tekst = git(arkiv, "cat-file", "tag", tag).split("\n\n", 1)[1]
    assert "\nVedtatt-5028: 2020-" in tekst
    (arkiv.parent / "melding").write_text(
        tekst.replace("\nVedtatt-5028: 2020-", "\nVedtatt-5028: 2019-"), encoding="utf-8"
    )
    commit = git(arkiv, "rev-parse", f"{tag}^{{commit}}").strip()
    git(arkiv, "tag", "-f", "-a", "-F", str(arkiv.parent / "melding"), tag, commit)


def _legg_til(arkiv: Path) -> None:
    """A third version's vedtatt tag on an existing commit (two tags on one commit)."""
    commit = git(arkiv, "rev-parse", "avtale-00050/v2/vedtatt^{commit}").strip()
    git(arkiv, "tag", "-a", "-m", "ekstra", "avtale-00050/v3/vedtatt", commit)


def _ny_gren(arkiv: Path) -> None:
    """A hand-made commit on the branch (no tag): the tags no longer stand for the log."""
    git(arkiv, "commit", "-q", "--allow-empty", "-m", "notat")


@pytest.mark.parametrize("tukling", [_flytt, _slett, _erstatt, _legg_til, _ny_gren])
@pytest.mark.parametrize("pakket", [False, True], ids=["loose", "pakket"])
def test_tampering_changes_the_key_and_the_answer_comes_from_the_tags(
    benk, tmp_path, tukling, pakket
):
    arkiv = _kopi(benk[0], tmp_path / "arkiv")
    for nr in KOMMUNER:
        fra_indeksen(arkiv, nr)
    for_ = nokkel(arkiv)
    assert lagret_nokkel(arkiv) == for_
    tukling(arkiv)
    if pakket:
        git(arkiv, "pack-refs", "--all")  # as the archive leaves its refs after a write
    etter = nokkel(arkiv)
    assert etter != for_
    for nr in KOMMUNER:
        assert fra_indeksen(arkiv, nr) == fra_taggene(arkiv, nr), nr
    assert lagret_nokkel(arkiv) == etter  # rebuilt from the tags
    for nr in KOMMUNER:
        assert fra_indeksen(arkiv, nr) == fra_taggene(arkiv, nr), nr  # and read from the file
    if tukling is not _erstatt:  # the tags no longer stand for the log: both read the log
        for nr in ("5028", "5013"):
            for d in DATOER[1:]:
                assert register(arkiv, nr, d) == register(arkiv, nr, d, fra_logg=True), (nr, d)
    else:  # the forged date is what the tags say (verify reports it: ARKIV-TAG-REGISTER)
        assert fra_indeksen(arkiv, "5028") != benk[1]["5028"]


def test_a_branch_moved_or_deleted_changes_the_key(benk, tmp_path):
    arkiv = _kopi(benk[0], tmp_path / "arkiv")
    register(arkiv, "5028", DATOER[1])
    for_ = nokkel(arkiv)
    forrige = git(arkiv, "rev-parse", "HEAD~1").strip()
    git(arkiv, "update-ref", "refs/heads/main", forrige)  # history cut back by one event
    assert nokkel(arkiv) != for_
    assert register(arkiv, "5028", DATOER[2]) == register(arkiv, "5028", DATOER[2], fra_logg=True)
    git(arkiv, "update-ref", "-d", "refs/heads/main")
    assert register(arkiv, "5028", DATOER[2]) == []


def test_an_index_that_cannot_be_read_whole_is_rebuilt(benk, tmp_path):
    arkiv = _kopi(benk[0], tmp_path / "arkiv")
    fasit = alle_svar(arkiv)
    fil = indeksfil(arkiv)
    hel = fil.read_bytes()
    for skadet in (hel[: len(hel) // 2], hel[:100], b"", b"\0" * 4096):
        fil.write_bytes(skadet)
        assert alle_svar(arkiv) == fasit
        assert fil.read_bytes() == hel


def test_an_index_edited_by_hand_is_reported_and_deleting_it_restores_the_tags(benk, tmp_path):
    """The file is a cache anyone with write access to the git folder can edit, like the tags;
    `kontroller` finds an index whose key matches but whose content is not the tags', and verify
    reports it (ARKIV-REGISTERINDEKS). Without the file, register reads the tags again."""
    arkiv = _kopi(benk[0], tmp_path / "arkiv")
    fasit = alle_svar(arkiv)
    with gitlag.apne(arkiv) as repo:
        assert registerindeks.kontroller(repo) is None
    fil = indeksfil(arkiv)
    fil.write_bytes(fil.read_bytes().replace(b"Vedtatt-5028: 2020-", b"Vedtatt-5028: 2019-"))
    with gitlag.apne(arkiv) as repo:
        melding = registerindeks.kontroller(repo)
    assert melding is not None and "Registerindeksen" in melding and "Slett filen" in melding
    funn = [f for f in verifiser(arkiv) if f.rule == "ARKIV-REGISTERINDEKS"]
    assert [(f.file, f.message) for f in funn] == [
        (".git/avtaleflyt/register-indeks.json", melding)
    ]
    fil.unlink()
    assert alle_svar(arkiv) == fasit
    with gitlag.apne(arkiv) as repo:
        assert registerindeks.kontroller(repo) is None
    assert [f for f in verifiser(arkiv) if f.rule == "ARKIV-REGISTERINDEKS"] == []


def test_fra_logg_never_reads_the_index(benk, tmp_path):
    arkiv = _kopi(benk[0], tmp_path / "arkiv")
    fasit = register(arkiv, "5028", DATOER[1], fra_logg=True)
    assert not indeksfil(arkiv).exists()
    register(arkiv, "5028", DATOER[1])
    fil = indeksfil(arkiv)
    hode, _, kropp = fil.read_bytes().partition(b"\n")
    tom = json.loads(hode) | {"kommuner": {}}
    fil.write_bytes(json.dumps(tom).encode() + b"\n" + kropp)  # a forged index: 5028 in nothing
    assert register(arkiv, "5028", DATOER[1]) == []  # register trusts a matching key …
    assert register(arkiv, "5028", DATOER[1], fra_logg=True) == fasit  # … --fra-logg never does
    kommando = ["register", "--kommune", "5028", "--at", DATOER[1].isoformat(), "--format"]
    kommando += ["json", "--arkiv", str(arkiv)]
    svar = [CliRunner().invoke(app, kommando + ekstra) for ekstra in ([], ["--fra-logg"])]
    assert [r.exit_code for r in svar] == [0, 0], [r.output for r in svar]
    samarbeid = [json.loads(r.output)["samarbeid"] for r in svar]
    assert samarbeid[0] == [] and samarbeid[1] == [p.as_dict() for p in fasit] != []


def test_a_municipality_number_no_trailer_can_hold_is_answered_from_the_tags(benk, tmp_path):
    arkiv = _kopi(benk[0], tmp_path / "arkiv")
    for nr in ("50:28", "5028\n", ""):
        assert register(arkiv, nr, DATOER[1]) == register(arkiv, nr, DATOER[1], fra_logg=True)
        assert fra_indeksen(arkiv, nr) == fra_taggene(arkiv, nr)


def test_writing_an_event_refreshes_an_existing_index(scenario, tmp_path):
    """After `Arkiv.arkiver` (its upkeep step) an index that existed matches the new refs, so the
    first register after an event is as fast as the next; an archive without one gets none."""
    from revisjon_bench import _hendelse

    from avtaleflyt.arkiv import Arkiv

    arkiv = _kopi(scenario.arkiv, tmp_path / "arkiv")
    uten = _kopi(scenario.arkiv, tmp_path / "uten")
    for sti in (arkiv, uten):
        indeksfil(sti).unlink(missing_ok=True)
    register(arkiv, "5028", dt.date(2027, 7, 1))
    data = git(arkiv, "show", "HEAD:nettverk/avtale.json").encode()
    for sti in (arkiv, uten):
        h = _hendelse(
            "nettverk-2",
            1,
            "vedtatt",
            dt.date(2026, 1, 1),
            b"mal-1\n",
            data.replace(b'"id":"nettverk"', b'"id":"nettverk-2"'),
        )
        Arkiv(sti).arkiver(h)
    assert lagret_nokkel(arkiv) == nokkel(arkiv)
    assert not indeksfil(uten).exists()
    datoer = [dt.date(2027, 1, 1), dt.date(2027, 7, 1), dt.date(2028, 1, 1)]
    assert alle_svar(arkiv, datoer) == alle_svar(uten, datoer)
    assert any(alle_svar(arkiv, datoer).values())
