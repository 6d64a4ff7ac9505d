"""The archive keeps its own clock (issue 15 item 1, issue 14 item 2): a legal event dated after
today is refused whatever date the caller acted on, unless the archive is a simulation (the
demo's); `verify` reports an event whose legal date lies after its commit time. Real git
repositories; the clock is the machine's, so the dates are computed from today."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from avtaleflyt import tjenester
from avtaleflyt.arkiv import Arkiv, ArkivAvvist
from avtaleflyt.arkiv.klokke import idag
from avtaleflyt.arkiv.verifiser import verifiser
from avtaleflyt.cli.main import app
from schemas.prosess import Vedtak
from tests.arkiv import arkivdata
from tests.revisjon import hjelp

OM_TO_UKER = idag() + dt.timedelta(days=14)


def regler(funn) -> set[str]:
    return {f.rule for f in funn}


def test_real_archive_refuses_an_event_dated_after_today(tmp_path: Path):
    arkiv = Arkiv(tmp_path / "arkiv")
    with pytest.raises(ArkivAvvist, match="fram i tid") as feil:
        arkiv.arkiver(arkivdata.hendelse(dato=OM_TO_UKER))
    assert f"juridisk dato {OM_TO_UKER.isoformat()}" in str(feil.value)
    assert "Ingenting er arkivert" in str(feil.value)
    assert not (tmp_path / "arkiv").exists()  # not even an empty archive is left behind


def test_a_signature_dated_after_today_is_refused_in_a_past_event(tmp_path: Path):
    h = arkivdata.hendelse(type_="signert", dato=idag())
    senere = tuple(dataclasses.replace(s, dato=OM_TO_UKER) for s in h.signaturer[:1])
    with pytest.raises(ArkivAvvist, match="signaturen fra kommune 5027"):
        Arkiv(tmp_path / "arkiv").arkiver(
            dataclasses.replace(h, signaturer=senere + h.signaturer[1:])
        )


def test_simulation_takes_future_dates_and_says_so_in_every_event(tmp_path: Path):
    sti = tmp_path / "arkiv"
    Arkiv(sti).opprett(simulering=True)
    commit = Arkiv(sti).arkiver(arkivdata.hendelse(dato=OM_TO_UKER))
    melding = arkivdata.git(sti, "log", "-1", "--format=%B", commit)
    assert "\nSimulering: ja\nHendelse-Id: " in melding
    assert "Simulering: ja" in arkivdata.git(sti, "cat-file", "tag", "gauldal-landbruk/v1/vedtatt")
    assert verifiser(sti, rerender=arkivdata.gjengi) == []


def test_verify_reports_a_legal_date_after_the_commit_time(tmp_path: Path, monkeypatch):
    """A real archive whose commit was made (by the clock it had) before the adoptions it names."""
    sti = tmp_path / "arkiv"
    Arkiv(sti).arkiver(arkivdata.hendelse())  # 2026-04-23, written now: clean
    assert verifiser(sti) == []
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2026-04-01T12:00:00+02:00")
    Arkiv(sti).arkiver(arkivdata.hendelse("annen", dato=dt.date(2026, 4, 20)))
    funn = [f for f in verifiser(sti) if f.rule == "ARKIV-DATO-FREMTID"]
    assert len(funn) == 1, funn
    assert "skrevet 2026-04-01" in funn[0].message and "juridisk dato 2026-04-20" in funn[0].message
    assert "annen/v1/vedtatt" in funn[0].message


def test_a_real_archive_cannot_be_made_a_simulation(tmp_path: Path):
    sti = tmp_path / "arkiv"
    Arkiv(sti).arkiver(arkivdata.hendelse())
    arkivdata.git(sti, "config", "avtaleflyt.simulering", "true")
    with pytest.raises(ArkivAvvist, match="gjøres aldri om til en simulering"):
        Arkiv(sti).arkiver(arkivdata.hendelse("annen", dato=OM_TO_UKER))
    assert "ARKIV-SIMULERING" in regler(verifiser(sti))
    with pytest.raises(ArkivAvvist, match="gjøres aldri om til en simulering"):
        Arkiv(sti).opprett(simulering=True)
    arkivdata.git(sti, "config", "--unset", "avtaleflyt.simulering")
    with pytest.raises(ArkivAvvist, match="ikke en simulering"):
        Arkiv(sti).opprett(simulering=True)


def test_a_clone_of_a_simulation_is_never_continued_as_a_real_archive(tmp_path: Path):
    sim = tmp_path / "sim"
    Arkiv(sim).opprett(simulering=True)
    Arkiv(sim).arkiver(arkivdata.hendelse(dato=OM_TO_UKER))
    klon = tmp_path / "klon"
    subprocess.run(["git", "clone", "-q", str(sim), str(klon)], check=True)
    assert verifiser(klon) == []  # the clone knows from the trailers that it is a simulation
    with pytest.raises(ArkivAvvist, match="ekte hendelser skrives aldri inn i en simulering"):
        Arkiv(klon).arkiver(arkivdata.hendelse("annen"))


def _vedtak_i_fremtiden(tmp_path: Path) -> Path:
    """An agreement whose three councils meet two weeks from now, recorded the way the Prefect
    form does it: `registrer_post` with the meeting date as the day of the record."""
    mappe = hjelp.lag_avtale(tmp_path / "avtaler", "fremtid")
    avtale_hash = hjelp.avtale_hash(mappe)
    for i, nr in enumerate(hjelp.KOMMUNER):
        mote = f"ks-{nr}"
        hjelp._legg_til(
            mappe,
            "moter",
            {
                "id": mote,
                "kommuner": [nr],
                "organ": "kommunestyre",
                "dato": OM_TO_UKER,
                "saksnummer": f"PS {i + 1}/26",
                "behandling": "vedtak",
            },
        )
        vedtak = Vedtak(
            id=f"vedtak-{nr}",
            kommune=nr,
            organ="kommunestyre",
            mote=mote,
            motedato=OM_TO_UKER,
            utfall="vedtatt",
            vedtakstekst="Avtalen vedtas.",
            versjon=1,
            avtale_hash=avtale_hash,
        )
        tjenester.registrer_post(mappe, vedtak, vedtak.motedato)
    return mappe


def test_the_flows_service_layer_cannot_archive_a_future_vedtak(tmp_path: Path):
    """flows.registrer_vedtak records with the meeting date as «today» and then archives through
    `tjenester.arkiver_forfalte` on that date: the archive is the gate that refuses."""
    mappe = _vedtak_i_fremtiden(tmp_path)
    arkiv = tmp_path / "arkiv"
    with pytest.raises(ArkivAvvist, match="fram i tid"):
        tjenester.arkiver_forfalte(mappe, arkiv, OM_TO_UKER)
    assert Arkiv(arkiv).hendelser("fremtid") == []
    # the same records in a simulation are archived (the demo's path)
    sim = tmp_path / "sim"
    Arkiv(sim).opprett(simulering=True)
    resultat = tjenester.arkiver_forfalte(mappe, sim, OM_TO_UKER)
    assert [p.hendelse.hendelse for p in resultat.hendelser] == ["vedtatt"]
    assert verifiser(sim) == []


def test_cli_archive_with_a_future_at_archives_nothing_dated_later(tmp_path: Path):
    mappe = _vedtak_i_fremtiden(tmp_path)
    shutil.copytree(mappe, tmp_path / "cli" / "fremtid")
    r = CliRunner(env={"AVTALE_AVTALER": str(tmp_path / "cli")}).invoke(
        app,
        ["archive", "fremtid", "--at", OM_TO_UKER.isoformat(), "--arkiv", str(tmp_path / "arkiv")],
    )
    assert r.exit_code == 1, r.output
    assert "fram i tid" in r.output and "Traceback" not in r.output
    assert Arkiv(tmp_path / "arkiv").hendelser("fremtid") == []


def test_a_caller_cannot_mark_an_event_as_simulated(tmp_path: Path):
    """`Simulering: ja` is the archive's own trailer: a caller's event carrying it is refused, so
    no real archive gets an event that `verify` would exempt from the date check."""
    h = dataclasses.replace(arkivdata.hendelse(), trailers=(("Simulering", "ja"),))
    with pytest.raises(ArkivAvvist, match="Simulering"):
        Arkiv(tmp_path / "arkiv").arkiver(h)
