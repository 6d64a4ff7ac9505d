"""What every page of the site shares: the template environment, the reference date, and a
base class that renders a template for a page's path with links relative to it.

Kept apart from the pages themselves (`sider`, `versjonssider`) so each page module stays small.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from avtaleflyt.nettsted import adresse
from avtaleflyt.nettsted.innhold import Oversikt
from avtaleflyt.nettsted.tekst import dato

MALER = Path(__file__).resolve().parent / "maler"


@functools.cache
def miljo() -> Environment:
    """One environment per process: its templates ship with the program and never change while
    it runs, so each is compiled once and not checked on disk before every page."""
    return Environment(
        loader=FileSystemLoader(MALER),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )


@dataclass(frozen=True)
class Referanse:
    """The date the pages' «in force» answers are for, and why that date."""

    dato: dt.date
    valgt: bool
    """True when the user gave the date (`--dato`); else the archive's latest legal date."""

    @property
    def kort(self) -> str:
        return dato(self.dato)

    @property
    def tekst(self) -> str:
        if self.valgt:
            return (
                f"Status og samarbeid i kraft gjelder {dato(self.dato)}, datoen som ble valgt da "
                "nettstedet ble laget."
            )
        return (
            f"Status og samarbeid i kraft gjelder {dato(self.dato)}, datoen for siste arkiverte "
            "hendelse. Arkivet har ingen senere hendelser, så oversikten gjelder til noe nytt "
            "blir arkivert."
        )


class Sidegrunn:
    """Renders one template for one page of an archive at a reference date."""

    def __init__(self, oversikt: Oversikt, referanse: Referanse) -> None:
        self.oversikt = oversikt
        self.ref = referanse
        self.env = miljo()

    def _side(self, mal: str, sti: str, **kontekst) -> bytes:
        rot = adresse.relativ(sti, "")
        tekst = self.env.get_template(mal).render(
            rot=rot, simulering=self.oversikt.simulering, referanse=self.ref, **kontekst
        )
        return tekst.encode("utf-8")

    def _lenke(self, fra: str, til: str) -> str:
        return adresse.relativ(fra, til)
