"""Standardklausuler: vilkår partene velger fra klausulbiblioteket i stedet for å skrive dem selv.

Et dokument viser aldri et vilkår som ikke står i dataene. Vil partene ha en standardtekst, navngir
dataene den (`standardklausuler: {tvister: forhandlinger-og-domstol}`); teksten står i
`templates/klausuler/standard/<emne>/<navn>.j2`. Navnet er med i avtaledataene og teksten i
malversjonen, så avtale-hashen binder begge. Første linje i hver fil er en Jinja-kommentar med
«Gjelder: alle» eller avtaletypene klausulen passer for.

Regler: `KLAUSUL-UKJENT` (navnet finnes ikke i biblioteket), `KLAUSUL-TYPE` (klausulen passer ikke
for avtaletypen) og `KLAUSUL-DOBBEL` (dataene har både egen tekst og en standardklausul for samme
emne, så det er uklart hva som er avtalt).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from schemas.regler.lazy_re import LazyPattern
from schemas.regler.modell import ALLE_TYPER, Sti
from schemas.regler.sjekk_felles import Ut, brudd

STANDARD_MAPPE = "klausuler/standard"
"""The clause library inside a templates folder."""

EMNER: dict[str, str | None] = {
    "uttreden": "uttreden",
    "opplosning": "opplosning",
    "tvister": "tvistelosning",
    "endringer": "endringer",
    "ikrafttredelse": "ikrafttredelse",
    "utferdigelse": None,
}
"""Topic → the agreement field with the parties' own text for it (None: no such field). Every
agreement template renders each of these topics, from the field or from the named clause."""

_GJELDER = LazyPattern(r"Gjelder:\s*([a-z_, ]+?)\s*#\}")


@dataclass(frozen=True, slots=True)
class Standardklausul:
    emne: str
    navn: str
    mal: str
    """The template's name inside the templates folder, e.g. «klausuler/standard/tvister/x.j2»."""
    gjelder: frozenset[str]


def les_bibliotek(maler: Path) -> dict[tuple[str, str], Standardklausul]:
    """Every clause in the library of a templates folder, by (topic, name)."""
    ut: dict[tuple[str, str], Standardklausul] = {}
    for fil in sorted((maler / STANDARD_MAPPE).glob("*/*.j2")):
        emne, navn = fil.parent.name, fil.stem
        forste = fil.read_text(encoding="utf-8").split("\n", 1)[0]
        m = _GJELDER.search(forste)
        typer = {t.strip() for t in m.group(1).split(",")} if m else set()
        gjelder = ALLE_TYPER if not typer or "alle" in typer else frozenset(typer)
        ut[(emne, navn)] = Standardklausul(
            emne, navn, f"{STANDARD_MAPPE}/{emne}/{navn}.j2", gjelder
        )
    return ut


@cache
def prosjektets_bibliotek() -> dict[tuple[str, str], Standardklausul]:
    """The library that ships with avtaleflyt. The templates folder is found the way
    `avtaleflyt.paths` finds it (the resource package, else the checkout), since the model layer
    may not import avtaleflyt."""
    spec = find_spec("avtaleflyt_resources.templates")
    for sted in (spec.submodule_search_locations or []) if spec is not None else []:
        if Path(sted).is_dir():
            return les_bibliotek(Path(sted))
    return les_bibliotek(Path(__file__).resolve().parents[2] / "templates")


def klausulfunn(
    avtale: Any, bibliotek: dict[tuple[str, str], Standardklausul]
) -> list[tuple[str, Sti, str]]:
    """(rule id, path, message) for every named clause that cannot be used as named."""
    funn: list[tuple[str, Sti, str]] = []
    for emne, navn in (getattr(avtale, "standardklausuler", None) or {}).items():
        sti: Sti = ("standardklausuler", emne)
        klausul = bibliotek.get((emne, navn))
        if klausul is None:
            finnes = sorted(n for e, n in bibliotek if e == emne)
            hva = (
                f"Biblioteket har for «{emne}»: {', '.join(finnes)}."
                if finnes
                else f"Emnene er: {', '.join(sorted(EMNER))}."
            )
            funn.append(
                (
                    "KLAUSUL-UKJENT",
                    sti,
                    f"Standardklausulen «{emne}: {navn}» finnes ikke i klausulbiblioteket "
                    f"(templates/{STANDARD_MAPPE}/). {hva}",
                )
            )
            continue
        if avtale.type not in klausul.gjelder:
            funn.append(
                (
                    "KLAUSUL-TYPE",
                    sti,
                    f"Standardklausulen «{emne}: {navn}» gjelder bare for "
                    f"{', '.join(sorted(klausul.gjelder))}, ikke for {avtale.type}.",
                )
            )
        felt = EMNER.get(emne)
        if felt is not None and getattr(avtale, felt, None) is not None:
            funn.append(
                (
                    "KLAUSUL-DOBBEL",
                    sti,
                    f"Avtalen har både egen tekst («{felt}») og standardklausulen «{emne}: {navn}»; "
                    f"velg én, så det er klart hva partene har avtalt.",
                )
            )
    return funn


def standardmaler(avtale: Any, bibliotek: dict[tuple[str, str], Standardklausul]) -> dict[str, str]:
    """Topic → template of each clause the agreement names (only those in the library)."""
    valgt = getattr(avtale, "standardklausuler", None) or {}
    return {e: bibliotek[(e, n)].mal for e, n in valgt.items() if (e, n) in bibliotek}


def sjekk_standardklausuler(avtale: Any, ut: Ut, dato: dt.date) -> None:
    if not getattr(avtale, "standardklausuler", None):
        return
    for regel_id, sti, melding in klausulfunn(avtale, prosjektets_bibliotek()):
        brudd(ut, regel_id, sti, melding)
