"""The participants of an agreement and who signs for them."""

# Annotations are evaluated as the class is made, not kept as strings (no `from __future__ import
# annotations`): pydantic would otherwise evaluate each string again, at every cold start.

from typing import Literal

from pydantic import Field, model_validator

from schemas.avtale.grunn import Modell, valgfri
from schemas.felles import Andel, Belop, DeltakerArt, Deltakernummer, Tekst
from schemas.kommuner import gyldig_organisasjonsnummer
from schemas.kommuner import organisasjonsnummer as registrert_orgnr


class Signatar(Modell):
    """Who signs for a participant (kl. § 6-1: the ordfører unless someone else is authorised)."""

    navn: Tekst = Field(description="Navn på den som signerer")
    rolle: Tekst = Field(
        default="ordfører", description="Rolle, f.eks. ordfører eller kommunedirektør"
    )
    sted: Tekst | None = Field(default=None, description="Sted for underskrift")


# A party is a kommune, a fylkeskommune or (in an IKS only) another IKS; the number's length tells
# which (`schemas.felles.deltakerart`). No docstring: it would become the editor schema's English text.
class Deltaker(Modell):
    kommunenummer: Deltakernummer = Field(
        description=(
            "Deltakerens nummer, gyldig på avtaledatoen: kommunenummer (fire siffer), "
            "fylkesnummer (to siffer) for en fylkeskommune eller organisasjonsnummer (ni siffer) "
            "for et interkommunalt selskap"
        )
    )
    art: DeltakerArt | None = valgfri(
        "kommune, fylkeskommune eller iks; utledes av nummeret når den ikke er oppgitt"
    )
    navn: Tekst = Field(description="Navnet slik det står i SSBs kommune- eller fylkesliste")
    eierandel: Andel | None = valgfri("Eierandel (KO, IPR, IKS)")
    ansvarsandel: Andel | None = valgfri("Ansvarsandel dersom den avviker fra eierandelen")
    innskudd: Belop | None = valgfri("Innskudd i kroner (innskuddsplikt)")
    andre_bidrag: Tekst | None = valgfri("Andre ytelser deltakeren skal yte")
    signatar: Signatar | None = valgfri("Hvem som signerer for deltakeren")
    organisasjonsnummer: str | None = Field(
        default=None,
        pattern=r"^[0-9]{9}$",
        description=(
            "Deltakerens organisasjonsnummer i Enhetsregisteret (ni siffer), slik det står i "
            "avtalen; må stemme med schemas/data/organisasjonsnummer.csv"
        ),
    )

    ikke_utfylt: list[Literal["organisasjonsnummer"]] | None = valgfri(
        "Felt avtaleteksten har for deltakeren, men som står tomme der (et «organisasjonsnummer:» "
        "uten nummer): ukjent, ikke oppdiktet, og et funn om at feltet må fylles ut"
    )

    @model_validator(mode="after")
    def _orgnr_stemmer(self) -> "Deltaker":
        # The number stands in the adopted text, so it is data (bound by the avtale-hash) and must
        # be the party's own: a wrong digit would name another legal person.
        nr = self.organisasjonsnummer
        if nr is not None and "organisasjonsnummer" in (self.ikke_utfylt or []):
            raise ValueError(
                f"organisasjonsnummer {nr} er oppgitt, men ikke_utfylt sier at feltet står tomt "
                "i avtalen; velg ett av dem"
            )
        if nr is None:
            return self
        if not gyldig_organisasjonsnummer(nr):
            raise ValueError(f"organisasjonsnummer {nr} har feil kontrollsiffer")
        kjent = registrert_orgnr(self.kommunenummer)
        if kjent is not None and kjent != nr:
            raise ValueError(
                f"organisasjonsnummer {nr} hører ikke til {self.navn} ({self.kommunenummer}); "
                f"organisasjonsnummerlisten fra Enhetsregisteret har {kjent}"
            )
        if len(self.kommunenummer) == 9 and nr != self.kommunenummer:
            raise ValueError(
                f"et interkommunalt selskap er part med organisasjonsnummeret sitt "
                f"({self.kommunenummer}); {nr} er et annet"
            )
        return self
