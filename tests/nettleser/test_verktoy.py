"""The browser tools themselves, on two small pages written here: axe-core finds what it must
(a missing `lang`, an image without text) and passes a plain accessible page, the request log sees
a request leave file://, and a screenshot is a PNG. Without this, a broken tool would let the site
and form tests pass for the wrong reason."""

from __future__ import annotations

import pytest

from tests.nettleser.conftest import forespoersler, skjermbildemappe

pytestmark = pytest.mark.requires_tool("chromium", "chromedriver")

GOD = """<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><title>Prøveside</title></head>
<body><a href="#innhold">Hopp til innhold</a>
<main id="innhold"><h1>Samarbeid</h1><p>Midtre Gauldal, Melhus og Skaun.</p></main></body></html>
"""
# no lang, an image without alternative text, and a request to a port on this machine that
# nothing listens on (the request is logged before it fails)
DARLIG = """<!doctype html>
<html><head><meta charset="utf-8"><title>Dårlig</title></head>
<body><main><h1>Dårlig</h1><img src="http://127.0.0.1:9/logo.png"></main></body></html>
"""


def test_axe_passes_an_accessible_page_and_names_the_faults_of_a_bad_one(nettleser, axe, tmp_path):
    (tmp_path / "god.html").write_text(GOD, encoding="utf-8")
    (tmp_path / "darlig.html").write_text(DARLIG, encoding="utf-8")

    nettleser.get((tmp_path / "god.html").as_uri())
    god = axe(nettleser)
    assert god.versjon.startswith("4.")
    assert god.alvorlige() == [], god.alvorlige()
    assert god.bestatt > 5

    nettleser.get((tmp_path / "darlig.html").as_uri())
    darlig = axe(nettleser)
    assert {"html-has-lang", "image-alt"} <= set(
        darlig.etter_alvor["serious"] + darlig.etter_alvor["critical"]
    ), darlig.brudd
    assert darlig.telling()["critical"] + darlig.telling()["serious"] == len(darlig.alvorlige())


def test_request_log_sees_what_leaves_file_urls(nettleser, tmp_path):
    (tmp_path / "god.html").write_text(GOD, encoding="utf-8")
    (tmp_path / "darlig.html").write_text(DARLIG, encoding="utf-8")
    forespoersler(nettleser)  # empty the log
    nettleser.get((tmp_path / "god.html").as_uri())
    assert [u for u in forespoersler(nettleser) if not u.startswith("file:")] == []
    nettleser.get((tmp_path / "darlig.html").as_uri())
    assert "http://127.0.0.1:9/logo.png" in forespoersler(nettleser)


def test_screenshot_is_a_png_under_the_output_folder(
    nettleser, skjermbilde, tmp_path_factory, tmp_path
):
    (tmp_path / "god.html").write_text(GOD, encoding="utf-8")
    nettleser.get((tmp_path / "god.html").as_uri())
    sti = skjermbilde(nettleser, "verktoy-proveside")
    assert sti.parent == skjermbildemappe(tmp_path_factory)
    assert sti.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert sti.stat().st_size > 1000
