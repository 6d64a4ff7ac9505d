"""What keeps a cold `avtale validate` fast (issue 11: 0.35 s) stays in place.

Each test names one cost that was cut and fails if it comes back: the timing itself is measured by
benchmarks/oppstart_bench.py, not here, since a shared machine's clock says little about one run.
"""

from __future__ import annotations

import builtins
import csv
import io
import json
import os
import pathlib
import subprocess
import sys
import types
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

import schemas.avtale
from avtaleflyt import lint_cache
from schemas import kommuner

ROT = Path(__file__).resolve().parents[2]
EKSEMPEL = "agreements/gauldal-landbruk/avtale.yaml"


def _fresh(script: str, env: dict[str, str]) -> dict:
    """Run `script` in a new interpreter from the repository root; it prints one JSON line last."""
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"} | {
        "AVTALE_CACHE": str(tmp_path / "cache")
    }


def test_validate_imports_with_the_collector_paused_and_runs_with_it_on(env):
    """What the import made is frozen out of the collector's sight; the command collects as usual."""
    script = (
        "import gc, json, sys\n"
        "collections = []\n"
        "gc.callbacks.append(lambda phase, info: phase == 'stop' and collections.append(1))\n"
        f"sys.argv = ['avtale', 'validate', {EKSEMPEL!r}]\n"
        "from avtaleflyt.cli.main import main\n"
        "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        "print(json.dumps([gc.get_freeze_count(), gc.isenabled(), len(collections)]))\n"
    )
    _fresh(script, env)  # fills the template-check cache
    frozen, enabled, collections = _fresh(script, env)
    assert frozen > 10_000 and enabled
    assert collections < 40  # 66 when the collector walked every import's objects again


def test_importing_the_rule_catalogue_compiles_no_pattern():
    """The rules' patterns compile when a rule first needs one (most never on a given agreement)."""
    script = (
        "import json, re, sys\n"
        "import pydantic, schemas.avtale\n"
        "compiled = []\n"
        "original = re._compile\n"
        "def watch(pattern, flags):\n"
        "    caller = sys._getframe(1)\n"
        "    while caller.f_code.co_filename == re.__file__:\n"
        "        caller = caller.f_back\n"
        "    if '/schemas/regler/' in caller.f_code.co_filename.replace(chr(92), '/'):\n"
        "        compiled.append((caller.f_code.co_filename, str(pattern)[:40]))\n"
        "    return original(pattern, flags)\n"
        "re._compile = watch\n"
        "import schemas.regler\n"
        "print(json.dumps(compiled))\n"
    )
    assert _fresh(script, dict(os.environ)) == []


def _agreement_models() -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    for name in schemas.avtale.__all__:
        value = getattr(schemas.avtale, name)
        if isinstance(value, type) and issubclass(value, BaseModel) and value not in found:
            found.append(value)
    return found


def test_agreement_models_keep_their_annotations_as_objects_not_strings():
    """pydantic evaluates a string annotation again at import; a class's own are objects."""
    models = _agreement_models()
    assert len(models) > 30
    as_text = {
        f"{m.__name__}.{field}"
        for m in models
        for field, annotation in vars(m).get("__annotations__", {}).items()
        if isinstance(annotation, str)
    }
    assert not as_text


def test_no_default_factory_is_a_builtin():
    """pydantic reads a default factory's signature; a builtin's is tokenized from text."""
    builtin = {
        f"{m.__name__}.{name}"
        for m in _agreement_models()
        for name, info in m.model_fields.items()
        if isinstance(info.default_factory, type | types.BuiltinFunctionType)
    }
    assert not builtin


def test_the_template_check_key_reads_no_file(monkeypatch):
    def refuse(*args: typing.Any, **kwargs: typing.Any) -> typing.NoReturn:
        raise AssertionError(f"digest read a file: {args[:1]}")

    before = lint_cache.digest()
    monkeypatch.setattr(builtins, "open", refuse)
    monkeypatch.setattr(io, "open", refuse)
    monkeypatch.setattr(pathlib.Path, "open", refuse)
    assert lint_cache.digest() == before


@pytest.mark.parametrize(
    "path", [kommuner.DATA_FILE, kommuner.FYLKE_FILE, kommuner.ENDRINGER_FILE, kommuner.ORGNR_FILE]
)
def test_the_lists_read_without_dict_reader_give_what_dict_reader_gives(path):
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    names = list(rows[0])
    assert kommuner._les(path, *names) == [tuple(row[n] for n in names) for row in rows]
