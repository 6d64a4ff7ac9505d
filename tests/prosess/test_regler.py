"""The process rules beyond their two cases in the catalogue: messages, paths, legal bases per
agreement type, thresholds and the state they leave. Every process rule's breaking and satisfying
case is data beside the rule in schemas/regler/katalog/ and runs in tests/regler/test_katalog.py."""

from __future__ import annotations

import pytest

from avtaleflyt.prosess import REGLER, avtale_hash, sjekk, status
from tests.prosess.prosessdata import DROFTING, KALENDER, D, lag_avtale, mote, prosess, vedtak

AT = D(2026, 3, 27)


def ids(brudd, regel=None):
    return [b for b in brudd if regel is None or b.regel.id == regel]


def alle_vedtatt(h, **kw):
    return [
        vedtak("5027", "mg-ks-2026-03-19", D(2026, 3, 19), h, **kw),
        vedtak("5028", "melhus-ks-2026-03-24", D(2026, 3, 24), h, **kw),
        vedtak("5029", "skaun-ks-2026-03-26", D(2026, 3, 26), h, **kw),
    ]


def test_catalogue_has_id_severity_message_and_basis():
    for regel in REGLER.values():
        assert regel.id.startswith("PROSESS-")
        assert regel.alvorlighet in ("feil", "advarsel")
        assert regel.melding and regel.hjemmel


def test_clean_process_has_no_findings(avtale, h1):
    assert sjekk(prosess(vedtak=alle_vedtatt(h1)), avtale, AT) == []


# ---------------------------------------------------------------- consultation


def test_consultation_after_first_political_meeting_is_feil(avtale):
    sen = dict(DROFTING, dato=D(2026, 3, 6))
    found = ids(
        sjekk(prosess(drofting=[sen]), avtale, D(2026, 3, 9)), "PROSESS-DROFTING-FOR-BEHANDLING"
    )
    assert [b.sti for b in found] == [("moter", 0)]  # Midtre Gauldal formannskap 5.3
    assert "Midtre Gauldal formannskap behandlet saken 2026-03-05" in found[0].melding
    assert "drøftet først 2026-03-06" in found[0].melding
    assert "arbeidsmiljøloven § 16-5" in found[0].lovgrunnlag
    assert found[0].alvorlighet == "feil"


def test_consultation_before_first_meeting_passes(avtale):
    assert ids(sjekk(prosess(), avtale, D(2026, 3, 9)), "PROSESS-DROFTING-FOR-BEHANDLING") == []


def test_consultation_warning_counts_working_days_across_easter():
    avtale = lag_avtale()
    kalender = [mote("mg-fsk-2026-04-14", ["5027"], "formannskap", D(2026, 4, 14), "innstilling")]
    p = prosess(moter=kalender, drofting=[], saksframlegg=[])
    # 10 virkedager før 14.4.2026 er 26.3 (påsken hoppes over)
    assert ids(sjekk(p, avtale, D(2026, 3, 25)), "PROSESS-DROFTING-VARSEL") == []
    found = ids(sjekk(p, avtale, D(2026, 3, 26)), "PROSESS-DROFTING-VARSEL")
    assert len(found) == 1 and found[0].alvorlighet == "advarsel"
    assert "om 10 virkedager" in found[0].melding
    assert "Midtre Gauldal kommune" in found[0].melding


def test_consultation_warning_threshold_is_configurable(avtale):
    kalender = [mote("mg-fsk-2026-04-14", ["5027"], "formannskap", D(2026, 4, 14), "innstilling")]
    p = prosess(moter=kalender, drofting=[], innstillinger={"drofting_varsel_virkedager": 3})
    assert ids(sjekk(p, avtale, D(2026, 4, 8)), "PROSESS-DROFTING-VARSEL") == []
    assert ids(sjekk(p, avtale, D(2026, 4, 9)), "PROSESS-DROFTING-VARSEL")


def test_consultation_not_required_for_municipalities_left_out(avtale):
    kalender = [mote("mg-fsk-2026-04-14", ["5027"], "formannskap", D(2026, 4, 14), "innstilling")]
    p = prosess(moter=kalender, drofting=[], innstillinger={"drofting_kreves_for": ["5028"]})
    assert ids(sjekk(p, avtale, D(2026, 4, 13)), "PROSESS-DROFTING-VARSEL") == []


def test_transfer_of_staff_requires_the_six_topics_of_16_5(avtale):
    uten = dict(DROFTING, tema=["grunnen", "dato", "folger", "tiltak", "reservasjon_fortrinnsrett"])
    p = prosess(drofting=[uten], innstillinger={"virksomhetsoverdragelse": True})
    found = ids(sjekk(p, avtale, AT), "PROSESS-DROFTING-TEMA")
    assert len(found) == 3  # one per municipality
    assert "d) endringer i tariffavtaleforhold" in found[0].melding
    assert found[0].lovgrunnlag == "arbeidsmiljøloven § 16-5 annet ledd bokstav a–f"
    full = prosess(innstillinger={"virksomhetsoverdragelse": True})
    assert ids(sjekk(full, avtale, AT), "PROSESS-DROFTING-TEMA") == []


def test_consultation_without_protocol_warns_and_does_not_count(avtale):
    uten = {k: v for k, v in DROFTING.items() if k != "protokoll"}
    brudd = sjekk(prosess(drofting=[uten]), avtale, D(2026, 3, 9))
    assert ids(brudd, "PROSESS-DROFTING-PROTOKOLL")[0].sti == ("drofting", 0)
    assert ids(brudd, "PROSESS-DROFTING-FOR-BEHANDLING")  # no protocol = not completed


# ---------------------------------------------------------------- who adopts


def test_formannskap_adopting_is_refused_as_not_kommunestyret_selv(avtale, h1):
    v = vedtak("5027", "mg-fsk-2026-03-05", D(2026, 3, 5), h1, organ="formannskap")
    found = ids(sjekk(prosess(vedtak=[v]), avtale, AT), "PROSESS-KOMMUNESTYRET-SELV")
    assert [b.sti for b in found] == [("vedtak", 0, "organ")]
    assert found[0].lovgrunnlag == "kommuneloven § 19-4 annet ledd"
    assert "innstilling" in found[0].melding


def test_formannskap_innstilling_passes_and_does_not_count_as_adoption(avtale, h1):
    v = vedtak(
        "5027", "mg-fsk-2026-03-05", D(2026, 3, 5), h1, organ="formannskap", utfall="innstilling"
    )
    p = prosess(vedtak=[v, *alle_vedtatt(h1)[1:]])
    assert ids(sjekk(p, avtale, AT), "PROSESS-KOMMUNESTYRET-SELV") == []
    st = status(avtale, p, AT)
    assert st.tilstand == "til_behandling"
    assert "Midtre Gauldal kommunestyre har ikke vedtatt versjon 1" in st.mangler


@pytest.mark.parametrize(
    "type,basis",
    [
        ("iks", "IKS-loven § 4 første ledd"),
        ("vertskommune", "kommuneloven § 20-4 annet ledd"),
        ("interkommunalt_politisk_rad", "kommuneloven § 18-4 annet ledd"),
    ],
)
def test_basis_follows_the_agreement_type(type, basis):
    avtale = lag_avtale(type)
    v = vedtak("5027", "mg-fsk-2026-03-05", D(2026, 3, 5), avtale_hash(avtale), organ="formannskap")
    found = ids(sjekk(prosess(vedtak=[v]), avtale, AT), "PROSESS-KOMMUNESTYRET-SELV")
    assert found and found[0].lovgrunnlag == basis


def test_plain_samarbeidsavtale_may_be_adopted_by_formannskap():
    avtale = lag_avtale("samarbeidsavtale")
    v = vedtak("5027", "mg-fsk-2026-03-05", D(2026, 3, 5), avtale_hash(avtale), organ="formannskap")
    assert ids(sjekk(prosess(vedtak=[v]), avtale, AT), "PROSESS-KOMMUNESTYRET-SELV") == []


def test_calendar_meeting_where_formannskap_decides_is_feil(avtale):
    kalender = [
        *KALENDER,
        mote("felles-fsk", ["5027", "5028", "5029"], "felles_formannskap", D(2026, 3, 3), "vedtak"),
    ]
    found = ids(sjekk(prosess(moter=kalender), avtale, AT), "PROSESS-KOMMUNESTYRET-SELV")
    assert [b.sti for b in found] == [("moter", len(KALENDER), "behandling")]


# ---------------------------------------------------------------- same text


def test_vedtak_on_another_text_reopens_approval(avtale, h1):
    annen = "f" * 64
    vs = alle_vedtatt(h1)
    vs[2] = vedtak("5029", "skaun-ks-2026-03-26", D(2026, 3, 26), annen)
    found = ids(sjekk(prosess(vedtak=vs), avtale, AT), "PROSESS-SAMME-TEKST")
    assert [b.sti for b in found] == [("vedtak", 2, "avtale_hash")]
    assert "Skaun kommunestyre vedtok 2026-03-26 teksten ffffffffffff" in found[0].melding
    assert "versjon 2" in found[0].melding
    st = status(avtale, prosess(vedtak=vs), AT)
    assert st.tilstand == "endret" and st.ny_versjon_kreves
    assert [b.kommune for b in st.ma_behandle] == ["5027", "5028", "5029"]


def test_same_text_everywhere_passes(avtale, h1):
    assert ids(sjekk(prosess(vedtak=alle_vedtatt(h1)), avtale, AT), "PROSESS-SAMME-TEKST") == []


def test_saksframlegg_with_old_text_before_a_coming_meeting_warns(avtale, h1):
    sf = {
        "id": "sf-skaun",
        "kommune": "5029",
        "mote": "skaun-ks-2026-03-26",
        "dato": D(2026, 3, 10),
        "versjon": 1,
        "avtale_hash": "a" * 64,
    }
    found = ids(sjekk(prosess(saksframlegg=[sf]), avtale, D(2026, 3, 20)), "PROSESS-SAMME-TEKST")
    assert [b.sti for b in found] == [("saksframlegg", 0, "avtale_hash")]
    ok = dict(sf, avtale_hash=h1)
    assert (
        ids(sjekk(prosess(saksframlegg=[ok]), avtale, D(2026, 3, 20)), "PROSESS-SAMME-TEKST") == []
    )


# ---------------------------------------------------------------- dates and calendar


def test_decision_dated_in_the_future_is_refused(avtale, h1):
    v = vedtak("5029", "skaun-ks-2026-03-26", D(2026, 3, 26), h1)
    found = ids(sjekk(prosess(vedtak=[v]), avtale, D(2026, 3, 25)), "PROSESS-DATO-FREMTID")
    assert [b.sti for b in found] == [("vedtak", 0, "motedato")]
    assert "etter dagens dato 2026-03-25" in found[0].melding
    assert ids(sjekk(prosess(vedtak=[v]), avtale, D(2026, 3, 26)), "PROSESS-DATO-FREMTID") == []


def test_decision_before_its_version_existed_is_refused(h1):
    avtale = lag_avtale(versjonsdato=D(2026, 3, 20))
    h = avtale_hash(avtale)
    v = vedtak("5027", "mg-ks-2026-03-19", D(2026, 3, 19), h)
    found = ids(sjekk(prosess(vedtak=[v]), avtale, AT), "PROSESS-VEDTAK-FOR-VERSJON")
    assert [b.sti for b in found] == [("vedtak", 0, "motedato")]
    assert "versjon 1 ble laget 2026-03-20" in found[0].melding
    later = vedtak("5028", "melhus-ks-2026-03-24", D(2026, 3, 24), h)
    assert ids(sjekk(prosess(vedtak=[later]), avtale, AT), "PROSESS-VEDTAK-FOR-VERSJON") == []


def test_decision_on_a_version_that_does_not_exist_is_refused(avtale, h1):
    v = vedtak("5027", "mg-ks-2026-03-19", D(2026, 3, 19), h1, versjon=3)
    found = ids(sjekk(prosess(vedtak=[v]), avtale, AT), "PROSESS-VEDTAK-FOR-VERSJON")
    assert "bare i versjon 1" in found[0].melding


def test_decision_outside_the_calendar_is_refused(avtale, h1):
    ukjent = vedtak("5027", "mg-ks-2026-02-30", D(2026, 3, 19), h1)
    feil_organ = vedtak(
        "5028",
        "melhus-ks-2026-03-24",
        D(2026, 3, 24),
        h1,
        organ="formannskap",
        utfall="innstilling",
    )
    feil_kommune = vedtak("5029", "melhus-ks-2026-03-24", D(2026, 3, 24), h1, id="v3")
    feil_dato = vedtak("5027", "mg-ks-2026-03-19", D(2026, 3, 18), h1, id="v4")
    found = ids(
        sjekk(prosess(vedtak=[ukjent, feil_organ, feil_kommune, feil_dato]), avtale, AT),
        "PROSESS-KALENDER",
    )
    stier = {b.sti for b in found}
    assert ("vedtak", 0, "mote") in stier
    assert ("vedtak", 1, "organ") in stier
    assert ("vedtak", 2, "kommune") in stier
    assert ("vedtak", 3, "motedato") in stier
    assert "finnes ikke i kalenderen" in found[0].melding
    assert ids(sjekk(prosess(vedtak=alle_vedtatt(h1)), avtale, AT), "PROSESS-KALENDER") == []


def test_decision_in_a_cancelled_meeting_is_refused(avtale, h1):
    kalender = [dict(m, avlyst=True) if m["id"] == "skaun-ks-2026-03-26" else m for m in KALENDER]
    v = vedtak("5029", "skaun-ks-2026-03-26", D(2026, 3, 26), h1)
    found = ids(sjekk(prosess(moter=kalender, vedtak=[v]), avtale, AT), "PROSESS-KALENDER")
    assert found and "avlyst" in found[0].melding


def test_decision_by_non_participant_is_refused(avtale, h1):
    kalender = [*KALENDER, mote("trondheim-ks", ["5001"], "kommunestyre", D(2026, 3, 19), "vedtak")]
    v = vedtak("5001", "trondheim-ks", D(2026, 3, 19), h1)
    found = ids(sjekk(prosess(moter=kalender, vedtak=[v]), avtale, AT), "PROSESS-DELTAKER")
    assert ("vedtak", 0, "kommune") in {b.sti for b in found}
    assert ("moter", len(KALENDER), "kommuner", 0) in {b.sti for b in found}


# ---------------------------------------------------------------- duplicates and ids


def test_second_decision_for_same_meeting_is_refused_unless_it_corrects(avtale, h1):
    first = vedtak("5029", "skaun-ks-2026-03-26", D(2026, 3, 26), h1, id="v-skaun")
    again = vedtak(
        "5029", "skaun-ks-2026-03-26", D(2026, 3, 26), h1, id="v-skaun-2", utfall="ikke_vedtatt"
    )
    found = ids(sjekk(prosess(vedtak=[first, again]), avtale, AT), "PROSESS-DUPLIKAT")
    assert [b.sti for b in found] == [("vedtak", 1)]
    assert "korrigerer: v-skaun" in found[0].melding
    fix = dict(again, korrigerer="v-skaun")
    assert ids(sjekk(prosess(vedtak=[first, fix]), avtale, AT), "PROSESS-DUPLIKAT") == []


def test_correction_replaces_the_corrected_decision_in_the_state(avtale, h1):
    vs = alle_vedtatt(h1)
    fix = vedtak(
        "5029",
        "skaun-ks-2026-03-26",
        D(2026, 3, 26),
        h1,
        id="v-fix",
        utfall="utsatt",
        korrigerer=vs[2]["id"],
    )
    assert status(avtale, prosess(vedtak=vs), AT).tilstand == "vedtatt"
    st = status(avtale, prosess(vedtak=[*vs, fix]), AT)
    assert st.tilstand == "til_behandling"
    assert "Skaun kommunestyre har ikke vedtatt versjon 1" in st.mangler


def test_correction_of_unknown_record_is_refused(avtale, h1):
    v = vedtak("5029", "skaun-ks-2026-03-26", D(2026, 3, 26), h1, korrigerer="finnes-ikke")
    assert ids(sjekk(prosess(vedtak=[v]), avtale, AT), "PROSESS-DUPLIKAT")


def test_duplicate_ids_and_wrong_agreement_are_refused(avtale, h1):
    v = vedtak("5027", "mg-ks-2026-03-19", D(2026, 3, 19), h1, id="drofting-2026-02-16")
    found = ids(sjekk(prosess(vedtak=[v]), avtale, AT), "PROSESS-ID")
    assert [b.sti for b in found] == [("vedtak", 0, "id")]
    p = prosess().model_copy(update={"avtale": "noe-annet"})
    assert [b.sti for b in ids(sjekk(p, avtale, AT), "PROSESS-ID")] == [("avtale",)]


# ---------------------------------------------------------------- saksframlegg deadline


def _paskemote():
    return [mote("mg-ks-2026-04-14", ["5027"], "kommunestyre", D(2026, 4, 14), "vedtak")]


def test_saksframlegg_deadline_passed_without_saksframlegg_warns(avtale):
    p = prosess(moter=_paskemote())
    # frist 12 dager før 14.4 = 2.4 (skjærtorsdag) -> 1.4
    assert ids(sjekk(p, avtale, D(2026, 4, 1)), "PROSESS-SAKSFRAMLEGG-FRIST") == []
    found = ids(sjekk(p, avtale, D(2026, 4, 2)), "PROSESS-SAKSFRAMLEGG-FRIST")
    assert [b.sti for b in found] == [("moter", 0)]
    assert "var 2026-04-01" in found[0].melding


def test_saksframlegg_on_time_passes_and_late_one_warns(avtale, h1):
    sf = {
        "id": "sf-mg",
        "kommune": "5027",
        "mote": "mg-ks-2026-04-14",
        "dato": D(2026, 4, 1),
        "versjon": 1,
        "avtale_hash": h1,
    }
    assert (
        ids(
            sjekk(prosess(moter=_paskemote(), saksframlegg=[sf]), avtale, D(2026, 4, 8)),
            "PROSESS-SAKSFRAMLEGG-FRIST",
        )
        == []
    )
    late = dict(sf, dato=D(2026, 4, 7))
    found = ids(
        sjekk(prosess(moter=_paskemote(), saksframlegg=[late]), avtale, D(2026, 4, 8)),
        "PROSESS-SAKSFRAMLEGG-FRIST",
    )
    assert [b.sti for b in found] == [("saksframlegg", 0, "dato")]


def test_saksframlegg_deadline_per_municipality_in_working_days(avtale):
    innst = {
        "kommuner": [
            {
                "kommune": "5027",
                "saksframlegg_frist_dager": 5,
                "saksframlegg_frist_type": "virkedager",
            }
        ]
    }
    p = prosess(moter=_paskemote(), innstillinger=innst)
    # 5 virkedager før 14.4.2026: 13, 10, 9, 8, 7 -> 7.4
    assert ids(sjekk(p, avtale, D(2026, 4, 7)), "PROSESS-SAKSFRAMLEGG-FRIST") == []
    assert ids(sjekk(p, avtale, D(2026, 4, 8)), "PROSESS-SAKSFRAMLEGG-FRIST")


# ---------------------------------------------------------------- vertskommune


def _vertskommune_prosess(h, **lists):
    return prosess(vedtak=alle_vedtatt(h), **lists)


def test_vertskommune_missing_delegation_and_notice_warn_after_adoption():
    avtale = lag_avtale("vertskommune")
    h = avtale_hash(avtale)
    brudd = sjekk(_vertskommune_prosess(h), avtale, AT)
    deleg = ids(brudd, "PROSESS-DELEGERING")
    assert len(deleg) == 1 and "Midtre Gauldal kommunestyre" in deleg[0].melding
    assert "Melhus" not in deleg[0].melding  # the host does not delegate to itself (§ 20-2)
    assert deleg[0].lovgrunnlag.startswith("kommuneloven § 20-2 annet ledd")
    sf = ids(brudd, "PROSESS-STATSFORVALTER")
    assert len(sf) == 1 and sf[0].lovgrunnlag == "kommuneloven § 20-4 femte ledd"
    assert "Melhus kommune" in sf[0].melding
    # before adoption nothing is missing yet
    assert ids(sjekk(prosess(), avtale, AT), "PROSESS-DELEGERING") == []


def test_vertskommune_with_delegation_and_notice_passes():
    avtale = lag_avtale("vertskommune")
    h = avtale_hash(avtale)
    deleg = [
        {
            "id": "deleg-5027",
            "kommune": "5027",
            "mote": "mg-ks-2026-03-19",
            "dato": D(2026, 3, 19),
            "vedtakstekst": "Kommunedirektøren delegerer myndighet til Melhus.",
        },
        {
            "id": "deleg-5029",
            "kommune": "5029",
            "mote": "skaun-ks-2026-03-26",
            "dato": D(2026, 3, 26),
            "vedtakstekst": "Kommunedirektøren delegerer myndighet til Melhus.",
        },
    ]
    melding = [{"id": "sf-melding", "dato": D(2026, 3, 27), "sendt_av": "5028"}]
    brudd = sjekk(
        _vertskommune_prosess(h, delegering=deleg, melding_statsforvalter=melding), avtale, AT
    )
    assert brudd == []


def test_nemnd_requires_delegation_from_every_participant_and_by_kommunestyret():
    avtale = lag_avtale("vertskommune_nemnd")
    h = avtale_hash(avtale)
    deleg = [
        {
            "id": "deleg-5027",
            "kommune": "5027",
            "mote": "mg-fsk-2026-03-05",
            "dato": D(2026, 3, 5),
            "vedtakstekst": "Delegerer til nemnda.",
        }
    ]
    brudd = sjekk(_vertskommune_prosess(h, delegering=deleg), avtale, AT)
    assert ids(brudd, "PROSESS-KOMMUNESTYRET-SELV")[0].sti == ("delegering", 0, "mote")
    assert "Melhus kommunestyre" in ids(brudd, "PROSESS-DELEGERING")[0].melding


# ---------------------------------------------------------------- signatures


def _sig(h, kommune="5027", dato=D(2026, 3, 27), **kw):
    return {
        "id": f"sig-{kommune}",
        "kommune": kommune,
        "navn": "Marit Singsås",
        "rolle": "ordfører",
        "dato": dato,
        "versjon": 1,
        "avtale_hash": h,
        **kw,
    }


def test_signature_before_adoption_is_refused(avtale, h1):
    found = ids(
        sjekk(
            prosess(vedtak=alle_vedtatt(h1), signaturer=[_sig(h1, dato=D(2026, 3, 18))]), avtale, AT
        ),
        "PROSESS-SIGNATUR-FOR-VEDTAK",
    )
    assert [b.sti for b in found] == [("signaturer", 0, "avtale_hash")]
    assert (
        ids(
            sjekk(prosess(vedtak=alle_vedtatt(h1), signaturer=[_sig(h1)]), avtale, AT),
            "PROSESS-SIGNATUR-FOR-VEDTAK",
        )
        == []
    )


def test_signature_by_other_than_ordforer_needs_authority(avtale, h1):
    s = _sig(h1, rolle="kommunedirektør")
    found = ids(
        sjekk(prosess(vedtak=alle_vedtatt(h1), signaturer=[s]), avtale, AT),
        "PROSESS-SIGNATUR-FULLMAKT",
    )
    assert found and found[0].lovgrunnlag == "kommuneloven § 6-1 annet ledd"
    ok = dict(s, fullmakt="Delegeringsreglementet pkt. 3.2")
    assert (
        ids(
            sjekk(prosess(vedtak=alle_vedtatt(h1), signaturer=[ok]), avtale, AT),
            "PROSESS-SIGNATUR-FULLMAKT",
        )
        == []
    )


def test_entry_into_force_of_a_text_not_adopted_by_all_warns(avtale, h1):
    ikraft = [{"id": "ikraft", "versjon": 1, "avtale_hash": h1, "dato": D(2026, 3, 25)}]
    found = ids(
        sjekk(prosess(vedtak=alle_vedtatt(h1)[:2], ikrafttredelse=ikraft), avtale, AT),
        "PROSESS-IKRAFT",
    )
    assert found
    assert (
        ids(
            sjekk(prosess(vedtak=alle_vedtatt(h1), ikrafttredelse=ikraft), avtale, AT),
            "PROSESS-IKRAFT",
        )
        == []
    )


def test_adoption_in_a_meeting_planned_for_orientering_is_refused(avtale, h1):
    kalender = [
        *KALENDER,
        mote("mg-ks-orientering", ["5027"], "kommunestyre", D(2026, 3, 3), "orientering"),
    ]
    v = vedtak("5027", "mg-ks-orientering", D(2026, 3, 3), h1)
    found = ids(sjekk(prosess(moter=kalender, vedtak=[v]), avtale, AT), "PROSESS-KALENDER")
    assert [b.sti for b in found] == [("vedtak", 0, "utfall")]
    assert "til orientering i kalenderen" in found[0].melding


def test_saksframlegg_before_the_consultation_protocol_warns(avtale, h1):
    sf = {
        "id": "sf-mg",
        "kommune": "5027",
        "mote": "mg-ks-2026-03-19",
        "dato": D(2026, 2, 10),
        "versjon": 1,
        "avtale_hash": h1,
    }
    found = ids(
        sjekk(prosess(saksframlegg=[sf]), avtale, D(2026, 3, 1)), "PROSESS-DROFTING-SAKSFRAMLEGG"
    )
    assert [b.sti for b in found] == [("saksframlegg", 0, "dato")]
    assert (
        "før drøftingen med tillitsvalgte i Midtre Gauldal kommune var protokollført"
        in found[0].melding
    )
    same_day = dict(sf, dato=D(2026, 2, 16))  # the protocol of 16.2 goes with it
    assert (
        ids(
            sjekk(prosess(saksframlegg=[same_day]), avtale, D(2026, 3, 1)),
            "PROSESS-DROFTING-SAKSFRAMLEGG",
        )
        == []
    )


def test_entry_into_force_before_the_last_council_meeting_warns():
    avtale = lag_avtale(ikrafttredelse={"dato": D(2026, 3, 25)})
    found = ids(sjekk(prosess(), avtale, D(2026, 3, 1)), "PROSESS-IKRAFT-KALENDER")
    # Skaun kommunestyre first decides 26.3
    assert len(found) == 1 and "først komme 2026-03-26" in found[0].melding
    ok = lag_avtale(ikrafttredelse={"dato": D(2026, 4, 1)})
    assert ids(sjekk(prosess(), ok, D(2026, 3, 1)), "PROSESS-IKRAFT-KALENDER") == []
    assert status(ok, prosess(), D(2026, 3, 1)).tidligste_vedtatt == D(2026, 3, 26)


def test_entry_into_force_without_a_council_meeting_in_the_calendar_warns():
    avtale = lag_avtale(ikrafttredelse={"dato": D(2026, 12, 1)})
    kalender = [m for m in KALENDER if "skaun" not in m["id"]]
    found = ids(sjekk(prosess(moter=kalender), avtale, D(2026, 3, 1)), "PROSESS-IKRAFT-KALENDER")
    assert found and "Skaun kommune" in found[0].melding
    assert status(avtale, prosess(moter=kalender), D(2026, 3, 1)).tidligste_vedtatt is None
