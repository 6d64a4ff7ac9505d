"""Validating with the one form a file names gives the same schema findings as the union of all.

`avtale validate` compiles only the model named in `type` (the cold-start budget of issue 11);
a lawyer must see exactly the findings, paths and positions the union of all forms would give.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import ValidationError

from avtaleflyt.paths import agreements_dir
from avtaleflyt.schema_errors import findings_from_validation_error
from avtaleflyt.validation import schema_check
from avtaleflyt.yaml_loader import LoadedYaml, load_yaml
from schemas.avtale import AVTALE_ADAPTER, Avtale

EKSEMPLER = sorted(agreements_dir().glob("*/avtale.yaml"))
FEIL_VERDIER: list[Any] = [None, "x", 123456, [], {"zz": 1}, {"metode": "nei"}, [1, "a"], True]


def _stier(node: Any, sti: tuple = ()) -> Iterator[tuple]:
    yield sti
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _stier(value, (*sti, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _stier(value, (*sti, i))


def _union_findings(loaded: LoadedYaml) -> list:
    try:
        AVTALE_ADAPTER.validate_python(loaded.data)
    except ValidationError as exc:
        return findings_from_validation_error(exc, loaded, Avtale)
    return []


def _endret(data: dict, sti: tuple, verdi: Any) -> dict:
    endret = copy.deepcopy(data)
    node = endret
    for steg in sti[:-1]:
        node = node[steg]
    node[sti[-1]] = verdi
    return endret


@pytest.mark.parametrize("fil", EKSEMPLER, ids=lambda p: p.parent.name)
def test_one_form_reports_what_the_union_reports(fil):
    grunn = load_yaml(fil)
    grunn.position(())  # parse the positions once; every variant below has the same text
    stier = list(_stier(grunn.data))[1:]
    assert len(stier) > 20
    for i, sti in enumerate(stier):
        verdi = FEIL_VERDIER[i % len(FEIL_VERDIER)]
        loaded = LoadedYaml(grunn.file, grunn.text, _endret(grunn.data, sti, verdi), grunn._rt)
        expected = _union_findings(loaded)
        avtale, found = schema_check(loaded)
        assert found == expected, (sti, verdi)
        assert (avtale is None) == bool(expected)


def test_a_missing_or_unknown_type_still_names_the_valid_types():
    grunn = load_yaml(EKSEMPLER[0])
    for verdi in (None, "annet", ["iks"]):
        loaded = LoadedYaml(grunn.file, grunn.text, {**grunn.data, "type": verdi})
        _, found = schema_check(loaded)
        assert found == _union_findings(loaded)
        assert found
    data = {k: v for k, v in grunn.data.items() if k != "type"}
    _, found = schema_check(LoadedYaml(grunn.file, grunn.text, data))
    assert [f.message for f in found] == ["feltet «type» mangler"]
