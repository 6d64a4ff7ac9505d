"""Where `avtale new` and the other commands look for agreements when no folder is given.

A lawyer with a checkout of avtaleflyt who works in her own folder must get `./agreements` there,
not a new agreement written into the checkout's examples.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROT = Path(__file__).resolve().parents[2]


def _avtale(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "AVTALE_AVTALER"}
    return subprocess.run(
        [sys.executable, "-m", "avtaleflyt.cli.main", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_new_outside_the_checkout_writes_into_the_working_folder(tmp_path):
    resultat = _avtale(["new", "samarbeidsavtale", "egen-avtale"], tmp_path)
    assert resultat.returncode == 0, resultat.stderr
    assert (tmp_path / "agreements" / "egen-avtale" / "avtale.yaml").is_file()
    assert not (ROT / "agreements" / "egen-avtale").exists()
