"""`avtale archive [ID] [--at DATO] [--arkiv STI]`: every event the records make due, once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner

from avtaleflyt import tjenester
from avtaleflyt.cli.main import app

D = dt.date
KS = (
    ("5027", "mg-ks-2026-03-19"),
    ("5028", "melhus-ks-2026-03-24"),
    ("5029", "skaun-ks-2026-03-26"),
)


def run(*args):
    return CliRunner().invoke(app, list(args))


def _vedta(mappe: Path, hasher: dict[str, str] | None = None) -> None:
    for nr, mote in KS:
        tjenester.registrer_vedtak(
            mappe,
            mote=mote,
            kommune=nr,
            utfall="vedtatt",
            vedtakstekst="Vedtatt.",
            avtale_hash=(hasher or {}).get(nr),
            at=D.fromisoformat(mote[-10:]),
        )


def test_nothing_due_yet(mappe, tmp_path):
    r = run("archive", "lonn-regnskap", "--at", "2026-03-20", "--arkiv", str(tmp_path / "arkiv"))
    assert r.exit_code == 0, r.output
    assert "lonn-regnskap: ingen hendelser er forfalt per 2026-03-20" in r.output


def test_archives_each_due_event_once_and_says_so(mappe, tmp_path):
    _vedta(mappe)
    arkiv = str(tmp_path / "arkiv")
    r = run(
        "archive", "--at", "2026-03-27", "--arkiv", arkiv
    )  # every agreement under AVTALE_AVTALER
    assert r.exit_code == 0, r.output
    assert "lonn-regnskap/v1/vedtatt" in r.output and "2026-03-26  arkivert nå (" in r.output
    assert "1 hendelse arkivert nå, 0 var arkivert fra før" in r.output
    igjen = run("archive", "lonn-regnskap", "--at", "2026-03-27", "--arkiv", arkiv)
    assert igjen.exit_code == 0, igjen.output
    assert "2026-03-26  allerede arkivert" in igjen.output
    assert "0 hendelser arkivert nå, 1 var arkivert fra før" in igjen.output


def test_adoptions_of_different_texts_are_refused_with_exit_1(mappe, tmp_path):
    _vedta(mappe, {"5029": "b" * 64})
    r = run("archive", "lonn-regnskap", "--at", "2026-03-27", "--arkiv", str(tmp_path / "arkiv"))
    assert r.exit_code == 1, r.output
    assert (
        "Alle kommunestyrer må vedta samme tekst" in r.output
        and "Ingenting er arkivert" in r.output
    )


def test_what_cannot_run_exits_2(mappe, tmp_path):
    ukjent = run("archive", "finnes-ikke", "--arkiv", str(tmp_path / "arkiv"))
    assert ukjent.exit_code == 2 and "fant ingen avtale" in ukjent.output
    dato = run("archive", "lonn-regnskap", "--at", "27.3.2026", "--arkiv", str(tmp_path / "arkiv"))
    assert dato.exit_code == 2 and "ÅÅÅÅ-MM-DD" in dato.output
    (mappe / "prosess.yaml").write_text("avtale: lonn-regnskap\nvedtak: [1]\n", encoding="utf-8")
    ugyldig = run(
        "archive", "lonn-regnskap", "--at", "2026-03-27", "--arkiv", str(tmp_path / "arkiv")
    )
    assert ugyldig.exit_code == 2 and "rett feilene over først" in ugyldig.output
