"""The demo's steps: each one secretariat action on a simulated date, through the service layer.

Each step is a plain function with simple arguments (the work folder, the agreement id, the facts
of the scenario), so a Prefect task can run the same call; each returns the rules' warnings.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from avtaleflyt import tjenester
from schemas.prosess import Drofting

AVTALE_FIL = "avtale.yaml"


def _svar(registrert: tjenester.Registrert) -> dict[str, Any]:
    return {"advarsler": [f.one_line() for f in registrert.advarsler]}


def steg_ny_versjon(
    arbeid: Path, avtale_id: str, kilde: Path, dato: dt.date, dokumenter: Path
) -> dict[str, Any]:
    """The lawyer puts a version of the text in place (draft or new version); it is rendered."""
    mappe = arbeid / avtale_id
    mappe.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(kilde, mappe / AVTALE_FIL)
    dok = tjenester.lag_dokumenter(mappe, dokumenter)
    return {
        "versjon": dok.versjon,
        "avtale_hash": dok.avtale_hash,
        "dokumenter": {k: str(v) for k, v in dok.filer.items()},
    }


def steg_drofting(arbeid: Path, avtale_id: str, drofting: dict, utkast: Path) -> dict[str, Any]:
    """A drøftingsmøte with the tillitsvalgte, recorded on its date.

    The first drøftinger (February 2026) come before the first text is laid out; the record is
    then checked against the draft the working groups are writing (`utkast`).
    """
    mappe = arbeid / avtale_id
    post = Drofting.model_validate(drofting)
    tekst = None if (mappe / AVTALE_FIL).is_file() else utkast
    return _svar(tjenester.registrer_post(mappe, post, post.dato, utkast=tekst))


def steg_saksframlegg(
    arbeid: Path, avtale_id: str, kommune: str, mote_id: str, dato: dt.date, arkivsak: str
) -> dict[str, Any]:
    """The current text is sent to a meeting: saksframlegg bound to its avtale-hash."""
    mappe = arbeid / avtale_id
    avtale, _ = tjenester.last(mappe)
    return _svar(
        tjenester.registrer_saksframlegg(
            mappe,
            mote=mote_id,
            kommune=kommune,
            dato=dato,
            saksnummer=arkivsak,
            at=dato,
            dokument=f"Saksframlegg {arkivsak}: {avtale.tittel}, versjon {avtale.versjon}",
        )
    )


def standard_vedtakstekst(avtale, mote) -> str:
    """«Vedtatt som framlagt» in the words of the body (innstilling or vedtak)."""
    kommune = next(
        (d.navn for d in avtale.deltakere if d.kommunenummer == mote.kommuner[0]), mote.kommuner[0]
    )
    if mote.organ == "formannskap":
        return (
            f"Formannskapet i {kommune} innstiller til kommunestyret: Kommunestyret vedtar "
            f"«{avtale.tittel}», versjon {avtale.versjon}, som framlagt, og gir ordføreren "
            "fullmakt til å signere avtalen."
        )
    tekst = (
        f"Kommunestyret i {kommune} vedtar «{avtale.tittel}», versjon {avtale.versjon}, som "
        "framlagt. Ordføreren gis fullmakt til å signere avtalen."
    )
    if avtale.type in ("iks", "kommunalt_oppgavefellesskap", "interkommunalt_politisk_rad"):
        tekst += (
            " Kommunestyret velger kommunens medlemmer og varamedlemmer til representantskapet "
            "i egen sak."
        )
    if avtale.type == "vertskommune_nemnd":
        tekst += " Kommunestyret velger kommunens medlemmer og varamedlemmer til nemnda i egen sak."
    return tekst


def steg_vedtak(
    arbeid: Path,
    avtale_id: str,
    kommune: str,
    mote_id: str,
    utfall: str,
    vedtakstekst: str | None,
    votering: dict | None,
) -> dict[str, Any]:
    """The body decides on the text that was before it (the saksframlegg's avtale-hash)."""
    mappe = arbeid / avtale_id
    avtale, prosess = tjenester.last(mappe)
    mote = next(m for m in prosess.moter if m.id == mote_id)
    return _svar(
        tjenester.registrer_vedtak(
            mappe,
            mote=mote_id,
            kommune=kommune,
            utfall=utfall,
            at=mote.dato,
            vedtakstekst=vedtakstekst or standard_vedtakstekst(avtale, mote),
            votering=votering or {"enstemmig": True},
        )
    )


def steg_delegering(
    arbeid: Path, avtale_id: str, kommune: str, mote_id: str, dato: dt.date, vedtakstekst: str
) -> dict[str, Any]:
    """Kommunestyret's delegation in a vertskommune cooperation (kl. § 20-2 annet ledd)."""
    return _svar(
        tjenester.registrer_delegering(
            arbeid / avtale_id, mote=mote_id, kommune=kommune, vedtakstekst=vedtakstekst, at=dato
        )
    )


def steg_signatur(
    arbeid: Path, avtale_id: str, kommune: str, dato: dt.date, navn: str | None = None
) -> dict[str, Any]:
    """The ordfører signs the adopted text (kl. § 6-1 annet ledd)."""
    return _svar(
        tjenester.registrer_signatur(
            arbeid / avtale_id, kommune=kommune, dato=dato, navn=navn, at=dato
        )
    )


def steg_melding_statsforvalter(
    arbeid: Path, avtale_id: str, dato: dt.date, dokument: str
) -> dict[str, Any]:
    """The vertskommune tells statsforvalteren that the cooperation is set up (kl. § 20-4)."""
    return _svar(
        tjenester.registrer_melding(arbeid / avtale_id, dato=dato, dokument=dokument, at=dato)
    )


def steg_ikrafttredelse(arbeid: Path, avtale_id: str, dato: dt.date) -> dict[str, Any]:
    """The adopted and signed text enters into force."""
    return _svar(tjenester.registrer_ikrafttredelse(arbeid / avtale_id, dato=dato, at=dato))


def steg_arkiver(arbeid: Path, avtale_id: str, dato: dt.date, arkiv: Path) -> dict[str, Any]:
    """Archive what the records make due on `dato` (vedtatt, endret, signert, i kraft)."""
    resultat = tjenester.arkiver_forfalte(arbeid / avtale_id, arkiv, dato)
    return {"commits": resultat.commits}
