"""The clauses every agreement type has (`FellesKlausuler`): identity, dates, participants, duration,
withdrawal, dissolution and the rest a lawyer expects whatever the form."""

# Annotations are evaluated as the class is made, not kept as strings (no `from __future__ import
# annotations`): pydantic would otherwise evaluate each string again, at every cold start.

import datetime as dt
from typing import ClassVar, Literal

from pydantic import Field

from schemas.avtale.deltakere import Deltaker
from schemas.avtale.grunn import Modell, tom_liste, valgfri
from schemas.avtale.struktur import (
    Ansatte,
    Avtalesett,
    Opptak,
    Overgang,
    Rammetilknytning,
    Underavtale,
)
from schemas.felles import Slug, Tekst


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


VedleggArt = Literal[
    "databehandleravtale", "delegeringsvedtak", "tjenestebeskrivelse", "ansatteliste", "annet"
]


class Vedlegg(Modell):
    """A document attached to the agreement. The data names the file and its SHA-256, so the
    avtale-hash binds the attachment's bytes as it binds the text: a changed attachment is a new
    version the councils adopt."""

    tittel: Tekst = Field(description="Vedleggets tittel slik den står i avtalen")
    fil: str = Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$",
        description="Filnavnet i agreements/<id>/vedlegg/",
    )
    sha256: str = Field(
        pattern=r"^[0-9a-f]{64}$", description="SHA-256 av filen (64 heksadesimale tegn)"
    )
    art: VedleggArt = Field(
        default="annet",
        description=(
            "databehandleravtale, delegeringsvedtak, tjenestebeskrivelse, ansatteliste eller annet"
        ),
    )


class Kontroll(Modell):
    """Control, audit and access (kommuneloven kap. 23 and 24, offentleglova)."""

    revisjon: Tekst | None = valgfri("Hvem som reviderer regnskapet for samarbeidet")
    beskrivelse: Tekst | None = valgfri("Nærmere om kontroll og innsyn")


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
    versjonsdato: dt.date | None = valgfri(
        "Datoen denne versjonen ble laget; utelatt når den ikke er kjent (eldre avtaler)"
    )
    avtaledato: dt.date | None = valgfri("Avtalens dato; kommunenumre må være gyldige denne dagen")
    deltakere: list[Deltaker] = Field(default_factory=tom_liste, description="Deltakende kommuner")
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
    organisering: Tekst | None = valgfri("Styringsgruppe, kontaktpersoner og møter")
    standardklausuler: dict[Slug, Slug] | None = valgfri(
        "Standardvilkår fra klausulbiblioteket, emne → navn (templates/klausuler/standard/<emne>/"
        "<navn>.j2), f.eks. {tvister: forhandlinger-og-domstol}; uten dem viser dokumentet bare "
        "vilkår som står i dataene"
    )
    lovhjemmel_ordrett: Tekst | None = valgfri(
        "Lovgrunnlaget slik avtaleteksten selv angir det, ordrett (også en eldre lov)"
    )
    ansatte: Ansatte | None = valgfri("Hva avtalen betyr for ansatte (styrer kravet om drøfting)")
    kontroll: Kontroll | None = valgfri("Kontroll, revisjon og innsyn")
    vedlegg: list[Vedlegg] | None = valgfri(
        "Vedlegg til avtalen: tittel, fil under vedlegg/ og SHA-256, i den rekkefølgen de nummereres"
    )
    opptak: Opptak | None = valgfri("Opptak av nye deltakere")
    overganger: list[Overgang] | None = valgfri(
        "Vilkår som gjelder fra en dato innen denne versjonen (innfasing, ny styring)"
    )
    rammeavtale: Rammetilknytning | None = valgfri(
        "Rammeavtalen denne avtalen er delavtale under, og vilkårene den tar derfra"
    )
    underavtaler: list[Underavtale] | None = valgfri(
        "Delavtalene under denne rammeavtalen, med deltakerne i hver tjeneste"
    )
    avtalesett: Avtalesett | None = valgfri(
        "Avtalesettet når verten har én bilateral avtale med hver partner"
    )

    DELTAKERKRAV: ClassVar[dict[str, str]] = {}
    """Per-participant fields the law requires for this type: field name → rule id."""

    @property
    def dato(self) -> dt.date | None:
        """The date kommunenummer validity is checked on: the agreement's own date, else this
        version's, else its entry into force; None when the data states none of them."""
        ikraft = self.ikrafttredelse.dato if self.ikrafttredelse is not None else None
        return self.avtaledato or self.versjonsdato or ikraft
