"""Not stated is not zero (issue 12 item 4): the model keeps «absent», «stated as none» and «stated»
apart, and a rule that needs an unstated fact raises no feil where the law does not require the
agreement to state it."""

from __future__ import annotations

import datetime as dt

import pytest

from avtaleflyt.prosess import sjekk as prosess_sjekk
from avtaleflyt.rendering.api import render_markdown
from schemas.avtale import AVTALE_ADAPTER, Representasjon, Styre
from schemas.prosess import Prosess
from schemas.regler import sjekk
from schemas.regler.sjekk import sett_kommuneoppslag
from tests.regler.eksempler import (
    PROSESSDATO,
    falsk_kommune,
    grunnavtale,
    grunnprosess,
    prosessavtale,
)
from tests.regler.test_katalog import endre


@pytest.fixture(autouse=True)
def _falsk_kommuneliste():
    sett_kommuneoppslag(falsk_kommune)
    yield
    sett_kommuneoppslag(None)


def _ids(avtale) -> list[str]:
    return [b.regel.id for b in sjekk(avtale)]


# --------------------------------------------------------------------------- the model


def test_vara_absent_none_and_stated_are_three_things() -> None:
    assert Representasjon(kommunenummer="5027", medlemmer=1).vara is None
    assert Representasjon(kommunenummer="5027", medlemmer=1, vara=0).vara == 0
    assert Representasjon(kommunenummer="5027", medlemmer=1, vara=2).vara == 2


def test_styre_ansattevalgte_unstated_is_unknown() -> None:
    assert Styre(antall_medlemmer=5).ansattevalgte is None
    assert Styre(antall_medlemmer=5, ansattevalgte=0).ansattevalgte == 0


def test_versjonsdato_may_be_unknown() -> None:
    data = grunnavtale("kommunalt_oppgavefellesskap")
    del data["versjonsdato"]
    del data["avtaledato"]
    avtale = AVTALE_ADAPTER.validate_python(data)
    assert avtale.versjonsdato is None and avtale.dato is None
    assert _ids(avtale) == []  # the participants are checked against today instead


def test_unstated_vara_dumps_as_absent_not_zero() -> None:
    data = grunnavtale("kommunalt_oppgavefellesskap")
    for r in data["representantskap"]["medlemmer"]:
        del r["vara"]
    avtale = AVTALE_ADAPTER.validate_python(data)
    dumped = AVTALE_ADAPTER.dump_python(avtale, mode="json", exclude_none=True)
    assert all("vara" not in r for r in dumped["representantskap"]["medlemmer"])


# --------------------------------------------------------------------------- the rules


@pytest.mark.parametrize(
    "avtaletype", ["kommunalt_oppgavefellesskap", "interkommunalt_politisk_rad"]
)
def test_unstated_vara_is_no_breach(avtaletype: str) -> None:
    """Each kommunestyre elects at least as many vara itself (kl. §§ 18-3, 19-3): no finding."""
    data = grunnavtale(avtaletype)
    for r in data["representantskap"]["medlemmer"]:
        del r["vara"]
    assert _ids(AVTALE_ADAPTER.validate_python(data)) == []


def test_vara_stated_below_members_is_a_feil_in_the_right_number() -> None:
    data = grunnavtale("kommunalt_oppgavefellesskap")
    data["representantskap"]["medlemmer"][0]["vara"] = 0
    funn = [b for b in sjekk(AVTALE_ADAPTER.validate_python(data))]
    assert [b.regel.id for b in funn] == ["KL-19-3-REPRESENTANTSKAP"]
    assert funn[0].alvorlighet == "feil"
    assert "1 medlem og 0 varamedlemmer" in funn[0].melding


def test_unstated_kind_of_enkeltvedtak_is_an_advarsel_not_a_feil() -> None:
    data = grunnavtale("kommunalt_oppgavefellesskap")
    del data["myndighet"]["enkeltvedtak"][0]["art"]
    funn = sjekk(AVTALE_ADAPTER.validate_python(data))
    assert [(b.regel.id, b.alvorlighet) for b in funn] == [
        ("KL-ENKELTVEDTAK-ART-UKJENT", "advarsel")
    ]


def test_unstated_principle_is_no_breach_in_an_administrative_host() -> None:
    data = grunnavtale("vertskommune")
    data["myndighet"]["enkeltvedtak"][0].pop("prinsipiell_betydning")
    avtale = AVTALE_ADAPTER.validate_python(data)
    assert avtale.myndighet.enkeltvedtak[0].prinsipiell_betydning is None
    assert _ids(avtale) == []


# --------------------------------------------------------------------------- drøfting


def _prosessfunn(avtaletype: str, avtale_endring=(), prosess_endring=()) -> list[str]:
    """Process findings for an agreement whose councils met without any drøfting recorded."""
    avtale = AVTALE_ADAPTER.validate_python(endre(prosessavtale(avtaletype), list(avtale_endring)))
    data = endre(grunnprosess(), [{"sett": "drofting", "verdi": []}, *prosess_endring])
    for v in data.get("vedtak", []):
        v["avtale_hash"] = "0" * 64
    prosess = Prosess.model_validate(data)
    return [b.regel.id for b in prosess_sjekk(prosess, avtale, PROSESSDATO)]


DROFTING = "PROSESS-DROFTING-FOR-BEHANDLING"


def test_drofting_still_required_when_nothing_is_stated_for_a_host() -> None:
    assert DROFTING in _prosessfunn("vertskommune")


def test_no_drofting_demanded_for_a_political_council() -> None:
    assert DROFTING not in _prosessfunn("interkommunalt_politisk_rad")


def test_political_council_that_moves_staff_must_drofte() -> None:
    endring = [{"sett": "ansatte", "verdi": {"overforing": True}}]
    assert DROFTING in _prosessfunn("interkommunalt_politisk_rad", endring)


def test_no_drofting_when_the_agreement_states_no_employee_is_affected() -> None:
    """An IKS amendment where no employee moves: stated, so no drøfting is demanded."""
    endring = [{"sett": "ansatte", "verdi": {"berores": False, "overforing": False}}]
    assert DROFTING not in _prosessfunn("iks", endring)
    assert DROFTING in _prosessfunn("iks")


def test_drofting_only_where_employees_are_affected() -> None:
    endring = [{"sett": "ansatte", "verdi": {"berores": True, "kommuner": ["5029"]}}]
    avtale = AVTALE_ADAPTER.validate_python(endre(prosessavtale("vertskommune"), endring))
    data = endre(grunnprosess(), [{"sett": "drofting", "verdi": []}])
    for v in data.get("vedtak", []):
        v["avtale_hash"] = "0" * 64
    funn = [
        b
        for b in prosess_sjekk(Prosess.model_validate(data), avtale, dt.date(2026, 3, 27))
        if b.regel.id == DROFTING
    ]
    assert len(funn) == 1 and "Skaun" in funn[0].melding


def test_transfer_stated_in_the_agreement_asks_for_the_six_topics() -> None:
    endring = [{"sett": "ansatte", "verdi": {"overforing": True}}]
    avtale = AVTALE_ADAPTER.validate_python(endre(prosessavtale("vertskommune"), endring))
    data = grunnprosess()
    data["drofting"][0]["tema"] = ["grunnen"]
    for v in data.get("vedtak", []):
        v["avtale_hash"] = "0" * 64
    ids = [b.regel.id for b in prosess_sjekk(Prosess.model_validate(data), avtale, PROSESSDATO)]
    assert "PROSESS-DROFTING-TEMA" in ids


def test_unknown_date_does_not_judge_numbers_on_an_invented_date() -> None:
    """Melhus had number 1653 until 2018: on an unknown date that cannot be called wrong."""
    data = grunnavtale("samarbeidsavtale")
    del data["versjonsdato"]
    del data["avtaledato"]
    data["deltakere"][1]["kommunenummer"] = "1653"
    assert "KOMMUNENUMMER-UGYLDIG" not in _ids(AVTALE_ADAPTER.validate_python(data))
    data["avtaledato"] = "2026-06-01"
    assert "KOMMUNENUMMER-UGYLDIG" in _ids(AVTALE_ADAPTER.validate_python(data))


def test_entry_into_force_dates_an_undated_agreement() -> None:
    data = grunnavtale("samarbeidsavtale")
    del data["versjonsdato"]
    del data["avtaledato"]
    data["ikrafttredelse"] = {"dato": "2016-01-01"}
    assert AVTALE_ADAPTER.validate_python(data).dato == dt.date(2016, 1, 1)


def test_authority_to_make_enkeltvedtak_absent_none_and_stated() -> None:
    """Unstated is not «no authority»: the document says «ingen» only when the data says []."""
    data = grunnavtale("interkommunalt_politisk_rad")
    data["myndighet"] = {"forbeholdt_deltakerne": "Alle vedtak overfor innbyggerne."}
    uten = AVTALE_ADAPTER.validate_python(data)
    assert uten.myndighet.enkeltvedtak is None
    assert "legger ikke myndighet til å treffe enkeltvedtak" not in render_markdown(uten)
    data["myndighet"]["enkeltvedtak"] = []
    ingen = AVTALE_ADAPTER.validate_python(data)
    assert ingen.myndighet.enkeltvedtak == []
    assert "legger ikke myndighet til å treffe enkeltvedtak" in render_markdown(ingen)


def test_styre_size_unstated_is_unknown_not_a_breach() -> None:
    """Lister friluftsråd has a styre whose size could not be read: the styre is stated, the
    number is not, and no rule requires a kommunalt oppgavefellesskap to state it."""
    assert Styre().antall_medlemmer is None
    data = grunnavtale("kommunalt_oppgavefellesskap")
    data["styre"] = {}
    avtale = AVTALE_ADAPTER.validate_python(data)
    assert avtale.styre is not None and avtale.styre.antall_medlemmer is None
    assert _ids(avtale) == []


def _iks_med_innskudd_per_innbygger(kroner: str | None) -> object:
    data = grunnavtale("iks")
    for d in data["deltakere"]:
        d.pop("innskudd", None)
    data["innskudd_per_innbygger"] = {"formaal": "Selskapets kapitalfond"}
    if kroner is not None:
        data["innskudd_per_innbygger"]["kroner"] = kroner
    return AVTALE_ADAPTER.validate_python(data)


def test_contribution_per_inhabitant_states_every_owners_innskuddsplikt() -> None:
    avtale = _iks_med_innskudd_per_innbygger("150")
    assert _ids(avtale) == []


def test_contribution_per_inhabitant_without_amount_is_missing_once_not_per_owner() -> None:
    """Ofoten brann: «kr … pr. innbygger» without the figure. Unknown is not 0 kr, and the
    finding is the one missing amount, not a missing innskuddsplikt for each of three owners."""
    funn = [
        b for b in sjekk(_iks_med_innskudd_per_innbygger(None)) if b.regel.id == "IKSL-4-INNSKUDD"
    ]
    assert [b.sti for b in funn] == [("innskudd_per_innbygger", "kroner")]
    assert "uten beløp" in funn[0].melding


def test_without_any_innskudd_each_owner_is_still_missing() -> None:
    data = grunnavtale("iks")
    data["deltakere"][2].pop("innskudd")
    funn = [
        b.sti
        for b in sjekk(AVTALE_ADAPTER.validate_python(data))
        if b.regel.id == "IKSL-4-INNSKUDD"
    ]
    assert funn == [("deltakere", 2, "innskudd")]


def test_seat_for_a_county_that_is_not_a_participant() -> None:
    """Nord-Gudbrandsdal: two seats for Oppland fylkeskommune, which is not a participant."""
    data = grunnavtale("interkommunalt_politisk_rad")
    data["representantskap"]["medlemmer"].append({"kommunenummer": "05", "medlemmer": 2})
    (funn,) = [
        b
        for b in sjekk(AVTALE_ADAPTER.validate_python(data))
        if b.regel.id == "KL-18-3-REPRESENTANTSKAP"
    ]
    assert funn.sti == ("representantskap", "medlemmer", 3, "kommunenummer")
    assert funn.melding.startswith("Fylkeskommune 05 har plass i representantskapet")
    assert "observatør" in funn.melding
