"""Shared pieces of the process rule checks: participant, date and calendar references."""

from __future__ import annotations

import datetime as dt

from avtaleflyt.prosess.brudd import Brudd, Sti, brudd
from avtaleflyt.prosess.kontekst import Kontekst, iso
from schemas.prosess import ORGAN_NAVN, Mote


def sjekk_deltaker(k: Kontekst, kommune: str, sti: Sti, hva: str) -> list[Brudd]:
    if k.avtale is None or kommune in k.deltakere:
        return []
    return [
        brudd(
            "PROSESS-DELTAKER",
            sti,
            f"{hva}: {k.kommunenavn(kommune)} er ikke deltaker i avtalen (deltakere: "
            f"{', '.join(k.deltakere)})",
        )
    ]


def sjekk_fremtid(k: Kontekst, dato: dt.date, sti: Sti, hva: str) -> list[Brudd]:
    if dato <= k.at:
        return []
    return [
        brudd(
            "PROSESS-DATO-FREMTID",
            sti,
            f"{hva} er datert {iso(dato)}, som er etter dagens dato {iso(k.at)}; "
            "registrer det når det har skjedd",
        )
    ]


def sjekk_mote_ref(
    k: Kontekst,
    mote_id: str,
    kommune: str,
    sti: Sti,
    hva: str,
    organ: str | None = None,
    dato: dt.date | None = None,
    vedtar: bool = False,
) -> tuple[list[Brudd], Mote | None]:
    found = k.moter.get(mote_id)
    if found is None:
        kjente = ", ".join(sorted(k.moter)) or "ingen møter er registrert"
        return [
            brudd(
                "PROSESS-KALENDER",
                sti + ("mote",),
                f"{hva}: møtet «{mote_id}» finnes ikke i kalenderen (moter); kjente møter: {kjente}",
            )
        ], None
    _, m = found
    out = []
    if kommune not in m.kommuner:
        out.append(
            brudd(
                "PROSESS-KALENDER",
                sti + ("kommune",),
                f"{hva}: møtet «{m.id}» gjelder {', '.join(m.kommuner)}, ikke {k.kommunenavn(kommune)}",
            )
        )
    if organ is not None and organ != m.organ:
        out.append(
            brudd(
                "PROSESS-KALENDER",
                sti + ("organ",),
                f"{hva}: organet er {ORGAN_NAVN[organ]}, men møtet «{m.id}» er i {ORGAN_NAVN[m.organ]}",
            )
        )
    if dato is not None and dato != m.dato:
        out.append(
            brudd(
                "PROSESS-KALENDER",
                sti + ("motedato",),
                f"{hva}: møtedato {iso(dato)} stemmer ikke med kalenderen ({m.id}: {iso(m.dato)})",
            )
        )
    if m.avlyst:
        out.append(
            brudd(
                "PROSESS-KALENDER",
                sti + ("mote",),
                f"{hva}: møtet «{m.id}» {iso(m.dato)} er avlyst og kan ikke ha behandlet saken",
            )
        )
    if vedtar and m.behandling != "vedtak" and not m.avlyst:
        out.append(
            brudd(
                "PROSESS-KALENDER",
                sti + ("utfall",),
                f"{hva}: møtet «{m.id}» har saken til {m.behandling} i kalenderen, ikke til vedtak; "
                "rett kalenderen (behandling: vedtak) hvis organet faktisk vedtok avtalen",
            )
        )
    return out, m
