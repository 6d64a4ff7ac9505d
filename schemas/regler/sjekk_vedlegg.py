"""Vedleggene avtalen lister (`vedlegg`): hver fil under `<avtalemappe>/vedlegg/` må finnes og ha
SHA-256-en dataene oppgir.

Dataene bærer kontrollsummen, så avtale-hashen binder vedleggets bytes gjennom de kanoniske dataene
uten å lese filer; denne sjekken er det som binder den oppgitte summen til filen som ligger ved
avtalen. Kommunestyrene vedtar teksten og vedleggene sammen, så et endret vedlegg er et avvik til
dataene (og dermed en ny versjon) sier noe annet.

Sjekken trenger avtalemappen (`sjekk(avtale, mappe=…)`); uten den (data fra et skjema, ikke fra en
mappe) vet den ikke hvor filene er og sier ingenting. Filene leses bare når avtalen har vedlegg.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from schemas.regler.modell import Sti
from schemas.regler.sjekk_felles import Ut, brudd

VEDLEGG_MAPPE = "vedlegg"
"""The folder beside avtale.yaml (and in the archive, beside avtale.json) holding the files."""

MANGLER = "AVTALE-VEDLEGG-FIL"
SJEKKSUM = "AVTALE-VEDLEGG-SJEKKSUM"

AVTALEMAPPE: contextvars.ContextVar[Path | None] = contextvars.ContextVar(
    "avtalemappe", default=None
)
"""The agreement's folder while `sjekk` runs (it sets it from `mappe`); None: not known."""


def sha256_fil(sti: Path) -> str:
    h = hashlib.sha256()
    with sti.open("rb") as f:
        for blokk in iter(lambda: f.read(1 << 16), b""):
            h.update(blokk)
    return h.hexdigest()


def vedleggsavvik(avtale: Any, mappe: str | Path) -> Iterator[tuple[str, Sti, str]]:
    """(regel-id, sti, melding) for every problem with the listed attachments, all in one run.

    `mappe` is the agreement's folder (the one holding avtale.yaml)."""
    rot = Path(mappe) / VEDLEGG_MAPPE
    sett: dict[str, int] = {}
    for i, v in enumerate(getattr(avtale, "vedlegg", None) or []):
        sted = f"Vedlegg {i + 1} («{v.tittel}»)"
        if v.fil in sett:
            yield (
                MANGLER,
                ("vedlegg", i, "fil"),
                f"{sted}: filen {VEDLEGG_MAPPE}/{v.fil} er allerede oppført som vedlegg "
                f"{sett[v.fil] + 1}; hvert vedlegg er sin egen fil",
            )
            continue
        sett[v.fil] = i
        sti = rot / v.fil
        if not sti.is_file():
            yield (
                MANGLER,
                ("vedlegg", i, "fil"),
                f"{sted}: finner ikke filen {VEDLEGG_MAPPE}/{v.fil} i avtalemappen ({rot}); "
                "vedlegget er en del av avtalen og må ligge ved den",
            )
            continue
        faktisk = sha256_fil(sti)
        if faktisk != v.sha256:
            yield (
                SJEKKSUM,
                ("vedlegg", i, "sha256"),
                f"{sted}: {VEDLEGG_MAPPE}/{v.fil} har SHA-256 {faktisk}, men avtaledataene oppgir "
                f"{v.sha256}; filen er endret etter at versjonen ble laget, eller kontrollsummen er "
                "feil (en endret vedleggsfil krever ny versjon av avtalen)",
            )


def sjekk_vedlegg(avtale: Any, ut: Ut, dato: dt.date) -> None:
    """Each listed attachment lies in the agreement folder's vedlegg/ with its stated SHA-256."""
    mappe = AVTALEMAPPE.get()
    if mappe is None or not getattr(avtale, "vedlegg", None):
        return
    for regel_id, sti, melding in vedleggsavvik(avtale, mappe):
        brudd(ut, regel_id, sti, melding)
