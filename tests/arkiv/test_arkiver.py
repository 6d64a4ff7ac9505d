"""Writing events: layout, manifest, trailers, tags, idempotency and the refusals."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import subprocess

import pytest

from avtaleflyt.arkiv import Arkiv, ArkivAvvist, ArkivFeil, sjekksum
from avtaleflyt.arkiv.verifiser import verifiser
from tests.arkiv import arkivdata
from tests.arkiv.arkivdata import git


def test_event_is_one_commit_with_layout_manifest_trailers_and_tag(arkiv, arkivsti):
    h = arkivdata.hendelse()
    commit = arkiv.arkiver(h)

    assert git(arkivsti, "rev-list", "--count", "HEAD").strip() == "1"
    filer = sorted(git(arkivsti, "ls-tree", "-r", "--name-only", "HEAD").split())
    assert filer == sorted(f"gauldal-landbruk/{s}" for s in [*h.files, "MANIFEST.json"])
    manifest = json.loads(arkiv.les_fil("gauldal-landbruk", "MANIFEST.json"))
    assert manifest["avtaleHash"] == h.avtale_hash
    assert manifest["skjemaversjon"] == "1.0" and manifest["malversjon"] == "mal-1.0"
    for obj in manifest["dokumentobjekter"]:
        data = h.files[obj["referanseDokumentfil"]]
        assert obj["sjekksum"] == sjekksum(data)
        assert obj["sjekksumAlgoritme"] == "SHA256"
        assert obj["filstoerrelse"] == len(data)
    # git itself parses the trailers the same way we do
    parsed = git(arkivsti, "log", "-1", "--format=%(trailers:only,unfold)", commit).split("\n")
    assert "Avtale-Id: gauldal-landbruk" in parsed
    assert "Vedtatt-5028: 2026-04-22 sak PS 11/26" in parsed
    assert f"Hendelse-Id: {h.hendelse_id}" in parsed
    assert git(arkivsti, "cat-file", "-t", "gauldal-landbruk/v1/vedtatt").strip() == "tag"
    assert git(arkivsti, "rev-parse", "gauldal-landbruk/v1/vedtatt^{commit}").strip() == commit
    # the working tree shows the archived files and is clean
    assert (arkivsti / "gauldal-landbruk" / "avtale.json").read_bytes() == h.files["avtale.json"]
    assert git(arkivsti, "status", "--porcelain", "--untracked-files=all") == ""
    assert verifiser(arkivsti, rerender=arkivdata.gjengi) == []


def test_read_api_gives_events_with_legal_dates_from_trailers_not_commit_time(arkiv, monkeypatch):
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2001-01-01T00:00:00+0000")
    monkeypatch.setenv("GIT_AUTHOR_DATE", "2001-01-01T00:00:00+0000")
    arkiv.arkiver(arkivdata.hendelse())
    arkiv.arkiver(arkivdata.hendelse(type_="signert", dato=dt.date(2026, 5, 4)))
    arkiv.arkiver(arkivdata.hendelse(type_="i-kraft", dato=dt.date(2026, 7, 1)))
    arkiv.arkiver(arkivdata.hendelse("annen-avtale"))

    hendelser = arkiv.hendelser("gauldal-landbruk")
    assert [e.hendelse for e in hendelser] == ["vedtatt", "signert", "i-kraft"]
    assert [e.juridisk_dato for e in hendelser] == [
        dt.date(2026, 4, 23),
        dt.date(2026, 5, 4),
        dt.date(2026, 7, 1),
    ]
    assert hendelser[2].ikrafttredelse == dt.date(2026, 7, 1)
    assert hendelser[0].vedtatt() == {
        "5027": "2026-04-23 sak PS 10/26",
        "5028": "2026-04-22 sak PS 11/26",
        "5029": "2026-04-21 sak PS 12/26",
    }
    assert hendelser[1].signert()["5029"] == "2026-05-04"
    assert all(e.er_gyldig() for e in hendelser)
    tags = arkiv.tagger("gauldal-landbruk")
    assert [t.navn for t in tags] == [
        "gauldal-landbruk/v1/i-kraft",
        "gauldal-landbruk/v1/signert",
        "gauldal-landbruk/v1/vedtatt",
    ]
    assert {t.commit for t in tags} == {e.commit for e in hendelser}
    assert arkiv.hendelser_fra_tagger("gauldal-landbruk") == hendelser
    assert arkiv.avtaler() == ["annen-avtale", "gauldal-landbruk"]
    ved_tag = arkiv.filer("gauldal-landbruk", ved="gauldal-landbruk/v1/vedtatt")
    assert json.loads(ved_tag["MANIFEST.json"])["hendelse"] == "vedtatt"
    with pytest.raises(KeyError):
        arkiv.les_fil("gauldal-landbruk", "finnes-ikke.txt")


def test_rerun_of_a_finished_event_returns_same_commit_and_adds_nothing(arkiv, arkivsti):
    h = arkivdata.hendelse()
    first = arkiv.arkiver(h)
    assert Arkiv(arkivsti).arkiver(arkivdata.hendelse()) == first
    assert git(arkivsti, "rev-list", "--count", "HEAD").strip() == "1"
    assert len(git(arkivsti, "tag").split()) == 1


def test_rerun_with_other_content_is_refused(arkiv, arkivsti):
    h = arkivdata.hendelse()
    arkiv.arkiver(h)
    endret = dict(h.files, **{"prosess.json": b"{}"})
    with pytest.raises(ArkivAvvist, match=r"allerede arkivert .* med annet innhold"):
        arkiv.arkiver(arkivdata.hendelse(files=endret))
    assert git(arkivsti, "rev-list", "--count", "HEAD").strip() == "1"


def test_second_event_of_same_kind_for_a_version_is_refused(arkiv, arkivsti):
    arkiv.arkiver(arkivdata.hendelse())
    with pytest.raises(ArkivAvvist, match="Taggen gauldal-landbruk/v1/vedtatt finnes allerede"):
        arkiv.arkiver(arkivdata.hendelse(dato=dt.date(2026, 4, 30)))
    assert git(arkivsti, "rev-list", "--count", "HEAD").strip() == "1"


def test_adoption_of_another_text_is_refused_and_nothing_is_written(arkiv, arkivsti):
    with pytest.raises(ArkivAvvist) as e:
        arkiv.arkiver(arkivdata.hendelse(vedtak_hash="a" * 64))
    assert "kommune 5027 vedtok" in str(
        e.value
    ) and "alle kommunestyrer må vedta samme tekst" in str(e.value)
    assert not arkivsti.exists()


@pytest.mark.parametrize(
    "felt, verdi, tekst",
    [
        ("avtale_id", "Ikke Slug", "er ikke en gyldig id"),
        ("hendelse", "godkjent", "hendelse «godkjent» er ukjent"),
        ("versjon", 0, "versjon «0»"),
        ("avtale_hash", "abc", "64 heksadesimale"),
        ("files", {"avtale.json": b"{}", "../ut.txt": b"x"}, "ugyldig ledd «..»"),
        ("files", {"avtale.json": b"{}", "MANIFEST.json": b"x"}, "lages av arkivet selv"),
        ("files", {"prosess.json": b"{}"}, "avtale.json (avtalens kanoniske data) mangler"),
        ("trailers", (("Avtale-Hash", "x"),), "settes av arkivet selv"),
        ("trailers", (("Merknad", "to\nlinjer"),), "må være tekst på én linje"),
        ("vedtak", (), "«vedtatt» må ha vedtakene"),
    ],
)
def test_invalid_events_are_refused_with_norwegian_reason(arkiv, arkivsti, felt, verdi, tekst):
    with pytest.raises(ArkivAvvist, match="ingenting er arkivert") as e:
        arkiv.arkiver(arkivdata.hendelse(**{felt: verdi}))
    assert tekst in str(e.value)
    assert not arkivsti.exists()


def test_files_missing_from_a_new_event_are_removed_from_the_agreement_folder(arkiv, arkivsti):
    arkiv.arkiver(arkivdata.hendelse())
    arkiv.arkiver(arkivdata.hendelse("annen"))
    signert = arkivdata.hendelse(type_="signert", dato=dt.date(2026, 5, 2))
    filer = {s: d for s, d in signert.files.items() if not s.endswith(".md")}
    arkiv.arkiver(dataclasses.replace(signert, files=filer))
    naa = git(arkivsti, "ls-tree", "-r", "--name-only", "HEAD").split()
    assert "gauldal-landbruk/dokumenter/gauldal-landbruk.md" not in naa
    assert "annen/dokumenter/annen.md" in naa
    assert not (arkivsti / "gauldal-landbruk/dokumenter/gauldal-landbruk.md").exists()
    assert verifiser(arkivsti) == []


def test_dirty_working_tree_is_refused(arkiv, arkivsti):
    arkiv.arkiver(arkivdata.hendelse())
    (arkivsti / "gauldal-landbruk" / "avtale.json").write_text("endret for hånd")
    with pytest.raises(
        ArkivAvvist, match=r"Arbeidskopien .* har endringer .*gauldal-landbruk/avtale\.json"
    ):
        arkiv.arkiver(arkivdata.hendelse("annen"))
    (arkivsti / "gauldal-landbruk" / "avtale.json").unlink()
    git(arkivsti, "checkout", "--", ".")
    (arkivsti / "notat.txt").write_text("løs fil")
    with pytest.raises(ArkivAvvist, match=r"notat\.txt"):
        arkiv.arkiver(arkivdata.hendelse("annen"))
    assert git(arkivsti, "rev-list", "--count", "HEAD").strip() == "1"
    funn = verifiser(arkivsti)
    assert [(f.rule, f.severity, f.file) for f in funn] == [
        ("ARKIV-ARBEIDSKOPI", "advarsel", "notat.txt")
    ]


def test_bare_archive_works_without_working_tree(arkivsti):
    Arkiv(arkivsti).opprett(bar=True)
    commit = Arkiv(arkivsti).arkiver(arkivdata.hendelse())
    assert git(arkivsti, "rev-parse", "--is-bare-repository").strip() == "true"
    assert git(arkivsti, "rev-parse", "HEAD").strip() == commit
    assert verifiser(arkivsti, rerender=arkivdata.gjengi) == []


def test_non_repository_folder_with_files_is_not_taken_over(arkivsti):
    arkivsti.mkdir()
    (arkivsti / "viktig.txt").write_text("x")
    with pytest.raises(ArkivAvvist, match="ikke tom, men er ikke et git-repo"):
        Arkiv(arkivsti).arkiver(arkivdata.hendelse())
    assert not (arkivsti / ".git").exists()
    with pytest.raises(ArkivFeil, match="Fant ikke noe arkiv"):
        Arkiv(arkivsti / "mangler").repo()


def test_bytes_are_stored_exactly_even_with_autocrlf_in_global_config(
    arkivsti, tmp_path, monkeypatch
):
    cfg = tmp_path / "gitconfig"
    cfg.write_text("[core]\n\tautocrlf = true\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(cfg))
    h = arkivdata.hendelse(files={"avtale.json": b'{"a":1}\r\n', "notat.txt": b"a\nb\r\nc\x00"})
    Arkiv(arkivsti).arkiver(h)
    assert Arkiv(arkivsti).les_fil("gauldal-landbruk", "notat.txt") == b"a\nb\r\nc\x00"
    assert Arkiv(arkivsti).les_fil("gauldal-landbruk", "avtale.json") == b'{"a":1}\r\n'


def test_archive_path_from_environment(tmp_path, monkeypatch):
    from avtaleflyt.paths import archive_dir

    monkeypatch.setenv("AVTALE_ARKIV", str(tmp_path / "x"))
    assert archive_dir() == tmp_path / "x"
    assert archive_dir(tmp_path / "y") == tmp_path / "y"


def test_history_is_never_rewritten_reflog_only_moves_forward(arkiv, arkivsti):
    commits = [arkiv.arkiver(arkivdata.hendelse(f"avtale-{i}")) for i in range(4)]
    reflog = git(arkivsti, "reflog", "--format=%H", "refs/heads/main").split()
    assert reflog == list(reversed(commits))
    assert git(arkivsti, "rev-list", "--first-parent", "HEAD").split() == list(reversed(commits))
    assert os.path.exists(arkivsti / ".git" / "avtaleflyt" / "journal.jsonl")
    assert (
        subprocess.run(
            ["git", "-C", str(arkivsti), "fsck", "--strict"], capture_output=True
        ).returncode
        == 0
    )


def test_torn_journal_line_from_a_crash_is_cut_off_by_next_write(arkiv, arkivsti):
    arkiv.arkiver(arkivdata.hendelse())
    journal = arkivsti / ".git" / "avtaleflyt" / "journal.jsonl"
    with open(journal, "ab") as f:
        f.write(b'{"type": "commit", "hendel')
    arkiv.arkiver(arkivdata.hendelse("annen"))
    linjer = journal.read_bytes().decode().splitlines()
    assert all(json.loads(linje)["type"] in ("commit", "tag") for linje in linjer)
    assert len(linjer) == 4
    assert verifiser(arkivsti) == []


def test_ref_moved_by_someone_else_mid_event_is_not_overwritten(arkivsti):
    """Compare-and-swap: someone bypasses the lock and moves the branch between our commit-tree
    and update-ref; we refuse instead of losing their commit."""
    Arkiv(arkivsti).arkiver(arkivdata.hendelse("forste"))
    fremmed = {}

    def steg(navn: str) -> None:
        if navn == "commit":
            tre = git(arkivsti, "rev-parse", "HEAD^{tree}").strip()
            c = git(arkivsti, "commit-tree", tre, "-p", "HEAD", "-m", "fremmed").strip()
            git(arkivsti, "update-ref", "refs/heads/main", c)
            fremmed["commit"] = c

    with pytest.raises(ArkivFeil, match="Grenen refs/heads/main ble flyttet"):
        Arkiv(arkivsti, steg=steg).arkiver(arkivdata.hendelse("andre"))
    assert git(arkivsti, "rev-parse", "HEAD").strip() == fremmed["commit"]
    assert "andre/v1/vedtatt" not in git(arkivsti, "tag")


def test_failed_signing_leaves_commit_and_rerun_only_adds_the_tag(arkiv, arkivsti, tmp_path):
    arkiv.arkiver(arkivdata.hendelse("forste"))
    git(arkivsti, "config", "gpg.format", "ssh")
    git(arkivsti, "config", "user.signingkey", str(tmp_path / "finnes-ikke.pub"))
    with pytest.raises(ArkivFeil, match="Kunne ikke signere taggen gauldal-landbruk/v1/vedtatt"):
        arkiv.arkiver(arkivdata.hendelse())
    assert git(arkivsti, "rev-list", "--count", "HEAD").strip() == "2"
    git(arkivsti, "config", "--unset", "user.signingkey")
    commit = arkiv.arkiver(arkivdata.hendelse())
    assert git(arkivsti, "rev-list", "--count", "HEAD").strip() == "2"
    assert git(arkivsti, "rev-parse", "gauldal-landbruk/v1/vedtatt^{commit}").strip() == commit
    assert verifiser(arkivsti) == []


def test_template_snapshot_round_trips_through_the_archive(arkiv, tmp_path):
    from avtaleflyt.arkiv import mal_filer

    maler = tmp_path / "templates"
    (maler / "klausuler").mkdir(parents=True)
    (maler / "avtale.md.j2").write_text("# {{ tittel }}\n")
    (maler / "klausuler" / "uttreden.md.j2").write_text("Oppsigelse: {{ n }} måneder\n")
    (maler / "__pycache__").mkdir()
    (maler / "__pycache__" / "x.pyc").write_bytes(b"\x00")
    snapshot = mal_filer(maler)
    assert sorted(snapshot) == ["maler/avtale.md.j2", "maler/klausuler/uttreden.md.j2"]
    h = arkivdata.hendelse()
    arkiv.arkiver(arkivdata.hendelse(files={**h.files, **snapshot}))
    assert (
        arkiv.les_fil(
            "gauldal-landbruk", "maler/klausuler/uttreden.md.j2", ved="gauldal-landbruk/v1/vedtatt"
        )
        == "Oppsigelse: {{ n }} måneder\n".encode()
    )


def test_a_clone_without_journal_verifies_and_can_continue_archiving(arkiv, arkivsti, tmp_path):
    arkiv.arkiver(arkivdata.hendelse())
    arkiv.arkiver(arkivdata.hendelse(type_="signert", dato=dt.date(2026, 5, 2)))
    speil = tmp_path / "speil"
    subprocess.run(["git", "clone", "-q", str(arkivsti), str(speil)], check=True)
    git(speil, "fetch", "-q", "--tags")
    assert verifiser(speil, rerender=arkivdata.gjengi) == []
    assert [e.hendelse for e in Arkiv(speil).hendelser("gauldal-landbruk")] == [
        "vedtatt",
        "signert",
    ]
    Arkiv(speil).arkiver(arkivdata.hendelse("annen"))
    assert verifiser(speil, rerender=arkivdata.gjengi) == []
