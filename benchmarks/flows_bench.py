"""Lifecycle of N agreements under Prefect vs the same functions called directly.

    .venv/bin/python benchmarks/flows_bench.py [N]        (default 100)

Setup (not timed): the demo's plain steps drive one agreement through its whole process once
(records only); the folder is copied N times under distinct ids. Then, each with its own fresh
archive and documents folder (the Prefect run finds its folders in the AVTALE_* settings,
as a worker does; no flow takes a folder as a parameter):
- baseline: `flows.flyter.livslop_direkte` for each agreement (validate, render, and on each date of
  the calendar assess and archive vedtatt/signert/i-kraft);
- Prefect: one async `livslop_mange` flow run driving all N agreements with tasks (one run's
  overhead, ~10 ms per task), on a local Prefect server started once (not timed, like a real
  server that is already up), with the `avtaleflyt-arkiv` concurrency limit in place, so every
  archive write takes and returns its slot through the API as it does when deployed.
Prints both times and the ratio (target ≤ 3×).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

AVTALE = "gauldal-landbruk"
SLUTT = dt.date(2027, 6, 1)


def _kopier(kilde: Path, rot: Path, n: int) -> list[str]:
    """N copies under new ids; the records are re-bound to each copy's avtale-hash."""
    from avtaleflyt.prosess import avtale_hash
    from avtaleflyt.validation import load_agreement

    gammel = avtale_hash(load_agreement(kilde))
    ider = []
    for i in range(n):
        ny = f"{AVTALE}-{i:03d}"
        shutil.copytree(kilde, rot / ny)
        a = rot / ny / "avtale.yaml"
        a.write_text(
            a.read_text(encoding="utf-8").replace(f"id: {AVTALE}\n", f"id: {ny}\n"),
            encoding="utf-8",
        )
        h = avtale_hash(load_agreement(rot / ny))
        p = rot / ny / "prosess.yaml"
        tekst = p.read_text(encoding="utf-8").replace(f"avtale: {AVTALE}\n", f"avtale: {ny}\n")
        p.write_text(tekst.replace(gammel, h), encoding="utf-8")
        ider.append(ny)
    return ider


def main(n: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="flows-bench-"))
    os.environ["PREFECT_HOME"] = str(tmp / "prefect")
    from avtaleflyt.orkestrering.runtime import forbered_lokal_prefect

    forbered_lokal_prefect()
    from demo import kjor_demo

    behandlet = kjor_demo(tmp / "demo", ider=[AVTALE]).arbeid / AVTALE
    avtaler = tmp / "avtaler"
    ider = _kopier(behandlet, avtaler, n)

    from avtaleflyt.arkiv import Arkiv
    from flows.flyter import livslop_direkte, livslop_mange

    # the demo's records run into the future: a real archive refuses dates after today
    for navn in ("arkiv-direkte", "arkiv-prefect"):
        Arkiv(tmp / navn).opprett(simulering=True)

    t0 = time.perf_counter()
    for a in ider:
        livslop_direkte(avtaler / a, SLUTT, tmp / "arkiv-direkte", tmp / "dok-direkte")
    direkte = time.perf_counter() - t0

    from prefect.testing.utilities import prefect_test_harness

    # the flows take no folders as parameters: they read them from the settings, as on a worker
    os.environ["AVTALE_AVTALER"] = str(avtaler)
    os.environ["AVTALE_ARKIV"] = str(tmp / "arkiv-prefect")
    os.environ["AVTALE_DOKUMENTER"] = str(tmp / "dok-prefect")

    with prefect_test_harness(server_startup_timeout=180):
        from flows.serve import opprett_arkivgrense

        asyncio.run(opprett_arkivgrense())  # as `flows.serve` has made it on a deployed server
        t0 = time.perf_counter()
        antall = asyncio.run(livslop_mange(ider, til=SLUTT))
        prefect_tid = time.perf_counter() - t0
    assert antall == n
    assert (
        len(Arkiv(tmp / "arkiv-prefect").hendelser())
        == len(Arkiv(tmp / "arkiv-direkte").hendelser())
        == 3 * n
    )
    print(f"{n} avtaler, livsløp til {SLUTT}:")
    print(f"  direkte (baseline):  {direkte:8.2f} s  ({direkte / n * 1000:.0f} ms per avtale)")
    print(
        f"  Prefect (1 flytkjøring, oppgaver): {prefect_tid:8.2f} s  ({prefect_tid / n * 1000:.0f} ms per avtale)"
    )
    print(f"  forhold Prefect/direkte: {prefect_tid / direkte:.2f}x (mål ≤ 3x)")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
