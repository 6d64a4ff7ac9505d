"""Validate 10,000 generated agreement files; print files per second and the cost of our rules.

Baseline: bare `model_validate` (pydantic) on the same parsed data. Targets (issue 2): at least
1,000 files/s on one core for the whole pipeline (read, parse, schema, rules), and our validation
(schema + rules + positions) at most 2× bare pydantic.

The files are made from a base agreement of each of the six types, each copy with its own id,
title and share split, so every file is a distinct valid agreement: by default the compact,
legally complete base agreements of the rule tests (~60 lines), with `--kilde eksempler` the full
Gauldal agreements under agreements/ (~180 lines, long clause texts), which cost about twice as
much to parse.

    taskset -c 0 .venv/bin/python benchmarks/validation_bench.py [--files 10000] [--kilde eksempler]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from avtaleflyt.validation import validate_file, validate_loaded  # noqa: E402
from avtaleflyt.yaml_dump import dump_yaml  # noqa: E402
from avtaleflyt.yaml_loader import load_yaml  # noqa: E402
from schemas.avtale import AVTALE_ADAPTER  # noqa: E402


def generated_seeds() -> list[dict]:
    """The compact, legally complete base agreement of each type used by the rule tests."""
    sys.path.insert(0, str(ROOT))
    from tests.regler.eksempler import GRUNNAVTALER, grunnavtale

    result = []
    for avtaletype in sorted(GRUNNAVTALER):
        data = grunnavtale(avtaletype)
        data.pop("avtaledato", None)
        result.append(
            AVTALE_ADAPTER.dump_python(
                AVTALE_ADAPTER.validate_python(data), mode="json", exclude_none=True
            )
        )
    return result


def seeds() -> list[dict]:
    result = []
    for path in sorted((ROOT / "agreements").glob("*/avtale.yaml")):
        checked = validate_file(path)
        if checked.avtale is not None and not any(f.severity == "feil" for f in checked.findings):
            result.append(checked.loaded.data)
    if not result:
        sys.exit("fant ingen gyldige eksempelavtaler under agreements/")
    return result


def variant(seed: dict, n: int, rng: random.Random) -> dict:
    data = dict(seed)
    data["id"] = f"{seed['id']}-{n}"
    data["tittel"] = f"{seed['tittel']} ({n})"
    parts = data.get("deltakere") or []
    if parts and all("eierandel" in p for p in parts):
        weights = [rng.randint(1, 9) for _ in parts]
        total = sum(weights)
        data["deltakere"] = (
            [
                {**p, "eierandel": str(Fraction(w, total))}
                for p, w in zip(parts, weights, strict=True)
            ]
            if not any("ansvarsandel" in p for p in parts)
            else parts
        )
    return data


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument(
        "--kilde",
        choices=["eksempler", "generert"],
        default="generert",
        help="generert (standard): kompakte, juridisk fullstendige grunnavtaler per "
        "type (~60 linjer); eksempler: de fulle Gauldal-avtalene (~180 linjer)",
    )
    parser.add_argument("--runder", type=int, default=3, help="målinger per del; medianen vises")
    args = parser.parse_args()
    rng = random.Random(2026)
    base = seeds() if args.kilde == "eksempler" else generated_seeds()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        paths = []
        for n in range(args.files):
            data = variant(base[n % len(base)], n, rng)
            folder = root / data["id"]
            folder.mkdir()
            path = folder / "avtale.yaml"
            path.write_text(dump_yaml(data), encoding="utf-8")
            paths.append(path)

        def tid(f) -> float:
            start = time.perf_counter()
            f()
            return time.perf_counter() - start

        results = [validate_file(p) for p in paths]  # warm-up: page cache, caches, imports
        errors = sum(1 for r in results for f in r.findings if f.severity == "feil")
        full = statistics.median(
            tid(lambda: [validate_file(p) for p in paths]) for _ in range(args.runder)
        )

        loaded = [load_yaml(p) for p in paths]
        bare_runder, ours_runder = [], []
        for _ in range(args.runder):  # interleaved, so a slow moment hits both alike
            bare_runder.append(
                tid(lambda: [AVTALE_ADAPTER.validate_python(i.data) for i in loaded])
            )
            ours_runder.append(tid(lambda: [validate_loaded(i, i.data["id"]) for i in loaded]))
        bare, ours = statistics.median(bare_runder), statistics.median(ours_runder)

    print(
        f"filer: {args.files} ({args.kilde}, fra {len(base)} avtaler), feil funnet: {errors}; "
        f"median av {args.runder} runder"
    )
    print(
        f"hele kjeden (les, YAML, skjema, regler): {full:.2f} s = {args.files / full:,.0f} filer/s"
    )
    print(
        f"bare model_validate på samme data:      {bare:.3f} s = {args.files / bare:,.0f} filer/s"
    )
    print(
        f"vår validering (skjema + regler):       {ours:.3f} s = {args.files / ours:,.0f} filer/s"
    )
    print(f"forhold vår validering / bare pydantic: {ours / bare:.2f}x (mål: høyst 2x)")
    print(f"mål 1 000 filer/s: {'nådd' if args.files / full >= 1000 else 'IKKE nådd'}")


if __name__ == "__main__":
    main()
