"""The bodies of a cooperation (representantskap, nemnd, styre), its tasks and its authority.

A number or a yes/no the agreement does not state is None, never 0 or False: the rules must tell
«not stated» from «stated as none», because the law often leaves the fact to someone else (each
kommunestyre elects its own varamedlemmer, kl. §§ 18-3 and 19-3) and an unstated fact is no breach.
"""

# Annotations are evaluated as the class is made, not kept as strings (no `from __future__ import
# annotations`): pydantic would otherwise evaluate each string again, at every cold start.

from typing import Literal

from pydantic import Field

from schemas.avtale.grunn import Modell, valgfri
from schemas.felles import Deltakernummer, Tekst


class Representasjon(Modell):
    """Seats one participant holds in a representantskap or a nemnd."""

    kommunenummer: Deltakernummer
    medlemmer: int = Field(ge=0, description="Antall faste medlemmer")
    vara: int | None = Field(
        default=None,
        ge=0,
        description="Antall varamedlemmer; utelatt når avtalen ikke fastsetter det (kommunestyret "
        "velger selv minst like mange, kl. §§ 18-3 og 19-3)",
    )


class Observator(Modell):
    """Someone with a seat but no membership: a county, a non-member municipality, the state.

    Not a participant, so never a member of the representantskap (kl. §§ 18-3, 19-3 first ledd:
    the participants elect its members); what rights the observer has is stated, not assumed.
    """

    navn: Tekst = Field(description="Hvem som er observatør, f.eks. «Trøndelag fylkeskommune»")
    kommunenummer: Deltakernummer | None = valgfri(
        "Kommune- eller fylkesnummer når observatøren er en kommune eller fylkeskommune"
    )
    talerett: bool | None = valgfri("Om observatøren har talerett")
    forslagsrett: bool | None = valgfri("Om observatøren har forslagsrett")
    stemmerett: bool | None = valgfri("Om observatøren har stemmerett (det kan bare medlemmer ha)")


MedlemsValg = Literal["kommunestyret", "ordforeren", "annet"]
"""Who picks a participant's members: by law its kommunestyre or fylkesting itself (kl. §§ 18-3 and
19-3 første ledd); real agreements also let the ordfører name a stand-in («den ordføreren
bemyndiger»)."""


class Representantskap(Modell):
    medlemmer: list[Representasjon] = Field(description="Medlemmer og vara per deltaker")
    medlemmer_velges_av: MedlemsValg | None = valgfri(
        "Hvem som velger hver deltakers medlemmer: kommunestyret (for en fylkeskommune "
        "fylkestinget), ordforeren (ordføreren eller den ordføreren bemyndiger) eller annet; "
        "utelatt = avtalen sier det ikke (da gjelder loven: kommunestyret selv)"
    )
    ledervalg: Tekst | None = valgfri("Hvordan leder og nestleder velges (eventuelt rotasjon)")
    funksjonstid: Tekst | None = valgfri("Funksjonstid hvis annen enn fire år")
    myndighet: Tekst | None = valgfri("Representantskapets oppgaver og myndighet")
    moter: Tekst | None = valgfri(
        "Når representantskapet møtes, hvem som innkaller og med hvilket varsel"
    )
    observatorer: list[Observator] | None = valgfri("Observatører med møterett uten å være medlem")


class Nemnd(Modell):
    """Felles folkevalgt nemnd in the vertskommune (kl. § 20-3)."""

    navn: Tekst = Field(description="Nemndas navn")
    medlemmer: list[Representasjon] = Field(description="Medlemmer og vara per deltaker (minst to)")
    ledervalg: Tekst | None = valgfri("Valg av leder og nestleder, eventuelt rotasjon")
    klagenemnd: Tekst | None = valgfri("Særskilt klagenemnd (kl. § 20-6)")


StyreValg = Literal["representantskapet", "kommunestyrene", "annet"]


class Styre(Modell):
    """A styre: required in an IKS, allowed in a KO or IPR as an organ the representantskap
    creates and elects itself (kl. §§ 18-3 and 19-3 last ledd)."""

    antall_medlemmer: int | None = Field(
        default=None,
        ge=1,
        description="Antall styremedlemmer; utelatt = avtalen fastsetter ikke tallet (eller det "
        "er ukjent)",
    )
    ansattevalgte: int | None = Field(
        default=None,
        ge=0,
        description="Styremedlemmer valgt av de ansatte; utelatt = ikke fastsatt",
    )
    velges_av: StyreValg | None = valgfri(
        "Hvem som velger styret: representantskapet, kommunestyrene eller annet"
    )
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
    art: VedtaksArt | None = valgfri(
        "ordinaer, interne_forhold (samarbeidets indre forhold) eller tilskuddsordning; "
        "utelatt = ikke angitt"
    )
    prinsipiell_betydning: bool | None = valgfri(
        "Om myndigheten omfatter saker av prinsipiell betydning; utelatt = ikke angitt"
    )


class Myndighet(Modell):
    beskrivelse: Tekst | None = valgfri("Hvilken myndighet som legges til samarbeidet")
    enkeltvedtak: list[Vedtaksmyndighet] | None = valgfri(
        "Myndighet til å treffe enkeltvedtak; [] = ingen, utelatt = ikke angitt"
    )
    forbeholdt_deltakerne: Tekst | None = valgfri("Saker som fortsatt avgjøres av hver deltaker")
