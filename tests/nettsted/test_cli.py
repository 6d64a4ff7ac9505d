"""`avtale nettsted` as a user runs it: exit 0 with a site, 1 when the check finds something,
2 with one Norwegian line when the path is not an archive or the date is not a date."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.arkiv.arkivdata import git


def avtale(*args: str) -> subprocess.CompletedProcess:
    kode = "from avtaleflyt.cli.main import main; main()"
    return subprocess.run(
        [sys.executable, "-c", kode, *args], capture_output=True, text=True, timeout=300
    )


def _en_linje(ut: subprocess.CompletedProcess) -> str:
    assert ut.returncode == 2, (ut.stdout, ut.stderr)
    assert "Traceback" not in ut.stderr
    linjer = ut.stderr.strip().splitlines()
    assert len(linjer) == 1, ut.stderr
    return linjer[0]


def test_missing_path_file_and_plain_repository_are_refused(tmp_path: Path):
    ut = tmp_path / "side"
    assert "finnes ikke" in _en_linje(
        avtale("nettsted", "--arkiv", str(tmp_path / "x"), "--out", str(ut))
    )
    fil = tmp_path / "fil.txt"
    fil.write_text("x")
    assert "er en fil" in _en_linje(avtale("nettsted", "--arkiv", str(fil), "--out", str(ut)))
    assert "ikke et git-repo" in _en_linje(
        avtale("nettsted", "--arkiv", str(tmp_path), "--out", str(ut))
    )
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    git(
        repo,
        "-c",
        "user.name=a",
        "-c",
        "user.email=a@b",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "x",
    )
    assert "ikke et avtaleflyt-arkiv" in _en_linje(
        avtale("nettsted", "--arkiv", str(repo), "--out", str(ut))
    )
    assert not ut.exists()


@pytest.mark.parametrize("dato", ["2027-13-01", "i går"])
def test_bad_date_is_refused(tmp_path: Path, dato: str):
    assert "Ugyldig dato" in _en_linje(
        avtale("nettsted", "--arkiv", str(tmp_path), "--out", str(tmp_path / "s"), "--dato", dato)
    )


def test_demo_archive_builds_and_says_where(demo, tmp_path: Path):
    ut = tmp_path / "side"
    svar = avtale("nettsted", "--arkiv", str(demo.arkiv), "--out", str(ut), "--uten-gjengivelse")
    assert svar.returncode == 0, svar.stderr
    assert "Nettstedet er skrevet til" in svar.stdout and (ut / "index.html").is_file()
    igjen = avtale("nettsted", "--arkiv", str(demo.arkiv), "--out", str(ut), "--uten-gjengivelse")
    assert igjen.returncode == 0 and "0 filer skrevet" in igjen.stdout
