"""The shapes of the one rule catalogue: `Hjemmel`, `Regel` and `Brudd`, for agreement and process
rules alike. The rules themselves are data (schemas/regler/katalog/*.yaml, see `laster`).

This module imports nothing heavy: the process engine, the agreement checks and the finding
conversion all build on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Alvorlighet = Literal["feil", "advarsel"]
ALVORLIGHETER: tuple[str, ...] = ("feil", "advarsel")

VK = "vertskommune"
VKN = "vertskommune_nemnd"
KO = "kommunalt_oppgavefellesskap"
IPR = "interkommunalt_politisk_rad"
IKS = "iks"
SA = "samarbeidsavtale"

ALLE_TYPER: frozenset[str] = frozenset({VK, VKN, KO, IPR, IKS, SA})
VERTSKOMMUNETYPER: frozenset[str] = frozenset({VK, VKN})

PROSESS = "prosess"
"""`gjelder` for a process rule: it checks prosess.yaml, whatever the agreement type."""

GJELDER: frozenset[str] = ALLE_TYPER | {PROSESS}

Sti = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Hjemmel:
    """A legal basis: a statute reference (lov, paragraf, ledd, bokstav or nr), or a basis that is
    not a statute (`kilde`, e.g. «Hovedavtalen (KS) del B (praksis)»); `og` adds further bases.

    `paragraf` is without the section sign («20-4», or «18-1, 19-1 og 20-2» for several, printed
    with «§§»); `ledd` is the word («tredje»); `tillegg` is printed after the reference («og § 20-3
    annet ledd», «(møtebok: …)»). The printed text is what findings and documents show, so it is
    kept exactly as the law is cited.
    """

    lov: str | None = None
    paragraf: str | None = None
    ledd: str | None = None
    bokstav: str | None = None
    nr: str | None = None
    tillegg: str | None = None
    kilde: str | None = None
    og: tuple[Hjemmel, ...] = ()

    def __post_init__(self) -> None:
        if (self.lov is None) == (self.kilde is None):
            raise ValueError(
                "en hjemmel er enten en lov (lov, paragraf) eller en annen kilde (kilde)"
            )
        if self.lov is not None and not self.paragraf:
            raise ValueError(f"hjemmel i {self.lov} mangler paragraf")

    @property
    def er_lov(self) -> bool:
        return self.lov is not None

    def _egen_tekst(self) -> str:
        if self.lov is None:
            return self.kilde or ""
        flere = "," in (self.paragraf or "") or " og " in (self.paragraf or "")
        tekst = f"{self.lov} {'§§' if flere else '§'} {self.paragraf}"
        if self.ledd:
            tekst += f" {self.ledd} ledd"
        if self.bokstav:
            tekst += f" bokstav {self.bokstav}"
        if self.nr:
            tekst += f" nr. {self.nr}"
        if self.tillegg:
            tekst += f" {self.tillegg}"
        return tekst

    def __str__(self) -> str:
        return "; ".join([self._egen_tekst(), *(str(h) for h in self.og)])

    def deler(self) -> tuple[Hjemmel, ...]:
        """Each basis on its own (this one without `og`, then the further ones)."""
        forste = Hjemmel(
            self.lov, self.paragraf, self.ledd, self.bokstav, self.nr, self.tillegg, self.kilde
        )
        return (forste, *(d for h in self.og for d in h.deler()))


@dataclass(frozen=True, slots=True)
class Regel:
    """One rule of the catalogue, an agreement rule or a process rule (`gjelder` says which)."""

    id: str
    alvorlighet: Alvorlighet
    melding: str
    """What the rule demands, in Norwegian; an agreement finding's default message."""
    hjemmel: Hjemmel
    forklaring: str
    """One line for `avtale rules` and docs/lovgrunnlag.md."""
    gjelder: frozenset[str] = field(default=ALLE_TYPER)
    """The agreement types the rule checks, or {"prosess"} for a rule over prosess.yaml."""
    verifisert: bool = True
    """False when a statute the rule cites could not be checked against the law text."""

    @property
    def er_prosessregel(self) -> bool:
        return PROSESS in self.gjelder

    def __str__(self) -> str:
        return f"{self.id} ({self.hjemmel})"


@dataclass(frozen=True, slots=True)
class Brudd:
    """One rule broken at one place (`sti`, a field path in avtale.yaml or prosess.yaml).

    `hjemmel` is set when the finding rests on a narrower basis than the rule as a whole (the
    paragraph for this agreement type, say); `lovgrunnlag` is the text every report shows.
    """

    regel: Regel
    sti: Sti
    melding: str
    hjemmel: Hjemmel | str | None = None

    @property
    def alvorlighet(self) -> Alvorlighet:
        return self.regel.alvorlighet

    @property
    def lovgrunnlag(self) -> str:
        return str(self.hjemmel or self.regel.hjemmel)

    @property
    def sti_tekst(self) -> str:
        """Dotted field path, e.g. «deltakere.2.eierandel»."""
        return ".".join(str(del_) for del_ in self.sti)

    def __str__(self) -> str:
        sti = self.sti_tekst or "(avtalen)"
        return f"{sti}: {self.alvorlighet} {self.regel.id}: {self.melding} ({self.lovgrunnlag})"
