"""The bodies of a cooperation (representantskap, nemnd, styre), its tasks and its authority."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from schemas.avtale.grunn import Modell, valgfri
from schemas.felles import Kommunenummer, Tekst


class Representasjon(Modell):
    """Seats one participant holds in a representantskap or a nemnd."""

    kommunenummer: Kommunenummer
    medlemmer: int = Field(ge=0, description="Antall faste medlemmer")
    vara: int = Field(default=0, ge=0, description="Antall varamedlemmer")


class Representantskap(Modell):
    medlemmer: list[Representasjon] = Field(description="Medlemmer og vara per deltaker")
    ledervalg: Tekst | None = valgfri("Hvordan leder og nestleder velges (eventuelt rotasjon)")
    funksjonstid: Tekst | None = valgfri("Funksjonstid hvis annen enn fire år")
    myndighet: Tekst | None = valgfri("Representantskapets oppgaver og myndighet")


class Nemnd(Modell):
    """Felles folkevalgt nemnd in the vertskommune (kl. § 20-3)."""

    navn: Tekst = Field(description="Nemndas navn")
    medlemmer: list[Representasjon] = Field(description="Medlemmer og vara per deltaker (minst to)")
    ledervalg: Tekst | None = valgfri("Valg av leder og nestleder, eventuelt rotasjon")
    klagenemnd: Tekst | None = valgfri("Særskilt klagenemnd (kl. § 20-6)")


class Styre(Modell):
    antall_medlemmer: int = Field(ge=1, description="Antall styremedlemmer")
    ansattevalgte: int = Field(default=0, ge=0, description="Styremedlemmer valgt av de ansatte")
    valg: Tekst | None = valgfri("Hvem som velger styret og for hvor lenge")


# --------------------------------------------------------------------------- tasks and authority


class Oppgave(Modell):
    navn: Tekst = Field(description="Oppgaven, f.eks. «lønnsutbetaling»")
    beskrivelse: Tekst | None = valgfri("Nærmere beskrivelse av oppgaven")
    lovpalagt: bool = valgfri("Om oppgaven er lovpålagt", False)


VedtaksArt = Literal["ordinaer", "interne_forhold", "tilskuddsordning"]


class Vedtaksmyndighet(Modell):
    """Authority to make enkeltvedtak (forvaltningsloven § 2) within one area."""

    omrade: Tekst = Field(description="Saksområdet, f.eks. «byggesaker»")
    lovgrunnlag: Tekst | None = valgfri("Særlov som gir hjemmel, f.eks. «plan- og bygningsloven»")
    art: VedtaksArt = valgfri(
        "ordinaer, interne_forhold (samarbeidets indre forhold) eller tilskuddsordning", "ordinaer"
    )
    prinsipiell_betydning: bool = valgfri(
        "Om myndigheten omfatter saker av prinsipiell betydning", False
    )


class Myndighet(Modell):
    beskrivelse: Tekst | None = valgfri("Hvilken myndighet som legges til samarbeidet")
    enkeltvedtak: list[Vedtaksmyndighet] = valgfri("Myndighet til å treffe enkeltvedtak", [])
    forbeholdt_deltakerne: Tekst | None = valgfri("Saker som fortsatt avgjøres av hver deltaker")
