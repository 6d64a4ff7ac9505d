"""The wheel works outside the checkout: built from the repository, installed in a fresh virtual
environment, `avtale` runs new, validate, render and demo from an empty folder.

Templates, the reference document, the population data and the example agreements must come from
the installed package, never from the checkout, so the commands run in a folder with nothing in it
and with the checkout off every path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from avtaleflyt import rendering
from avtaleflyt.paths import AGREEMENTS_DIR
from avtaleflyt.validation import load_agreement

pytestmark = [pytest.mark.slow, pytest.mark.pakke]

ROT = Path(__file__).resolve().parents[2]
EKSEMPEL = "gauldal-landbruk"


def _kjor(
    args: list[str], cwd: Path, env: dict[str, str], timeout: float = 900
) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def _ok(resultat: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert resultat.returncode == 0, f"{resultat.args}\n{resultat.stdout}\n{resultat.stderr}"
    return resultat


def _kildetre(mal: Path) -> Path:
    """The files git knows of (committed or new, not ignored): what a CI checkout builds from,
    without the build/ and egg-info litter of the working copy."""
    filer = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROT,
            capture_output=True,
            check=True,
        )
        .stdout.decode("utf-8")
        .split("\0")
    )
    for navn in filter(None, filer):
        kilde = ROT / navn
        if kilde.is_file() and not navn.startswith("tests/"):
            (mal / navn).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(kilde, mal / navn)
    return mal


@pytest.fixture(scope="module")
def installert(tmp_path_factory) -> dict:
    """A fresh venv with the wheel installed (dependencies pinned by constraints.txt)."""
    tmp = tmp_path_factory.mktemp("pakke")
    kilde = _kildetre(tmp / "kilde")
    dist = tmp / "dist"
    _ok(
        _kjor(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--no-deps",
                "--quiet",
                "-w",
                str(dist),
                str(kilde),
            ],
            tmp,
            dict(os.environ),
        )
    )
    (hjul,) = dist.glob("avtaleflyt-*.whl")
    venv = tmp / "venv"
    _ok(_kjor([sys.executable, "-m", "venv", str(venv)], tmp, dict(os.environ)))
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    _ok(
        _kjor(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-c",
                str(ROT / "constraints.txt"),
                str(hjul),
            ],
            tmp,
            dict(os.environ),
        )
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "VIRTUAL_ENV", "AVTALE_AVTALER", "AVTALE_ARKIV")
    }
    env["AVTALE_CACHE"] = str(tmp / "cache")
    env["PATH"] = f"{bindir}{os.pathsep}{env.get('PATH', '')}"
    arbeid = tmp / "arbeid"
    arbeid.mkdir()
    return {"python": str(python), "avtale": str(bindir / "avtale"), "env": env, "arbeid": arbeid}


def test_the_wheel_carries_its_files_and_leaves_the_checkout_alone(installert):
    ut = _ok(
        _kjor(
            [
                installert["python"],
                "-c",
                "import avtaleflyt, avtaleflyt.paths as p; "
                "print(avtaleflyt.__file__); print(p.TEMPLATES_DIR); print(p.AGREEMENTS_DIR); "
                "print(p.DATA_DIR); print(p.agreements_dir())",
            ],
            installert["arbeid"],
            installert["env"],
        )
    ).stdout.splitlines()
    modul, maler, eksempler, data, arbeidsmappe = (Path(linje) for linje in ut)
    assert ROT not in modul.parents
    for mappe in (maler, eksempler, data):
        assert ROT not in mappe.parents and mappe.is_dir()
    assert (maler / "referanse.docx").read_bytes() == (
        ROT / "templates" / "referanse.docx"
    ).read_bytes()
    assert (maler / "VERSJON").is_file() and (data / "befolkning.csv").is_file()
    assert sorted(p.name for p in eksempler.glob("*/avtale.yaml")) == sorted(
        p.name for p in AGREEMENTS_DIR.glob("*/avtale.yaml")
    )
    # New agreements go to the working folder, never into the installed package.
    assert arbeidsmappe == Path("agreements")


def test_new_then_validate_the_skeleton(installert):
    arbeid, env = installert["arbeid"], installert["env"]
    ny = _ok(_kjor([installert["avtale"], "new", "vertskommune", "test-samarbeid"], arbeid, env))
    skjelett = arbeid / "agreements" / "test-samarbeid" / "avtale.yaml"
    assert skjelett.is_file() and ny.stdout.strip().endswith("avtale.yaml")
    # The skeleton is a form to fill in: validation runs and reports what is missing (exit 1).
    sjekk = _kjor([installert["avtale"], "validate", str(skjelett)], arbeid, env)
    assert sjekk.returncode == 1, sjekk.stderr
    assert "feil" in sjekk.stdout and "1 fil kontrollert" in sjekk.stderr


def test_validate_and_render_an_example_copied_out(installert, tmp_path):
    arbeid, env = installert["arbeid"], installert["env"]
    mappe = Path(
        _ok(
            _kjor(
                [
                    installert["python"],
                    "-c",
                    f"from avtaleflyt.paths import eksempelavtaler; print(eksempelavtaler() / {EKSEMPEL!r})",
                ],
                arbeid,
                env,
            )
        ).stdout.strip()
    )
    kopi = arbeid / EKSEMPEL
    shutil.copytree(mappe, kopi)
    sjekk = _ok(_kjor([installert["avtale"], "validate", f"{EKSEMPEL}/avtale.yaml"], arbeid, env))
    assert "1 fil kontrollert: 0 feil" in sjekk.stderr
    _ok(
        _kjor(
            [installert["avtale"], "render", f"{EKSEMPEL}/avtale.yaml", "--out", "dokumenter"],
            arbeid,
            env,
        )
    )
    laget = arbeid / "dokumenter" / f"{EKSEMPEL}.docx"
    # Same templates and reference document as the checkout: the same bytes.
    assert laget.read_bytes() == rendering.render_docx(
        load_agreement(AGREEMENTS_DIR / EKSEMPEL / "avtale.yaml")
    )


def test_demo_without_prefect_archives(installert):
    arbeid, env = installert["arbeid"], installert["env"]
    _ok(_kjor([installert["avtale"], "demo", "--uten-prefect", "--ut", "demo-ut"], arbeid, env))
    arkiv = arbeid / "demo-ut" / "arkiv"
    tagger = _ok(_kjor(["git", "-C", str(arkiv), "tag"], arbeid, env)).stdout.split()
    assert tagger, "demoen arkiverte ingenting"
    assert (
        _kjor([installert["avtale"], "verify", "--arkiv", str(arkiv)], arbeid, env).returncode == 0
    )
