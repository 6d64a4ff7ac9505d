"""The `avtale` entry point: the command table agrees with the areas, and a command imports only
what it needs (no heavy library, no POSIX-only module on the lawyer's path)."""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from avtaleflyt.cli.main import COMMANDS, load_command

ROT = Path(__file__).resolve().parents[2]
EKSEMPEL = "agreements/gauldal-landbruk/avtale.yaml"
AREAS = sorted({area for area, _line in COMMANDS.values()})
HEAVY = {"prefect", "git", "docx", "jinja2", "lxml", "rich", "filelock"}


def _registered(area: str) -> dict:
    module = __import__(f"avtaleflyt.cli.{area}", fromlist=["register"])
    scratch = typer.Typer()
    module.register(scratch)
    return typer.main.get_group(scratch).commands


def _first_paragraph(text: str | None) -> str:
    return " ".join(inspect.cleandoc(text or "").split("\n\n")[0].split())


def test_the_table_lists_every_command_of_every_area_with_its_own_help_line():
    registered = {name: (area, cmd) for area in AREAS for name, cmd in _registered(area).items()}
    assert sorted(registered) == sorted(COMMANDS), (
        "legg kommandoen til i COMMANDS i avtaleflyt/cli/main.py"
    )
    for name, (area, cmd) in registered.items():
        assert COMMANDS[name][0] == area
        assert " ".join(COMMANDS[name][1].split()) == _first_paragraph(cmd.help), name
        assert load_command(name).name == name


def _run(argv: list[str], env: dict[str, str], blokker: tuple[str, ...] = ()) -> dict:
    """Run `avtale ARGV` in a fresh interpreter; report its exit code, output and loaded modules.
    Modules in `blokker` cannot be imported, as on a platform that lacks them."""
    script = (
        "import json, sys\n"
        f"for m in {list(blokker)!r}: sys.modules[m] = None\n"
        f"sys.argv = ['avtale', *{argv!r}]\n"
        "from avtaleflyt.cli.main import main\n"
        "try:\n    main()\n    code = 0\n"
        "except SystemExit as e:\n    code = e.code or 0\n"
        "print('\\n@@' + json.dumps({'code': code, 'modules': sorted(sys.modules)}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    out, _, report = done.stdout.rpartition("\n@@")
    assert report, done.stderr
    return {**json.loads(report), "stdout": out, "stderr": done.stderr}


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    return {**os.environ, "AVTALE_CACHE": str(tmp_path / "cache")}


def test_help_lists_every_command_without_importing_any_area(env):
    result = _run(["--help"], env)
    assert result["code"] == 0
    listed = " ".join(result["stdout"].split())
    for name, (_area, line) in COMMANDS.items():
        assert f" {name} {' '.join(line.split())}" in listed, name
    assert not [
        m
        for m in result["modules"]
        if m.startswith("avtaleflyt.cli.") and m != "avtaleflyt.cli.main"
    ]
    assert not {m.split(".")[0] for m in result["modules"]} & (HEAVY | {"pydantic", "schemas"})


def test_validate_one_file_loads_no_heavy_library(env):
    first = _run(["validate", EKSEMPEL], env)  # fills the template-check cache
    assert first["code"] == 0, first["stderr"]
    again = _run(["validate", EKSEMPEL], env)
    assert again["code"] == 0 and "1 filer kontrollert: 0 feil" in again["stderr"]
    assert not {m.split(".")[0] for m in again["modules"]} & HEAVY
    assert not [
        m for m in again["modules"] if m.startswith(("avtaleflyt.rendering", "avtaleflyt.prosess"))
    ]


POSIX_ONLY = ("fcntl", "termios", "pwd", "grp", "resource")


@pytest.mark.parametrize(
    "argv", [["--help"], ["validate", EKSEMPEL], ["new", "--help"], ["render", "--help"]]
)
def test_the_lawyers_commands_start_without_posix_only_modules(env, argv):
    """What Windows lacks cannot be imported here; the commands a lawyer runs still work."""
    result = _run(argv, env, blokker=POSIX_ONLY)
    assert result["code"] == 0, result["stderr"]


def test_a_new_agreement_is_written_without_posix_only_modules(env, tmp_path):
    result = _run(
        ["new", "vertskommune", "ny-avtale"],
        {**env, "AVTALE_AVTALER": str(tmp_path)},
        blokker=POSIX_ONLY,
    )
    assert result["code"] == 0, result["stderr"]
    assert (tmp_path / "ny-avtale" / "avtale.yaml").is_file()
