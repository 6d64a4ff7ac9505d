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
from click.testing import CliRunner

from avtaleflyt.cli.main import CLICK_AREAS, COMMANDS, app, area_commands, load_command

ROT = Path(__file__).resolve().parents[2]
EKSEMPEL = "agreements/gauldal-landbruk/avtale.yaml"
AREAS = sorted({area for area, _line in COMMANDS.values()})
HEAVY = {"prefect", "git", "docx", "jinja2", "lxml", "rich", "filelock"}


def _first_paragraph(text: str | None) -> str:
    return " ".join(inspect.cleandoc(text or "").split("\n\n")[0].split())


def test_the_table_lists_every_command_of_every_area_with_its_own_help_line():
    registered = {name: (area, cmd) for area in AREAS for name, cmd in area_commands(area).items()}
    assert sorted(registered) == sorted(COMMANDS), (
        "legg kommandoen til i COMMANDS i avtaleflyt/cli/main.py"
    )
    for name, (area, cmd) in registered.items():
        assert COMMANDS[name][0] == area
        assert " ".join(COMMANDS[name][1].split()) == _first_paragraph(cmd.help), name
        assert load_command(name).name == name


def test_only_the_click_areas_commands_join_the_group_directly():
    """typer's commands belong to typer's own click: they must run through their own `main`."""
    for name, (area, _line) in COMMANDS.items():
        direct = load_command(name) is area_commands(area)[name]
        assert direct == (area in CLICK_AREAS), name


@pytest.mark.parametrize(
    ("argv", "code", "expected"),
    [
        ([], 2, "Usage: avtale [OPTIONS] COMMAND [ARGS]..."),
        (["nosuch"], 2, "No such command 'nosuch'"),
        (["validate", "--help"], 0, "Filer eller mapper (standard: agreements/)"),
        (["validate", "--format", "xml"], 2, "Invalid value for '--format'"),
        (["new", "vertskommune"], 2, "Missing argument 'ID'"),
        (["record", "--help"], 0, "Usage: avtale record [OPTIONS] COMMAND [ARGS]..."),
        (["record"], 2, "Usage: avtale record [OPTIONS] COMMAND [ARGS]..."),
        (["record", "decision", "--help"], 0, "Usage: avtale record decision [OPTIONS]"),
        (["record", "decision", "--bogus"], 2, "Try 'avtale record decision --help' for help."),
        (["render", "--bogus"], 2, "No such option: --bogus"),
    ],
)
def test_help_and_usage_errors_name_the_whole_command(argv, code, expected):
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == code, result.output
    assert expected in result.output


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
    assert not {m.split(".")[0] for m in result["modules"]} & (
        HEAVY | {"pydantic", "schemas", "typer"}
    )


def test_validate_one_file_loads_no_heavy_library(env):
    first = _run(["validate", EKSEMPEL], env)  # fills the template-check cache
    assert first["code"] == 0, first["stderr"]
    again = _run(["validate", EKSEMPEL], env)
    assert again["code"] == 0 and "1 fil kontrollert: 0 feil" in again["stderr"]
    assert not {m.split(".")[0] for m in again["modules"]} & (HEAVY | {"typer"})
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
