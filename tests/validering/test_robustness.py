"""Random bytes and random YAML never produce a traceback: only findings."""

from __future__ import annotations

import string
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from avtaleflyt.findings import Finding
from avtaleflyt.validation import validate_file

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.dates(),
)
_keys = st.one_of(
    st.sampled_from(
        [
            "type",
            "id",
            "tittel",
            "versjonsdato",
            "deltakere",
            "kommunenummer",
            "eierandel",
            "okonomi",
            "fordelingsnokkel",
            "metode",
            "uttreden",
            "vertskommune",
            "myndighet",
            "enkeltvedtak",
            "representantskap",
            "medlemmer",
            "navn",
        ]
    ),
    st.text(alphabet=string.ascii_lowercase + "æøå_", min_size=1, max_size=12),
)
_trees = st.recursive(
    _scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_keys, children, max_size=6),
    max_leaves=30,
)
_types = st.sampled_from(
    [
        "vertskommune",
        "vertskommune_nemnd",
        "kommunalt_oppgavefellesskap",
        "interkommunalt_politisk_rad",
        "iks",
        "samarbeidsavtale",
        "annet",
    ]
)


def _check(path: Path) -> list[Finding]:
    result = validate_file(path, "x/avtale.yaml")
    assert all(isinstance(f, Finding) and f.message for f in result.findings)
    return result.findings


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_random_bytes(tmp_path, data):
    f = tmp_path / "avtale.yaml"
    f.write_bytes(data)
    _check(f)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_types, st.dictionaries(_keys, _trees, max_size=8))
def test_random_yaml_structures(tmp_path, agreement_type, tree):
    tree = dict(tree)
    tree["type"] = agreement_type
    f = tmp_path / "avtale.yaml"
    f.write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
    _check(f)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet="ab:-[]{}&*!|>'\"#%@`\n\t ,?0123456789", max_size=200))
def test_random_yaml_syntax(tmp_path, text):
    f = tmp_path / "avtale.yaml"
    f.write_text(text, encoding="utf-8")
    _check(f)
