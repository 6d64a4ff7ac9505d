"""Benchmark: the whole static site (`avtale nettsted`) for an archive of 10,000 archived events.

The archive is `benchmarks/revisjon_bench.py`'s (`bygg`: 2,000 agreements with five events each,
the real landbruk data as every agreement's `avtale.json`, the archive's own manifests, trailers and
annotated tags, built with `git fast-import`), so the figures compare with that benchmark's, built
with `realistisk=True` so the check measures an archive it has nothing to say about: a simulation
as the demo's archive is (`avtaleflyt.simulering`, `Simulering: ja`), each prosess.json with the
decisions and signatures behind the trailers, and the working copy checked out. Its .docx files
are still stand-ins (bytes, not a Word document), and its `maler/` holds only VERSJON: re-rendering
a version fails at once on the standard clause the templates lack, and the check reports one
ARKIV-GJENGIVELSE per version (4,000 at 10,000 events) and goes on. A real re-render costs far more
(about 70 ms CPU per version on the demo's archive), so `--uten-gjengivelse` gives the rest of the
check apart.
Target (issue 16 item 4): the whole site in at most 30 s on this machine.

Measured, each in this process with wall-clock time and CPU seconds (this process and its
finished children):
- the whole site into an empty folder, with the verification (as `avtale verify`) in its second
  process and verify's result cache empty (cold: every commit checked); the same with
  `--uten-kontroll` (pages alone); and the whole site into another empty folder with the result
  cache filled by the first build (warm: the commits' results reused, refs, journal, tags and
  working copy checked again);
- a rebuild of the unchanged archive (the verification's result reused, nothing written);
- a rebuild after one new archived event (`Arkiv.arkiver`, the archive's own write path): the
  files written are counted and must be the event's agreement, the start page, municipality pages
  and the verification page.

usage: .venv/bin/python benchmarks/nettsted_bench.py [--hendelser 10000] [--dir DIR]
       [--uten-gjengivelse] [--arkiv ARKIV]   (--arkiv: a copy of an archive revisjon_bench built)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
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


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout.strip()


def _cpu() -> float:
    selv, barn = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return selv.ru_utime + selv.ru_stime + barn.ru_utime + barn.ru_stime


def _tid(f):
    """(result, wall seconds, CPU seconds of this process and its finished children)."""
    t, c = time.perf_counter(), _cpu()
    r = f()
    return r, time.perf_counter() - t, _cpu() - c


def _last() -> str:
    return f"belastning (load average 1 min) {os.getloadavg()[0]:.1f} på {os.cpu_count()} kjerner"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--hendelser", type=int, default=10_000)
    ap.add_argument("--dir", type=Path, default=None)
    ap.add_argument("--arkiv", type=Path, default=None, help="kopier dette arkivet i stedet")
    ap.add_argument(
        "--uten-gjengivelse", action="store_true", help="kontroller uten ny gjengivelse"
    )
    arg = ap.parse_args()
    gjengivelse = not arg.uten_gjengivelse

    with tempfile.TemporaryDirectory(prefix="nettsted-bench-", dir=arg.dir) as d:
        repo, side, side2 = Path(d) / "arkiv", Path(d) / "side", Path(d) / "side-uten-kontroll"
        if arg.arkiv is not None:
            shutil.copytree(arg.arkiv, repo, symlinks=True)
            commits = int(_git(repo, "rev-list", "--count", "HEAD"))
            maal = f"avtale-{max(1, commits // len(revisjon_bench.PER_AVTALE)) // 2:05d}"
            print(f"arkiv: {commits} arkiverte hendelser, kopi av {arg.arkiv}")
        else:
            (maal, commits), bygget, _ = _tid(
                lambda: revisjon_bench.bygg(repo, arg.hendelser, realistisk=True)
            )
            print(
                f"arkiv: {commits} arkiverte hendelser, bygget på {bygget:.1f} s med git fast-import"
            )

        r, hel, hel_cpu = _tid(lambda: bygg_nettsted(repo, side, gjengivelse=gjengivelse))
        print(
            f"hele nettstedet med kontroll: {hel:6.1f} s, {hel_cpu:6.1f} CPU-s  "
            f"({len(r.skrevet)} filer, {len(r.funn)} funn i kontrollen; faser {r.sekunder}; "
            f"{_last()})"
        )
        r2, uten, uten_cpu = _tid(lambda: bygg_nettsted(repo, side2, kontroll=False))
        print(
            f"hele nettstedet uten kontroll: {uten:6.1f} s, {uten_cpu:6.1f} CPU-s  "
            f"({len(r2.skrevet)} filer; faser {r2.sekunder}; {_last()})"
        )
        side3 = Path(d) / "side-varm"
        r5, varm, varm_cpu = _tid(lambda: bygg_nettsted(repo, side3, gjengivelse=gjengivelse))
        print(
            f"hele nettstedet med kontroll, hurtigbufferen fylt: {varm:6.1f} s, {varm_cpu:6.1f} "
            f"CPU-s  ({len(r5.skrevet)} filer, {len(r5.funn)} funn; faser {r5.sekunder}; "
            f"{_last()})"
        )
        print(f"  kontrollsiden: {_omfang(side3)}")
        r3, igjen, igjen_cpu = _tid(lambda: bygg_nettsted(repo, side, gjengivelse=gjengivelse))
        print(
            f"på nytt, arkivet uendret: {igjen:6.1f} s, {igjen_cpu:6.1f} CPU-s  "
            f"({len(r3.skrevet)} filer skrevet, {r3.uendret} uendret, "
            f"{len(r3.avtaler_gjengitt)} avtaler laget på nytt; {_last()})"
        )
        ny = _ny_hendelse(repo, maal)
        r4, etter, etter_cpu = _tid(lambda: bygg_nettsted(repo, side, gjengivelse=gjengivelse))
        andre = sorted(s for s in r4.skrevet if not s.startswith(f"avtaler/{maal}/"))
        print(
            f"etter én ny hendelse ({ny}): {etter:6.1f} s, {etter_cpu:6.1f} CPU-s  "
            f"({len(r4.avtaler_gjengitt)} avtale(r) laget på nytt, "
            f"{len(r4.skrevet)} filer skrevet: {len(r4.skrevet) - len(andre)} for {maal}, "
            f"ellers {len(andre)}: {', '.join(andre[:8])}{' …' if len(andre) > 8 else ''}; "
            f"{_last()})"
        )
        print(f"  kontrollsiden: {_omfang(side)}")
        print(
            json.dumps(
                {
                    "hendelser": commits,
                    "hele_s": round(hel, 1),
                    "hele_cpu_s": round(hel_cpu, 1),
                    "uten_kontroll_s": round(uten, 1),
                    "uten_kontroll_cpu_s": round(uten_cpu, 1),
                    "hele_varm_s": round(varm, 1),
                    "hele_varm_cpu_s": round(varm_cpu, 1),
                    "uendret_s": round(igjen, 1),
                    "etter_en_hendelse_s": round(etter, 1),
                    "etter_en_hendelse_cpu_s": round(etter_cpu, 1),
                    "filer": len(r.skrevet),
                    "skrevet_etter_en_hendelse": len(r4.skrevet),
                }
            )
        )


def _omfang(side: Path) -> str:
    """What the verification page says was checked now and what came from earlier checks."""
    manifest = json.loads((side / ".avtaleflyt-nettsted.json").read_text(encoding="utf-8"))
    return str(manifest.get("kontroll", {}).get("omfang", ""))


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
