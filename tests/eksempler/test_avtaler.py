"""The Gauldal agreements in agreements/: valid, computable, realistic, and v1 → v2 as documented."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from avtaleflyt.fordeling import beregn_fordeling
from avtaleflyt.paths import AGREEMENTS_DIR, PROJECT_ROOT
from schemas.avtale import AVTALE_ADAPTER

IDER = sorted(p.name for p in AGREEMENTS_DIR.iterdir() if (p / "avtale.yaml").is_file())
GAULDAL = {"5027": "Midtre Gauldal", "5028": "Melhus", "5029": "Skaun"}


def last(path: Path):
    return AVTALE_ADAPTER.validate_python(yaml.safe_load(path.read_text(encoding="utf-8")))


def test_the_worked_example_covers_the_report_and_every_form():
    assert {
        "gaula-innkjop-iks",
        "gauldal-fagnettverk",
        "gauldal-kart-geodata",
        "gauldal-landbruk",
        "gauldal-lonn-regnskap",
        "gauldal-plan-byggesak-oppmaling",
        "gauldal-servicetorg-arkiv",
    } <= set(IDER)
    typer = {last(AGREEMENTS_DIR / i / "avtale.yaml").type for i in IDER}
    assert {"iks", "kommunalt_oppgavefellesskap", "samarbeidsavtale", "vertskommune"} <= typer
    for i in IDER:
        assert (AGREEMENTS_DIR / i / "prosess.yaml").is_file(), f"{i} mangler prosess.yaml"


@pytest.mark.parametrize("avtale_id", IDER)
def test_agreement_is_valid_and_has_the_three_gauldal_kommuner(avtale_id):
    avtale = last(AGREEMENTS_DIR / avtale_id / "avtale.yaml")
    assert avtale.id == avtale_id
    assert {d.kommunenummer: d.navn for d in avtale.deltakere} == GAULDAL
    assert all(d.signatar and d.signatar.rolle == "ordfører" for d in avtale.deltakere)
    assert (
        avtale.uttreden and avtale.opplosning and avtale.okonomi and avtale.okonomi.fordelingsnokkel
    )


@pytest.mark.parametrize("avtale_id", IDER)
def test_no_reference_to_the_1992_act(avtale_id):
    tekst = (AGREEMENTS_DIR / avtale_id / "avtale.yaml").read_text(encoding="utf-8")
    for gammel in ("§ 27", "§ 28", "fylkesmannen", "rådmann"):
        assert gammel not in tekst


@pytest.mark.parametrize("avtale_id", IDER)
def test_cost_shares_sum_to_one_and_amounts_to_the_budget(avtale_id):
    avtale = last(AGREEMENTS_DIR / avtale_id / "avtale.yaml")
    andeler = beregn_fordeling(avtale)
    assert sum(a.andel for a in andeler) == 1
    assert sum(a.belop for a in andeler) == avtale.okonomi.budsjett


def test_the_keys_cover_the_kinds_real_agreements_use():
    metoder = {
        last(AGREEMENTS_DIR / i / "avtale.yaml").okonomi.fordelingsnokkel.metode for i in IDER
    }
    assert {"lik", "innbyggertall", "fast_og_variabel", "eierandel"} <= metoder


def test_delegation_only_in_vertskommune_and_only_without_prinsipiell_betydning():
    for i in IDER:
        avtale = last(AGREEMENTS_DIR / i / "avtale.yaml")
        vedtak = avtale.myndighet.enkeltvedtak if avtale.myndighet else []
        if avtale.type not in ("vertskommune", "vertskommune_nemnd"):
            # KO/IPR: bare indre forhold og tilskuddsordninger (kl. §§ 18-1 og 19-1 annet ledd)
            assert all(v.art in ("interne_forhold", "tilskuddsordning") for v in vedtak), i
        if avtale.type == "vertskommune":  # administrativt: bare saker uten prinsipiell betydning
            assert all(not v.prinsipiell_betydning for v in vedtak), i
    plan = last(AGREEMENTS_DIR / "gauldal-plan-byggesak-oppmaling" / "avtale.yaml")
    lover = " ".join(v.lovgrunnlag or "" for v in plan.myndighet.enkeltvedtak)
    assert "plan- og bygningsloven" in lover and "matrikkellova" in lover
    assert "prinsipiell betydning" in plan.myndighet.forbeholdt_deltakerne


def test_ko_has_equal_exact_ownership():
    ko = last(AGREEMENTS_DIR / "gauldal-kart-geodata" / "avtale.yaml")
    assert [d.eierandel for d in ko.deltakere] == [Fraction(1, 3)] * 3
    assert "kommunalt oppgavefellesskap" in ko.navn


def test_version_2_differs_from_version_1_only_by_skauns_change():
    mappe = AGREEMENTS_DIR / "gauldal-lonn-regnskap"
    v1 = AVTALE_ADAPTER.dump_python(last(mappe / "historikk" / "v1.yaml"), mode="json")
    v2 = AVTALE_ADAPTER.dump_python(last(mappe / "avtale.yaml"), mode="json")
    assert (v1["versjon"], v2["versjon"]) == (1, 2)
    assert (
        v1["uttreden"]["oppsigelsestid_maaneder"],
        v2["uttreden"]["oppsigelsestid_maaneder"],
    ) == (12, 24)
    endret = {k for k in v1 if v1[k] != v2[k]}
    assert endret == {"versjon", "versjonsdato", "uttreden", "evaluering"}
    assert dt.date.fromisoformat(v2["versjonsdato"]) > dt.date(2026, 6, 18)  # after Skaun's vedtak


@pytest.mark.parametrize("avtale_id", IDER)
def test_process_file_has_no_errors(avtale_id):
    from avtaleflyt.prosess import validate_process_file

    mappe = AGREEMENTS_DIR / avtale_id
    avtale = last(mappe / "avtale.yaml")
    for pa_dato in (dt.date(2026, 2, 1), dt.date(2026, 11, 26), dt.date(2027, 6, 1)):
        funn = validate_process_file(mappe / "prosess.yaml", avtale_id, avtale, at=pa_dato)
        feil = [f for f in funn if f.severity == "feil" and f.rule != "PROSESS-DATO-FREMTID"]
        assert feil == [], [f.one_line() for f in feil]


@pytest.mark.parametrize("avtale_id", IDER)
def test_process_follows_the_status_report(avtale_id):
    from schemas.prosess import Prosess

    prosess = Prosess.model_validate(
        yaml.safe_load((AGREEMENTS_DIR / avtale_id / "prosess.yaml").read_text(encoding="utf-8"))
    )
    moter = {(m.organ, m.dato.isoformat()) for m in prosess.moter}
    assert ("felles_formannskap", "2026-02-24") in moter
    assert ("felles_formannskap", "2026-04-21") in moter
    assert ("kommunestyre", "2026-03-10") in moter
    assert {"arbeidsmiljoutvalg", "eldrerad", "ungdomsrad", "rad_funksjonsnedsettelse"} <= {
        o for o, _ in moter
    }
    vedtak = [m for m in prosess.moter if m.organ == "kommunestyre" and m.behandling == "vedtak"]
    assert {k for m in vedtak for k in m.kommuner} == set(GAULDAL)
    forste_politiske = min(
        m.dato for m in prosess.moter if m.behandling in ("innstilling", "vedtak")
    )
    for nr in GAULDAL:
        assert (
            min(d.dato for d in prosess.drofting if nr in d.kommuner)
            < dt.date(2026, 2, 24)
            < forste_politiske
        )


def test_samfunnsomradet_has_phase_1_in_june_and_adoption_in_phase_2():
    from schemas.prosess import Prosess

    for i in ("gauldal-plan-byggesak-oppmaling", "gauldal-landbruk", "gauldal-kart-geodata"):
        prosess = Prosess.model_validate(
            yaml.safe_load((AGREEMENTS_DIR / i / "prosess.yaml").read_text(encoding="utf-8"))
        )
        juni = [m for m in prosess.moter if m.organ == "kommunestyre" and m.dato.month == 6]
        assert juni and all(
            m.behandling == "orientering" and "Fase 1" in (m.merknad or "") for m in juni
        )
        vedtak = [
            m for m in prosess.moter if m.organ == "kommunestyre" and m.behandling == "vedtak"
        ]
        assert vedtak and all(m.dato > dt.date(2026, 6, 30) for m in vedtak)


def test_avtale_validate_agreements_exits_0():
    avtale = Path(sys.executable).with_name("avtale")
    cmd = [str(avtale)] if avtale.exists() else [sys.executable, "-m", "avtaleflyt.cli.main"]
    result = subprocess.run(
        [*cmd, "validate", "agreements/"], cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
