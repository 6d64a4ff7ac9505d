"""Pydantic models of the agreement data in `agreements/<id>/avtale.yaml`, one per cooperation form.

The law's mandatory items are fields that may be left out while a draft is written: each carries
`json_schema_extra={"lovkrav": RULE_ID}` and the rule catalogue (`schemas.regler`) reports a missing
one with its legal basis, instead of pydantic refusing the whole file. Items that live per participant
(eierandel, innskudd) are named in the model's `DELTAKERKRAV`. Unknown keys are always errors, so a
misspelt key can never silently drop a clause.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from schemas.felles import Andel, Belop, Kommunenummer, Slug, Tekst

SCHEMA_VERSION = "1.0"


def lovkrav(regel: str, beskrivelse: str) -> Any:
    """A field the law requires the agreement to contain; missing → finding `regel`."""
    return Field(default=None, description=beskrivelse, json_schema_extra={"lovkrav": regel})


def valgfri(beskrivelse: str, default: Any = None) -> Any:
    """A clause real agreements carry although no law demands it."""
    return Field(default=default, description=beskrivelse)


class Modell(BaseModel):
    # defer_build: each model is compiled when first used on its own; AVTALE_ADAPTER compiles the
    # agreement types once together, instead of every nested model again at import (cold start).
    model_config = ConfigDict(
        extra="forbid", validate_default=False, ser_json_inf_nan="strings", defer_build=True
    )


# --------------------------------------------------------------------------- participants


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


# --------------------------------------------------------------------------- economy


class KommuneTall(Modell):
    kommunenummer: Kommunenummer
    antall: int = Field(ge=0)


class KommuneAndel(Modell):
    kommunenummer: Kommunenummer
    andel: Andel


class Likedeling(Modell):
    metode: Literal["lik"]


class EtterInnbyggertall(Modell):
    metode: Literal["innbyggertall"]
    aar: int = Field(description="Folketall per 1. januar dette året (SSB)")


class EtterBruk(Modell):
    metode: Literal["bruk"]
    enhet: Tekst = Field(description="Hva bruken måles i, f.eks. «antall lønnsmottakere»")
    bruk: list[KommuneTall]


class FastOgVariabel(Modell):
    metode: Literal["fast_og_variabel"]
    fast_andel: Andel = Field(description="Andel av kostnadene som deles likt")
    variabel_etter: Literal["innbyggertall", "bruk"]
    aar: int | None = valgfri("Folketall per 1. januar dette året (ved innbyggertall)")
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


class Okonomi(Modell):
    oppgjor: Tekst | None = valgfri("Hvordan det økonomiske oppgjøret skjer")
    fordelingsnokkel: Fordelingsnokkel | None = valgfri("Hvordan kostnadene fordeles")
    budsjett: Belop | None = valgfri("Årlig budsjettramme i kroner")
    budsjettaar: int | None = valgfri("Budsjettåret rammen gjelder")
    fakturering: Tekst | None = valgfri("Fakturering og betalingsfrister")
    underskudd: Tekst | None = valgfri(
        "Dekning av underskudd hvis annen enn ansvarsandel (kl. § 14-12)"
    )


class Laaneadgang(Modell):
    tillatt: bool = Field(description="Om samarbeidet kan ta opp lån")
    ramme: Belop | None = valgfri("Øvre ramme for samlede låneopptak")


# --------------------------------------------------------------------------- clauses


class Varighet(Modell):
    sluttdato: dt.date | None = valgfri("Sluttdato; tom for tidsubestemt avtale")
    beskrivelse: Tekst | None = valgfri("Varighet med egne ord")


class Ikrafttredelse(Modell):
    dato: dt.date | None = valgfri("Dato avtalen trer i kraft")
    vilkaar: Tekst | None = valgfri("Vilkår for ikrafttredelse, f.eks. vedtak i alle kommunestyrer")


class Personvern(Modell):
    behandler_personopplysninger: bool = Field(
        description="Om samarbeidet behandler personopplysninger"
    )
    behandlingsansvarlig: Tekst | None = valgfri("Hvem som er behandlingsansvarlig")
    databehandleravtale: bool = valgfri("Om det inngås databehandleravtale (GDPR art. 28)", False)
    beskrivelse: Tekst | None = valgfri("Nærmere om personvern og informasjonssikkerhet")


class Uttreden(Modell):
    vilkaar: Tekst | None = valgfri("Hvordan en deltaker kan tre ut")
    oppsigelsestid_maaneder: int | None = Field(
        default=None, ge=0, le=120, description="Oppsigelsestid i måneder"
    )
    oppgjor: Tekst | None = valgfri("Økonomisk oppgjør ved uttreden")


class Opplosning(Modell):
    vilkaar: Tekst | None = valgfri("Hvordan samarbeidet oppløses")
    oppgjor: Tekst | None = valgfri("Fordeling av eiendeler og forpliktelser")
    arkiv: Tekst | None = valgfri("Hvem som overtar arkivet etter oppløsning")


class FellesKlausuler(Modell):
    """Fields every agreement type has."""

    id: Slug = Field(description="Avtalens faste id (små bokstaver, tall og bindestrek)")
    tittel: Tekst = Field(description="Avtalens tittel")
    versjon: int = Field(default=1, ge=1, description="Tekstversjon; øker når teksten endres")
    versjonsdato: dt.date = Field(description="Datoen denne versjonen ble laget")
    avtaledato: dt.date | None = valgfri("Avtalens dato; kommunenumre må være gyldige denne dagen")
    deltakere: list[Deltaker] = Field(default_factory=list, description="Deltakende kommuner")
    formaal: Tekst | None = valgfri("Samarbeidets formål")
    bakgrunn: Tekst | None = valgfri("Bakgrunn for samarbeidet")
    varighet: Varighet | None = valgfri("Avtalens varighet")
    ikrafttredelse: Ikrafttredelse | None = valgfri("Når avtalen trer i kraft")
    rapportering: Tekst | None = valgfri("Rapportering til deltakerne")
    evaluering: Tekst | None = valgfri("Når og hvordan samarbeidet evalueres")
    tvistelosning: Tekst | None = valgfri("Løsning av tvister")
    personvern: Personvern | None = valgfri("Personvern og databehandleravtale")
    arkivansvar: Tekst | None = valgfri("Ansvar for arkiv under samarbeidet")
    arbeidsgiveransvar: Tekst | None = valgfri("Arbeidsgiveransvar og virksomhetsoverdragelse")
    endringer: Tekst | None = valgfri("Hvordan avtalen endres")

    DELTAKERKRAV: ClassVar[dict[str, str]] = {}
    """Per-participant fields the law requires for this type: field name → rule id."""

    @property
    def dato(self) -> dt.date:
        """The date kommunenummer validity is checked on."""
        return self.avtaledato or self.versjonsdato


# --------------------------------------------------------------------------- the six forms


class Vertskommune(FellesKlausuler):
    """Administrativt vertskommunesamarbeid (kommuneloven § 20-2)."""

    type: Literal["vertskommune"]
    deltakere: list[Deltaker] = Field(
        default_factory=list,
        description="Deltakerne, vertskommunen medregnet",
        json_schema_extra={"lovkrav": "KL-20-4-A"},
    )
    vertskommune: Kommunenummer | None = lovkrav(
        "KL-20-4-B", "Hvilken deltaker som er vertskommune"
    )
    oppgaver: list[Oppgave] | None = lovkrav("KL-20-4-C", "Oppgavene som legges til vertskommunen")
    myndighet: Myndighet | None = lovkrav("KL-20-4-C", "Myndigheten som legges til vertskommunen")
    overforingsdato: dt.date | None = lovkrav("KL-20-4-D", "Når oppgavene og myndigheten overføres")
    underretning: Tekst | None = lovkrav(
        "KL-20-4-E", "Hvilke vedtak vertskommunen skal underrette deltakerne om"
    )
    okonomi: Okonomi | None = lovkrav("KL-20-4-F", "Økonomisk oppgjør mellom deltakerne")
    uttreden: Uttreden | None = lovkrav("KL-20-4-G", "Hvordan en deltaker kan tre ut")
    opplosning: Opplosning | None = lovkrav("KL-20-4-H", "Hvordan samarbeidet oppløses")
    andre_lovkrav: list[Tekst] | None = lovkrav(
        "KL-20-4-I", "Bestemmelser annen lov krever i avtalen; tom liste når ingen"
    )
    instruksjon: Tekst | None = valgfri("Deltakernes instruksjonsrett (kl. § 20-2 fjerde ledd)")
    statsforvalter_underrettes: Tekst | None = valgfri("Melding til statsforvalteren (kl. § 20-4)")


class VertskommuneNemnd(Vertskommune):
    """Vertskommunesamarbeid med felles folkevalgt nemnd (kommuneloven § 20-3)."""

    type: Literal["vertskommune_nemnd"]  # type: ignore[assignment]
    nemnd: Nemnd | None = lovkrav("KL-20-4-NEMND", "Nemndas sammensetning: medlemmer per deltaker")


class KommunaltOppgavefellesskap(FellesKlausuler):
    """Kommunalt oppgavefellesskap (kommuneloven kapittel 19)."""

    type: Literal["kommunalt_oppgavefellesskap"]
    navn: Tekst | None = lovkrav("KL-19-4-A", "Oppgavefellesskapets navn")
    eget_rettssubjekt: bool | None = lovkrav("KL-19-4-B", "Om fellesskapet er eget rettssubjekt")
    representantskap: Representantskap | None = lovkrav(
        "KL-19-4-C", "Antall medlemmer i representantskapet per deltaker"
    )
    oppgaver: list[Oppgave] | None = lovkrav("KL-19-4-D", "Oppgavene fellesskapet skal løse")
    myndighet: Myndighet | None = lovkrav("KL-19-4-D", "Myndighet som legges til fellesskapet")
    innskuddsplikt: Tekst | None = lovkrav("KL-19-4-E", "Innskuddsplikt og andre ytelser")
    laaneadgang: Laaneadgang | None = lovkrav("KL-19-4-G", "Om fellesskapet kan ta opp lån")
    rapportering: Tekst | None = lovkrav(
        "KL-19-4-H", "Hva fellesskapet skal rapportere til deltakerne"
    )
    uttreden: Uttreden | None = lovkrav("KL-19-4-I", "Hvordan en deltaker kan tre ut")
    opplosning: Opplosning | None = lovkrav(
        "KL-19-4-J", "Oppløsning, herunder hvem som overtar arkivet"
    )
    kontorkommune: Kommunenummer | None = valgfri("Kontorkommune (regnskap og arkiv)")
    okonomi: Okonomi | None = valgfri("Budsjett og kostnadsfordeling")

    DELTAKERKRAV: ClassVar[dict[str, str]] = {"eierandel": "KL-19-4-F"}


class InterkommunaltPolitiskRad(FellesKlausuler):
    """Interkommunalt politisk råd (kommuneloven kapittel 18)."""

    type: Literal["interkommunalt_politisk_rad"]
    navn: Tekst | None = lovkrav("KL-18-4-A", "Rådets navn")
    eget_rettssubjekt: bool | None = lovkrav("KL-18-4-B", "Om rådet er eget rettssubjekt")
    representantskap: Representantskap | None = lovkrav(
        "KL-18-4-C", "Antall medlemmer i representantskapet per deltaker"
    )
    saksomrader: list[Tekst] | None = lovkrav("KL-18-4-D", "Hvilke saker rådet kan behandle")
    myndighet: Myndighet | None = lovkrav("KL-18-4-E", "Myndighet som legges til rådet")
    uttreden: Uttreden | None = lovkrav("KL-18-4-G", "Hvordan en deltaker kan tre ut")
    opplosning: Opplosning | None = lovkrav(
        "KL-18-4-H", "Oppløsning, herunder hvem som overtar arkivet"
    )
    kontorkommune: Kommunenummer | None = valgfri("Kontorkommune (regnskap og arkiv)")
    okonomi: Okonomi | None = valgfri("Budsjett og kostnadsfordeling")

    DELTAKERKRAV: ClassVar[dict[str, str]] = {"eierandel": "KL-18-4-F"}


class Iks(FellesKlausuler):
    """Interkommunalt selskap: selskapsavtale etter IKS-loven § 4."""

    type: Literal["iks"]
    navn: Tekst | None = lovkrav("IKSL-4-NAVN", "Selskapets foretaksnavn")
    deltakere: list[Deltaker] = Field(
        default_factory=list,
        description="Deltakerne i selskapet",
        json_schema_extra={"lovkrav": "IKSL-4-DELTAKERE"},
    )
    formaal: Tekst | None = lovkrav("IKSL-4-FORMAAL", "Selskapets formål")
    hovedkontor: Kommunenummer | None = lovkrav(
        "IKSL-4-HOVEDKONTOR", "Kommunen der selskapet har hovedkontor"
    )
    representantskap: Representantskap | None = lovkrav(
        "IKSL-4-REPRESENTANTSKAP", "Antall medlemmer i representantskapet per deltaker"
    )
    styre: Styre | None = valgfri("Styrets sammensetning")
    oppgaver: list[Oppgave] | None = valgfri("Selskapets oppgaver")
    myndighet: Myndighet | None = valgfri("Myndighet lagt til selskapet (bare med særlovshjemmel)")
    laaneadgang: Laaneadgang | None = valgfri("Låneadgang og øvre låneramme")
    okonomi: Okonomi | None = valgfri("Budsjett og kostnadsfordeling")
    uttreden: Uttreden | None = valgfri("Uttreden (IKS-loven § 30)")
    opplosning: Opplosning | None = valgfri("Oppløsning (IKS-loven § 32)")

    DELTAKERKRAV: ClassVar[dict[str, str]] = {
        "eierandel": "IKSL-4-EIERANDEL",
        "innskudd": "IKSL-4-INNSKUDD",
    }


class Samarbeidsavtale(FellesKlausuler):
    """Annet samarbeid etter kommuneloven § 17-1, f.eks. et fagnettverk, uten delegert myndighet."""

    type: Literal["samarbeidsavtale"]
    oppgaver: list[Oppgave] | None = valgfri("Hva samarbeidet omfatter")
    myndighet: Myndighet | None = valgfri("Myndighet (en samarbeidsavtale kan ikke delegere)")
    okonomi: Okonomi | None = valgfri("Kostnadsfordeling")
    organisering: Tekst | None = valgfri("Styringsgruppe, kontaktpersoner og møter")
    uttreden: Uttreden | None = valgfri("Uttreden og oppsigelse")
    opplosning: Opplosning | None = valgfri("Avslutning av samarbeidet")


Avtale = Annotated[
    Vertskommune
    | VertskommuneNemnd
    | KommunaltOppgavefellesskap
    | InterkommunaltPolitiskRad
    | Iks
    | Samarbeidsavtale,
    Field(discriminator="type"),
]

AVTALE_ADAPTER: TypeAdapter[Avtale] = TypeAdapter(Avtale)

AVTALE_TYPES: dict[str, type[FellesKlausuler]] = {
    "vertskommune": Vertskommune,
    "vertskommune_nemnd": VertskommuneNemnd,
    "kommunalt_oppgavefellesskap": KommunaltOppgavefellesskap,
    "interkommunalt_politisk_rad": InterkommunaltPolitiskRad,
    "iks": Iks,
    "samarbeidsavtale": Samarbeidsavtale,
}

TYPE_NAVN: dict[str, str] = {
    "vertskommune": "administrativt vertskommunesamarbeid (kommuneloven § 20-2)",
    "vertskommune_nemnd": "vertskommunesamarbeid med felles folkevalgt nemnd (kommuneloven § 20-3)",
    "kommunalt_oppgavefellesskap": "kommunalt oppgavefellesskap (kommuneloven kapittel 19)",
    "interkommunalt_politisk_rad": "interkommunalt politisk råd (kommuneloven kapittel 18)",
    "iks": "interkommunalt selskap (IKS-loven)",
    "samarbeidsavtale": "samarbeidsavtale (kommuneloven § 17-1)",
}


def lovkrav_felter(model: type[BaseModel]) -> dict[str, str]:
    """Field name → rule id for every law-required top-level field of a model."""
    result: dict[str, str] = {}
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra
        if isinstance(extra, dict) and "lovkrav" in extra:
            result[name] = str(extra["lovkrav"])
    return result
