"""The commands: avtale status, avtale record ..., avtale calendar (injected dates via --at)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from avtaleflyt.cli.main import app
from avtaleflyt.prosess import avtale_hash, load_process
from tests.prosess.prosessdata import lag_avtale

runner = CliRunner()


@pytest.fixture
def avtaler(mappe: Path, monkeypatch) -> Path:
    monkeypatch.setenv("AVTALE_AVTALER", str(mappe.parent))
    return mappe


def run(*args):
    return runner.invoke(app, list(args))


def test_status_json(avtaler):
    r = run("status", "lonn-regnskap", "--at", "2026-02-20", "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["tilstand"] == "klar_til_politisk_behandling"
    assert {f["kommune"] for f in data["frister"]} == {"5027", "5028", "5029"}


def test_status_all_agreements_table(avtaler):
    r = run("status", "--at", "2026-03-20")
    assert r.exit_code == 0, r.output
    assert "lonn-regnskap" in r.stdout and "til politisk behandling" in r.stdout
    assert "Melhus kommunestyre har ikke vedtatt versjon 1" in r.stdout


def test_status_unknown_agreement_exits_2(avtaler):
    r = run("status", "finnes-ikke", "--at", "2026-02-20")
    assert r.exit_code == 2 and "fant ingen avtale" in r.stderr


def test_record_decision_then_refuse_duplicate(avtaler):
    args = (
        "record",
        "decision",
        "lonn-regnskap",
        "--mote",
        "mg-ks-2026-03-19",
        "--kommune",
        "5027",
        "--utfall",
        "vedtatt",
        "--vedtakstekst",
        "Avtalen vedtas.",
        "--for",
        "21",
        "--mot",
        "4",
        "--at",
        "2026-03-20",
    )
    r = run(*args)
    assert r.exit_code == 0, r.output
    [v] = load_process(avtaler / "prosess.yaml").prosess.vedtak
    assert (v.organ, v.motedato.isoformat(), v.saksnummer, v.votering.for_) == (
        "kommunestyre",
        "2026-03-19",
        "PS 14/26",
        21,
    )
    before = (avtaler / "prosess.yaml").read_bytes()
    r = run(*args)
    assert r.exit_code == 1
    assert "PROSESS-DUPLIKAT" in r.stderr and "korrigerer" in r.stderr
    assert (avtaler / "prosess.yaml").read_bytes() == before


def test_record_decision_unknown_meeting_and_bad_input(avtaler):
    r = run(
        "record",
        "decision",
        "lonn-regnskap",
        "--mote",
        "mg-ks-2099",
        "--kommune",
        "5027",
        "--utfall",
        "vedtatt",
        "--vedtakstekst",
        "x",
        "--at",
        "2026-03-20",
    )
    assert r.exit_code == 1 and "finnes ikke i kalenderen" in r.stderr
    r = run(
        "record",
        "decision",
        "lonn-regnskap",
        "--mote",
        "mg-ks-2026-03-19",
        "--kommune",
        "5027",
        "--utfall",
        "godkjent",
        "--vedtakstekst",
        "x",
        "--at",
        "2026-03-20",
    )
    assert r.exit_code == 2 and "--utfall" in r.stderr
    r = run("status", "lonn-regnskap", "--at", "20.03.2026")
    assert r.exit_code == 2 and "ÅÅÅÅ-MM-DD" in r.stderr


def test_record_future_decision_is_refused(avtaler):
    r = run(
        "record",
        "decision",
        "lonn-regnskap",
        "--mote",
        "skaun-ks-2026-03-26",
        "--kommune",
        "5029",
        "--utfall",
        "vedtatt",
        "--vedtakstekst",
        "x",
        "--at",
        "2026-03-25",
    )
    assert r.exit_code == 1 and "PROSESS-DATO-FREMTID" in r.stderr


def test_record_consultation_and_signature(avtaler):
    r = run(
        "record",
        "consultation",
        "lonn-regnskap",
        "--dato",
        "2026-03-01",
        "--kommune",
        "5029",
        "--organisasjon",
        "Fagforbundet",
        "--tema",
        "grunnen",
        "--protokoll",
        "2026/12-1",
        "--protokolltilforsel",
        "Fagforbundet: Uenig i tidsplanen",
        "--at",
        "2026-03-02",
    )
    assert r.exit_code == 0, r.output
    d = load_process(avtaler / "prosess.yaml").prosess.drofting[-1]
    assert d.protokolltilforsel[0].organisasjon == "Fagforbundet" and d.tema == ["grunnen"]
    # signature before the kommunestyre adopted: refused
    r = run(
        "record",
        "signature",
        "lonn-regnskap",
        "--kommune",
        "5029",
        "--dato",
        "2026-03-27",
        "--at",
        "2026-03-27",
    )
    assert r.exit_code == 1 and "PROSESS-SIGNATUR-FOR-VEDTAK" in r.stderr
    r = run(
        "record",
        "decision",
        "lonn-regnskap",
        "--mote",
        "skaun-ks-2026-03-26",
        "--kommune",
        "5029",
        "--utfall",
        "vedtatt",
        "--vedtakstekst",
        "Vedtatt.",
        "--enstemmig",
        "--at",
        "2026-03-26",
    )
    assert r.exit_code == 0, r.output
    r = run(
        "record",
        "signature",
        "lonn-regnskap",
        "--kommune",
        "5029",
        "--dato",
        "2026-03-27",
        "--at",
        "2026-03-27",
    )
    assert r.exit_code == 0, r.output
    [s] = load_process(avtaler / "prosess.yaml").prosess.signaturer
    assert (s.navn, s.rolle, s.sted) == ("Randi Viggja", "ordfører", "Børsa")  # from the agreement


def test_calendar_writes_a_parsable_ics(avtaler, tmp_path):
    out = tmp_path / "kalender.ics"
    r = run("calendar", "lonn-regnskap", "--ics", str(out), "--at", "2026-02-01")
    assert r.exit_code == 0, r.output
    cal = Calendar.from_ical(out.read_bytes())
    summaries = [str(e["SUMMARY"]) for e in cal.walk("VEVENT")]
    assert sum("Frist saksframlegg" not in s and "drøfting" not in s for s in summaries) == 4


def test_decision_takes_the_text_from_the_saksframlegg_sent_to_the_meeting(avtaler):
    h_old = "b" * 64
    r = run(
        "record",
        "saksframlegg",
        "lonn-regnskap",
        "--mote",
        "skaun-ks-2026-03-26",
        "--kommune",
        "5029",
        "--dato",
        "2026-03-12",
        "--hash",
        h_old,
        "--at",
        "2026-03-12",
    )
    assert r.exit_code == 0, r.output
    assert "PROSESS-SAMME-TEKST" in r.stderr  # warned: the saksframlegg carries another text
    r = run(
        "record",
        "decision",
        "lonn-regnskap",
        "--mote",
        "skaun-ks-2026-03-26",
        "--kommune",
        "5029",
        "--utfall",
        "vedtatt",
        "--vedtakstekst",
        "Vedtatt.",
        "--at",
        "2026-03-26",
    )
    assert r.exit_code == 0, r.output
    [v] = load_process(avtaler / "prosess.yaml").prosess.vedtak
    assert v.avtale_hash == h_old != avtale_hash(lag_avtale())
    st = json.loads(run("status", "lonn-regnskap", "--at", "2026-03-26", "--format", "json").stdout)
    assert st["tilstand"] == "endret" and st["ny_versjon_kreves"]


def test_decision_on_an_older_version_needs_its_hash(avtaler):
    r = run(
        "record",
        "decision",
        "lonn-regnskap",
        "--mote",
        "skaun-ks-2026-03-26",
        "--kommune",
        "5029",
        "--utfall",
        "vedtatt",
        "--vedtakstekst",
        "x",
        "--versjon",
        "3",
        "--at",
        "2026-03-26",
    )
    assert r.exit_code == 2 and "--hash" in r.stderr
