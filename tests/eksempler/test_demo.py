"""`avtale demo` on a fresh archive: every agreement adopted by all three kommunestyrer on the same
avtale-hash, the amended one at version 2, and verify clean."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from demo import MERKEFIL, DemoFeil, alle_ider, kjor_demo
from schemas.prosess import Prosess
from tests.flows.prefect_mal import MERKE, kopier_mal

pytestmark = pytest.mark.slow

GAULDAL = {"5027", "5028", "5029"}


@pytest.fixture(scope="module")
def resultat(gauldal_demo):
    """The run's one demo over the whole example (tests/conftest.py), shared with the Noark 5
    uttrekk and the register tests."""
    return gauldal_demo


def prosess(resultat, avtale_id) -> Prosess:
    tekst = (resultat.arbeid / avtale_id / "prosess.yaml").read_text(encoding="utf-8")
    return Prosess.model_validate(yaml.safe_load(tekst))


def test_every_agreement_adopted_by_all_three_on_the_same_hash(resultat):
    assert [a.id for a in resultat.avtaler] == alle_ider()
    assert len(resultat.avtaler) >= 7
    for a in resultat.avtaler:
        assert set(a.vedtak) == GAULDAL, a.id
        assert set(a.vedtak.values()) == {a.avtale_hash}, a.id
        assert a.tilstand == "i_kraft", (a.id, a.tilstand_tekst)
        assert a.feil == [], (a.id, a.feil)
        assert a.advarsler == [], (a.id, a.advarsler)


def test_the_amended_agreement_is_at_version_2_after_skauns_vedtak_med_endringer(resultat):
    lonn = next(a for a in resultat.avtaler if a.id == "gauldal-lonn-regnskap")
    assert lonn.versjon == 2
    assert lonn.vedtatte_versjoner == [2]
    p = prosess(resultat, "gauldal-lonn-regnskap")
    skaun = [v for v in p.vedtak if v.kommune == "5029" and v.organ == "kommunestyre"]
    assert [(v.versjon, v.utfall) for v in skaun] == [(1, "vedtatt_med_endringer"), (2, "vedtatt")]
    v1 = {v.avtale_hash for v in p.vedtak if v.versjon == 1}
    v2 = {v.avtale_hash for v in p.vedtak if v.versjon == 2}
    assert len(v1) == len(v2) == 1 and v1 != v2
    # everyone signed version 2 only
    assert {(s.kommune, s.versjon) for s in p.signaturer} == {(k, 2) for k in GAULDAL}


def test_signatures_follow_the_adoptions_and_vertskommune_records_exist(resultat):
    for a in resultat.avtaler:
        p = prosess(resultat, a.id)
        siste_vedtak = max(v.motedato for v in p.vedtak if v.organ == "kommunestyre")
        assert {s.kommune for s in p.signaturer if s.avtale_hash == a.avtale_hash} == GAULDAL
        assert all(s.dato > siste_vedtak for s in p.signaturer)
        assert [r.avtale_hash for r in p.ikrafttredelse] == [a.avtale_hash]
        if a.type in ("vertskommune", "vertskommune_nemnd"):
            assert p.melding_statsforvalter, a.id
            avtale = yaml.safe_load(
                (resultat.arbeid / a.id / "avtale.yaml").read_text(encoding="utf-8")
            )
            forventet = (
                GAULDAL if a.type == "vertskommune_nemnd" else GAULDAL - {avtale["vertskommune"]}
            )
            assert {d.kommune for d in p.delegering} == forventet, a.id


def test_drofting_before_first_political_treatment(resultat):
    for a in resultat.avtaler:
        p = prosess(resultat, a.id)
        forste = min(m.dato for m in p.moter if m.behandling in ("innstilling", "vedtak"))
        for nr in GAULDAL:
            assert any(d.dato < forste and nr in d.kommuner and d.protokoll for d in p.drofting)


def test_register_shows_every_agreement_for_every_kommune(resultat):
    assert len(resultat.register) == 3
    for rader in resultat.register.values():
        assert {r["avtale"] for r in rader} == {a.id for a in resultat.avtaler}


def test_archive_verifies_clean(resultat):
    assert resultat.verifisert is True, resultat.verifikasjon
    forventet = {
        f"{a.id}/v{a.versjon}/{h}"
        for a in resultat.avtaler
        for h in ("vedtatt", "signert", "i-kraft")
    }
    forventet.add("gauldal-lonn-regnskap/v1/endret")
    assert set(resultat.tagger) == forventet
    assert resultat.tagger.index("gauldal-lonn-regnskap/v1/endret") < resultat.tagger.index(
        "gauldal-lonn-regnskap/v2/vedtatt"
    )


def test_avtale_verify_on_the_demo_archive_is_clean(resultat):
    from click.testing import CliRunner

    from avtaleflyt.cli.main import app

    result = CliRunner().invoke(app, ["verify", "--arkiv", str(resultat.arkiv)])
    assert result.exit_code == 0, result.output


def test_the_archive_keeps_version_1_and_every_adoption_names_the_archived_hash(resultat):
    import json

    from avtaleflyt.arkiv import Arkiv

    arkiv = Arkiv(resultat.arkiv)
    v1 = json.loads(
        arkiv.les_fil("gauldal-lonn-regnskap", "avtale.json", ved="gauldal-lonn-regnskap/v1/endret")
    )
    v2 = json.loads(
        arkiv.les_fil(
            "gauldal-lonn-regnskap", "avtale.json", ved="gauldal-lonn-regnskap/v2/vedtatt"
        )
    )
    assert (
        v1["uttreden"]["oppsigelsestid_maaneder"],
        v2["uttreden"]["oppsigelsestid_maaneder"],
    ) == (12, 24)
    endret = next(e for e in arkiv.hendelser("gauldal-lonn-regnskap") if e.hendelse == "endret")
    assert endret.trailer("Endret-Ved").startswith("5029 2026-06-18")
    for a in resultat.avtaler:
        vedtatt = next(e for e in arkiv.hendelser(a.id) if e.hendelse == "vedtatt")
        assert vedtatt.avtale_hash == a.avtale_hash
        assert set(vedtatt.vedtatt()) == GAULDAL


def test_documents_for_every_agreement(resultat):
    for a in resultat.avtaler:
        assert {"docx", "md", "html"} <= set(a.dokumenter), a.id


def test_the_demo_never_empties_a_folder_it_did_not_make(tmp_path):
    fremmed = tmp_path / "fremmed"
    fremmed.mkdir()
    (fremmed / "viktig.txt").write_text("ikke slett", encoding="utf-8")
    with pytest.raises(DemoFeil, match="ikke tom"):
        kjor_demo(fremmed, ider=["gauldal-fagnettverk"])
    assert (fremmed / "viktig.txt").exists()
    # its own folder may be emptied and run again
    egen = tmp_path / "egen"
    kjor_demo(egen, ider=["gauldal-fagnettverk"])
    assert (egen / MERKEFIL).exists()
    kjor_demo(egen, ider=["gauldal-fagnettverk"])


def test_an_existing_archive_is_never_reused(tmp_path):
    arkiv = tmp_path / "arkiv"
    arkiv.mkdir()
    (arkiv / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    with pytest.raises(DemoFeil, match="finnes allerede"):
        kjor_demo(tmp_path / "ut", arkiv, ider=["gauldal-fagnettverk"])


@pytest.mark.prefect
@pytest.mark.server  # local Prefect starts its own server process; CI runs it (tests/conftest.py)
def test_cli_demo_runs_under_local_prefect_and_prints_the_report(tmp_path, tmp_path_factory):
    """The README's main command: the Prefect home is migrated, the flow runs, the report prints.

    The home starts with a copy of the run's template database but without `migrer()`'s mark, so
    the command still migrates it (a no-op at the newest revision); a fresh, empty home's first
    migration is checked once per run, on the template (tests/flows/test_runtime.py)."""
    import os
    import subprocess
    import sys

    ut = tmp_path / "ut"
    kopier_mal(tmp_path_factory, tmp_path / "prefect-hjem" / "prefect.db")
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-hjem"), "COLUMNS": "200"}
    env.pop("PREFECT_API_URL", None)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "avtaleflyt.cli.main",
            "demo",
            "--ut",
            str(ut),
            "--avtale",
            "gauldal-fagnettverk",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=600,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Forbereder lokal Prefect-database" in output and "Lokal Prefect" in output
    assert "gauldal-fagnettverk" in output
    assert "Register: Skaun (5029)" in output
    assert "Arkivet er verifisert: ingen avvik." in output
    assert (tmp_path / "prefect-hjem" / MERKE).is_file()
    assert "telemetry" not in result.stderr.lower()


def test_cli_demo_refuses_unknown_agreement(tmp_path):
    from click.testing import CliRunner

    from avtaleflyt.cli.main import app

    unknown = CliRunner().invoke(
        app, ["demo", "--ut", str(tmp_path / "x"), "--avtale", "finnes-ikke"]
    )
    assert unknown.exit_code == 2


# --------------------------------------------------------------------------- `avtale archive`


def _git(arkiv, *args) -> str:
    import subprocess

    return subprocess.run(
        ["git", "-C", str(arkiv), *args], capture_output=True, text=True, check=True
    ).stdout


def _arkivinnhold(arkiv) -> dict[str, tuple[str, str, str]]:
    """Per tag, read with plain git: the tag's message (its trailers), the commit's message and
    the agreement's tree at the tag. Commit ids and times are left out: they are not content."""
    ut = {}
    for tag in _git(arkiv, "tag", "-l").split():
        avtale_id = tag.split("/")[0]
        tagtekst = _git(arkiv, "cat-file", "tag", tag).split("\n\n", 1)[1]
        tagtekst = tagtekst.split("-----BEGIN SSH SIGNATURE-----")[0]  # signed over the tag time
        melding = _git(arkiv, "log", "-1", "--format=%B", f"{tag}^{{commit}}")
        tre = _git(arkiv, "rev-parse", f"{tag}:{avtale_id}").strip()
        ut[tag] = (tagtekst, melding, tre)
    return ut


def _archive_cli(avtaler, arkiv, at, *ider, nokkel=None):
    from click.testing import CliRunner

    from avtaleflyt.arkiv import Arkiv
    from avtaleflyt.arkiv.signering import Signering
    from avtaleflyt.cli.main import app

    # the demo's dates: a simulation, as the demo's archive; signed with the demo's key if given
    Arkiv(arkiv).opprett(simulering=True, signering=Signering(nokkel) if nokkel else None)
    return CliRunner(env={"AVTALE_AVTALER": str(avtaler)}).invoke(
        app, ["archive", *ider, "--at", at.isoformat(), "--arkiv", str(arkiv)]
    )


def test_avtale_archive_over_the_demos_records_makes_the_demos_archive(resultat, tmp_path):
    """The whole process without Prefect: `avtale archive` over the records the demo left makes
    the same tags, trailers, messages and trees as the demo archiving each event as it fell due."""
    arkiv = tmp_path / "arkiv"
    etter = resultat.sluttdato + dt.timedelta(days=1)
    r = _archive_cli(resultat.arbeid, arkiv, etter)
    assert r.exit_code == 0, r.output
    assert f"{len(resultat.tagger)} hendelser arkivert nå, 0 var arkivert fra før" in r.output
    demo, cli = _arkivinnhold(resultat.arkiv), _arkivinnhold(arkiv)
    assert sorted(cli) == sorted(demo)
    assert {t: v for t, v in cli.items() if v != demo[t]} == {}
    # idempotent: a second run writes nothing and says so for every event
    igjen = _archive_cli(resultat.arbeid, arkiv, etter)
    assert igjen.exit_code == 0, igjen.output
    assert f"0 hendelser arkivert nå, {len(resultat.tagger)} var arkivert fra før" in igjen.output
    assert igjen.output.count("allerede arkivert") == len(resultat.tagger)


def test_commit_ids_differ_only_by_commit_time(tmp_path, monkeypatch):
    """The archive takes the commit time from the clock (a legal date is never a commit time):
    with the same commit time, `avtale archive` and the demo write the same commits and tags."""
    for var in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):
        monkeypatch.setenv(var, "2027-06-01T12:00:00+02:00")
    demo = kjor_demo(tmp_path / "ut", ider=["gauldal-landbruk"])
    arkiv = tmp_path / "arkiv"
    r = _archive_cli(demo.arbeid, arkiv, demo.sluttdato, nokkel=demo.signeringsnokkel)
    assert r.exit_code == 0, r.output
    assert _git(arkiv, "show-ref") == _git(demo.arkiv, "show-ref")  # Ed25519 is deterministic
