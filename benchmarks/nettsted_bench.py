"""Benchmark: the whole static site (`avtale nettsted`) for an archive of 10,000 archived events.

The archive is `benchmarks/revisjon_bench.py`'s (`bygg`: 2,000 agreements with five events each,
the real landbruk data as every agreement's `avtale.json`, the archive's own manifests, trailers and
annotated tags, built with `git fast-import`), so the figures compare with that benchmark's.
Target (issue 16 item 4): the whole site in at most 30 s on this machine.

Measured, each in this process with wall-clock time:
- the whole site into an empty folder, with the verification (as `avtale verify`) in its second
  process; and the same with `--uten-kontroll` (pages alone);
- a rebuild of the unchanged archive (the verification's result reused, nothing written);
- a rebuild after one new archived event (`Arkiv.arkiver`, the archive's own write path): the
  files written are counted and must be the event's agreement, the start page, municipality pages
  and the verification page.

usage: .venv/bin/python benchmarks/nettsted_bench.py [--hendelser 10000] [--dir DIR] [--uten-gjengivelse]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

ROT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROT))
sys.path.insert(0, str(ROT / "benchmarks"))

import revisjon_bench  # noqa: E402  (the 10,000-event archive builder, reused as it is)

from avtaleflyt.arkiv import Arkiv  # noqa: E402
from avtaleflyt.nettsted.bygg import bygg_nettsted  # noqa: E402


def _tid(f):
    t = time.perf_counter()
    r = f()
    return r, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--hendelser", type=int, default=10_000)
    ap.add_argument("--dir", type=Path, default=None)
    ap.add_argument(
        "--uten-gjengivelse", action="store_true", help="kontroller uten ny gjengivelse"
    )
    arg = ap.parse_args()
    gjengivelse = not arg.uten_gjengivelse

    with tempfile.TemporaryDirectory(prefix="nettsted-bench-", dir=arg.dir) as d:
        repo, side, side2 = Path(d) / "arkiv", Path(d) / "side", Path(d) / "side-uten-kontroll"
        (maal, commits), bygget = _tid(lambda: revisjon_bench.bygg(repo, arg.hendelser))
        print(f"arkiv: {commits} arkiverte hendelser, bygget på {bygget:.1f} s med git fast-import")

        r, hel = _tid(lambda: bygg_nettsted(repo, side, gjengivelse=gjengivelse))
        print(
            f"hele nettstedet med kontroll: {hel:6.1f} s  ({len(r.skrevet)} filer, "
            f"{len(r.funn)} funn i kontrollen; faser {r.sekunder})"
        )
        r2, uten = _tid(lambda: bygg_nettsted(repo, side2, kontroll=False))
        print(f"hele nettstedet uten kontroll: {uten:6.1f} s  ({len(r2.skrevet)} filer)")

        r3, igjen = _tid(lambda: bygg_nettsted(repo, side, gjengivelse=gjengivelse))
        print(
            f"på nytt, arkivet uendret: {igjen:6.1f} s  ({len(r3.skrevet)} filer skrevet, "
            f"{r3.uendret} uendret)"
        )

        # one new event: the measured agreement is terminated, through the archive's own write path
        ny = _ny_hendelse(repo, maal)
        r4, etter = _tid(lambda: bygg_nettsted(repo, side, gjengivelse=gjengivelse))
        andre = sorted(s for s in r4.skrevet if not s.startswith(f"avtaler/{maal}/"))
        print(
            f"etter én ny hendelse ({ny}): {etter:6.1f} s  ({len(r4.skrevet)} filer skrevet: "
            f"{len(r4.skrevet) - len(andre)} for {maal}, ellers {', '.join(andre)})"
        )
        print(
            json.dumps(
                {
                    "hendelser": commits,
                    "hele_s": round(hel, 1),
                    "uten_kontroll_s": round(uten, 1),
                    "uendret_s": round(igjen, 1),
                    "etter_en_hendelse_s": round(etter, 1),
                    "filer": len(r.skrevet),
                    "skrevet_etter_en_hendelse": len(r4.skrevet),
                    "faser_hele": r.sekunder,
                }
            )
        )


def _ny_hendelse(repo: Path, maal: str) -> str:
    """Terminate the measured agreement: one `opphort` event through `Arkiv.arkiver`."""
    import dataclasses

    arkiv = Arkiv(repo)
    filer = arkiv.filer(maal, ved=f"{maal}/v2/i-kraft")
    forrige = revisjon_bench._hendelse(
        maal, 2, "i-kraft", dt.date(2020, 1, 1), filer["maler/VERSJON"], filer["avtale.json"]
    )
    hendelse = dataclasses.replace(
        forrige,
        hendelse="opphort",
        juridisk_dato=forrige.juridisk_dato + dt.timedelta(days=400),
        files={k: v for k, v in filer.items() if k != "MANIFEST.json"},
    )
    arkiv.arkiver(hendelse)
    return f"{maal}/v2/opphort"


if __name__ == "__main__":
    main()
