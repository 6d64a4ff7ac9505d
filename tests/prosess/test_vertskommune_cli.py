"""End to end through the CLI for a vertskommune agreement: from drøfting to i kraft."""

from __future__ import annotations

import json

from click.testing import CliRunner

from avtaleflyt.cli.main import app
from avtaleflyt.yaml_dump import dump_avtale
from tests.prosess.prosessdata import PROSESS_YAML, lag_avtale

runner = CliRunner()


def run(*args):
    r = runner.invoke(app, list(args))
    return r


def status(at):
    r = run("status", "lonn-regnskap", "--at", at, "--format", "json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_vertskommune_from_consultation_to_in_force(tmp_path, monkeypatch):
    folder = tmp_path / "lonn-regnskap"
    folder.mkdir()
    (folder / "avtale.yaml").write_text(dump_avtale(lag_avtale("vertskommune")), encoding="utf-8")
    (folder / "prosess.yaml").write_text(PROSESS_YAML, encoding="utf-8")
    monkeypatch.setenv("AVTALE_AVTALER", str(tmp_path))

    assert status("2026-02-20")["tilstand"] == "klar_til_politisk_behandling"
    for kommune, mote, at in (
        ("5027", "mg-ks-2026-03-19", "2026-03-19"),
        ("5028", "melhus-ks-2026-03-24", "2026-03-24"),
        ("5029", "skaun-ks-2026-03-26", "2026-03-26"),
    ):
        r = run(
            "record",
            "saksframlegg",
            "lonn-regnskap",
            "--mote",
            mote,
            "--kommune",
            kommune,
            "--dato",
            "2026-03-06",
            "--at",
            "2026-03-06",
        )
        assert r.exit_code == 0, r.output
        r = run(
            "record",
            "decision",
            "lonn-regnskap",
            "--mote",
            mote,
            "--kommune",
            kommune,
            "--utfall",
            "vedtatt",
            "--vedtakstekst",
            "Avtalen vedtas.",
            "--enstemmig",
            "--at",
            at,
        )
        assert r.exit_code == 0, r.output
    st = status("2026-03-26")
    assert st["tilstand"] == "vedtatt"
    regler = {f["regel"] for f in st["funn"]}
    assert {"PROSESS-DELEGERING", "PROSESS-STATSFORVALTER"} <= regler
    assert any("Skaun kommunestyre har ikke vedtatt delegeringen" in m for m in st["mangler"])

    for kommune, mote in (("5027", "mg-ks-2026-03-19"), ("5029", "skaun-ks-2026-03-26")):
        r = run(
            "record",
            "delegation",
            "lonn-regnskap",
            "--mote",
            mote,
            "--kommune",
            kommune,
            "--vedtakstekst",
            "Kommunedirektøren gis fullmakt til å delegere til Melhus.",
            "--at",
            "2026-03-27",
        )
        assert r.exit_code == 0, r.output
    r = run(
        "record",
        "notice",
        "lonn-regnskap",
        "--dato",
        "2026-03-30",
        "--dokument",
        "2026/77-1",
        "--at",
        "2026-03-30",
    )
    assert r.exit_code == 0, r.output
    for kommune in ("5027", "5028", "5029"):
        r = run(
            "record",
            "signature",
            "lonn-regnskap",
            "--kommune",
            kommune,
            "--dato",
            "2026-04-08",
            "--at",
            "2026-04-08",
        )
        assert r.exit_code == 0, r.output
    r = run(
        "record", "entry-into-force", "lonn-regnskap", "--dato", "2026-05-01", "--at", "2026-04-08"
    )
    assert r.exit_code == 0, r.output

    st = status("2026-04-30")
    assert st["tilstand"] == "signert" and st["funn"] == []
    st = status("2026-05-01")
    assert st["tilstand"] == "i_kraft" and st["gjeldende_versjon"] == 1 and st["mangler"] == []

    # a notice dated in the future is refused, the file is unchanged
    before = (folder / "prosess.yaml").read_bytes()
    r = run("record", "notice", "lonn-regnskap", "--dato", "2026-06-01", "--at", "2026-05-01")
    assert r.exit_code == 1 and "PROSESS-DATO-FREMTID" in r.stderr
    assert (folder / "prosess.yaml").read_bytes() == before
