"""The archive's own clock and the simulation mark.

The archive is the last gate before a legal event becomes permanent, so it does not take the date
a caller acted on (`at`, a form's meeting date): it refuses any event whose legal date, or an
adoption's or a signature's date, lies after today in Europe/Oslo. Scenarios on simulated dates
(the demo, training) run in an archive created as a simulation: `avtaleflyt.simulering=true` in
its git config lets the writer run ahead of the clock, and a `Simulering: ja` trailer on every
event tells clones, auditors and `verify` that its dates are not real. The two must agree, so a
real archive cannot be made into a simulation by setting the config, nor a clone of a simulation
continued as a real archive.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from git import Repo

from avtaleflyt.arkiv import gitlag
from avtaleflyt.arkiv.feil import ArkivAvvist
from avtaleflyt.arkiv.hendelse import ArkivHendelse
from avtaleflyt.arkiv.trailere import les_trailere

OSLO = ZoneInfo("Europe/Oslo")
SIMULERING_CONFIG = "avtaleflyt.simulering"
SIMULERING_TRAILER = ("Simulering", "ja")


def idag() -> dt.date:
    """The archive's own clock: today in Europe/Oslo (never a date a caller passes in)."""
    return dt.datetime.now(OSLO).date()


def er_simulering(repo: Repo) -> bool:
    ut = repo.git.config("--bool", "--get", SIMULERING_CONFIG, with_exceptions=False)
    return ut.strip() == "true"


def er_simulert(trailere) -> bool:
    """Whether an event's trailers mark it as written to a simulation."""
    return tuple(SIMULERING_TRAILER) in {tuple(t) for t in trailere}


def _melding(repo: Repo, commit: str) -> str:
    return gitlag.objekt(repo, commit)[1].decode("utf-8", "replace").split("\n\n", 1)[-1]


def med_simulering(h: ArkivHendelse, simulering: bool) -> list[tuple[str, str]]:
    """The event's trailers; in a simulation `Simulering: ja` just before `Hendelse-Id`."""
    ut = h.trailere()
    if simulering:
        ut.insert(len(ut) - 1, SIMULERING_TRAILER)
    return ut


def kontroller_dato(h: ArkivHendelse, idag_: dt.date) -> None:
    """Refuse an event dated after today: the archive records what has happened, never a plan."""
    senere = []
    if h.juridisk_dato > idag_:
        senere.append(f"juridisk dato {h.juridisk_dato.isoformat()}")
    senere += [
        f"vedtaket i kommune {v.kommunenummer} {v.dato.isoformat()}"
        for v in h.vedtak
        if v.dato > idag_
    ]
    senere += [
        f"signaturen fra kommune {s.kommunenummer} {s.dato.isoformat()}"
        for s in h.signaturer
        if s.dato > idag_
    ]
    if senere:
        raise ArkivAvvist(
            f"Hendelsen {h.tag} er datert fram i tid ({', '.join(senere)}; i dag er "
            f"{idag_.isoformat()}). Arkivet arkiverer bare det som har skjedd; arkiver hendelsen "
            "på datoen eller senere. Ingenting er arkivert."
        )


def kontroller_simulering(repo: Repo) -> bool:
    """Whether the event goes into a simulation: the config and the events already archived (the
    newest, at HEAD) must agree, so neither a real archive nor a clone of a simulation changes
    kind."""
    simulering = er_simulering(repo)
    hode = gitlag.hode(repo)
    if hode is None:
        return simulering
    simulert = er_simulert(les_trailere(_melding(repo, hode)))
    if simulert != simulering:
        hva = (
            "er merket som simulering (git config avtaleflyt.simulering), men hendelsene i det er "
            "ekte: et arkiv gjøres aldri om til en simulering"
            if simulering
            else "har simulerte hendelser (Simulering: ja), men er ikke merket som simulering her "
            "(git config avtaleflyt.simulering): ekte hendelser skrives aldri inn i en simulering"
        )
        raise ArkivAvvist(
            f"Arkivet {repo.working_tree_dir or repo.git_dir} {hva}. Ingenting er arkivert."
        )
    return simulering
