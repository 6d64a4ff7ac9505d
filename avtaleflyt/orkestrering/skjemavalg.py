"""The choice lists of the clerk's forms in the Prefect UI, made from the agreements' calendars.

The Prefect UI shows a parameter whose JSON schema has an `enum` as a searchable select list,
and shows the enum's values as they are: so each choice is a label a clerk reads («Skaun kommune
(5029)», «26.03.2026 Skaun kommunestyre (skaun-ks-2026-03-26)», «Vedtatt med endringer») and the
id the records need is read back from the label (`etikett_id`, `UTFALL_VALG`, …).

A deployment's parameter schema is stored on the server when the deployment is created; the
lists of agreements, municipalities and meetings are therefore put into it then (`med_valg`, used
by `flows.serve`) and again whenever the calendars may have changed (`oppdater_skjemaer`: the
daily sweep calls it), so a new meeting appears in the form the next morning without a
redeploy; a command that changes a calendar may call it too. Names and labels come from the one home they
have: `schemas.prosess` (ORGAN_NAVN, UTFALL_NAVN, TEMA_16_5) and `prosess.kontekst`.

Prefect is imported inside `oppdater_skjemaer` only: the lists themselves need no Prefect.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from avtaleflyt.prosess.kontekst import Kontekst
from avtaleflyt.tjenester import avtaler_med_prosess, last
from schemas.prosess import ORGAN_NAVN, TEMA_16_5, UTFALL_NAVN, Mote


def _stor(tekst: str) -> str:
    return tekst[:1].upper() + tekst[1:]


UTFALL_VALG: dict[str, str] = {_stor(navn): verdi for verdi, navn in UTFALL_NAVN.items()}
"""Label in the form → `Vedtak.utfall` («Vedtatt med endringer» → vedtatt_med_endringer)."""

MOTETS_ORGAN = "Møtets organ"
"""The organ choice that leaves the body to the meeting, as `avtale record` does without --organ."""

ORGAN_VALG: dict[str, str | None] = {
    MOTETS_ORGAN: None,
    **{_stor(navn): verdi for verdi, navn in ORGAN_NAVN.items()},
}
"""Label → `Vedtak.organ`; None: the meeting's organ."""

TEMA_VALG: dict[str, str] = {navn: verdi for verdi, navn in TEMA_16_5.items()}
"""Label («a) grunnen til overdragelsen») → `Drofting.tema`."""

BEHANDLER = ("vedtak", "innstilling")
"""Meetings a vedtak or innstilling can be recorded in."""

SKJEMAER = ("registrer-vedtak", "konsultasjon", "registrer-signatur")
"""The form deployments (flow name = deployment name) whose schema carries the lists."""

_ID_I_ETIKETT = re.compile(r"\(([^()]+)\)\s*$")


def etikett_id(etikett: str) -> str:
    """The id in a label's closing parentheses («Skaun kommune (5029)» → «5029»); text without
    one is taken as the id itself (a flow called from Python, or a field without a list)."""
    treff = _ID_I_ETIKETT.search(etikett)
    return (treff.group(1) if treff else etikett).strip()


def motedato_tekst(d: dt.date) -> str:
    return f"{d.day:02d}.{d.month:02d}.{d.year}"


@dataclass
class Valg:
    """The agreement-dependent lists: agreements, participants and treating meetings."""

    avtaler: list[str] = field(default_factory=list)
    kommuner: list[str] = field(default_factory=list)
    moter: list[str] = field(default_factory=list)

    def lister(self) -> dict[str, list[str]]:
        """Form field name → its choices (only non-empty lists: an empty enum accepts nothing)."""
        felt = {"avtale": self.avtaler, "kommune": self.kommuner, "kommuner": self.kommuner}
        felt["mote"] = self.moter
        return {navn: liste for navn, liste in felt.items() if liste}


def motetikett(m: Mote, kontekst: Kontekst) -> str:
    """«26.03.2026 Skaun kommunestyre (skaun-ks-2026-03-26)»; a joint meeting by its own name."""
    if m.organnavn:
        organ = m.organnavn
    elif len(m.kommuner) == 1:
        organ = kontekst.organnavn(m.kommuner[0], m.organ)
    else:
        organ = _stor(ORGAN_NAVN[m.organ])
    return f"{motedato_tekst(m.dato)} {organ} ({m.id})"


def bygg_valg(rot: Path, at: dt.date) -> Valg:
    """The lists from every agreement under `rot` with process records. An agreement that cannot
    be read is left out (the sweep reports it); the form then simply does not offer it."""
    avtaler: dict[str, str] = {}
    kommuner: dict[str, str] = {}
    moter: dict[str, tuple[dt.date, str]] = {}
    for mappe in avtaler_med_prosess(rot):
        try:
            avtale, prosess = last(mappe)
        except Exception:  # a broken agreement must not take the forms down
            continue
        k = Kontekst(avtale, prosess, at)
        avtaler[avtale.id] = f"{avtale.tittel} ({avtale.id})"
        for nr in k.deltakere:
            kommuner.setdefault(nr, f"{k.kommunenavn(nr)} ({nr})")
        for m in prosess.moter:
            if m.behandling in BEHANDLER and not m.avlyst:
                moter.setdefault(m.id, (m.dato, motetikett(m, k)))
    return Valg(
        avtaler=[avtaler[i] for i in sorted(avtaler)],
        kommuner=sorted(kommuner.values()),
        moter=[e for _, e in sorted(moter.values(), reverse=True)],  # the latest first
    )


def med_valg(skjema: dict[str, Any], valg: Valg) -> dict[str, Any]:
    """A copy of a deployment's parameter schema with the lists as `enum` on the form fields of
    every model in it (fields named as in `Valg.lister`; a list field gets them on its items).
    A parameter that is a form takes the form's Norwegian title («Drøfting»): Prefect titles a
    parameter by its Python name («drofting»)."""
    ut = copy.deepcopy(skjema)
    lister = valg.lister()
    modeller = ut.get("definitions") or {}
    for parameter in (ut.get("properties") or {}).values():
        ref = str(parameter.get("$ref", ""))
        modell = modeller.get(ref.rsplit("/", 1)[-1]) if ref else None
        if modell and modell.get("title"):
            parameter["title"] = modell["title"]
    for modell in modeller.values():
        for navn, egenskap in (modell.get("properties") or {}).items():
            if navn not in lister:
                continue
            if egenskap.get("type") == "array":
                egenskap.setdefault("items", {})["enum"] = list(lister[navn])
            else:
                egenskap["enum"] = list(lister[navn])
    return ut


async def oppdater_skjemaer(valg: Valg, navn: tuple[str, ...] = SKJEMAER) -> list[str]:
    """Put the lists into the form deployments on the Prefect server (those that exist); returns
    the names updated. Safe to repeat."""
    # Prefect is loaded only here: building the lists needs none of it
    from prefect import get_client
    from prefect.client.schemas.actions import DeploymentUpdate
    from prefect.exceptions import ObjectNotFound

    oppdatert = []
    async with get_client() as client:
        for n in navn:
            try:
                dep = await client.read_deployment_by_name(f"{n}/{n}")
            except ObjectNotFound:
                continue
            nytt = med_valg(dict(dep.parameter_openapi_schema or {}), valg)
            await client.update_deployment(dep.id, DeploymentUpdate(parameter_openapi_schema=nytt))
            oppdatert.append(n)
    return oppdatert
