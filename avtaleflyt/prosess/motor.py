"""The process engine: rules over the records, and the state derived from them on a given date.

`sjekk(prosess, avtale, at)` returns every rule broken, each at a field path in prosess.yaml.
`status(avtale, prosess, at)` derives where the agreement stands. Nothing is stored; nothing reads
the clock; records dated after `at` are not yet facts and are left out of the state.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from avtaleflyt.prosess.hashing import avtale_hash
from avtaleflyt.prosess.kalender import frist_for, trekk_virkedager, virkedager_mellom
from avtaleflyt.prosess.regler import HJEMMEL_KOMMUNESTYRET_SELV, REGLER, Regel
from schemas.avtale import Avtale
from schemas.prosess import (
    ORGAN_NAVN,
    TEMA_16_5,
    UTFALL_NAVN,
    Mote,
    Prosess,
    Vedtak,
)

Sti = tuple[str | int, ...]

ADOPTING = ("vedtatt", "vedtatt_med_endringer")
DECIDING = ("vedtatt", "vedtatt_med_endringer", "ikke_vedtatt")
POLITISK_BEHANDLING = ("innstilling", "vedtak")
VERTSKOMMUNE_TYPER = ("vertskommune", "vertskommune_nemnd")

TILSTANDER: dict[str, str] = {
    "utkast": "utkast",
    "drofting": "drøfting med tillitsvalgte pågår",
    "klar_til_politisk_behandling": "klar til politisk behandling",
    "til_behandling": "til politisk behandling",
    "vedtatt": "vedtatt i alle kommunestyrer",
    "signert": "signert av alle parter",
    "i_kraft": "i kraft",
    "endret": "endret: ny versjon må behandles",
    "opphort": "opphørt",
}


@dataclass(frozen=True, slots=True)
class Brudd:
    """One rule broken at one place in the process data."""

    regel: Regel
    sti: Sti
    melding: str
    hjemmel: str | None = None

    @property
    def alvorlighet(self) -> str:
        return self.regel.alvorlighet

    @property
    def lovgrunnlag(self) -> str:
        return self.hjemmel or self.regel.hjemmel


def _brudd(regel_id: str, sti: Sti, melding: str, hjemmel: str | None = None) -> Brudd:
    return Brudd(REGLER[regel_id], sti, melding, hjemmel)


# --------------------------------------------------------------------------- context


class _Kontekst:
    """Lookups shared by the rules and the state."""

    def __init__(self, avtale: Avtale | None, prosess: Prosess, at: dt.date):
        self.avtale = avtale
        self.prosess = prosess
        self.at = at
        self.hash = avtale_hash(avtale) if avtale is not None else None
        self.deltakere = [d.kommunenummer for d in avtale.deltakere] if avtale is not None else []
        self.navn = {d.kommunenummer: d.navn for d in avtale.deltakere} if avtale is not None else {}
        self.moter: dict[str, tuple[int, Mote]] = {}
        for i, m in enumerate(prosess.moter):
            self.moter.setdefault(m.id, (i, m))
        self.type = avtale.type if avtale is not None else None

    def kommunenavn(self, nr: str) -> str:
        navn = self.navn.get(nr)
        if navn is None:
            return f"kommune {nr}"
        return navn if navn.lower().endswith("kommune") else f"{navn} kommune"

    def organnavn(self, nr: str, organ: str) -> str:
        navn = self.kommunenavn(nr)
        if navn.lower().endswith(" kommune"):
            navn = navn[: -len(" kommune")]
        return f"{navn} {ORGAN_NAVN.get(organ, organ)}"

    @property
    def krever_kommunestyret(self) -> bool:
        return self.type in HJEMMEL_KOMMUNESTYRET_SELV

    @property
    def hjemmel_ks(self) -> str | None:
        return HJEMMEL_KOMMUNESTYRET_SELV.get(self.type or "")

    def vedtaksorgan(self, organ: str) -> bool:
        """Can a decision of this body adopt the agreement?"""
        return organ == "kommunestyre" or not self.krever_kommunestyret

    def effektive_vedtak(self) -> list[tuple[int, Vedtak]]:
        """Decisions up to `at`, without those a later record corrects."""
        korrigert = {v.korrigerer for v in self.prosess.vedtak if v.korrigerer and v.motedato <= self.at}
        return [
            (i, v) for i, v in enumerate(self.prosess.vedtak)
            if v.motedato <= self.at and v.id not in korrigert
        ]

    def vedtatt(self, kommune: str, h: str) -> Vedtak | None:
        """The adopting decision of `kommune` on text `h`, if its latest decision on it adopts it."""
        siste: Vedtak | None = None
        for _, v in self.effektive_vedtak():
            if v.kommune == kommune and v.avtale_hash == h and v.utfall in DECIDING and self.vedtaksorgan(v.organ):
                if siste is None or v.motedato >= siste.motedato:
                    siste = v
        return siste if siste is not None and siste.utfall == "vedtatt" else None

    def alle_vedtatt(self, h: str | None) -> bool:
        return bool(h) and bool(self.deltakere) and all(self.vedtatt(k, h) for k in self.deltakere)

    def effektive_signaturer(self):
        korrigert = {s.korrigerer for s in self.prosess.signaturer if s.korrigerer and s.dato <= self.at}
        return [
            (i, s) for i, s in enumerate(self.prosess.signaturer)
            if s.dato <= self.at and s.id not in korrigert
        ]

    def signert(self, kommune: str, h: str):
        for _, s in self.effektive_signaturer():
            if s.kommune == kommune and s.avtale_hash == h:
                return s
        return None

    def avvikende_vedtak(self) -> list[tuple[int, Vedtak]]:
        """Adopting decisions on the current version that do not adopt its exact text."""
        if self.avtale is None:
            return []
        siste: dict[str, tuple[int, Vedtak]] = {}
        for i, v in self.effektive_vedtak():
            if v.versjon != self.avtale.versjon or not self.vedtaksorgan(v.organ) or v.utfall not in DECIDING:
                continue
            if v.kommune not in siste or v.motedato >= siste[v.kommune][1].motedato:
                siste[v.kommune] = (i, v)
        return sorted(
            (i, v) for i, v in siste.values()
            if v.utfall == "vedtatt_med_endringer" or (v.utfall == "vedtatt" and v.avtale_hash != self.hash)
        )

    def behandlende_moter(self, kommune: str) -> list[tuple[int, Mote]]:
        """Meetings that treat the case politically (innstilling or vedtak) for `kommune`, by date."""
        found = [
            (i, m) for i, m in enumerate(self.prosess.moter)
            if not m.avlyst and m.behandling in POLITISK_BEHANDLING and kommune in m.kommuner
        ]
        return sorted(found, key=lambda im: (im[1].dato, im[1].klokkeslett or dt.time(0)))

    def drofting_kommuner(self) -> list[str]:
        krav = self.prosess.innstillinger.drofting_kreves_for
        if krav is None:
            return list(self.deltakere)
        return list(krav)

    def gjennomfort_drofting(self, kommune: str, for_dato: dt.date | None = None):
        """Completed drøftingsmøter (with protocol) for `kommune` up to `at`, before `for_dato`."""
        return [
            d for d in self.prosess.drofting
            if kommune in d.kommuner and d.protokoll and d.dato <= self.at
            and (for_dato is None or d.dato < for_dato)
        ]

    def saksframlegg_frist(self, mote: Mote, kommune: str) -> dt.date:
        inn = self.prosess.innstillinger
        dager, fristtype = inn.saksframlegg_frist_dager, inn.saksframlegg_frist_type
        for k in inn.kommuner:
            if k.kommune == kommune:
                dager, fristtype = k.saksframlegg_frist_dager, k.saksframlegg_frist_type
        return frist_for(mote.dato, dager, fristtype)

    def delegering_kreves_for(self) -> list[str]:
        if self.type == "vertskommune":
            vert = getattr(self.avtale, "vertskommune", None)
            return [k for k in self.deltakere if k != vert]
        if self.type == "vertskommune_nemnd":
            return list(self.deltakere)
        return []


def _kort(h: str) -> str:
    return h[:12] + "…"


def _dato(d: dt.date) -> str:
    return d.isoformat()


# --------------------------------------------------------------------------- rules


def sjekk(prosess: Prosess, avtale: Avtale | None, at: dt.date) -> list[Brudd]:
    """Every process rule broken on date `at`. Rules that need the agreement skip without it."""
    k = _Kontekst(avtale, prosess, at)
    brudd: list[Brudd] = []
    brudd += _sjekk_id(k)
    brudd += _sjekk_moter(k)
    brudd += _sjekk_drofting(k)
    brudd += _sjekk_saksframlegg(k)
    brudd += _sjekk_vedtak(k)
    brudd += _sjekk_signaturer(k)
    brudd += _sjekk_vertskommune(k)
    brudd += _sjekk_ikraft(k)
    return brudd


_LISTER = (
    "moter", "drofting", "saksframlegg", "vedtak", "signaturer", "delegering",
    "melding_statsforvalter", "ikrafttredelse", "opphor",
)


def _sjekk_id(k: _Kontekst) -> list[Brudd]:
    out = []
    if k.avtale is not None and k.prosess.avtale != k.avtale.id:
        out.append(_brudd(
            "PROSESS-ID", ("avtale",),
            f"prosessen gjelder «{k.prosess.avtale}», men avtalen i samme mappe har id «{k.avtale.id}»",
        ))
    seen: dict[str, str] = {}
    for liste in _LISTER:
        for i, post in enumerate(getattr(k.prosess, liste)):
            if post.id in seen:
                out.append(_brudd(
                    "PROSESS-ID", (liste, i, "id"),
                    f"id «{post.id}» er allerede brukt ({seen[post.id]}); hver post trenger en egen id",
                ))
            else:
                seen[post.id] = f"{liste}.{i}"
    return out


def _sjekk_deltaker(k: _Kontekst, kommune: str, sti: Sti, hva: str) -> list[Brudd]:
    if k.avtale is None or kommune in k.deltakere:
        return []
    return [_brudd(
        "PROSESS-DELTAKER", sti,
        f"{hva}: kommune {kommune} er ikke deltaker i avtalen (deltakere: {', '.join(k.deltakere)})",
    )]


def _sjekk_fremtid(k: _Kontekst, dato: dt.date, sti: Sti, hva: str) -> list[Brudd]:
    if dato <= k.at:
        return []
    return [_brudd(
        "PROSESS-DATO-FREMTID", sti,
        f"{hva} er datert {_dato(dato)}, som er etter dagens dato {_dato(k.at)}; "
        "registrer det når det har skjedd",
    )]


def _sjekk_moter(k: _Kontekst) -> list[Brudd]:
    out = []
    for i, m in enumerate(k.prosess.moter):
        for j, nr in enumerate(m.kommuner):
            out += _sjekk_deltaker(k, nr, ("moter", i, "kommuner", j), f"møtet «{m.id}»")
        if m.behandling == "vedtak" and not m.avlyst and not k.vedtaksorgan(m.organ):
            out.append(_brudd(
                "PROSESS-KOMMUNESTYRET-SELV", ("moter", i, "behandling"),
                f"møtet «{m.id}» i {ORGAN_NAVN[m.organ]} kan ikke vedta avtalen; bare kommunestyret "
                "selv kan det. Sett behandling: innstilling",
                k.hjemmel_ks,
            ))
    return out


def _sjekk_drofting(k: _Kontekst) -> list[Brudd]:
    out: list[Brudd] = []
    inn = k.prosess.innstillinger
    for i, d in enumerate(k.prosess.drofting):
        out += _sjekk_fremtid(k, d.dato, ("drofting", i, "dato"), f"drøftingsmøtet «{d.id}»")
        for j, nr in enumerate(d.kommuner):
            out += _sjekk_deltaker(k, nr, ("drofting", i, "kommuner", j), f"drøftingsmøtet «{d.id}»")
        if not d.protokoll:
            out.append(_brudd(
                "PROSESS-DROFTING-PROTOKOLL", ("drofting", i),
                f"drøftingsmøtet «{d.id}» {_dato(d.dato)} har ingen protokoll; før opp "
                "protokollens dokumentreferanse i «protokoll»",
            ))
    if k.avtale is None:
        return out
    for nr in k.drofting_kommuner():
        if inn.virksomhetsoverdragelse:
            records = [(i, d) for i, d in enumerate(k.prosess.drofting) if nr in d.kommuner]
            dekket = {t for _, d in records for t in d.tema}
            mangler = [TEMA_16_5[t] for t in TEMA_16_5 if t not in dekket]
            if mangler and records:
                out.append(_brudd(
                    "PROSESS-DROFTING-TEMA", ("drofting", records[-1][0], "tema"),
                    f"drøftingen i {k.kommunenavn(nr)} dekker ikke: {'; '.join(mangler)}",
                ))
        moter = k.behandlende_moter(nr)
        if not moter:
            continue
        mi, forste = moter[0]
        if k.gjennomfort_drofting(nr, forste.dato):
            continue
        if forste.dato <= k.at:
            senere = k.gjennomfort_drofting(nr)
            etter = f" (drøftet først {_dato(senere[0].dato)})" if senere else ""
            out.append(_brudd(
                "PROSESS-DROFTING-FOR-BEHANDLING", ("moter", mi),
                f"{k.organnavn(nr, forste.organ)} behandlet saken {_dato(forste.dato)} (møtet "
                f"«{forste.id}») før drøfting med tillitsvalgte i {k.kommunenavn(nr)} var "
                f"gjennomført{etter}",
            ))
            continue
        n = inn.drofting_varsel_virkedager
        varsel = trekk_virkedager(forste.dato, n)
        if k.at >= varsel:
            igjen = virkedager_mellom(k.at, forste.dato)
            out.append(_brudd(
                "PROSESS-DROFTING-VARSEL", ("moter", mi),
                f"drøfting med tillitsvalgte i {k.kommunenavn(nr)} er ikke gjennomført; første "
                f"politiske behandling er {k.organnavn(nr, forste.organ)} {_dato(forste.dato)}, "
                f"om {igjen} virkedager (varsel fra {n} virkedager før)",
            ))
    return out


def _sjekk_mote_ref(k: _Kontekst, mote_id: str, kommune: str, sti: Sti, hva: str,
                    organ: str | None = None, dato: dt.date | None = None,
                    vedtar: bool = False) -> tuple[list[Brudd], Mote | None]:
    found = k.moter.get(mote_id)
    if found is None:
        kjente = ", ".join(sorted(k.moter)) or "ingen møter er registrert"
        return [_brudd(
            "PROSESS-KALENDER", sti + ("mote",),
            f"{hva}: møtet «{mote_id}» finnes ikke i kalenderen (moter); kjente møter: {kjente}",
        )], None
    _, m = found
    out = []
    if kommune not in m.kommuner:
        out.append(_brudd(
            "PROSESS-KALENDER", sti + ("kommune",),
            f"{hva}: møtet «{m.id}» gjelder {', '.join(m.kommuner)}, ikke kommune {kommune}",
        ))
    if organ is not None and organ != m.organ:
        out.append(_brudd(
            "PROSESS-KALENDER", sti + ("organ",),
            f"{hva}: organet er {ORGAN_NAVN[organ]}, men møtet «{m.id}» er i {ORGAN_NAVN[m.organ]}",
        ))
    if dato is not None and dato != m.dato:
        out.append(_brudd(
            "PROSESS-KALENDER", sti + ("motedato",),
            f"{hva}: møtedato {_dato(dato)} stemmer ikke med kalenderen ({m.id}: {_dato(m.dato)})",
        ))
    if m.avlyst:
        out.append(_brudd(
            "PROSESS-KALENDER", sti + ("mote",),
            f"{hva}: møtet «{m.id}» {_dato(m.dato)} er avlyst og kan ikke ha behandlet saken",
        ))
    if vedtar and m.behandling != "vedtak" and not m.avlyst:
        out.append(_brudd(
            "PROSESS-KALENDER", sti + ("utfall",),
            f"{hva}: møtet «{m.id}» har saken til {m.behandling} i kalenderen, ikke til vedtak; "
            "rett kalenderen (behandling: vedtak) hvis organet faktisk vedtok avtalen",
        ))
    return out, m


def _sjekk_saksframlegg(k: _Kontekst) -> list[Brudd]:
    out: list[Brudd] = []
    registrert = defaultdict(list)
    for i, s in enumerate(k.prosess.saksframlegg):
        hva = f"saksframlegget «{s.id}»"
        out += _sjekk_fremtid(k, s.dato, ("saksframlegg", i, "dato"), hva)
        out += _sjekk_deltaker(k, s.kommune, ("saksframlegg", i, "kommune"), hva)
        feil, m = _sjekk_mote_ref(k, s.mote, s.kommune, ("saksframlegg", i), hva)
        out += feil
        if m is None:
            continue
        if s.dato <= k.at:
            registrert[(m.id, s.kommune)].append(s)
        if (k.avtale is not None and m.behandling in POLITISK_BEHANDLING
                and s.kommune in k.drofting_kommuner() and not k.gjennomfort_drofting(s.kommune, s.dato + dt.timedelta(days=1))):
            out.append(_brudd(
                "PROSESS-DROFTING-SAKSFRAMLEGG", ("saksframlegg", i, "dato"),
                f"{hva} til «{m.id}» ble sendt {_dato(s.dato)}, før drøftingen med tillitsvalgte i "
                f"{k.kommunenavn(s.kommune)} var protokollført",
            ))
        frist = k.saksframlegg_frist(m, s.kommune)
        if s.dato > frist:
            out.append(_brudd(
                "PROSESS-SAKSFRAMLEGG-FRIST", ("saksframlegg", i, "dato"),
                f"{hva} til «{m.id}» ({_dato(m.dato)}) kom {_dato(s.dato)}, etter fristen {_dato(frist)}",
            ))
        if k.avtale is not None and m.dato >= k.at and s.avtale_hash != k.hash:
            out.append(_brudd(
                "PROSESS-SAMME-TEKST", ("saksframlegg", i, "avtale_hash"),
                f"{hva} til «{m.id}» har teksten {_kort(s.avtale_hash)} (versjon {s.versjon}), ikke "
                f"gjeldende versjon {k.avtale.versjon} ({_kort(k.hash)}); send ut ny tekst",
            ))
    if k.avtale is None:
        return out
    for i, m in enumerate(k.prosess.moter):
        if m.avlyst or m.behandling not in POLITISK_BEHANDLING or m.dato < k.at:
            continue
        for nr in m.kommuner:
            if nr not in k.deltakere or registrert.get((m.id, nr)):
                continue
            if k.vedtatt(nr, k.hash or ""):
                continue
            frist = k.saksframlegg_frist(m, nr)
            if k.at > frist:
                out.append(_brudd(
                    "PROSESS-SAKSFRAMLEGG-FRIST", ("moter", i),
                    f"fristen for saksframlegg fra {k.kommunenavn(nr)} til «{m.id}» "
                    f"({_dato(m.dato)}) var {_dato(frist)}; ingen saksframlegg er registrert",
                ))
    return out


def _sjekk_vedtak(k: _Kontekst) -> list[Brudd]:
    out: list[Brudd] = []
    per_mote: dict[tuple[str, str], list[tuple[int, Vedtak]]] = defaultdict(list)
    ids = {v.id: v for v in k.prosess.vedtak}
    for i, v in enumerate(k.prosess.vedtak):
        sti: Sti = ("vedtak", i)
        hva = f"vedtaket «{v.id}» ({k.organnavn(v.kommune, v.organ)})"
        out += _sjekk_fremtid(k, v.motedato, sti + ("motedato",), hva)
        out += _sjekk_deltaker(k, v.kommune, sti + ("kommune",), hva)
        feil, _ = _sjekk_mote_ref(k, v.mote, v.kommune, sti, hva, v.organ, v.motedato,
                                  vedtar=v.utfall in ADOPTING and k.vedtaksorgan(v.organ))
        out += feil
        if v.utfall in ADOPTING and not k.vedtaksorgan(v.organ):
            out.append(_brudd(
                "PROSESS-KOMMUNESTYRET-SELV", sti + ("organ",),
                f"{hva} er en innstilling, ikke vedtak av avtalen: bare kommunestyret selv kan "
                "vedta den. Registrer utfall: innstilling, og kommunestyrets vedtak for seg",
                k.hjemmel_ks,
            ))
        if k.avtale is not None:
            if v.versjon > k.avtale.versjon:
                out.append(_brudd(
                    "PROSESS-VEDTAK-FOR-VERSJON", sti + ("versjon",),
                    f"{hva} gjelder versjon {v.versjon}, men avtalen er bare i versjon {k.avtale.versjon}",
                ))
            elif v.versjon == k.avtale.versjon and v.motedato < k.avtale.versjonsdato:
                out.append(_brudd(
                    "PROSESS-VEDTAK-FOR-VERSJON", sti + ("motedato",),
                    f"{hva} er datert {_dato(v.motedato)}, men versjon {v.versjon} ble laget "
                    f"{_dato(k.avtale.versjonsdato)}; et vedtak kan ikke gjelde en tekst som ikke fantes",
                ))
        if v.korrigerer is not None:
            first = ids.get(v.korrigerer)
            if first is None or first is v:
                out.append(_brudd(
                    "PROSESS-DUPLIKAT", sti + ("korrigerer",),
                    f"{hva} retter «{v.korrigerer}», men det finnes ikke noe annet vedtak med den id-en",
                ))
            elif (first.kommune, first.mote) != (v.kommune, v.mote):
                out.append(_brudd(
                    "PROSESS-DUPLIKAT", sti + ("korrigerer",),
                    f"{hva} retter «{first.id}», som gjelder et annet møte eller en annen kommune",
                ))
        per_mote[(v.kommune, v.mote)].append((i, v))
    for (_, _), poster in per_mote.items():
        forste_i, forste = poster[0]
        for i, v in poster[1:]:
            tidligere = {p.id for _, p in poster if p is not v}
            if v.korrigerer in tidligere:
                continue
            out.append(_brudd(
                "PROSESS-DUPLIKAT", ("vedtak", i),
                f"{k.organnavn(v.kommune, v.organ)} har allerede et vedtak fra møtet «{v.mote}» "
                f"(«{forste.id}», vedtak.{forste_i}); en retting må ha korrigerer: {forste.id}",
            ))
    if k.avtale is not None:
        krav = _ma_behandle(k)
        for i, v in k.avvikende_vedtak():
            if v.utfall == "vedtatt_med_endringer":
                hva = f"{k.organnavn(v.kommune, v.organ)} vedtok versjon {v.versjon} med endringer {_dato(v.motedato)}"
            else:
                hva = (
                    f"{k.organnavn(v.kommune, v.organ)} vedtok {_dato(v.motedato)} teksten "
                    f"{_kort(v.avtale_hash)}, ikke versjon {k.avtale.versjon} ({_kort(k.hash)})"
                )
            navn = ", ".join(f"{b.organ_navn}" for b in krav)
            out.append(_brudd(
                "PROSESS-SAMME-TEKST", ("vedtak", i, "utfall" if v.utfall == "vedtatt_med_endringer" else "avtale_hash"),
                f"{hva}. Avtalen må få versjon {k.avtale.versjon + 1}, og disse må vedta den: {navn}",
            ))
    return out


def _sjekk_signaturer(k: _Kontekst) -> list[Brudd]:
    out: list[Brudd] = []
    seen: dict[tuple[str, str], tuple[int, Any]] = {}
    ids = {s.id for s in k.prosess.signaturer}
    for i, s in enumerate(k.prosess.signaturer):
        sti: Sti = ("signaturer", i)
        hva = f"signaturen «{s.id}» ({k.kommunenavn(s.kommune)})"
        out += _sjekk_fremtid(k, s.dato, sti + ("dato",), hva)
        out += _sjekk_deltaker(k, s.kommune, sti + ("kommune",), hva)
        if s.rolle.strip().lower() != "ordfører" and not s.fullmakt:
            out.append(_brudd(
                "PROSESS-SIGNATUR-FULLMAKT", sti + ("rolle",),
                f"{hva}: {s.navn} signerer som {s.rolle}; oppgi fullmakten i «fullmakt»",
            ))
        if k.avtale is not None:
            vedtak = k.vedtatt(s.kommune, s.avtale_hash)
            if vedtak is None or vedtak.motedato > s.dato:
                out.append(_brudd(
                    "PROSESS-SIGNATUR-FOR-VEDTAK", sti + ("avtale_hash",),
                    f"{hva} {_dato(s.dato)}: kommunestyret har ikke vedtatt teksten {_kort(s.avtale_hash)}"
                    + (f" før {_dato(vedtak.motedato)}" if vedtak is not None else ""),
                ))
        key = (s.kommune, s.avtale_hash)
        if key in seen and s.korrigerer is None:
            fi, first = seen[key]
            out.append(_brudd(
                "PROSESS-DUPLIKAT", sti,
                f"{k.kommunenavn(s.kommune)} har allerede signert denne teksten («{first.id}», "
                f"signaturer.{fi}); en retting må ha korrigerer: {first.id}",
            ))
        elif s.korrigerer is not None and (s.korrigerer not in ids or s.korrigerer == s.id):
            out.append(_brudd(
                "PROSESS-DUPLIKAT", sti + ("korrigerer",),
                f"{hva} retter «{s.korrigerer}», men det finnes ingen annen signatur med den id-en",
            ))
        seen.setdefault(key, (i, s))
    return out


def _sjekk_vertskommune(k: _Kontekst) -> list[Brudd]:
    out: list[Brudd] = []
    p = k.prosess
    for i, d in enumerate(p.delegering):
        hva = f"delegeringsvedtaket «{d.id}»"
        out += _sjekk_fremtid(k, d.dato, ("delegering", i, "dato"), hva)
        out += _sjekk_deltaker(k, d.kommune, ("delegering", i, "kommune"), hva)
        feil, m = _sjekk_mote_ref(k, d.mote, d.kommune, ("delegering", i), hva)
        out += feil
        if m is not None and m.organ != "kommunestyre":
            out.append(_brudd(
                "PROSESS-KOMMUNESTYRET-SELV", ("delegering", i, "mote"),
                f"{hva} ble gjort i {ORGAN_NAVN[m.organ]}; kommunestyret selv skal vedta delegeringen",
                "kommuneloven § 20-2 annet ledd og § 20-3 annet ledd",
            ))
        if m is not None and d.dato != m.dato:
            out.append(_brudd(
                "PROSESS-KALENDER", ("delegering", i, "dato"),
                f"{hva}: dato {_dato(d.dato)} stemmer ikke med møtet «{m.id}» ({_dato(m.dato)})",
            ))
    for i, s in enumerate(p.melding_statsforvalter):
        out += _sjekk_fremtid(k, s.dato, ("melding_statsforvalter", i, "dato"), f"meldingen «{s.id}»")
    if k.avtale is None or k.type not in VERTSKOMMUNE_TYPER or not k.alle_vedtatt(k.hash):
        return out
    har = {d.kommune for d in p.delegering if d.dato <= k.at}
    mangler = [n for n in k.delegering_kreves_for() if n not in har]
    if mangler:
        out.append(_brudd(
            "PROSESS-DELEGERING", ("delegering",),
            "avtalen er vedtatt, men delegeringsvedtaket mangler for "
            + ", ".join(k.organnavn(n, "kommunestyre") for n in mangler),
        ))
    if not [s for s in p.melding_statsforvalter if s.dato <= k.at]:
        vert = getattr(k.avtale, "vertskommune", None)
        fra = k.kommunenavn(vert) if vert else "vertskommunen"
        out.append(_brudd(
            "PROSESS-STATSFORVALTER", ("melding_statsforvalter",),
            f"avtalen er vedtatt i alle kommunestyrer; {fra} har ikke registrert melding til "
            "statsforvalteren",
        ))
    return out


def tidligste_vedtak(k: _Kontekst) -> tuple[dt.date | None, list[str]]:
    """The earliest date every participant can have adopted the current text, from the calendar,
    and the participants whose calendar has no coming kommunestyre meeting for it."""
    if k.avtale is None:
        return None, []
    siste: dt.date | None = None
    uten: list[str] = []
    for nr in k.deltakere:
        v = k.vedtatt(nr, k.hash or "")
        if v is not None:
            dato = v.motedato
        else:
            kommende = [
                m.dato for m in k.prosess.moter
                if nr in m.kommuner and not m.avlyst and m.dato >= k.at and k.vedtaksorgan(m.organ)
                and m.behandling == "vedtak"
            ]
            if not kommende:
                uten.append(nr)
                continue
            dato = min(kommende)
        siste = dato if siste is None or dato > siste else siste
    return (None if uten else siste), uten


def _sjekk_ikraft(k: _Kontekst) -> list[Brudd]:
    out = []
    if k.avtale is None:
        return out
    mal = k.avtale.ikrafttredelse.dato if k.avtale.ikrafttredelse is not None else None
    if mal is not None and mal >= k.at and not k.alle_vedtatt(k.hash) and k.prosess.moter:
        tidligst, uten = tidligste_vedtak(k)
        if uten:
            out.append(_brudd(
                "PROSESS-IKRAFT-KALENDER", ("moter",),
                f"avtalen skal tre i kraft {_dato(mal)}, men kalenderen har ikke noe kommende "
                "kommunestyremøte som vedtar den for " + ", ".join(k.kommunenavn(n) for n in uten),
            ))
        elif tidligst is not None and tidligst > mal:
            out.append(_brudd(
                "PROSESS-IKRAFT-KALENDER", ("moter",),
                f"avtalen skal tre i kraft {_dato(mal)}, men siste kommunestyrevedtak etter "
                f"møteplanen kan først komme {_dato(tidligst)}",
            ))
    for i, r in enumerate(k.prosess.ikrafttredelse):
        if not k.alle_vedtatt(r.avtale_hash) and r.dato <= k.at:
            out.append(_brudd(
                "PROSESS-IKRAFT", ("ikrafttredelse", i),
                f"ikrafttredelse {_dato(r.dato)} for versjon {r.versjon}, men ikke alle "
                "kommunestyrene har vedtatt denne teksten",
            ))
    return out


# --------------------------------------------------------------------------- state


@dataclass
class Behandlingskrav:
    """A body that must (again) decide the current version."""

    kommune: str
    kommunenavn: str
    organ: str
    organ_navn: str
    grunn: str


@dataclass
class Frist:
    """The next meeting of one municipality and the deadlines before it."""

    kommune: str
    kommunenavn: str
    mote: str
    organ: str
    motedato: dt.date
    klokkeslett: dt.time | None
    saksframlegg_frist: dt.date
    drofting_frist: dt.date | None = None


@dataclass
class KommuneStatus:
    kommune: str
    kommunenavn: str
    drofting: str
    vedtak: str
    signert: bool


@dataclass
class Status:
    avtale: str
    tittel: str
    pa_dato: dt.date
    versjon: int
    avtale_hash: str
    tilstand: str
    tilstand_tekst: str
    gjeldende_versjon: int | None
    vedtatte_versjoner: list[int]
    ny_versjon_kreves: bool
    tidligste_vedtatt: dt.date | None
    """Earliest date all councils can have adopted the current text, by the calendar."""
    ma_behandle: list[Behandlingskrav]
    mangler: list[str]
    frister: list[Frist]
    kommuner: list[KommuneStatus]
    advarsler: list[str] = field(default_factory=list)
    feil: list[str] = field(default_factory=list)
    funn: list[dict] = field(default_factory=list)
    """Every rule broken on the date: regel, alvorlighet, sti (in prosess.yaml), melding, hjemmel."""

    def as_dict(self) -> dict:
        def conv(value: Any) -> Any:
            if isinstance(value, (dt.date, dt.time)):
                return value.isoformat(timespec="minutes") if isinstance(value, dt.time) else value.isoformat()
            if isinstance(value, dict):
                return {k: conv(v) for k, v in value.items()}
            if isinstance(value, list):
                return [conv(v) for v in value]
            return value

        return conv(asdict(self))


def _ma_behandle(k: _Kontekst) -> list[Behandlingskrav]:
    """Every participant's kommunestyre that has not adopted the current text, and why."""
    assert k.avtale is not None
    avvik = {v.kommune: v for _, v in k.avvikende_vedtak()}
    ny = bool(avvik)
    versjon = k.avtale.versjon + 1 if ny else k.avtale.versjon
    out = []
    for nr in k.deltakere:
        if not ny and k.vedtatt(nr, k.hash or ""):
            continue
        tidligere = [v for _, v in k.effektive_vedtak() if v.kommune == nr and v.utfall in ADOPTING and k.vedtaksorgan(v.organ)]
        if nr in avvik and avvik[nr].utfall == "vedtatt_med_endringer":
            grunn = f"vedtok versjon {avvik[nr].versjon} med endringer; må vedta versjon {versjon} med endringene innarbeidet"
        elif tidligere:
            siste = max(tidligere, key=lambda v: v.motedato)
            grunn = f"vedtok versjon {siste.versjon} {_dato(siste.motedato)}; må behandle versjon {versjon} på nytt"
        else:
            grunn = f"har ikke vedtatt versjon {versjon}"
        out.append(Behandlingskrav(nr, k.kommunenavn(nr), "kommunestyre", k.organnavn(nr, "kommunestyre"), grunn))
        # preparing bodies (formannskap, hovedutvalg …) that gave an innstilling on another text
        innstillinger: dict[str, Vedtak] = {}
        for _, v in k.effektive_vedtak():
            if v.kommune == nr and v.utfall == "innstilling" and v.organ != "kommunestyre":
                if v.organ not in innstillinger or v.motedato >= innstillinger[v.organ].motedato:
                    innstillinger[v.organ] = v
        for organ, v in innstillinger.items():
            if not ny and v.avtale_hash == k.hash:
                continue
            out.append(Behandlingskrav(
                nr, k.kommunenavn(nr), organ, k.organnavn(nr, organ),
                f"ga innstilling til versjon {v.versjon} {_dato(v.motedato)}; må gi ny innstilling til versjon {versjon}",
            ))
    return out


def _vedtatte_versjoner(k: _Kontekst) -> dict[int, str]:
    """Version → hash for every text all participants adopted (up to `at`)."""
    kandidater = {(v.versjon, v.avtale_hash) for _, v in k.effektive_vedtak() if v.utfall == "vedtatt"}
    return {ver: h for ver, h in sorted(kandidater) if k.alle_vedtatt(h)}


def _ikraft_dato(k: _Kontekst, h: str) -> dt.date | None:
    datoer = [r.dato for r in k.prosess.ikrafttredelse if r.avtale_hash == h]
    if datoer:
        return max(datoer)
    if h == k.hash and k.avtale is not None and k.avtale.ikrafttredelse is not None:
        return k.avtale.ikrafttredelse.dato
    return None


def kjent_per(prosess: Prosess, at: dt.date) -> Prosess:
    """The records that were facts on `at`: events dated later are left out (the calendar, planned
    entry into force and termination stay, being plans). Used for the state on a past date."""
    return prosess.model_copy(update={
        "drofting": [d for d in prosess.drofting if d.dato <= at],
        "saksframlegg": [s for s in prosess.saksframlegg if s.dato <= at],
        "vedtak": [v for v in prosess.vedtak if v.motedato <= at],
        "signaturer": [s for s in prosess.signaturer if s.dato <= at],
        "delegering": [d for d in prosess.delegering if d.dato <= at],
        "melding_statsforvalter": [m for m in prosess.melding_statsforvalter if m.dato <= at],
    })


def status(avtale: Avtale, prosess: Prosess, at: dt.date) -> Status:
    """Where the agreement stands on `at`, derived from the records known on that date."""
    prosess = kjent_per(prosess, at)
    k = _Kontekst(avtale, prosess, at)
    h = k.hash or ""
    funn = sjekk(prosess, avtale, at)
    vedtatte = _vedtatte_versjoner(k)
    avvik = k.avvikende_vedtak()
    alle = k.alle_vedtatt(h)
    signert_alle = alle and all(k.signert(n, h) for n in k.deltakere)
    mangler: list[str] = []
    ma = _ma_behandle(k)

    # consultation per municipality
    drofting_ok: dict[str, str] = {}
    for nr in k.deltakere:
        if nr not in k.drofting_kommuner():
            drofting_ok[nr] = "kreves ikke"
        elif k.gjennomfort_drofting(nr):
            drofting_ok[nr] = "gjennomført " + _dato(k.gjennomfort_drofting(nr)[0].dato)
        elif [d for d in prosess.drofting if nr in d.kommuner and d.dato <= at]:
            drofting_ok[nr] = "uten protokoll"
        else:
            drofting_ok[nr] = "mangler"
    for nr in k.drofting_kommuner():
        if nr in k.deltakere and not k.gjennomfort_drofting(nr):
            mangler.append(f"{k.kommunenavn(nr)} har ikke gjennomført drøfting med tillitsvalgte (med protokoll)")

    ny_versjon = bool(avvik)
    if ny_versjon:
        mangler.append(f"versjon {avtale.versjon + 1} av avtalen må lages (vedtak med endringer eller på annen tekst)")
    for b in ma:
        if b.organ != "kommunestyre":
            mangler.append(f"{b.organ_navn} {b.grunn.split('; ', 1)[-1]}")
        elif ny_versjon:
            mangler.append(f"{b.organ_navn} må vedta versjon {avtale.versjon + 1} ({b.grunn})")
        else:
            mangler.append(f"{b.organ_navn} har ikke vedtatt versjon {avtale.versjon}")
    if alle:
        for nr in k.deltakere:
            if not k.signert(nr, h):
                mangler.append(f"{k.kommunenavn(nr)} har ikke signert versjon {avtale.versjon}")
        if k.type in VERTSKOMMUNE_TYPER:
            har = {d.kommune for d in prosess.delegering if d.dato <= at}
            for nr in k.delegering_kreves_for():
                if nr not in har:
                    mangler.append(f"{k.organnavn(nr, 'kommunestyre')} har ikke vedtatt delegeringen (kl. § 20-2/20-3)")
            if not [s for s in prosess.melding_statsforvalter if s.dato <= at]:
                mangler.append("melding til statsforvalteren er ikke registrert (kl. § 20-4 femte ledd)")
        if signert_alle and _ikraft_dato(k, h) is None:
            mangler.append("dato for ikrafttredelse er ikke fastsatt")

    # the state
    opphor = [o for o in prosess.opphor if o.dato <= at]
    politisk = any(
        not m.avlyst and m.behandling in POLITISK_BEHANDLING and m.dato <= at for m in prosess.moter
    ) or any(s.dato <= at for s in prosess.saksframlegg) or any(
        v.versjon == avtale.versjon for _, v in k.effektive_vedtak()
    )
    krav = [n for n in k.drofting_kommuner() if n in k.deltakere]
    if opphor:
        tilstand = "opphort"
    elif ny_versjon:
        tilstand = "endret"
    elif alle:
        ikraft = _ikraft_dato(k, h)
        if signert_alle and ikraft is not None and ikraft <= at:
            tilstand = "i_kraft"
        elif signert_alle:
            tilstand = "signert"
        else:
            tilstand = "vedtatt"
    elif any(ver < avtale.versjon for ver in vedtatte):
        tilstand = "endret"
    elif politisk:
        tilstand = "til_behandling"
    elif all(k.gjennomfort_drofting(n) for n in krav) and (krav or prosess.moter):
        tilstand = "klar_til_politisk_behandling"
    elif any(d.dato <= at for d in prosess.drofting):
        tilstand = "drofting"
    else:
        tilstand = "utkast"

    gjeldende = None
    for ver, hh in sorted(vedtatte.items()):
        signed = all(k.signert(n, hh) for n in k.deltakere)
        ikraft = _ikraft_dato(k, hh)
        if signed and ikraft is not None and ikraft <= at:
            gjeldende = ver

    frister: list[Frist] = []
    kommuner: list[KommuneStatus] = []
    for nr in k.deltakere:
        neste = [
            m for m in sorted(prosess.moter, key=lambda m: (m.dato, m.klokkeslett or dt.time(0)))
            if nr in m.kommuner and not m.avlyst and m.dato >= at
        ]
        if neste and not (alle and not ny_versjon):
            m = neste[0]
            drofting_frist = None
            if nr in krav and not k.gjennomfort_drofting(nr):
                forste = k.behandlende_moter(nr)
                if forste and forste[0][1].dato >= at:
                    drofting_frist = trekk_virkedager(forste[0][1].dato, 1)
            frister.append(Frist(
                nr, k.kommunenavn(nr), m.id, m.organ, m.dato, m.klokkeslett,
                k.saksframlegg_frist(m, nr), drofting_frist,
            ))
        v = k.vedtatt(nr, h)
        siste = [x for _, x in k.effektive_vedtak() if x.kommune == nr and x.versjon == avtale.versjon]
        if v is not None:
            vtekst = f"vedtatt {_dato(v.motedato)}"
        elif siste:
            s = max(siste, key=lambda x: x.motedato)
            vtekst = f"{UTFALL_NAVN[s.utfall]} ({ORGAN_NAVN[s.organ]}) {_dato(s.motedato)}"
        else:
            vtekst = "ikke behandlet"
        kommuner.append(KommuneStatus(nr, k.kommunenavn(nr), drofting_ok[nr], vtekst, k.signert(nr, h) is not None))

    return Status(
        avtale=avtale.id,
        tittel=avtale.tittel,
        pa_dato=at,
        versjon=avtale.versjon,
        avtale_hash=h,
        tilstand=tilstand,
        tilstand_tekst=TILSTANDER[tilstand],
        gjeldende_versjon=gjeldende,
        vedtatte_versjoner=sorted(vedtatte),
        ny_versjon_kreves=ny_versjon,
        tidligste_vedtatt=None if ny_versjon else tidligste_vedtak(k)[0],
        ma_behandle=ma if (ny_versjon or not alle) else [],
        mangler=mangler,
        frister=frister,
        kommuner=kommuner,
        advarsler=[b.melding for b in funn if b.alvorlighet == "advarsel"],
        feil=[b.melding for b in funn if b.alvorlighet == "feil"],
        funn=[
            {"regel": b.regel.id, "alvorlighet": b.alvorlighet, "sti": ".".join(str(x) for x in b.sti),
             "melding": b.melding, "hjemmel": b.lovgrunnlag}
            for b in funn
        ],
    )
