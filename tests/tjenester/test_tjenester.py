"""The service layer: each secretariat action derives what the clerk does not give, appends
through the checked append, and refuses with a domain exception without writing anything."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from avtaleflyt import tjenester
from avtaleflyt.arkiv import Arkiv
from avtaleflyt.prosess import avtale_hash, load_process
from avtaleflyt.validation import UnknownAgreement
from tests.prosess.prosessdata import lag_avtale

D = dt.date
KS = (
    ("5027", "mg-ks-2026-03-19"),
    ("5028", "melhus-ks-2026-03-24"),
    ("5029", "skaun-ks-2026-03-26"),
)


def _vedta_alle(mappe: Path, **kw) -> None:
    for nr, mote in KS:
        dato = D.fromisoformat(mote[-10:])
        tjenester.registrer_vedtak(
            mappe,
            mote=mote,
            kommune=nr,
            utfall="vedtatt",
            vedtakstekst="Avtalen vedtas.",
            at=dato,
            **kw.get(nr, {}),
        )


def test_a_decision_takes_organ_date_case_number_and_text_from_the_calendar(mappe):
    svar = tjenester.registrer_vedtak(
        "lonn-regnskap",
        mote="mg-ks-2026-03-19",
        kommune="5027",
        utfall="vedtatt",
        vedtakstekst="Avtalen vedtas.",
        votering={"enstemmig": True},
        at=D(2026, 3, 20),
    )
    assert (svar.liste, svar.indeks, svar.id) == ("vedtak", 0, "vedtak-5027-mg-ks-2026-03-19")
    assert svar.sti == mappe / "prosess.yaml"
    v = svar.post
    assert (v.organ, v.motedato, v.saksnummer, v.versjon) == (
        "kommunestyre",
        D(2026, 3, 19),
        "PS 14/26",
        1,
    )
    assert v.avtale_hash == avtale_hash(lag_avtale())
    assert load_process(mappe / "prosess.yaml").prosess.vedtak == [v]


def test_the_whole_process_through_the_service_layer_then_archive_what_is_due(mappe, tmp_path):
    _vedta_alle(mappe)
    for nr, dag in (("5027", 30), ("5028", 31), ("5029", 31)):
        s = tjenester.registrer_signatur(
            mappe, kommune=nr, dato=D(2026, 3, dag), at=D(2026, 3, dag)
        )
        assert s.post.navn and s.post.rolle == "ordfører"  # from the agreement's signatar
    tjenester.registrer_ikrafttredelse(mappe, dato=D(2026, 5, 1), at=D(2026, 4, 1))
    arkiv = tmp_path / "arkiv"
    forst = tjenester.arkiver_forfalte(mappe, arkiv, D(2026, 4, 30))
    assert [(p.hendelse.hendelse, p.status) for p in forst.hendelser] == [
        ("vedtatt", "ny"),
        ("signert", "ny"),
    ]
    senere = tjenester.arkiver_forfalte(mappe, arkiv, D(2026, 5, 1))
    assert [(p.hendelse.hendelse, p.status) for p in senere.hendelser] == [
        ("vedtatt", "arkivert"),
        ("signert", "arkivert"),
        ("i-kraft", "ny"),
    ]
    assert [e.juridisk_dato for e in Arkiv(arkiv).hendelser("lonn-regnskap")] == [
        D(2026, 3, 26),
        D(2026, 3, 31),
        D(2026, 5, 1),
    ]
    assert tjenester.arkiver_alle(mappe.parent, arkiv, D(2026, 5, 1))[0].commits == []


def test_an_unknown_meeting_is_refused_with_the_known_ones(mappe):
    før = (mappe / "prosess.yaml").read_bytes()
    with pytest.raises(tjenester.UkjentMote) as feil:
        tjenester.registrer_vedtak(
            mappe,
            mote="mg-ks-2099",
            kommune="5027",
            utfall="vedtatt",
            vedtakstekst="x",
            at=D(2026, 3, 20),
        )
    assert "mg-ks-2026-03-19" in feil.value.kjente and "finnes ikke i kalenderen" in str(feil.value)
    with pytest.raises(tjenester.UkjentMote):
        tjenester.registrer_delegering(
            mappe, mote="mg-ks-2099", kommune="5027", vedtakstekst="x", at=D(2026, 3, 20)
        )
    assert (mappe / "prosess.yaml").read_bytes() == før


def test_an_older_version_needs_its_hash(mappe):
    with pytest.raises(tjenester.UgyldigInndata) as feil:
        tjenester.registrer_vedtak(
            mappe,
            mote="skaun-ks-2026-03-26",
            kommune="5029",
            utfall="vedtatt",
            vedtakstekst="x",
            versjon=3,
            at=D(2026, 3, 26),
        )
    assert (feil.value.felt, feil.value.trenger) == ("versjon", "avtale_hash")


def test_facts_that_do_not_fit_the_record_are_refused_in_norwegian(mappe):
    with pytest.raises(tjenester.UgyldigPost) as feil:
        tjenester.registrer_signatur(mappe, kommune="502", dato=D(2026, 3, 30), at=D(2026, 3, 30))
    felter = dict(feil.value.feil)
    assert "fire siffer" in felter[("kommune",)] and "mangler" in felter[("navn",)]


def test_a_record_the_rules_refuse_is_not_written(mappe):
    før = (mappe / "prosess.yaml").read_bytes()
    with pytest.raises(tjenester.RecordRefused) as feil:
        tjenester.registrer_signatur(mappe, kommune="5029", dato=D(2026, 3, 27), at=D(2026, 3, 27))
    assert any(f.rule == "PROSESS-SIGNATUR-FOR-VEDTAK" for f in feil.value.findings)
    assert (mappe / "prosess.yaml").read_bytes() == før


def test_a_drofting_before_the_first_text_is_checked_against_the_draft(tmp_path, mappe):
    ny = tmp_path / "utkast-mappe"
    ny.mkdir()
    svar = tjenester.registrer_drofting(
        ny,
        dato=D(2026, 2, 1),
        kommuner=["5027"],
        organisasjoner=["Fagforbundet"],
        protokoll="2026/1-1",
        protokolltilforsel=[("Fagforbundet", "Uenig i tidsplanen")],
        at=D(2026, 2, 2),
        utkast=mappe / "avtale.yaml",
    )
    assert svar.id == "drofting-2026-02-01" and svar.sti == ny / "prosess.yaml"
    assert svar.post.protokolltilforsel[0].organisasjon == "Fagforbundet"


def test_an_agreement_is_found_by_id_or_by_folder(mappe):
    assert tjenester.mappe_for("lonn-regnskap") == mappe
    assert tjenester.mappe_for(mappe) == mappe
    with pytest.raises(UnknownAgreement):
        tjenester.mappe_for("finnes-ikke")


def test_the_documents_of_the_current_version(mappe, tmp_path):
    dok = tjenester.lag_dokumenter("lonn-regnskap", tmp_path / "dokumenter")
    assert (dok.versjon, dok.avtale_hash) == (1, avtale_hash(lag_avtale()))
    assert set(dok.filer) == {"docx", "md", "html"}
    assert all(
        p.parent == tmp_path / "dokumenter" / "lonn-regnskap" / "v1" for p in dok.filer.values()
    )
