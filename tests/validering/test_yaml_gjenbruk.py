"""A YAML text met again in the same process is not parsed again (avtaleflyt.yaml_gjenbruk), and
nothing a caller does with what it got, and no error, leaks into the next read."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from avtaleflyt import yaml_gjenbruk
from avtaleflyt.yaml_loader import YamlLoadError, parse_text

TEKST = "id: gauldal-landbruk\nversjon: 2\ndato: 2026-03-26\ndeltakere:\n  - kommune: '5027'\n"


@pytest.fixture(autouse=True)
def tomt_minne():
    yaml_gjenbruk.glem()
    yield
    yaml_gjenbruk.glem()


def test_a_text_met_twice_is_parsed_twice_then_kept():
    kall = []

    def les():
        kall.append(1)
        return {"a": [1, 2]}

    svar = [yaml_gjenbruk.gjenbruk("a: [1, 2]", les) for _ in range(4)]
    assert len(kall) == 2  # met once: parsed; met again: parsed and kept; after: unpickled
    assert svar == [{"a": [1, 2]}] * 4


def test_each_read_gets_its_own_copy_to_change():
    forste = parse_text(TEKST, "avtale.yaml").data
    forste["deltakere"].append({"kommune": "5029"})
    andre = parse_text(TEKST, "avtale.yaml").data
    andre["versjon"] = 99
    tredje = parse_text(TEKST, "avtale.yaml").data
    assert tredje == {
        "id": "gauldal-landbruk",
        "versjon": 2,
        "dato": dt.date(2026, 3, 26),
        "deltakere": [{"kommune": "5027"}],
    }
    assert tredje is not andre and tredje["deltakere"] is not andre["deltakere"]


def test_a_failing_text_fails_each_time_with_its_own_file_name():
    feil = "id: a\nid: b\n"
    for navn in ("forste/avtale.yaml", "andre/avtale.yaml", "tredje/avtale.yaml"):
        with pytest.raises(YamlLoadError) as e:
            parse_text(feil, navn)
        assert e.value.file == navn and "to ganger" in e.value.message


def test_a_large_text_is_parsed_each_time_and_the_oldest_goes_first():
    kall = []
    stor = "x" * (yaml_gjenbruk.STORSTE_TEKST + 1)
    for _ in range(3):
        yaml_gjenbruk.gjenbruk(stor, lambda: kall.append("stor"))
    assert kall == ["stor"] * 3

    tekster = [f"n: {i}" for i in range(yaml_gjenbruk.ANTALL_TEKSTER + 1)]
    for t in tekster * 2:  # the first is pushed out by the last before it is met again
        yaml_gjenbruk.gjenbruk(t, lambda t=t: kall.append(t))
    yaml_gjenbruk.gjenbruk(tekster[0], lambda: kall.append("igjen"))
    assert kall[-1] == "igjen"
    assert len(yaml_gjenbruk._kjent) <= yaml_gjenbruk.ANTALL_TEKSTER


def test_validate_of_one_file_does_not_import_pickle():
    """The lawyer's `avtale validate` reads each file once: it pays nothing for the memory. The
    first run after a template change also checks the templates (and fills that check's cache,
    `avtaleflyt.lint_cache`), reading some files more than once; it is run first, as the cold-start
    benchmark does, so the second shows the lawyer's everyday loop."""
    kode = (
        "import sys\n"
        "from avtaleflyt.cli.main import app\n"
        "try:\n"
        "    app(['validate', 'agreements/gauldal-landbruk/avtale.yaml'])\n"
        "except SystemExit as e:\n"
        "    assert e.code == 0, e.code\n"
        "print('pickle' in sys.modules)\n"
    )
    rot = Path(__file__).resolve().parents[2]
    for _ in range(2):
        r = subprocess.run(
            [sys.executable, "-c", kode], cwd=rot, capture_output=True, text=True, timeout=120
        )
        assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "False"
