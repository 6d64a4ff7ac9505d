"""`avtale rules`: both kinds of rule from the one catalogue, and docs/lovgrunnlag.md as markdown."""

from __future__ import annotations

import json

from click.testing import CliRunner

from avtaleflyt.cli.main import app
from schemas.regler import AVTALEREGLER, PROSESSREGLER, REGLER
from schemas.regler.bygg import LOVGRUNNLAG_MD

runner = CliRunner()


def test_rules_json_har_avtale_og_prosessregler() -> None:
    result = runner.invoke(app, ["rules", "--format", "json"])
    assert result.exit_code == 0, result.output
    rader = {r["id"]: r for r in json.loads(result.stdout)}
    assert list(rader) == list(REGLER)
    assert set(AVTALEREGLER) < set(rader) and set(PROSESSREGLER) < set(rader)
    assert rader["IKSL-22-LANERAMME"]["forklaring"].endswith("[hjemmel ikke kontrollert]")
    assert not rader["PROSESS-KALENDER"]["forklaring"].endswith("[hjemmel ikke kontrollert]")
    assert (
        rader["PROSESS-KALENDER"]["hjemmel"]
        == "kommuneloven § 11-4 (møtebok: tid, sted, saker og vedtak)"
    )
    assert not rader["KL-20-4-A"]["forklaring"].endswith("[hjemmel ikke kontrollert]")


def test_rules_tekst_viser_begge_slag() -> None:
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0, result.output
    assert "KL-20-4-A" in result.stdout and "PROSESS-IKRAFT" in result.stdout


def test_rules_markdown_er_lovgrunnlag_md() -> None:
    result = runner.invoke(app, ["rules", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert result.stdout == LOVGRUNNLAG_MD.read_text(encoding="utf-8")
