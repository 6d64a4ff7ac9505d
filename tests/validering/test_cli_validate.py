"""`avtale validate`, `avtale new` and `avtale schema` as a lawyer uses them."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from avtaleflyt.cli.main import app
from avtaleflyt.paths import AGREEMENTS_DIR
from schemas.avtale import Vertskommune

runner = CliRunner()

BROKEN = """\
type: vertskommune
id: test-a
tittel: Test
versjonsdato: 2026-01-01
deltakere:
  - kommunenummer: 5027
    navn: Midtre Gauldal
    eierandell: 1/2
  - kommunenummer: "50x8"
    navn: Melhus
uttreden:
  oppsigelsestid_mnd: 12
"""


def _agreement(root, ident, text):
    folder = root / ident
    folder.mkdir(parents=True)
    (folder / "avtale.yaml").write_text(text, encoding="utf-8")
    return folder / "avtale.yaml"


def test_json_findings_carry_position_path_rule_and_suggestion(tmp_path):
    _agreement(tmp_path, "test-a", BROKEN)
    result = runner.invoke(app, ["validate", str(tmp_path), "--format", "json"])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    by_path = {f["path"]: f for f in findings}
    typo = by_path["deltakere.0.eierandell"]
    assert (typo["line"], typo["column"]) == (8, 5)
    assert "mente du «eierandel»" in typo["message"]
    assert typo["rule"] == "SKJEMA-UKJENT-FELT" and typo["severity"] == "feil"
    assert "mente du «oppsigelsestid_maaneder»" in by_path["uttreden.oppsigelsestid_mnd"]["message"]
    assert "fire siffer" in by_path["deltakere.1.kommunenummer"]["message"]
    assert set(typo) == {
        "file",
        "line",
        "column",
        "path",
        "rule",
        "severity",
        "message",
        "legal_basis",
    }


def test_every_bad_file_reported_and_run_goes_on(tmp_path):
    _agreement(tmp_path, "a-tom", "")
    _agreement(tmp_path, "b-dup", "id: x\nid: y\n")
    (tmp_path / "c-bin").mkdir()
    (tmp_path / "c-bin" / "avtale.yaml").write_bytes(b"\xff\xfe\x00garbage")
    _agreement(tmp_path, "d-liste", "- 1\n- 2\n")
    _agreement(tmp_path, "test-a", BROKEN)
    result = runner.invoke(app, ["validate", str(tmp_path), "--format", "json"])
    assert result.exit_code == 1
    files = {f["file"].split("/")[-2] for f in json.loads(result.stdout)}
    assert files == {"a-tom", "b-dup", "c-bin", "d-liste", "test-a"}
    assert "Traceback" not in result.output


def test_unreadable_path_exits_2(tmp_path):
    result = runner.invoke(app, ["validate", str(tmp_path / "finnes-ikke")])
    assert result.exit_code == 2
    assert "finnes ikke" in result.output


def test_folder_name_must_match_id(tmp_path):
    _agreement(
        tmp_path,
        "annen-mappe",
        BROKEN.replace("    eierandell: 1/2\n", "")
        .replace('"50x8"', "5028")
        .replace("oppsigelsestid_mnd", "oppsigelsestid_maaneder"),
    )
    result = runner.invoke(app, ["validate", str(tmp_path), "--format", "json"])
    rules = {f["rule"] for f in json.loads(result.stdout)}
    assert "ID-MAPPE" in rules


def test_unknown_type_lists_valid_types(tmp_path):
    _agreement(tmp_path, "x-y", "type: vertskomune\nid: x-y\ntittel: t\nversjonsdato: 2026-01-01\n")
    result = runner.invoke(app, ["validate", str(tmp_path), "--format", "json"])
    (finding,) = json.loads(result.stdout)
    assert "vertskommune_nemnd" in finding["message"] and finding["line"] == 1


def test_new_writes_commented_skeleton_with_schema_line(tmp_path, monkeypatch):
    monkeypatch.setenv("AVTALE_AVTALER", str(tmp_path))
    result = runner.invoke(app, ["new", "vertskommune", "ny-avtale"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "ny-avtale" / "avtale.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=./avtale.schema.json\n")
    # the schema line works wherever the folder is: the schema is beside the agreement
    beside = json.loads((tmp_path / "ny-avtale" / "avtale.schema.json").read_text(encoding="utf-8"))
    assert beside == Vertskommune.model_json_schema()
    assert ("underretning:" in text and "§ 20-4" in text) or "KL-20-4-E" in text
    again = runner.invoke(app, ["new", "vertskommune", "ny-avtale"])
    assert again.exit_code == 2 and "overskriver aldri" in again.output


def test_new_refuses_bad_ids_and_types(tmp_path, monkeypatch):
    monkeypatch.setenv("AVTALE_AVTALER", str(tmp_path))
    for bad in ("../ut", "a/b", "-x", "Store"):
        result = runner.invoke(app, ["new", "vertskommune", bad])
        assert result.exit_code == 2, bad
    assert runner.invoke(app, ["new", "aksjeselskap", "abc"]).exit_code == 2
    assert list(tmp_path.iterdir()) == []


def test_schema_writes_one_file_per_type(tmp_path):
    result = runner.invoke(app, ["schema", "--out", str(tmp_path)])
    assert result.exit_code == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(
        f"{t}.schema.json"
        for t in (
            "vertskommune",
            "vertskommune_nemnd",
            "kommunalt_oppgavefellesskap",
            "interkommunalt_politisk_rad",
            "iks",
            "samarbeidsavtale",
            "prosess",
        )
    )
    schema = json.loads((tmp_path / "iks.schema.json").read_text())
    assert schema["properties"]["navn"]["lovkrav"] == "IKSL-4-NAVN"


def test_committed_json_schemas_are_current(tmp_path):
    """The editor schemas in schemas/json must match the models, or editors check the wrong thing."""
    from avtaleflyt.paths import PROJECT_ROOT

    runner.invoke(app, ["schema", "--out", str(tmp_path)])
    for fresh in tmp_path.iterdir():
        committed = PROJECT_ROOT / "schemas" / "json" / fresh.name
        assert committed.read_text(encoding="utf-8") == fresh.read_text(encoding="utf-8"), (
            f"{committed.name} er utdatert: kjør `avtale schema`"
        )


def test_an_avtale_yaml_that_is_a_folder_cannot_be_validated(tmp_path):
    """As in `avtale status`: exit 2, whether the folder is named or found in a folder."""
    (tmp_path / "test-a" / "avtale.yaml").mkdir(parents=True)
    for target in (tmp_path, tmp_path / "test-a", tmp_path / "test-a" / "avtale.yaml"):
        result = runner.invoke(app, ["validate", str(target)])
        assert result.exit_code == 2, result.output
        assert "avtale.yaml: dette er en mappe, ikke en fil" in result.stderr


def test_the_summary_counts_in_the_right_grammatical_number(tmp_path):
    """«1 fil kontrollert: 0 feil, 1 advarsel», not «1 filer … 1 advarsler» (issue 12 item 11)."""
    path = _agreement(tmp_path, "test-a", BROKEN)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.stderr.startswith("1 fil kontrollert: ")
    assert " 1 advarsler" not in result.stderr and " 1 filer" not in result.stderr


def test_a_file_named_inside_its_own_folder_is_checked_against_that_folder(tmp_path, monkeypatch):
    """`avtale validate avtale.yaml` typed in the agreement folder, as a lawyer does: the folder's
    name is the id it is compared with (not the «» of a bare file name), and the vedlegg are
    looked for beside it."""
    mappe = tmp_path / "gauldal-lonn-regnskap"
    shutil.copytree(AGREEMENTS_DIR / "gauldal-lonn-regnskap", mappe)
    monkeypatch.chdir(mappe)
    result = runner.invoke(app, ["validate", "avtale.yaml", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []
    monkeypatch.chdir(tmp_path)
    (tmp_path / "annet-navn").mkdir()
    shutil.copy(mappe / "avtale.yaml", tmp_path / "annet-navn" / "avtale.yaml")
    monkeypatch.chdir(tmp_path / "annet-navn")
    result = runner.invoke(app, ["validate", "avtale.yaml", "--format", "json"])
    regler = {f["rule"]: f["message"] for f in json.loads(result.stdout)}
    assert "mappenavnet «annet-navn»" in regler["ID-MAPPE"]
