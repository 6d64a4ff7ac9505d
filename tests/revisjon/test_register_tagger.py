"""`register` from the milestone tags gives exactly what it gave from the whole log: on the
revision scenario, the demo's archive and a small archive built as the benchmark builds its
10,000 events; and archives whose tags cannot stand for the log (a missing tag, a hand-made
commit, loose refs, a tag on another event) fall back to the log with the same answer."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from avtaleflyt.arkiv import gitlag
from avtaleflyt.arkiv.tagindeks import tagger_som_logg
from avtaleflyt.revisjon import register

ROT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROT / "benchmarks"))
from revisjon_bench import bygg  # noqa: E402  (the benchmark's own archive builder)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=T", "-c", "user.email=t@x.invalid", *args],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def fra_tagger(arkiv: Path) -> bool:
    with gitlag.apne(arkiv) as repo:
        return tagger_som_logg(repo) is not None


def samme_register(arkiv: Path, kommuner: list[str], datoer: list[dt.date]) -> int:
    """Both paths agree for every municipality and date; returns how many entries were compared."""
    antall = 0
    for nr in kommuner:
        for dato in datoer:
            nye = register(arkiv, nr, dato)
            assert nye == register(arkiv, nr, dato, fra_logg=True), (nr, dato)
            antall += len(nye)
    return antall


DATOER_SCENARIO = [
    dt.date(2026, 12, 31),
    dt.date(2027, 1, 1),
    dt.date(2027, 3, 1),
    dt.date(2027, 6, 30),
    dt.date(2027, 7, 1),
    dt.date(2027, 12, 31),
    dt.date(2028, 1, 1),
    dt.date(2030, 1, 1),
]


def test_scenario_same_register_from_tags_as_from_the_log(scenario):
    assert fra_tagger(scenario.arkiv)
    assert samme_register(scenario.arkiv, ["5027", "5028", "5029", "5001"], DATOER_SCENARIO) > 5


@pytest.fixture(scope="module")
def benkarkiv(tmp_path_factory) -> tuple[Path, str]:
    arkiv = tmp_path_factory.mktemp("benk") / "arkiv"
    maal, hendelser = bygg(arkiv, 500)  # 100 agreements, 5028 in two of them
    assert hendelser == 500
    return arkiv, maal


def test_benchmark_archive_same_register_from_tags_as_from_the_log(benkarkiv):
    arkiv, _ = benkarkiv
    assert fra_tagger(arkiv)
    datoer = [
        dt.date(2019, 12, 31),
        dt.date(2020, 3, 1),
        dt.date(2020, 12, 26),
        dt.date(2022, 1, 1),
    ]
    assert samme_register(arkiv, ["5028", "5027", "5001", "5013", "9999"], datoer) >= 2
    assert len(register(arkiv, "5028", dt.date(2020, 12, 26))) == 2


def _kopi(kilde: Path, mal: Path) -> Path:
    subprocess.run(["cp", "-a", str(kilde), str(mal)], check=True)
    return mal


def _fortsatt_lik(arkiv: Path) -> None:
    assert not fra_tagger(arkiv)  # the log is read
    samme_register(arkiv, ["5028", "5027"], [dt.date(2020, 12, 26), dt.date(2022, 1, 1)])


def test_a_missing_tag_makes_register_read_the_log(benkarkiv, tmp_path):
    arkiv = _kopi(benkarkiv[0], tmp_path / "arkiv")
    git(arkiv, "tag", "-d", "avtale-00050/v2/i-kraft")  # as after a crash before the tag step
    _fortsatt_lik(arkiv)
    assert register(arkiv, "5028", dt.date(2022, 1, 1)) == register(
        arkiv, "5028", dt.date(2022, 1, 1), fra_logg=True
    )


def test_a_hand_made_commit_makes_register_read_the_log(benkarkiv, tmp_path):
    arkiv = _kopi(benkarkiv[0], tmp_path / "arkiv")
    git(arkiv, "commit", "-q", "--allow-empty", "-m", "notat")
    _fortsatt_lik(arkiv)


def test_a_tag_on_another_events_commit_makes_register_read_the_log(benkarkiv, tmp_path):
    arkiv = _kopi(benkarkiv[0], tmp_path / "arkiv")
    a, b = "avtale-00050/v2/vedtatt", "avtale-00050/v1/vedtatt"
    ca, cb = (
        git(arkiv, "rev-parse", f"{a}^{{commit}}").strip(),
        git(arkiv, "rev-parse", f"{b}^{{commit}}").strip(),
    )
    git(arkiv, "tag", "-f", "-a", "-m", "byttet", a, cb)  # the two tags swap commits: the
    git(arkiv, "tag", "-f", "-a", "-m", "byttet", b, ca)  # counts still match the branch
    git(arkiv, "pack-refs", "--all")
    assert fra_tagger(arkiv)  # the index alone cannot see it …
    samme_register(arkiv, ["5028"], [dt.date(2020, 12, 26), dt.date(2022, 1, 1)])  # … the names do


def test_loose_tag_refs_are_read_with_for_each_ref(benkarkiv, tmp_path):
    arkiv = _kopi(benkarkiv[0], tmp_path / "arkiv")
    commit = git(arkiv, "rev-parse", "avtale-00099/v2/i-kraft^{commit}").strip()
    git(arkiv, "tag", "-d", "avtale-00099/v2/i-kraft")
    git(arkiv, "tag", "-a", "-m", "løs", "avtale-00099/v2/i-kraft", commit)  # a loose ref
    assert (arkiv / ".git/refs/tags/avtale-00099/v2/i-kraft").is_file()
    assert fra_tagger(arkiv)
    samme_register(arkiv, ["5028", "5001"], [dt.date(2020, 12, 26), dt.date(2022, 1, 1)])
    git(arkiv, "tag", "-f", "avtale-00099/v2/i-kraft", commit)  # lightweight: not the archive's
    assert not fra_tagger(arkiv)


@pytest.mark.requires_tool("ssh-keygen")
def test_demo_archive_same_register_from_tags_as_from_the_log(gauldal_demo):
    resultat = gauldal_demo  # the run's one demo (tests/conftest.py)
    assert fra_tagger(resultat.arkiv)
    kommuner = sorted({nr for a in resultat.avtaler for nr in a.vedtak} | {"5001"})
    datoer = [resultat.sluttdato, resultat.sluttdato - dt.timedelta(days=200), dt.date(2026, 1, 1)]
    assert samme_register(resultat.arkiv, kommuner, datoer) > 0


def test_search_over_one_batch_attributes_hits_also_when_a_message_holds_a_separator(tmp_path):
    from avtaleflyt.arkiv.tagindeks import med_linje

    repo = tmp_path / "r"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    commits = {}
    for navn, tekst in (("a", "x\nVedtatt-5028: 1"), ("b", "y\x1e\nVedtatt-5027: 1"), ("c", "z")):
        git(repo, "commit", "-q", "--allow-empty", "-m", f"{navn}\n\n{tekst}")
        commits[navn] = git(repo, "rev-parse", "HEAD").strip().encode()
    with gitlag.apne(repo) as r:
        par = {c: navn.encode() for navn, c in commits.items()}
        assert med_linje(r, par, b"\nVedtatt-5028: ") == {"a"}  # per object: the \x1e in b
        assert med_linje(r, par, b"\nVedtatt-5027: ") == {"b"}
        uten_b = {c: navn for c, navn in par.items() if navn != b"b"}
        assert med_linje(r, uten_b, b"\nVedtatt-5028: ") == {"a"}  # one pass
        assert med_linje(r, uten_b, b"\nVedtatt-5027: ") == set()


# ------------------------------------------------------------ the register row in the tag message


def _tagtekst(arkiv: Path, tag: str) -> str:
    return git(arkiv, "cat-file", "tag", tag).split("\n\n", 1)[1]


def test_archived_tags_carry_the_register_row_of_their_avtale_json(scenario):
    """Every milestone tag `Arkiv.arkiver` writes has the row `registerrad` computes from the
    archived avtale.json at its commit, in the body (the trailers are the commit's)."""
    from avtaleflyt.arkiv.registerrad import les_rad, rad_fra_json
    from avtaleflyt.arkiv.trailere import les_trailere

    tagger = git(scenario.arkiv, "tag", "-l").split()
    assert tagger
    for tag in tagger:
        tekst = _tagtekst(scenario.arkiv, tag)
        avtale_json = subprocess.run(
            [
                "git",
                "-C",
                str(scenario.arkiv),
                "cat-file",
                "blob",
                f"{tag}:{tag.split('/')[0]}/avtale.json",
            ],
            check=True,
            capture_output=True,
        ).stdout
        assert les_rad(tekst.encode()) == rad_fra_json(avtale_json) is not None, tag
        melding = git(scenario.arkiv, "log", "-1", "--format=%B", f"{tag}^{{commit}}")
        assert les_trailere(tekst) == les_trailere(melding), tag


@pytest.fixture(scope="module")
def gammelt_benkarkiv(tmp_path_factory) -> Path:
    arkiv = tmp_path_factory.mktemp("gammel") / "arkiv"
    bygg(arkiv, 500, med_registerrad=False)  # tags as written before the register row
    return arkiv


def test_an_archive_without_register_rows_gives_the_same_register(gammelt_benkarkiv, benkarkiv):
    """Tags written before the row: the register reads avtale.json for them, and lists exactly
    what the log path and the archive with rows list."""
    assert "Registerpost: " not in _tagtekst(gammelt_benkarkiv, "avtale-00050/v1/vedtatt")
    assert fra_tagger(gammelt_benkarkiv)
    datoer = [dt.date(2020, 3, 1), dt.date(2020, 12, 26), dt.date(2022, 1, 1)]
    assert samme_register(gammelt_benkarkiv, ["5028", "5027", "5001", "5013"], datoer) >= 2
    for nr in ("5028", "5013"):
        for dato in datoer:
            assert register(gammelt_benkarkiv, nr, dato) == register(benkarkiv[0], nr, dato)


def test_a_mixed_archive_reads_rows_where_present(gammelt_benkarkiv, benkarkiv, tmp_path):
    """Some tags with the row, some without (an old archive written on after the change)."""
    arkiv = _kopi(gammelt_benkarkiv, tmp_path / "arkiv")
    for tag in ("avtale-00050/v2/i-kraft", "avtale-00000/v1/i-kraft"):
        fil = tmp_path / "melding"
        fil.write_text(_tagtekst(benkarkiv[0], tag), encoding="utf-8")
        commit = git(arkiv, "rev-parse", f"{tag}^{{commit}}").strip()
        git(arkiv, "tag", "-f", "-a", "-F", str(fil), tag, commit)
    git(arkiv, "pack-refs", "--all")
    assert fra_tagger(arkiv)
    assert samme_register(arkiv, ["5028", "5027"], [dt.date(2020, 12, 26), dt.date(2022, 1, 1)])


def test_verify_reports_a_tag_whose_register_row_or_trailers_were_changed(benkarkiv, tmp_path):
    """The register trusts the tag message; verify holds it to the archived avtale.json and the
    commit's trailers (ARKIV-TAG-REGISTER), and is silent on the untouched archive."""
    from avtaleflyt.arkiv.verifiser import verifiser

    arkiv = _kopi(benkarkiv[0], tmp_path / "arkiv")
    assert [f for f in verifiser(arkiv) if f.rule == "ARKIV-TAG-REGISTER"] == []
    rad_tag, trailer_tag = "avtale-00050/v2/i-kraft", "avtale-00000/v1/vedtatt"
    for tag, fra, til in (
        (rad_tag, '"tittel":"Avtale om', '"tittel":"Falsk avtale om'),
        (trailer_tag, "Vedtatt-5028: ", "Vedtatt-5099: "),
    ):
        tekst = _tagtekst(arkiv, tag)
        assert fra in tekst, (tag, tekst)
        fil = tmp_path / "melding"
        fil.write_text(tekst.replace(fra, til), encoding="utf-8")
        commit = git(arkiv, "rev-parse", f"{tag}^{{commit}}").strip()
        git(arkiv, "tag", "-f", "-a", "-F", str(fil), tag, commit)
    funn = [f for f in verifiser(arkiv) if f.rule == "ARKIV-TAG-REGISTER"]
    assert {f.file for f in funn} == {f"refs/tags/{rad_tag}", f"refs/tags/{trailer_tag}"}
    rad_funn = next(f for f in funn if rad_tag in f.file)
    assert "ulikt: tittel" in rad_funn.message
    trailer_funn = next(f for f in funn if trailer_tag in f.file)
    assert "andre trailere" in trailer_funn.message
