"""The reminders' events and automation plans, without a server: which tasks raise which event,
with the agreement and the municipality as resources and a Norwegian message naming both."""

from __future__ import annotations

import asyncio

import pytest

from avtaleflyt.nettsted import MILJOVARIABEL, side_url
from avtaleflyt.orkestrering import varsler
from avtaleflyt.prosess.oppgaver import Oppgaveliste, oppgaver
from tests.oppgaver.test_oppgaver import AVTALE, KS, SAKSFRAMLEGG
from tests.prosess.prosessdata import D, prosess


def _liste(at, **lister) -> Oppgaveliste:
    return Oppgaveliste(at, oppgaver(AVTALE, prosess(**lister), at), [AVTALE.id])


def test_the_morning_after_a_meeting_without_vedtak_raises_one_event():
    liste = _liste(D(2026, 3, 20), moter=KS, saksframlegg=SAKSFRAMLEGG)
    ut = {(h.event, h.related[0]["prefect.resource.id"]): h for h in varsler.hendelser(liste)}
    h = ut[(varsler.VEDTAK_MANGLER, "avtaleflyt.kommune.5027")]
    assert h.resource["prefect.resource.id"] == "avtaleflyt.avtale.lonn-regnskap"
    assert h.resource[varsler.SIDEN_MOTE] == "1"
    assert h.related[0]["prefect.resource.role"] == "kommune"
    assert h.related[0]["prefect.resource.name"] == "Midtre Gauldal kommune"
    tekst = h.payload["melding"]
    assert "Midtre Gauldal kommune (5027)" in tekst
    assert "avtalen «Samarbeid om lønn og regnskap» (lonn-regnskap)" in tekst
    assert "vedtaket er ikke registrert" in tekst
    assert h.payload["emne"] == "Vedtak mangler etter møtet: Samarbeid om lønn og regnskap"
    # Melhus and Skaun meet in 2 and 4 working days: reminders, not alarms
    assert ut[(varsler.FRIST_NAER, "avtaleflyt.kommune.5028")].resource[varsler.IGJEN] == "2"
    assert ut[(varsler.FRIST_NAER, "avtaleflyt.kommune.5029")].resource[varsler.IGJEN] == "4"


def test_no_event_on_the_meeting_day_nor_on_a_weekend():
    pa_motedagen = varsler.hendelser(_liste(D(2026, 3, 19), moter=KS, saksframlegg=SAKSFRAMLEGG))
    assert varsler.VEDTAK_MANGLER not in {h.event for h in pa_motedagen}
    assert varsler.hendelser(_liste(D(2026, 3, 21), moter=KS, saksframlegg=SAKSFRAMLEGG)) == []


def test_a_passed_deadline_and_its_message():
    # 2 March: Midtre Gauldal's saksframlegg to formannskapet 5 March was due 20 February
    liste = _liste(D(2026, 3, 2), drofting=[])
    over = [h for h in varsler.hendelser(liste) if h.event == varsler.FRIST_OVERSITTET]
    h = next(h for h in over if h.payload["kommune"] == "5027")
    assert h.resource[varsler.OVER] == "6"
    assert h.payload["melding"].startswith("Fristen 2026-02-20 er oversittet med 6 virkedager.")
    assert h.payload["emne"] == "Frist oversittet: saksframlegg for Midtre Gauldal kommune"


def test_the_same_task_on_the_same_day_is_the_same_event():
    a = varsler.hendelser(_liste(D(2026, 3, 20), moter=KS, saksframlegg=SAKSFRAMLEGG))
    b = varsler.hendelser(_liste(D(2026, 3, 20), moter=KS, saksframlegg=SAKSFRAMLEGG))
    c = varsler.hendelser(_liste(D(2026, 3, 23), moter=KS, saksframlegg=SAKSFRAMLEGG))
    assert [h.id for h in a] == [h.id for h in b]
    assert not {h.id for h in a} & {h.id for h in c}


def test_a_link_goes_into_the_message_when_a_site_address_is_set(monkeypatch):
    liste = _liste(D(2026, 3, 20), moter=KS, saksframlegg=SAKSFRAMLEGG)
    lenke = "https://avtaler.example.no/avtale/lonn-regnskap/#kommune-5027"
    uten = varsler.hendelser(liste, lenke=lambda _a, _k: None)[0]
    assert uten.payload["lenke"] is None and "Se " not in uten.payload["melding"]
    monkeypatch.setenv(MILJOVARIABEL, "https://avtaler.example.no/")
    h = varsler.hendelser(liste)[0]  # the website's address, as avtaleflyt.nettsted gives it
    assert h.payload["lenke"] == side_url("lonn-regnskap", "5027")
    assert h.payload["lenke"].startswith("https://avtaler.example.no/")
    assert h.payload["melding"].endswith(f"Se {h.payload['lenke']}")
    egen = varsler.hendelser(liste, lenke=lambda a, k: lenke)[0]
    assert egen.payload["melding"].endswith(f"Se {lenke}")


def test_reminder_days_are_the_automations_choice():
    planer = {p.navn: p for p in varsler.planer(3)}
    assert planer[varsler.AUTOMASJON_FRIST].verdier == ("3", "0")
    assert planer[varsler.AUTOMASJON_VEDTAK].verdier == ("1",)
    assert planer[varsler.AUTOMASJON_OVERSITTET].verdier == ("1",)
    assert varsler.planer(0)[0].verdier == ("0",)
    with pytest.raises(varsler.VarselFeil, match="mellom 0 og 10"):
        varsler.planer(11)


def test_serve_sets_up_reminders_only_when_configured(monkeypatch):
    monkeypatch.delenv("AVTALE_VARSEL_WEBHOOK", raising=False)
    assert asyncio.run(varsler.forbered_varsler()) == []  # no server is asked
    monkeypatch.setenv("AVTALE_VARSEL_WEBHOOK", "http://127.0.0.1:9/varsel")
    monkeypatch.setenv("AVTALE_VARSEL_VIRKEDAGER", "tre")
    with pytest.raises(varsler.VarselFeil, match="helt tall, ikke «tre»"):
        asyncio.run(varsler.forbered_varsler())
