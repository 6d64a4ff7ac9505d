"""The economy of a cooperation: cost keys, budget and borrowing."""

# Annotations are evaluated as the class is made, not kept as strings (no `from __future__ import
# annotations`): pydantic would otherwise evaluate each string again, at every cold start.

from typing import Annotated, Literal

from pydantic import Field

from schemas.avtale.grunn import Modell, valgfri
from schemas.felles import Andel, Belop, Deltakernummer, Tekst


class KommuneTall(Modell):
    kommunenummer: Deltakernummer
    antall: int = Field(ge=0)


class KommuneAndel(Modell):
    kommunenummer: Deltakernummer
    andel: Andel


class Likedeling(Modell):
    metode: Literal["lik"]


FolketallPer = Literal["valgaar"]
"""A recurring population date: «valgaar» is 1 January of each year with kommunestyre- og
fylkestingsvalg (Ofoten brann IKS: «folketallet pr det året det avholdes kommunevalg»), so the key is
computed anew every fourth year instead of from one fixed year."""

_FOLKETALL_PER = (
    "Gjentakende telledato i stedet for ett fast år: «valgaar» = folketallet per 1. januar i hvert "
    "år det holdes kommunestyre- og fylkestingsvalg; nøkkelen regnes på nytt hvert valgår"
)
_AAR_VALGAAR = (
    "Folketall per 1. januar dette året (SSB). Med folketall_per: valgåret denne versjonen regnes "
    "for; utelatt = siste valgår på avtalens dato"
)


class EtterInnbyggertall(Modell):
    metode: Literal["innbyggertall"]
    aar: int | None = valgfri(_AAR_VALGAAR)
    folketall_per: FolketallPer | None = valgfri(_FOLKETALL_PER)


class EtterBruk(Modell):
    metode: Literal["bruk"]
    enhet: Tekst = Field(description="Hva bruken måles i, f.eks. «antall lønnsmottakere»")
    bruk: list[KommuneTall]


class FastOgVariabel(Modell):
    metode: Literal["fast_og_variabel"]
    fast_andel: Andel = Field(description="Andel av kostnadene som deles likt")
    variabel_etter: Literal["innbyggertall", "bruk"]
    aar: int | None = valgfri("Folketall per 1. januar dette året (ved innbyggertall)")
    folketall_per: FolketallPer | None = valgfri(_FOLKETALL_PER + " (ved innbyggertall)")
    enhet: Tekst | None = valgfri("Hva bruken måles i (ved bruk)")
    bruk: list[KommuneTall] | None = valgfri("Bruk per deltaker (ved bruk)")


class EtterEierandel(Modell):
    metode: Literal["eierandel"]


class AvtalteAndeler(Modell):
    metode: Literal["avtalt"]
    andeler: list[KommuneAndel]


Fordelingsnokkel = Annotated[
    Likedeling | EtterInnbyggertall | EtterBruk | FastOgVariabel | EtterEierandel | AvtalteAndeler,
    Field(discriminator="metode"),
]


class BidragPerInnbygger(Modell):
    """A yearly contribution of a fixed amount per inhabitant (a common key in regional councils)."""

    kroner: Belop = Field(description="Kroner per innbygger per år")
    aar: int | None = valgfri("Folketall per 1. januar dette året (SSB); utelatt = ikke angitt")
    regulering: Tekst | None = valgfri("Hvordan beløpet reguleres, f.eks. etter kommunal deflator")


class InnskuddPerInnbygger(Modell):
    """An IKS's innskuddsplikt stated as an amount per inhabitant, the same rate for every owner
    (Ofoten brann: «kr … pr. innbygger» into a capital fund). The amount is None when it is not
    stated or not known (a text only partly legible): unknown, never read as 0 kr."""

    kroner: Belop | None = valgfri(
        "Kroner per innbygger; utelatt = beløpet er ikke oppgitt eller ikke kjent"
    )
    aar: int | None = valgfri("Folketall per 1. januar dette året (SSB); utelatt = ikke angitt")
    formaal: Tekst | None = valgfri("Hva innskuddet går til, f.eks. «selskapets kapitalfond»")


# Ownership shares that follow the population (an IKS): the shares in `deltakere` are those the text
# states (at founding), and this key says how they are set anew. Computed by
# `avtaleflyt.fordeling.beregn_eierandeler` from data/befolkning.csv. No docstring: it would become
# the editor schema's English text.
class EierandelEtterInnbyggertall(Modell):
    metode: Literal["innbyggertall"]
    aar: int | None = valgfri(
        "Folketall per 1. januar dette året (SSB). Med folketall_per: valgåret denne versjonen "
        "regnes for; utelatt = siste valgår på avtalens dato, eller neste valgår når deltakerne "
        "har oppgitte eierandeler (de gjelder til da)"
    )
    folketall_per: FolketallPer | None = valgfri(_FOLKETALL_PER)


class Okonomi(Modell):
    oppgjor: Tekst | None = valgfri("Hvordan det økonomiske oppgjøret skjer")
    fordelingsnokkel: Fordelingsnokkel | None = valgfri("Hvordan kostnadene fordeles")
    bidrag_per_innbygger: BidragPerInnbygger | None = valgfri(
        "Årlig bidrag i kroner per innbygger fra hver deltaker"
    )
    budsjett: Belop | None = valgfri("Årlig budsjettramme i kroner")
    budsjettaar: int | None = valgfri("Budsjettåret rammen gjelder")
    fakturering: Tekst | None = valgfri("Fakturering og betalingsfrister")
    underskudd: Tekst | None = valgfri(
        "Dekning av underskudd hvis annen enn ansvarsandel (kl. § 14-12)"
    )


class Laaneadgang(Modell):
    tillatt: bool = Field(description="Om samarbeidet kan ta opp lån")
    ramme: Belop | None = valgfri("Øvre ramme for samlede låneopptak")
