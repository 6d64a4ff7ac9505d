"""Approval-date runs as a pure reconciliation: calendar → desired runs; desired vs existing → plan.

No Prefect here. The adapter in `prefect_plan` reads the existing runs from the server, calls
`avstem` and applies the returned plan.

A meeting's check runs the morning after it (07:00 Europe/Oslo the next working day), not as it
opens: a check at the start of the meeting found no vedtak yet and warned for nothing. A meeting
whose check time has passed is reported as held and gets no run: a run created in the past starts
at once, «late», and checks nothing the daily sweep does not check anyway.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from zoneinfo import ZoneInfo

from avtaleflyt.prosess.kalender import er_virkedag

OSLO = ZoneInfo("Europe/Oslo")

AKTIVE_TILSTANDER = frozenset({"SCHEDULED", "PENDING"})
"""States of a run that has not started yet and can still be moved or cancelled."""
FERDIGE_TILSTANDER = frozenset({"RUNNING", "COMPLETED", "FAILED", "CRASHED", "PAUSED"})
"""States of a run that started: it already did (or is doing) the check for its time."""


def nokkel(tekst: str) -> str:
    """An ASCII key `[a-z0-9-]` (Prefect keys and tags), æ/ø/å spelled out."""
    t = tekst.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9-]", "-", t)).strip("-")


@dataclass(frozen=True)
class Kontroll:
    """When a meeting's check runs: `virkedager` working days after the meeting date, at
    `klokkeslett` Europe/Oslo. 0 working days is the meeting's own start (at `klokkeslett` when
    the calendar gives no time): the old behaviour, whose check finds no vedtak yet, kept for a
    test that must see a run start within seconds."""

    virkedager: int = 1
    klokkeslett: dt.time = dt.time(7, 0)

    @classmethod
    def fra_miljo(cls, miljo: Mapping[str, str]) -> Kontroll:
        """From `AVTALE_KONTROLL_VIRKEDAGER` and `AVTALE_KONTROLL_KL` (HH:MM[:SS]); a bad value is
        refused with the variable's name rather than silently replaced by the default."""
        std = cls()
        dager, kl = miljo.get("AVTALE_KONTROLL_VIRKEDAGER"), miljo.get("AVTALE_KONTROLL_KL")
        try:
            antall = int(dager) if dager else std.virkedager
            if antall < 0:
                raise ValueError
        except ValueError:
            raise ValueError(
                f"AVTALE_KONTROLL_VIRKEDAGER={dager!r} er ikke et heltall fra 0 og opp"
            ) from None
        try:
            tid = dt.time.fromisoformat(kl) if kl else std.klokkeslett
        except ValueError:
            raise ValueError(
                f"AVTALE_KONTROLL_KL={kl!r} er ikke et klokkeslett (TT:MM eller TT:MM:SS)"
            ) from None
        return cls(antall, tid)

    def tidspunkt(self, motedato: dt.date, start: dt.time | None = None) -> dt.datetime:
        """The check time for a meeting on `motedato` starting at `start` (if known)."""
        if self.virkedager == 0:
            return dt.datetime.combine(motedato, start or self.klokkeslett, tzinfo=OSLO)
        dag, igjen = motedato, self.virkedager
        while igjen:
            dag += dt.timedelta(days=1)
            if er_virkedag(dag):
                igjen -= 1
        return dt.datetime.combine(dag, self.klokkeslett, tzinfo=OSLO)


STANDARD_KONTROLL = Kontroll()


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
    """When the check runs: aware datetime (Europe/Oslo)."""
    motedato: dt.date | None = None
    forsok: int = 0
    """Runs already made for this meeting: a run made anew (restored, moved) gets a new key."""

    @property
    def navn(self) -> str:
        """The run's name, `<avtale>-<møte>`: the upcoming list says which meeting it checks."""
        return f"{self.avtale_id}-{self.mote_id}"

    @property
    def idempotency_key(self) -> str:
        stamp = self.tidspunkt.astimezone(dt.UTC).strftime("%Y%m%dt%H%M%Sz")
        ekstra = f"-{self.forsok}" if self.forsok else ""
        return f"godkjenningsdato-{self.avtale_id}-{self.mote_id}-{stamp}{ekstra}"

    @property
    def tags(self) -> list[str]:
        return [self.avtale_id, f"mote-{self.mote_id}", "godkjenningsdato"]

    def parametere(self) -> dict:
        """The flow's parameters: `dato` is the check's own date, the morning after the meeting,
        so the records are read as of the day the check runs."""
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
    navn: str = ""


@dataclass
class Plan:
    opprett: list[OnsketKjoring] = field(default_factory=list)
    flytt: list[tuple[EksisterendeKjoring, OnsketKjoring]] = field(default_factory=list)
    """A waiting run and the run that replaces it at the new time (the old one is cancelled: the
    API cannot change a run's expected start time, so moving it in place left the old time in the
    run list)."""
    avlys: list[EksisterendeKjoring] = field(default_factory=list)
    uendret: list[OnsketKjoring] = field(default_factory=list)
    avholdt: list[OnsketKjoring] = field(default_factory=list)
    """Meetings whose check time has passed: reported, not scheduled."""
    skjemaer: list[str] = field(default_factory=list)
    """The clerk's form deployments whose choice lists were refreshed (`avtale plan`)."""

    @property
    def tom(self) -> bool:
        return not (self.opprett or self.flytt or self.avlys)

    def oppsummering(self) -> str:
        return (
            f"{len(self.opprett)} nye, {len(self.flytt)} flyttet, {len(self.avlys)} avlyst, "
            f"{len(self.uendret)} uendret, {len(self.avholdt)} avholdt"
        )


def onskede_kjoringer(
    avtale_id: str,
    moter: Iterable[Motedata],
    *,
    kontroll: Kontroll = STANDARD_KONTROLL,
    behandlinger: frozenset[str] = frozenset({"vedtak", "innstilling"}),
) -> list[OnsketKjoring]:
    """One check per meeting that is not cancelled and treats the agreement, the morning after."""
    ut = [
        OnsketKjoring(avtale_id, m.id, kontroll.tidspunkt(m.dato, m.klokkeslett), m.dato)
        for m in moter
        if not m.avlyst and m.behandling in behandlinger
    ]
    return sorted(ut, key=lambda k: (k.tidspunkt, k.mote_id))


def avstem(
    onskede: Iterable[OnsketKjoring],
    eksisterende: Iterable[EksisterendeKjoring],
    *,
    na: dt.datetime | None = None,
) -> Plan:
    """Compare the desired runs with the runs that exist; the result makes them equal.

    - a desired meeting with no run: create (unless a run for that meeting already started at the
      same time — it has done its check);
    - a waiting run at another time: replace it by a run at the new time (the first one; further
      waiting duplicates are cancelled);
    - a waiting run for a meeting that is no longer desired (cancelled or removed): cancel it;
    - a meeting whose check time is at or before `na`: held; nothing is created for it, a waiting
      run at another time is cancelled (the meeting was moved into the past), one at its time is
      left to run.
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
        ny = replace(kjoring, forsok=len(runs)) if runs else kjoring
        if na is not None and kjoring.tidspunkt <= na:
            plan.avholdt.append(kjoring)
            plan.avlys.extend(e for e in ventende if e.tidspunkt != kjoring.tidspunkt)
        elif ventende:
            forst, *resten = ventende
            if forst.tidspunkt == kjoring.tidspunkt:
                plan.uendret.append(kjoring)
            else:
                plan.flytt.append((forst, ny))
            plan.avlys.extend(resten)
        elif any(e.tidspunkt == kjoring.tidspunkt for e in startet):
            plan.uendret.append(kjoring)
        else:
            plan.opprett.append(ny)
    for mote_id, runs in sorted(per_mote.items()):
        if mote_id not in onsket:
            plan.avlys.extend(e for e in runs if e.tilstand in AKTIVE_TILSTANDER)
    return plan


def moter_fra_prosess(prosess) -> list[Motedata]:
    """Plain meeting data from a `schemas.prosess.Prosess` (duck-typed: `.moter`)."""
    return [
        Motedata(m.id, m.dato, m.klokkeslett, m.avlyst, str(m.behandling)) for m in prosess.moter
    ]
