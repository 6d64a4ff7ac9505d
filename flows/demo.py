"""The Gauldal demo under Prefect: one flow run for the cooperation, one task run per step.

The steps are the plain functions of `demo.steg` (each one call of the service layer) on simulated
dates; Prefect adds the run record, a task run per legal step (named «<step>-<agreement id>» in
the UI) and the artifacts. One flow run for all steps keeps Prefect's per-run cost (~1 s
heartbeat) paid once. The flow returns the demo's result; the progress callback is a parameter.

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

from demo import DemoResultat, alle_ider, kjor_demo
from demo.kjoring import Fremdrift
from flows.flyter import merk_kjoringen


@task(cache_policy=NO_CACHE, persist_result=False)
def demo_steg(steg: Callable[..., Any], argumenter: dict[str, Any]) -> Any:
    """One legal step (drøfting, saksframlegg, vedtak, signatur, arkivering …)."""
    return steg(**argumenter)


def _kjor_som_oppgave(steg: Callable[..., Any], argumenter: dict[str, Any]) -> Any:
    navn = f"{getattr(steg, '__name__', 'steg')}-{argumenter.get('avtale_id', '')}".strip("-")
    return demo_steg.with_options(name=navn)(steg, argumenter)


@flow(name="gauldal-demo", log_prints=False, persist_result=False)
def gauldal_demo(
    ut: str,
    arkiv: str | None = None,
    ider: list[str] | None = None,
    fremdrift: Fremdrift | None = None,
) -> DemoResultat:
    """The example cooperation from draft to archive; leaves a status artifact per agreement."""
    merk_kjoringen("gauldal-demo", *(ider if ider is not None else alle_ider()))
    resultat = kjor_demo(
        Path(ut),
        Path(arkiv) if arkiv else None,
        ider=ider,
        kjorer=_kjor_som_oppgave,
        fremdrift=fremdrift,
    )
    rader = "\n".join(
        f"| {a.id} | {a.versjon} | {a.tilstand_tekst} | `{a.avtale_hash[:12]}` |"
        for a in resultat.avtaler
    )
    create_markdown_artifact(
        key="gauldal-demo-status",
        markdown="| avtale | versjon | tilstand | avtale-hash |\n|---|---|---|---|\n" + rader,
        description="Tilstanden til hver avtale etter demoen",
    )
    return resultat


def kjor_under_prefect(
    ut: Path, arkiv: Path | None, ider: list[str] | None, fremdrift: Fremdrift | None
) -> DemoResultat:
    """Run the demo flow in this process and return its result for the report."""
    return gauldal_demo(str(ut), str(arkiv) if arkiv else None, ider, fremdrift)
