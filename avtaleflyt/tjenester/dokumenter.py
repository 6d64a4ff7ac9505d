"""The documents of the current version: .docx, .md and .html in `dokumenter/<id>/v<N>/`, the
drafting area the saksframlegg takes its text from (the archive renders its own copy)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from avtaleflyt.tjenester.felles import mappe_for
from avtaleflyt.validation import load_agreement
from schemas.avtale import Avtale

FORMATER = ("docx", "md", "html")


@dataclass(frozen=True)
class Dokumenter:
    avtale_id: str
    versjon: int
    avtale_hash: str
    filer: dict[str, Path]
    """format → path of the rendered file."""


def dokumentmappe(dokumenter: str | os.PathLike, avtale: Avtale) -> Path:
    return Path(dokumenter) / avtale.id / f"v{avtale.versjon}"


def lag_dokumenter(avtale: str | os.PathLike, dokumenter: str | os.PathLike) -> Dokumenter:
    """Render the agreement's current text into `dokumenter/<id>/v<N>/` (overwrites that
    version's files, which are the same bytes for the same text and templates)."""
    # rendering loads jinja2 and python-docx: kept off the record commands' path
    from avtaleflyt.rendering import render_agreement

    a = load_agreement(mappe_for(avtale) / "avtale.yaml")
    ut = dokumentmappe(dokumenter, a)
    ut.mkdir(parents=True, exist_ok=True)
    resultat = render_agreement(a, formats=FORMATER, out_dir=ut)
    return Dokumenter(
        a.id,
        a.versjon,
        resultat.avtale_hash,
        {fmt: Path(sti) for fmt, sti in resultat.paths.items()},
    )
