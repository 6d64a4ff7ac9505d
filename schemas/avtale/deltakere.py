"""The participants of an agreement and who signs for them."""

from __future__ import annotations

from pydantic import Field

from schemas.avtale.grunn import Modell, valgfri
from schemas.felles import Andel, Belop, Kommunenummer, Tekst


class Signatar(Modell):
    """Who signs for a participant (kl. § 6-1: the ordfører unless someone else is authorised)."""

    navn: Tekst = Field(description="Navn på den som signerer")
    rolle: Tekst = Field(
        default="ordfører", description="Rolle, f.eks. ordfører eller kommunedirektør"
    )
    sted: Tekst | None = Field(default=None, description="Sted for underskrift")


class Deltaker(Modell):
    kommunenummer: Kommunenummer = Field(description="Kommunenummer, gyldig på avtaledatoen")
    navn: Tekst = Field(description="Kommunens navn slik det står i kommunelisten")
    eierandel: Andel | None = valgfri("Eierandel (KO, IPR, IKS)")
    ansvarsandel: Andel | None = valgfri("Ansvarsandel dersom den avviker fra eierandelen")
    innskudd: Belop | None = valgfri("Innskudd i kroner (innskuddsplikt)")
    andre_bidrag: Tekst | None = valgfri("Andre ytelser deltakeren skal yte")
    signatar: Signatar | None = valgfri("Hvem som signerer for deltakeren")
