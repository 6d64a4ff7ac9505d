"""The comparison behind the corpus test, on made-up findings: each way the data can go stale.

The corpus test is only as strict as `sammenlign`; these cases show that every stated state
(caught, awaiting, false, guard, not counted, unexplained) is checked in both directions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from avtaleflyt.findings import Finding
from tests.korpus.korpus import Forventning, Korpusavtale, KorpusFeil, les_avtale, sammenlign


def _funn(regel: str, sti: str, alvorlighet: str = "feil") -> Finding:
    return Finding("x/avtale.yaml", 1, 1, sti, regel, alvorlighet, "melding", "")  # type: ignore[arg-type]


def _avtale(**lister: list[Forventning]) -> Korpusavtale:
    return Korpusavtale(
        slug="x",
        mappe=Path("."),
        kilde={},
        forventet=lister.get("forventet", []),
        falske=lister.get("falske", []),
        ikke_telt=lister.get("ikke_telt", []),
    )


def test_forventet_uten_avventer_maa_fanges():
    a = _avtale(forventet=[Forventning("KL-18-1-NAVN", "navn", begrunnelse="b")])
    assert not sammenlign(a, [_funn("KL-18-1-NAVN", "navn")]).avvik
    s = sammenlign(a, [])
    assert len(s.avvik) == 1 and "fanges ikke lenger" in s.avvik[0]


def test_forventet_som_avventer_maa_ennaa_mangle():
    a = _avtale(forventet=[Forventning("X-NY", "deltakere", avventer=("12.2",), foreslatt=True)])
    assert not sammenlign(a, []).avvik
    s = sammenlign(a, [_funn("X-NY", "deltakere.3")])
    assert len(s.avvik) == 1 and "fanges nå" in s.avvik[0]


def test_alvorlighet_teller_for_fanget_men_forklarer_funnet():
    a = _avtale(
        forventet=[Forventning("KL-31-2-GAMMEL-LOV", "bakgrunn", "feil", avventer=("12.5",))]
    )
    s = sammenlign(a, [_funn("KL-31-2-GAMMEL-LOV", "bakgrunn", "advarsel")])
    assert not s.avvik and not s.uforklarte
    assert s.feil_alvorlighet and not s.fanget


def test_falskt_med_avventer_maa_ennaa_gis_og_vakten_maa_holde():
    a = _avtale(falske=[Forventning("SKJEMA-MANGLER", "versjonsdato", avventer=("12.8",))])
    assert not sammenlign(a, [_funn("SKJEMA-MANGLER", "versjonsdato")]).avvik
    assert "gis ikke lenger" in sammenlign(a, []).avvik[0]
    vakt = _avtale(falske=[Forventning("IKSL-3-EIERANDEL-SUM")])
    assert not sammenlign(vakt, []).avvik
    assert "falskt funn" in sammenlign(vakt, [_funn("IKSL-3-EIERANDEL-SUM", "deltakere")]).avvik[0]


def test_falskt_som_ikke_vises_naa_maa_ikke_gis_ennaa():
    a = _avtale(
        falske=[Forventning("KL-18-3-REPRESENTANTSKAP", avventer=("12.4",), vises_naa=False)]
    )
    assert not sammenlign(a, []).avvik
    assert "vises_naa" in sammenlign(a, [_funn("KL-18-3-REPRESENTANTSKAP", "r")]).avvik[0]


def test_ikke_telt_taales_begge_veier_og_alt_annet_maa_forklares():
    a = _avtale(ikke_telt=[Forventning("KL-19-4-C", grunn="ikke lest")])
    assert not sammenlign(a, []).avvik
    s = sammenlign(a, [_funn("KL-19-4-C", "representantskap"), _funn("KL-19-4-J", "opplosning")])
    assert len(s.ikke_telte_funn) == 1
    assert len(s.avvik) == 1 and "uforklart funn KL-19-4-J" in s.avvik[0]


def test_sti_er_et_prefiks_av_hele_ledd():
    f = Forventning("KL-19-4-F", "deltakere.1")
    assert f.treffer(_funn("KL-19-4-F", "deltakere.1.eierandel"))
    assert not f.treffer(_funn("KL-19-4-F", "deltakere.11.eierandel"))


def test_foreslaatt_id_som_finnes_i_katalogen_avvises(tmp_path):
    (tmp_path / "avtale.yaml").write_text("type: iks\nid: x\n", encoding="utf-8")
    (tmp_path / "kilde.yaml").write_text(
        "adresse: https://a\ndokument: d\nhentet: 2026-12-01\nhentet_via: v\nlest: l\n"
        "ikke_sett: [i]\nantakelser: []\nkan_ikke_uttrykkes: []\n",
        encoding="utf-8",
    )
    (tmp_path / "forventet.yaml").write_text(
        "forventet:\n  - {regel: KL-18-1-NAVN, foreslatt: true, begrunnelse: b, avventer: '12.3'}\n",
        encoding="utf-8",
    )
    with pytest.raises(KorpusFeil, match="finnes nå i regelkatalogen"):
        les_avtale(tmp_path)
    (tmp_path / "forventet.yaml").write_text(
        "forventet:\n  - {regel: UKJENT-REGEL, begrunnelse: b}\n", encoding="utf-8"
    )
    with pytest.raises(KorpusFeil, match="foreslatt: true"):
        les_avtale(tmp_path)
    (tmp_path / "forventet.yaml").write_text(
        "forventet:\n  - {regel: KL-18-1-NAVN, begrunnelse: b, avventer: '13.1'}\n",
        encoding="utf-8",
    )
    with pytest.raises(KorpusFeil, match=r"avventer «13\.1» er ukjent"):
        les_avtale(tmp_path)
