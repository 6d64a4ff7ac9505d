"""A full disk, a read-only archive and an archive path that is a file (issue 15 item 7): one
Norwegian line, exit 2, and nothing half-written (the archive verifies clean afterwards).

The full disk is a real 8 MB tmpfs and the read-only archive a real read-only bind mount, each in
a private mount namespace (`unshare -rm`), so the test needs no root and leaves no mount behind;
the commands run inside it and report back through files outside the mount."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from avtaleflyt.arkiv import Arkiv
from avtaleflyt.arkivering import arkiver_avtale
from tests.revisjon import hjelp

AVTALE = (
    f"avtale() {{ {sys.executable} -c 'from avtaleflyt.cli.main import main; main()' \"$@\"; }}\n"
)
"""The `avtale` command as a shell function, for the scripts run in the namespace."""


def _kan_montere() -> bool:
    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode == 0


pytestmark = pytest.mark.skipif(
    not _kan_montere(), reason="unshare -rm (user and mount namespaces) is not available here"
)


@pytest.fixture
def oppsett(tmp_path: Path) -> dict[str, Path]:
    """An archive holding one agreement's adoption, and a second agreement adopted and due."""
    avtaler = tmp_path / "avtaler"
    forste = hjelp.lag_avtale(avtaler, "forste")
    hjelp.vedta_alle(forste, dt.date(2026, 10, 1))
    arkiv = tmp_path / "arkiv"
    arkiver_avtale(forste, arkiv, dt.date(2026, 10, 5))
    andre = hjelp.lag_avtale(avtaler, "andre")
    hjelp.vedta_alle(andre, dt.date(2026, 10, 6))
    return {"rot": tmp_path, "avtaler": avtaler, "arkiv": arkiv}


def _i_navnerom(rot: Path, skript: str) -> dict[str, str]:
    """Run `skript` (sh) in a private mount namespace; `$UT/<name>` files come back as a dict."""
    ut = rot / "ut"
    ut.mkdir()
    env = {**os.environ, "UT": str(ut)}
    r = subprocess.run(
        ["unshare", "-rm", "sh", "-c", "set -u\n" + AVTALE + skript],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert r.returncode == 0, r.stdout + r.stderr
    return {f.name: f.read_text(encoding="utf-8") for f in ut.iterdir()}


def _en_norsk_linje(stderr: str) -> str:
    linjer = [linje for linje in stderr.splitlines() if linje.strip()]
    assert len(linjer) == 1 and "Traceback" not in stderr, stderr
    return linjer[0]


def test_full_disk_gives_one_line_exit_2_and_nothing_half_written(oppsett):
    m = oppsett["rot"] / "disk"
    m.mkdir()
    svar = _i_navnerom(
        oppsett["rot"],
        f"""
        mount -t tmpfs -o size=8m tmpfs {m}
        cp -a {oppsett["arkiv"]} {m}/arkiv
        git -C {m}/arkiv status -s > $UT/status  # the index learns the copied files' stat data
        git -C {m}/arkiv rev-parse HEAD > $UT/for
        dd if=/dev/zero of={m}/fyll bs=64k 2>/dev/null || true
        AVTALE_AVTALER={oppsett["avtaler"]} avtale archive andre --at 2026-10-09 \\
            --arkiv {m}/arkiv > $UT/stdout 2> $UT/stderr; echo $? > $UT/kode
        rm {m}/fyll
        git -C {m}/arkiv rev-parse HEAD > $UT/etter
        avtale verify --uten-gjengivelse --arkiv {m}/arkiv > $UT/verify 2>&1; echo $? >> $UT/verify
        """,
    )
    assert svar["kode"].strip() == "2", svar
    linje = _en_norsk_linje(svar["stderr"])
    assert "disken er full" in linje and "ingenting er arkivert" in linje.lower(), linje
    assert svar["etter"] == svar["for"]
    assert svar["verify"].strip().endswith("0"), svar["verify"]


def test_read_only_archive_gives_one_line_exit_2(oppsett):
    a = oppsett["arkiv"]
    svar = _i_navnerom(
        oppsett["rot"],
        f"""
        mount --bind {a} {a} && mount -o remount,bind,ro {a}
        AVTALE_AVTALER={oppsett["avtaler"]} avtale archive andre --at 2026-10-09 \\
            --arkiv {a} > $UT/stdout 2> $UT/stderr; echo $? > $UT/kode
        """,
    )
    assert svar["kode"].strip() == "2", svar
    assert "skrivebeskyttet" in _en_norsk_linje(svar["stderr"])
    assert [e.hendelse for e in Arkiv(a).hendelser()] == ["vedtatt"]


def test_archive_path_that_is_a_file(oppsett, tmp_path):
    fil = tmp_path / "arkivfil"
    fil.write_text("ikke et arkiv\n", encoding="utf-8")
    env = {**os.environ, "AVTALE_AVTALER": str(oppsett["avtaler"])}
    kode = "from avtaleflyt.cli.main import main; main()"
    for args in (
        ("archive", "andre", "--at", "2026-10-09", "--arkiv", str(fil)),
        ("verify", "--arkiv", str(fil)),
        ("register", "--kommune", "5027", "--arkiv", str(fil)),
        ("history", "andre", "--arkiv", str(fil)),
    ):
        r = subprocess.run(
            [sys.executable, "-c", kode, *args], capture_output=True, text=True, env=env
        )
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        linje = _en_norsk_linje(r.stderr)
        assert f"{fil} er en fil" in linje, linje
    assert fil.read_text(encoding="utf-8") == "ikke et arkiv\n"


def test_record_on_a_full_disk_leaves_prosess_yaml_as_it_was(oppsett):
    """The same promise for `avtale record`: the temporary file is removed, the old file stays."""
    m = oppsett["rot"] / "disk"
    m.mkdir()
    kilde = oppsett["avtaler"] / "andre"
    svar = _i_navnerom(
        oppsett["rot"],
        f"""
        mount -t tmpfs -o size=2m tmpfs {m}
        cp -a {kilde} {m}/andre
        sha256sum {m}/andre/prosess.yaml > $UT/for
        dd if=/dev/zero of={m}/fyll bs=4k 2>/dev/null || true
        AVTALE_AVTALER={m} avtale record notice andre --dato 2026-10-08 --sendt-av 5027 \\
            --at 2026-10-09 > $UT/stdout 2> $UT/stderr; echo $? > $UT/kode
        sha256sum {m}/andre/prosess.yaml > $UT/etter
        ls -a {m}/andre > $UT/filer
        """,
    )
    assert svar["kode"].strip() == "2", svar
    assert "disken er full" in _en_norsk_linje(svar["stderr"])
    assert svar["etter"] == svar["for"]
    assert ".prosess-" not in svar["filer"]  # no temporary file left behind
