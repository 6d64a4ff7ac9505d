"""One agreement's records on a date, with the names a message needs: what the rule checks and
the status read. Every legal question is passed on to `fakta` and `frister`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from avtaleflyt.prosess import fakta, frister
from avtaleflyt.prosess.hashing import avtale_hash
from schemas.avtale import Avtale
from schemas.prosess import ORGAN_NAVN, Drofting, Mote, Prosess, Signatur, Vedtak


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
        navn = self.kommunenavn(nr)
        if navn.lower().endswith(" kommune"):
            navn = navn[: -len(" kommune")]
        return f"{navn} {ORGAN_NAVN.get(organ, organ)}"

    # ------------------------------------------------------------------ facts

    @property
    def hjemmel_ks(self) -> str | None:
        return fakta.hjemmel_kommunestyret_selv(self.type)

    def vedtaksorgan(self, organ: str) -> bool:
        return fakta.kan_vedta(self.type, organ)

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
    """«Melhus kommune» from the participants' names (number → name), «kommune 1234» if unknown."""
    n = navn.get(nr)
    if n is None:
        return f"kommune {nr}"
    return n if n.lower().endswith("kommune") else f"{n} kommune"


def kort(h: str | None) -> str:
    return (h or "")[:12] + "…"


def iso(d: dt.date) -> str:
    return d.isoformat()
