"""Report on the corpus of real agreements: how many expected findings are caught, how many false.

    python -m tests.korpus.rapport [--detaljer] [AVTALE ...]

Per agreement: expected findings caught out of expected in total, the false findings the
validator gives, the findings left out of the count (text that could not be read, the tool's
remarks about its own coverage) and any finding not accounted for in forventet.yaml. Then the
totals, and the expected findings not caught grouped by the issue item they wait for.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

import yaml

from tests.korpus.korpus import (
    KorpusFeil,
    Sammenligning,
    korpusmapper,
    les_avtale,
    sammenlign,
    valider,
    vent_tekst,
)


def _form(mappe) -> str:
    with (mappe / "avtale.yaml").open(encoding="utf-8") as handle:
        return str((yaml.safe_load(handle) or {}).get("type", "?"))


def _prosent(del_: int, hel: int) -> str:
    return f"{round(100 * del_ / hel)} %" if hel else "–"


def _linje(s: Sammenligning, form: str) -> str:
    fanget = f"{len(s.fanget)}/{s.forventet_totalt}"
    return (
        f"{s.slug:34} {form:28} {fanget:>7} {len(s.falske_funn):>7} "
        f"{len(s.ikke_telte_funn):>9} {len(s.uforklarte):>9}"
    )


def _detaljer(s: Sammenligning) -> list[str]:
    ut = []
    for f in s.fanget:
        ut.append(f"    fanget      {f.tekst()}")
    for f in s.ikke_fanget:
        merknad = " (gis med annen alvorlighet)" if f in s.feil_alvorlighet else ""
        ut.append(f"    ikke fanget {f.tekst()}{merknad}: {f.begrunnelse}")
    for funn in s.falske_funn:
        ut.append(f"    falskt      {funn.rule} [{funn.path}]: {funn.message}")
    for funn in s.uforklarte:
        ut.append(f"    uforklart   {funn.rule} [{funn.path}] {funn.severity}: {funn.message}")
    return ut


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.korpus.rapport",
        description="Korpuset av ekte avtaler: forventede funn fanget og falske funn.",
    )
    parser.add_argument("avtaler", nargs="*", help="bare disse avtalene (mappenavn)")
    parser.add_argument("--detaljer", action="store_true", help="hvert funn for seg")
    args = parser.parse_args(argv)

    mapper = [m for m in korpusmapper() if not args.avtaler or m.name in args.avtaler]
    print(
        f"{'avtale':34} {'form':28} {'fanget':>7} {'falske':>7} {'ikke telt':>9} {'uforklart':>9}"
    )
    totalt: Counter[str] = Counter()
    avventer: Counter[str] = Counter()
    falske_etter: Counter[str] = Counter()
    med_falske = 0
    for mappe in mapper:
        try:
            avtale = les_avtale(mappe)
        except KorpusFeil as exc:
            print(f"{mappe.name:34} kan ikke leses: {exc}")
            totalt["uleselige"] += 1
            continue
        try:
            funn = valider(avtale).findings
        except Exception as exc:  # a crash in the validator is itself a result to report
            print(f"{mappe.name:34} valideringen krasjet: {type(exc).__name__}: {exc}")
            totalt["krasj"] += 1
            continue
        s = sammenlign(avtale, funn)
        print(_linje(s, _form(mappe)))
        if args.detaljer:
            print("\n".join(_detaljer(s)))
        totalt["fanget"] += len(s.fanget)
        totalt["forventet"] += s.forventet_totalt
        totalt["falske"] += len(s.falske_funn)
        totalt["ikke_telt"] += len(s.ikke_telte_funn)
        totalt["uforklart"] += len(s.uforklarte)
        totalt["feil_alvorlighet"] += len(s.feil_alvorlighet)
        totalt["avvik"] += len(s.avvik)
        med_falske += bool(s.falske_funn)
        for f in s.ikke_fanget:
            avventer[vent_tekst(f.avventer) or "–"] += 1
        for f in avtale.falske:
            antall = sum(1 for funn in s.falske_funn if f.treffer(funn, alvorlighet=False))
            if antall:
                falske_etter[f"{f.regel} – {vent_tekst(f.avventer) or 'ingen'}"] += antall

    print()
    print(
        f"{len(mapper)} avtaler. Forventede funn fanget: {totalt['fanget']} av "
        f"{totalt['forventet']} ({_prosent(totalt['fanget'], totalt['forventet'])}); "
        f"{totalt['feil_alvorlighet']} av de ikke fangede gis med feil alvorlighet."
    )
    print(
        f"Falske funn: {totalt['falske']} i {med_falske} avtaler. Ikke telt (ikke lest eller "
        f"verktøymerknad): {totalt['ikke_telt']}. Uforklarte funn: {totalt['uforklart']}."
    )
    if avventer:
        print("Ikke fanget, etter det de avventer:")
        for hva, antall in sorted(avventer.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"  {hva}: {antall}")
    if falske_etter:
        print("Falske funn, etter regel og det som fjerner dem:")
        for hva, antall in sorted(falske_etter.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"  {hva}: {antall}")
    if totalt["krasj"]:
        print(f"Valideringen krasjet for {totalt['krasj']} avtaler (se over).")
    if totalt["avvik"] or totalt["uleselige"] or totalt["krasj"]:
        print(
            f"{totalt['avvik']} avvik mellom forventet.yaml og validatoren: kjør "
            "pytest tests/korpus for detaljer."
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
