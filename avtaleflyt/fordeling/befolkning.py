"""Population figures (folketall per 1. januar) for the keys that divide costs by population.

They come from `data/befolkning.csv` (`kommunenummer,navn,aar,folkemengde,kilde`, SSB statistikkbank
tabell 07459): every kommune and fylke for 2017–2026 where a verified figure exists, keyed by the
number valid on that 1 January (a fylke by its two digits), with the source of each figure; the
gaps are listed in `data/README.md`. The file is read once per file and modification time; a caller
may give other figures instead (`Befolkning.fra`: a CSV path, a `Befolkning`, or a mapping). Every
problem in the file is a `FordelingsFeil` naming the line.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from avtaleflyt.fordeling.feil import FordelingsFeil
from avtaleflyt.paths import DATA_DIR

BEFOLKNING_CSV = DATA_DIR / "befolkning.csv"
BEFOLKNING_KOLONNER = ("kommunenummer", "navn", "aar", "folkemengde", "kilde")


@dataclass(frozen=True)
class Folketall:
    kommunenummer: str
    navn: str
    aar: int
    folkemengde: int
    kilde: str


class Befolkning:
    """Folketall per 1. januar per kommune and year."""

    def __init__(self, rader: Mapping[tuple[str, int], Folketall], kilde: str = ""):
        self._rader = dict(rader)
        self.kilde = kilde

    @classmethod
    def fra(cls, verdi: BefolkningInn) -> Befolkning:
        """Accepts a Befolkning, a CSV path, `{(nr, aar): antall}` or `{nr: antall}` (any year)."""
        if verdi is None:
            return last_befolkning()
        if isinstance(verdi, Befolkning):
            return verdi
        if isinstance(verdi, (str, os.PathLike)):
            return last_befolkning(verdi)
        if isinstance(verdi, Mapping):
            return (
                _AlleAar(verdi)
                if all(isinstance(k, str) for k in verdi)
                else cls(
                    {
                        (str(nr), int(aar)): Folketall(
                            str(nr), "", int(aar), int(antall), "oppgitt"
                        )
                        for (nr, aar), antall in verdi.items()
                    },
                    kilde="oppgitt",
                )
            )
        raise TypeError("befolkning må være None, en CSV-sti, en Befolkning eller en mapping")

    def folketall(self, kommunenummer: str, aar: int) -> Folketall | None:
        return self._rader.get((kommunenummer, aar))

    def aar_for(self, kommunenummer: str) -> list[int]:
        return sorted(a for (nr, a) in self._rader if nr == kommunenummer)

    def for_deltakere(self, deltakere: list, aar: int, sti: tuple, hva: str = "") -> list[int]:
        """The population per 1 January `aar` of each participant, in `deltakere` order. A missing
        figure stops the computation with the years that do exist: a figure is never guessed.
        `hva` leads the message (what could not be computed)."""
        tall = []
        for d in deltakere:
            rad = self.folketall(d.kommunenummer, aar)
            if rad is None:
                finnes = self.aar_for(d.kommunenummer)
                hint = (
                    f"; tallene som finnes for deltakeren gjelder {', '.join(map(str, finnes))}"
                    if finnes
                    else "; deltakeren har ingen folketall i befolkningstallene"
                )
                raise FordelingsFeil(
                    f"{hva}folketallet per 1. januar {aar} mangler for {d.navn} "
                    f"({d.kommunenummer}){hint}",
                    sti,
                )
            tall.append(rad.folkemengde)
        return tall


class _AlleAar(Befolkning):
    """`{kommunenummer: antall}`: the same figures whatever year is asked for (tests, what-ifs)."""

    def __init__(self, tall: Mapping[str, int]):
        super().__init__({}, kilde="oppgitt")
        self._tall = {str(k): int(v) for k, v in tall.items()}

    def folketall(self, kommunenummer: str, aar: int) -> Folketall | None:
        if kommunenummer not in self._tall:
            return None
        return Folketall(kommunenummer, "", aar, self._tall[kommunenummer], "oppgitt")

    def aar_for(self, kommunenummer: str) -> list[int]:
        return []


BefolkningInn = Befolkning | str | os.PathLike | Mapping[Any, int] | None


def last_befolkning(sti: str | os.PathLike | None = None) -> Befolkning:
    """Read `data/befolkning.csv` (or `sti`); cached per file and modification time."""
    path = Path(sti) if sti is not None else BEFOLKNING_CSV
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise FordelingsFeil(
            f"finner ikke befolkningstallene i {path.name}; fordeling etter innbyggertall krever "
            "folketall per 1. januar fra SSB"
        ) from None
    return _les_befolkning(str(path.resolve()), mtime)


@lru_cache(maxsize=8)
def _les_befolkning(path: str, _mtime: int) -> Befolkning:
    name = Path(path).name
    rader: dict[tuple[str, int], Folketall] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        mangler = [k for k in BEFOLKNING_KOLONNER if k not in (reader.fieldnames or [])]
        if mangler:
            raise FordelingsFeil(f"{name} mangler kolonnene {', '.join(mangler)}")
        for linje, rad in enumerate(reader, start=2):
            try:
                nr = rad["kommunenummer"].strip()
                aar = int(rad["aar"])
                antall = int(rad["folkemengde"])
            except (TypeError, ValueError, AttributeError):
                raise FordelingsFeil(
                    f"{name} linje {linje}: aar og folkemengde må være hele tall"
                ) from None
            if len(nr) not in (2, 4) or not nr.isdigit():
                raise FordelingsFeil(
                    f"{name} linje {linje}: «{nr}» er verken et kommunenummer (fire siffer) "
                    "eller et fylkesnummer (to siffer)"
                )
            if antall < 0:
                raise FordelingsFeil(f"{name} linje {linje}: folkemengden kan ikke være negativ")
            if (nr, aar) in rader:
                raise FordelingsFeil(
                    f"{name} linje {linje}: folketallet for {nr} i {aar} står to ganger"
                )
            rader[(nr, aar)] = Folketall(nr, rad["navn"].strip(), aar, antall, rad["kilde"].strip())
    return Befolkning(rader, kilde=name)
