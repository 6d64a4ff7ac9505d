"""Approval-date runs as a pure reconciliation: calendar → desired runs; desired vs existing → plan.

No Prefect here. The adapter in `prefect_plan` reads the existing runs from the server, calls
`avstem` and applies the returned plan.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")
STANDARD_KLOKKESLETT = dt.time(18, 0)
"""When a meeting has no start time, its check runs at 18:00 Europe/Oslo on the meeting date."""

AKTIVE_TILSTANDER = frozenset({"SCHEDULED", "PENDING"})
"""States of a run that has not started yet and can still be moved or cancelled."""
FERDIGE_TILSTANDER = frozenset({"RUNNING", "COMPLETED", "FAILED", "CRASHED", "PAUSED"})
"""States of a run that started: it already did (or is doing) the check for its time."""


def nokkel(tekst: str) -> str:
    """An ASCII key `[a-z0-9-]` (Prefect keys and tags), æ/ø/å spelled out."""
    t = tekst.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9-]", "-", t)).strip("-")


@dataclass(frozen=True)
class Motedata:
    """A meeting as plain data (the fields of `schemas.prosess.Mote` that matter here)."""

    id: str
    dato: dt.date
    klokkeslett: dt.time | None = None
    avlyst: bool = False
    behandling: str = "vedtak"


@dataclass(frozen=True)
class OnsketKjoring:
    avtale_id: str
    mote_id: str
    tidspunkt: dt.datetime
    """Aware datetime (Europe/Oslo)."""
    forsok: int = 0
    """Cancelled runs already made for this meeting and time: a restored meeting gets a new key."""

    @property
    def idempotency_key(self) -> str:
        stamp = self.tidspunkt.astimezone(dt.UTC).strftime("%Y%m%dt%H%M%Sz")
        ekstra = f"-{self.forsok}" if self.forsok else ""
        return f"godkjenningsdato-{self.avtale_id}-{self.mote_id}-{stamp}{ekstra}"

    @property
    def tags(self) -> list[str]:
        return [self.avtale_id, f"mote-{self.mote_id}", "godkjenningsdato"]

    def parametere(self) -> dict:
        return {
            "avtale_id": self.avtale_id,
            "mote_id": self.mote_id,
            "dato": self.tidspunkt.astimezone(OSLO).date().isoformat(),
        }


@dataclass(frozen=True)
class EksisterendeKjoring:
    id: str
    mote_id: str
    tidspunkt: dt.datetime
    tilstand: str
    """Prefect state type name, e.g. "SCHEDULED", "COMPLETED", "CANCELLED"."""


@dataclass
class Plan:
    opprett: list[OnsketKjoring] = field(default_factory=list)
    flytt: list[tuple[EksisterendeKjoring, OnsketKjoring]] = field(default_factory=list)
    avlys: list[EksisterendeKjoring] = field(default_factory=list)
    uendret: list[OnsketKjoring] = field(default_factory=list)

    @property
    def tom(self) -> bool:
        return not (self.opprett or self.flytt or self.avlys)

    def oppsummering(self) -> str:
        return (
            f"{len(self.opprett)} nye, {len(self.flytt)} flyttet, {len(self.avlys)} avlyst, "
            f"{len(self.uendret)} uendret"
        )


def tidspunkt_for(mote: Motedata) -> dt.datetime:
    return dt.datetime.combine(mote.dato, mote.klokkeslett or STANDARD_KLOKKESLETT, tzinfo=OSLO)


def onskede_kjoringer(
    avtale_id: str,
    moter: Iterable[Motedata],
    *,
    behandlinger: frozenset[str] = frozenset({"vedtak", "innstilling"}),
) -> list[OnsketKjoring]:
    """One approval-date run per meeting that is not cancelled and treats the agreement."""
    ut = [
        OnsketKjoring(avtale_id, m.id, tidspunkt_for(m))
        for m in moter
        if not m.avlyst and m.behandling in behandlinger
    ]
    return sorted(ut, key=lambda k: (k.tidspunkt, k.mote_id))


def avstem(onskede: Iterable[OnsketKjoring], eksisterende: Iterable[EksisterendeKjoring]) -> Plan:
    """Compare the desired runs with the runs that exist; the result makes them equal.

    - a desired meeting with no run: create (unless a run for that meeting already started at the
      same time — it has done its check);
    - a waiting run at another time: move it (the first one; further waiting duplicates are cancelled);
    - a waiting run for a meeting that is no longer desired (cancelled or removed): cancel it.
    Runs that started or finished are never touched.
    """
    onsket = {k.mote_id: k for k in onskede}
    per_mote: dict[str, list[EksisterendeKjoring]] = {}
    for e in eksisterende:
        per_mote.setdefault(e.mote_id, []).append(e)
    plan = Plan()
    for mote_id, kjoring in sorted(onsket.items(), key=lambda kv: (kv[1].tidspunkt, kv[0])):
        runs = per_mote.get(mote_id, [])
        ventende = sorted(
            (e for e in runs if e.tilstand in AKTIVE_TILSTANDER),
            key=lambda e: (e.tidspunkt != kjoring.tidspunkt, e.tidspunkt, e.id),
        )
        startet = [e for e in runs if e.tilstand in FERDIGE_TILSTANDER]
        if ventende:
            forst, *resten = ventende
            if forst.tidspunkt == kjoring.tidspunkt:
                plan.uendret.append(kjoring)
            else:
                plan.flytt.append((forst, kjoring))
            plan.avlys.extend(resten)
        elif any(e.tidspunkt == kjoring.tidspunkt for e in startet):
            plan.uendret.append(kjoring)
        else:
            avlyste = sum(
                1 for e in runs if e.tilstand not in AKTIVE_TILSTANDER | FERDIGE_TILSTANDER
            )
            plan.opprett.append(replace(kjoring, forsok=avlyste) if avlyste else kjoring)
    for mote_id, runs in sorted(per_mote.items()):
        if mote_id not in onsket:
            plan.avlys.extend(e for e in runs if e.tilstand in AKTIVE_TILSTANDER)
    return plan


def moter_fra_prosess(prosess) -> list[Motedata]:
    """Plain meeting data from a `schemas.prosess.Prosess` (duck-typed: `.moter`)."""
    return [
        Motedata(m.id, m.dato, m.klokkeslett, m.avlyst, str(m.behandling)) for m in prosess.moter
    ]
