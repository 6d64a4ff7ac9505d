"""Two processes run `register` (and read the index file whole) while a third archives events:
neither ever sees a half-written index or an answer the archive never had."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from avtaleflyt.arkiv import Arkiv, gitlag, registerindeks
from avtaleflyt.revisjon import register
from tests.revisjon.registerindeks_prosess import DAG, avtale_id, skriv

ROT = Path(__file__).resolve().parents[2]
MODUL = "tests.revisjon.registerindeks_prosess"


def test_readers_never_see_a_half_written_index_while_one_archives(tmp_path):
    arkiv = tmp_path / "arkiv"
    Arkiv(arkiv).opprett(simulering=True)
    skriv(arkiv, 1)
    register(arkiv, "5028", DAG)  # the index exists, so the writer refreshes it after each event
    stopp = tmp_path / "stopp"
    lesere = [
        subprocess.Popen(
            [sys.executable, "-m", MODUL, "les", str(arkiv), str(stopp)],
            cwd=ROT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    skriver = subprocess.run(
        [sys.executable, "-m", MODUL, "skriv", str(arkiv), "4"],
        cwd=ROT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    stopp.touch()
    ut = [p.communicate(timeout=120) for p in lesere]
    assert skriver.returncode == 0, skriver.stderr[-3000:]
    assert [p.returncode for p in lesere] == [0, 0], "\n".join(e[-3000:] for _, e in ut)
    sammendrag = [json.loads(o) for o, _ in ut]
    assert all(s["runder"] > 0 and s["med_fil"] > 0 for s in sammendrag), sammendrag
    assert len({n for s in sammendrag for n in s["antall"]}) > 1, sammendrag  # saw it change
    # the writer's last event left an index that matches the archive and answers as the log
    poster = register(arkiv, "5028", DAG)
    assert [p.avtale_id for p in poster] == [avtale_id(k) for k in range(4)]
    assert poster == register(arkiv, "5028", DAG, fra_logg=True)
    with gitlag.apne(arkiv) as repo:
        assert registerindeks.kontroller(repo) is None
    hode = json.loads((arkiv / ".git/avtaleflyt" / registerindeks.FIL).read_bytes().split(b"\n")[0])
    assert hode["nokkel"] == registerindeks.nokkel(arkiv / ".git")
