"""What an agreement needs on a date: the flows' advance step.

`vurder` is pure: from the derived status and the process records it returns the steps due on
`at`. It decides no legal facts: which archive events are due, and their legal dates, is the
archive planner's answer (`avtaleflyt.arkivering`, from `avtaleflyt.prosess.fakta`), so the archive
step is simply «archive what is due» through the service layer. Flows call `vurder_mappe` and
carry the steps out with `avtaleflyt.tjenester`.

`fremdrift_direkte` and `livslop_direkte` carry the steps out with the service layer alone: the
flows' advance and lifecycle without Prefect (the benchmark's baseline, and what the tests drive),
kept here so that neither they nor their callers import Prefect.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from avtaleflyt import tjenester
from avtaleflyt.prosess import status as prosess_status

VEDTATTE_TILSTANDER = ("vedtatt", "signert", "i_kraft", "opphort")
"""States in which the text before the councils is settled: no saksframlegg documents are due."""


@dataclass(frozen=True)
class Tiltak:
    """One step due: `art` is "dokumenter" (render for the saksframlegg), "arkiver" (archive
    what is due) or "varsel" (tell the secretariat)."""

    art: str
    melding: str = ""


@dataclass
class Vurdering:
    avtale_id: str
    pa_dato: dt.date
    tilstand: str
    tiltak: list[Tiltak] = field(default_factory=list)


def vurder(status, prosess, at: dt.date, dokumenter_finnes: bool) -> Vurdering:
    """The steps due on `at` (pure).

    - documents for the saksframlegg while a treating meeting is ahead (on or after `at`) and the
      current version has not been rendered (late, with a note, when the deadline has passed);
    - a warning for each held meeting of a body that must still decide (the status's
      `ma_behandle`, from the legal facts) where no vedtak is recorded;
    - archiving what is due, once any decision or termination is recorded by `at` (before that
      no record can make an archive event due).
    """
    v = Vurdering(status.avtale, at, status.tilstand)
    kommende = [
        m
        for m in prosess.moter
        if not m.avlyst and m.behandling in ("vedtak", "innstilling") and m.dato >= at
    ]
    if not dokumenter_finnes and kommende and status.tilstand not in VEDTATTE_TILSTANDER:
        frister = [f.saksframlegg_frist for f in status.frister]
        frist = min(frister) if frister else min(m.dato for m in kommende)
        tekst = (
            f"Dokumentene til saksframlegget skulle vært klare {frist.isoformat()}; lages nå."
            if frist < at
            else f"Dokumentene til saksframlegget må være klare {frist.isoformat()}."
        )
        v.tiltak.append(Tiltak("dokumenter", tekst))
    for m in _moter_uten_vedtak(status, prosess, at):
        v.tiltak.append(
            Tiltak(
                "varsel",
                (
                    f"Møtet {m.id} ({m.dato.isoformat()}) skulle behandle avtalen, men ingen vedtak er ført."
                ),
            )
        )
    if any(r.motedato <= at for r in prosess.vedtak) or any(o.dato <= at for o in prosess.opphor):
        v.tiltak.append(Tiltak("arkiver", "Arkiver hendelsene registreringene gjør forfalt."))
    return v


def _moter_uten_vedtak(status, prosess, at: dt.date) -> list:
    """Held meetings of a body that must still decide (`status.ma_behandle`, from the legal facts)
    where that municipality has no decision recorded."""
    ma = {(b.kommune, b.organ) for b in status.ma_behandle}
    fort = {(r.kommune, r.mote) for r in prosess.vedtak}
    return [
        m
        for m in prosess.moter
        if not m.avlyst
        and m.behandling == "vedtak"
        and m.dato <= at
        and any((nr, m.organ) in ma and (nr, m.id) not in fort for nr in m.kommuner)
    ]


def vurder_mappe(mappe: Path, at: dt.date, dokumenter: Path) -> Vurdering:
    """`vurder` for the agreement in `mappe`, with its status on `at` and whether the current
    version's documents are in `dokumenter`."""
    avtale, prosess = tjenester.last(Path(mappe))
    st = prosess_status(avtale, prosess, at)
    ut = tjenester.dokumentmappe(dokumenter, avtale)
    return vurder(st, prosess, at, ut.is_dir() and any(ut.iterdir()))


Arkiverer = Callable[[Path, dt.date, Path], list[str]]
"""Archives what is due for the agreement in a folder on a date into an archive; one line per event
written. The flows pass one that holds the archive's concurrency limit."""


def milepaeler(mappe: Path, til: dt.date) -> list[dt.date]:
    """Dates on which something can happen up to `til`: meetings, signatures, entry into force,
    termination, and `til` itself (so the last advance sees everything due by then)."""
    _, prosess = tjenester.last(mappe)
    datoer = {m.dato for m in prosess.moter if not m.avlyst}
    datoer |= {s.dato for s in prosess.signaturer} | {r.dato for r in prosess.ikrafttredelse}
    datoer |= {o.dato for o in prosess.opphor}
    return sorted({d for d in datoer if d <= til} | {til})


def arkiver_uten_grense(mappe: Path, at: dt.date, arkiv: Path) -> list[str]:
    """Archive what is due without a concurrency limit (the archive file-locks on its own):
    «arkivert <event>» per event written now."""
    resultat = tjenester.arkiver_forfalte(mappe, arkiv, at)
    return [
        f"arkivert {p.hendelse.hendelse}"
        for p in resultat.hendelser
        if p.status in ("ny", "fullfor")
    ]


def fremdrift_direkte(
    mappe: Path,
    at: dt.date,
    arkiv: Path,
    dokumenter: Path,
    *,
    arkiver: Arkiverer = arkiver_uten_grense,
) -> dict:
    """One advance on `at` with the service layer alone, no Prefect: what the flows' advance step
    does (the daily sweep catching up is one such advance); warnings are left to the caller."""
    v = vurder_mappe(mappe, at, dokumenter)
    utfort: list[str] = []
    for t in v.tiltak:
        if t.art == "dokumenter":
            tjenester.lag_dokumenter(mappe, dokumenter)
            utfort.append("dokumenter")
        elif t.art == "arkiver":
            utfort += arkiver(mappe, at, arkiv)
    return {"avtale": v.avtale_id, "tilstand": v.tilstand, "dato": at.isoformat(), "utfort": utfort}


def livslop_direkte(
    mappe: Path,
    til: dt.date,
    arkiv: Path,
    dokumenter: Path,
    *,
    arkiver: Arkiverer = arkiver_uten_grense,
) -> list[dict]:
    """The whole lifecycle with the service layer alone, no Prefect: render, then advance on each
    of the agreement's `milepaeler` up to `til` (benchmark baseline, tests)."""
    tjenester.lag_dokumenter(mappe, dokumenter)
    return [
        fremdrift_direkte(mappe, d, arkiv, dokumenter, arkiver=arkiver)
        for d in milepaeler(mappe, til)
    ]
