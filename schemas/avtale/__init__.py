"""Pydantic models of the agreement data in `agreements/<id>/avtale.yaml`, one per cooperation form.

The law's mandatory items are fields that may be left out while a draft is written: each carries
`json_schema_extra={"lovkrav": RULE_ID}` and the rule catalogue (`schemas.regler`) reports a missing
one with its legal basis, instead of pydantic refusing the whole file. Items that live per participant
(eierandel, innskudd) are named in the model's `DELTAKERKRAV`. Unknown keys are always errors, so a
misspelt key can never silently drop a clause.

The package is split by area (`grunn`, `deltakere`, `organer`, `okonomi`, `klausuler`, `former`);
this module builds the union of the forms and re-exports every name, so `from schemas.avtale import
X` works for all of them.
"""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from schemas.avtale.deltakere import Deltaker, Signatar
from schemas.avtale.former import (
    Iks,
    InterkommunaltPolitiskRad,
    KommunaltOppgavefellesskap,
    Samarbeidsavtale,
    Vertskommune,
    VertskommuneNemnd,
)
from schemas.avtale.grunn import SCHEMA_VERSION, Modell, lovkrav, valgfri
from schemas.avtale.klausuler import (
    FellesKlausuler,
    Ikrafttredelse,
    Opplosning,
    Personvern,
    Uttreden,
    Varighet,
)
from schemas.avtale.okonomi import (
    AvtalteAndeler,
    BidragPerInnbygger,
    EtterBruk,
    EtterEierandel,
    EtterInnbyggertall,
    FastOgVariabel,
    Fordelingsnokkel,
    InnskuddPerInnbygger,
    KommuneAndel,
    KommuneTall,
    Laaneadgang,
    Likedeling,
    Okonomi,
)
from schemas.avtale.organer import (
    MedlemsValg,
    Myndighet,
    Nemnd,
    Observator,
    Oppgave,
    Representantskap,
    Representasjon,
    Styre,
    StyreValg,
    VedtaksArt,
    Vedtaksmyndighet,
)
from schemas.avtale.struktur import (
    ARVBARE_VILKAAR,
    Ansatte,
    ArvbartVilkaar,
    Avtalesett,
    Opptak,
    Overgang,
    Rammetilknytning,
    Underavtale,
)

Avtale = Annotated[
    Vertskommune
    | VertskommuneNemnd
    | KommunaltOppgavefellesskap
    | InterkommunaltPolitiskRad
    | Iks
    | Samarbeidsavtale,
    Field(discriminator="type"),
]

# defer_build: the union of all six forms is compiled on first use, not at import; `avtale validate`
# compiles only the form a file names in `type` (the cold-start budget of issue 11).
AVTALE_ADAPTER: TypeAdapter[Avtale] = TypeAdapter(Avtale, config=ConfigDict(defer_build=True))

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


__all__ = [
    "ARVBARE_VILKAAR",
    "AVTALE_ADAPTER",
    "AVTALE_TYPES",
    "SCHEMA_VERSION",
    "TYPE_NAVN",
    "Ansatte",
    "ArvbartVilkaar",
    "Avtale",
    "Avtalesett",
    "AvtalteAndeler",
    "BidragPerInnbygger",
    "Deltaker",
    "EtterBruk",
    "EtterEierandel",
    "EtterInnbyggertall",
    "FastOgVariabel",
    "FellesKlausuler",
    "Fordelingsnokkel",
    "Ikrafttredelse",
    "Iks",
    "InnskuddPerInnbygger",
    "InterkommunaltPolitiskRad",
    "KommunaltOppgavefellesskap",
    "KommuneAndel",
    "KommuneTall",
    "Laaneadgang",
    "Likedeling",
    "MedlemsValg",
    "Modell",
    "Myndighet",
    "Nemnd",
    "Observator",
    "Okonomi",
    "Oppgave",
    "Opplosning",
    "Opptak",
    "Overgang",
    "Personvern",
    "Rammetilknytning",
    "Representantskap",
    "Representasjon",
    "Samarbeidsavtale",
    "Signatar",
    "Styre",
    "StyreValg",
    "Underavtale",
    "Uttreden",
    "Varighet",
    "VedtaksArt",
    "Vedtaksmyndighet",
    "Vertskommune",
    "VertskommuneNemnd",
    "lovkrav",
    "lovkrav_felter",
    "valgfri",
]
