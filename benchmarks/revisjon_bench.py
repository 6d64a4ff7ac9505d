"""Benchmark: `history` and `show --at` of one agreement in an archive of 10,000 archived versions.

The archive is built fast with `git fast-import`, following the archive's layout exactly
(`<id>/avtale.json`, `<id>/prosess.json`, `<id>/dokumenter/<id>.docx`, `<id>/maler/…`,
`<id>/MANIFEST.json` made by the archive's own `lag_manifest`, the archive's trailers and one
annotated tag per event, whose message carries the register row as `gitlag.lag_tag` writes
it), then gets the commit-graph with changed-path Bloom filters and packed refs, as
`Arkiv.arkiver` keeps them.

Baseline: `git log --format=%H -- <id>/` on the same repository (a git process, as an auditor
would run it). Measured: `avtaleflyt.revisjon.historikk` and `avtaleflyt.revisjon.gjeldende`
in-process (the agreement's tags checked against its manifest at HEAD, then one `cat-file
--batch` for the versions' details), and the same as the `avtale history` / `avtale show --at`
commands in a new Python process, with the command's start-up (`avtale --help`) shown apart.
`register --kommune 5028` (in 40 of the 2,000 cooperations) in-process, from the tags through the
register index (the target: at most 100 ms; `avtaleflyt.arkiv.registerindeks`, no git process
while the refs are unchanged: the 200 tag messages of its 40 agreements, which carry the register
row, so no commit, tree or avtale.json is read), the same with the index removed first (the first
call after an event or a tampering rebuilds it from every tag) and, for comparison, from the
whole log (`fra_logg=True`); all must agree.

usage: .venv/bin/python benchmarks/revisjon_bench.py [--hendelser 10000] [--runder 15] [--dir DIR]
       [--bare-register]
With `--dir DIR` the archive is built once in `DIR/arkiv-<hendelser>` and reused by later runs
(building it takes one to two minutes); without it, in a temporary folder removed afterwards.
`--bare-register` measures only `register` (and git's own start-up, the floor for any git call).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from avtaleflyt.arkiv import ArkivHendelse, Signaturreferanse, Vedtaksreferanse, registerrad
from avtaleflyt.arkiv.klokke import SIMULERING_CONFIG, med_simulering
from avtaleflyt.arkiv.manifest import lag_manifest
from avtaleflyt.arkiv.trailere import bygg_melding
from avtaleflyt.arkiv.vedtaksoversikt import med_vedtaksoversikt
from avtaleflyt.paths import AGREEMENTS_DIR

KOMMUNER = ("5027", "5028", "5029")
PER_AVTALE = (("vedtatt", 1), ("signert", 1), ("i-kraft", 1), ("vedtatt", 2), ("i-kraft", 2))
ANDRE = tuple(f"50{n:02d}" for n in range(1, 60) if f"50{n:02d}" not in KOMMUNER)
HVER = 50
"""Every 50th agreement is between 5027, 5028 and 5029 (the measured one among them); the others
between three other municipalities, so 5028 takes part in 40 of 2,000 cooperations (a
municipality typically takes part in a few dozen), and `register --kommune 5028` reads 10,000
events to list 40."""


def kommuner(n: int) -> tuple[str, ...]:
    if n % HVER == 0:
        return KOMMUNER
    return tuple(ANDRE[(n + i * 7) % len(ANDRE)] for i in range(3))


def _avtale_json() -> bytes:
    from avtaleflyt.rendering import canonical_json
    from avtaleflyt.validation import load_agreement

    return canonical_json(load_agreement(AGREEMENTS_DIR / "gauldal-landbruk" / "avtale.yaml"))


def _hendelse(
    avtale_id: str,
    versjon: int,
    art: str,
    grunn: dt.date,
    mal: bytes,
    data: bytes,
    deltakere: tuple[str, ...] = KOMMUNER,
) -> ArkivHendelse:
    h = hashlib.sha256(f"{avtale_id}/{versjon}".encode()).hexdigest()
    vedtatt = grunn + dt.timedelta(days=200 * (versjon - 1))
    dato = {
        "vedtatt": vedtatt,
        "signert": vedtatt + dt.timedelta(days=14),
        "i-kraft": vedtatt + dt.timedelta(days=60),
    }[art]
    return ArkivHendelse(
        avtale_id=avtale_id,
        versjon=versjon,
        hendelse=art,
        juridisk_dato=dato,
        avtale_hash=h,
        schema_version="1.0",
        template_version="bench-1",
        files={
            "avtale.json": data,
            "prosess.json": b'{"avtale": "%s"}\n' % avtale_id.encode(),
            f"dokumenter/{avtale_id}.docx": b"PK\x03\x04" + avtale_id.encode() * 40,
            "maler/VERSJON": mal,
        },
        vedtak=tuple(
            Vedtaksreferanse(k, vedtatt - dt.timedelta(days=i), f"PS {i + 1}/{versjon}", h)
            for i, k in enumerate(deltakere)
        ),
        signaturer=tuple(
            Signaturreferanse(k, vedtatt + dt.timedelta(days=14), h, "Ordfører") for k in deltakere
        )
        if art != "vedtatt"
        else (),
        ikrafttredelse=vedtatt + dt.timedelta(days=60) if art != "vedtatt" else None,
    )


def _prosess(h: ArkivHendelse) -> bytes:
    """prosess.json with the records behind the event's `Vedtatt-*` and `Signert-*` trailers."""
    v = h.versjon
    vedtak = [
        {
            "id": f"vedtak-{x.kommunenummer}-v{v}",
            "kommune": x.kommunenummer,
            "organ": x.organ,
            "mote": f"kommunestyre-{x.kommunenummer}-v{v}",
            "motedato": x.dato.isoformat(),
            "saksnummer": x.saksnummer,
            "utfall": "vedtatt",
            "vedtakstekst": "Avtalen vedtas.",
            "versjon": v,
            "avtale_hash": x.avtale_hash,
        }
        for x in h.vedtak
    ]
    signaturer = [
        {
            "id": f"signatur-{x.kommunenummer}-v{v}",
            "kommune": x.kommunenummer,
            "navn": x.navn,
            "rolle": "ordfører",
            "dato": x.dato.isoformat(),
            "versjon": v,
        }
        for x in h.signaturer
    ]
    data = {"avtale": h.avtale_id, "vedtak": vedtak, "signaturer": signaturer}
    return json.dumps(data, ensure_ascii=False, sort_keys=True).encode() + b"\n"


def bygg(
    repo: Path, hendelser: int, *, med_registerrad: bool = True, realistisk: bool = False
) -> tuple[str, int]:
    """The archive with `hendelser` event commits; returns (the measured agreement, commits).
    `med_registerrad=False` writes the tags as archives did before the register row.
    `realistisk=True` makes an archive `verify` has nothing to say about but its stand-in
    documents (`benchmarks/nettsted_bench.py` measures the check): a simulation like the demo's
    (its 2020 dates lie after the commits' 2020-09 clock), each prosess.json with the decisions
    and signatures behind the trailers, and the working copy checked out."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    data = _avtale_json()
    antall_avtaler = max(1, hendelser // len(PER_AVTALE))
    maal = f"avtale-{antall_avtaler // 2:05d}"
    grunn = dt.date(2020, 1, 1)
    ut = bytearray()

    def blob(b: bytes) -> None:
        ut.extend(b"data %d\n" % len(b) + b + b"\n")

    mark = 0
    rader: dict[int, dict | None] = {}  # the register row per version (only the id differs)
    # one round of events per agreement and step, so each agreement's events spread over history
    for art, versjon in PER_AVTALE:
        for n in range(antall_avtaler):
            avtale_id = f"avtale-{n:05d}"
            tekst = data.replace(b'"id":"gauldal-landbruk"', b'"id":"%s"' % avtale_id.encode())
            tekst = tekst.replace(b'"versjon":1', b'"versjon":%d' % versjon)
            h = _hendelse(
                avtale_id,
                versjon,
                art,
                grunn + dt.timedelta(days=n % 300),
                b"bench-1\n",
                tekst,
                kommuner(n),
            )
            if realistisk:  # the records and «Vedtak i deltakerkommunene», as the archiver writes
                filer_h = {**h.files, "prosess.json": _prosess(h)}
                filer_h = med_vedtaksoversikt(filer_h, h.avtale_hash)
                h = dataclasses.replace(h, files=filer_h)
            trailere = med_simulering(h, True) if realistisk else h.trailere()
            melding = bygg_melding(h.emne(), "", trailere).encode()
            mark += 1
            tid = 1_600_000_000 + mark
            ut.extend(b"commit refs/heads/main\nmark :%d\n" % mark)
            ut.extend(b"committer avtaleflyt arkiv <arkiv@avtaleflyt.invalid> %d +0000\n" % tid)
            blob_m = melding
            ut.extend(b"data %d\n" % len(blob_m) + blob_m + b"\n")
            ut.extend(b"D %s\n" % avtale_id.encode())
            filer = dict(h.files)
            filer["MANIFEST.json"] = lag_manifest(h)
            for sti, innhold in sorted(filer.items()):
                ut.extend(b"M 100644 inline %s/%s\n" % (avtale_id.encode(), sti.encode()))
                blob(innhold)
            ut.extend(b"\n")
            ut.extend(b"tag %s\nfrom :%d\n" % (h.tag.encode(), mark))
            ut.extend(b"tagger avtaleflyt arkiv <arkiv@avtaleflyt.invalid> %d +0000\n" % tid)
            if versjon not in rader:
                rader[versjon] = registerrad.rad_fra_json(tekst) if med_registerrad else None
            rad = rader[versjon]
            tagmelding = registerrad.med_rad(
                melding.decode(), {**rad, "id": avtale_id} if rad else None
            ).encode()  # as `gitlag.lag_tag` writes it
            ut.extend(b"data %d\n" % len(tagmelding) + tagmelding + b"\n")
    subprocess.run(["git", "-C", str(repo), "fast-import", "--quiet"], input=bytes(ut), check=True)
    subprocess.run(["git", "-C", str(repo), "pack-refs", "--all"], check=True)
    if realistisk:
        subprocess.run(["git", "-C", str(repo), "config", SIMULERING_CONFIG, "true"], check=True)
        subprocess.run(["git", "-C", str(repo), "read-tree", "-u", "--reset", "HEAD"], check=True)
    subprocess.run(["git", "-C", str(repo), "config", "core.commitGraph", "true"], check=True)
    subprocess.run(
        ["git", "-C", str(repo), "commit-graph", "write", "--reachable", "--changed-paths"],
        check=True,
        capture_output=True,
    )
    return maal, mark


def _cpu() -> float:
    """CPU seconds of this process and the git processes it waited for: on a shared machine the
    wall time says how busy the others were, this says what the call costs."""
    egen, barn = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return egen.ru_utime + egen.ru_stime + barn.ru_utime + barn.ru_stime


def _median_cpu(f, runder: int) -> float:
    f()
    tider = []
    for _ in range(runder):
        t = _cpu()
        f()
        tider.append(_cpu() - t)
    return statistics.median(tider) * 1000


def _median(f, runder: int) -> float:
    f()  # warm-up (page cache, imports)
    tider = []
    for _ in range(runder):
        t = time.perf_counter()
        f()
        tider.append(time.perf_counter() - t)
    return statistics.median(tider) * 1000


@contextlib.contextmanager
def _arkivmappe(mappe: Path | None, hendelser: int):
    """(the archive's path, its «built» marker): kept in `mappe` for the next run, else temporary."""
    if mappe is not None:
        repo = mappe.resolve() / f"arkiv-{hendelser}"
        ferdig = repo.parent / f"arkiv-{hendelser}.ferdig"
        if repo.exists() and not ferdig.exists():
            raise SystemExit(
                f"{repo} finnes, men ble ikke bygget ferdig: slett mappen og kjør igjen"
            )
        yield repo, ferdig
        return
    with tempfile.TemporaryDirectory(prefix="revisjon-bench-") as d:
        yield Path(d) / "arkiv", Path(d) / "ferdig"


def _historikk(repo: Path, maal: str, dag: dt.date, runder: int) -> dict:
    """history and show --at, in-process and as commands, against `git log` on the same archive."""
    from avtaleflyt.revisjon import gjeldende, historikk

    def git_log(sti: str):
        subprocess.run(
            ["git", "-C", str(repo), "log", "--format=%H", "--", sti],
            check=True,
            capture_output=True,
        )

    base = _median(lambda: git_log(f"{maal}/"), runder)
    base_m = _median(lambda: git_log(f"{maal}/MANIFEST.json"), runder)
    hist = _median(lambda: historikk(repo, maal), runder)
    show = _median(lambda: gjeldende(repo, maal, dag), runder)
    print(f"git log --format=%H -- {maal}/ (grunnlinje): {base:7.1f} ms")
    print(f"git log --format=%H -- {maal}/MANIFEST.json: {base_m:7.1f} ms")
    print(f"history {maal}:                        {hist:7.1f} ms  forhold {hist / base:.2f}")
    print(f"show {maal} --at {dag}:            {show:7.1f} ms  forhold {show / base:.2f}")
    avtale = [sys.executable, "-m", "avtaleflyt.cli.main"]

    def cli(*args: str):
        subprocess.run([*avtale, *args, "--arkiv", str(repo)], check=True, capture_output=True)

    hist_cli = _median(lambda: cli("history", maal), max(3, runder // 3))
    show_cli = _median(lambda: cli("show", maal, "--at", dag.isoformat()), max(3, runder // 3))
    start = _median(
        lambda: subprocess.run([*avtale, "--help"], check=True, capture_output=True),
        max(3, runder // 3),
    )
    print(
        f"som kommando (ny Python-prosess): avtale history {hist_cli:7.1f} ms, avtale show --at "
        f"{show_cli:7.1f} ms; av dette oppstart (avtale --help) {start:7.1f} ms"
    )
    print(
        f"forhold mot git log -- {maal}/MANIFEST.json: history {hist / base_m:.2f}, "
        f"show {show / base_m:.2f}"
    )
    return {
        "git_log_ms": round(base, 1),
        "git_log_manifest_ms": round(base_m, 1),
        "history_ms": round(hist, 1),
        "show_ms": round(show, 1),
        "history_cli_ms": round(hist_cli, 1),
        "show_cli_ms": round(show_cli, 1),
        "cli_oppstart_ms": round(start, 1),
        "history_forhold": round(hist / base, 2),
        "show_forhold": round(show / base, 2),
    }


def _register(repo: Path, commits: int, dag: dt.date, runder: int) -> dict:
    """register --kommune 5028 from the tags (the target) and from the whole log; both must agree."""
    from avtaleflyt.arkiv import registerindeks
    from avtaleflyt.revisjon import register

    poster = register(repo, "5028", dag)
    assert poster == register(repo, "5028", dag, fra_logg=True), "tagger og logg er uenige"
    avtaler = commits // len(PER_AVTALE)
    assert len(poster) == len(range(0, avtaler, HVER)), "feil antall i registeret"
    reg = _median(lambda: register(repo, "5028", dag), runder)
    reg_cpu = _median_cpu(lambda: register(repo, "5028", dag), runder)
    reg_logg = _median(lambda: register(repo, "5028", dag, fra_logg=True), max(3, runder // 5))
    indeks = repo / ".git" / "avtaleflyt" / registerindeks.FIL

    def uten_indeks():  # the first register after the refs changed: the index is rebuilt
        indeks.unlink(missing_ok=True)
        register(repo, "5028", dag)

    bygg_ms = _median(uten_indeks, 3)
    bygg_cpu = _median_cpu(uten_indeks, 3)
    print(
        f"register --kommune 5028 --at {dag}: {reg:7.1f} ms fra registerindeksen (CPU med git "
        f"{reg_cpu:.1f} ms), {bygg_ms:7.1f} ms når indeksen bygges på nytt fra taggene (CPU "
        f"{bygg_cpu:.1f} ms), {reg_logg:7.1f} ms fra hele loggen ({len(poster)} samarbeid i "
        f"kraft av {avtaler})"
    )
    return {
        "register_ms": round(reg, 1),
        "register_cpu_ms": round(reg_cpu, 1),
        "register_bygg_ms": round(bygg_ms, 1),
        "register_bygg_cpu_ms": round(bygg_cpu, 1),
        "register_fra_logg_ms": round(reg_logg, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--hendelser", type=int, default=10_000)
    ap.add_argument("--runder", type=int, default=15)
    ap.add_argument("--dir", type=Path, default=None)
    ap.add_argument("--bare-register", action="store_true")
    arg = ap.parse_args()

    from avtaleflyt.revisjon import gjeldende, historikk

    with _arkivmappe(arg.dir, arg.hendelser) as (repo, ferdig):
        t = time.perf_counter()
        if ferdig.exists():
            maal, antall = ferdig.read_text(encoding="utf-8").split()
            commits = int(antall)
            hvordan = "gjenbrukt fra en tidligere kjøring"
        else:
            maal, commits = bygg(repo, arg.hendelser)
            ferdig.write_text(f"{maal} {commits}\n", encoding="utf-8")
            hvordan = f"bygget på {time.perf_counter() - t:.1f} s med git fast-import"
        print(
            f"arkiv: {commits} arkiverte hendelser (commits og tagger), {hvordan}; "
            f"målt avtale: {maal}"
        )
        start_git = _median(
            lambda: subprocess.run(["git", "--version"], check=True, capture_output=True), 20
        )
        print(
            f"git --version (oppstart av én git-prosess, gulvet per git-kall): {start_git:.1f} ms"
        )
        h = historikk(repo, maal)
        assert sorted(h.versjoner) == [1, 2] and len(h.versjoner[1].vedtak) == 3, "feil historikk"
        dag = h.versjoner[2].ikraft
        assert dag is not None
        assert gjeldende(repo, maal, dag).versjon.versjon == 2
        assert gjeldende(repo, maal, dag - dt.timedelta(days=1)).versjon.versjon == 1
        tall = {"hendelser": commits, "git_oppstart_ms": round(start_git, 1)}
        if not arg.bare_register:
            tall |= _historikk(repo, maal, dag, arg.runder)
        tall |= _register(repo, commits, dag, arg.runder)
        last = " ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"lastgjennomsnitt etter målingen: {last}")
        print(json.dumps(tall | {"last": last}))


if __name__ == "__main__":
    main()
