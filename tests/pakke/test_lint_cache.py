"""The template check's cache gives exactly what a fresh check gives, and forgets on any edit."""

from __future__ import annotations

import shutil

import pytest

from avtaleflyt import lint_cache
from avtaleflyt.paths import TEMPLATES_DIR
from avtaleflyt.rendering.lint import lint_templates


@pytest.fixture
def maler(tmp_path, monkeypatch):
    monkeypatch.setenv("AVTALE_CACHE", str(tmp_path / "cache"))
    kopi = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR, kopi, ignore=shutil.ignore_patterns("__pycache__"))
    return kopi


def _cached_files(tmp_path):
    return sorted((tmp_path / "cache").glob("malkontroll-*.json"))


def test_a_hit_gives_the_same_findings_as_a_fresh_check(maler, tmp_path):
    assert lint_cache.lint_templates(maler) == lint_templates(maler)
    (fil,) = _cached_files(tmp_path)
    assert lint_cache.lint_templates(maler) == lint_templates(maler)
    assert _cached_files(tmp_path) == [fil]


def test_an_edited_template_is_checked_afresh(maler, tmp_path):
    assert lint_cache.lint_templates(maler) == []
    mal = maler / "avtaler" / "vertskommune.j2"
    mal.write_text(
        mal.read_text(encoding="utf-8") + "\n{{ avtale.finnes_ikke }}\n", encoding="utf-8"
    )
    funn = lint_cache.lint_templates(maler)
    assert funn and {f.rule for f in funn} == {"MAL-UKJENT-FELT"}
    assert funn == lint_templates(maler)
    assert len(_cached_files(tmp_path)) == 2


def test_a_removed_file_and_a_broken_cache_entry_are_no_trouble(maler, tmp_path):
    lint_cache.lint_templates(maler)
    (fil,) = _cached_files(tmp_path)
    fil.write_text("[{", encoding="utf-8")
    assert lint_cache.lint_templates(maler) == lint_templates(maler) == []
    (maler / "referanse.docx").unlink()
    assert [f.rule for f in lint_cache.lint_templates(maler)] == ["MAL-MANGLER"]


def test_the_key_covers_templates_and_checking_code(maler):
    before = lint_cache.digest(maler)
    (maler / "README.md").write_text("endret", encoding="utf-8")
    assert lint_cache.digest(maler) != before
    assert any(p.name == "lint.py" for base in lint_cache._CODE for p in lint_cache._files(base))
