"""Coverage of the organisasjonsnummer list: documents name the parties by their number in
Enhetsregisteret, so every kommune and fylkeskommune valid today needs one, and the gaps that remain
for ended numbers are exactly the ones data/README.md tells the reader about."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest

from schemas import kommuner

README = Path(__file__).resolve().parents[2] / "data" / "README.md"

# Ålesund and Haram after the 2024 split: no source gave their numbers (data/README.md, «Gaps»).
# A number found for either must be added to the CSV and removed here; the test then fails until
# both places agree, so the gap can neither be hidden nor forgotten.
UTEN_KILDE_I_DAG = {"1508", "1580"}


def _rader(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _alle_numre() -> set[str]:
    return {r["nummer"] for path in (kommuner.DATA_FILE, kommuner.FYLKE_FILE) for r in _rader(path)}


def _mangler(numre: set[str]) -> set[str]:
    return {nr for nr in numre if kommuner.organisasjonsnummer(nr) is None}


def _gyldige(on: dt.date) -> set[str]:
    return {nr for nr in _alle_numre() if kommuner.kommune(nr, on) is not None}


def _readme_hull() -> set[str]:
    """The numbers the README's «Gaps» paragraph lists, ranges («0121–0125») expanded."""
    tekst = README.read_text(encoding="utf-8")
    start = tekst.index("Gaps (no organisasjonsnummer")
    avsnitt = tekst[start : tekst.index("\n\n", start)]
    numre = set(re.findall(r"\*\*(\d{4}) [^*]+? and (\d{4}) [^*]+?\*\*", avsnitt)[0])
    liste = avsnitt[avsnitt.index("numbers):") :]
    for fra, til in re.findall(r"\b(\d{4})(?:–(\d{4}))?\b", liste):
        if til:
            numre.update(f"{n:04d}" for n in range(int(fra), int(til) + 1))
        else:
            numre.add(fra)
    antall = int(re.search(r"Gaps \(no organisasjonsnummer, (\d+) numbers", avsnitt).group(1))
    assert antall == len(numre), f"README sier {antall} numre, men lister {len(numre)}"
    return numre


@pytest.mark.parametrize("on", [dt.date(2024, 1, 1), dt.date(2026, 1, 1), dt.date.today()])
def test_dagens_kommuner_og_fylker_har_organisasjonsnummer(on: dt.date) -> None:
    gyldige = _gyldige(on)
    assert len(gyldige) == 357 + 15  # the counts data/README.md gives from 2024
    assert _mangler(gyldige) == UTEN_KILDE_I_DAG


def test_readme_lister_akkurat_hullene() -> None:
    assert _readme_hull() == _mangler(_alle_numre())


def test_omnummerert_kommune_har_samme_enhet() -> None:
    # 0616 Nes became 3040 on 1.1.2020 with no other predecessor or successor; SSB lists the number
    # under «3040 Nes (Buskerud)», so it is the same legal person.
    assert (
        kommuner.organisasjonsnummer("0616") == kommuner.organisasjonsnummer("3040") == "964951640"
    )
    assert [e.til_nummer for e in kommuner.etterfolgere("0616")] == ["3040"]
    assert [e.fra_nummer for e in kommuner.forgjengere("3040")] == ["0616"]


def test_hvert_organisasjonsnummer_er_en_enhet() -> None:
    """One orgnr may serve several numbers only when they are one kommune renumbered, or Oslo as
    kommune and fylke; any other repeat would name two parties with one number."""
    per_orgnr: dict[str, set[str]] = {}
    for r in _rader(kommuner.ORGNR_FILE):
        per_orgnr.setdefault(r["organisasjonsnummer"], set()).add(r["nummer"])
    for orgnr, numre in per_orgnr.items():
        if len(numre) == 1 or numre == {"03", "0301"}:
            continue
        navn = {
            r["navn_enhetsregisteret"]
            for r in _rader(kommuner.ORGNR_FILE)
            if r["organisasjonsnummer"] == orgnr
        }
        assert len(navn) == 1, f"{orgnr} har flere navn: {sorted(navn)}"
        kilder = [
            r["kilde"] for r in _rader(kommuner.ORGNR_FILE) if r["organisasjonsnummer"] == orgnr
        ]
        assert sum(not k.startswith("Samme enhet som") for k in kilder) <= 1, (orgnr, sorted(numre))
