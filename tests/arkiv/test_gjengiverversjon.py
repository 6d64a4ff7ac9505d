"""The renderer's version in the archive (issue 13 item 6): bytes within one version, content across.

An archive written by one renderer must stay verifiable after the renderer changes, and a changed
word must still be caught. The renderer change here is real: a changed writer (stored zip entries
and another creator in the core properties) under a bumped version, not a stand-in for `verify`'s
callback.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest

from avtaleflyt import rendering
from avtaleflyt.arkiv import Arkiv, ArkivHendelse, Vedtaksreferanse, mal_filer
from avtaleflyt.arkiv.dokumentinnhold import les_innhold
from avtaleflyt.arkiv.gjengivelse import standard_gjengiver
from avtaleflyt.arkiv.manifest import GJENGIVERVERSJON_FOER, gjengiverversjon, sjekksum
from avtaleflyt.arkiv.verifiser import Statistikk, verifiser
from avtaleflyt.arkiv.verifiser_gjengivelse import gjengivelsesmerknader, innholdsavvik
from avtaleflyt.paths import AGREEMENTS_DIR, TEMPLATES_DIR
from avtaleflyt.rendering import api
from avtaleflyt.rendering import gjengiver as gv
from avtaleflyt.validation import load_agreement
from tests.arkiv.arkivdata import git
from tests.arkiv.gjengiverversjon import fiksturer
from tests.arkiv.test_arkiv_cli import avtale as avtale_cli

AVTALE = "gauldal-landbruk"


def _hendelse(maler: Path, renderer_version: str) -> ArkivHendelse:
    avtale = load_agreement(AGREEMENTS_DIR / AVTALE / "avtale.yaml")
    h = rendering.avtale_hash(avtale, maler)
    return ArkivHendelse(
        avtale.id,
        avtale.versjon,
        "vedtatt",
        dt.date(2026, 4, 23),
        h,
        "1.0",
        rendering.template_version(maler),
        {
            "avtale.json": rendering.canonical_json(avtale),
            f"dokumenter/{avtale.id}.docx": rendering.render_docx(avtale, templates_dir=maler),
            **mal_filer(maler),
        },
        vedtak=tuple(
            Vedtaksreferanse(d.kommunenummer, dt.date(2026, 4, 23), "PS 1/26", h)
            for d in avtale.deltakere
        ),
        renderer_version=renderer_version,
    )


def _manifest(arkivsti: Path) -> dict:
    return json.loads((arkivsti / AVTALE / "MANIFEST.json").read_text(encoding="utf-8"))


def _endret_skriver(monkeypatch: pytest.MonkeyPatch) -> None:
    """Install a changed renderer: version 99, zip entries stored instead of deflated and another
    creator in the core properties; the text is the same."""
    original = api.write_docx

    def skriv(*args, **kwargs) -> bytes:
        inn = zipfile.ZipFile(io.BytesIO(original(*args, **kwargs)))
        ut = io.BytesIO()
        with zipfile.ZipFile(ut, "w", zipfile.ZIP_STORED) as z:
            for info in inn.infolist():
                data = inn.read(info)
                if info.filename == "docProps/core.xml":
                    data = data.replace(b"<dc:creator>avtaleflyt<", b"<dc:creator>avtaleflyt 99<")
                z.writestr(zipfile.ZipInfo(info.filename, info.date_time), data)
        return ut.getvalue()

    monkeypatch.setattr(gv, "RENDERER_VERSION", "99")
    monkeypatch.setattr(api, "write_docx", skriv)


def _tukle(arkivsti: Path, fra: bytes, til: bytes, lagring: int = zipfile.ZIP_DEFLATED) -> None:
    """Change a word in the archived document.xml, re-zip, and fix the manifest's checksum and
    size too, as a careful forger would: only the re-render can catch it."""
    sti = arkivsti / AVTALE / "dokumenter" / f"{AVTALE}.docx"
    inn = zipfile.ZipFile(io.BytesIO(sti.read_bytes()))
    ut = io.BytesIO()
    with zipfile.ZipFile(ut, "w", zipfile.ZIP_DEFLATED) as z:
        for info in inn.infolist():
            data = inn.read(info)
            if info.filename == "word/document.xml":
                assert fra in data
                data = data.replace(fra, til, 1)
            z.writestr(zipfile.ZipInfo(info.filename, info.date_time), data, lagring)
    sti.write_bytes(ut.getvalue())
    manifest = _manifest(arkivsti)
    for o in manifest["dokumentobjekter"]:
        if o["referanseDokumentfil"] == f"dokumenter/{AVTALE}.docx":
            o["sjekksum"], o["filstoerrelse"] = sjekksum(ut.getvalue()), len(ut.getvalue())
    (arkivsti / AVTALE / "MANIFEST.json").write_text(
        json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=2) + "\n", encoding="utf-8"
    )
    git(arkivsti, "commit", "-qam", "bytter et ord")


def test_manifest_records_the_renderer_and_old_manifests_mean_the_version_before(arkivsti: Path):
    Arkiv(arkivsti).arkiver(_hendelse(TEMPLATES_DIR, rendering.gjengiverversjon()))
    assert _manifest(arkivsti)["gjengiverversjon"].startswith(
        "avtaleflyt-docx/" + gv.RENDERER_VERSION
    )
    assert gjengiverversjon(_manifest(arkivsti)) == rendering.gjengiverversjon()
    # a manifest written before the field existed names no renderer: the one before this change
    assert gjengiverversjon({"format": "avtaleflyt-arkiv/1"}) == GJENGIVERVERSJON_FOER
    assert rendering.gjengiverversjon() != GJENGIVERVERSJON_FOER


def test_renderer_and_template_version_stand_in_the_document():
    docx = rendering.render_docx(load_agreement(AGREEMENTS_DIR / AVTALE / "avtale.yaml"))
    kjerne = zipfile.ZipFile(io.BytesIO(docx)).read("docProps/core.xml").decode()
    assert f"gjengiverversjon {rendering.gjengiverversjon()}" in kjerne
    assert f"malversjon {rendering.template_version()}" in kjerne
    tekst = " ".join(les_innhold(docx).tekst())
    assert f"gjengiverversjon {rendering.gjengiverversjon()}." in tekst


def test_renderer_change_is_a_note_while_a_changed_word_is_still_caught(
    arkivsti: Path, monkeypatch: pytest.MonkeyPatch
):
    Arkiv(arkivsti).arkiver(_hendelse(TEMPLATES_DIR, rendering.gjengiverversjon()))
    for_endring = rendering.gjengiverversjon()
    st = Statistikk()
    assert verifiser(arkivsti, rerender=standard_gjengiver(), statistikk=st) == []
    assert st.gjengiverbytte == {}

    _endret_skriver(monkeypatch)
    gjengi = standard_gjengiver()
    assert gjengi.gjengiverversjon.startswith("avtaleflyt-docx/99")
    arkivert = (arkivsti / AVTALE / "dokumenter" / f"{AVTALE}.docx").read_bytes()
    ny = gjengi({s: p.read_bytes() for s, p in _inndata(arkivsti).items()})[
        f"dokumenter/{AVTALE}.docx"
    ]
    assert ny != arkivert  # a real byte-level change of the renderer
    st = Statistikk()
    assert verifiser(arkivsti, rerender=gjengi, statistikk=st) == []
    (merknad,) = gjengivelsesmerknader(st)
    assert f"gjengiverversjon {for_endring}" in merknad and "avtaleflyt-docx/99" in merknad
    assert "teksten i avsnitt, tabeller, topp- og bunntekst er lik" in merknad

    _tukle(arkivsti, b"kommunestyret", b"formannskapet")
    funn = verifiser(arkivsti, rerender=gjengi)
    (feil,) = [f for f in funn if f.rule == "ARKIV-GJENGIVELSE"]
    assert feil.file.endswith(f"{AVTALE}/dokumenter/{AVTALE}.docx")
    assert "har ikke samme innhold" in feil.message and "formannskapet" in feil.message
    assert not [f for f in funn if f.rule == "ARKIV-SJEKKSUM"]  # the forger fixed the checksum


def _inndata(arkivsti: Path) -> dict[str, Path]:
    rot = arkivsti / AVTALE
    return {
        p.relative_to(rot).as_posix(): p
        for p in rot.rglob("*")
        if p.is_file() and not p.relative_to(rot).as_posix().startswith("dokumenter/")
    }


def test_within_one_renderer_version_bytes_still_decide(arkivsti: Path):
    """The same renderer version: a change that leaves the text alone (zip compression) is a
    finding, as before; content comparison is only for another renderer's documents."""
    Arkiv(arkivsti).arkiver(_hendelse(TEMPLATES_DIR, rendering.gjengiverversjon()))
    _tukle(arkivsti, b"<w:body>", b"<w:body>", zipfile.ZIP_STORED)
    funn = verifiser(arkivsti, rerender=standard_gjengiver())
    assert [f.rule for f in funn if f.rule == "ARKIV-GJENGIVELSE"] == ["ARKIV-GJENGIVELSE"]
    assert "byte for byte" in next(f for f in funn if f.rule == "ARKIV-GJENGIVELSE").message


def test_old_archive_without_renderer_version_verifies_with_a_note(tmp_path: Path, arkivsti: Path):
    """An archive written before the MANIFEST named its renderer: its templates have no line about
    the renderer, its manifest no field; `avtale verify` exits 0 and says what it compared."""
    gamle = tmp_path / "maler"
    for sti, data in mal_filer(TEMPLATES_DIR).items():
        mal = gamle / sti.removeprefix("maler/")
        mal.parent.mkdir(parents=True, exist_ok=True)
        if mal.name == "dokumentkontroll.j2":
            data = b"".join(
                linje
                for linje in data.splitlines(keepends=True)
                if b"gjengiverversjon" not in linje
            )
        mal.write_bytes(data)
    h = _hendelse(gamle, "")
    h = ArkivHendelse(
        **{
            **h.__dict__,
            "files": {
                **h.files,
                f"dokumenter/{AVTALE}.docx": _som_gammel_skriver(
                    h.files[f"dokumenter/{AVTALE}.docx"]
                ),
            },
        }
    )
    Arkiv(arkivsti).arkiver(h)
    assert "gjengiverversjon" not in _manifest(arkivsti)
    ut = avtale_cli("verify", "--arkiv", str(arkivsti))
    assert ut.returncode == 0, ut.stdout + ut.stderr
    assert (
        f"Merknad: 1 dokument(er) er laget med gjengiverversjon {GJENGIVERVERSJON_FOER}"
        in ut.stdout
    )
    assert "Ingen funn" in ut.stdout


def _som_gammel_skriver(docx: bytes) -> bytes:
    """The core properties as renderer 1 wrote them (no renderer version in the keywords)."""
    inn = zipfile.ZipFile(io.BytesIO(docx))
    ut = io.BytesIO()
    with zipfile.ZipFile(ut, "w", zipfile.ZIP_DEFLATED) as z:
        for info in inn.infolist():
            data = inn.read(info)
            if info.filename == "docProps/core.xml":
                data = data.replace(
                    f"; gjengiverversjon {rendering.gjengiverversjon()}".encode(), b""
                )
            z.writestr(info, data)
    return ut.getvalue()


@pytest.mark.parametrize("fikstur", fiksturer(), ids=lambda f: f.gjengiverversjon)
def test_frozen_archived_versions_still_verify(fikstur):
    """What keeps `RENDERER_VERSION` honest: every frozen archived version (tests/arkiv/
    gjengiverversjon/) is rendered again from its own avtale.json and templates. Made by the
    renderer installed now, it must come out byte for byte the same: a change in the bytes needs
    a new `RENDERER_VERSION` (and a new frozen folder). Made by an older renderer, it must have
    the same text, or `verify` would call every archived version of that renderer tampered."""
    naa = rendering.gjengiverversjon()
    ny = standard_gjengiver()(fikstur.filer)[f"dokumenter/{AVTALE_FIKSTUR}.docx"]
    if fikstur.gjengiverversjon == naa:
        assert sjekksum(ny) == sjekksum(fikstur.docx), (
            f"Gjengiveren lager andre byte enn gjengiverversjon {naa} gjorde for de samme dataene og "
            "malene. Øk RENDERER_VERSION i avtaleflyt/rendering/gjengiver.py og lag en ny "
            "fikstur med python -m tests.arkiv.gjengiverversjon."
        )
    else:
        tekst, _stil = innholdsavvik(fikstur.docx, ny, fikstur.gjengiverversjon, naa)
        assert tekst == "", (
            f"Et dokument fra gjengiverversjon {fikstur.gjengiverversjon} har ikke lenger samme "
            f"tekst når det gjengis på nytt med {naa}: {tekst}"
        )


AVTALE_FIKSTUR = "gauldal-lonn-regnskap"


def test_the_installed_renderer_has_a_frozen_version():
    """A bumped `RENDERER_VERSION` comes with its frozen archived version, so the next change is
    held to it."""
    assert rendering.gjengiverversjon() in {f.gjengiverversjon for f in fiksturer()}
