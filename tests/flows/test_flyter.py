"""The flows under Prefect's own test harness (one temporary API server per session).

Prefect, and the flows and adapters that import it, are imported inside the tests: collecting this
module then costs no xdist worker Prefect's import (seconds of CPU), and Prefect is first imported
after the harness fixture has set PREFECT_HOME.
"""

import asyncio
import datetime as dt

import pytest

from avtaleflyt.arkiv import Arkiv
from avtaleflyt.orkestrering.planlegging import moter_fra_prosess, onskede_kjoringer
from avtaleflyt.tjenester import last

AVTALE = "gauldal-landbruk"
pytestmark = pytest.mark.prefect


STILIGNENDE = {"avtaler", "arkiv", "dokumenter", "mappe"}
"""Parameter names that would let a UI user point writes at a folder of their choice."""


@pytest.fixture
def stier(arbeid, monkeypatch):
    """The work folders as the flows read them on a worker: the AVTALE_* settings, never a run
    parameter (configuration, as an operator sets it)."""
    monkeypatch.setenv("AVTALE_AVTALER", str(arbeid["avtaler"]))
    monkeypatch.setenv("AVTALE_ARKIV", str(arbeid["arkiv"]))
    monkeypatch.setenv("AVTALE_DOKUMENTER", str(arbeid["dokumenter"]))
    return arbeid


def _stilignende(skjema, sti=()) -> list[str]:
    """Every parameter (at any depth of the JSON schema) named like a folder or typed as a path."""
    funn = []
    if isinstance(skjema, dict):
        if skjema.get("format") == "path":
            funn.append(".".join(sti))
        egenskaper = skjema.get("properties")
        if isinstance(egenskaper, dict):
            funn += [".".join((*sti, n)) for n in egenskaper if n in STILIGNENDE]
        for nokkel, verdi in skjema.items():
            funn += _stilignende(verdi, (*sti, str(nokkel)))
    elif isinstance(skjema, list):
        for i, verdi in enumerate(skjema):
            funn += _stilignende(verdi, (*sti, str(i)))
    return funn


def test_no_deployment_takes_a_folder_as_a_parameter():
    """Issue 14 item 1: any user of the UI can start a deployment with parameters of their own,
    so none may say where to read or write; the folders come from the settings."""
    import yaml

    from flows.serve import deployments
    from flows.utrulling import FIL

    deps = deployments()
    assert {d.name for d in deps} == {
        "daglig-sveip",
        "godkjenningsdato",
        "registrer-vedtak",
        "konsultasjon",
        "registrer-signatur",
        "utkast",
        "arkiver",
        "fremdrift",
        "livslop",
    }
    funn = {
        d.name: _stilignende(d._parameter_openapi_schema.model_dump())
        for d in deps
        if _stilignende(d._parameter_openapi_schema.model_dump())
    }
    assert funn == {}, f"deployments med stiparametere: {funn}"
    # the schema test above can see a path parameter: the check itself is not blind
    assert _stilignende({"properties": {"arkiv": {"type": "string"}}}) == ["arkiv"]
    assert _stilignende({"properties": {"x": {"type": "string", "format": "path"}}}) == [
        "properties.x"
    ]
    # nor does prefect.yaml fix a folder as a deployment's parameter
    for d in yaml.safe_load(FIL.read_text(encoding="utf-8"))["deployments"]:
        assert not STILIGNENDE & set(d.get("parameters") or {}), d["name"]


def test_an_agreement_id_that_is_no_folder_name_is_refused(prefect_harness, stier):
    from flows.flyter import fremdrift

    tilstand = asyncio.run(fremdrift("../arkiv", return_state=True))
    assert tilstand.is_failed()
    assert "avtale-id «../arkiv» er ikke gyldig" in tilstand.message


def test_the_folders_come_from_prefect_variables_without_the_environment(
    prefect_harness, arbeid, monkeypatch
):
    """Without AVTALE_* on the worker, the operator's Prefect Variables say where the folders
    are (`prefect variable set avtale_arkiv …`)."""
    from prefect.variables import Variable

    from flows.flyter import daglig_sveip

    for navn in ("AVTALE_AVTALER", "AVTALE_ARKIV", "AVTALE_DOKUMENTER"):
        monkeypatch.delenv(navn, raising=False)

    async def kjor():
        for navn in ("avtaler", "arkiv", "dokumenter"):
            await Variable.aset(f"avtale_{navn}", str(arbeid[navn]), overwrite=True)
        try:
            return await daglig_sveip(dato=dt.date(2027, 6, 1), planlegg=False)
        finally:
            for navn in ("avtaler", "arkiv", "dokumenter"):
                await Variable.aunset(f"avtale_{navn}")

    ut = asyncio.run(kjor())
    assert [r["avtale"] for r in ut] == [AVTALE]
    assert len(Arkiv(arbeid["arkiv"]).hendelser(AVTALE)) == 3  # the archive the variable names


async def _artefakter(nokler):
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    async with get_client() as client:
        funnet = await client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=nokler))
        )
    return {a.key: a for a in sorted(funnet, key=lambda a: a.created)}  # latest version per key


async def _flow_run_tags(navn: str):
    from prefect import get_client

    async with get_client() as client:
        return [
            set(r.tags)
            for r in await client.read_flow_runs()
            if r.name and r.flow_id and (await client.read_flow(r.flow_id)).name == navn
        ]


def test_lifecycle_flow_archives_milestones_and_leaves_artifacts(
    prefect_harness, stier, monkeypatch
):
    arbeid = stier
    from flows.flyter import livslop

    monkeypatch.setenv("AVTALE_DOKUMENT_URL", "https://intranett.example/avtaleflyt/dokumenter")
    monkeypatch.setenv("AVTALE_NETTSTED_URL", "https://kommune.example/samarbeid")

    ut = asyncio.run(livslop(AVTALE, til=dt.date(2027, 6, 1)))
    assert ut[-1]["tilstand"] == "i_kraft"
    assert [h.hendelse for h in Arkiv(arbeid["arkiv"]).hendelser(AVTALE)] == [
        "vedtatt",
        "signert",
        "i-kraft",
    ]
    assert (arbeid["dokumenter"] / AVTALE / "v1").is_dir()
    a = asyncio.run(
        _artefakter([f"status-{AVTALE}", f"vedtak-{AVTALE}", f"dokument-{AVTALE}-docx"])
    )
    assert set(a) == {f"status-{AVTALE}", f"vedtak-{AVTALE}", f"dokument-{AVTALE}-docx"}
    assert (
        "I kraft" in a[f"status-{AVTALE}"].data or "i kraft" in a[f"status-{AVTALE}"].data.lower()
    )
    assert "5028" in a[f"vedtak-{AVTALE}"].data
    # a link the clerk's browser can open: the configured address, not a file on the worker
    url = f"https://intranett.example/avtaleflyt/dokumenter/{AVTALE}/v1/{AVTALE}.docx"
    assert a[f"dokument-{AVTALE}-docx"].data == f"[{AVTALE}.docx]({url})"
    assert not any("file://" in str(x.data) for x in a.values())
    side = f"(https://kommune.example/samarbeid/avtaler/{AVTALE}/index.html)"
    assert side in a[f"status-{AVTALE}"].data
    assert any(AVTALE in t for t in asyncio.run(_flow_run_tags("livslop")))
    # rerun: idempotent, no new archive events
    asyncio.run(livslop(AVTALE, til=dt.date(2027, 6, 1)))
    assert len(Arkiv(arbeid["arkiv"]).hendelser(AVTALE)) == 3


def test_daily_sweep_catches_up_every_agreement(prefect_harness, stier):
    arbeid = stier
    from flows.flyter import daglig_sveip

    ut = asyncio.run(daglig_sveip(dato=dt.date(2027, 6, 1), planlegg=False))
    assert [r["avtale"] for r in ut] == [AVTALE]
    assert [h.hendelse for h in Arkiv(arbeid["arkiv"]).hendelser(AVTALE)] == [
        "vedtatt",
        "signert",
        "i-kraft",
    ]


def test_batch_lifecycle_drives_agreements_in_one_run(prefect_harness, stier):
    arbeid = stier
    from flows.flyter import livslop_mange

    assert asyncio.run(livslop_mange([AVTALE], til=dt.date(2027, 6, 1))) == 1
    assert [h.hendelse for h in Arkiv(arbeid["arkiv"]).hendelser(AVTALE)] == [
        "vedtatt",
        "signert",
        "i-kraft",
    ]


def test_daily_sweep_plans_each_meetings_run_once(prefect_harness, stier):
    """The sweep's planning path: with the `godkjenningsdato` deployment registered, the first
    sweep schedules one run per treating meeting, the next finds them all and adds none."""
    from prefect import get_client

    from avtaleflyt.orkestrering.prefect_plan import DEPLOYMENT, eksisterende_kjoringer
    from flows.flyter import daglig_sveip, godkjenningsdato

    _, prosess = last(stier["mappe"])
    onskede = onskede_kjoringer(AVTALE, moter_fra_prosess(prosess))
    assert onskede
    # a meeting whose check time has passed (by the wall clock) is reported, not scheduled
    na = dt.datetime.now(dt.UTC)
    kommende = [k for k in onskede if k.tidspunkt > na]
    avholdt = len(onskede) - len(kommende)

    async def kjor():
        await (await godkjenningsdato.to_deployment(name="godkjenningsdato")).apply()
        forste = await daglig_sveip(dato=dt.date(2027, 6, 1))
        andre = await daglig_sveip(dato=dt.date(2027, 6, 2))
        async with get_client() as client:
            dep = await client.read_deployment_by_name(DEPLOYMENT)
            return forste, andre, await eksisterende_kjoringer(client, dep.id, AVTALE)

    forste, andre, runs = asyncio.run(kjor())
    assert forste[0]["planlegging"].startswith(f"{len(kommende)} nye")
    assert forste[0]["planlegging"].endswith(f", {avholdt} avholdt")
    assert andre[0]["planlegging"] == (
        f"0 nye, 0 flyttet, 0 avlyst, {len(kommende)} uendret, {avholdt} avholdt"
    )
    assert sorted((r.mote_id, r.tidspunkt) for r in runs) == sorted(
        (k.mote_id, k.tidspunkt) for k in kommende
    )
    assert {r.navn for r in runs} == {k.navn for k in kommende}
    assert {r.tilstand for r in runs} <= {"SCHEDULED"}


def test_demo_flow_run_is_tagged_with_the_agreements_and_names_each_step(prefect_harness, tmp_path):
    """The UI shows the demo's run under each agreement's tag and a task run per legal step, named
    with the agreement; the task runs carry no tags (each tag costs a concurrency-slot call)."""
    from prefect import get_client

    from flows.demo import kjor_under_prefect

    resultat = kjor_under_prefect(tmp_path / "ut", None, [AVTALE], None)
    assert [a.id for a in resultat.avtaler] == [AVTALE]

    async def les():
        async with get_client() as client:
            runs = [r for r in await client.read_flow_runs() if r.name and "gauldal-demo" in r.tags]
            oppgaver = await client.read_task_runs()
        return runs, oppgaver

    runs, oppgaver = asyncio.run(les())
    assert len(runs) == 1 and {AVTALE, "gauldal-demo"} <= set(runs[0].tags)
    mine = [t for t in oppgaver if t.flow_run_id == runs[0].id]
    assert len(mine) == resultat.hendelser
    assert all(t.name.startswith("steg_") and AVTALE in t.name and not t.tags for t in mine)
