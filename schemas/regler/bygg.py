"""Read the rule files (YAML) whole, cases included, and write what is derived from them.

`python -m schemas.regler.bygg` rewrites schemas/regler/katalog.json (the fast copy `laster`
reads) and, in a checkout, docs/lovgrunnlag.md. `--sjekk` only says whether they are current
(exit 1 when not), which is what the tests do.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schemas.regler.laster import (
    KATALOG_DIR,
    KATALOG_JSON,
    KatalogFeil,
    kontrollsum,
    les_regelfil,
    les_yaml,
    regel_fra_data,
    regel_til_data,
    regelfiler,
    samle,
)
from schemas.regler.modell import ALLE_TYPER, PROSESS, Regel

DOKUMENT_DATA = KATALOG_DIR / "dokument.yaml"
"""The hand-written parts of docs/lovgrunnlag.md: what was checked against which source."""

LOVGRUNNLAG_MD = Path(__file__).resolve().parents[2] / "docs" / "lovgrunnlag.md"
"""Where the generated document lives in a checkout (not part of an installed package)."""


@dataclass(frozen=True)
class Regelfil:
    """One rule file: its title (a section of docs/lovgrunnlag.md) and its rules as data."""

    navn: str
    tittel: str
    regler: tuple[Mapping[str, Any], ...]


@dataclass(frozen=True)
class Katalogdata:
    filer: tuple[Regelfil, ...]
    kontrollsum: str

    def regeldata(self) -> Iterator[tuple[str, Mapping[str, Any]]]:
        for fil in self.filer:
            for data in fil.regler:
                yield fil.navn, data

    def regler(self) -> dict[str, Regel]:
        return samle(regel_fra_data(data, navn) for navn, data in self.regeldata())

    def saker(self) -> dict[str, Any]:
        """Rule id → its cases (`saker`: type, bryt, oppfyll), or None when a rule has none."""
        return {str(data["id"]): data.get("saker") for _, data in self.regeldata()}


def les_katalog(katalog: Path = KATALOG_DIR) -> Katalogdata:
    """Every rule file, in catalogue order, as data (cases included)."""
    filer = regelfiler(katalog)
    ut = []
    for fil in filer:
        tittel, regler = les_regelfil(fil)
        ut.append(Regelfil(fil.name, tittel, tuple(regler)))
    return Katalogdata(tuple(ut), kontrollsum(filer))


def les_dokumentdata() -> dict[str, str]:
    data = les_yaml(DOKUMENT_DATA)
    if not isinstance(data, Mapping) or set(data) != {"innledning", "kontroll"}:
        raise KatalogFeil(f"{DOKUMENT_DATA.name}: skal ha nøyaktig «innledning» og «kontroll»")
    return {k: str(v) for k, v in data.items()}


def json_tekst(data: Katalogdata | None = None) -> str:
    """katalog.json as it must be for the rule files as they are now."""
    data = data or les_katalog()
    innhold = {
        "merknad": "Skrevet av `python -m schemas.regler.bygg` fra katalog/*.yaml; rett der, ikke her.",
        "kontrollsum": data.kontrollsum,
        "regler": [regel_til_data(r) for r in data.regler().values()],
    }
    return json.dumps(innhold, ensure_ascii=False, indent=1) + "\n"


# --------------------------------------------------------------------------- docs/lovgrunnlag.md

_TYPENAVN = {
    "vertskommune": "vertskommune",
    "vertskommune_nemnd": "vertskommune med nemnd",
    "kommunalt_oppgavefellesskap": "KO",
    "interkommunalt_politisk_rad": "IPR",
    "iks": "IKS",
    "samarbeidsavtale": "samarbeidsavtale",
    PROSESS: "prosessen",
}


def _celle(tekst: str) -> str:
    return tekst.replace("|", "\\|").replace("\n", " ")


def _gjelder(regel: Regel) -> str:
    if regel.gjelder == ALLE_TYPER:
        return "alle avtaletyper"
    return ", ".join(_TYPENAVN[t] for t in sorted(regel.gjelder, key=list(_TYPENAVN).index))


def lovgrunnlag_markdown(data: Katalogdata | None = None) -> str:
    """docs/lovgrunnlag.md: the hand-written introduction, one table per rule file, then the
    hand-written account of what was checked against the law text."""
    data = data or les_katalog()
    prosa = les_dokumentdata()
    regler = data.regler()
    linjer = [
        prosa["innledning"].rstrip("\n"),
        "",
        "## Regelkatalogen",
        "",
        "Hver regel med alvorlighet, hjemmel, om hjemmelen er kontrollert mot lovteksten, hva den "
        "gjelder og hva den betyr. Tabellene er skrevet fra regelfilene.",
        "",
    ]
    for fil in data.filer:
        linjer += [
            f"### {fil.tittel}",
            "",
            f"`schemas/regler/katalog/{fil.navn}`",
            "",
            "| Regel | Alvorlighet | Hjemmel | Kontrollert | Gjelder | Betydning |",
            "|---|---|---|---|---|---|",
        ]
        for rad in fil.regler:
            r = regler[str(rad["id"])]
            linjer.append(
                f"| `{r.id}` | {r.alvorlighet} | {_celle(str(r.hjemmel))} | "
                f"{'ja' if r.verifisert else '**ikke kontrollert**'} | {_gjelder(r)} | {_celle(r.forklaring)} |"
            )
        linjer.append("")
    linjer += [prosa["kontroll"].rstrip("\n"), ""]
    return "\n".join(linjer)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m schemas.regler.bygg", description=__doc__)
    parser.add_argument(
        "--sjekk", action="store_true", help="bare kontroller at filene er oppdatert"
    )
    args = parser.parse_args(argv)
    data = les_katalog()
    mal = {KATALOG_JSON: json_tekst(data)}
    if LOVGRUNNLAG_MD.parent.is_dir():
        mal[LOVGRUNNLAG_MD] = lovgrunnlag_markdown(data)
    utdatert = [
        p for p, tekst in mal.items() if not p.is_file() or p.read_text(encoding="utf-8") != tekst
    ]
    if args.sjekk:
        for p in utdatert:
            print(f"{p} er ikke oppdatert; kjør python -m schemas.regler.bygg", file=sys.stderr)
        return 1 if utdatert else 0
    for p in utdatert:
        p.write_text(mal[p], encoding="utf-8")
        print(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
