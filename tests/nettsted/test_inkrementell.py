"""After one new archived event only the pages that show it are written again; a rebuild of an
unchanged archive writes nothing. Counted two ways: the builder's own list and the files'
modification times."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil

from avtaleflyt.arkiv import Arkiv
from avtaleflyt.arkivering import arkiver_avtale
from avtaleflyt.nettsted import adresse, bygg
from avtaleflyt.nettsted.bygg import BYGGEMANIFEST, FUNNFIL, bygg_nettsted
from avtaleflyt.nettsted.tekst import dato
from tests.arkiv.arkivdata import git
from tests.nettsted.conftest import BYGGETID, IDER, LONN
from tests.revisjon import hjelp

LANDBRUK = "gauldal-landbruk"


def _tider(ut):
    return {
        p.relative_to(ut).as_posix(): p.stat().st_mtime_ns
        for p in ut.rglob("*")
        if p.is_file() and p.name not in (BYGGEMANIFEST, FUNNFIL)
    }


def test_one_new_event_rewrites_only_the_affected_pages(demo, tmp_path):
    arkiv, arbeid = tmp_path / "arkiv", tmp_path / "avtaler"
    shutil.copytree(demo.arkiv, arkiv, symlinks=True)
    shutil.copytree(demo.arbeid, arbeid)
    ut = tmp_path / "side"
    # the default reference date, the latest legal date: the new event moves it, and still only
    # the pages that show the event (and the summaries: start and municipality pages) are written
    forste = bygg_nettsted(arkiv, ut)
    assert forste.funn == []
    alle = _tider(ut)
    assert len(forste.skrevet) == len(alle)

    igjen = bygg_nettsted(arkiv, ut)
    assert igjen.skrevet == [] and igjen.avtaler_gjengitt == []
    assert _tider(ut) == alle

    opphor = forste.referanse + dt.timedelta(days=31)
    hjelp.opphor(arbeid / LANDBRUK, opphor)
    assert arkiver_avtale(arbeid / LANDBRUK, arkiv, opphor)
    tredje = bygg_nettsted(arkiv, ut)
    assert tredje.referanse == opphor
    etter = _tider(ut)
    endret = {s for s in etter if etter[s] != alle.get(s)}
    assert endret == set(tredje.skrevet)
    assert tredje.avtaler_gjengitt == [LANDBRUK]
    assert adresse.avtaleside(LANDBRUK) in endret
    assert adresse.kontrollside() in endret  # the check ran again, on the changed archive
    # ... and checked only the new commit: the others' results are verify's cache
    kontroll = (ut / adresse.kontrollside()).read_text(encoding="utf-8")
    antall = len(git(arkiv, "rev-list", "HEAD").split())
    assert f"1 av {antall} commits er kontrollert nå, {antall - 1} er hentet fra" in kontroll
    tillatt = {adresse.startside(), adresse.kontrollside()} | {
        adresse.kommuneside(nr) for nr in ("5027", "5028", "5029")
    }
    andre = {s for s in endret if not s.startswith(f"avtaler/{LANDBRUK}/")}
    assert andre <= tillatt, andre
    assert not any(s.startswith(f"avtaler/{LONN}/") for s in endret)
    # the termination is on the agreement's page and its status on the start page
    tekst = (ut / adresse.avtaleside(LANDBRUK)).read_text(encoding="utf-8")
    assert f"Samarbeidet er opphørt fra {dato(opphor)}" in tekst
    assert f"opphørt fra {dato(opphor)}" in (ut / adresse.startside()).read_text(encoding="utf-8")


def test_a_full_check_is_made_on_request_and_the_page_says_so(demo, tmp_path):
    arkiv = tmp_path / "arkiv"
    shutil.copytree(demo.arkiv, arkiv, symlinks=True)
    ut = tmp_path / "side"
    assert bygg_nettsted(arkiv, ut).funn == []
    full = bygg_nettsted(arkiv, ut, hurtigbuffer=False)
    assert full.funn == [] and adresse.kontrollside() in full.skrevet
    kontroll = (ut / adresse.kontrollside()).read_text(encoding="utf-8")
    assert "commits er kontrollert nå (full kontroll ble valgt med --uten-hurtigbuffer)" in kontroll


def test_pages_made_in_parallel_are_the_pages_made_in_one_process(
    demo, nettsted, tmp_path, monkeypatch
):
    """A whole site is made in batches by `ARBEIDERE` processes; one agreement per batch here
    (four batches, two processes) must give the same files, byte for byte, as one process."""
    monkeypatch.setattr(bygg, "PAKKE", 1)
    ut = tmp_path / "side"
    r = bygg_nettsted(demo.arkiv, ut, naa=BYGGETID)
    assert sorted(r.avtaler_gjengitt) == sorted(IDER)
    assert _innhold(ut) == _innhold(nettsted.ut)
    assert len(r.skrevet) == len(set(r.skrevet)) == len(_innhold(ut))


def _innhold(ut):
    return {
        p.relative_to(ut).as_posix(): p.read_bytes()
        for p in ut.rglob("*")
        if p.is_file() and p.name not in (BYGGEMANIFEST, FUNNFIL)
    }


def test_a_moved_reference_date_gives_the_pages_a_fresh_build_gives(demo, tmp_path):
    """Summaries are kept while the reference date stays between the same legal dates of an
    agreement; across one of them the agreement is read again. Either way the start and
    municipality pages equal those of a build from scratch for that date."""
    ikraft = next(
        e.juridisk_dato for e in Arkiv(demo.arkiv).hendelser(LONN) if e.hendelse == "i-kraft"
    )
    dag = dt.timedelta(days=1)
    ut = tmp_path / "side"
    lest: dict[dt.date, list[str]] = {}
    for i, d in enumerate([ikraft - dag, ikraft, ikraft + dag, ikraft + 2 * dag, ikraft - dag]):
        r = bygg_nettsted(demo.arkiv, ut, dato=d, kontroll=False)
        lest[d] = r.sammendrag_lest
        ny = bygg_nettsted(demo.arkiv, tmp_path / f"ny-{i}", dato=d, kontroll=False)
        sider = {s for s in _innhold(ny.ut) if s == "index.html" or s.startswith("kommuner/")}
        assert {s: _innhold(ut)[s] for s in sider} == {s: _innhold(ny.ut)[s] for s in sider}, d
    assert LONN in lest[ikraft]  # its entry into force lies between the two dates
    assert LONN in lest[ikraft + dag]  # a comparison may be strict: the day after counts too
    assert LONN not in lest[ikraft + 2 * dag]  # nothing of its own happens between these


def test_a_new_version_with_a_new_vedlegg_writes_only_that_agreements_files(demo, tmp_path):
    """Landbruk gets version 2 with an attachment: its pages, the attachment's download and the
    new decisions page are written by the same incremental build, and no other agreement's."""
    arkiv, arbeid = tmp_path / "arkiv", tmp_path / "avtaler"
    shutil.copytree(demo.arkiv, arkiv, symlinks=True)
    shutil.copytree(demo.arbeid, arbeid)
    ut = tmp_path / "side"
    forste = bygg_nettsted(arkiv, ut, kontroll=False)
    alle = _tider(ut)
    assert not any("/filer/v2/" in s for s in alle if s.startswith(f"avtaler/{LANDBRUK}/"))

    mappe = arbeid / LANDBRUK
    innhold = "# Tjenestebeskrivelse\n\nRådgivning i landbruket for alle tre kommunene.\n"
    (mappe / "vedlegg").mkdir(exist_ok=True)
    (mappe / "vedlegg" / "tjenester.md").write_text(innhold, encoding="utf-8")
    sha = hashlib.sha256(innhold.encode()).hexdigest()
    dag = forste.referanse + dt.timedelta(days=10)
    vedlegg = [{"tittel": "Tjenestebeskrivelse", "fil": "tjenester.md", "sha256": sha}]
    hjelp.ny_versjon(mappe, dag, vedlegg=[{**vedlegg[0], "art": "tjenestebeskrivelse"}])
    hjelp.vedta_alle(mappe, dag, sak=70)
    assert arkiver_avtale(mappe, arkiv, dag + dt.timedelta(days=5))

    andre = bygg_nettsted(arkiv, ut, kontroll=False)
    assert andre.avtaler_gjengitt == [LANDBRUK]
    etter = _tider(ut)
    endret = {s for s in etter if etter[s] != alle.get(s)}
    assert endret == set(andre.skrevet)
    fil = adresse.arkivfil(LANDBRUK, 2, "vedlegg/tjenester.md")
    assert fil in endret and (ut / fil).read_text(encoding="utf-8") == innhold
    assert adresse.vedtaksside(LANDBRUK, 2) in endret
    utenfor = {s for s in endret if not s.startswith(f"avtaler/{LANDBRUK}/")}
    assert utenfor <= {adresse.startside(), adresse.kontrollside()} | {
        adresse.kommuneside(nr) for nr in ("5027", "5028", "5029")
    }, utenfor
    assert not any(s.startswith(f"avtaler/{LONN}/") for s in endret)
    side = (ut / adresse.versjonsside(LANDBRUK, 2)).read_text(encoding="utf-8")
    assert "Tjenestebeskrivelse" in side and sha in side
    assert 'id="vedlegg"' not in (ut / adresse.versjonsside(LANDBRUK, 1)).read_text("utf-8")
