"""The clerk's forms in the Prefect UI: vedtak, drøfting and signatur as flat pydantic models.

Field names (stable: the browser test in tests/nettleser fills the form in by them):

- `registrer-vedtak`, parameter `vedtak` (VedtakSkjema):
  avtale, kommune, mote, utfall, vedtakstekst, organ, enstemmig, saksnummer, merknad,
  registrert_av
- `konsultasjon`, parameter `drofting` (DroftingSkjema):
  avtale, kommuner, dato, organisasjoner, tema, protokoll, merknad, registrert_av
- `registrer-signatur`, parameter `signatur` (SignaturSkjema):
  avtale, kommune, dato, navn, rolle, sted, fullmakt, registrert_av

`registrert_av` («Navn <e-post>», may be left blank) is the author of the commit that carries the
record to the agreements repository (`tjenester.avtalerepo`); blank: the setting
AVTALE_FORFATTER (`flows.innstillinger`).

Why the form looks as it does:
- Every field is flat (text, a choice, a yes/no) and none is `X | None`: Prefect's UI shows an
  optional type as a type toggle («Property is type None»). Fields with a default are shown as
  «(Optional)» by the UI; every field is therefore marked required in the schema
  (`_paakrevd`): the UI fills in the default (a choice, no, an empty text), and a text that may
  stay blank says so in its description. A client of the REST API therefore sends every field,
  with the labels of the lists: the server checks a run's parameters against the deployment's
  schema.
- Choices are Norwegian labels (`avtaleflyt.orkestrering.skjemavalg`): agreement, municipality
  and meeting from the agreements' calendars (filled in when the deployment is made and refreshed
  by the daily sweep), outcome, organ and the § 16-5 topics from the records'
  own names. The id behind a label is read back when the form is recorded.
- Dates are text «dd.mm.åååå»: the UI's date picker is English («Pick a date», «March 26th,
  2026», weeks from Sunday) and its text box wants yyyy-MM-dd; a Norwegian clerk writes
  26.03.2026. ISO dates are accepted too. A vedtak has no date field: it is the meeting's.
- What the CLI derives is derived here by the same service-layer functions (record id, organ,
  meeting date, saksnummer, version, avtale-hash, signatory): the clerk never types a hash.
- No paths: the agreements, the archive and the documents come from the settings
  (`flows.innstillinger`), so no UI user can point a write at another folder.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from avtaleflyt import tjenester
from avtaleflyt.orkestrering.skjemavalg import (
    MOTETS_ORGAN,
    ORGAN_VALG,
    TEMA_VALG,
    UTFALL_VALG,
    etikett_id,
)
from avtaleflyt.tjenester import Registrert, UgyldigInndata


def _paakrevd(skjema: dict[str, Any]) -> None:
    """Every field is required in the schema, those with a default too: the UI then fills in the
    default (a choice, no, or an empty text) and shows no English «(Optional)»; a text a clerk may
    leave blank says so in its description."""
    paakrevd = list(skjema.get("required", []))
    for navn in skjema.get("properties", {}):
        if navn not in paakrevd:
            paakrevd.append(navn)
    skjema["required"] = paakrevd


class Skjema(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_paakrevd)


AVTALE = Field(title="Avtale", description="Avtalen posten gjelder.", min_length=1, max_length=300)

REGISTRERT_AV = Field(
    default="",
    title="Registrert av",
    description="Navn <e-post> til den som registrerer, f.eks. «Kari Nordmann "
    "<kari.nordmann@kommune.no>». Står som forfatter når posten leveres til avtalerepoet. "
    "Tomt: forfatteren driften har satt opp.",
)


class VedtakSkjema(Skjema):
    """Vedtak (eller innstilling) i et politisk organ."""

    model_config = ConfigDict(title="Vedtak")

    avtale: str = AVTALE
    kommune: str = Field(title="Kommune", description="Kommunen som har vedtatt.", min_length=1)
    mote: str = Field(
        title="Møte",
        description="Møtet i den politiske kalenderen. Organ, møtedato og saksnummer hentes "
        "fra møtet, og avtale-hashen fra saksframlegget til møtet (ellers gjeldende tekst).",
        min_length=1,
    )
    utfall: str = Field(
        title="Utfall",
        description="Hva organet vedtok. «Innstilling» når organet innstiller til et annet.",
        json_schema_extra={"enum": list(UTFALL_VALG)},
    )
    vedtakstekst: str = Field(
        title="Vedtakstekst",
        description="Vedtaket slik det står i møteboka.",
        min_length=1,
        max_length=20000,
    )
    organ: str = Field(
        default=MOTETS_ORGAN,
        title="Organ",
        description="Organet som traff vedtaket; la stå «Møtets organ» med mindre møteboka sier "
        "noe annet.",
        json_schema_extra={"enum": list(ORGAN_VALG)},
    )
    enstemmig: bool = Field(default=False, title="Enstemmig vedtak")
    saksnummer: str = Field(
        default="", title="Saksnummer", description="Tomt: møtets saksnummer i kalenderen."
    )
    merknad: str = Field(default="", title="Merknad", description="Kan stå tomt.")
    registrert_av: str = REGISTRERT_AV


class DroftingSkjema(Skjema):
    """Drøftingsmøte med de tillitsvalgte (arbeidsmiljøloven § 16-5)."""

    model_config = ConfigDict(title="Drøfting")

    avtale: str = AVTALE
    kommuner: list[str] = Field(
        title="Kommuner", description="Arbeidsgiverne som drøftet.", min_length=1
    )
    dato: str = Field(title="Dato", description="Møtedato, dd.mm.åååå (f.eks. 03.03.2026).")
    organisasjoner: str = Field(
        title="Organisasjoner",
        description="Fagforeningene som deltok, skilt med komma (f.eks. «Fagforbundet, Delta»).",
        min_length=1,
    )
    tema: list[str] = Field(
        default_factory=list,
        title="Tema i aml. § 16-5 annet ledd",
        description="Temaene som ble drøftet.",
        json_schema_extra={"items": {"type": "string", "enum": list(TEMA_VALG)}},
    )
    protokoll: str = Field(
        default="",
        title="Protokoll",
        description="Referanse til drøftingsprotokollen. Kan stå tomt.",
    )
    merknad: str = Field(default="", title="Merknad", description="Kan stå tomt.")
    registrert_av: str = REGISTRERT_AV


class SignaturSkjema(Skjema):
    """En parts signatur på den vedtatte teksten."""

    model_config = ConfigDict(title="Signatur")

    avtale: str = AVTALE
    kommune: str = Field(title="Kommune", description="Parten som har signert.", min_length=1)
    dato: str = Field(title="Dato", description="Signert dato, dd.mm.åååå.")
    navn: str = Field(default="", title="Navn", description="Tomt: avtalens signatar for parten.")
    rolle: str = Field(
        default="", title="Rolle", description="Tomt: avtalens signatar, ellers ordfører."
    )
    sted: str = Field(default="", title="Sted", description="Kan stå tomt.")
    fullmakt: str = Field(
        default="", title="Fullmakt", description="Grunnlaget når ikke ordføreren signerer."
    )
    registrert_av: str = REGISTRERT_AV


# --------------------------------------------------------------------------- reading the form

_NORSK_DATO = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")


def les_dato(tekst: str, felt: str = "dato") -> dt.date:
    """«26.03.2026» (or «2026-03-26») as a date; `UgyldigInndata` otherwise."""
    try:
        treff = _NORSK_DATO.match(tekst)
        if treff:
            dag, maned, ar = (int(x) for x in treff.groups())
            return dt.date(ar, maned, dag)
        return dt.date.fromisoformat(tekst.strip())
    except ValueError:
        raise UgyldigInndata(
            felt, f"«{tekst}» er ikke en dato; skriv dd.mm.åååå, f.eks. 26.03.2026"
        ) from None


def _valg(tekst: str, valg: dict[str, Any], felt: str) -> Any:
    """The value behind a choice label; a raw value is accepted too (an API caller)."""
    if tekst in valg:
        return valg[tekst]
    if tekst in valg.values():
        return tekst
    raise UgyldigInndata(felt, f"«{tekst}» er ikke et av valgene: {', '.join(valg)}")


def _tekst(verdi: str) -> str | None:
    return verdi.strip() or None


def avtale_id(skjema: VedtakSkjema | DroftingSkjema | SignaturSkjema) -> str:
    return etikett_id(skjema.avtale)


def registrer_skjema(
    skjema: VedtakSkjema | DroftingSkjema | SignaturSkjema, mappe: Path, at: dt.date
) -> Registrert:
    """Record the form through the same service-layer function as `avtale record`, which
    derives what the clerk did not give; raises the same refusals as the CLI meets."""
    if isinstance(skjema, VedtakSkjema):
        return tjenester.registrer_vedtak(
            mappe,
            mote=etikett_id(skjema.mote),
            kommune=etikett_id(skjema.kommune),
            utfall=_valg(skjema.utfall, UTFALL_VALG, "utfall"),
            vedtakstekst=skjema.vedtakstekst.strip(),
            organ=_valg(skjema.organ, ORGAN_VALG, "organ"),
            saksnummer=_tekst(skjema.saksnummer),
            votering={"enstemmig": True} if skjema.enstemmig else None,
            merknad=_tekst(skjema.merknad),
            at=at,
        )
    if isinstance(skjema, DroftingSkjema):
        return tjenester.registrer_drofting(
            mappe,
            dato=les_dato(skjema.dato),
            kommuner=[etikett_id(k) for k in skjema.kommuner],
            organisasjoner=[o.strip() for o in skjema.organisasjoner.split(",") if o.strip()],
            tema=[_valg(t, TEMA_VALG, "tema") for t in skjema.tema],
            protokoll=_tekst(skjema.protokoll),
            merknad=_tekst(skjema.merknad),
            at=at,
        )
    return tjenester.registrer_signatur(
        mappe,
        kommune=etikett_id(skjema.kommune),
        dato=les_dato(skjema.dato),
        navn=_tekst(skjema.navn),
        rolle=_tekst(skjema.rolle),
        sted=_tekst(skjema.sted),
        fullmakt=_tekst(skjema.fullmakt),
        at=at,
    )
