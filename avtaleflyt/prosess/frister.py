"""What is due next: consultation, the meetings ahead and the deadlines before them.

The calendar (`moter`) and the settings (`innstillinger`) give the dates; `avtaleflyt.prosess.fakta`
says who has adopted what. The status, the process rules and the calendar export ask these
functions, so a deadline is computed once. Pure functions: no clock, no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from avtaleflyt.prosess.fakta import Tekst, kan_vedta, vedtatt_av
from avtaleflyt.prosess.kalender import frist_for, trekk_virkedager
from schemas.prosess import Drofting, Mote, Prosess

POLITISK_BEHANDLING = ("innstilling", "vedtak")
"""Treatments that put the case before elected members (drøfting must come first)."""


def _tid(m: Mote) -> tuple[dt.date, dt.time]:
    return m.dato, m.klokkeslett or dt.time(0)


def drofting_kommuner(prosess: Prosess, deltakere: Sequence[str], avtale: Any = None) -> list[str]:
    """The municipalities that must consult the tillitsvalgte, from what is stated.

    The process setting `drofting_kreves_for` decides when given. Otherwise the agreement's
    `ansatte`: employees changing employer or otherwise affected → the employers named there (or
    every participant); stated as not affected → none (arbeidsmiljøloven § 16-5 applies only
    when employees move). Unstated: a political council (kl. chapter 18) produces no services and
    moves no staff, so none; every other form moves tasks, so every participant, as before.
    """
    krav = prosess.innstillinger.drofting_kreves_for
    if krav is not None:
        return list(krav)
    ansatte = getattr(avtale, "ansatte", None)
    if ansatte is not None and (ansatte.overforing or ansatte.berores):
        return list(ansatte.kommuner) if ansatte.kommuner is not None else list(deltakere)
    if ansatte is not None and ansatte.berores is False and not ansatte.overforing:
        return []
    if prosess.innstillinger.virksomhetsoverdragelse:
        return list(deltakere)
    if getattr(avtale, "type", None) == "interkommunalt_politisk_rad":
        return []
    return list(deltakere)


def gjennomfort_drofting(
    prosess: Prosess, kommune: str, at: dt.date, for_dato: dt.date | None = None
) -> list[Drofting]:
    """Completed drøftingsmøter (with protocol) for `kommune` up to `at`, before `for_dato`."""
    return [
        d
        for d in prosess.drofting
        if kommune in d.kommuner
        and d.protokoll
        and d.dato <= at
        and (for_dato is None or d.dato < for_dato)
    ]


def behandlende_moter(prosess: Prosess, kommune: str) -> list[tuple[int, Mote]]:
    """Meetings that treat the case politically (innstilling or vedtak) for `kommune`, by date."""
    found = [
        (i, m)
        for i, m in enumerate(prosess.moter)
        if not m.avlyst and m.behandling in POLITISK_BEHANDLING and kommune in m.kommuner
    ]
    return sorted(found, key=lambda im: _tid(im[1]))


def saksframlegg_frist(prosess: Prosess, mote: Mote, kommune: str) -> dt.date:
    """The day the saksframlegg to `mote` must be ready, by the municipality's own rule."""
    inn = prosess.innstillinger
    dager, fristtype = inn.saksframlegg_frist_dager, inn.saksframlegg_frist_type
    for k in inn.kommuner:
        if k.kommune == kommune:
            dager, fristtype = k.saksframlegg_frist_dager, k.saksframlegg_frist_type
    return frist_for(mote.dato, dager, fristtype)


@dataclass(frozen=True)
class Droftingsfrist:
    """Consultation must be done by `frist`, the working day before the first treating meeting;
    the warning starts at `varsel`."""

    kommune: str
    mote: Mote
    frist: dt.date
    varsel: dt.date


def drofting_frist(prosess: Prosess, kommune: str) -> Droftingsfrist | None:
    """The drøfting deadline of `kommune` from its first treating meeting, if the calendar has one."""
    moter = behandlende_moter(prosess, kommune)
    if not moter:
        return None
    forste = moter[0][1]
    n = prosess.innstillinger.drofting_varsel_virkedager
    return Droftingsfrist(
        kommune, forste, trekk_virkedager(forste.dato, 1), trekk_virkedager(forste.dato, n)
    )


def kommende_moter(prosess: Prosess, kommune: str, at: dt.date) -> list[Mote]:
    """Meetings of `kommune` on or after `at` that are not cancelled, by date and time."""
    return [
        m
        for m in sorted(prosess.moter, key=_tid)
        if kommune in m.kommuner and not m.avlyst and m.dato >= at
    ]


def alle_frister(
    prosess: Prosess, deltakere: Sequence[str], at: dt.date, avtale: Any = None
) -> dict[tuple[str, str], dt.date]:
    """Every deadline in the calendar on or after `at`: `(kommune, møte-id)` → saksframlegg
    deadline, and `(kommune, "drofting")` → drøfting deadline (what the calendar export shows)."""
    ut: dict[tuple[str, str], dt.date] = {}
    for m in prosess.moter:
        if m.avlyst:
            continue
        for nr in m.kommuner:
            frist = saksframlegg_frist(prosess, m, nr)
            if frist >= at:
                ut[(nr, m.id)] = frist
    for nr in drofting_kommuner(prosess, deltakere, avtale):
        d = drofting_frist(prosess, nr)
        if d is not None and d.frist >= at:
            ut[(nr, "drofting")] = d.frist
    return ut


def tidligste_vedtak(
    tekst: Tekst, prosess: Prosess, at: dt.date
) -> tuple[dt.date | None, list[str]]:
    """The earliest date every participant can have adopted this text, from the calendar, and the
    participants whose calendar has no coming meeting of a body that may adopt it."""
    siste: dt.date | None = None
    uten: list[str] = []
    for nr in tekst.deltakere:
        v = vedtatt_av(prosess, at, tekst.type, nr, tekst.avtale_hash)
        if v is not None:
            dato = v.motedato
        else:
            kommende = [
                m.dato
                for m in prosess.moter
                if nr in m.kommuner
                and not m.avlyst
                and m.dato >= at
                and kan_vedta(tekst.type, m.organ, nr)
                and m.behandling == "vedtak"
            ]
            if not kommende:
                uten.append(nr)
                continue
            dato = min(kommende)
        siste = dato if siste is None or dato > siste else siste
    return (None if uten else siste), uten
