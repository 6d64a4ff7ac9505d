"""prefect.yaml, generated from the deployments `flows.serve` defines: `python -m flows.utrulling`.

One source: names, Norwegian descriptions, tags, schedules and entrypoints are written once, in
`flows/serve.py`, and this module writes them out as Prefect's deployment file, adding what only a
worker set-up needs (the `process` work pool, the pull steps, the environment for the paths). We
generate prefect.yaml rather than let serve.py read it because `python -m flows.serve` must keep
working from an installed wheel, where no prefect.yaml exists, while `prefect deploy` needs the
file only in a checkout. tests/flows/test_utrulling.py fails while the checked-in file and the
definitions differ; `python -m flows.utrulling --sjekk` says the same without writing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import prefect
import yaml

from flows import serve

ROT = Path(__file__).resolve().parents[1]
FIL = ROT / "prefect.yaml"
ARBEIDSPOOL = "avtaleflyt"
STIER = ("AVTALE_AVTALER", "AVTALE_ARKIV", "AVTALE_DOKUMENTER")
"""The paths a flow run reads from its environment (avtaleflyt.paths, flows.flyter)."""
UTSJEKK = "AVTALE_UTSJEKK"
"""The checkout the worker runs the flows from (the pull step's working directory)."""

HODE = f"""\
# Prefect-utrulling av avtaleflyt: alle deploymentene, for «prefect deploy --all».
#
# GENERERT fra flows/serve.py med «python -m flows.utrulling» – ikke rediger for hånd.
# Navn, beskrivelser, tagger og tidsplaner endres i flows/serve.py, så kjøres generatoren;
# tests/flows/test_utrulling.py feiler så lenge filen og definisjonene er ulike.
#
# Før «prefect deploy --all» (i roten av utsjekken, PREFECT_API_URL satt):
#   prefect work-pool create {ARBEIDSPOOL} --type process
#   export AVTALE_AVTALER=/srv/avtaleflyt/agreements   # avtalemappen
#   export AVTALE_ARKIV=/srv/avtaleflyt/arkiv          # arkivet (git-repo)
#   export AVTALE_DOKUMENTER=/srv/avtaleflyt/dokumenter
# Verdiene skrives inn i deploymentene når de registreres ({{{{ $VAR }}}} leses ved «prefect
# deploy»), så de er de samme på hver worker. Bruk absolutte stier. Mangler en av dem, stopper
# kjøringen i pull-steget med en melding i stedet for å skrive i arbeidsmappen.
#
# Hver worker-vert: samme utsjekk og Python-miljø (avtaleflyt installert), så
#   export {UTSJEKK}=/srv/avtaleflyt/kode   # utsjekken; leses når kjøringen starter
#   prefect worker start --pool {ARBEIDSPOOL}
# ({UTSJEKK} satt ved «prefect deploy» skrives inn i deploymentene i stedet.)
# Se docs/prefect.md.

"""

PULL_GIT = """\
# Ekte utrulling uten fast utsjekk på worker-vertene: hent koden med git i hver kjøring i
# stedet for set_working_directory. Python-miljøet med avtaleflyt må fortsatt være installert
# på verten, og avtalene og arkivet ligger i egne, faste mapper (stiene over).
# pull:
#   - prefect.deployments.steps.git_clone:
#       repository: https://git.example.no/kommune/avtaleflyt.git
#       branch: main
#       access_token: "{{ prefect.blocks.secret.avtaleflyt-git }}"
#   - avtaleflyt.orkestrering.runtime.krev_stier: {}
"""


def _entrypoint(entrypoint: str) -> str:
    """`flows/flyter.py:navn` relative to the repository root, wherever the generator runs."""
    sti, _, navn = entrypoint.rpartition(":")
    fil = Path(sti) if Path(sti).is_absolute() else Path.cwd() / sti
    return f"{fil.resolve().relative_to(ROT).as_posix()}:{navn}"


def deployment_data(d) -> dict:
    """One deployment of prefect.yaml from a `RunnerDeployment` (what serve registers)."""
    data: dict = {
        "name": d.name,
        "entrypoint": _entrypoint(d.entrypoint),
        "description": d.description,
        "tags": list(d.tags),
    }
    if d.parameters:
        data["parameters"] = dict(d.parameters)
    schedules = [
        {
            "cron": s.schedule.cron,
            "timezone": s.schedule.timezone,
            "day_or": s.schedule.day_or,
            "active": s.active,
        }
        for s in d.schedules
    ]
    if schedules:
        data["schedules"] = schedules
    return data


def _dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def prefect_yaml() -> str:
    """The text of prefect.yaml for the deployments `flows.serve.deployments()` defines."""
    deler = [
        HODE,
        _dump({"name": "avtaleflyt", "prefect-version": prefect.__version__}),
        "\n# Koden kommer fra utsjekken på worker-verten; ingenting bygges eller lastes opp.\n",
        _dump({"build": None, "push": None}),
        "\n",
        _dump(
            {
                "pull": [
                    {
                        "prefect.deployments.steps.set_working_directory": {
                            "directory": "{{ $" + UTSJEKK + " }}"
                        }
                    },
                    {"avtaleflyt.orkestrering.runtime.krev_stier": {}},
                ]
            }
        ),
        PULL_GIT,
        "\n",
        "definitions:\n  work_pool: &arbeidspool\n",
        _indent(
            _dump(
                {
                    "name": ARBEIDSPOOL,
                    "work_queue_name": "default",
                    "job_variables": {"env": {v: "{{ $" + v + " }}" for v in STIER}},
                }
            ),
            4,
        ),
        "\ndeployments:\n",
    ]
    for d in serve.deployments():
        deler.append(_dump([deployment_data(d)]) + "  work_pool: *arbeidspool\n")
    return "".join(deler)


def _indent(tekst: str, n: int) -> str:
    return "".join(" " * n + linje if linje.strip() else linje for linje in tekst.splitlines(True))


def main(argv: list[str]) -> int:
    if os.environ.get("AVTALE_SVEIP_CRON"):
        print("feil: AVTALE_SVEIP_CRON er satt; fjern den før prefect.yaml lages", file=sys.stderr)
        return 2
    tekst = prefect_yaml()
    if "--sjekk" in argv:
        if FIL.is_file() and FIL.read_text(encoding="utf-8") == tekst:
            print("prefect.yaml er i takt med flows/serve.py")
            return 0
        print("prefect.yaml er ikke i takt med flows/serve.py: kjør «python -m flows.utrulling»")
        return 1
    FIL.write_text(tekst, encoding="utf-8")
    print(f"skrev {FIL.name} ({len(list(serve.deployments()))} deploymenter)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
