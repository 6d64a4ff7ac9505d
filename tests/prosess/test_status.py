"""Derived state: the whole path from utkast to i kraft, and an amendment round to version 2."""

from __future__ import annotations

import datetime as dt
import json

from avtaleflyt.prosess import avtale_hash, sjekk, status
from schemas.prosess import Prosess
from tests.prosess.prosessdata import DROFTING, KALENDER, D, lag_avtale, mote, prosess, vedtak


def test_state_follows_the_records_and_the_date(avtale, h1):
    tom = Prosess(avtale="lonn-regnskap")
    assert status(avtale, tom, D(2026, 1, 20)).tilstand == "utkast"

    delvis = prosess(drofting=[dict(DROFTING, kommuner=["5027"])], moter=[])
    st = status(avtale, delvis, D(2026, 2, 20))
    assert st.tilstand == "drofting"
    assert (
        "Skaun kommune har ikke gjennomført drøfting med tillitsvalgte (med protokoll)"
        in st.mangler
    )

    # all consulted, first meeting 5 March not yet held
    assert status(avtale, prosess(), D(2026, 2, 20)).tilstand == "klar_til_politisk_behandling"
    # the records are the same; only the date moves
    assert status(avtale, prosess(), D(2026, 3, 5)).tilstand == "til_behandling"

    vs = [
        vedtak("5027", "mg-ks-2026-03-19", D(2026, 3, 19), h1),
        vedtak("5028", "melhus-ks-2026-03-24", D(2026, 3, 24), h1),
        vedtak("5029", "skaun-ks-2026-03-26", D(2026, 3, 26), h1),
    ]
    p = prosess(vedtak=vs)
    assert status(avtale, p, D(2026, 3, 25)).tilstand == "til_behandling"  # Skaun not yet (26.3)
    st = status(avtale, p, D(2026, 3, 26))
    assert st.tilstand == "vedtatt" and st.vedtatte_versjoner == [1]
    assert "Skaun kommune har ikke signert versjon 1" in st.mangler

    sig = [
        {
            "id": f"sig-{k}",
            "kommune": k,
            "navn": n,
            "rolle": "ordfører",
            "dato": D(2026, 4, 8),
            "versjon": 1,
            "avtale_hash": h1,
        }
        for k, n in (("5027", "Marit Singsås"), ("5028", "Ola Gåsbakk"), ("5029", "Randi Viggja"))
    ]
    p = prosess(vedtak=vs, signaturer=sig)
    st = status(avtale, p, D(2026, 4, 8))
    assert st.tilstand == "signert"
    assert "dato for ikrafttredelse er ikke fastsatt" in st.mangler

    ikraft = [{"id": "ikraft-v1", "versjon": 1, "avtale_hash": h1, "dato": D(2026, 5, 1)}]
    p = prosess(vedtak=vs, signaturer=sig, ikrafttredelse=ikraft)
    assert status(avtale, p, D(2026, 4, 30)).tilstand == "signert"
    st = status(avtale, p, D(2026, 5, 1))
    assert st.tilstand == "i_kraft" and st.gjeldende_versjon == 1 and st.mangler == []

    p = prosess(
        vedtak=vs,
        signaturer=sig,
        ikrafttredelse=ikraft,
        opphor=[{"id": "opphor", "dato": D(2030, 12, 31), "grunnlag": "Oppløst etter enighet"}],
    )
    assert status(avtale, p, D(2030, 12, 30)).tilstand == "i_kraft"
    assert status(avtale, p, D(2030, 12, 31)).tilstand == "opphort"


def test_entry_into_force_date_can_come_from_the_agreement(h1):
    avtale = lag_avtale(ikrafttredelse={"dato": D(2026, 6, 1)})
    h = avtale_hash(avtale)
    vs = [
        vedtak(k, m, d, h)
        for k, m, d in (
            ("5027", "mg-ks-2026-03-19", D(2026, 3, 19)),
            ("5028", "melhus-ks-2026-03-24", D(2026, 3, 24)),
            ("5029", "skaun-ks-2026-03-26", D(2026, 3, 26)),
        )
    ]
    sig = [
        {
            "id": f"s-{k}",
            "kommune": k,
            "navn": "X",
            "rolle": "ordfører",
            "dato": D(2026, 4, 1),
            "versjon": 1,
            "avtale_hash": h,
        }
        for k in ("5027", "5028", "5029")
    ]
    assert status(avtale, prosess(vedtak=vs, signaturer=sig), D(2026, 6, 1)).tilstand == "i_kraft"


def test_amendment_round_to_version_2():
    v1 = lag_avtale()
    h1 = avtale_hash(v1)
    runde1 = [
        vedtak("5027", "mg-ks-2026-03-19", D(2026, 3, 19), h1),
        vedtak("5028", "melhus-ks-2026-03-24", D(2026, 3, 24), h1),
        vedtak(
            "5029",
            "skaun-ks-2026-03-26",
            D(2026, 3, 26),
            h1,
            utfall="vedtatt_med_endringer",
            vedtakstekst="Avtalen vedtas med den endring at oppsigelsestiden er 24 måneder.",
        ),
    ]
    p = prosess(vedtak=runde1)

    # 1) Skaun adopted with changes: version 2 is pending and every council must decide (again)
    st = status(v1, p, D(2026, 3, 27))
    assert st.tilstand == "endret" and st.ny_versjon_kreves
    assert st.vedtatte_versjoner == []
    assert [b.organ_navn for b in st.ma_behandle] == [
        "Midtre Gauldal kommunestyre",
        "Melhus kommunestyre",
        "Skaun kommunestyre",
    ]
    assert "må behandle versjon 2 på nytt" in st.ma_behandle[0].grunn
    assert "med endringer" in st.ma_behandle[2].grunn
    assert "versjon 2 av avtalen må lages (vedtak med endringer eller på annen tekst)" in st.mangler
    advarsel = [b for b in sjekk(p, v1, D(2026, 3, 27)) if b.regel.id == "PROSESS-SAMME-TEKST"]
    assert len(advarsel) == 1 and advarsel[0].sti == ("vedtak", 2, "utfall")
    assert "Skaun kommunestyre vedtok versjon 1 med endringer" in advarsel[0].melding

    # 2) the lawyer makes version 2 (other text, later versjonsdato)
    v2 = lag_avtale(
        versjon=2, versjonsdato=D(2026, 4, 10), uttreden={"oppsigelsestid_maaneder": 24}
    )
    h2 = avtale_hash(v2)
    assert h2 != h1
    st = status(v2, p, D(2026, 4, 15))
    assert st.tilstand == "til_behandling" and not st.ny_versjon_kreves
    assert "Skaun kommunestyre har ikke vedtatt versjon 2" in st.mangler
    assert "Midtre Gauldal kommunestyre har ikke vedtatt versjon 2" in st.mangler
    assert {b.kommune for b in st.ma_behandle} == {"5027", "5028", "5029"}
    assert st.vedtatte_versjoner == []

    # 3) two councils adopt version 2's hash; Skaun is still missing
    runde2 = [
        vedtak("5027", "mg-ks-2026-05-07", D(2026, 5, 7), h2, versjon=2),
        vedtak("5028", "melhus-ks-2026-05-12", D(2026, 5, 12), h2, versjon=2),
        vedtak("5029", "skaun-ks-2026-06-18", D(2026, 6, 18), h2, versjon=2),
    ]
    p2 = prosess(vedtak=[*runde1, *runde2])
    st = status(v2, p2, D(2026, 5, 20))
    assert st.tilstand == "til_behandling"
    assert [b.organ_navn for b in st.ma_behandle] == ["Skaun kommunestyre"]
    [frist] = [f for f in st.frister if f.kommune == "5029"]
    assert frist.mote == "skaun-ks-2026-06-18" and frist.saksframlegg_frist == D(2026, 6, 5)

    # 4) all adopt version 2: vedtatt on version 2 only
    st = status(v2, p2, D(2026, 6, 19))
    assert st.tilstand == "vedtatt"
    assert st.vedtatte_versjoner == [2]
    assert st.ma_behandle == []
    assert [b for b in sjekk(p2, v2, D(2026, 6, 19)) if b.alvorlighet == "feil"] == []


def test_a_version_2_decision_on_version_1_hash_is_another_text():
    v2 = lag_avtale(
        versjon=2, versjonsdato=D(2026, 4, 10), uttreden={"oppsigelsestid_maaneder": 24}
    )
    h1 = avtale_hash(lag_avtale())
    feil = vedtak("5027", "mg-ks-2026-05-07", D(2026, 5, 7), h1, versjon=2)
    st = status(v2, prosess(vedtak=[feil]), D(2026, 5, 8))
    assert st.tilstand == "endret" and st.ny_versjon_kreves


def test_amendment_of_an_agreement_in_force_keeps_the_old_version_in_force():
    v1 = lag_avtale()
    h1 = avtale_hash(v1)
    vs = [
        vedtak(k, m, d, h1)
        for k, m, d in (
            ("5027", "mg-ks-2026-03-19", D(2026, 3, 19)),
            ("5028", "melhus-ks-2026-03-24", D(2026, 3, 24)),
            ("5029", "skaun-ks-2026-03-26", D(2026, 3, 26)),
        )
    ]
    sig = [
        {
            "id": f"s-{k}",
            "kommune": k,
            "navn": "X",
            "rolle": "ordfører",
            "dato": D(2026, 4, 1),
            "versjon": 1,
            "avtale_hash": h1,
        }
        for k in ("5027", "5028", "5029")
    ]
    ikraft = [{"id": "ikraft-v1", "versjon": 1, "avtale_hash": h1, "dato": D(2026, 4, 2)}]
    v2 = lag_avtale(
        versjon=2, versjonsdato=D(2026, 4, 20), uttreden={"oppsigelsestid_maaneder": 24}
    )
    st = status(v2, prosess(vedtak=vs, signaturer=sig, ikrafttredelse=ikraft), D(2026, 4, 21))
    assert st.tilstand == "endret"
    assert st.gjeldende_versjon == 1 and st.vedtatte_versjoner == [1]


def test_records_after_the_date_are_not_facts_yet(avtale, h1):
    v = vedtak("5027", "mg-ks-2026-03-19", D(2026, 3, 19), h1)
    st = status(avtale, prosess(vedtak=[v]), D(2026, 3, 18))
    assert all(k.vedtak == "ikke behandlet" for k in st.kommuner)


def test_status_json_is_serialisable(avtale):
    data = status(avtale, prosess(), D(2026, 2, 20)).as_dict()
    text = json.dumps(data, ensure_ascii=False)
    assert '"tilstand": "klar_til_politisk_behandling"' in text
    assert (
        data["frister"][0]["saksframlegg_frist"] == "2026-02-20"
    )  # 5.3 minus 12 = 21.2 (lør) -> 20.2
    assert isinstance(dt.date.fromisoformat(data["pa_dato"]), dt.date)


def test_a_later_plain_adoption_of_the_same_version_closes_the_divergence(avtale, h1):
    kalender = [
        *KALENDER,
        mote("skaun-ks-ekstra", ["5029"], "kommunestyre", D(2026, 4, 2), "vedtak"),
    ]
    vs = [
        vedtak("5027", "mg-ks-2026-03-19", D(2026, 3, 19), h1),
        vedtak("5028", "melhus-ks-2026-03-24", D(2026, 3, 24), h1),
        vedtak("5029", "skaun-ks-2026-03-26", D(2026, 3, 26), "c" * 64),  # an outdated draft
    ]
    assert status(avtale, prosess(moter=kalender, vedtak=vs), D(2026, 3, 27)).tilstand == "endret"
    rett = vedtak("5029", "skaun-ks-ekstra", D(2026, 4, 2), h1)
    st = status(avtale, prosess(moter=kalender, vedtak=[*vs, rett]), D(2026, 4, 2))
    assert st.tilstand == "vedtatt" and not st.ny_versjon_kreves


def test_status_on_a_past_date_ignores_records_made_later(avtale, h1):
    # a drøfting dated after `at` is not a fact yet: no "future date" error in a historical view
    p = prosess(drofting=[DROFTING, dict(DROFTING, id="senere", dato=D(2026, 9, 1))])
    st = status(avtale, p, D(2026, 2, 20))
    assert st.feil == [] and st.tilstand == "klar_til_politisk_behandling"
    # while validating the file on that date still refuses it
    assert any(b.regel.id == "PROSESS-DATO-FREMTID" for b in sjekk(p, avtale, D(2026, 2, 20)))


def test_bodies_that_gave_an_innstilling_on_the_old_text_are_named_too():
    v1 = lag_avtale()
    h1 = avtale_hash(v1)
    runde1 = [
        vedtak(
            "5027",
            "mg-fsk-2026-03-05",
            D(2026, 3, 5),
            h1,
            organ="formannskap",
            utfall="innstilling",
        ),
        vedtak("5027", "mg-ks-2026-03-19", D(2026, 3, 19), h1),
        vedtak("5028", "melhus-ks-2026-03-24", D(2026, 3, 24), h1),
        vedtak("5029", "skaun-ks-2026-03-26", D(2026, 3, 26), h1, utfall="vedtatt_med_endringer"),
    ]
    st = status(v1, prosess(moter=KALENDER, vedtak=runde1), D(2026, 3, 27))
    assert [b.organ_navn for b in st.ma_behandle] == [
        "Midtre Gauldal kommunestyre",
        "Midtre Gauldal formannskap",
        "Melhus kommunestyre",
        "Skaun kommunestyre",
    ]
    assert "Midtre Gauldal formannskap må gi ny innstilling til versjon 2" in st.mangler
    # once the formannskap gives its innstilling on version 2, it is no longer listed
    v2 = lag_avtale(
        versjon=2, versjonsdato=D(2026, 4, 10), uttreden={"oppsigelsestid_maaneder": 24}
    )
    h2 = avtale_hash(v2)
    kalender = [
        *KALENDER,
        {
            "id": "mg-fsk-2026-04-28",
            "kommuner": ["5027"],
            "organ": "formannskap",
            "dato": D(2026, 4, 28),
            "behandling": "innstilling",
        },
    ]
    ny = vedtak(
        "5027",
        "mg-fsk-2026-04-28",
        D(2026, 4, 28),
        h2,
        organ="formannskap",
        utfall="innstilling",
        versjon=2,
    )
    st = status(v2, prosess(moter=kalender, vedtak=[*runde1, ny]), D(2026, 4, 29))
    assert "Midtre Gauldal formannskap" not in [b.organ_navn for b in st.ma_behandle]
    assert "Midtre Gauldal kommunestyre" in [b.organ_navn for b in st.ma_behandle]
