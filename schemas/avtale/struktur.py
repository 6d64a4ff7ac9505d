"""How real agreements are built beyond one text with fixed terms: an umbrella agreement and the
sub-agreements under it, a host's set of bilateral agreements, terms that change at a date within one
version, admission of new members, what the agreement means for employees, and its legal basis in
its own words.

Each structure is stated data, so a rule can check it and a document can show it; nothing here is
implied by default.
"""

# Annotations are evaluated as the class is made, not kept as strings (no `from __future__ import
# annotations`): pydantic would otherwise evaluate each string again, at every cold start.

import datetime as dt
from typing import Literal

from pydantic import Field

from schemas.avtale.grunn import Modell, tom_liste, valgfri
from schemas.avtale.okonomi import Fordelingsnokkel
from schemas.avtale.organer import Nemnd, Representantskap, Styre
from schemas.felles import Deltakernummer, Slug, Tekst

ArvbartVilkaar = Literal[
    "okonomi",
    "representantskap",
    "styre",
    "organisering",
    "uttreden",
    "opplosning",
    "tvistelosning",
    "endringer",
]
"""Terms a sub-agreement may take from its umbrella agreement instead of stating them itself."""

ARVBARE_VILKAAR: tuple[str, ...] = ArvbartVilkaar.__args__  # type: ignore[attr-defined]


class Rammetilknytning(Modell):
    """This agreement is a sub-agreement (delavtale) under an umbrella agreement (rammeavtale)."""

    id: Slug = Field(description="Rammeavtalens id")
    arver: list[ArvbartVilkaar] = Field(
        default_factory=tom_liste,
        description="Vilkårene som gjelder slik rammeavtalen fastsetter dem, f.eks. okonomi "
        "(kostnadsfordelingen) og representantskap (styringen)",
    )


class Underavtale(Modell):
    """One sub-agreement the umbrella agreement names, with who takes part in that service."""

    id: Slug = Field(description="Delavtalens id")
    tjeneste: Tekst = Field(description="Tjenesten eller oppgaven delavtalen gjelder")
    deltakere: list[Deltakernummer] | None = valgfri(
        "Deltakerne i denne tjenesten; utelatt = alle rammeavtalens deltakere"
    )


class Avtalesett(Modell):
    """One of a host's bilateral agreements: the same service, one agreement per partner."""

    id: Slug = Field(description="Avtalesettets id, felles for alle de bilaterale avtalene")
    vert: Deltakernummer = Field(description="Deltakeren som yter tjenesten til hver partner")


class Overgang(Modell):
    """Terms that apply from a date within this version: a cost key phased in, a new governance.

    Only what changes is stated; the rest of the agreement applies as written.
    """

    fra: dt.date = Field(description="Datoen vilkårene under gjelder fra")
    beskrivelse: Tekst | None = valgfri("Hva som endres og hvorfor, med avtalens ord")
    fordelingsnokkel: Fordelingsnokkel | None = valgfri("Kostnadsfordelingen fra denne datoen")
    representantskap: Representantskap | None = valgfri("Representantskapet fra denne datoen")
    styre: Styre | None = valgfri("Styret fra denne datoen")
    nemnd: Nemnd | None = valgfri("Nemnda fra denne datoen")


OpptakVedtas = Literal["kommunestyrene", "representantskapet", "styret", "annet"]


class Opptak(Modell):
    """How a new participant is admitted."""

    vilkaar: Tekst | None = valgfri("Vilkårene for opptak av nye deltakere")
    vedtas_av: OpptakVedtas | None = valgfri(
        "Hvem som vedtar opptaket: kommunestyrene (i alle deltakerkommunene), representantskapet, "
        "styret eller annet"
    )
    innskudd: Tekst | None = valgfri("Hva en ny deltaker skal skyte inn eller betale for å tre inn")


class Ansatte(Modell):
    """What the agreement (or this change) means for employees of the participants.

    It decides whether drøfting with the tillitsvalgte is required before the political treatment
    (arbeidsmiljøloven § 16-5 when employees change employer). Unstated is unknown, not «no».
    """

    berores: bool | None = valgfri(
        "Om ansatte i deltakerkommunene berøres (nye oppgaver, arbeidssted eller arbeidsgiver)"
    )
    overforing: bool | None = valgfri(
        "Om ansatte går over til en annen arbeidsgiver (virksomhetsoverdragelse, aml. kap. 16)"
    )
    kommuner: list[Deltakernummer] | None = valgfri(
        "Arbeidsgiverne der ansatte berøres; utelatt = alle deltakerne"
    )
    beskrivelse: Tekst | None = valgfri("Nærmere om de ansattes stilling")
    pensjon: Tekst | None = valgfri(
        "Pensjonsordningen de overførte ansatte får hos den nye arbeidsgiveren (aml. § 16-2 tredje "
        "ledd)"
    )
    ansiennitet: bool | None = valgfri(
        "Om de overførte ansatte beholder opparbeidet ansiennitet hos den nye arbeidsgiveren"
    )
