"""TEMPORARY: the «endret» archive event for a text a council adopted «med endringer», built by hand.

The archive planner (`avtaleflyt.arkivering`) does not yet derive this event from the records;
until it does, the demo writes it here with the tag, trailers and message it has always had.
Delete this module (and its one use in `demo.gauldal`) when the planner makes the event.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from avtaleflyt import paths, tjenester
from avtaleflyt.arkiv import Arkiv, ArkivHendelse, Vedtaksreferanse
from avtaleflyt.prosess import avtale_hash
from avtaleflyt.rendering import canonical_json, template_version
from schemas.avtale import SCHEMA_VERSION


def _dato(d: dt.date) -> str:
    return f"{d.day}.{d.month}.{d.year}"


def _arkivfiler(avtale, prosess, dokumenter: Path) -> dict[str, bytes]:
    """avtale.json, prosess.json, dokumenter/<id>.<format> and maler/… for the event."""
    filer = {
        "avtale.json": canonical_json(avtale),
        "prosess.json": (json.dumps(prosess.model_dump(mode="json", by_alias=True), ensure_ascii=False,
                                    sort_keys=True, indent=2) + "\n").encode("utf-8"),
    }
    versjon = tjenester.dokumentmappe(dokumenter, avtale)
    if versjon.is_dir():
        for f in sorted(versjon.iterdir()):
            if f.is_file():
                filer[f"dokumenter/{avtale.id}{f.suffix}"] = f.read_bytes()
    maler = paths.TEMPLATES_DIR
    for f in sorted(maler.rglob("*")):
        rel = f.relative_to(maler)
        if f.is_file() and not any(d.startswith(".") or d == "__pycache__" for d in rel.parts):
            filer[f"maler/{rel.as_posix()}"] = f.read_bytes()
    return filer


def steg_arkiver_endret(
    arbeid: Path, avtale_id: str, dato: dt.date, arkiv: Path, dokumenter: Path
) -> dict[str, Any]:
    """One commit and tag `<id>/v<N>/endret` for the current text on the day a council adopted
    it with changes; the decisions on it are listed, with `Endret-Ved` trailers."""
    mappe = arbeid / avtale_id
    avtale, prosess = tjenester.last(mappe)
    h = avtale_hash(avtale)
    navn = {d.kommunenummer: d.navn for d in avtale.deltakere}
    siste: dict[str, Any] = {}
    for v in sorted(prosess.vedtak, key=lambda v: v.motedato):
        if v.organ == "kommunestyre" and v.avtale_hash == h and v.motedato <= dato:
            siste[v.kommune] = v
    vedtak = tuple(
        Vedtaksreferanse(v.kommune, v.motedato, v.saksnummer or v.mote, h)
        for v in siste.values() if v.utfall == "vedtatt"
    )
    trailere: list[tuple[str, str]] = []
    linjer: list[str] = []
    for v in siste.values():
        linjer.append(
            f"{navn[v.kommune]} kommunestyre {_dato(v.motedato)} ({v.saksnummer or v.mote}): "
            f"{v.utfall.replace('_', ' ')}, versjon {v.versjon}."
        )
        if v.utfall == "vedtatt_med_endringer":
            trailere.append(("Endret-Ved", f"{v.kommune} {v.motedato.isoformat()} sak {v.saksnummer or v.mote}"))
    post = ArkivHendelse(
        avtale_id=avtale.id, versjon=avtale.versjon, hendelse="endret", juridisk_dato=dato,
        avtale_hash=h, schema_version=SCHEMA_VERSION, template_version=template_version(),
        files=_arkivfiler(avtale, prosess, dokumenter), vedtak=vedtak, signaturer=(),
        ikrafttredelse=None, trailers=tuple(trailere),
        melding="\n".join([avtale.tittel, "", *linjer]),
    )
    return {"commit": Arkiv(arkiv).arkiver(post), "tag": post.tag}
