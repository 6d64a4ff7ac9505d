"""The task list: what each municipality must do next for an agreement, with its deadline.

A clerk asks «what must we do, by when?». The answer is derived on a date `at`, as the status is:
which body must still decide and whether a decision is missing come from `fakta` (`ma_behandle`,
`avtalefakta`, the vertskommune facts); the meetings and the saksframlegg and drøfting deadlines
from `frister`; working days from `kalender` (Norwegian public holidays); the legal basis of each
kind of task from the rule catalogue. This module keeps no copy of a legal rule: it only puts
those answers in the order a clerk works. Pure over the records; `oppgaver_i_mappe` reads the
agreement folders. Nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from avtaleflyt.findings import Finding
from avtaleflyt.prosess import fakta, frister
from avtaleflyt.prosess.kalender import virkedager_mellom
from avtaleflyt.prosess.kontekst import Kontekst, iso
from avtaleflyt.prosess.lagring import AGREEMENT_FILE, ProcessInvalid, load_process_for
from avtaleflyt.validation import AgreementInvalid
from schemas.avtale import Avtale
from schemas.prosess import Mote, Prosess
from schemas.regler import VERTSKOMMUNETYPER, hjemmel_tekst

REGEL: dict[str, str] = {
    "drofting": "PROSESS-DROFTING-FOR-BEHANDLING",
    "saksframlegg": "PROSESS-SAKSFRAMLEGG-FRIST",
    "behandling": "PROSESS-KOMMUNESTYRET-SELV",
    "vedtak_mangler": "PROSESS-KALENDER",
    "mote_mangler": "PROSESS-KOMMUNESTYRET-SELV",
    "ny_versjon": "PROSESS-SAMME-TEKST",
    "signatur": "PROSESS-SIGNATUR-FOR-VEDTAK",
    "delegering": "PROSESS-DELEGERING",
    "melding": "PROSESS-STATSFORVALTER",
    "ikrafttredelse": "PROSESS-IKRAFT",
}
"""Each kind of task and the catalogue rule it serves (its legal basis is read from there)."""

ART_NAVN: dict[str, str] = {
    "drofting": "drøfting",
    "saksframlegg": "saksframlegg",
    "behandling": "politisk behandling",
    "vedtak_mangler": "vedtak mangler",
    "mote_mangler": "møte mangler",
    "ny_versjon": "ny versjon",
    "signatur": "signatur",
    "delegering": "delegering",
    "melding": "melding",
    "ikrafttredelse": "ikrafttredelse",
}
"""The kind of task as a clerk reads it."""


@dataclass(frozen=True)
class Oppgave:
    """One thing a municipality (or, with `kommune` None, the secretariat for all parties) must do.

    `virkedager_igjen` counts working days from `at` to `frist` (negative: overdue by that many);
    `mote` names the meeting the task belongs to, if any."""

    avtale: str
    tittel: str
    kommune: str | None
    kommunenavn: str
    art: str
    tekst: str
    frist: dt.date | None
    virkedager_igjen: int | None
    mote: str | None = None
    motedato: dt.date | None = None
    regel: str = ""
    hjemmel: str = ""

    @property
    def forfalt(self) -> bool:
        return self.virkedager_igjen is not None and self.virkedager_igjen < 0

    def gjelder(self, kommune: str) -> bool:
        """Is this a task for `kommune` (its own, or one for every party)?"""
        return self.kommune is None or self.kommune == kommune

    def as_dict(self) -> dict:
        return {
            "avtale": self.avtale,
            "tittel": self.tittel,
            "kommune": self.kommune,
            "kommunenavn": self.kommunenavn,
            "art": self.art,
            "oppgave": self.tekst,
            "frist": iso(self.frist) if self.frist else None,
            "virkedager_igjen": self.virkedager_igjen,
            "forfalt": self.forfalt,
            "mote": self.mote,
            "motedato": iso(self.motedato) if self.motedato else None,
            "regel": self.regel,
            "hjemmel": self.hjemmel,
        }


def virkedager_til(at: dt.date, frist: dt.date) -> int:
    """Working days from `at` to `frist`: 0 on the day, negative once it has passed (-1 also
    on the weekend after a Friday deadline: it has passed, though no working day has)."""
    if frist >= at:
        return virkedager_mellom(at, frist)
    return -max(1, virkedager_mellom(frist, at))


class _Liste:
    """Collects the tasks of one agreement on `at` with the names a clerk reads."""

    def __init__(self, k: Kontekst, tittel: str):
        self.k = k
        self.tittel = tittel
        self.ut: list[Oppgave] = []

    def legg_til(
        self,
        kommune: str | None,
        art: str,
        tekst: str,
        frist: dt.date | None,
        mote: Mote | None = None,
    ) -> None:
        assert self.k.avtale is not None
        self.ut.append(
            Oppgave(
                avtale=self.k.avtale.id,
                tittel=self.tittel,
                kommune=kommune,
                kommunenavn=self.k.kommunenavn(kommune) if kommune else "alle parter",
                art=art,
                tekst=tekst,
                frist=frist,
                virkedager_igjen=virkedager_til(self.k.at, frist) if frist else None,
                mote=mote.id if mote else None,
                motedato=mote.dato if mote else None,
                regel=REGEL[art],
                hjemmel=hjemmel_tekst(REGEL[art]),
            )
        )

    def organ(self, nr: str, m: Mote) -> str:
        return m.organnavn or self.k.organnavn(nr, m.organ)


def _har_vedtak(prosess: Prosess, at: dt.date, nr: str, m: Mote) -> bool:
    """A decision (any outcome) of `nr` is recorded for meeting `m`, or a later one of the same
    body: then nothing is missing from `m`."""
    return any(
        v.kommune == nr and (v.mote == m.id or (v.organ == m.organ and v.motedato > m.dato))
        for _, v in fakta.effektive_vedtak(prosess, at)
    )


def _har_saksframlegg(prosess: Prosess, nr: str, m: Mote, h: str) -> bool:
    return any(
        s.kommune == nr and s.mote == m.id and s.avtale_hash == h for s in prosess.saksframlegg
    )


def _behandling(liste: _Liste, nr: str, versjon: int) -> None:
    """A body of `nr` must still decide (`fakta.ma_behandle`): a held meeting without a recorded
    decision, the saksframlegg for the next meeting of each body, or no meeting at all."""
    k, p, at = liste.k, liste.k.prosess, liste.k.at
    assert k.tekst is not None
    kommende: dict[str, Mote] = {}
    mangler = False
    for _, m in frister.behandlende_moter(p, nr):
        if m.dato < at:
            if not _har_vedtak(p, at, nr, m):
                mangler = True
                hva = "vedtaket" if m.behandling == "vedtak" else "innstillingen"
                liste.legg_til(
                    nr,
                    "vedtak_mangler",
                    f"{liste.organ(nr, m)} behandlet avtalen {iso(m.dato)}, men {hva} er ikke "
                    "registrert",
                    m.dato,
                    m,
                )
        else:
            kommende.setdefault(m.organ, m)
    for m in kommende.values():
        if _har_saksframlegg(p, nr, m, k.hash or ""):
            liste.legg_til(
                nr,
                "behandling",
                f"{liste.organ(nr, m)} behandler versjon {versjon} {iso(m.dato)}; registrer "
                + ("vedtaket" if m.behandling == "vedtak" else "innstillingen")
                + " etter møtet",
                m.dato,
                m,
            )
        else:
            liste.legg_til(
                nr,
                "saksframlegg",
                f"Saksframlegg til {liste.organ(nr, m)} {iso(m.dato)}",
                frister.saksframlegg_frist(p, m, nr),
                m,
            )
    _, uten = frister.tidligste_vedtak(k.tekst, p, at)
    if nr in uten and not mangler and not any(m.behandling == "vedtak" for m in kommende.values()):
        liste.legg_til(
            nr,
            "mote_mangler",
            f"Ingen kommende møte der {k.organnavn(nr, fakta.vedtaksorgan(nr))} kan vedta "
            f"versjon {versjon}; sett saken opp i møteplanen",
            None,
        )


def _etter_vedtak(liste: _Liste, vf: fakta.Versjonsfakta) -> None:
    """Adopted by all: signatures, the vertskommune steps and the date of entry into force."""
    k = liste.k
    assert k.avtale is not None
    versjon = k.avtale.versjon
    for nr in k.deltakere:
        if nr not in vf.signaturer:
            liste.legg_til(
                nr,
                "signatur",
                f"Signer versjon {versjon}"
                + (" før ikrafttredelsen" if vf.ikraft is not None else ""),
                vf.ikraft,
            )
    for nr in fakta.delegering_mangler(k.avtale, k.prosess, k.at):
        liste.legg_til(
            nr,
            "delegering",
            f"{k.organnavn(nr, fakta.delegeringsorgan(nr))} må vedta delegeringen til vertskommunen",
            vf.ikraft,
        )
    vert = getattr(k.avtale, "vertskommune", None)
    if k.type in VERTSKOMMUNETYPER and vert and not fakta.melding_sendt(k.prosess, k.at):
        liste.legg_til(
            vert,
            "melding",
            f"Send melding til {fakta.meldingsmottaker(vert)} om at samarbeidet er inngått",
            None,
        )
    if vf.signert is not None and vf.ikraft is None:
        liste.legg_til(None, "ikrafttredelse", "Fastsett datoen avtalen trer i kraft", None)


def oppgaver(
    avtale: Avtale, prosess: Prosess, at: dt.date, *, avtale_hash: str | None = None
) -> list[Oppgave]:
    """Every task of every party on `at`, deadlines first (overdue at the top), then those
    without a deadline. Records dated after `at` are not facts yet; an ended agreement has none."""
    prosess = fakta.kjent_per(prosess, at)
    if fakta.forste_opphor(prosess, at) is not None:
        return []
    k = Kontekst(avtale, prosess, at, avtale_hash)
    assert k.tekst is not None
    liste = _Liste(k, avtale.tittel)
    vf = fakta.versjonsfakta(k.tekst, prosess, at)
    ma = fakta.ma_behandle(k.tekst, prosess, at)
    ny = bool(fakta.avvik(k.tekst, prosess, at))
    versjon = avtale.versjon + 1 if ny else avtale.versjon
    if ny:
        liste.legg_til(
            None,
            "ny_versjon",
            f"Lag versjon {versjon} av avtalen med endringene innarbeidet; alle må vedta den",
            None,
        )
    besluttende = {b.kommune for b in ma if b.grunn != "innstilling"}
    droft = set(k.drofting_kommuner())
    for nr in k.deltakere:
        if nr not in besluttende:
            continue
        d = frister.drofting_frist(prosess, nr)
        if nr in droft and not k.gjennomfort_drofting(nr):
            liste.legg_til(
                nr,
                "drofting",
                "Drøft avtalen med de tillitsvalgte og før protokoll"
                + (
                    f" før første politiske behandling ({liste.organ(nr, d.mote)} {iso(d.mote.dato)})"
                    if d
                    else ""
                ),
                d.frist if d else None,
                d.mote if d else None,
            )
        _behandling(liste, nr, versjon)
    if vf.vedtatt is not None and not ny:
        _etter_vedtak(liste, vf)
    return sorteres(liste.ut)


def sorteres(liste: Iterable[Oppgave]) -> list[Oppgave]:
    """By deadline (none last), then municipality (tasks for all parties last) and agreement."""
    return sorted(
        liste,
        key=lambda o: (
            o.frist is None,
            o.frist or dt.date.max,
            o.kommune is None,
            o.kommune or "",
            o.avtale,
        ),
    )


@dataclass
class Oppgaveliste:
    """The tasks of every agreement under a folder, and the agreements that could not be read."""

    at: dt.date
    oppgaver: list[Oppgave] = field(default_factory=list)
    avtaler: list[str] = field(default_factory=list)
    """The agreements listed (those the municipality takes part in, with `kommune`)."""
    feil: list[tuple[str, list[Finding]]] = field(default_factory=list)

    def for_kommune(self, kommune: str) -> list[Oppgave]:
        return [o for o in self.oppgaver if o.gjelder(kommune)]

    def kommuner(self) -> list[str]:
        """Every municipality with a task of its own, by number."""
        return sorted({o.kommune for o in self.oppgaver if o.kommune})


def avtalemapper(rot: Path) -> list[Path]:
    """The agreement folders under `rot` (those with an avtale.yaml), by id."""
    return (
        sorted(p for p in rot.iterdir() if (p / AGREEMENT_FILE).is_file()) if rot.is_dir() else []
    )


def oppgaver_i_mappe(rot: Path, at: dt.date, *, kommune: str | None = None) -> Oppgaveliste:
    """The task list of every agreement under `rot` on `at` (for one municipality with
    `kommune`: its own tasks and those for every party, of the agreements it takes part in).
    An agreement whose files have errors is reported in `feil` with its findings; the others
    are listed all the same."""
    ut = Oppgaveliste(at)
    for mappe in avtalemapper(rot):
        try:
            avtale, prosess = load_process_for(mappe)
        except (ProcessInvalid, AgreementInvalid) as exc:
            ut.feil.append((mappe.name, list(exc.findings)))
            continue
        if kommune is not None and kommune not in {d.kommunenummer for d in avtale.deltakere}:
            continue
        ut.avtaler.append(avtale.id)
        liste = oppgaver(avtale, prosess, at)
        ut.oppgaver += [o for o in liste if kommune is None or o.gjelder(kommune)]
    ut.oppgaver = sorteres(ut.oppgaver)
    return ut
