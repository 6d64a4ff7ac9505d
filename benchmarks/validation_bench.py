"""Validate 10,000 generated agreement files; print files per second and the cost of our rules.

Baseline: bare `model_validate` (pydantic) on the same parsed data. Targets (issue 2): at least
1,000 files/s on one core for the whole pipeline (read, parse, schema, rules), and our validation
(schema + rules + positions) at most 2× bare pydantic.

The files are made from the example agreements under agreements/ (one of each type at least),
each copy with its own id, title and share split, so every file is a distinct valid agreement.

    .venv/bin/python benchmarks/validation_bench.py [--files 10000]
"""

from __future__ import annotations

import argparse
import random
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
        result.append(AVTALE_ADAPTER.dump_python(AVTALE_ADAPTER.validate_python(data), mode="json",
                                                 exclude_none=True))
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
        data["deltakere"] = [
            {**p, "eierandel": str(Fraction(w, total))} for p, w in zip(parts, weights)
        ] if not any("ansvarsandel" in p for p in parts) else parts
    return data


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--kilde", choices=["eksempler", "generert"], default="eksempler",
                        help="eksempler: de fulle Gauldal-avtalene (~180 linjer); "
                             "generert: kompakte grunnavtaler per type (~60 linjer)")
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

        start = time.perf_counter()
        results = [validate_file(p) for p in paths]
        full = time.perf_counter() - start
        errors = sum(1 for r in results for f in r.findings if f.severity == "feil")

        loaded = [load_yaml(p) for p in paths]
        start = time.perf_counter()
        for item in loaded:
            AVTALE_ADAPTER.validate_python(item.data)
        bare = time.perf_counter() - start

        start = time.perf_counter()
        for item in loaded:
            validate_loaded(item, item.data["id"])
        ours = time.perf_counter() - start

    print(f"filer: {args.files} ({args.kilde}, fra {len(base)} avtaler), feil funnet: {errors}")
    print(f"hele kjeden (les, YAML, skjema, regler): {full:.2f} s = {args.files / full:,.0f} filer/s")
    print(f"bare model_validate på samme data:      {bare:.3f} s = {args.files / bare:,.0f} filer/s")
    print(f"vår validering (skjema + regler):       {ours:.3f} s = {args.files / ours:,.0f} filer/s")
    print(f"forhold vår validering / bare pydantic: {ours / bare:.2f}x (mål: høyst 2x)")
    print(f"mål 1 000 filer/s: {'nådd' if args.files / full >= 1000 else 'IKKE nådd'}")


if __name__ == "__main__":
    main()
