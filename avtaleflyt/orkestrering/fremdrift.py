"""What an agreement needs on a date, and carrying it out with the domain functions.

`vurder` is pure: from the derived status, the process records and the events already in the
archive it returns the steps due on `at`. `utfor` carries one step out with the process, drafting
and archive areas' functions. Flows call these two and nothing else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

# the archive event for each derived state, in legal order
_ARKIVHENDELSER = (("vedtatt", ("vedtatt", "signert", "i_kraft")),
                   ("signert", ("signert", "i_kraft")),
                   ("i-kraft", ("i_kraft",)))


@dataclass(frozen=True)
class Tiltak:
    """One step due: `art` is "dokumenter", "arkiver" or "varsel"."""

    art: str
    hendelse: str = ""
    juridisk_dato: dt.date | None = None
    melding: str = ""


@dataclass
class Vurdering:
    avtale_id: str
    pa_dato: dt.date
    tilstand: str
    tiltak: list[Tiltak] = field(default_factory=list)


def _juridisk_dato(hendelse: str, prosess, avtale_hash: str) -> dt.date | None:
    if hendelse == "vedtatt":
        datoer = [v.motedato for v in prosess.vedtak
                  if v.avtale_hash == avtale_hash and v.organ == "kommunestyre" and v.utfall == "vedtatt"]
        if not datoer:  # samarbeidsavtale: any body may adopt
            datoer = [v.motedato for v in prosess.vedtak
                      if v.avtale_hash == avtale_hash and v.utfall == "vedtatt"]
    elif hendelse == "signert":
        datoer = [s.dato for s in prosess.signaturer if s.avtale_hash == avtale_hash]
    else:
        datoer = [r.dato for r in prosess.ikrafttredelse if r.avtale_hash == avtale_hash]
    return max(datoer) if datoer else None


def vurder(status, prosess, at: dt.date, arkiverte: set[tuple[int, str]],
           dokumenter_finnes: bool) -> Vurdering:
    """The steps due on `at` (pure).

    - documents for the saksframlegg while a treating meeting is ahead (on or after `at`) and the
      current version has not been rendered (late, with a note, when the deadline has passed);
    - a warning for each held meeting that should have decided but has no vedtak recorded;
    - an archive event for each milestone reached (vedtatt, signert, i kraft) not yet archived for
      the current version — archiving when the last adoption is in, «i kraft» on its date.
    """
    v = Vurdering(status.avtale, at, status.tilstand)
    kommende = [m for m in prosess.moter
                if not m.avlyst and m.behandling in ("vedtak", "innstilling") and m.dato >= at]
    if not dokumenter_finnes and kommende and status.tilstand not in ("vedtatt", "signert", "i_kraft", "opphort"):
        frister = [f.saksframlegg_frist for f in status.frister]
        frist = min(frister) if frister else min(m.dato for m in kommende)
        tekst = (f"Dokumentene til saksframlegget skulle vært klare {frist.isoformat()}; lages nå."
                 if frist < at else f"Dokumentene til saksframlegget må være klare {frist.isoformat()}.")
        v.tiltak.append(Tiltak("dokumenter", melding=tekst))
    vedtatte_moter = {r.mote for r in prosess.vedtak}
    for m in prosess.moter:
        if (not m.avlyst and m.behandling == "vedtak" and m.dato <= at and m.id not in vedtatte_moter):
            v.tiltak.append(Tiltak("varsel", melding=(
                f"Møtet {m.id} ({m.dato.isoformat()}) skulle behandle avtalen, men ingen vedtak er ført.")))
    for hendelse, tilstander in _ARKIVHENDELSER:
        if status.tilstand in tilstander and (status.versjon, hendelse) not in arkiverte:
            dato = _juridisk_dato(hendelse, prosess, status.avtale_hash)
            if dato is not None and dato <= at:
                v.tiltak.append(Tiltak("arkiver", hendelse=hendelse, juridisk_dato=dato))
    return v


# --------------------------------------------------------------------------- carrying out


def dokumentmappe(dokumenter: Path, avtale) -> Path:
    return Path(dokumenter) / avtale.id / f"v{avtale.versjon}"


def last(mappe: Path):
    """(avtale, prosess) of `agreements/<id>/` through the process area's loader."""
    from avtaleflyt.prosess import load_process_for

    return load_process_for(Path(mappe))


def arkiverte_hendelser(arkiv: Path, avtale_id: str) -> set[tuple[int, str]]:
    from avtaleflyt.arkiv import Arkiv

    a = Arkiv(arkiv)
    if not a.finnes():
        return set()
    return {(h.versjon, h.hendelse) for h in a.hendelser(avtale_id)}


def vurder_mappe(mappe: Path, at: dt.date, arkiv: Path, dokumenter: Path) -> Vurdering:
    from avtaleflyt.prosess import status as prosess_status

    avtale, prosess = last(mappe)
    st = prosess_status(avtale, prosess, at)
    finnes = dokumentmappe(dokumenter, avtale).is_dir() and any(dokumentmappe(dokumenter, avtale).iterdir())
    return vurder(st, prosess, at, arkiverte_hendelser(arkiv, avtale.id), finnes)


def lag_dokumenter(mappe: Path, dokumenter: Path) -> dict[str, str]:
    """Render the current version (drafting area) into `dokumenter/<id>/v<N>/`."""
    from avtaleflyt.demo import render
    from avtaleflyt.validation import load_agreement

    avtale = load_agreement(Path(mappe))
    return {fmt: str(p) for fmt, p in render(avtale, Path(dokumenter)).items()}


def arkiver(mappe: Path, hendelse: str, juridisk_dato: dt.date, arkiv: Path, dokumenter: Path) -> dict:
    """One archive commit for the event (archive area; idempotent on rerun)."""
    from avtaleflyt.demo import steg_arkiver

    mappe = Path(mappe)
    return steg_arkiver(mappe.parent, mappe.name, hendelse, juridisk_dato, Path(arkiv), Path(dokumenter))
