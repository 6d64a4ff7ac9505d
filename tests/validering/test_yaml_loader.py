"""Bad input to the YAML loader becomes one clear error with position, never a traceback."""

from __future__ import annotations

import pytest

from avtaleflyt.yaml_loader import MAX_BYTES, YamlLoadError, load_yaml, parse_text


def _error(path):
    with pytest.raises(YamlLoadError) as info:
        load_yaml(path)
    return info.value


def test_duplicate_key_names_key_and_line(tmp_path):
    f = tmp_path / "a.yaml"
    f.write_text("id: a\ntittel: x\nid: b\n", encoding="utf-8")
    err = _error(f)
    assert "«id»" in err.message and "to ganger" in err.message
    assert err.line == 3


def test_non_utf8_gives_line_and_column(tmp_path):
    f = tmp_path / "a.yaml"
    f.write_bytes("id: a\ntittel: Bl\u00e5b\u00e6r\n".encode("latin-1"))
    err = _error(f)
    assert "UTF-8" in err.message
    assert (err.line, err.column) == (2, 11)


def test_empty_and_whitespace_files(tmp_path):
    for content in (b"", b"   \n\n", b"# bare en kommentar\n", b"~\n"):
        f = tmp_path / "a.yaml"
        f.write_bytes(content)
        assert "tom" in _error(f).message


def test_directory_where_file_belongs(tmp_path):
    d = tmp_path / "avtale.yaml"
    d.mkdir()
    assert "mappe" in _error(d).message


def test_missing_file(tmp_path):
    assert "finnes ikke" in _error(tmp_path / "nei.yaml").message


def test_malformed_yaml_has_position(tmp_path):
    f = tmp_path / "a.yaml"
    f.write_text("id: a\ndeltakere: [1, 2\n", encoding="utf-8")
    err = _error(f)
    assert err.message.startswith("ugyldig YAML")
    assert err.line is not None


def test_top_level_must_be_mapping(tmp_path):
    f = tmp_path / "a.yaml"
    f.write_text("- a\n- b\n", encoding="utf-8")
    assert "toppnivået" in _error(f).message


def test_several_documents_refused(tmp_path):
    f = tmp_path / "a.yaml"
    f.write_text("id: a\n---\nid: b\n", encoding="utf-8")
    assert "ett YAML-dokument" in _error(f).message


def test_alias_bomb_refused_quickly(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 30):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    f = tmp_path / "bomb.yaml"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert "aliaser" in _error(f).message


def test_huge_file_refused_before_parsing(tmp_path):
    f = tmp_path / "stor.yaml"
    f.write_bytes(b"tekst: " + b"a" * (MAX_BYTES + 10) + b"\n")
    assert "MB" in _error(f).message


def test_position_of_nested_fields():
    loaded = parse_text("id: a\ndeltakere:\n  - kommunenummer: '5027'\n  - navn: Melhus\n", "x.yaml")
    assert loaded.position(("deltakere", 1, "navn")) == (4, 5)
    assert loaded.position(("deltakere",)) == (2, 1)
    # a discriminator tag in a pydantic location is skipped
    assert loaded.position(("iks", "deltakere", 0, "kommunenummer")) == (3, 5)


def test_bom_is_accepted(tmp_path):
    f = tmp_path / "a.yaml"
    f.write_bytes(b"\xef\xbb\xbfid: a\n")
    assert load_yaml(f).data == {"id": "a"}


def test_yaml_12_scalars_keep_norwegian_data_intact():
    """YAML 1.1 would read Oslo's 0301 as octal 193 and «no» as false."""
    data = parse_text("nr: 0301\nland: no\nja: yes\nflagg: true\ndato: 2026-03-10\n", "x").data
    assert data == {"nr": 301, "land": "no", "ja": "yes", "flagg": True, "dato": __import__("datetime").date(2026, 3, 10)}
    from schemas.felles import Kommunenummer
    from pydantic import TypeAdapter

    assert TypeAdapter(Kommunenummer).validate_python(data["nr"]) == "0301"
