"""Deployments as code and `avtale plan` for operators (issue 14 items 4 and 5).

- prefect.yaml is what `python -m flows.utrulling` makes from `flows.serve`'s deployments (no
  server);
- `avtale plan` against a server that is down: one Norwegian line and exit 2 (no server);
- on one real `prefect server` (127.0.0.1, own home, UI off), as an operator sets it up: the
  `process` work pool is created and `prefect deploy --all` registers every deployment of
  prefect.yaml; `avtale plan` reports the held meeting, names each run `<avtale>-<møte>`, puts it
  at 07:00 Oslo time the next working day, and a moved meeting's run shows the new time as both
  expected and next start, and the clerk's form lists the calendar's meetings; then a clerk's
  vedtak is started on the `registrer-vedtak` deployment and another agreement's meeting check on
  `godkjenningsdato`, and one `prefect worker --run-once` on the pool carries the vedtak into
  prosess.yaml and the archive and the check's `avtaleflyt.vedtak.mangler` events (agreement as
  resource, municipality as related resource) to the server.

Besides the server and the worker, one helper process makes every client call
(tests/flows/utrulling_hjelp.py), so Prefect's client is imported once.
"""

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from avtaleflyt.arkiv import Arkiv
from avtaleflyt.orkestrering.planlegging import Kontroll
from tests.flows.prefect_mal import kopier_mal
from tests.flows.prosesser import Hjelper, ledig_port, stopp

ROT = Path(__file__).resolve().parents[2]
AVTALE = "gauldal-landbruk"
ANNEN = "gauldal-kontroll"
HJELP = str(Path(__file__).with_name("utrulling_hjelp.py"))
PY = sys.executable
PREFECT = str(Path(sys.executable).with_name("prefect"))
OSLO = ZoneInfo("Europe/Oslo")
STIER = ("AVTALE_AVTALER", "AVTALE_ARKIV", "AVTALE_DOKUMENTER")


def test_prefect_yaml_is_generated_from_the_served_deployments():
    """One source: names, descriptions, tags and schedules are written in flows/serve.py only."""
    # Prefect (and the flows) are imported only by this test, not at collection
    from flows import serve, utrulling

    assert (ROT / "prefect.yaml").read_text(encoding="utf-8") == utrulling.prefect_yaml(), (
        "prefect.yaml er ikke i takt med flows/serve.py: kjør «python -m flows.utrulling»"
    )
    fil = yaml.safe_load((ROT / "prefect.yaml").read_text(encoding="utf-8"))
    assert [d["name"] for d in fil["deployments"]] == [d.name for d in serve.deployments()]
    for d in fil["deployments"]:
        assert d["work_pool"]["name"] == "avtaleflyt", d["name"]
        assert set(d["work_pool"]["job_variables"]["env"]) == set(STIER)
        assert d["description"] and "The " not in d["description"], d["name"]  # Norwegian
        for s in d.get("schedules", []):
            assert s["timezone"] == "Europe/Oslo"
        fil_, _, navn = d["entrypoint"].partition(":")
        assert (ROT / fil_).is_file() and f"def {navn}(" in (ROT / fil_).read_text(encoding="utf-8")


def _miljo(tmp_path: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "AVTALE_"))}
    env.update(
        {
            "PREFECT_HOME": str(tmp_path / "prefect"),
            "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_UI_ENABLED": "false",
            "PREFECT_LOGGING_LEVEL": "WARNING",
        }
    )
    return env


def test_plan_with_the_server_down_says_so_in_one_line(tmp_path):
    mappe = tmp_path / "avtaler" / AVTALE
    shutil.copytree(ROT / "agreements" / AVTALE, mappe)
    env = _miljo(tmp_path, ledig_port())  # nothing listens there
    r = subprocess.run(
        [PY, "-m", "avtaleflyt.cli.orkestrering", "plan", AVTALE, "--avtaler", str(mappe.parent)],
        env=env,
        cwd=ROT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2, r.stderr
    assert r.stdout == "" and "Traceback" not in r.stderr
    [linje] = r.stderr.splitlines()
    assert linje.startswith(f"feil: Prefect-serveren på {env['PREFECT_API_URL']} svarer ikke")
    assert "prefect server start" in linje


class _Hjelper(Hjelper):
    """utrulling_hjelp.py answers some commands with a `feil` beside other keys (a refusal the
    test reads); only an answer that is nothing but `feil` is the helper's own failure."""

    @staticmethod
    def er_feil(svar) -> bool:
        return isinstance(svar, dict) and "feil" in svar and len(svar) == 1


def _prosess(mappe: Path, idag: dt.date, moter: list[dict], avtale: str = AVTALE) -> None:
    """prosess.yaml with the example's last three drøftinger two months back and `moter`
    (kommunestyre, all three municipalities); records already in the file are kept."""
    fil = mappe / "prosess.yaml"
    if fil.is_file():
        data = yaml.safe_load(fil.read_text(encoding="utf-8"))
    else:
        kilde = yaml.safe_load(
            (ROT / "agreements" / AVTALE / "prosess.yaml").read_text(encoding="utf-8")
        )
        data = {
            "avtale": avtale,
            "moter": [],
            "drofting": [
                {**d, "dato": idag - dt.timedelta(days=60 - i)}
                for i, d in enumerate(kilde["drofting"][-3:])
            ],
        }
    data["moter"] = [
        {
            "id": m["id"],
            "kommuner": ["5027", "5028", "5029"],
            "organ": "kommunestyre",
            "dato": m["dato"],
            "klokkeslett": "18:00",
            "behandling": "vedtak",
        }
        for m in moter
    ]
    fil.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _kjor(env, *args, timeout=300, cwd=ROT) -> subprocess.CompletedProcess:
    r = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert r.returncode == 0, (r.stdout + r.stderr)[-4000:]
    return r


def _skjemaverdi(skjema: dict, felt: str, verdi: str) -> str:
    """The form's label for `verdi` when the deployment offers a list for `felt` («Skaun kommune
    (5029)», «Vedtatt»), else `verdi` itself (the form reads a plain id as well)."""
    for modell in (skjema.get("definitions") or {}).values():
        valg = (modell.get("properties") or {}).get(felt, {}).get("enum")
        if valg:
            return next(
                v for v in valg if v.lower() == verdi or re.search(rf"\({re.escape(verdi)}\)$", v)
            )
    return verdi


def _vent_pa_server(port: int, server: subprocess.Popen, logg: Path) -> None:
    slutt = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2)
            return
        except OSError:
            assert time.monotonic() < slutt and server.poll() is None, logg.read_text()[-3000:]
            time.sleep(0.5)


@pytest.mark.server
@pytest.mark.slow
def test_deploy_all_plan_and_a_worker_carry_a_vedtak_to_the_archive(
    tmp_path, tmp_path_factory, request
):
    port = ledig_port()
    harness = any(
        "prefect_harness" in getattr(i, "fixturenames", ()) for i in request.session.items
    )
    kopier_mal(tmp_path_factory, tmp_path / "prefect" / "prefect.db", forrang=20 if harness else 0)
    avtaler, arkiv = tmp_path / "avtaler", tmp_path / "arkiv"
    mappe = avtaler / AVTALE
    mappe.mkdir(parents=True)
    shutil.copy(ROT / "agreements" / AVTALE / "avtale.yaml", mappe / "avtale.yaml")
    idag = dt.datetime.now(OSLO).date()
    holdt = idag - dt.timedelta(days=10)
    kommer, flyttes = idag + dt.timedelta(days=20), idag + dt.timedelta(days=27)
    moter = [
        {"id": "ks-holdt", "dato": holdt},
        {"id": "ks-kommer", "dato": kommer},
        {"id": "ks-flyttes", "dato": flyttes},
    ]
    _prosess(mappe, holdt, moter)

    env = _miljo(tmp_path, port)
    loggfil = tmp_path / "server.log"
    logg = open(loggfil, "w")  # noqa: SIM115 (the processes write to it until `finally`)
    server = subprocess.Popen(
        [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=logg,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    hjelper = None
    try:
        hjelper = _Hjelper(HJELP, env, logg)  # imports Prefect's client while the server starts
        _vent_pa_server(port, server, loggfil)

        # the operator: work pool, then every deployment of prefect.yaml, paths from the shell
        t0 = time.monotonic()
        _kjor(env, PREFECT, "work-pool", "create", "avtaleflyt", "--type", "process")
        print(f"work-pool create: {time.monotonic() - t0:.1f} s")
        stier = {
            "AVTALE_AVTALER": avtaler,
            "AVTALE_ARKIV": arkiv,
            "AVTALE_DOKUMENTER": tmp_path / "dok",
        }
        deploy_env = {**env, **{k: str(v) for k, v in stier.items()}}
        t0 = time.monotonic()
        _kjor(deploy_env, PREFECT, "--no-prompt", "deploy", "--all")
        print(f"deploy --all: {time.monotonic() - t0:.1f} s")

        fil = yaml.safe_load((ROT / "prefect.yaml").read_text(encoding="utf-8"))
        deps = {d["navn"]: d for d in hjelper("deployments")}
        assert sorted(deps) == sorted(d["name"] for d in fil["deployments"])
        for d in fil["deployments"]:
            paa = deps[d["name"]]
            assert (paa["beskrivelse"], paa["tagger"], paa["arbeidspool"]) == (
                d["description"],
                d["tags"],
                "avtaleflyt",
            )
            assert paa["jobbvariabler"]["env"] == {k: str(v) for k, v in stier.items()}
            assert [
                {k: s[k] for k in ("cron", "timezone", "active")} for s in d.get("schedules", [])
            ] == paa["tidsplaner"]
            # the checkout is the worker's, read when the run starts
            assert paa["pull"] == fil["pull"]
        assert deps["daglig-sveip"]["tidsplaner"] == [
            {"cron": "0 6 * * *", "timezone": "Europe/Oslo", "active": True}
        ]

        # avtale plan: the held meeting is reported, the others get a named run the next morning
        forste = hjelper("plan", AVTALE, "--avtaler", str(avtaler))
        assert forste["kode"] == 0, forste
        assert "2 nye, 0 flyttet, 0 avlyst, 0 uendret, 1 avholdt" in forste["ut"]
        assert f"avholdt:  {AVTALE}-ks-holdt (møtet {holdt.isoformat()}" in forste["ut"]
        # and the clerk's forms offer the calendar's meetings at once
        assert "skjemaer:  valglistene oppdatert i registrer-vedtak" in forste["ut"]
        kontroll = Kontroll()

        def _riktig(run, motedato):
            t = kontroll.tidspunkt(motedato)
            assert run["navn"] == f"{AVTALE}-{run['mote']}"
            assert run["tilstand"] == "SCHEDULED" and run["dato"] == t.date().isoformat()
            for felt in ("forventet", "neste", "planlagt"):
                assert dt.datetime.fromisoformat(run[felt]) == t, (felt, run)
            assert t.hour == 7 and t.date() > motedato

        runs = {r["mote"]: r for r in hjelper("runs", AVTALE)}
        assert sorted(runs) == ["ks-flyttes", "ks-kommer"]
        _riktig(runs["ks-kommer"], kommer)
        _riktig(runs["ks-flyttes"], flyttes)

        # the meeting moves a day: its run shows the new time everywhere
        moter[2]["dato"] = flyttes + dt.timedelta(days=1)
        _prosess(mappe, holdt, moter)
        flyttet = hjelper("plan", AVTALE, "--avtaler", str(avtaler))
        assert "0 nye, 1 flyttet, 0 avlyst, 1 uendret, 1 avholdt" in flyttet["ut"], flyttet
        alle = [r for r in hjelper("runs", AVTALE) if r["mote"] == "ks-flyttes"]
        [ny] = [r for r in alle if r["tilstand"] != "CANCELLED"]
        _riktig(ny, flyttes + dt.timedelta(days=1))
        [gammel] = [r for r in alle if r["tilstand"] == "CANCELLED"]
        assert "flyttet" in gammel["melding"] and ny["id"] in gammel["melding"]
        igjen = hjelper("plan", AVTALE, "--avtaler", str(avtaler))
        assert "0 nye, 0 flyttet, 0 avlyst, 2 uendret, 1 avholdt" in igjen["ut"], igjen

        # a clerk records Skaun's vedtak in the held meeting through the form's deployment
        hjelper("forbered", str(mappe), "ks-holdt", ["5027", "5028"])
        [skjemadep] = [d for d in hjelper("deployments") if d["navn"] == "registrer-vedtak"]
        skjema = skjemadep["skjema"]
        moter_i_skjema = [
            m
            for d in skjema["definitions"].values()
            for m in d.get("properties", {}).get("mote", {}).get("enum", [])
        ]
        assert any(m.endswith("(ks-holdt)") for m in moter_i_skjema), moter_i_skjema
        skjemadata = {
            "avtale": _skjemaverdi(skjema, "avtale", AVTALE),
            "kommune": _skjemaverdi(skjema, "kommune", "5029"),
            "mote": _skjemaverdi(skjema, "mote", "ks-holdt"),
            "utfall": _skjemaverdi(skjema, "utfall", "vedtatt"),
            "vedtakstekst": "Kommunestyret vedtar avtalen.",
            "enstemmig": True,
        }
        for modell in (skjema.get("definitions") or {}).values():  # what the UI fills in itself
            for navn, egenskap in (modell.get("properties") or {}).items():
                if navn in skjemadata or "default" not in egenskap:
                    continue
                skjemadata[navn] = egenskap["default"]
        run_id = hjelper("kjor", "registrer-vedtak/registrer-vedtak", {"vedtak": skjemadata})
        # and another agreement's meeting check, the morning after a meeting with no vedtak at all
        annen = avtaler / ANNEN
        annen.mkdir()
        (annen / "avtale.yaml").write_text(
            (mappe / "avtale.yaml")
            .read_text(encoding="utf-8")
            .replace(f"\nid: {AVTALE}\n", f"\nid: {ANNEN}\n"),
            encoding="utf-8",
        )
        _prosess(annen, holdt, moter[:1], avtale=ANNEN)
        kontroll_id = hjelper(
            "kjor",
            "godkjenningsdato/godkjenningsdato",
            {
                "avtale_id": ANNEN,
                "mote_id": "ks-holdt",
                "dato": kontroll.tidspunkt(holdt).date().isoformat(),
            },
        )
        worker_env = {**env, "AVTALE_UTSJEKK": str(ROT), "PREFECT_LOGGING_LEVEL": "INFO"}
        t0 = time.monotonic()
        worker = subprocess.run(
            [PREFECT, "worker", "start", "--pool", "avtaleflyt", "--run-once"],
            env=worker_env,
            cwd=tmp_path,
            stdout=logg,
            stderr=subprocess.STDOUT,
            timeout=300,
        )
        print(f"worker --run-once: {time.monotonic() - t0:.1f} s")
        kjoring = hjelper("kjoring", run_id)
        assert worker.returncode == 0 and kjoring["tilstand"] == "COMPLETED", (
            kjoring,
            loggfil.read_text()[-6000:],
        )

        sjekk = hjelper("kjoring", kontroll_id)
        assert sjekk["tilstand"] == "COMPLETED", (sjekk, loggfil.read_text()[-6000:])
        assert sjekk["navn"] == f"{ANNEN}-ks-holdt"
        hendelser = hjelper("hendelser", "avtaleflyt.vedtak.mangler", 3, 60)
        assert sorted(
            (
                h["ressurs"],
                [r for r in h["relatert"] if r.startswith("avtaleflyt.")],  # Prefect adds the run's
                h["payload"]["mote"],
            )
            for h in hendelser
        ) == [
            (f"avtaleflyt.avtale.{ANNEN}", [f"avtaleflyt.kommune.{nr}"], "ks-holdt")
            for nr in ("5027", "5028", "5029")
        ]
        assert all(f"prefect.flow-run.{kontroll_id}" in h["relatert"] for h in hendelser)

        prosess = yaml.safe_load((mappe / "prosess.yaml").read_text(encoding="utf-8"))
        assert {(v["kommune"], v["mote"]) for v in prosess["vedtak"]} == {
            (nr, "ks-holdt") for nr in ("5027", "5028", "5029")
        }
        [hendelse] = Arkiv(arkiv).hendelser(AVTALE)
        assert (hendelse.hendelse, hendelse.juridisk_dato) == ("vedtatt", holdt)
        assert set(hendelse.vedtatt()) == {"5027", "5028", "5029"}
        assert [t.navn for t in Arkiv(arkiv).tagger(AVTALE)] == [f"{AVTALE}/v1/vedtatt"]
    finally:
        if hjelper is not None:
            hjelper.p.stdin.close()
            stopp(hjelper.p)
        stopp(server)
        logg.close()
