"""PROSESS-INNSTILLING-TEKST and PROSESS-SIGNATUR-FOR-ALLE-VEDTAK beyond their catalogue cases:
what the warning says (what, where, why), when it falls silent, and that a record still goes in
(issue 14: a wrong hash on an innstilling was recorded green and silent)."""

from __future__ import annotations

from avtaleflyt.prosess import sjekk
from tests.prosess.prosessdata import D, prosess, vedtak

AT = D(2026, 3, 27)
ANNEN = "f" * 64


def _funn(p, avtale, regel, at=AT):
    return [b for b in sjekk(p, avtale, at) if b.regel.id == regel]


def _innstilling(h):
    return vedtak(
        "5027",
        "mg-fsk-2026-03-05",
        D(2026, 3, 5),
        h,
        utfall="innstilling",
        organ="formannskap",
        id="innstilling-5027",
    )


def _saksframlegg(h):
    return {
        "id": "saksframlegg-5027-fsk",
        "kommune": "5027",
        "mote": "mg-fsk-2026-03-05",
        "dato": D(2026, 2, 20),
        "versjon": 1,
        "avtale_hash": h,
    }


def test_an_innstilling_on_the_text_its_saksframlegg_carried_but_not_the_current_one(avtale, h1):
    p = prosess(vedtak=[_innstilling(ANNEN)], saksframlegg=[_saksframlegg(ANNEN)])
    (b,) = _funn(p, avtale, "PROSESS-INNSTILLING-TEKST")
    assert b.alvorlighet == "advarsel"
    assert b.sti == ("vedtak", 0, "avtale_hash")
    assert "innstillingen «innstilling-5027» (Midtre Gauldal formannskap 2026-03-05" in b.melding
    assert "den teksten saksframlegget «saksframlegg-5027-fsk» til møtet hadde" in b.melding
    assert f"ikke gjeldende versjon 1 ({h1[:12]}" in b.melding
    assert "ny innstilling" in b.melding
    assert "18-4" in b.lovgrunnlag


def test_an_innstilling_on_the_current_text_when_its_meeting_was_sent_another(avtale, h1):
    p = prosess(vedtak=[_innstilling(h1)], saksframlegg=[_saksframlegg(ANNEN)])
    (b,) = _funn(p, avtale, "PROSESS-INNSTILLING-TEKST")
    assert "registrert på gjeldende tekst" in b.melding
    assert f"saksframlegget «saksframlegg-5027-fsk» til møtet hadde teksten {ANNEN[:12]}" in (
        b.melding
    )


def test_the_innstilling_warning_falls_silent(avtale, h1):
    riktig = prosess(vedtak=[_innstilling(h1)], saksframlegg=[_saksframlegg(h1)])
    assert _funn(riktig, avtale, "PROSESS-INNSTILLING-TEKST") == []
    # once the kommunestyre has adopted the current text, the old innstilling is history
    vedtatt = prosess(
        vedtak=[_innstilling(ANNEN), vedtak("5027", "mg-ks-2026-03-19", D(2026, 3, 19), h1)],
        saksframlegg=[_saksframlegg(ANNEN)],
    )
    assert _funn(vedtatt, avtale, "PROSESS-INNSTILLING-TEKST") == []
    # an innstilling on an earlier version number belongs to that version: the new version's
    # own innstillinger are what the rule weighs (fakta.ma_behandle asks for them)
    eldre = prosess(vedtak=[_innstilling(ANNEN)])
    v2 = avtale.model_copy(update={"versjon": 2})
    assert _funn(eldre, v2, "PROSESS-INNSTILLING-TEKST") == []


def _signatur(h, dato=D(2026, 3, 20)):
    return {
        "id": "sig-5027",
        "kommune": "5027",
        "navn": "Marit Singsås",
        "rolle": "ordfører",
        "dato": dato,
        "versjon": 1,
        "avtale_hash": h,
    }


def test_a_signature_before_every_council_adopted_names_those_missing(avtale, h1):
    p = prosess(
        vedtak=[vedtak("5027", "mg-ks-2026-03-19", D(2026, 3, 19), h1)], signaturer=[_signatur(h1)]
    )
    (b,) = _funn(p, avtale, "PROSESS-SIGNATUR-FOR-ALLE-VEDTAK")
    assert b.alvorlighet == "advarsel" and b.sti == ("signaturer", 0, "avtale_hash")
    assert "signaturen «sig-5027» (Midtre Gauldal kommune) 2026-03-20" in b.melding
    assert "Melhus kommunestyre, Skaun kommunestyre per 2026-03-27" in b.melding
    assert "inngått først når hver deltaker har vedtatt den samme teksten" in b.melding
    # the own council's adoption missing is the error rule's, not a second warning
    uten = prosess(signaturer=[_signatur(h1)])
    assert _funn(uten, avtale, "PROSESS-SIGNATUR-FOR-ALLE-VEDTAK") == []
    assert _funn(uten, avtale, "PROSESS-SIGNATUR-FOR-VEDTAK")


def test_the_signature_warning_lapses_when_all_have_adopted(avtale, h1):
    alle = [
        vedtak("5027", "mg-ks-2026-03-19", D(2026, 3, 19), h1),
        vedtak("5028", "melhus-ks-2026-03-24", D(2026, 3, 24), h1),
        vedtak("5029", "skaun-ks-2026-03-26", D(2026, 3, 26), h1),
    ]
    p = prosess(vedtak=alle, signaturer=[_signatur(h1)])
    assert _funn(p, avtale, "PROSESS-SIGNATUR-FOR-ALLE-VEDTAK") == []
    # on the day before Skaun's meeting it still warns, naming only Skaun
    (b,) = _funn(p, avtale, "PROSESS-SIGNATUR-FOR-ALLE-VEDTAK", at=D(2026, 3, 25))
    assert "ikke er vedtatt av Skaun kommunestyre per 2026-03-25" in b.melding
