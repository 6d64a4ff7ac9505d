"""The clerk's forms as the Prefect UI builds them (issue 14 item 1): the deployments' parameter
schemas, read as the UI reads them. Flat fields with Norwegian titles, no optional type toggles,
Norwegian choices with the agreements' municipalities and meetings, no paths, Norwegian
descriptions; and the labels read back to the ids the records need.

Prefect is imported inside the tests (as in test_flyter): no xdist worker pays for it at
collection.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

from avtaleflyt.orkestrering.skjemavalg import (
    ORGAN_VALG,
    UTFALL_VALG,
    Valg,
    bygg_valg,
    etikett_id,
    med_valg,
)
from avtaleflyt.paths import eksempelavtaler
from avtaleflyt.tjenester import UgyldigInndata
from flows.skjema import les_dato
from schemas.prosess import ORGAN_NAVN, UTFALL_NAVN

pytestmark = pytest.mark.prefect

SKJEMAER = {
    "registrer-vedtak": (
        "vedtak",
        {
            "avtale",
            "kommune",
            "mote",
            "utfall",
            "vedtakstekst",
            "organ",
            "enstemmig",
            "saksnummer",
            "merknad",
            "registrert_av",
        },
    ),
    "konsultasjon": (
        "drofting",
        {
            "avtale",
            "kommuner",
            "dato",
            "organisasjoner",
            "tema",
            "protokoll",
            "merknad",
            "registrert_av",
        },
    ),
    "registrer-signatur": (
        "signatur",
        {"avtale", "kommune", "dato", "navn", "rolle", "sted", "fullmakt", "registrert_av"},
    ),
}
STIER = {"avtaler", "arkiv", "dokumenter", "mappe", "sti"}
ENGELSK = re.compile(r"\b(the|record|form|and|of|with)\b")


def _engelsk(tekst: str) -> bool:
    """English words outside «quotes» (a quoted command such as «avtale record decision» is
    the command's name)."""
    return bool(ENGELSK.search(re.sub(r"«[^»]*»", "", tekst.lower())))


@pytest.fixture(scope="module")
def deployments(tmp_path_factory):
    """The three form deployments as `flows.serve` makes them, from a copy of the examples."""
    from flows.serve import BESKRIVELSER, skjemadeployments

    rot = tmp_path_factory.mktemp("avtaler")
    for navn in ("gauldal-landbruk", "gauldal-lonn-regnskap"):
        shutil.copytree(eksempelavtaler() / navn, rot / navn)
    valg = bygg_valg(rot, dt.date(2026, 12, 2))
    deps = {d.name: d for d in skjemadeployments(valg)}
    return deps, valg, BESKRIVELSER


def _skjema(dep) -> dict:
    return dep._parameter_openapi_schema.model_dump()


def _modell(skjema: dict, parameter: str) -> dict:
    ref = skjema["properties"][parameter]["$ref"].rsplit("/", 1)[-1]
    return skjema["definitions"][ref]


def test_each_form_is_one_flat_model_with_stable_norwegian_fields(deployments):
    deps, _, _ = deployments
    assert set(deps) == set(SKJEMAER)
    for navn, (parameter, felt) in SKJEMAER.items():
        skjema = _skjema(deps[navn])
        assert set(skjema["properties"]) == {parameter}  # no path, no hidden date
        modell = _modell(skjema, parameter)
        assert set(modell["properties"]) == felt
        assert not STIER & felt
        # the parameter takes the form's title («Drøfting»), not its Python name
        assert skjema["properties"][parameter]["title"] == modell["title"]
        for egenskap in modell["properties"].values():
            assert "anyOf" not in egenskap and "$ref" not in egenskap  # flat, no None toggle
            assert egenskap.get("type") in ("string", "boolean", "array")
            assert egenskap["title"][:1].isupper()
        # every field required: the UI shows no English «(Optional)» anywhere in the form
        assert set(modell["required"]) == set(modell["properties"]), navn


def test_titles_carry_norwegian_letters():
    from flows.skjema import DroftingSkjema, VedtakSkjema

    assert VedtakSkjema.model_json_schema()["properties"]["mote"]["title"] == "Møte"
    assert DroftingSkjema.model_json_schema()["title"] == "Drøfting"


def test_choices_are_norwegian_labels_from_the_calendars(deployments):
    deps, valg, _ = deployments
    vedtak = _modell(_skjema(deps["registrer-vedtak"]), "vedtak")["properties"]
    assert vedtak["utfall"]["enum"] == [
        "Vedtatt",
        "Vedtatt med endringer",
        "Ikke vedtatt",
        "Utsatt",
        "Innstilling",
    ]
    assert "Råd for personer med funksjonsnedsettelse" in vedtak["organ"]["enum"]
    for liste in (vedtak["utfall"]["enum"], vedtak["organ"]["enum"]):
        assert not [v for v in liste if "_" in v]  # no raw value such as rad_funksjonsnedsettelse
    assert vedtak["organ"]["default"] == "Møtets organ"
    assert vedtak["kommune"]["enum"] == [
        "Melhus kommune (5028)",
        "Midtre Gauldal kommune (5027)",
        "Skaun kommune (5029)",
    ]
    assert "16.06.2026 Melhus kommunestyre (melhus-ks-2026-06-16)" in vedtak["mote"]["enum"]
    assert vedtak["mote"]["enum"] == valg.moter
    datoer = [dt.datetime.strptime(m[:10], "%d.%m.%Y") for m in valg.moter]
    assert datoer == sorted(datoer, reverse=True)  # the latest meeting first
    assert all("orientering" not in m and "amu" not in m for m in valg.moter)  # treating only
    assert vedtak["avtale"]["enum"][0].endswith("(gauldal-landbruk)")
    drofting = _modell(_skjema(deps["konsultasjon"]), "drofting")["properties"]
    assert drofting["kommuner"]["items"]["enum"] == vedtak["kommune"]["enum"]
    assert drofting["tema"]["items"]["enum"][0] == "a) grunnen til overdragelsen"


def test_the_labels_come_from_the_records_own_names():
    assert {v: k for k, v in UTFALL_VALG.items()} == {
        v: n[:1].upper() + n[1:] for v, n in UTFALL_NAVN.items()
    }
    assert {v for v in ORGAN_VALG.values() if v} == set(ORGAN_NAVN)


def test_descriptions_shown_in_the_ui_are_norwegian(deployments):
    from flows import skjemaflyter

    deps, _, beskrivelser = deployments
    for navn, dep in deps.items():
        assert dep.description == beskrivelser[navn]
        assert not _engelsk(dep.description), dep.description
    for flyt in (
        skjemaflyter.registrer_vedtak,
        skjemaflyter.konsultasjon,
        skjemaflyter.registrer_signatur,
    ):
        assert flyt.description and not _engelsk(flyt.description)
        assert "Sekretariatets skjema" in flyt.description


def test_a_list_without_entries_leaves_the_field_free_text():
    skjema = {
        "properties": {"vedtak": {"$ref": "#/definitions/V", "title": "vedtak"}},
        "definitions": {"V": {"title": "Vedtak", "properties": {"mote": {"type": "string"}}}},
    }
    ut = med_valg(skjema, Valg())
    assert "enum" not in ut["definitions"]["V"]["properties"]["mote"]  # empty enum: nothing valid
    assert ut["properties"]["vedtak"]["title"] == "Vedtak"
    assert skjema["properties"]["vedtak"]["title"] == "vedtak"  # the input is left as it was


@pytest.mark.parametrize(
    ("etikett", "ident"),
    [
        ("Skaun kommune (5029)", "5029"),
        ("26.03.2026 Skaun kommunestyre (skaun-ks-2026-03-26)", "skaun-ks-2026-03-26"),
        ("Avtale om (noe) landbruk (gauldal-landbruk)", "gauldal-landbruk"),
        ("skaun-ks-2026-03-26", "skaun-ks-2026-03-26"),
        ("  5029 ", "5029"),
    ],
)
def test_a_label_reads_back_to_its_id(etikett, ident):
    assert etikett_id(etikett) == ident


def test_dates_are_written_as_a_norwegian_clerk_writes_them():
    assert les_dato("26.03.2026") == dt.date(2026, 3, 26)
    assert les_dato("3.3.2026") == dt.date(2026, 3, 3)
    assert les_dato("2026-03-26") == dt.date(2026, 3, 26)
    for feil in ("03/26/2026", "31.02.2026", ""):
        with pytest.raises(UgyldigInndata, match=r"dd\.mm\.åååå"):
            les_dato(feil)


def test_a_running_server_gets_the_new_lists_without_a_redeploy(prefect_harness, tmp_path):
    """The form deployment was made before a meeting existed; `oppdater_skjemaer` (the daily
    sweep) puts the calendar's meeting into the stored schema."""
    import asyncio

    from prefect import get_client

    from avtaleflyt.orkestrering.skjemavalg import oppdater_skjemaer
    from flows.skjemaflyter import registrer_vedtak

    rot = tmp_path / "avtaler"
    shutil.copytree(eksempelavtaler() / "gauldal-landbruk", rot / "gauldal-landbruk")
    valg = bygg_valg(rot, dt.date(2026, 12, 2))

    async def kjor():
        await (await registrer_vedtak.to_deployment(name="registrer-vedtak")).apply()
        oppdatert = await oppdater_skjemaer(valg)
        async with get_client() as client:
            dep = await client.read_deployment_by_name("registrer-vedtak/registrer-vedtak")
        return oppdatert, dep.parameter_openapi_schema

    oppdatert, skjema = asyncio.run(kjor())
    assert oppdatert == ["registrer-vedtak"]  # the others are not deployed on this server
    felt = _modell(skjema, "vedtak")["properties"]
    assert felt["mote"]["enum"] == valg.moter and valg.moter
    assert skjema["properties"]["vedtak"]["title"] == "Vedtak"
