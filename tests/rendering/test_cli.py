"""`avtale render` and `avtale lint-templates` as a user runs them."""

from __future__ import annotations

import shutil

import yaml
from click.testing import CliRunner

from avtaleflyt.cli.main import app
from avtaleflyt.paths import AGREEMENTS_DIR, TEMPLATES_DIR
from avtaleflyt.rendering import avtale_hash
from tests.rendering.conftest import load_example

runner = CliRunner()


def test_render_writes_all_formats_and_prints_hash(tmp_path):
    result = runner.invoke(app, ["render", "gauldal-lonn-regnskap", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for ext in ("docx", "md", "html"):
        assert (tmp_path / f"gauldal-lonn-regnskap.{ext}").is_file()
        assert f"gauldal-lonn-regnskap.{ext}" in result.output
    assert f"avtale-hash {avtale_hash(load_example('gauldal-lonn-regnskap'))}" in result.output


def test_render_accepts_a_path_and_a_format_list(tmp_path):
    path = AGREEMENTS_DIR / "gauldal-viltnemnd" / "avtale.yaml"
    result = runner.invoke(app, ["render", str(path), "--format", "md", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["gauldal-viltnemnd.md"]


def test_invalid_agreement_exits_1_with_findings(tmp_path):
    folder = tmp_path / "ugyldig"
    folder.mkdir()
    data = yaml.safe_load(
        (AGREEMENTS_DIR / "gauldal-lonn-regnskap" / "avtale.yaml").read_text(encoding="utf-8")
    )
    data["id"] = "ugyldig"
    del data["underretning"]  # kommuneloven § 20-4 tredje ledd bokstav e
    (folder / "avtale.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(app, ["render", f"{folder}/", "--out", str(tmp_path / "ut")])
    assert result.exit_code == 1
    assert "feil" in result.output
    assert not (tmp_path / "ut").exists()


def test_unknown_format_is_refused(tmp_path):
    result = runner.invoke(
        app, ["render", "gauldal-lonn-regnskap", "--format", "pdf", "--out", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "ukjent format" in result.output


def test_lint_templates_ok_and_failing(tmp_path):
    ok = runner.invoke(app, ["lint-templates"])
    assert ok.exit_code == 0 and "malene er i orden" in ok.output
    broken = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR, broken, ignore=shutil.ignore_patterns("__pycache__"))
    p = broken / "avtaler" / "iks.j2"
    p.write_text(
        p.read_text(encoding="utf-8").replace("{{ avtale.navn }}", "selskapet"), encoding="utf-8"
    )
    result = runner.invoke(app, ["lint-templates", "--maler", str(broken)])
    assert result.exit_code == 1
    assert "MAL-LOVKRAV" in result.output and "navn" in result.output
