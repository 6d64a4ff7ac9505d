"""verify's result cache (issue 16 item 4): a second run checks only new commits, and no tampering
done after a cached run goes unseen. Every tampering below is made after a run that filled the
cache, and the cached run must report exactly what a full run (`hurtigbuffer=False`) reports."""

from __future__ import annotations

import datetime as dt
import json
import os
import zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from avtaleflyt.arkiv import Arkiv
from avtaleflyt.arkiv.manifest import GJENGIVERVERSJON_FOER
from avtaleflyt.arkiv.verifiser import Statistikk, verifiser
from avtaleflyt.arkiv.verifiser_hurtigbuffer import MAPPE, beskrivelse
from tests.arkiv import arkivdata
from tests.arkiv.arkivdata import git


class Gjengiver:
    """The test renderer with the version the archived manifests name (none: the old writer), so
    bytes are compared, and the cache may key on it."""

    def __init__(self, versjon: str = GJENGIVERVERSJON_FOER) -> None:
        self.gjengiverversjon = versjon

    def __call__(self, filer: dict[str, bytes]) -> dict[str, bytes]:
        return arkivdata.gjengi(filer)


def kontroll(sti: Path, *, full: bool = False, versjon: str = GJENGIVERVERSJON_FOER):
    st = Statistikk()
    funn = verifiser(sti, rerender=Gjengiver(versjon), statistikk=st, hurtigbuffer=not full)
    return funn, st


def bufferfiler(sti: Path) -> list[Path]:
    mappe = sti / ".git" / "avtaleflyt" / MAPPE
    return sorted(mappe.glob("*.json")) if mappe.is_dir() else []


@pytest.fixture
def fylt(arkiv, arkivsti):
    arkiv.arkiver(arkivdata.hendelse())
    arkiv.arkiver(arkivdata.hendelse(type_="signert", dato=dt.date(2026, 5, 2)))
    arkiv.arkiver(arkivdata.hendelse("annen"))
    funn, st = kontroll(arkivsti)
    assert funn == [] and st.fra_hurtigbuffer == 0 and st.commits == 3
    assert len(bufferfiler(arkivsti)) == 1
    return arkivsti


def regler(funn) -> set[str]:
    return {f.rule for f in funn}


def test_second_run_takes_every_commit_from_the_cache_and_says_so(fylt):
    funn, st = kontroll(fylt)
    assert funn == []
    assert st.fra_hurtigbuffer == st.commits == 3 and st.tagger_fra_hurtigbuffer == 3
    assert st.gjengitte_versjoner == 2 and st.filer > 0  # the statistics cover the cached ones
    assert "0 av 3 commits er kontrollert nå, 3 er hentet fra tidligere kontroller" in (
        beskrivelse(st)
    )
    funn, full = kontroll(fylt, full=True)
    assert funn == [] and full.fra_hurtigbuffer == 0
    assert "Alle 3 commits er kontrollert nå (full kontroll ble valgt" in beskrivelse(full)
    assert (full.filer, full.gjengitte_versjoner) == (st.filer, st.gjengitte_versjoner)


def test_after_a_new_event_only_the_new_commit_is_checked(fylt):
    Arkiv(fylt).arkiver(arkivdata.hendelse("annen", type_="signert", dato=dt.date(2026, 5, 3)))
    funn, st = kontroll(fylt)
    assert funn == []
    assert (st.commits, st.fra_hurtigbuffer) == (4, 3)


def _erstatt_blob(sti: Path) -> None:
    """`git replace` shows another .docx under the archived blob id to plain git."""
    gammel = git(sti, "rev-parse", "HEAD:annen/dokumenter/annen.docx").strip()
    (sti / "falsk.docx").write_bytes(b"DOCX:forfalsket")
    ny = git(sti, "hash-object", "-w", "falsk.docx").strip()
    (sti / "falsk.docx").unlink()
    git(sti, "replace", gammel, ny)


def _flytt_tag(sti: Path) -> None:
    git(sti, "tag", "-f", "-a", "-m", "flyttet", "gauldal-landbruk/v1/vedtatt", "HEAD")


def _skriv_om_historikken(sti: Path) -> None:
    git(sti, "reset", "-q", "--hard", "HEAD~2")


def _endre_commit(sti: Path) -> None:
    melding = git(sti, "log", "-1", "--format=%B")
    (sti / "annen/prosess.json").write_text("{}")
    git(sti, "commit", "-qa", "--amend", "-m", melding)


def _ny_commit_med_endret_fil(sti: Path) -> None:
    docx = sti / "gauldal-landbruk/dokumenter/gauldal-landbruk.docx"
    docx.write_bytes(docx.read_bytes().replace(b"Samarbeid", b"Samarbeld"))
    git(sti, "commit", "-qam", "Retter skrivefeil")


def _endre_objekt_pa_stedet(sti: Path) -> None:
    """Rewrite an archived blob's loose object file with other bytes: the id, and so every commit,
    tree, tag and journal line, stays the same; only reading the bytes again shows it."""
    oid = git(sti, "rev-parse", "HEAD:annen/dokumenter/annen.docx").strip()
    fil = sti / ".git" / "objects" / oid[:2] / oid[2:]
    innhold = b"DOCX:forfalsket, samme id"
    fil.chmod(0o644)
    fil.write_bytes(zlib.compress(b"blob %d\0" % len(innhold) + innhold))


def _slett_tag(sti: Path) -> None:
    git(sti, "tag", "-d", "annen/v1/vedtatt")


TUKLING = {  # tampering -> (rules it must give, whether the cached run may reuse results)
    "erstattet blob (git replace)": (_erstatt_blob, {"ARKIV-ERSTATTET"}, False),
    "flyttet tag": (_flytt_tag, {"ARKIV-TAG", "ARKIV-HISTORIKK"}, True),
    "historikken skrevet om": (_skriv_om_historikken, {"ARKIV-HISTORIKK", "ARKIV-TAG"}, True),
    "endret commit (amend)": (_endre_commit, {"ARKIV-HISTORIKK"}, True),
    "ny commit med endret fil": (
        _ny_commit_med_endret_fil,
        {"ARKIV-SJEKKSUM", "ARKIV-TRAILER"},
        True,
    ),
    "objekt endret på stedet": (
        _endre_objekt_pa_stedet,
        {"ARKIV-SJEKKSUM", "ARKIV-GJENGIVELSE"},
        False,
    ),
    "slettet tag": (_slett_tag, {"ARKIV-TAG", "ARKIV-HISTORIKK"}, True),
}


@pytest.mark.parametrize("navn", list(TUKLING))
def test_tampering_after_a_cached_run_is_found_as_a_full_run_finds_it(fylt, navn):
    tukle, forventet, gjenbruk = TUKLING[navn]
    tukle(fylt)
    funn, st = kontroll(fylt)
    assert forventet <= regler(funn), (navn, regler(funn))
    assert (st.fra_hurtigbuffer > 0) == gjenbruk, st
    full, _ = kontroll(fylt, full=True)
    assert funn == full
    igjen, _ = kontroll(fylt)  # and the run after, when the cache holds the tampered state
    assert igjen == full


def test_an_object_edited_in_place_makes_a_full_check(fylt):
    _endre_objekt_pa_stedet(fylt)
    _, st = kontroll(fylt)
    assert st.fra_hurtigbuffer == 0
    assert "stemmer ikke med navnet sitt" in st.hurtigbuffer_grunn


def test_a_new_loose_object_that_is_not_what_its_name_says_makes_a_full_check(fylt):
    falsk = "ab" * 20
    fil = fylt / ".git" / "objects" / falsk[:2] / falsk[2:]
    fil.parent.mkdir(exist_ok=True)
    fil.write_bytes(zlib.compress(b"blob 3\0abc"))
    _, st = kontroll(fylt)
    assert st.fra_hurtigbuffer == 0
    assert "stemmer ikke med navnet sitt" in st.hurtigbuffer_grunn


def test_replace_refs_turn_the_cache_off(fylt):
    _erstatt_blob(fylt)
    _, st = kontroll(fylt)
    assert st.fra_hurtigbuffer == 0 and "refs/replace" in st.hurtigbuffer_grunn


def test_another_renderer_version_does_not_reuse_results(fylt):
    _, st = kontroll(fylt, versjon="avtaleflyt-docx/annen")
    assert st.fra_hurtigbuffer == 0
    assert "ingen tidligere kontroll med samme program" in st.hurtigbuffer_grunn
    assert len(bufferfiler(fylt)) == 2  # one file per setting, each reused on its own
    _, st = kontroll(fylt)
    assert st.fra_hurtigbuffer == 3


def test_a_cache_written_by_another_program_version_is_not_used(fylt):
    (fil,) = bufferfiler(fylt)
    data = json.loads(fil.read_bytes())
    data["innstillinger"]["program"] = "0" * 64
    fil.write_text(json.dumps(data))
    _, st = kontroll(fylt)
    assert st.fra_hurtigbuffer == 0


def test_a_renderer_without_a_version_is_never_cached(fylt):
    st = Statistikk()
    assert verifiser(fylt, rerender=arkivdata.gjengi, statistikk=st) == []
    assert st.fra_hurtigbuffer == 0 and "gjengiverversjon" in st.hurtigbuffer_grunn


@pytest.mark.parametrize("innhold", [b"", b"{", b'{"format": "avtaleflyt-verify-cache/1"}'])
def test_a_damaged_cache_costs_a_full_check_and_is_rewritten(fylt, innhold):
    (fil,) = bufferfiler(fylt)
    fil.write_bytes(innhold)
    funn, st = kontroll(fylt)
    assert funn == [] and st.fra_hurtigbuffer == 0
    _, st = kontroll(fylt)
    assert st.fra_hurtigbuffer == 3


def test_a_finding_is_kept_in_the_cache_as_found(fylt):
    """A cached finding is kept as found: a run after the cache holds a finding still reports it."""
    _ny_commit_med_endret_fil(fylt)
    forste, _ = kontroll(fylt)
    andre, st = kontroll(fylt)
    assert andre == forste and st.fra_hurtigbuffer == 4


def _kjor(sti: str) -> int:
    st = Statistikk()
    verifiser(sti, rerender=Gjengiver(), statistikk=st, hurtigbuffer=False)
    return st.commits


def test_concurrent_runs_leave_a_whole_cache(fylt):
    for f in bufferfiler(fylt):
        f.unlink()
    with ProcessPoolExecutor(4) as pool:
        assert list(pool.map(_kjor, [str(fylt)] * 8)) == [3] * 8
    (fil,) = bufferfiler(fylt)
    json.loads(fil.read_bytes())  # whole JSON, never half of two writers
    assert not [f for f in fil.parent.iterdir() if f.name.startswith(".tmp-")]
    _, st = kontroll(fylt)
    assert st.fra_hurtigbuffer == 3


def test_the_cache_never_leaves_the_git_directory(fylt, tmp_path):
    klone = tmp_path / "klone"
    git(fylt, "clone", "-q", str(fylt), str(klone))
    assert not (klone / ".git" / "avtaleflyt").exists()
    assert os.listdir(fylt / ".git" / "avtaleflyt" / MAPPE)


def test_a_repack_makes_one_full_check(fylt):
    git(fylt, "gc", "-q")
    _, st = kontroll(fylt)
    assert st.fra_hurtigbuffer == 0 and "objektlageret er endret" in st.hurtigbuffer_grunn
    _, st = kontroll(fylt)
    assert st.fra_hurtigbuffer == 3


def _pakke(sti: Path) -> Path:
    (pakke,) = (sti / ".git" / "objects" / "pack").glob("pack-*.pack")
    return pakke


def test_a_freshened_pack_is_hashed_again_and_trusted(fylt):
    """Git touches a pack's mtime when it would write an object the pack holds (every event
    whose templates are unchanged): the pack is hashed against its name and the cache stays."""
    git(fylt, "gc", "-q")
    kontroll(fylt)
    Arkiv(fylt).arkiver(arkivdata.hendelse("annen", type_="signert", dato=dt.date(2026, 5, 3)))
    os.utime(_pakke(fylt))
    funn, st = kontroll(fylt)
    assert funn == [] and (st.commits, st.fra_hurtigbuffer) == (4, 3), st.hurtigbuffer_grunn


def test_a_pack_edited_in_place_makes_a_full_check(fylt):
    """A blob's bytes inside the pack are changed (size and inode kept). A cached run would not
    read the blob at all; the pack no longer hashes to its name, so every commit is checked and
    git's own reading of the damaged blob stops the check instead of passing it."""
    git(fylt, "gc", "-q")
    kontroll(fylt)
    oid = git(fylt, "rev-parse", "HEAD:annen/dokumenter/annen.docx").strip()
    pakke = _pakke(fylt)
    linje = next(
        linje.split()
        for linje in git(fylt, "verify-pack", "-v", str(pakke.with_suffix(".idx"))).splitlines()
        if linje.startswith(oid)
    )
    storrelse, start = int(linje[3]), int(linje[4])  # size in pack, offset
    pakke.chmod(0o644)
    data = bytearray(pakke.read_bytes())
    data[start + storrelse - 2] ^= 0xFF  # inside the blob's compressed bytes
    pakke.write_bytes(bytes(data))
    funn, st = kontroll(fylt)
    assert st.fra_hurtigbuffer == 0
    assert "stemmer ikke med sjekksummen i navnet sitt" in st.hurtigbuffer_grunn
    assert "ARKIV-SJEKKSUM" in regler(funn)  # git cannot read the blob: it is not what was archived
