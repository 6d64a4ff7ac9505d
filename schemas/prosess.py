"""Pydantic models of the process records in `agreements/<id>/prosess.yaml`.

The file holds what happened to an agreement between draft and entry into force: the political
calendar (møter), consultation with tillitsvalgte (drøfting), saksframlegg sent to each body,
decisions (vedtak) bound to the avtale-hash that was before the body, signatures, the vertskommune
delegation decisions and the notice to statsforvalteren, and the date of entry into force.
Records are appended, never edited in place; a mistake is fixed by a new record that names the one
it corrects (`korrigerer`). Where the agreement stands is derived from these records and a date
(`avtaleflyt.prosess.status`); it is never stored here.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.felles import Deltakernummer as Kommunenummer  # a party: kommune, fylkeskommune or IKS
from schemas.felles import Slug, Tekst

PROSESS_SCHEMA_VERSION = "1.0"

AvtaleHash = Annotated[
    str,
    Field(
        pattern=r"^[0-9a-f]{64}$",
        description="Avtale-hash (SHA-256, 64 heksadesimale tegn) for teksten som lå til behandling",
    ),
]

Organ = Literal[
    "kommunestyre",
    "fylkesting",
    "formannskap",
    "fylkesutvalg",
    "felles_formannskap",
    "hovedutvalg",
    "partssammensatt_utvalg",
    "arbeidsmiljoutvalg",
    "eldrerad",
    "ungdomsrad",
    "rad_funksjonsnedsettelse",
    "kontrollutvalg",
    "representantskap",
    "annet",
]
"""The bodies that treat an agreement. Where the law says «kommunestyret eller fylkestinget selv»
(kl. §§ 18-4, 19-4, 20-4 annet ledd; IKS-loven § 4 første ledd) only the participant's own highest
body can adopt it: `kommunestyre` for a kommune, `fylkesting` for a fylkeskommune, `representantskap`
for an IKS taking part in an IKS (which body is `avtaleflyt.prosess.fakta.vedtaksorgan`).
`fylkesutvalg` is the county's formannskap (kl. § 5-1 annet ledd bokstav b)."""

ORGAN_NAVN: dict[str, str] = {
    "kommunestyre": "kommunestyre",
    "fylkesting": "fylkesting",
    "formannskap": "formannskap",
    "fylkesutvalg": "fylkesutvalg",
    "felles_formannskap": "felles formannskap",
    "hovedutvalg": "hovedutvalg",
    "partssammensatt_utvalg": "partssammensatt utvalg",
    "arbeidsmiljoutvalg": "arbeidsmiljøutvalg",
    "eldrerad": "eldreråd",
    "ungdomsrad": "ungdomsråd",
    "rad_funksjonsnedsettelse": "råd for personer med funksjonsnedsettelse",
    "kontrollutvalg": "kontrollutvalg",
    "representantskap": "representantskap",
    "annet": "annet organ",
}

ORGAN_BESTEMT: dict[str, tuple[str, str]] = {
    "kommunestyre": ("kommunestyret", "kommunestyrene"),
    "fylkesting": ("fylkestinget", "fylkestingene"),
    "representantskap": ("representantskapet", "representantskapene"),
}
"""A deciding body in the definite form, singular and plural, for messages («kommunestyret har
ikke vedtatt», «kommunestyrene har vedtatt»)."""

ORGAN_FLERTALL: dict[str, str] = {
    "kommunestyre": "kommunestyrer",
    "fylkesting": "fylkesting",
    "representantskap": "representantskap",
}
"""A deciding body in the indefinite plural («vedtatt i alle kommunestyrer og fylkesting»)."""

ORGAN_MOTE: dict[str, str] = {
    "kommunestyre": "kommunestyremøte",
    "fylkesting": "fylkestingsmøte",
    "representantskap": "representantskapsmøte",
}
"""A deciding body's meeting, for messages and the calendar («kommende fylkestingsmøte»)."""

Behandling = Literal["innstilling", "vedtak", "orientering", "drofting"]
"""What the body does with the case in this meeting."""

Utfall = Literal["vedtatt", "vedtatt_med_endringer", "ikke_vedtatt", "utsatt", "innstilling"]
"""Outcome of the treatment. `innstilling`: a preparing body (e.g. formannskapet) recommends."""

UTFALL_NAVN: dict[str, str] = {
    "vedtatt": "vedtatt",
    "vedtatt_med_endringer": "vedtatt med endringer",
    "ikke_vedtatt": "ikke vedtatt",
    "utsatt": "utsatt",
    "innstilling": "innstilling",
}

Tema16_5 = Literal[
    "grunnen",
    "dato",
    "folger",
    "tariffavtaleforhold",
    "tiltak",
    "reservasjon_fortrinnsrett",
]
"""The six topics of arbeidsmiljøloven § 16-5 annet ledd (bokstav a–f), verified against the law
text: the reason for the transfer; the agreed or proposed date; the legal, economic and social
consequences for the employees; changes in collective-agreement coverage; planned measures for the
employees; the right to refuse transfer and the preferential right, with the time limit."""

TEMA_16_5: dict[str, str] = {
    "grunnen": "a) grunnen til overdragelsen",
    "dato": "b) fastsatt eller foreslått dato for overdragelsen",
    "folger": "c) de rettslige, økonomiske og sosiale følger av overdragelsen for arbeidstakerne",
    "tariffavtaleforhold": "d) endringer i tariffavtaleforhold",
    "tiltak": "e) planlagte tiltak overfor arbeidstakerne",
    "reservasjon_fortrinnsrett": "f) reservasjons- og fortrinnsrett, og fristen for å utøve slike rettigheter",
}

Fristtype = Literal["kalenderdager", "virkedager"]


class Modell(BaseModel):
    # defer_build: compiled on first use, so commands that never read prosess.yaml (validate) do not pay.
    model_config = ConfigDict(extra="forbid", defer_build=True)


# --------------------------------------------------------------------------- settings


class KommuneInnstilling(Modell):
    """Settings for one municipality (its own rules for saksframlegg)."""

    kommune: Kommunenummer
    saksframlegg_frist_dager: int = Field(
        ge=0, le=90, description="Saksframlegget skal være klart så mange dager før møtet"
    )
    saksframlegg_frist_type: Fristtype = Field(
        default="kalenderdager", description="kalenderdager eller virkedager"
    )


class Innstillinger(Modell):
    saksframlegg_frist_dager: int = Field(
        default=12, ge=0, le=90, description="Standard frist for saksframlegg: dager før møtet"
    )
    saksframlegg_frist_type: Fristtype = Field(
        default="kalenderdager",
        description="kalenderdager (fristen flyttes til forrige virkedag) eller virkedager",
    )
    kommuner: list[KommuneInnstilling] = Field(
        default_factory=list, description="Egne frister per kommune"
    )
    drofting_varsel_virkedager: int = Field(
        default=10,
        ge=0,
        le=250,
        description="Advarsel når drøfting mangler så mange virkedager før første politiske møte",
    )
    drofting_kreves_for: list[Kommunenummer] | None = Field(
        default=None,
        description="Kommunene som skal drøfte med tillitsvalgte; tom = alle deltakere",
    )
    virksomhetsoverdragelse: bool = Field(
        default=False,
        description="Ansatte går over til en annen arbeidsgiver (arbeidsmiljøloven kap. 16)",
    )


# --------------------------------------------------------------------------- calendar


class Mote(Modell):
    """One meeting in the political calendar that treats the case."""

    id: Slug = Field(description="Fast id for møtet, f.eks. «skaun-ks-2026-04-23»")
    kommuner: list[Kommunenummer] = Field(
        min_length=1, description="Kommunen møtet gjelder, eller flere for et felles møte"
    )
    organ: Organ
    organnavn: Tekst | None = Field(
        default=None, description="Organets navn hvis annet enn standard"
    )
    dato: dt.date
    klokkeslett: dt.time | None = Field(default=None, description="Starttid, Europe/Oslo")
    sted: Tekst | None = None
    saksnummer: Tekst | None = Field(
        default=None, description="Politisk saksnummer, f.eks. «PS 23/26»"
    )
    behandling: Behandling = Field(description="innstilling, vedtak, orientering eller drofting")
    avlyst: bool = False
    merknad: Tekst | None = None


# --------------------------------------------------------------------------- consultation


class Protokolltilforsel(Modell):
    organisasjon: Tekst
    tekst: Tekst


class Drofting(Modell):
    """A drøftingsmøte with the tillitsvalgte (arbeidsmiljøloven § 16-5; Hovedavtalen)."""

    id: Slug
    dato: dt.date
    kommuner: list[Kommunenummer] = Field(min_length=1, description="Arbeidsgiverne som drøftet")
    organisasjoner: list[Tekst] = Field(min_length=1, description="Fagforeningene som deltok")
    tema: list[Tema16_5] = Field(
        default_factory=list, description="Temaene i aml. § 16-5 annet ledd"
    )
    protokoll: Tekst | None = Field(default=None, description="Referanse til drøftingsprotokollen")
    protokolltilforsel: list[Protokolltilforsel] = Field(default_factory=list)
    merknad: Tekst | None = None


# --------------------------------------------------------------------------- case papers


class Saksframlegg(Modell):
    """The case report sent to a meeting, with the hash of the agreement text it carries."""

    id: Slug
    kommune: Kommunenummer
    mote: Slug = Field(description="Møtets id i kalenderen")
    dato: dt.date = Field(description="Datoen saksframlegget var ferdig og sendt ut")
    versjon: int = Field(ge=1)
    avtale_hash: AvtaleHash
    saksnummer: Tekst | None = Field(
        default=None, description="Arkivsaksnummer, f.eks. «2026/1234»"
    )
    dokument: Tekst | None = None


# --------------------------------------------------------------------------- decisions


class Votering(Modell):
    enstemmig: bool = False
    for_: int | None = Field(default=None, ge=0, alias="for")
    mot: int | None = Field(default=None, ge=0)
    avholdende: int | None = Field(default=None, ge=0)

    model_config = ConfigDict(extra="forbid", populate_by_name=True, serialize_by_alias=True)

    @model_validator(mode="after")
    def _enstemmig_uten_motstemmer(self) -> Votering:
        if self.enstemmig and self.mot:
            raise ValueError(f"et enstemmig vedtak kan ikke ha {self.mot} stemmer mot")
        return self


class Vedtak(Modell):
    """A body's decision on the case, bound to the exact text (avtale-hash) before it."""

    id: Slug
    kommune: Kommunenummer
    organ: Organ
    mote: Slug = Field(description="Møtets id i kalenderen")
    motedato: dt.date
    saksnummer: Tekst | None = None
    utfall: Utfall
    vedtakstekst: Tekst
    votering: Votering | None = None
    versjon: int = Field(ge=1, description="Avtaleversjonen som lå til behandling")
    avtale_hash: AvtaleHash
    korrigerer: Slug | None = Field(
        default=None, description="Id til vedtaket denne posten retter (feilregistrering)"
    )
    merknad: Tekst | None = None


class Signatur(Modell):
    id: Slug
    kommune: Kommunenummer
    navn: Tekst
    rolle: Tekst = Field(description="F.eks. ordfører")
    fullmakt: Tekst | None = Field(
        default=None, description="Grunnlaget når en annen enn ordføreren signerer (kl. § 6-1)"
    )
    dato: dt.date
    sted: Tekst | None = None
    versjon: int = Field(ge=1)
    avtale_hash: AvtaleHash
    korrigerer: Slug | None = None


class Delegering(Modell):
    """Kommunestyret's (fylkestinget's) delegation decision in a vertskommune cooperation
    (kl. §§ 20-2, 20-3)."""

    id: Slug
    kommune: Kommunenummer
    mote: Slug
    dato: dt.date
    saksnummer: Tekst | None = None
    vedtakstekst: Tekst


class MeldingStatsforvalter(Modell):
    """Notice that the vertskommune cooperation is set up (kl. § 20-4 femte ledd): to
    statsforvalteren, or to the departement when the host is a fylkeskommune."""

    id: Slug
    dato: dt.date
    sendt_av: Kommunenummer
    dokument: Tekst | None = None


class Ikrafttredelse(Modell):
    id: Slug
    versjon: int = Field(ge=1)
    avtale_hash: AvtaleHash
    dato: dt.date


class Opphor(Modell):
    id: Slug
    dato: dt.date
    grunnlag: Tekst


class Prosess(Modell):
    """All process records of one agreement."""

    avtale: Slug = Field(description="Id til avtalen prosessen gjelder")
    innstillinger: Innstillinger = Field(default_factory=Innstillinger)
    moter: list[Mote] = Field(default_factory=list)
    drofting: list[Drofting] = Field(default_factory=list)
    saksframlegg: list[Saksframlegg] = Field(default_factory=list)
    vedtak: list[Vedtak] = Field(default_factory=list)
    signaturer: list[Signatur] = Field(default_factory=list)
    delegering: list[Delegering] = Field(default_factory=list)
    melding_statsforvalter: list[MeldingStatsforvalter] = Field(default_factory=list)
    ikrafttredelse: list[Ikrafttredelse] = Field(default_factory=list)
    opphor: list[Opphor] = Field(default_factory=list)


RECORD_LISTS: dict[type[BaseModel], str] = {
    Mote: "moter",
    Drofting: "drofting",
    Saksframlegg: "saksframlegg",
    Vedtak: "vedtak",
    Signatur: "signaturer",
    Delegering: "delegering",
    MeldingStatsforvalter: "melding_statsforvalter",
    Ikrafttredelse: "ikrafttredelse",
    Opphor: "opphor",
}
"""Which list in prosess.yaml each record type is appended to."""
