"""`avtale nettsted` on the Gauldal demo's archive: every page parses and keeps the accessibility
rules, every internal link and anchor resolves, the lønn/regnskap timeline says what the archive
says, and the documents offered for download are the archived bytes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from avtaleflyt import revisjon
from avtaleflyt.nettsted import adresse
from avtaleflyt.nettsted.tekst import dato as tekst_dato
from tests.nettsted.conftest import LONN
from tests.nettsted.html_sjekk import les


def _sider(ut: Path) -> list[Path]:
    return sorted(ut.rglob("*.html"))


def _interne(side: Path, lenke: str) -> tuple[Path, str] | None:
    deler = urlsplit(lenke)
    if deler.scheme or deler.netloc:
        return None
    mal = (side.parent / unquote(deler.path)).resolve() if deler.path else side.resolve()
    return mal, deler.fragment


def test_every_page_parses_and_keeps_the_accessibility_rules(nettsted):
    sider = [s for s in _sider(nettsted.ut) if "/filer/" not in s.as_posix()]
    assert len(sider) >= 10
    for s in sider:
        side = les(s.read_text(encoding="utf-8"))
        navn = s.relative_to(nettsted.ut).as_posix()
        assert side.feil == [], navn
        assert side.lang == "nb", navn
        assert side.h1 == 1 and side.main == 1, navn
        assert "innhold" in side.ider, navn  # the skip link's target
        assert side.captions == side.tabeller, f"{navn}: a table without caption"
        assert side.th_uten_scope == 0, navn
        for bilde in side.svg_bilder:
            assert bilde == {"title": True, "desc": True}, navn
        for lenke in side.lenker:
            assert not lenke.startswith(("http:", "https:", "//", "/")), (navn, lenke)


def test_every_internal_link_and_anchor_resolves(nettsted):
    ider: dict[Path, set[str]] = {}
    sjekket = nye = 0
    for s in _sider(nettsted.ut):
        if "/filer/" in s.as_posix():
            continue
        for lenke in les(s.read_text(encoding="utf-8")).lenker:
            mal = _interne(s, lenke)
            assert mal is not None, (s, lenke)
            fil, anker = mal
            assert fil.is_file(), f"{s.relative_to(nettsted.ut)}: {lenke} finnes ikke"
            assert fil.is_relative_to(nettsted.ut.resolve()), lenke
            if anker:
                if fil not in ider:
                    ider[fil] = set(les(fil.read_text(encoding="utf-8")).ider)
                assert anker in ider[fil], f"{s.relative_to(nettsted.ut)}: {lenke}"
            sjekket += 1
            nye += "/vedlegg/" in lenke or lenke.endswith(".md") or "/vedtak-v" in lenke
    assert sjekket > 100
    assert nye > 10  # the attachments, the decisions documents and their pages were followed


def _tekst(nettsted, sti: str) -> str:
    return les((nettsted.ut / sti).read_text(encoding="utf-8")).ren_tekst


def test_lonn_regnskap_timeline_shows_the_amendment_round_as_archived(demo, nettsted):
    h = revisjon.historikk(demo.arkiv, LONN)
    assert sorted(h.versjoner) == [1, 2]
    tekst = _tekst(nettsted, adresse.avtaleside(LONN))
    liste = tekst[tekst.index("Tidslinjen som tekst") : tekst.index("Behandling i hver kommune")]
    assert "Utkast til versjon 1" in liste
    assert re.search(
        r"Skaun kommunestyre: vedtatt med endringer \(versjon 1\), sak PS \d+/26", liste
    )
    assert "Versjon 1 ble vedtatt med endringer i Skaun" in liste
    v2 = h.versjoner[2]
    assert {x.kommunenummer for x in v2.vedtak} == {"5027", "5028", "5029"}
    for x in v2.vedtak:
        assert f"{x.kommunenavn} kommunestyre: vedtatt (versjon 2), sak {x.saksnummer}" in liste
    assert "Versjon 2 er vedtatt av alle" in liste
    assert "Versjon 2 er signert av alle parter" in liste
    assert "Versjon 2 trer i kraft" in liste
    assert "Versjon 1 trer i kraft" not in liste  # v1 was never in force
    # the steps come in date order
    datoer = re.findall(r"(\d{1,2})\. (\w+) (\d{4}):", liste)
    assert len(datoer) >= 20


def test_register_on_each_municipality_page_is_the_eierskapsmelding_register(demo, nettsted):
    dato = nettsted.resultat.referanse
    for nr in ("5027", "5028", "5029"):
        poster = revisjon.register(demo.arkiv, nr, dato)
        assert poster, nr
        tekst = _tekst(nettsted, adresse.kommuneside(nr))
        i_kraft = tekst[tekst.index("Samarbeid i kraft") : tekst.index("Historikk")]
        for p in poster:
            assert p.tittel in i_kraft, (nr, p.tittel)
            andel = next(a.andel for a in p.deltakere if a.kommunenummer == nr)
            if andel:
                assert andel in i_kraft, (nr, p.tittel, andel)
        assert i_kraft.count(", i kraft fra ") == len(poster)


def test_downloads_are_the_archived_bytes_with_their_sha256(demo, nettsted):
    with revisjon.Leser(demo.arkiv) as leser:
        h = leser.historikk(LONN)
        for nr, v in h.versjoner.items():
            manifest = json.loads(leser.fil(v.siste.commit, f"{LONN}/MANIFEST.json"))
            side = (nettsted.ut / adresse.versjonsside(LONN, nr)).read_text(encoding="utf-8")
            dokumenter = [
                o
                for o in manifest["dokumentobjekter"]
                if o["referanseDokumentfil"].startswith("dokumenter/")
            ]
            assert any(o["referanseDokumentfil"].endswith(".docx") for o in dokumenter)
            for o in dokumenter:
                navn = o["referanseDokumentfil"].rsplit("/", 1)[-1]
                fil = nettsted.ut / adresse.filsti(LONN, nr, navn)
                data = fil.read_bytes()
                assert data == leser.fil(v.siste.commit, f"{LONN}/{o['referanseDokumentfil']}")
                assert hashlib.sha256(data).hexdigest() == o["sjekksum"]
                assert o["sjekksum"] in side


def test_version_text_and_marked_changes(nettsted):
    v2 = _tekst(nettsted, adresse.versjonsside(LONN, 2))
    assert "§ 1 Parter" in v2 and "Melhus kommune er vertskommune" in v2
    html = (nettsted.ut / adresse.endringsside(LONN, 1, 2)).read_text(encoding="utf-8")
    assert "<ins>" in html and "<del>" in html
    side = les(html)
    assert side.feil == []
    assert "Sammendrag fra avtaledataene" in side.ren_tekst


def test_verification_panel_states_result_and_build_time(nettsted):
    tekst = _tekst(nettsted, adresse.kontrollside())
    assert "Resultat: ingen funn" in tekst
    assert "Tidspunktet er ikke en juridisk dato" in tekst
    assert "2. desember 2026 kl. 04:04:05" in tekst  # the build time, Europe/Oslo
    assert "commits er kontrollert nå" in tekst  # all now, or how many came from earlier checks
    assert nettsted.resultat.funn == []


@pytest.mark.parametrize("side", ["index.html", "kommuner/5029.html"])
def test_reference_date_is_stated(nettsted, side):
    assert "datoen for siste arkiverte hendelse" in _tekst(nettsted, side)


def test_municipality_history_shows_a_decision_with_changes(demo, nettsted):
    """Skaun adopted lønn/regnskap v1 «med endringer»: the version has no adoption by all, so its
    decisions stand only in the «endret» event; Skaun's row must still give date and case."""
    endret = revisjon.historikk(demo.arkiv, LONN).versjoner[1].hendelse("endret")
    assert endret is not None
    ved = endret.trailer("Endret-Ved")
    assert ved is not None and ved.startswith("5029 ")
    dag, _, sak = ved.removeprefix("5029 ").partition(" sak ")
    tekst = _tekst(nettsted, adresse.kommuneside("5029"))
    historikk = tekst[tekst.index("Historikk") :]
    assert (dag, sak) == ("2026-06-18", "PS 62/26")  # the demo's Skaun decision
    forventet = f"{tekst_dato(dt.date.fromisoformat(dag))}, sak {sak}: vedtatt med endringer"
    assert forventet in historikk
    for nr, verdi in endret.vedtatt().items():  # the councils that adopted v1 as it stood
        d, _, s = verdi.partition(" sak ")
        assert f"{tekst_dato(dt.date.fromisoformat(d))}, sak {s}" in _tekst(
            nettsted, adresse.kommuneside(nr)
        )


def _seksjon(tekst: str, fra: str, til: str) -> str:
    return tekst[tekst.index(fra) : tekst.index(til, tekst.index(fra))]


def test_version_page_lists_its_vedlegg_with_the_archived_bytes_and_sha256(demo, nettsted):
    """Lønn/regnskap has two attachments in both versions: each is listed with its title, a
    download holding the archived bytes, and the SHA-256 of those bytes, which is also the one the
    agreement data states (the avtale-hash the councils adopted binds it)."""
    with revisjon.Leser(demo.arkiv) as leser:
        for nr, v in leser.historikk(LONN).versjoner.items():
            manifest = json.loads(leser.fil(v.siste.commit, f"{LONN}/MANIFEST.json"))
            data = json.loads(leser.fil(v.siste.commit, f"{LONN}/avtale.json"))
            assert len(manifest["vedlegg"]) == len(data["vedlegg"]) == 2
            sti = nettsted.ut / adresse.versjonsside(LONN, nr)
            side = les(sti.read_text(encoding="utf-8"))
            assert "vedlegg" in side.ider
            seksjon = _seksjon(side.ren_tekst, "Vedleggene til versjon", "Vedleggene er en del")
            for x, i_data in zip(manifest["vedlegg"], data["vedlegg"], strict=True):
                arkivert = leser.fil(v.siste.commit, f"{LONN}/{x['referanseDokumentfil']}")
                sha = hashlib.sha256(arkivert).hexdigest()
                assert sha == i_data["sha256"] == x["sjekksum"]
                assert x["tittel"] in seksjon and sha in seksjon, x
                lenker = [
                    lenke for lenke in side.lenker if lenke.endswith(f"/vedlegg/{i_data['fil']}")
                ]
                assert len(lenker) == 1, lenker
                assert (sti.parent / lenker[0]).read_bytes() == arkivert
            assert "Filen finnes ikke" not in seksjon and "annen SHA-256" not in seksjon


def test_a_version_without_vedlegg_shows_no_vedlegg_section(demo, nettsted):
    with revisjon.Leser(demo.arkiv) as leser:
        v = leser.historikk("gauldal-landbruk").versjoner[1]
        assert "vedlegg" not in json.loads(
            leser.fil(v.siste.commit, "gauldal-landbruk/MANIFEST.json")
        )
    html = (nettsted.ut / adresse.versjonsside("gauldal-landbruk", 1)).read_text(encoding="utf-8")
    side = les(html)
    assert "vedlegg" not in side.ider
    assert "<h2" in html and 'id="vedlegg"' not in html and "Vedleggene til" not in html
    assert not (nettsted.ut / "avtaler/gauldal-landbruk/filer/v1/vedlegg").exists()


def test_vedtak_i_deltakerkommunene_is_the_archived_document_once(demo, nettsted):
    """The version page links the decisions document (its own page and the archived file with
    SHA-256) and does not repeat it; the document's page shows every participant's decision
    with the vedtakstekst as archived."""
    with revisjon.Leser(demo.arkiv) as leser:
        v = leser.historikk(LONN).versjoner[2]
        md = leser.fil(v.siste.commit, f"{LONN}/vedtak-i-deltakerkommunene.md")
        deltakere = json.loads(leser.fil(v.siste.commit, f"{LONN}/avtale.json"))["deltakere"]
    sha = hashlib.sha256(md).hexdigest()
    versjonsside = nettsted.ut / adresse.versjonsside(LONN, 2)
    versjon = les(versjonsside.read_text(encoding="utf-8"))
    assert "vedtak" in versjon.ider
    assert versjon.ren_tekst.count(sha) == 1
    fil = [x for x in versjon.lenker if x.endswith("/vedtak-i-deltakerkommunene.md")]
    assert len(fil) == 1 and (versjonsside.parent / fil[0]).read_bytes() == md
    side_sti = adresse.vedtaksside(LONN, 2)
    assert adresse.relativ(adresse.versjonsside(LONN, 2), side_sti) in versjon.lenker
    side = les((nettsted.ut / side_sti).read_text(encoding="utf-8"))
    assert side.feil == [] and side.tabeller == side.captions == 1
    tekst = side.ren_tekst
    assert sha in tekst
    sitater = [
        linje.removeprefix("> ")
        for linje in md.decode().splitlines()
        if linje.startswith("> ") and len(linje) > 20
    ]
    assert sitater
    assert len(deltakere) == 3
    for d in deltakere:  # the table row and the participant's own section
        assert tekst.count(f"{d['navn']} ({d['kommunenummer']})") == 2, d
    for linje in sitater:
        assert " ".join(linje.split()) in tekst, linje
        assert " ".join(linje.split()) not in versjon.ren_tekst  # not twice: only on its page
