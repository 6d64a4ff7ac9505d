"""The Gauldal demo under Prefect: one flow run for the cooperation, one task run per step.

The steps are the plain functions of `avtaleflyt.demo` on simulated dates; Prefect adds the run
record, a task run per legal step (named «<step>-<agreement id>» in the UI) and the artifacts.
One flow run for all steps keeps Prefect's per-run cost (~1 s heartbeat) paid once.

The flow run is tagged with every agreement id; the task runs are not. A tagged task run takes
a slot of the tag's concurrency limit through the API before it starts, and on the local SQLite
server that call now and then waits ~2 s for the database: with tags on every step the demo took
5.7 minutes, without them 1.4 (264 steps, 2 cores).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from avtaleflyt.demo import DemoResultat, Hendelse, alle_ider, kjor_demo
from flows.flyter import merk_kjoringen

_fremdrift: list[Callable[[int, int, Hendelse], None]] = []


@task(cache_policy=NO_CACHE, persist_result=False)
def demo_steg(steg: Callable[..., Any], argumenter: dict[str, Any]) -> Any:
    """One legal step (drøfting, saksframlegg, vedtak, signatur, arkivering …)."""
    return steg(**argumenter)


def _kjor_som_oppgave(steg: Callable[..., Any], argumenter: dict[str, Any]) -> Any:
    avtale_id = str(argumenter.get("avtale_id") or argumenter.get("mappe", "")).split("/")[-1]
    navn = f"{getattr(steg, '__name__', 'steg')}-{avtale_id}".strip("-")
    return demo_steg.with_options(name=navn)(steg, argumenter)


@flow(name="gauldal-demo", log_prints=False)
def gauldal_demo(ut: str, arkiv: str | None = None, ider: list[str] | None = None) -> dict[str, Any]:
    """The example cooperation from draft to archive; leaves a status artifact per agreement."""
    fremdrift = _fremdrift[-1] if _fremdrift else None
    merk_kjoringen("gauldal-demo", *(ider if ider is not None else alle_ider()))
    resultat = kjor_demo(Path(ut), Path(arkiv) if arkiv else None, ider=ider,
                         kjorer=_kjor_som_oppgave, fremdrift=fremdrift)
    rader = "\n".join(
        f"| {a.id} | {a.versjon} | {a.tilstand_tekst} | `{a.avtale_hash[:12]}` |" for a in resultat.avtaler
    )
    create_markdown_artifact(
        key="gauldal-demo-status",
        markdown="| avtale | versjon | tilstand | avtale-hash |\n|---|---|---|---|\n" + rader,
        description="Tilstanden til hver avtale etter demoen",
    )
    _siste.append(resultat)
    return {"avtaler": len(resultat.avtaler), "hendelser": resultat.hendelser}


_siste: list[DemoResultat] = []


def kjor_under_prefect(ut: Path, arkiv: Path | None, ider: list[str] | None,
                       fremdrift: Callable[[int, int, Hendelse], None] | None) -> DemoResultat:
    """Run the demo flow in this process and return the full result for the report."""
    _fremdrift.append(fremdrift) if fremdrift else None
    try:
        gauldal_demo(str(ut), str(arkiv) if arkiv else None, ider)
        return _siste.pop()
    finally:
        if fremdrift:
            _fremdrift.pop()
