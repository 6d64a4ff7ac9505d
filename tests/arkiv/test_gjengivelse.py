"""The default re-render in `verify` with the drafting area's real `render_docx` and templates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from avtaleflyt import rendering
from avtaleflyt.arkiv import Arkiv, ArkivHendelse, Vedtaksreferanse, mal_filer
from avtaleflyt.arkiv.gjengivelse import standard_gjengiver
from avtaleflyt.arkiv.verifiser import verifiser
from avtaleflyt.paths import AGREEMENTS_DIR, TEMPLATES_DIR
from avtaleflyt.yaml_loader import load_yaml
from schemas.avtale import AVTALE_ADAPTER
from tests.arkiv.arkivdata import git


def _avtale():
    return AVTALE_ADAPTER.validate_python(
        load_yaml(AGREEMENTS_DIR / "gauldal-landbruk" / "avtale.yaml").data
    )


def test_archived_docx_rerenders_byte_for_byte_with_archived_templates(arkivsti: Path):
    avtale = _avtale()
    docx = rendering.render_docx(avtale, templates_dir=TEMPLATES_DIR)
    h = rendering.avtale_hash(avtale)
    filer = {
        "avtale.json": rendering.canonical_json(avtale),
        f"dokumenter/{avtale.id}.docx": docx,
        **mal_filer(TEMPLATES_DIR),
    }
    vedtak = tuple(
        Vedtaksreferanse(d.kommunenummer, dt.date(2026, 4, 23), "PS 1/26", h)
        for d in avtale.deltakere
    )
    Arkiv(arkivsti).arkiver(
        ArkivHendelse(
            avtale.id,
            avtale.versjon,
            "vedtatt",
            dt.date(2026, 4, 23),
            h,
            "1.0",
            rendering.template_version(TEMPLATES_DIR),
            filer,
            vedtak=vedtak,
        )
    )
    gjengi = standard_gjengiver()
    assert verifiser(arkivsti, rerender=gjengi) == []

    # a changed template in the archive makes the stored .docx no longer reproducible
    mal = next(p for p in sorted((arkivsti / avtale.id / "maler").rglob("*.j2")))
    mal.write_text(mal.read_text(encoding="utf-8") + "\nTILLEGG\n", encoding="utf-8")
    git(arkivsti, "commit", "-qam", "endrer mal")
    assert any(f.rule == "ARKIV-GJENGIVELSE" for f in verifiser(arkivsti, rerender=gjengi))
