"""Bad input to the YAML loader becomes one clear error with position, never a traceback."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest
import yaml as pyyaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter

from avtaleflyt.yaml_loader import (
    MAX_BYTES,
    MAX_DEPTH,
    YamlLoadError,
    _Loader,
    load_yaml,
    parse_text,
)
from schemas.felles import Kommunenummer


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
    loaded = parse_text(
        "id: a\ndeltakere:\n  - kommunenummer: '5027'\n  - navn: Melhus\n", "x.yaml"
    )
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
    assert data == {
        "nr": 301,
        "land": "no",
        "ja": "yes",
        "flagg": True,
        "dato": dt.date(2026, 3, 10),
    }

    assert TypeAdapter(Kommunenummer).validate_python(data["nr"]) == "0301"


# --------------------------------------------------------------------------- the event builder

ROT = Path(__file__).resolve().parents[2]


def _referanse(text: str):
    """PyYAML's own composer and constructor with the same YAML 1.2 resolvers (the old path)."""
    return pyyaml.load(text, Loader=_Loader)


def _lik(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_lik(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_lik(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def test_every_example_file_builds_the_same_data_as_pyyaml():
    filer = sorted(ROT.glob("agreements/**/*.yaml"))
    assert len(filer) >= 18
    for f in filer:
        text = f.read_text(encoding="utf-8")
        assert _lik(parse_text(text, str(f)).data, _referanse(text)), f


_PLAIN = st.sampled_from(
    [
        "0301",
        "5027",
        "-12",
        "+7",
        "0o17",
        "0x1F",
        "1_000",
        "12.5",
        "1e3",
        ".inf",
        "-.Inf",
        ".NaN",
        "true",
        "False",
        "TRUE",
        "no",
        "yes",
        "on",
        "off",
        "y",
        "~",
        "null",
        "Null",
        "",
        "2026-03-10",
        "2026-3-1",
        "2026-03-10 10:00:00",
        "2026-03-10T10:00:00+01:00",
        "1/6",
        "33,5 %",
        "PS 12/26",
        "Midtre Gauldal",
        "Ålen",
        "a: b",
        "- x",
        "<<",
        "=",
        "190:20:30",
    ]
)
_SKALAR = st.one_of(
    _PLAIN,
    st.text(max_size=12),
    st.integers(),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False),
    st.dates(),
)
# «<<» is left out: YAML 1.1's merge key, which the builder reads as the ordinary key it is in 1.2
_NOKKEL = st.one_of(
    st.from_regex(r"[a-zæøå_][a-zæøå0-9_]{0,10}", fullmatch=True),
    _PLAIN.filter(lambda k: k != "<<"),
)
_TRE = st.recursive(
    _SKALAR,
    lambda barn: st.one_of(st.lists(barn, max_size=4), st.dictionaries(_NOKKEL, barn, max_size=4)),
    max_leaves=20,
)


@given(
    data=st.dictionaries(_NOKKEL, _TRE, min_size=1, max_size=6),
    stil=st.sampled_from([None, "'", '"']),
    flyt=st.booleans(),
)
def test_generated_yaml_builds_the_same_data_as_pyyaml(data, stil, flyt):
    """Plain, quoted and flow styles; every scalar form of YAML 1.1 and 1.2 that a lawyer might
    type: the builder and PyYAML's constructor agree on every value, key order included, or
    both refuse the file."""
    text = pyyaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, default_style=stil, default_flow_style=flyt
    )
    for variant in (text, text.replace("'", "")):
        try:
            ventet = _referanse(variant)
        except (pyyaml.YAMLError, ValueError, TypeError):
            continue
        if (
            not isinstance(ventet, dict)
            or not ventet
            or not all(isinstance(k, str) for k in ventet)
        ):
            continue
        try:
            faktisk = parse_text(variant, "x").data
        except YamlLoadError as exc:  # only for what the old path refused after loading
            assert "ikke tekst" in exc.message or "to ganger" in exc.message, (variant, exc.message)
            continue
        assert _lik(faktisk, ventet), variant


def test_explicit_standard_tags_are_honoured_and_others_refused():
    data = parse_text("nr: !!str 0301\nn: !!int '12'\nd: !!timestamp 2026-03-10\n", "x").data
    assert data == {"nr": "0301", "n": 12, "d": dt.date(2026, 3, 10)}
    for tekst in ("a: !!python/object:os.system x\n", "a: !ukjent x\n", "a: !!set {x: null}\n"):
        with pytest.raises(YamlLoadError) as info:
            parse_text(tekst, "x")
        assert "tagg" in info.value.message and info.value.line == 1


def test_merge_key_is_an_ordinary_key_so_validation_names_it():
    assert parse_text("id: a\n<<: {tittel: x}\n", "x").data == {"id": "a", "<<": {"tittel": "x"}}


def test_alias_to_a_scalar_is_refused_too():
    with pytest.raises(YamlLoadError) as info:
        parse_text("a: &x Melhus\nb: *x\n", "x")
    assert "aliaser" in info.value.message and info.value.line == 2


def test_non_text_keys_and_deep_nesting_are_refused_with_position():
    with pytest.raises(YamlLoadError) as info:
        parse_text("id: a\n2026: x\n", "x")
    assert "ikke tekst" in info.value.message and info.value.line == 2
    dyp = (
        "a:\n"
        + "".join("  " * (i + 1) + f"b{i}:\n" for i in range(MAX_DEPTH + 5))
        + "  " * (MAX_DEPTH + 6)
        + "x\n"
    )
    with pytest.raises(YamlLoadError) as info:
        parse_text(dyp, "x")
    assert "nøstet for dypt" in info.value.message


@pytest.mark.parametrize(
    ("tekst", "linje", "ord"),
    [
        ("a: b: c\n", 1, "kolon"),
        ("a:\n  b: 1\n c: 2\n", 3, "innrykket"),
        ("a:\n\tb: 1\n", 2, "tabulator"),
        ('a: "abc\n', 2, "anførselstegn"),
        ("a: [1, 2\n", 2, "«]»"),
        ("a: b\nc\n", 3, "kolon"),
        ("a: b\nc: \x07\n", 2, "kontrolltegn"),
    ],
)
def test_syntax_errors_are_told_in_norwegian_at_their_line(tekst, linje, ord):
    with pytest.raises(YamlLoadError) as feil:
        parse_text(tekst, "f.yaml")
    assert feil.value.line == linje
    assert feil.value.message.startswith("ugyldig YAML: ")
    assert ord in feil.value.message
    english = ("found", "expected", "allowed", "could not", "mapping", "character")
    assert not any(w in feil.value.message for w in english), feil.value.message
