"""One agreement's records on a date, with the names a message needs: what the rule checks and
the status read. Every legal question is passed on to `fakta` and `frister`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from avtaleflyt.prosess import fakta, frister
from avtaleflyt.prosess.hashing import avtale_hash
from schemas.avtale import Avtale
from schemas.felles import deltakerart
from schemas.prosess import (
    ORGAN_BESTEMT,
    ORGAN_FLERTALL,
    ORGAN_MOTE,
    ORGAN_NAVN,
    Drofting,
    Mote,
    Prosess,
    Signatur,
    Vedtak,
)


class Kontekst:
    """The agreement (optional: the rules that need it skip without it), its records and `at`."""

    def __init__(self, avtale: Avtale | None, prosess: Prosess, at: dt.date, h: str | None = None):
        self.avtale = avtale
        self.prosess = prosess
        self.at = at
        self.hash = h if h is not None else (avtale_hash(avtale) if avtale is not None else None)
        self.tekst = fakta.tekst_av(avtale, self.hash or "") if avtale is not None else None
        self.deltakere = [d.kommunenummer for d in avtale.deltakere] if avtale is not None else []
        self.navn = (
            {d.kommunenummer: d.navn for d in avtale.deltakere} if avtale is not None else {}
        )
        self.type = avtale.type if avtale is not None else None
        self.moter: dict[str, tuple[int, Mote]] = {}
        for i, m in enumerate(prosess.moter):
            self.moter.setdefault(m.id, (i, m))

    # ------------------------------------------------------------------ names

    def kommunenavn(self, nr: str) -> str:
        return kommunenavn(self.navn, nr)

    def organnavn(self, nr: str, organ: str) -> str:
        """«Melhus kommunestyre», «Trøndelag fylkesting», «representantskapet i X IKS»."""
        navn = self.kommunenavn(nr)
        if deltakerart(nr) == "iks":
            return f"{ORGAN_BESTEMT.get(organ, (ORGAN_NAVN.get(organ, organ),))[0]} i {navn}"
        for slutt in (" fylkeskommune", " kommune"):
            if navn.lower().endswith(slutt):
                navn = navn[: -len(slutt)]
                break
        return f"{navn} {ORGAN_NAVN.get(organ, organ)}"

    # ------------------------------------------------------------------ facts

    @property
    def hjemmel_ks(self) -> str | None:
        return fakta.hjemmel_kommunestyret_selv(self.type)

    def vedtaksorgan(self, organ: str, nr: str) -> bool:
        """Can this body adopt the agreement for participant `nr`?"""
        return fakta.kan_vedta(self.type, organ, nr)

    def eget_organ(self, nr: str) -> str:
        """«kommunestyret» / «fylkestinget» / «representantskapet»: the body that adopts for `nr`."""
        return ORGAN_BESTEMT[fakta.vedtaksorgan(nr)][0]

    def organer(self, deltakere: Sequence[str] | None = None) -> str:
        """The deciding bodies of these participants (default all), definite form: «kommunestyrene»,
        «kommunestyrene og fylkestinget»."""
        return organer_tekst(self.deltakere if deltakere is None else deltakere)

    def alle_organer(self) -> str:
        """«kommunestyrer og fylkesting»: the participants' deciding bodies, indefinite plural."""
        return alle_organer(self.deltakere)

    def vedtatt(self, kommune: str, h: str) -> Vedtak | None:
        return fakta.vedtatt_av(self.prosess, self.at, self.type, kommune, h)

    def alle_vedtatt(self, h: str | None) -> bool:
        return (
            bool(h)
            and bool(self.deltakere)
            and all(self.vedtatt(k, h or "") for k in self.deltakere)
        )

    def signert(self, kommune: str, h: str) -> Signatur | None:
        return fakta.signatur_av(self.prosess, self.at, kommune, h)

    def avvikende_vedtak(self) -> list[tuple[int, Vedtak]]:
        return fakta.avvik(self.tekst, self.prosess, self.at) if self.tekst is not None else []

    def drofting_kommuner(self) -> list[str]:
        return frister.drofting_kommuner(self.prosess, self.deltakere, self.avtale)

    def gjennomfort_drofting(self, kommune: str, for_dato: dt.date | None = None) -> list[Drofting]:
        return frister.gjennomfort_drofting(self.prosess, kommune, self.at, for_dato)

    def behandlende_moter(self, kommune: str) -> list[tuple[int, Mote]]:
        return frister.behandlende_moter(self.prosess, kommune)

    def saksframlegg_frist(self, mote: Mote, kommune: str) -> dt.date:
        return frister.saksframlegg_frist(self.prosess, mote, kommune)


def kommunenavn(navn: Mapping[str, str], nr: str) -> str:
    """«Melhus kommune», «Trøndelag fylkeskommune» or an IKS's own name from the participants'
    names (number → name); «kommune 1234», «fylkeskommune 50», «selskap 9…» if unknown."""
    art = deltakerart(nr)
    n = navn.get(nr)
    if art == "iks":
        return n if n is not None else f"selskap {nr}"
    slutt = "fylkeskommune" if art == "fylkeskommune" else "kommune"
    if n is None:
        return f"{slutt} {nr}"
    return n if n.lower().endswith(slutt) else f"{n} {slutt}"


def organer_tekst(deltakere: Sequence[str]) -> str:
    """The deciding bodies of these participants in the definite form, plural where there are
    several of a kind: «kommunestyrene», «kommunestyret og fylkestinget»."""
    antall: dict[str, int] = {}
    for nr in deltakere:
        organ = fakta.vedtaksorgan(nr)
        antall[organ] = antall.get(organ, 0) + 1
    deler = [ORGAN_BESTEMT[o][0 if n == 1 else 1] for o, n in antall.items()]
    return " og ".join(deler) if deler else ORGAN_BESTEMT["kommunestyre"][1]


def alle_organer(deltakere: Sequence[str]) -> str:
    """«kommunestyrer», «kommunestyrer og fylkesting»: what «vedtatt i alle …» names."""
    organer = dict.fromkeys(fakta.vedtaksorgan(nr) for nr in deltakere) or {"kommunestyre": None}
    return " og ".join(ORGAN_FLERTALL[o] for o in organer)


def moteord(deltakere: Sequence[str]) -> str:
    """The meeting of these participants' deciding bodies: «kommunestyremøte»,
    «kommunestyre- eller fylkestingsmøte»."""
    ord_ = list(dict.fromkeys(ORGAN_MOTE[fakta.vedtaksorgan(nr)] for nr in deltakere))
    if len(ord_) <= 1:
        return ord_[0] if ord_ else ORGAN_MOTE["kommunestyre"]
    forste = [o.removesuffix("møte") + "-" for o in ord_[:-1]]
    return " eller ".join([", ".join(forste), ord_[-1]])


def kort(h: str | None) -> str:
    return (h or "")[:12] + "…"


def iso(d: dt.date) -> str:
    return d.isoformat()
