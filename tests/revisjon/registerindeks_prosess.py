"""One writer or reader of the register-index concurrency test, in a process of its own.

usage (from the repository root, `tests` imports as a package):
  python -m tests.revisjon.registerindeks_prosess skriv ARKIV ANTALL
  python -m tests.revisjon.registerindeks_prosess les ARKIV STOPPFIL

The writer archives ANTALL agreements between 5027, 5028 and 5029 (avtale `samtidig-NN`: vedtatt,
then i-kraft), one after the other, through `Arkiv.arkiver`. A reader runs `register` for 5028
and reads the whole index file until STOPPFIL exists; every answer must be the first j agreements
for some j (the events are archived in that order), and every index file it sees must be whole.
It prints a JSON summary; a violation exits 1 with what it saw.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from avtaleflyt.arkiv import Arkiv, registerindeks
from avtaleflyt.revisjon import register

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from revisjon_bench import _avtale_json, _hendelse

DAG = dt.date(2021, 1, 1)


def avtale_id(k: int) -> str:
    return f"samtidig-{k:02d}"


def skriv(arkiv: Path, antall: int) -> None:
    data = _avtale_json()
    for k in range(antall):
        a = avtale_id(k)
        tekst = data.replace(b'"id":"gauldal-landbruk"', b'"id":"%s"' % a.encode())
        for art in ("vedtatt", "i-kraft"):
            Arkiv(arkiv).arkiver(_hendelse(a, 1, art, dt.date(2020, 1, 1), b"mal-1\n", tekst))


def hel_indeks(data: bytes) -> None:
    """Raises unless `data` is a whole index: its header and every agreement's line parse."""
    hode_linje, _, kropp = data.partition(b"\n")
    hode = json.loads(hode_linje)
    assert hode["format"] == registerindeks.FORMAT and len(hode["nokkel"]) == 64
    for fra, lengde in hode["kommuner"].values():
        for _, a_fra, a_lengde in json.loads(kropp[fra : fra + lengde]):
            json.loads(kropp[a_fra : a_fra + a_lengde])
    assert kropp.endswith(b"\n") or not hode["kommuner"]


def les(arkiv: Path, stopp: Path) -> None:
    fil = arkiv / ".git" / "avtaleflyt" / registerindeks.FIL
    runder = med_fil = 0
    antall: set[int] = set()
    while not stopp.exists():
        svar = [p.avtale_id for p in register(arkiv, "5028", DAG)]
        if svar != [avtale_id(k) for k in range(len(svar))]:
            raise SystemExit(f"register svarte {svar}")
        antall.add(len(svar))
        try:
            data = fil.read_bytes()
        except FileNotFoundError:
            data = None
        if data is not None:
            try:
                hel_indeks(data)
            except (ValueError, KeyError, AssertionError) as exc:
                raise SystemExit(f"halvskrevet indeks ({len(data)} byte): {exc!r}") from None
            med_fil += 1
        runder += 1
    print(json.dumps({"runder": runder, "med_fil": med_fil, "antall": sorted(antall)}))


def main() -> None:
    hva, arkiv = sys.argv[1], Path(sys.argv[2])
    if hva == "skriv":
        skriv(arkiv, int(sys.argv[3]))
    else:
        les(arkiv, Path(sys.argv[3]))


if __name__ == "__main__":
    main()
