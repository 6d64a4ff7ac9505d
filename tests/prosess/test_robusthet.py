"""Broken or hostile prosess.yaml gives findings, never a traceback; concurrent appends lose nothing."""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path

import pytest

from avtaleflyt.prosess import load_process, record_consultation, validate_process_file
from schemas.prosess import Drofting
from tests.prosess.prosessdata import D, lag_avtale

BAD = [
    b"",
    b"- bare en liste\n",
    b"avtale: [\n",
    b"avtale: x\navtale: y\n",
    b"\xff\xfe\x00",
    b"avtale: lonn-regnskap\nmoter: 5\n",
    b"avtale: lonn-regnskap\nmoter:\n  - id: A B\n    kommuner: []\n    organ: byraad\n"
    b"    dato: i morgen\n    behandling: x\n",
    b"avtale: lonn-regnskap\nvedtak:\n  - {id: v, kommune: '5027', organ: kommunestyre, mote: m, motedato: 2026-01-01,"
    b" utfall: vedtatt, vedtakstekst: x, versjon: 0, avtale_hash: abc, votering: {for: -1}}\n",
    b"a: &a [*a]\n",
    b"avtale: lonn-regnskap\ninnstillinger: {saksframlegg_frist_dager: 1000}\n",
]


@pytest.mark.parametrize("raw", BAD)
def test_bad_files_become_findings(tmp_path: Path, raw: bytes):
    path = tmp_path / "prosess.yaml"
    path.write_bytes(raw)
    findings = validate_process_file(path, "prosess.yaml", lag_avtale(), at=D(2026, 3, 1))
    assert findings, raw
    assert all(f.severity == "feil" and f.message for f in findings)
    assert all(f.file == "prosess.yaml" for f in findings)


def test_schema_findings_name_field_and_line(tmp_path: Path):
    path = tmp_path / "prosess.yaml"
    path.write_bytes(BAD[6])
    findings = validate_process_file(path, "prosess.yaml", None, at=D(2026, 3, 1))
    by_path = {f.path: f for f in findings}
    assert by_path["moter.0.organ"].line == 5
    assert by_path["moter.0.dato"].message == "må være en dato på formen ÅÅÅÅ-MM-DD"
    assert "moter.0.kommuner" in by_path and "moter.0.id" in by_path


def _append_one(folder: str, i: int) -> None:
    d = Drofting(
        id=f"d-{i}",
        dato=D(2026, 2, 1),
        kommuner=["5027"],
        organisasjoner=["Delta"],
        protokoll=f"p{i}",
    )
    record_consultation(Path(folder), d, D(2026, 2, 2), avtale=lag_avtale())


def test_concurrent_appends_keep_every_record(mappe: Path):
    ctx = mp.get_context("fork")
    procs = [ctx.Process(target=_append_one, args=(str(mappe), i)) for i in range(6)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    assert all(p.exitcode == 0 for p in procs)
    ids = {d.id for d in load_process(mappe / "prosess.yaml").prosess.drofting}
    assert ids == {"drofting-2026-02-16"} | {f"d-{i}" for i in range(6)}
    text = (mappe / "prosess.yaml").read_text(encoding="utf-8")
    assert "# Formannskapene innstiller" in text


def test_unanimous_vote_with_votes_against_is_refused(tmp_path: Path):
    path = tmp_path / "prosess.yaml"
    path.write_text(
        "avtale: lonn-regnskap\nvedtak:\n  - id: v1\n    kommune: '5027'\n    organ: kommunestyre\n"
        "    mote: m1\n    motedato: 2026-01-01\n    utfall: vedtatt\n    vedtakstekst: x\n    versjon: 1\n"
        f"    avtale_hash: {'a' * 64}\n    votering: {{enstemmig: true, mot: 3}}\n",
        encoding="utf-8",
    )
    [f] = validate_process_file(path, "prosess.yaml", None, at=D(2026, 3, 1))
    assert f.path == "vedtak.0.votering" and f.line == 12
    assert f.message == "et enstemmig vedtak kan ikke ha 3 stemmer mot"
