"""`avtale archive` on a shared archive: it fetches before it plans, so a second host sees the
first host's event as archived (not «ny», not a second commit), and an unreachable server stops it
with one line and exit 2."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from avtaleflyt import tjenester
from avtaleflyt.arkiv import Arkiv
from avtaleflyt.arkiv.fjern import koble
from avtaleflyt.cli.main import app
from avtaleflyt.yaml_dump import dump_avtale
from tests.arkiv.arkivdata import git
from tests.prosess.prosessdata import PROSESS_YAML, lag_avtale

KS = (
    ("5027", "mg-ks-2026-03-19"),
    ("5028", "melhus-ks-2026-03-24"),
    ("5029", "skaun-ks-2026-03-26"),
)


@pytest.fixture
def mappe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The process tests' three-municipality agreement, adopted by all three councils."""
    folder = tmp_path / "avtaler" / "lonn-regnskap"
    folder.mkdir(parents=True)
    (folder / "avtale.yaml").write_text(dump_avtale(lag_avtale()), encoding="utf-8")
    (folder / "prosess.yaml").write_text(PROSESS_YAML, encoding="utf-8")
    monkeypatch.setenv("AVTALE_AVTALER", str(folder.parent))
    for nr, mote in KS:
        tjenester.registrer_vedtak(
            folder,
            mote=mote,
            kommune=nr,
            utfall="vedtatt",
            vedtakstekst="Vedtatt.",
            at=dt.date.fromisoformat(mote[-10:]),
        )
    return folder


def vert(sti: Path, url: str) -> Path:
    arkiv = Arkiv(sti)
    arkiv.opprett()
    with arkiv.repo() as repo:
        koble(repo, url)
    return sti


def arkiver(arkiv: Path):
    return CliRunner().invoke(
        app, ["archive", "lonn-regnskap", "--at", "2026-03-27", "--arkiv", str(arkiv)]
    )


def test_the_second_host_plans_against_the_shared_archive(mappe: Path, tmp_path: Path) -> None:
    fjern = tmp_path / "fjern.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(fjern)], check=True)
    a, b = vert(tmp_path / "a", str(fjern)), vert(tmp_path / "b", str(fjern))

    forste = arkiver(a)
    assert forste.exit_code == 0, forste.output
    assert "lonn-regnskap/v1/vedtatt" in forste.output and "arkivert nå (" in forste.output
    andre = arkiver(b)
    assert andre.exit_code == 0, andre.output
    assert "2026-03-26  allerede arkivert" in andre.output
    assert "0 hendelser arkivert nå, 1 var arkivert fra før" in andre.output
    assert git(b, "rev-parse", "HEAD") == git(fjern, "rev-parse", "main")
    assert git(fjern, "rev-list", "--count", "main").strip() == "1"
    verifisert = CliRunner().invoke(app, ["verify", "--arkiv", str(fjern)])
    assert verifisert.exit_code == 0, verifisert.output


def test_an_unreachable_server_archives_nothing_with_exit_2(mappe: Path, tmp_path: Path) -> None:
    a = vert(tmp_path / "a", str(tmp_path / "finnes-ikke.git"))
    svar = arkiver(a)
    assert svar.exit_code == 2, svar.output
    assert "Fjernarkivet «origin»" in svar.output and "kunne ikke hentes" in svar.output
    assert "Traceback" not in svar.output
    assert git(a, "rev-parse", "-q", "--verify", "HEAD", sjekk=False) == ""


def test_fjernarkiv_sets_up_a_new_host_that_takes_the_shared_history(
    mappe: Path, tmp_path: Path
) -> None:
    fjern = tmp_path / "fjern.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(fjern)], check=True)
    forste = arkiver(vert(tmp_path / "a", str(fjern)))
    assert forste.exit_code == 0, forste.output
    ny = tmp_path / "ny-vert"
    svar = CliRunner().invoke(
        app,
        [
            "archive",
            "lonn-regnskap",
            "--at",
            "2026-03-27",
            "--arkiv",
            str(ny),
            "--fjernarkiv",
            str(fjern),
        ],
    )
    assert svar.exit_code == 0, svar.output
    assert f"Arkivet {ny} deles gjennom {fjern}" in svar.output
    assert "2026-03-26  allerede arkivert" in svar.output
    assert git(ny, "config", "avtaleflyt.fjern").strip() == "origin"
    assert git(ny, "rev-parse", "HEAD") == git(fjern, "rev-parse", "main")


def test_fjernarkiv_that_cannot_be_reached_is_one_line_and_exit_2(
    mappe: Path, tmp_path: Path
) -> None:
    svar = CliRunner().invoke(
        app,
        ["archive", "--arkiv", str(tmp_path / "a"), "--fjernarkiv", str(tmp_path / "borte.git")],
    )
    assert svar.exit_code == 2, svar.output
    assert "kunne ikke deles gjennom" in svar.output and "kunne ikke hentes" in svar.output
    assert "Traceback" not in svar.output
