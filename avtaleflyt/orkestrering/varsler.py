"""Reminders from the task list: Prefect events, table artifacts and automations, as code.

The daily sweep calls `publiser_oppgaver`: the task list (`avtaleflyt.prosess.oppgaver`) becomes
one table artifact per municipality (`oppgaver-<nr>`) and, on working days, events with the
agreement as resource (`avtaleflyt.avtale.<id>`) and the municipality as related resource
(`avtaleflyt.kommune.<nr>`, role `kommune`):

- `avtaleflyt.frist.naermer-seg`: a deadline 0–`HORISONT` working days ahead (resource label
  `avtaleflyt.virkedager-igjen`);
- `avtaleflyt.frist.oversittet`: a deadline passed (label `avtaleflyt.virkedager-over`);
- `avtaleflyt.vedtak.mangler`: a meeting held without a recorded vedtak or innstilling (label
  `avtaleflyt.virkedager-siden-mote`, working days since the meeting).

Which of these reach a person is the automations' choice (`automasjoner`): N working days before
a deadline and on the day, the first working day after a deadline, and the first working day
after a meeting with no vedtak (the morning after, never as the meeting opens). They call a
Prefect Webhook block with a Norwegian message made by this module (`melding`), so the event
carries the words and the automation only sends them. `opprett_varsler` creates the block and
the automations idempotently, by name; `avtale varsler` and `flows.serve` call it.

Everything that decides is pure (`hendelser`, `automasjoner` takes its parts as data); Prefect is
imported inside the functions that talk to a server, so `avtale oppgaver` never pays for it.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from avtaleflyt.nettsted import side_url
from avtaleflyt.prosess.kalender import er_virkedag, virkedager_mellom
from avtaleflyt.prosess.kontekst import iso
from avtaleflyt.prosess.oppgaver import ART_NAVN, Oppgave, Oppgaveliste, oppgaver_i_mappe

FRIST_NAER = "avtaleflyt.frist.naermer-seg"
FRIST_OVERSITTET = "avtaleflyt.frist.oversittet"
VEDTAK_MANGLER = "avtaleflyt.vedtak.mangler"
HENDELSER = (FRIST_NAER, FRIST_OVERSITTET, VEDTAK_MANGLER)

IGJEN = "avtaleflyt.virkedager-igjen"
OVER = "avtaleflyt.virkedager-over"
SIDEN_MOTE = "avtaleflyt.virkedager-siden-mote"

HORISONT = 10
"""Deadlines this many working days ahead or nearer raise `frist.naermer-seg` events."""
VARSEL_VIRKEDAGER = 3
"""Default N: the reminder goes N working days before the deadline (and on the day)."""
BLOKK = "avtaleflyt-varsel"
"""The Prefect Webhook block the automations call (`AVTALE_VARSEL_WEBHOOK` or `--webhook`)."""

AUTOMASJON_FRIST = "avtaleflyt-frist-naermer-seg"
AUTOMASJON_OVERSITTET = "avtaleflyt-frist-oversittet"
AUTOMASJON_VEDTAK = "avtaleflyt-vedtak-mangler"

NYTTELAST = (
    '{"emne": {{ event.payload.emne | tojson }}, "tekst": {{ event.payload.melding | tojson }}, '
    '"avtale": {{ event.payload.avtale | tojson }}, "kommune": {{ event.payload.kommune | tojson }}, '
    '"frist": {{ event.payload.frist | tojson }}, "lenke": {{ event.payload.lenke | tojson }}, '
    '"hendelse": {{ event.event | tojson }}}'
)
"""The webhook's JSON body, filled in by the server from the event (Jinja, Prefect's `tojson`)."""


class VarselFeil(Exception):
    """Reminders could not be set up; the message says why, in Norwegian."""


@dataclass(frozen=True)
class Hendelse:
    """One Prefect event to emit: name, resource (with labels), related resources, payload."""

    event: str
    resource: dict[str, str]
    related: list[dict[str, str]]
    payload: dict[str, Any]
    id: uuid.UUID


def _virkedager(n: int) -> str:
    return f"{n} virkedag" if n == 1 else f"{n} virkedager"


def melding(o: Oppgave, at: dt.date, lenke: str | None = None) -> tuple[str, str]:
    """(subject, text) of the reminder for task `o` on `at`, naming the agreement and the
    municipality as a clerk reads them."""
    hvem = f"{o.kommunenavn} ({o.kommune})" if o.kommune else o.kommunenavn
    avtale = f"avtalen «{o.tittel}» ({o.avtale})"
    slutt = f" Se {lenke}" if lenke else ""
    if o.art == "vedtak_mangler":
        emne = f"Vedtak mangler etter møtet: {o.tittel}"
        tekst = (
            f"{hvem}, {avtale}: {o.tekst}. Registrer det med «avtale record decision» eller "
            f"vedtaksskjemaet i Prefect.{slutt}"
        )
        return emne, tekst
    assert o.frist is not None and o.virkedager_igjen is not None
    n = o.virkedager_igjen
    if n < 0:
        emne = f"Frist oversittet: {ART_NAVN[o.art]} for {o.kommunenavn}"
        naar = f"Fristen {iso(o.frist)} er oversittet med {_virkedager(-n)}"
    else:
        emne = f"Påminnelse: {ART_NAVN[o.art]} for {o.kommunenavn}"
        naar = f"Frist {'i dag' if n == 0 else 'om ' + _virkedager(n)}, {iso(o.frist)}"
    return emne, f"{naar}. {hvem}, {avtale}: {o.tekst}.{slutt}"


def _hendelse(event: str, o: Oppgave, at: dt.date, etikett: str, verdi: int, lenke) -> Hendelse:
    emne, tekst = melding(o, at, lenke)
    assert o.kommune is not None
    return Hendelse(
        event=event,
        resource={
            "prefect.resource.id": f"avtaleflyt.avtale.{o.avtale}",
            "prefect.resource.name": o.tittel,
            "avtaleflyt.oppgave": o.art,
            etikett: str(verdi),
        },
        related=[
            {
                "prefect.resource.id": f"avtaleflyt.kommune.{o.kommune}",
                "prefect.resource.role": "kommune",
                "prefect.resource.name": o.kommunenavn,
            }
        ],
        payload={
            "emne": emne,
            "melding": tekst,
            "avtale": o.avtale,
            "tittel": o.tittel,
            "kommune": o.kommune,
            "kommunenavn": o.kommunenavn,
            "oppgave": o.tekst,
            "art": o.art,
            "frist": iso(o.frist) if o.frist else None,
            "mote": o.mote,
            "dato": iso(at),
            "lenke": lenke,
        },
        # the same task on the same day is the same event: a rerun of the sweep sends no new one
        id=uuid.uuid5(uuid.NAMESPACE_URL, f"{event}/{o.avtale}/{o.kommune}/{o.art}/{o.mote}/{at}"),
    )


Lenke = Callable[[str, str | None], str | None]
"""The address of an agreement's web page for a municipality (`avtaleflyt.nettsted.side_url`:
None when no site address is configured)."""


def hendelser(liste: Oppgaveliste, *, lenke: Lenke = side_url) -> list[Hendelse]:
    """The events of a task list on its date (pure). None on a weekend or public holiday: a
    reminder is for a working morning, and the counts are in working days."""
    at = liste.at
    if not er_virkedag(at):
        return []
    ut: list[Hendelse] = []
    for o in liste.oppgaver:
        if o.kommune is None or o.frist is None or o.virkedager_igjen is None:
            continue
        adresse = lenke(o.avtale, o.kommune)
        if o.art == "vedtak_mangler":
            dager = virkedager_mellom(o.frist, at)
            ut.append(_hendelse(VEDTAK_MANGLER, o, at, SIDEN_MOTE, dager, adresse))
        elif o.virkedager_igjen < 0:
            ut.append(_hendelse(FRIST_OVERSITTET, o, at, OVER, -o.virkedager_igjen, adresse))
        elif o.virkedager_igjen <= HORISONT:
            ut.append(_hendelse(FRIST_NAER, o, at, IGJEN, o.virkedager_igjen, adresse))
    return ut


# --------------------------------------------------------------------------- automations


@dataclass(frozen=True)
class Automasjonsplan:
    """An automation as data: name, Norwegian description, event and the label values that fire."""

    navn: str
    beskrivelse: str
    event: str
    etikett: str
    verdier: tuple[str, ...]


def planer(virkedager: int = VARSEL_VIRKEDAGER) -> list[Automasjonsplan]:
    """The reminders: N working days before a deadline and on the day; the first working day
    after a deadline; the first working day after a meeting with no vedtak recorded."""
    if not 0 <= virkedager <= HORISONT:
        raise VarselFeil(
            f"antall virkedager før fristen må være mellom 0 og {HORISONT}, ikke {virkedager}"
        )
    return [
        Automasjonsplan(
            AUTOMASJON_FRIST,
            f"Påminnelse {_virkedager(virkedager)} før en frist i avtaleprosessen (saksframlegg, "
            "drøfting, signatur …) og på fristdagen.",
            FRIST_NAER,
            IGJEN,
            tuple(dict.fromkeys((str(virkedager), "0"))),
        ),
        Automasjonsplan(
            AUTOMASJON_OVERSITTET,
            "Varsel første virkedag etter at en frist i avtaleprosessen er oversittet.",
            FRIST_OVERSITTET,
            OVER,
            ("1",),
        ),
        Automasjonsplan(
            AUTOMASJON_VEDTAK,
            "Varsel morgenen etter et møte som skulle behandle avtalen, når vedtaket (eller "
            "innstillingen) ikke er registrert.",
            VEDTAK_MANGLER,
            SIDEN_MOTE,
            ("1",),
        ),
    ]


def automasjoner(blokk_id: uuid.UUID, virkedager: int = VARSEL_VIRKEDAGER) -> list:
    """The automations (Prefect `Automation` objects) that send each plan's events to the
    webhook block `blokk_id`."""
    # Prefect is heavy: imported only where a server is talked to
    from prefect.automations import Automation, CallWebhook, EventTrigger, Posture

    return [
        Automation(
            name=p.navn,
            description=p.beskrivelse,
            enabled=True,
            trigger=EventTrigger(
                expect={p.event},
                match={"prefect.resource.id": "avtaleflyt.avtale.*", p.etikett: list(p.verdier)},
                for_each={"prefect.resource.id"},
                posture=Posture.Reactive,
                threshold=1,
                within=dt.timedelta(0),
            ),
            actions=[CallWebhook(block_document_id=blokk_id, payload=NYTTELAST)],
        )
        for p in planer(virkedager)
    ]


async def _blokk(webhook: str | None, blokk: str) -> uuid.UUID:
    # Prefect is heavy: imported only where a server is talked to
    from prefect.blocks.webhook import Webhook
    from prefect.types import SecretDict

    if webhook:
        ny = Webhook(
            url=SecretStr(webhook),
            method="POST",
            headers=SecretDict({"Content-Type": "application/json"}),
        )
        return await ny.save(blokk, overwrite=True)
    try:
        eksisterende = await Webhook.load(blokk)
    except ValueError:
        raise VarselFeil(
            f"Webhook-blokken «{blokk}» finnes ikke på Prefect-serveren; oppgi adressen varslene "
            "skal sendes til (--webhook URL eller AVTALE_VARSEL_WEBHOOK)"
        ) from None
    assert eksisterende._block_document_id is not None
    return eksisterende._block_document_id


async def opprett_varsler(
    webhook: str | None = None, *, blokk: str = BLOKK, virkedager: int = VARSEL_VIRKEDAGER
) -> list[str]:
    """Create or update the webhook block and the automations, by name (idempotent: a rerun
    updates them in place, a duplicate of a name is removed). Returns one Norwegian line each."""
    # Prefect is heavy: imported only where a server is talked to
    from prefect import get_client
    from prefect.events.schemas.automations import AutomationCore

    automasjonsliste = automasjoner(await _blokk(webhook, blokk), virkedager)
    ut = [f"webhook-blokk: {blokk}" + (" (lagret)" if webhook else " (finnes)")]
    async with get_client() as client:
        for a in automasjonsliste:
            kjerne = AutomationCore(**a.model_dump(exclude={"id", "owner_resource"}))
            finnes = await client.read_automations_by_name(a.name)
            if finnes:
                await client.update_automation(finnes[0].id, kjerne)
                for ekstra in finnes[1:]:
                    await client.delete_automation(ekstra.id)
                ut.append(f"oppdatert: {a.name}")
            else:
                await client.create_automation(kjerne)
                ut.append(f"opprettet: {a.name}")
    return ut


async def forbered_varsler() -> list[str]:
    """For `flows.serve`: the reminders as configured in the environment, or nothing (no call to
    the server) when `AVTALE_VARSEL_WEBHOOK` is unset, so an operator's own `avtale varsler
    --virkedager N` is not overwritten by a restart. N is `AVTALE_VARSEL_VIRKEDAGER` (default 3)."""
    webhook = os.environ.get("AVTALE_VARSEL_WEBHOOK")
    if not webhook:
        return []
    dager = os.environ.get("AVTALE_VARSEL_VIRKEDAGER", str(VARSEL_VIRKEDAGER))
    if not dager.isdigit():
        raise VarselFeil(f"AVTALE_VARSEL_VIRKEDAGER må være et helt tall, ikke «{dager}»")
    return await opprett_varsler(webhook, virkedager=int(dager))


# --------------------------------------------------------------------------- the daily sweep


def send(liste: list[Hendelse]) -> None:
    """Emit the events to the Prefect server of the current settings."""
    # Prefect is heavy: imported only where a server is talked to
    from prefect.events import emit_event

    for h in liste:
        emit_event(h.event, resource=h.resource, related=h.related, payload=h.payload, id=h.id)


def tabell(liste: Oppgaveliste, kommune: str, lenke: Lenke = side_url) -> list[dict[str, str]]:
    """The rows of one municipality's artifact (and of the CLI's table)."""
    return [
        {
            "avtale": o.avtale,
            "oppgave": o.tekst,
            "frist": iso(o.frist) if o.frist else "–",
            "virkedager igjen": igjen_tekst(o),
            "lenke": lenke(o.avtale, kommune) or "",
        }
        for o in liste.for_kommune(kommune)
    ]


def igjen_tekst(o: Oppgave) -> str:
    """«3», «i dag», «forfalt, 2 over» or «–»: working days left as a clerk reads them."""
    n = o.virkedager_igjen
    if n is None:
        return "–"
    if n < 0:
        return f"forfalt, {-n} over"
    return "i dag" if n == 0 else str(n)


async def publiser_oppgaver(rot: Path, at: dt.date, *, lenke: Lenke = side_url) -> dict[str, Any]:
    """The daily sweep's reminders: one table artifact per municipality and the events of the
    day. Returns what was published."""
    # Prefect is heavy: imported only where a server is talked to
    from prefect.artifacts import acreate_table_artifact
    from prefect.logging import get_run_logger

    liste = oppgaver_i_mappe(rot, at)
    for nr in liste.kommuner():
        rader = liste.for_kommune(nr)
        navn = next(o.kommunenavn for o in rader if o.kommune == nr)
        await acreate_table_artifact(
            key=f"oppgaver-{nr}",
            table=tabell(liste, nr, lenke),
            description=f"Oppgaver for {navn} per {iso(at)}",
        )
    ut = hendelser(liste, lenke=lenke)
    send(ut)
    logg = get_run_logger()
    logg.info(
        "Oppgavelisten per %s: %d oppgaver for %d kommuner, %d forfalt; %d hendelser sendt til påminnelsene",
        iso(at),
        len(liste.oppgaver),
        len(liste.kommuner()),
        sum(o.forfalt for o in liste.oppgaver),
        len(ut),
    )
    for navn, _ in liste.feil:
        logg.warning("%s: avtalen er utelatt fra oppgavelisten (feil i filene)", navn)
    return {
        "oppgaver": len(liste.oppgaver),
        "hendelser": [f"{h.event} {h.resource['prefect.resource.id']}" for h in ut],
        "feil": [navn for navn, _ in liste.feil],
    }
