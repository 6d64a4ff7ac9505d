"""Template checks, the template version, the canonical data and the avtale-hash."""

from __future__ import annotations

import shutil
from fractions import Fraction
from pathlib import Path

import pytest

from avtaleflyt.paths import TEMPLATES_DIR
from avtaleflyt.rendering import (
    RenderError,
    avtale_hash,
    build_document,
    canonical_json,
    lint_templates,
    render_docx,
    template_version,
)
from tests.rendering.conftest import model


@pytest.fixture
def copy_of_templates(tmp_path) -> Path:
    target = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def test_project_templates_pass_the_check():
    assert lint_templates() == []


def test_removing_a_law_required_field_is_reported(copy_of_templates):
    path = copy_of_templates / "avtaler" / "vertskommune.j2"
    path.write_text(
        path.read_text(encoding="utf-8").replace("{{ avtale.underretning }}", "Se vedlegg."),
        encoding="utf-8",
    )
    findings = lint_templates(copy_of_templates)
    hits = [f for f in findings if f.rule == "MAL-LOVKRAV" and f.path == "underretning"]
    # the nemnd template extends the vertskommune template, so both types lose the clause
    assert {f.file for f in hits} == {
        "templates/avtaler/vertskommune.j2",
        "templates/avtaler/vertskommune_nemnd.j2",
    }
    assert all("KL-20-4-E" in f.message and f.severity == "feil" for f in hits)


def test_unknown_field_is_reported_with_file_and_line(copy_of_templates):
    path = copy_of_templates / "klausuler" / "tvister.j2"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(1, "AVSNITT {{ avtale.tvisteloesning }} {{ avtale.okonomi.budsjet }}")
    path.write_text("\n".join(lines), encoding="utf-8")
    findings = [f for f in lint_templates(copy_of_templates) if f.rule == "MAL-UKJENT-FELT"]
    assert {(f.file, f.line, f.path) for f in findings} >= {
        ("templates/klausuler/tvister.j2", 2, "tvisteloesning"),
        ("templates/klausuler/tvister.j2", 2, "okonomi.budsjet"),
    }


def test_missing_template_and_syntax_error_are_reported(copy_of_templates):
    (copy_of_templates / "avtaler" / "iks.j2").unlink()
    (copy_of_templates / "klausuler" / "formaal.j2").write_text(
        "§ Formål\n{% if %}\n", encoding="utf-8"
    )
    rules = {(f.rule, f.file) for f in lint_templates(copy_of_templates)}
    assert ("MAL-MANGLER", "templates/avtaler/iks.j2") in rules
    assert ("MAL-SYNTAKS", "templates/klausuler/formaal.j2") in rules


def test_template_version_is_declared_plus_digest(copy_of_templates):
    before = template_version(copy_of_templates)
    assert before.startswith((copy_of_templates / "VERSJON").read_text().strip() + "+")
    assert before == template_version(TEMPLATES_DIR)
    # a standard clause's text is part of the version, so the avtale-hash binds it too
    p = copy_of_templates / "klausuler" / "standard" / "tvister" / "forhandlinger-og-domstol.j2"
    p.write_text(
        p.read_text(encoding="utf-8").replace("forhandlinger", "drøftinger"), encoding="utf-8"
    )
    after = template_version(copy_of_templates)
    assert after != before and after.split("+")[0] == before.split("+")[0]


def test_wording_change_reaches_the_document_and_the_hash(copy_of_templates):
    avtale = model(standardklausuler={"endringer": "likelydende-vedtak"})
    p = copy_of_templates / "klausuler" / "standard" / "endringer" / "likelydende-vedtak.j2"
    p.write_text(
        p.read_text(encoding="utf-8").replace(
            "likelydende vedtak", "likelydende vedtak (ny ordlyd)"
        ),
        encoding="utf-8",
    )
    assert "likelydende vedtak (ny ordlyd)" in build_document(avtale, copy_of_templates).text()
    assert "(ny ordlyd)" not in build_document(avtale).text()
    assert avtale_hash(avtale, copy_of_templates) != avtale_hash(avtale)


def test_canonical_json_is_sorted_exact_and_compact():
    avtale = model(
        deltakere=[
            {
                "kommunenummer": "5027",
                "navn": "Midtre Gauldal",
                "eierandel": "1/3",
                "innskudd": 1000,
            },
            {"kommunenummer": "5028", "navn": "Melhus", "eierandel": "2/3"},
        ]
    )
    data = canonical_json(avtale)
    text = data.decode()
    assert '"eierandel":"1/3"' in text and '"innskudd":"1000.00"' in text
    assert '"versjonsdato":"2026-05-01"' in text
    assert " " not in text.replace("Midtre Gauldal", "").replace(
        "Avtale om testsamarbeid", ""
    ).replace("Felles barnevern.", "").replace("Kostnadene deles.", "").replace(
        "Skriftlig oppsigelse.", ""
    ).replace("Når alle er enige.", "").replace("Vertskommunen utfører oppgavene.", "").replace(
        "Vertskommunen underretter om alle vedtak.", ""
    )
    import json

    assert list(json.loads(data)) == sorted(json.loads(data))
    reordered = model(formaal="Felles barnevern.", id="test-avtale")
    assert canonical_json(reordered) == canonical_json(model())


def test_hash_changes_with_data_and_is_stable():
    a, b = model(), model(formaal="Annet formål.")
    assert avtale_hash(a) == avtale_hash(model())
    assert avtale_hash(a) != avtale_hash(b)
    assert len(avtale_hash(a)) == 64


def test_missing_required_term_refuses_with_the_finding():
    avtale = model(underretning=None, uttreden=None)
    with pytest.raises(RenderError) as info:
        render_docx(avtale)
    message = str(info.value)
    assert "ikke gjengitt" in message
    assert "underretning: KL-20-4-E" in message and "§ 20-4 tredje ledd bokstav e" in message
    assert "uttreden: KL-20-4-G" in message  # every missing term, not just the first


def test_missing_value_names_the_field_and_template_line(copy_of_templates):
    p = copy_of_templates / "klausuler" / "formaal.j2"
    p.write_text("§ Formål\nAVSNITT {{ avtale.bakgrunn }}\n", encoding="utf-8")
    with pytest.raises(RenderError) as info:
        build_document(model(), copy_of_templates)
    message = str(info.value)
    assert "bakgrunn" in message and "formaal.j2 linje 2" in message


def test_templates_cannot_reach_python_internals(copy_of_templates):
    p = copy_of_templates / "klausuler" / "formaal.j2"
    p.write_text("§ Formål\nAVSNITT {{ avtale.__class__.__mro__ }}\n", encoding="utf-8")
    with pytest.raises(RenderError):
        build_document(model(), copy_of_templates)


def test_line_without_keyword_is_a_template_error(copy_of_templates):
    p = copy_of_templates / "klausuler" / "formaal.j2"
    p.write_text("§ Formål\n{{ avtale.formaal }}\n", encoding="utf-8")
    with pytest.raises(RenderError, match="nøkkelord"):
        build_document(model(), copy_of_templates)


def test_shares_the_data_states_stand_as_stated():
    """An eierandel of «1/3» is the exact share the councils adopt: the table shows «1/3», not a
    rounded «33,33 %» nor both; a decimal one keeps its decimal comma."""
    avtale = model(
        deltakere=[
            {"kommunenummer": "5027", "navn": "Midtre Gauldal", "eierandel": "1/3"},
            {"kommunenummer": "5028", "navn": "Melhus", "eierandel": "2/3"},
        ]
    )
    rader = build_document(avtale).text().splitlines()
    assert any(r.endswith("| 1/3") for r in rader) and any(r.endswith("| 2/3") for r in rader)
    assert Fraction(1, 3) + Fraction(2, 3) == 1
    avtale = model(
        deltakere=[
            {"kommunenummer": "5027", "navn": "Midtre Gauldal", "eierandel": "25,5 %"},
            {"kommunenummer": "5028", "navn": "Melhus", "eierandel": "74,5 %"},
        ]
    )
    assert "| 25,5\u00a0%" in build_document(avtale).text()
