"""The meeting check: the morning after a meeting, which of its municipalities has no vedtak,
raised as Prefect events rather than only logged.

Which municipality still lacks a vedtak after a held meeting is the task list's answer
(`avtaleflyt.prosess.oppgaver`, task `vedtak_mangler` with the meeting); the events are the
reminders' (`avtaleflyt.orkestrering.varsler`: `avtaleflyt.vedtak.mangler`, resource
`avtaleflyt.avtale.<id>`, related `avtaleflyt.kommune.<nr>`). An event has the same id as the
daily sweep's for that task and day, so the server keeps one and the automation sends one notice.
The `godkjenningsdato` flow calls `kontroller_mote`; nothing here decides a legal fact.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from avtaleflyt import tjenester
from avtaleflyt.orkestrering import varsler
from avtaleflyt.prosess.oppgaver import Oppgave, Oppgaveliste, oppgaver


def mangler_vedtak(mappe: Path, mote_id: str, at: dt.date) -> list[Oppgave]:
    """The «vedtak mangler» tasks of meeting `mote_id` on `at`: one per municipality whose body
    met and must still decide, with no vedtak recorded for that meeting."""
    avtale, prosess = tjenester.last(Path(mappe))
    return [
        o for o in oppgaver(avtale, prosess, at) if o.art == "vedtak_mangler" and o.mote == mote_id
    ]


def hendelser_for_mote(mappe: Path, mote_id: str, at: dt.date) -> list[varsler.Hendelse]:
    """The events for those tasks (none on a weekend or public holiday, as the reminders)."""
    return varsler.hendelser(Oppgaveliste(at=at, oppgaver=mangler_vedtak(mappe, mote_id, at)))


def kontroller_mote(mappe: Path, mote_id: str, at: dt.date) -> list[str]:
    """Emit the meeting's events to the current Prefect server and return one Norwegian line per
    municipality without a vedtak (for the run's log); nothing when every vedtak is recorded."""
    mangler = mangler_vedtak(mappe, mote_id, at)
    liste = varsler.hendelser(Oppgaveliste(at=at, oppgaver=mangler))
    varsler.send(liste)
    sendt = {h.payload["kommune"] for h in liste}
    return [
        f"Vedtak mangler etter møtet {mote_id}: {o.kommunenavn} ({o.kommune})"
        + (f"; hendelsen {varsler.VEDTAK_MANGLER} er sendt" if o.kommune in sendt else "")
        for o in mangler
    ]
