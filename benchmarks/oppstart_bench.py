"""Cold start of the lawyer's loop: `avtale --help` and `avtale validate <one file>`, in fresh processes.

Targets (issue 11): `avtale validate agreements/gauldal-landbruk/avtale.yaml` at most 0.35 s wall and
`avtale --help` at most 0.25 s, median of N runs, each a new Python process. The floor is
`python -c "import pydantic"`: no command that validates with pydantic can start faster.

"Cold" means a new interpreter, as each command the lawyer types is; the operating system's file
cache is warm and the bytecode is compiled, as on any machine where avtaleflyt is installed (the
first run of each command is a warm-up that writes the bytecode, whatever PYTHONDONTWRITEBYTECODE
says, and is not counted).

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

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = "agreements/gauldal-landbruk/avtale.yaml"
HELP_TARGET = 0.25
VALIDATE_TARGET = 0.35


def _avtale() -> list[str]:
    """The `avtale` script of this interpreter's environment, as the user runs it."""
    script = Path(sys.executable).parent / ("avtale.exe" if os.name == "nt" else "avtale")
    return [str(script)] if script.exists() else [sys.executable, "-m", "avtaleflyt.cli.main"]


def _wall(cmd: list[str], env: dict[str, str], expect: int = 0) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    took = time.perf_counter() - start
    if done.returncode != expect:
        raise SystemExit(
            f"{' '.join(cmd)} exited {done.returncode}: {done.stderr.decode(errors='replace')}"
        )
    return took


def measure(cmd: list[str], runs: int, env: dict[str, str]) -> float:
    """Median wall time of `runs` fresh processes, after one uncounted warm-up."""
    _wall(cmd, env)
    return statistics.median(_wall(cmd, env) for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    avtale = _avtale()
    floor = measure([sys.executable, "-c", "import pydantic"], args.runs, env)
    help_ = measure([*avtale, "--help"], args.runs, env)
    validate = measure([*avtale, "validate", EXAMPLE], args.runs, env)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"median of {args.runs} cold runs each (load average {load:.2f}, {os.cpu_count()} cores)")
    print(f"  python -c 'import pydantic'  {floor:6.3f} s   (floor)")
    print(
        f"  avtale --help                {help_:6.3f} s   target ≤ {HELP_TARGET:.2f} s"
        f"   {'ok' if help_ <= HELP_TARGET else 'OVER'}"
    )
    print(
        f"  avtale validate {EXAMPLE}  {validate:6.3f} s   target ≤ {VALIDATE_TARGET:.2f} s"
        f"   {'ok' if validate <= VALIDATE_TARGET else 'OVER'}"
    )
    if args.check and (help_ > HELP_TARGET or validate > VALIDATE_TARGET):
        sys.exit(1)


if __name__ == "__main__":
    main()
