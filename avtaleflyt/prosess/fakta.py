"""The legal facts of an agreement: one place that says which decision counts and what follows.

Every consumer (the status, the process rules, the archive planner, the calendar export, the
flows' advance step, the register, the demo) asks this module and keeps no copy of its rules:

- which body may adopt the agreement: for the forms in `KOMMUNESTYRET_SELV` only the participant's
  own highest body (`vedtaksorgan`: kommunestyret for a kommune, fylkestinget for a fylkeskommune,
  the representantskap for an IKS that is a participant in an IKS; the law's paragraph beside each
  form); a samarbeidsavtale may be adopted by any body of the participant;
- which decision counts (`siste_vedtak`): per municipality and text, its latest deciding
  decision by a body that may decide, after records that a later record corrects (`korrigerer`)
  are left out;
- per text version (`versjonsfakta`): adopted by all and on which date (the last adoption),
  signed by all and on which date (the last signature, never before the adoption), the date of
  entry into force (the `ikrafttredelse` record for the text's avtale-hash, else the version's own
  `ikrafttredelse.dato`) and the date it was first adopted «med endringer»;
- per agreement (`avtalefakta`): which version was in force from when to when (a later version
  in force or the first `opphor` ends it) and which is in force on a date;
- who must decide (again) after a decision on another text or «vedtatt med endringer», the
  preparing bodies with an innstilling on another text included (`ma_behandle`).

What is due next (meetings, saksframlegg and drøfting deadlines) is in `avtaleflyt.prosess.frister`.
Records dated after `at` are not facts. Pure functions over the records: no clock, no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

# The vertskommune steps' facts live beside this module; every consumer asks `fakta` for them.
from avtaleflyt.prosess.fakta_vertskommune import delegering_kreves_for as delegering_kreves_for
from avtaleflyt.prosess.fakta_vertskommune import delegering_mangler as delegering_mangler
from avtaleflyt.prosess.fakta_vertskommune import melding_sendt as melding_sendt
from avtaleflyt.prosess.fakta_vertskommune import meldingsmottaker as meldingsmottaker
from schemas.avtale import Avtale
from schemas.felles import deltakerart
from schemas.prosess import Opphor, Prosess, Signatur, Vedtak
from schemas.regler import Hjemmel

ADOPTING = ("vedtatt", "vedtatt_med_endringer")
"""Outcomes that adopt a text (with or without changes)."""
DECIDING = ("vedtatt", "vedtatt_med_endringer", "ikke_vedtatt")
"""Outcomes that decide the case; `utsatt` and `innstilling` do not."""

KOMMUNESTYRET_SELV: dict[str, Hjemmel] = {
    "interkommunalt_politisk_rad": Hjemmel(lov="kommuneloven", paragraf="18-4", ledd="annet"),
    "kommunalt_oppgavefellesskap": Hjemmel(lov="kommuneloven", paragraf="19-4", ledd="annet"),
    "vertskommune": Hjemmel(lov="kommuneloven", paragraf="20-4", ledd="annet"),
    "vertskommune_nemnd": Hjemmel(lov="kommuneloven", paragraf="20-4", ledd="annet"),
    "iks": Hjemmel(lov="IKS-loven", paragraf="4", ledd="første"),
}
"""The forms the law says kommunestyret or fylkestinget selv must adopt (for an IKS participant in
an IKS: its representantskap), with the paragraph. Any other form (a samarbeidsavtale) may be
adopted by the body the participant's delegation names."""

VEDTAKSORGAN: dict[str, str] = {
    "kommune": "kommunestyre",
    "fylkeskommune": "fylkesting",
    "iks": "representantskap",
}
"""The body that adopts for a participant of each kind where the law reserves adoption to it.
Kommunestyret and fylkestinget are the highest bodies (kl. § 5-3 første ledd), and the forms'
paragraphs name «kommunestyret eller fylkestinget selv» (IKS-loven § 4 første ledd, read on
Lovdata). An IKS that takes part in another IKS adopts through its representantskap, with every
member's support unless its own selskapsavtale says otherwise (IKS-loven § 4 første ledd)."""


def vedtaksorgan(deltaker: str) -> str:
    """The body that adopts for this participant (by its number's kind) where the law reserves
    adoption; a malformed number is read as a kommune."""
    return VEDTAKSORGAN[deltakerart(deltaker) or "kommune"]


def mangler_tilslutning(v: Vedtak) -> bool:
    """An IKS participant's representantskap adopted without the support of every member, as its
    recorded vote shows (IKS-loven § 4 første ledd: all members unless that company's own
    selskapsavtale says otherwise). An unrecorded vote is unknown, not a breach."""
    stemmer = v.votering
    return (
        deltakerart(v.kommune) == "iks"
        and v.organ == VEDTAKSORGAN["iks"]
        and v.utfall in ADOPTING
        and stemmer is not None
        and not stemmer.enstemmig
        and bool(stemmer.mot or stemmer.avholdende)
    )


def kun_kommunestyret(avtaletype: str | None) -> bool:
    """Must each participant's highest body itself adopt an agreement of this form?"""
    return avtaletype in KOMMUNESTYRET_SELV


def hjemmel_kommunestyret_selv(avtaletype: str | None) -> str | None:
    """The paragraph that reserves adoption to the highest body, as text, or None."""
    hjemmel = KOMMUNESTYRET_SELV.get(avtaletype or "")
    return str(hjemmel) if hjemmel is not None else None


def kan_vedta(avtaletype: str | None, organ: str, deltaker: str) -> bool:
    """Can this body's decision adopt an agreement of this form for this participant?"""
    return organ == vedtaksorgan(deltaker) or not kun_kommunestyret(avtaletype)


def delegeringsorgan(deltaker: str) -> str:
    """Who delegates in a vertskommune cooperation: kommunestyret selv (kl. § 20-2 annet ledd,
    § 20-3 annet ledd), for a fylkeskommune fylkestinget selv (the same paragraphs apply to
    fylkeskommuner, § 20-2 første ledd)."""
    return vedtaksorgan(deltaker)


# --------------------------------------------------------------------------- texts


@dataclass(frozen=True)
class Tekst:
    """One version of the agreement text, as far as the facts need it."""

    versjon: int
    avtale_hash: str
    type: str | None
    deltakere: tuple[str, ...]
    ikrafttredelse: dt.date | None = None
    """The version's own planned entry into force (`ikrafttredelse.dato` in avtale.yaml)."""


def tekst_av(avtale: Avtale, avtale_hash: str) -> Tekst:
    """The facts' view of an agreement text whose avtale-hash the caller computed."""
    return Tekst(
        avtale.versjon,
        avtale_hash,
        avtale.type,
        tuple(d.kommunenummer for d in avtale.deltakere),
        avtale.ikrafttredelse.dato if avtale.ikrafttredelse is not None else None,
    )


def tekster_fra_vedtak(gjeldende: Tekst, prosess: Prosess, at: dt.date) -> list[Tekst]:
    """Older versions known only from the adoptions in the records (their text is not at hand):
    same form and participants as `gjeldende`, entry into force only from the records."""
    funnet: dict[tuple[int, str], Tekst] = {}
    for _, v in effektive_vedtak(prosess, at):
        if v.utfall == "vedtatt" and v.versjon < gjeldende.versjon:
            funnet.setdefault(
                (v.versjon, v.avtale_hash),
                Tekst(v.versjon, v.avtale_hash, gjeldende.type, gjeldende.deltakere),
            )
    return [funnet[k] for k in sorted(funnet)]


# --------------------------------------------------------------------------- records that count


def kjent_per(prosess: Prosess, at: dt.date, *, planer: bool = True) -> Prosess:
    """The records that were facts on `at`: events dated later are left out. The calendar stays;
    planned entry into force and termination stay too unless `planer=False` (an archive event
    holds only what was dated by its legal date, so it has the same bytes whenever it is made)."""
    oppdater: dict[str, list] = {
        "drofting": [d for d in prosess.drofting if d.dato <= at],
        "saksframlegg": [s for s in prosess.saksframlegg if s.dato <= at],
        "vedtak": [v for v in prosess.vedtak if v.motedato <= at],
        "signaturer": [s for s in prosess.signaturer if s.dato <= at],
        "delegering": [d for d in prosess.delegering if d.dato <= at],
        "melding_statsforvalter": [m for m in prosess.melding_statsforvalter if m.dato <= at],
    }
    if not planer:
        oppdater["ikrafttredelse"] = [r for r in prosess.ikrafttredelse if r.dato <= at]
        oppdater["opphor"] = [o for o in prosess.opphor if o.dato <= at]
    return prosess.model_copy(update=oppdater)


def effektive_vedtak(prosess: Prosess, at: dt.date) -> list[tuple[int, Vedtak]]:
    """Decisions up to `at` (with their index in the records), without those a later record
    corrects (`korrigerer`)."""
    korrigert = {v.korrigerer for v in prosess.vedtak if v.korrigerer and v.motedato <= at}
    return [
        (i, v) for i, v in enumerate(prosess.vedtak) if v.motedato <= at and v.id not in korrigert
    ]


def effektive_signaturer(prosess: Prosess, at: dt.date) -> list[tuple[int, Signatur]]:
    """Signatures up to `at`, without those a later record corrects."""
    korrigert = {s.korrigerer for s in prosess.signaturer if s.korrigerer and s.dato <= at}
    return [
        (i, s) for i, s in enumerate(prosess.signaturer) if s.dato <= at and s.id not in korrigert
    ]


def siste_vedtak(
    prosess: Prosess,
    at: dt.date,
    avtaletype: str | None,
    *,
    avtale_hash: str | None = None,
    versjon: int | None = None,
) -> dict[str, tuple[int, Vedtak]]:
    """Each municipality's deciding decision that counts on a text (by avtale-hash, or by version
    number when `versjon` is given): its latest, by a body that may adopt this form."""
    siste: dict[str, tuple[int, Vedtak]] = {}
    for i, v in effektive_vedtak(prosess, at):
        treff = v.versjon == versjon if versjon is not None else v.avtale_hash == avtale_hash
        if not (treff and v.utfall in DECIDING and kan_vedta(avtaletype, v.organ, v.kommune)):
            continue
        if v.kommune not in siste or v.motedato >= siste[v.kommune][1].motedato:
            siste[v.kommune] = (i, v)
    return siste


def vedtatt_av(
    prosess: Prosess, at: dt.date, avtaletype: str | None, kommune: str, avtale_hash: str
) -> Vedtak | None:
    """The adopting decision of `kommune` on this exact text, if the decision that counts adopts it."""
    v = siste_vedtak(prosess, at, avtaletype, avtale_hash=avtale_hash).get(kommune)
    return v[1] if v is not None and v[1].utfall == "vedtatt" else None


def signatur_av(prosess: Prosess, at: dt.date, kommune: str, avtale_hash: str) -> Signatur | None:
    """The signature of `kommune` on this exact text that counts (the first one not corrected)."""
    for _, s in effektive_signaturer(prosess, at):
        if s.kommune == kommune and s.avtale_hash == avtale_hash:
            return s
    return None


# --------------------------------------------------------------------------- one text version


@dataclass(frozen=True)
class Versjonsfakta:
    """The facts of one text version on `at`."""

    tekst: Tekst
    vedtak: Mapping[str, Vedtak]
    """Each participant's decision that counts on this text (adopting or not)."""
    vedtatt: dt.date | None
    """Adopted by every participant: the date of the last adoption."""
    signaturer: Mapping[str, Signatur]
    """Each participant's signature on this text that counts."""
    signert: dt.date | None
    """Adopted and signed by every participant: the last signature (not before the adoption)."""
    ikraft: dt.date | None
    """The date this text enters into force, when fixed (record, else the version's own date)."""
    endret: dt.date | None
    """The first date a body that may decide adopted this text «med endringer»."""

    def vedtatt_av(self, kommune: str) -> Vedtak | None:
        v = self.vedtak.get(kommune)
        return v if v is not None and v.utfall == "vedtatt" else None


def ikraft_dato(tekst: Tekst, prosess: Prosess) -> dt.date | None:
    """Entry into force of this text: the latest `ikrafttredelse` record for its avtale-hash
    (records are plans and count before their date), else the version's own date."""
    datoer = [r.dato for r in prosess.ikrafttredelse if r.avtale_hash == tekst.avtale_hash]
    return max(datoer) if datoer else tekst.ikrafttredelse


def versjonsfakta(tekst: Tekst, prosess: Prosess, at: dt.date) -> Versjonsfakta:
    """Adopted, signed and entry into force of one text on `at`."""
    siste = siste_vedtak(prosess, at, tekst.type, avtale_hash=tekst.avtale_hash)
    vedtak = {nr: siste[nr][1] for nr in tekst.deltakere if nr in siste}
    alle = bool(tekst.deltakere) and all(
        nr in vedtak and vedtak[nr].utfall == "vedtatt" for nr in tekst.deltakere
    )
    vedtatt = max(v.motedato for v in vedtak.values()) if alle else None
    signaturer: dict[str, Signatur] = {}
    for _, s in effektive_signaturer(prosess, at):
        if s.avtale_hash == tekst.avtale_hash and s.kommune in tekst.deltakere:
            signaturer.setdefault(s.kommune, s)
    signert = None
    if vedtatt is not None and all(nr in signaturer for nr in tekst.deltakere):
        signert = max([vedtatt, *(s.dato for s in signaturer.values())])
    endret = [
        v.motedato
        for _, v in effektive_vedtak(prosess, at)
        if v.avtale_hash == tekst.avtale_hash
        and v.utfall == "vedtatt_med_endringer"
        and v.kommune in tekst.deltakere
        and kan_vedta(tekst.type, v.organ, v.kommune)
    ]
    return Versjonsfakta(
        tekst,
        vedtak,
        vedtatt,
        signaturer,
        signert,
        ikraft_dato(tekst, prosess),
        min(endret) if endret else None,
    )


# --------------------------------------------------------------------------- the agreement


@dataclass(frozen=True)
class Periode:
    """When a version was in force: from its entry into force to the day a later version entered
    into force or the agreement ended (`til` is that day, not the last day in force)."""

    fra: dt.date
    til: dt.date | None = None


@dataclass(frozen=True)
class Avtalefakta:
    """The facts of every known text version of one agreement on `at`."""

    at: dt.date
    versjoner: dict[int, Versjonsfakta]
    i_kraft: dict[int, Periode] = field(default_factory=dict)
    """Versions that entered into force by `at` (adopted and signed by all, before any opphør)."""
    opphor: Opphor | None = None
    """The first termination dated on or before `at`."""

    def gjeldende(self, dato: dt.date | None = None, *, unntatt: int | None = None) -> int | None:
        """The version in force on `dato` (default `at`): the last to enter into force by then."""
        dato = self.at if dato is None else dato
        if self.opphor is not None and dato >= self.opphor.dato:
            return None
        kandidater = [(p.fra, v) for v, p in self.i_kraft.items() if p.fra <= dato and v != unntatt]
        return max(kandidater)[1] if kandidater else None

    def vedtatte(self) -> list[int]:
        """Versions every participant adopted, in order."""
        return sorted(v for v, f in self.versjoner.items() if f.vedtatt is not None)


def forste_opphor(prosess: Prosess, at: dt.date) -> Opphor | None:
    """The termination that ended the agreement, if dated on or before `at`."""
    opphor = sorted((o for o in prosess.opphor if o.dato <= at), key=lambda o: o.dato)
    return opphor[0] if opphor else None


def avtalefakta(tekster: Iterable[Tekst], prosess: Prosess, at: dt.date) -> Avtalefakta:
    """The facts of these text versions (one per version number) on `at`."""
    versjoner = {
        t.versjon: versjonsfakta(t, prosess, at) for t in sorted(tekster, key=lambda t: t.versjon)
    }
    opphor = forste_opphor(prosess, at)
    slutt = opphor.dato if opphor is not None else None
    fra = sorted(
        (f.ikraft, v)
        for v, f in versjoner.items()
        if f.signert and f.ikraft and f.ikraft <= at and (slutt is None or f.ikraft < slutt)
    )
    i_kraft: dict[int, Periode] = {}
    for n, (dato, v) in enumerate(fra):
        neste = fra[n + 1][0] if n + 1 < len(fra) else slutt
        i_kraft[v] = Periode(dato, neste)
    return Avtalefakta(at, versjoner, i_kraft, opphor)


# --------------------------------------------------------------------------- deciding again


def avvik(tekst: Tekst, prosess: Prosess, at: dt.date) -> list[tuple[int, Vedtak]]:
    """Decisions that count on this version number but do not adopt its exact text: adopted
    «med endringer», or adopted on another avtale-hash. A new version is needed then."""
    siste = siste_vedtak(prosess, at, tekst.type, versjon=tekst.versjon)
    return sorted(
        (i, v)
        for i, v in siste.values()
        if v.utfall == "vedtatt_med_endringer"
        or (v.utfall == "vedtatt" and v.avtale_hash != tekst.avtale_hash)
    )


@dataclass(frozen=True)
class Nybehandling:
    """A body that must (again) decide the text: `grunn` is `med_endringer` (it adopted the
    version with changes), `tidligere_vedtak` (it adopted an earlier text), `ikke_vedtatt` (it has
    not adopted this text) or `innstilling` (a preparing body recommended another text)."""

    kommune: str
    organ: str
    grunn: str
    versjon: int
    """The version to decide: the next one when a new version is needed."""
    tidligere: Vedtak | None = None
    """The decision the reason refers to."""


def ma_behandle(tekst: Tekst, prosess: Prosess, at: dt.date) -> list[Nybehandling]:
    """Every participant's deciding body that has not adopted the current text (all of them when a
    new version is needed), each followed by its preparing bodies whose innstilling was on
    another text."""
    avvikende = {v.kommune: v for _, v in avvik(tekst, prosess, at)}
    ny = bool(avvikende)
    versjon = tekst.versjon + 1 if ny else tekst.versjon
    effektive = [v for _, v in effektive_vedtak(prosess, at)]
    ut: list[Nybehandling] = []
    for nr in tekst.deltakere:
        if not ny and vedtatt_av(prosess, at, tekst.type, nr, tekst.avtale_hash):
            continue
        tidligere = [
            v
            for v in effektive
            if v.kommune == nr and v.utfall in ADOPTING and kan_vedta(tekst.type, v.organ, nr)
        ]
        organ = vedtaksorgan(nr)
        if nr in avvikende and avvikende[nr].utfall == "vedtatt_med_endringer":
            ut.append(Nybehandling(nr, organ, "med_endringer", versjon, avvikende[nr]))
        elif tidligere:
            siste = max(tidligere, key=lambda v: v.motedato)
            ut.append(Nybehandling(nr, organ, "tidligere_vedtak", versjon, siste))
        else:
            ut.append(Nybehandling(nr, organ, "ikke_vedtatt", versjon))
        ut += _innstillinger(nr, effektive, tekst, versjon, ny)
    return ut


def _innstillinger(
    nr: str, effektive: Sequence[Vedtak], tekst: Tekst, versjon: int, ny: bool
) -> list[Nybehandling]:
    """Preparing bodies (formannskap, hovedutvalg …) whose latest innstilling was on another text."""
    siste: dict[str, Vedtak] = {}
    for v in effektive:
        if v.kommune != nr or v.utfall != "innstilling" or v.organ == vedtaksorgan(nr):
            continue
        if v.organ not in siste or v.motedato >= siste[v.organ].motedato:
            siste[v.organ] = v
    return [
        Nybehandling(nr, organ, "innstilling", versjon, v)
        for organ, v in siste.items()
        if ny or v.avtale_hash != tekst.avtale_hash
    ]
