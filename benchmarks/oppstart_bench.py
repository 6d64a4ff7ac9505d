"""Cold start of the lawyer's loop: `avtale --help` and `avtale validate <one file>`, in fresh processes.

Targets (issue 11): `avtale validate agreements/gauldal-landbruk/avtale.yaml` at most 0.35 s wall and
`avtale --help` at most 0.25 s, median of N runs, each a new Python process. The issue's floor is
`python -c "import pydantic"`; that imports only pydantic's lazy package shell. The second floor,
one model with one `int` field defined and validated, is what any command that validates with
pydantic pays before it reads a file: `BaseModel` pulls in pydantic's schema machinery and the
first validator compiles pydantic-core's schema.

`avtale` itself pays less than that floor in one place, so the floors are not a strict lower bound
for it: it imports the command's area with the garbage collector paused and then frozen, where the
floor's process collects over every import. (Replacing pydantic's private plugin loader would save
about 15 ms more; it was tried and left out, since a private module may change in any release.)
What a cold `avtale validate` spends above the one-model floor (valgrind --tool=callgrind counts
instructions independently of the machine's load; cProfile and `python -X importtime` say where):
click and PyYAML (imported whole, its reader compiling one large pattern), the 44 agreement models
made at import and the file's own form compiled by pydantic on first use, the rule catalogue and
the rule modules, the kommune and organisasjonsnummer lists read for the participants' checks, and
the dataclasses of the rules and findings. Counted on 2 December 2026: the one-model floor 596 M
instructions, `avtale validate` 909 M with the plugin-loader stand-in since removed (1,127 M
before the cuts of issue 11 item 7).

"Cold" means a new interpreter, as each command the lawyer types is; the operating system's file
cache is warm and the bytecode is compiled, as on any machine where avtaleflyt is installed (the
first run of each command is a warm-up that writes the bytecode, whatever PYTHONDONTWRITEBYTECODE
says, and fills the template-check cache; it is not counted). Beside the wall time the CPU time
(user + system) of each process is shown: on a busy machine the wall time measures the neighbours
too, the CPU time much less so.

    .venv/bin/python benchmarks/oppstart_bench.py [--runs 11] [--check]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

try:
    import resource
except ImportError:  # Windows: wall time only
    resource = None  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = "agreements/gauldal-landbruk/avtale.yaml"
HELP_TARGET = 0.25
VALIDATE_TARGET = 0.35
ONE_FIELD_MODEL = "from pydantic import BaseModel\nclass A(BaseModel):\n    x: int\nA(x=1)"


def _avtale() -> list[str]:
    """The `avtale` script of this interpreter's environment, as the user runs it."""
    script = Path(sys.executable).parent / ("avtale.exe" if os.name == "nt" else "avtale")
    return [str(script)] if script.exists() else [sys.executable, "-m", "avtaleflyt.cli.main"]


def _children_cpu() -> float:
    if resource is None:
        return float("nan")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one process running `cmd`."""
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(
            f"{' '.join(cmd)} exited {done.returncode}: {done.stderr.decode(errors='replace')}"
        )
    return wall, _children_cpu() - cpu


def measure(cmd: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    """Median wall and CPU time of `runs` fresh processes, after one uncounted warm-up."""
    _run(cmd, env)
    samples = [_run(cmd, env) for _ in range(runs)]
    return statistics.median(w for w, _ in samples), statistics.median(c for _, c in samples)


def _line(label: str, wall: float, cpu: float, target: float | None) -> str:
    verdict = (
        ""
        if target is None
        else f"   target ≤ {target:.2f} s  {'ok' if wall <= target else 'OVER'}"
    )
    return f"  {label:<58} {wall:6.3f} s wall  {cpu:6.3f} s cpu{verdict}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    avtale = _avtale()
    floor = measure([sys.executable, "-c", "import pydantic"], args.runs, env)
    model_floor = measure([sys.executable, "-c", ONE_FIELD_MODEL], args.runs, env)
    help_ = measure([*avtale, "--help"], args.runs, env)
    validate = measure([*avtale, "validate", EXAMPLE], args.runs, env)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"median of {args.runs} cold runs each (load average {load:.2f}, {os.cpu_count()} cores)")
    print(_line("python -c 'import pydantic'  (floor)", *floor, None))
    print(_line("one pydantic model, one int field, validated  (floor)", *model_floor, None))
    print(_line("avtale --help", *help_, HELP_TARGET))
    print(_line(f"avtale validate {EXAMPLE}", *validate, VALIDATE_TARGET))
    # On a busy machine the ratio of CPU times says more than either wall time.
    print(f"  validate's CPU time is {validate[1] / model_floor[1]:.2f} x the one-model floor's")
    if args.check and (help_[0] > HELP_TARGET or validate[0] > VALIDATE_TARGET):
        sys.exit(1)


if __name__ == "__main__":
    main()
