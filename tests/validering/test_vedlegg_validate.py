"""`avtale validate` checks the attachments an agreement lists against the files beside it
(rules AVTALE-VEDLEGG-FIL and AVTALE-VEDLEGG-SJEKKSUM): a missing file and a file with another
SHA-256 are findings with the file, line, field and rule, all in one run, for the current text and
for an older text in historikk/ alike."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from avtaleflyt.cli.main import app
from avtaleflyt.paths import AGREEMENTS_DIR
from avtaleflyt.validation import AgreementInvalid, load_agreement

MED_VEDLEGG = "gauldal-lonn-regnskap"
runner = CliRunner()


def _kopi(tmp_path):
    mappe = tmp_path / MED_VEDLEGG
    shutil.copytree(AGREEMENTS_DIR / MED_VEDLEGG, mappe)
    return mappe


def _funn(mappe) -> tuple[int, list[dict]]:
    """Exit code and the findings in the agreement's own files (the templates are checked too)."""
    svar = runner.invoke(app, ["validate", str(mappe), "--format", "json"])
    return svar.exit_code, [f for f in json.loads(svar.stdout) if f["file"].startswith(str(mappe))]


def _vedleggsfunn(mappe) -> tuple[int, list[dict]]:
    kode, funn = _funn(mappe)
    return kode, [f for f in funn if "VEDLEGG" in f["rule"]]


def test_the_example_with_attachments_validates_without_an_attachment_finding(tmp_path) -> None:
    _, funn = _funn(_kopi(tmp_path))
    assert [f for f in funn if f["severity"] == "feil"] == []


def test_a_missing_and_a_changed_attachment_are_both_findings(tmp_path) -> None:
    mappe = _kopi(tmp_path)
    (mappe / "vedlegg" / "databehandleravtale.md").unlink()
    (mappe / "vedlegg" / "stillinger.md").write_text("endret\n", encoding="utf-8")
    kode, funn = _vedleggsfunn(mappe)
    assert kode == 1
    naa = [f for f in funn if f["file"].endswith("avtale.yaml")]
    eldre = [f for f in funn if f["file"].endswith("historikk/v1.yaml")]
    assert [(f["rule"], f["path"]) for f in naa] == [
        ("AVTALE-VEDLEGG-FIL", "vedlegg.0.fil"),
        ("AVTALE-VEDLEGG-SJEKKSUM", "vedlegg.1.sha256"),
    ]
    assert [f["rule"] for f in eldre] == ["AVTALE-VEDLEGG-FIL", "AVTALE-VEDLEGG-SJEKKSUM"]
    mangler, endret = naa
    tekst = (mappe / "avtale.yaml").read_text(encoding="utf-8").splitlines()
    assert tekst[mangler["line"] - 1].strip() == "fil: databehandleravtale.md"
    assert "finner ikke filen vedlegg/databehandleravtale.md" in mangler["message"]
    assert "«Databehandleravtale»" in mangler["message"] and mangler["severity"] == "feil"
    assert "vedlegg/stillinger.md har SHA-256" in endret["message"]
    assert "ny versjon" in endret["message"] and endret["legal_basis"]


def test_an_agreement_with_a_wrong_attachment_is_not_loaded_for_rendering_or_archiving(
    tmp_path,
) -> None:
    mappe = _kopi(tmp_path)
    (mappe / "vedlegg" / "stillinger.md").write_text("endret\n", encoding="utf-8")
    try:
        load_agreement(mappe)
    except AgreementInvalid as exc:
        assert [f.rule for f in exc.findings] == ["AVTALE-VEDLEGG-SJEKKSUM"]
    else:
        raise AssertionError("en avtale med endret vedlegg ble lastet")
