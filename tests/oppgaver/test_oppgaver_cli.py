"""`avtale oppgaver` as a clerk runs it: the table, --kommune, --json, and the exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from avtaleflyt.cli.main import app
from avtaleflyt.nettsted import MILJOVARIABEL, side_url
from avtaleflyt.yaml_dump import dump_avtale
from tests.oppgaver.test_oppgaver import AVTALE, KS, SAKSFRAMLEGG
from tests.prosess.prosessdata import DROFTING

runner = CliRunner()


@pytest.fixture
def avtaler(tmp_path: Path) -> Path:
    mappe = tmp_path / "avtaler" / AVTALE.id
    mappe.mkdir(parents=True)
    (mappe / "avtale.yaml").write_text(dump_avtale(AVTALE), encoding="utf-8")
    data = {
        "avtale": AVTALE.id,
        "moter": KS,
        "drofting": [DROFTING],
        "saksframlegg": SAKSFRAMLEGG,
    }
    (mappe / "prosess.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return mappe.parent


def run(*args):
    return runner.invoke(app, ["oppgaver", *args])


def test_table_marks_the_missing_vedtak_as_overdue(avtaler):
    r = run("--avtaler", str(avtaler), "--at", "2026-03-20")
    assert r.exit_code == 0, r.output
    for tekst in (
        "Oppgaver per 2026-03-20",
        "Midtre Gauldal kommune (5027)",
        "men vedtaket er",
        "forfalt, 1 over",
        "1 oppgave(r) har passert fristen.",
    ):
        assert tekst in r.stdout, tekst


def test_json_for_one_municipality(avtaler, monkeypatch):
    monkeypatch.delenv(MILJOVARIABEL, raising=False)
    r = run("--avtaler", str(avtaler), "--at", "2026-03-20", "--kommune", "5028", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["dato"] == "2026-03-20" and data["kommune"] == "5028"
    [oppgave] = data["oppgaver"]
    assert oppgave["art"] == "behandling" and oppgave["frist"] == "2026-03-24"
    assert oppgave["virkedager_igjen"] == 2 and oppgave["forfalt"] is False
    assert oppgave["kommunenavn"] == "Melhus kommune" and oppgave["lenke"] is None


def test_json_links_to_the_agreement_page_when_the_site_is_configured(avtaler, monkeypatch):
    monkeypatch.setenv(MILJOVARIABEL, "https://avtaler.example.no/")
    r = run("--avtaler", str(avtaler), "--at", "2026-03-20", "--kommune", "5028", "--json")
    [oppgave] = json.loads(r.stdout)["oppgaver"]
    assert oppgave["lenke"] == side_url("lonn-regnskap", "5028")
    assert oppgave["lenke"].startswith("https://avtaler.example.no/")


def test_nothing_to_do(avtaler):
    r = run("--avtaler", str(avtaler), "--at", "2026-03-20", "--kommune", "5029")
    assert r.exit_code == 0 and "Skaun kommunestyre" in r.stdout
    r = run("--avtaler", str(avtaler), "--at", "2027-01-04", "--kommune", "5028")
    assert r.exit_code == 0 and "Melhus kommunestyre behandlet avtalen" in r.stdout


def test_bad_input_exits_2_with_a_norwegian_message(avtaler, tmp_path):
    r = run("--avtaler", str(avtaler), "--kommune", "9999")
    assert r.exit_code == 2 and "kommune 9999 deltar ikke i noen avtale" in r.stderr
    r = run("--avtaler", str(tmp_path / "finnes-ikke"))
    assert r.exit_code == 2 and "fant ingen avtaler" in r.stderr
    r = run("--avtaler", str(avtaler), "--at", "20.3.2026")
    assert r.exit_code == 2 and "ÅÅÅÅ-MM-DD" in r.stderr


def test_a_broken_agreement_is_reported_and_the_others_listed(avtaler):
    odelagt = avtaler / "odelagt"
    odelagt.mkdir()
    (odelagt / "avtale.yaml").write_text("id: odelagt\ntype: ukjent\n", encoding="utf-8")
    r = run("--avtaler", str(avtaler), "--at", "2026-03-20", "--json")
    assert r.exit_code == 2
    assert json.loads(r.stdout)["utelatt"] == ["odelagt"]
    assert "odelagt: avtalen er utelatt; rett feilene over først" in r.stderr
    assert len(json.loads(r.stdout)["oppgaver"]) == 3


def test_varsler_without_a_server_exits_2(monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    r = runner.invoke(app, ["varsler", "--webhook", "http://127.0.0.1:9/varsel"])
    assert r.exit_code == 2 and "PREFECT_API_URL er ikke satt" in r.stderr
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    r = runner.invoke(app, ["varsler", "--webhook", "http://127.0.0.1:9/varsel"])
    assert r.exit_code == 2
    assert "får ikke kontakt med Prefect-serveren på http://127.0.0.1:9/api" in r.stderr
    assert "Traceback" not in r.output
