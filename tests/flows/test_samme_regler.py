"""The clerk's form refuses what `avtale record` refuses, against today (issue 14 item 2).

One table of cases runs through both ways in: `avtale record decision` (click's CliRunner) on one
copy of an agreement and the `registrer-vedtak` flow (Prefect's test harness) on another, each
with its own `today`: the calendar is laid out around the real date, so «in the future» and
«held» stay true whenever the test runs. The outcome must be the same: both record (and then the
two `prosess.yaml` files are byte for byte the same, since both derive id, organ, date, version
and hash with the same function), or both refuse with the same finding and leave the file as it
was. A refusal ends the flow run Failed with the finding, an «Avvist» artifact and no retry; a
warning is logged at WARNING and shown in an artifact.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from avtaleflyt.cli.main import app
from avtaleflyt.orkestrering.skjemavalg import bygg_valg
from avtaleflyt.paths import eksempelavtaler
from avtaleflyt.prosess.kalender import idag
from flows.skjema import VedtakSkjema

pytestmark = pytest.mark.prefect

AVTALE = "gauldal-landbruk"
I_DAG = idag()
FORBI = I_DAG - dt.timedelta(days=10)
INNSTILT = I_DAG - dt.timedelta(days=20)
FRAM = I_DAG + dt.timedelta(days=14)
FEIL_HASH = "f" * 64


class _UtenAnkre(yaml.SafeDumper):
    """Process data may hold no YAML anchors: a date used twice is written out twice."""

    def ignore_aliases(self, data) -> bool:
        return True


def _mote(mid: str, kommune: str, organ: str, dato: dt.date, behandling: str) -> dict:
    return {
        "id": mid,
        "kommuner": [kommune],
        "organ": organ,
        "dato": dato,
        "saksnummer": "PS 1/26",
        "behandling": behandling,
    }


def lag_sak(rot: Path) -> Path:
    """The example agreement with a calendar around today: Skaun's formannskap recommended 20
    days ago, the three kommunestyrer met 10 days ago (Midtre Gauldal's vedtak is recorded; the
    saksframlegg to Skaun's formannskap and to Melhus carried another text's hash), and Melhus
    meets again in two weeks."""
    mappe = rot / AVTALE
    mappe.mkdir(parents=True)
    shutil.copyfile(eksempelavtaler() / AVTALE / "avtale.yaml", mappe / "avtale.yaml")
    from avtaleflyt.prosess import avtale_hash
    from avtaleflyt.validation import load_agreement

    h = avtale_hash(load_agreement(mappe / "avtale.yaml"))
    prosess = {
        "avtale": AVTALE,
        "moter": [
            _mote("skaun-fsk-forbi", "5029", "formannskap", INNSTILT, "innstilling"),
            _mote("skaun-ks-forbi", "5029", "kommunestyre", FORBI, "vedtak"),
            _mote("mg-ks-forbi", "5027", "kommunestyre", FORBI, "vedtak"),
            _mote("melhus-ks-forbi", "5028", "kommunestyre", FORBI, "vedtak"),
            _mote("melhus-ks-fram", "5028", "kommunestyre", FRAM, "vedtak"),
        ],
        "saksframlegg": [
            {
                "id": "saksframlegg-5029-skaun-fsk-forbi",
                "kommune": "5029",
                "mote": "skaun-fsk-forbi",
                "dato": INNSTILT - dt.timedelta(days=14),
                "versjon": 1,
                "avtale_hash": FEIL_HASH,
            },
            {
                "id": "saksframlegg-5028-melhus-ks-forbi",
                "kommune": "5028",
                "mote": "melhus-ks-forbi",
                "dato": FORBI - dt.timedelta(days=14),
                "versjon": 1,
                "avtale_hash": FEIL_HASH,
            },
        ],
        "vedtak": [
            {
                "id": "vedtak-5027-mg-ks-forbi",
                "kommune": "5027",
                "organ": "kommunestyre",
                "mote": "mg-ks-forbi",
                "motedato": FORBI,
                "utfall": "vedtatt",
                "vedtakstekst": "Avtalen vedtas.",
                "versjon": 1,
                "avtale_hash": h,
            }
        ],
    }
    (mappe / "prosess.yaml").write_text(
        yaml.dump(prosess, Dumper=_UtenAnkre, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return mappe


@dataclass
class Tilfelle:
    navn: str
    kommune: str
    mote: str
    utfall: str = "vedtatt"
    organ: str | None = None
    registreres: bool = False
    funn: str = ""
    """Text both the CLI's output and the flow's message or warning artifact must hold."""
    advarsel: bool = False


TILFELLER = [
    Tilfelle("vedtak i et holdt møte", "5029", "skaun-ks-forbi", registreres=True),
    Tilfelle("møtet er fram i tid", "5028", "melhus-ks-fram", funn="PROSESS-DATO-FREMTID"),
    Tilfelle(
        "vedtak på en annen tekst enn gjeldende",
        "5028",
        "melhus-ks-forbi",
        registreres=True,
        advarsel=True,
        funn="PROSESS-SAMME-TEKST",
    ),
    # The innstilling takes the hash of the saksframlegg sent to Skaun's formannskap, which is not
    # the current text: recorded on both ways in, with the same warning (issue 14: it was green
    # and silent).
    Tilfelle(
        "innstilling på en annen tekst enn gjeldende",
        "5029",
        "skaun-fsk-forbi",
        utfall="innstilling",
        registreres=True,
        advarsel=True,
        funn="PROSESS-INNSTILLING-TEKST",
    ),
    Tilfelle("ukjent møte", "5029", "skaun-ks-finnes-ikke", funn="finnes ikke i kalenderen"),
    Tilfelle(
        "feil organ for møtet",
        "5029",
        "skaun-ks-forbi",
        organ="formannskap",
        funn="PROSESS-KALENDER",
    ),
    Tilfelle("samme vedtak en gang til", "5027", "mg-ks-forbi", funn="PROSESS-DUPLIKAT"),
    Tilfelle("kommunen er ikke deltaker", "5001", "skaun-ks-forbi", funn="PROSESS-DELTAKER"),
    Tilfelle("kommunen er ikke i møtet", "5028", "skaun-ks-forbi", funn="PROSESS-KALENDER"),
]


def _cli(rot: Path, arkiv: Path, t: Tilfelle):
    args = ["record", "decision", AVTALE, "--mote", t.mote, "--kommune", t.kommune]
    args += ["--utfall", t.utfall, "--vedtakstekst", "Avtalen vedtas."]
    if t.organ:
        args += ["--organ", t.organ]
    env = {"AVTALE_AVTALER": str(rot), "AVTALE_ARKIV": str(arkiv)}
    return CliRunner(env=env).invoke(app, args)


def _skjema(rot: Path, t: Tilfelle) -> VedtakSkjema:
    """The form as the UI sends it: the labels of the choice lists where the case has one."""
    valg = bygg_valg(rot, I_DAG)

    def etikett(liste: list[str], ident: str) -> str:
        return next((e for e in liste if e.endswith(f"({ident})")), ident)

    organ = {None: "Møtets organ", "formannskap": "Formannskap"}[t.organ]
    return VedtakSkjema(
        avtale=etikett(valg.avtaler, AVTALE),
        kommune=etikett(valg.kommuner, t.kommune),
        mote=etikett(valg.moter, t.mote),
        utfall={"vedtatt": "Vedtatt", "innstilling": "Innstilling"}[t.utfall],
        vedtakstekst="Avtalen vedtas.",
        organ=organ,
    )


async def _artefakter(flow_run_id) -> dict:
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    async with get_client() as client:
        funnet = await client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
        )
    return {a.key: a for a in funnet}


async def _logg(flow_run_id) -> list[tuple[int, str]]:
    """The run's log as the UI shows it (level, message), read back from the API."""
    from prefect import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.logging.handlers import APILogHandler

    await APILogHandler.aflush()
    async with get_client() as client:
        linjer = await client.read_logs(
            log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id]))
        )
    return [(x.level, x.message) for x in linjer]


async def _oppgaveforsok(flow_run_id) -> list[int]:
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    async with get_client() as client:
        runs = await client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
        )
    return [r.run_count for r in runs if r.name.startswith("registrer")]


@pytest.mark.parametrize("t", TILFELLER, ids=[t.navn for t in TILFELLER])
def test_the_form_and_the_cli_give_the_same_answer(
    t: Tilfelle, prefect_harness, tmp_path, monkeypatch
):
    from flows.skjemaflyter import registrer_vedtak

    cli_rot, flyt_rot = tmp_path / "cli", tmp_path / "flyt"
    for rot in (cli_rot, flyt_rot):
        lag_sak(rot)
    for_ = (cli_rot / AVTALE / "prosess.yaml").read_bytes()

    r = _cli(cli_rot, tmp_path / "cli-arkiv", t)
    assert "Traceback" not in r.output
    assert (r.exit_code == 0) == t.registreres, r.output

    monkeypatch.setenv("AVTALE_AVTALER", str(flyt_rot))
    monkeypatch.setenv("AVTALE_ARKIV", str(tmp_path / "flyt-arkiv"))
    monkeypatch.setenv("AVTALE_DOKUMENTER", str(tmp_path / "dokumenter"))
    tilstand = asyncio.run(registrer_vedtak(_skjema(flyt_rot, t), return_state=True))
    kjoring = tilstand.state_details.flow_run_id
    artefakter = asyncio.run(_artefakter(kjoring))
    logg = asyncio.run(_logg(kjoring))

    cli_fil = (cli_rot / AVTALE / "prosess.yaml").read_bytes()
    flyt_fil = (flyt_rot / AVTALE / "prosess.yaml").read_bytes()
    assert cli_fil == flyt_fil  # the same record, or none on both ways in
    if t.registreres and not t.advarsel:
        assert "advarsel" not in r.output and f"advarsler-{AVTALE}" not in artefakter
    if t.registreres:
        assert tilstand.is_completed(), tilstand.message
        assert cli_fil != for_
        assert any(n == logging.INFO and m.startswith("Vedtak registrert") for n, m in logg)
    else:
        assert tilstand.is_failed() and tilstand.message.startswith("Avvist: ")
        assert t.funn in r.output and t.funn in tilstand.message
        assert f"avvist-{AVTALE}" in artefakter
        assert t.funn in artefakter[f"avvist-{AVTALE}"].data
        assert cli_fil == for_
        assert not any("Traceback" in m for _, m in logg)
        assert any(n == logging.ERROR and t.funn in m for n, m in logg)
        assert asyncio.run(_oppgaveforsok(kjoring)) in ([], [1])  # never retried
    if t.advarsel:
        assert t.funn in r.output and "advarsel" in r.output
        assert any(n == logging.WARNING and t.funn in m for n, m in logg)
        assert t.funn in artefakter[f"advarsler-{AVTALE}"].data


def test_the_last_vedtak_through_the_form_is_archived_and_logged_in_norwegian(
    prefect_harness, tmp_path, monkeypatch
):
    """Skaun's vedtak is the last of three: the form records it, the adoption is archived in a
    real (not simulated) archive, and the run's log says both in Norwegian."""
    from avtaleflyt.arkiv import Arkiv
    from flows.skjemaflyter import registrer_vedtak

    mappe = lag_sak(tmp_path / "avtaler")
    fil = mappe / "prosess.yaml"
    data = yaml.safe_load(fil.read_text(encoding="utf-8"))
    melhus = {**data["vedtak"][0], "id": "vedtak-5028-melhus-ks-forbi", "kommune": "5028"}
    data["vedtak"].append({**melhus, "mote": "melhus-ks-forbi"})
    fil.write_text(yaml.dump(data, Dumper=_UtenAnkre, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("AVTALE_AVTALER", str(tmp_path / "avtaler"))
    monkeypatch.setenv("AVTALE_ARKIV", str(tmp_path / "arkiv"))
    monkeypatch.setenv("AVTALE_DOKUMENTER", str(tmp_path / "dokumenter"))

    t = Tilfelle("siste vedtak", "5029", "skaun-ks-forbi", registreres=True)
    tilstand = asyncio.run(registrer_vedtak(_skjema(tmp_path / "avtaler", t), return_state=True))
    assert tilstand.is_completed(), tilstand.message
    hendelser = Arkiv(tmp_path / "arkiv").hendelser(AVTALE)
    assert [h.hendelse for h in hendelser] == ["vedtatt"]
    logg = [m for _, m in asyncio.run(_logg(tilstand.state_details.flow_run_id))]
    assert any(m.startswith("Vedtak registrert: kommune 5029, kommunestyre") for m in logg), logg
    assert any(m.startswith("Arkivert vedtatt ") for m in logg), logg
    # no AVTALE_DOKUMENT_URL: the documents are named, never linked as files on the worker
    artefakter = asyncio.run(_artefakter(tilstand.state_details.flow_run_id))
    assert not any("file://" in str(a.data) for a in artefakter.values())


def test_a_malformed_author_refuses_before_anything_is_written(
    prefect_harness, tmp_path, monkeypatch
):
    from flows.skjemaflyter import registrer_vedtak

    mappe = lag_sak(tmp_path / "avtaler")
    for_ = (mappe / "prosess.yaml").read_bytes()
    monkeypatch.setenv("AVTALE_AVTALER", str(tmp_path / "avtaler"))
    monkeypatch.setenv("AVTALE_ARKIV", str(tmp_path / "arkiv"))
    skjema = _skjema(tmp_path / "avtaler", TILFELLER[0]).model_copy(
        update={"registrert_av": "Kari Nordmann"}
    )
    tilstand = asyncio.run(registrer_vedtak(skjema, return_state=True))
    assert tilstand.is_failed() and "«Navn <epost>»" in tilstand.message
    assert (mappe / "prosess.yaml").read_bytes() == for_
    artefakter = asyncio.run(_artefakter(tilstand.state_details.flow_run_id))
    assert "«Navn <epost>»" in artefakter[f"avvist-{AVTALE}"].data


def _ddmm(d: dt.date) -> str:
    return f"{d.day:02d}.{d.month:02d}.{d.year}"


ANDRE = [
    # (name, CLI arguments after the agreement id, form flow, form fields, the warning both give)
    # Midtre Gauldal signs after its own kommunestyre adopted the text, but Melhus and Skaun have
    # not: both ways in record the signature and warn (PROSESS-SIGNATUR-FOR-ALLE-VEDTAK).
    (
        "drøfting holdt",
        ["consultation", "--dato", FORBI.isoformat(), "--kommune", "5029"]
        + ["--organisasjon", "Fagforbundet", "--organisasjon", "Delta", "--tema", "grunnen"],
        "konsultasjon",
        {
            "kommuner": ["Skaun kommune (5029)"],
            "dato": _ddmm(FORBI),
            "organisasjoner": "Fagforbundet, Delta",
            "tema": ["a) grunnen til overdragelsen"],
        },
        "PROSESS-DROFTING-PROTOKOLL",  # no protokoll given: recorded, with the same warning
    ),
    (
        "drøfting fram i tid",
        ["consultation", "--dato", FRAM.isoformat(), "--kommune", "5029"]
        + ["--organisasjon", "Fagforbundet"],
        "konsultasjon",
        {
            "kommuner": ["Skaun kommune (5029)"],
            "dato": _ddmm(FRAM),
            "organisasjoner": "Fagforbundet",
        },
        None,
    ),
    (
        "signatur",
        ["signature", "--kommune", "5027", "--dato", FORBI.isoformat()],
        "registrer_signatur",
        {"kommune": "Midtre Gauldal kommune (5027)", "dato": _ddmm(FORBI)},
        "PROSESS-SIGNATUR-FOR-ALLE-VEDTAK",
    ),
    (
        "signatur fram i tid",
        ["signature", "--kommune", "5027", "--dato", FRAM.isoformat()],
        "registrer_signatur",
        {"kommune": "Midtre Gauldal kommune (5027)", "dato": _ddmm(FRAM)},
        None,
    ),
]


@pytest.mark.parametrize(
    ("navn", "cli", "flyt", "felt", "advarsel"), ANDRE, ids=[a[0] for a in ANDRE]
)
def test_drofting_and_signature_forms_answer_as_the_cli(
    navn, cli, flyt, felt, advarsel, prefect_harness, tmp_path, monkeypatch
):
    from flows import skjemaflyter
    from flows.skjema import DroftingSkjema, SignaturSkjema

    cli_rot, flyt_rot = tmp_path / "cli", tmp_path / "flyt"
    for rot in (cli_rot, flyt_rot):
        lag_sak(rot)
    for_ = (cli_rot / AVTALE / "prosess.yaml").read_bytes()
    env = {"AVTALE_AVTALER": str(cli_rot), "AVTALE_ARKIV": str(tmp_path / "cli-arkiv")}
    r = CliRunner(env=env).invoke(app, ["record", cli[0], AVTALE, *cli[1:]])
    assert "Traceback" not in r.output

    monkeypatch.setenv("AVTALE_AVTALER", str(flyt_rot))
    monkeypatch.setenv("AVTALE_ARKIV", str(tmp_path / "flyt-arkiv"))
    monkeypatch.setenv("AVTALE_DOKUMENTER", str(tmp_path / "dokumenter"))
    modell = DroftingSkjema if flyt == "konsultasjon" else SignaturSkjema
    skjema = modell(avtale=f"Landbruk ({AVTALE})", **felt)
    tilstand = asyncio.run(getattr(skjemaflyter, flyt)(skjema, return_state=True))

    cli_fil = (cli_rot / AVTALE / "prosess.yaml").read_bytes()
    assert (flyt_rot / AVTALE / "prosess.yaml").read_bytes() == cli_fil
    assert tilstand.is_completed() == (r.exit_code == 0), (tilstand.message, r.output)
    assert (cli_fil != for_) == (r.exit_code == 0)
    if r.exit_code:
        assert "PROSESS-DATO-FREMTID" in r.output and "PROSESS-DATO-FREMTID" in tilstand.message
    kjoring = tilstand.state_details.flow_run_id
    artefakter = asyncio.run(_artefakter(kjoring))
    if advarsel:  # the same warning: in the CLI's output, the run's log and an artifact
        assert advarsel in r.output and "advarsel" in r.output
        logg = asyncio.run(_logg(kjoring))
        assert any(n == logging.WARNING and advarsel in m for n, m in logg), logg
        assert advarsel in artefakter[f"advarsler-{AVTALE}"].data
    elif r.exit_code == 0:
        assert "advarsel" not in r.output and f"advarsler-{AVTALE}" not in artefakter
