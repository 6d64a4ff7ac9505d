"""`avtale verify` as a user runs it: exit 0 clean, 1 on findings, 2 when it cannot run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from avtaleflyt.arkiv import Arkiv
from tests.arkiv import arkivdata
from tests.arkiv.arkivdata import git


def avtale(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    kode = "from avtaleflyt.cli.main import main; main()"
    return subprocess.run(
        [sys.executable, "-c", kode, *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_verify_clean_then_with_findings(arkivsti: Path):
    Arkiv(arkivsti).arkiver(arkivdata.hendelse())
    ren = avtale("verify", "--arkiv", str(arkivsti), "--uten-gjengivelse")
    assert ren.returncode == 0, ren.stderr
    assert "Ingen funn" in ren.stdout
    (arkivsti / "gauldal-landbruk/avtale.json").write_text("{}")
    git(arkivsti, "commit", "-qam", "tukl")
    skitten = avtale("verify", "gauldal-landbruk", "--arkiv", str(arkivsti), "--uten-gjengivelse")
    assert skitten.returncode == 1
    assert (
        "ARKIV-SJEKKSUM" in skitten.stdout and "funn i avtalen gauldal-landbruk" in skitten.stdout
    )
    assert "Traceback" not in skitten.stderr


def test_verify_without_archive_exits_2_with_norwegian_message(tmp_path: Path):
    ut = avtale("verify", "--arkiv", str(tmp_path / "mangler"))
    assert ut.returncode == 2
    assert "Fant ikke noe arkiv" in ut.stderr and "Traceback" not in ut.stderr


def test_verify_uses_env_archive(arkivsti: Path):
    import os

    Arkiv(arkivsti).arkiver(arkivdata.hendelse())
    ut = avtale("verify", "--uten-gjengivelse", env={**os.environ, "AVTALE_ARKIV": str(arkivsti)})
    assert ut.returncode == 0, ut.stderr
