"""The structures real agreements have (issue 12 item 8), written as a lawyer would write them and
checked as the validator runs them: an umbrella agreement with sub-agreements that take its cost key
and governance, per-service participation, a host's bilateral agreements, terms that change at a
date, observers, admission, a styre in a kommunalt oppgavefellesskap, a contribution per inhabitant
and the legal basis as the text states it."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from avtaleflyt.cli.main import app
from avtaleflyt.rendering.api import render_markdown
from avtaleflyt.validation import validate_paths
from schemas.avtale import AVTALE_ADAPTER
from schemas.regler import sjekk
from schemas.regler.sjekk import sett_kommuneoppslag
from schemas.regler.sjekk_sammen import sjekk_sammen
from tests.regler.eksempler import falsk_kommune, grunnavtale

DELTAKERE = """
deltakere:
  - {kommunenummer: "5027", navn: Midtre Gauldal}
  - {kommunenummer: "5028", navn: Melhus}
  - {kommunenummer: "5029", navn: Skaun}
"""

RAMME = (
    """
type: samarbeidsavtale
id: gauldal-ramme
tittel: Rammeavtale for interkommunalt samarbeid i Gauldal
# Eldre avtale, registrert slik den foreligger: versjonsdatoen er ukjent.
avtaledato: 2019-06-20
lovhjemmel_ordrett: kommuneloven § 17-1
"""
    + DELTAKERE
    + """
organisering: >-
  Rådmannsutvalget er styringsgruppe for alle delavtalene og møtes minst fire ganger i året.
okonomi:
  oppgjor: Felleskostnadene i hver delavtale fordeles med 30 % likt og resten etter folketall.
  fordelingsnokkel: {metode: fast_og_variabel, fast_andel: 30 %, variabel_etter: innbyggertall, aar: 2025}
underavtaler:
  - {id: gauldal-ikt, tjeneste: IKT-drift, deltakere: ["5027", "5029"]}
  - {id: gauldal-barnevern, tjeneste: Barneverntjeneste}
"""
)

IKT = """
type: vertskommune
id: gauldal-ikt
tittel: Delavtale om IKT-drift under rammeavtalen for Gauldal
avtaledato: 2019-06-20
rammeavtale: {id: gauldal-ramme, arver: [okonomi, organisering]}
deltakere:
  - {kommunenummer: "5027", navn: Midtre Gauldal}
  - {kommunenummer: "5029", navn: Skaun}
vertskommune: "5027"
oppgaver: [{navn: Drift av felles IKT-plattform}]
myndighet: {beskrivelse: Vertskommunen får ingen myndighet til å treffe enkeltvedtak., enkeltvedtak: []}
overforingsdato: 2020-01-01
underretning: Vertskommunen underretter ikke om vedtak; den treffer ingen enkeltvedtak.
uttreden: {vilkaar: Skriftlig oppsigelse., oppsigelsestid_maaneder: 12}
opplosning: {vilkaar: Samarbeidet oppløses når deltakerne er enige.}
andre_lovkrav: []
ansatte: {berores: true, overforing: true, kommuner: ["5029"]}
"""


def _bilateral(partner: str, navn: str) -> str:
    return f"""
type: vertskommune
id: melhus-legevakt-{navn.lower().replace(" ", "-")}
tittel: Avtale om legevakt mellom Melhus og {navn}
avtaledato: 2021-01-01
avtalesett: {{id: melhus-legevakt, vert: "5028"}}
deltakere:
  - {{kommunenummer: "5028", navn: Melhus}}
  - {{kommunenummer: "{partner}", navn: {navn}}}
vertskommune: "5028"
oppgaver: [{{navn: Legevakt, lovpalagt: true}}]
myndighet: {{beskrivelse: Vertskommunen treffer vedtak om øyeblikkelig hjelp., enkeltvedtak: []}}
overforingsdato: 2021-01-01
underretning: Vertskommunen underretter partneren om alle vedtak som gjelder dens innbyggere.
okonomi: {{oppgjor: "Partneren betaler 40 kroner per innbygger per år.",
          bidrag_per_innbygger: {{kroner: "40.00", aar: 2020}}}}
uttreden: {{vilkaar: Skriftlig oppsigelse., oppsigelsestid_maaneder: 12}}
opplosning: {{vilkaar: Avtalen opphører ved oppsigelse.}}
andre_lovkrav: []
"""


KO_OVER_TID = (
    """
type: kommunalt_oppgavefellesskap
id: gauldal-kart
tittel: Samarbeidsavtale for Gauldal kart kommunalt oppgavefellesskap
versjonsdato: 2026-05-12
navn: Gauldal kart kommunalt oppgavefellesskap
eget_rettssubjekt: false
"""
    + DELTAKERE.replace("navn: Midtre Gauldal}", "navn: Midtre Gauldal, eierandel: 1/3}")
    .replace("navn: Melhus}", "navn: Melhus, eierandel: 1/3}")
    .replace("navn: Skaun}", "navn: Skaun, eierandel: 1/3}")
    + """
representantskap:
  medlemmer:
    - {kommunenummer: "5027", medlemmer: 1}
    - {kommunenummer: "5028", medlemmer: 1}
    - {kommunenummer: "5029", medlemmer: 1}
  observatorer:
    - {navn: Trøndelag fylkeskommune, talerett: true, forslagsrett: false, stemmerett: false}
styre: {antall_medlemmer: 3, velges_av: representantskapet}
oppgaver: [{navn: Kartforvaltning}]
myndighet: {beskrivelse: Ingen myndighet til å treffe enkeltvedtak., enkeltvedtak: []}
innskuddsplikt: Ingen innskuddsplikt.
laaneadgang: {tillatt: false}
rapportering: Årsmelding til deltakerne innen 1. mars.
uttreden: {vilkaar: Ett års skriftlig varsel., oppsigelsestid_maaneder: 12}
opplosning: {vilkaar: Vedtak i alle kommunestyrene., arkiv: Melhus kommune overtar arkivet.}
ikrafttredelse: {dato: 2027-01-01}
okonomi:
  fordelingsnokkel: {metode: lik}
opptak:
  vilkaar: Nye kommuner i Trøndelag kan tre inn på de samme vilkårene.
  vedtas_av: kommunestyrene
overganger:
  - fra: 2028-01-01
    beskrivelse: Andre år av innfasingen av bruksnøkkelen.
    fordelingsnokkel: {metode: fast_og_variabel, fast_andel: 2/3, variabel_etter: innbyggertall, aar: 2027}
  - fra: 2029-01-01
    beskrivelse: Full innfasing og nytt representantskap med to medlemmer fra vertskommunen.
    fordelingsnokkel: {metode: fast_og_variabel, fast_andel: 1/3, variabel_etter: innbyggertall, aar: 2028}
    representantskap:
      medlemmer:
        - {kommunenummer: "5027", medlemmer: 1}
        - {kommunenummer: "5028", medlemmer: 2, vara: 2}
        - {kommunenummer: "5029", medlemmer: 1}
"""
)


@pytest.fixture(autouse=True)
def _falsk_kommuneliste():
    sett_kommuneoppslag(falsk_kommune)
    yield
    sett_kommuneoppslag(None)


def _last(tekst: str, **endre: object):
    data = yaml.safe_load(textwrap.dedent(tekst))
    data.update(endre)
    return AVTALE_ADAPTER.validate_python(data)


def _ids(funn) -> list[str]:
    return [b.regel.id for b in funn]


# --------------------------------------------------------------------------- rammeavtale


def test_umbrella_and_sub_agreement_are_lawful_together() -> None:
    ramme, ikt = _last(RAMME), _last(IKT)
    assert _ids(sjekk(ramme)) == []
    # the cost key (kl. § 20-4 third ledd f) is stated in the umbrella: no finding alone ...
    assert _ids(sjekk(ikt)) == []
    # ... nor together, where it is looked up
    assert _ids(sjekk_sammen(ikt, {"gauldal-ramme": ramme})) == []


def test_sub_agreement_cannot_take_a_term_the_umbrella_lacks() -> None:
    ramme = _last(RAMME, okonomi=None)
    funn = sjekk_sammen(_last(IKT), {"gauldal-ramme": ramme})
    assert _ids(funn) == ["RAMME-ARV-MANGLER"]
    assert funn[0].sti == ("rammeavtale", "arver", 0)


def test_inherited_terms_are_checked_by_the_ordinary_rules() -> None:
    """A governance taken from the umbrella is checked as the sub-agreement's own, and says so."""
    rad = grunnavtale("interkommunalt_politisk_rad")
    rad["representantskap"]["medlemmer"][2]["vara"] = 1  # Skaun: 2 members, 1 vara
    ko = grunnavtale("kommunalt_oppgavefellesskap")
    del ko["representantskap"]
    ko["rammeavtale"] = {"id": "test-ipr", "arver": ["representantskap"]}
    ramme, del_ = AVTALE_ADAPTER.validate_python(rad), AVTALE_ADAPTER.validate_python(ko)
    assert _ids(sjekk(del_)) == []  # KL-19-4-C is met by the reference
    funn = sjekk_sammen(del_, {"test-ipr": ramme})
    assert _ids(funn) == ["KL-19-3-REPRESENTANTSKAP"]
    assert funn[0].sti == ("representantskap", "medlemmer", 2, "vara")
    assert "rammeavtalen «test-ipr»" in funn[0].melding
    assert funn[0].lovgrunnlag == "kommuneloven § 19-3 første ledd"


def test_per_service_participation_is_checked_against_the_umbrella() -> None:
    ramme = _last(RAMME)
    med_melhus = yaml.safe_load(IKT)
    med_melhus["deltakere"].append({"kommunenummer": "5028", "navn": "Melhus"})
    funn = sjekk_sammen(AVTALE_ADAPTER.validate_python(med_melhus), {"gauldal-ramme": ramme})
    assert _ids(funn) == ["RAMME-TJENESTE-DELTAKERE"]
    assert "5028" in funn[0].melding


def test_sub_agreement_partner_outside_the_umbrella() -> None:
    ramme = _last(RAMME)
    data = yaml.safe_load(IKT)
    data["deltakere"][1] = {"kommunenummer": "5001", "navn": "Trondheim"}
    funn = sjekk_sammen(AVTALE_ADAPTER.validate_python(data), {"gauldal-ramme": ramme})
    assert "RAMME-DELTAKERE" in _ids(funn)


def test_term_stated_twice_is_a_feil() -> None:
    data = yaml.safe_load(IKT)
    data["organisering"] = "Egen styringsgruppe."
    assert _ids(sjekk(AVTALE_ADAPTER.validate_python(data))) == ["RAMME-ARV-DOBBEL"]


# --------------------------------------------------------------------------- avtalesett


def test_host_with_one_bilateral_agreement_per_partner() -> None:
    a = _last(_bilateral("5027", "Midtre Gauldal"))
    b = _last(_bilateral("5029", "Skaun"))
    andre = {a.id: a, b.id: b}
    assert _ids(sjekk(a)) == [] and _ids(sjekk(b)) == []
    assert _ids(sjekk_sammen(a, andre)) == [] and _ids(sjekk_sammen(b, andre)) == []


def test_the_same_partner_twice_in_a_set_is_a_feil() -> None:
    a = _last(_bilateral("5027", "Midtre Gauldal"))
    b = _last(_bilateral("5027", "Midtre Gauldal"), id="melhus-legevakt-kopi")
    assert _ids(sjekk_sammen(a, {a.id: a, b.id: b})) == ["AVTALESETT-PARTNER-DOBBEL"]


# --------------------------------------------------------------------------- over tid, organer


def test_terms_over_time_observers_styre_and_admission_are_lawful() -> None:
    avtale = _last(KO_OVER_TID)
    assert _ids(sjekk(avtale)) == []
    assert avtale.overganger[1].representantskap.medlemmer[1].vara == 2


def test_a_later_governance_is_checked_as_the_first() -> None:
    data = yaml.safe_load(KO_OVER_TID)
    del data["overganger"][1]["representantskap"]["medlemmer"][2]  # Skaun loses its seat in 2029
    data["overganger"][1]["representantskap"]["medlemmer"][1]["vara"] = 1
    funn = sjekk(AVTALE_ADAPTER.validate_python(data))
    assert _ids(funn) == ["KL-19-3-REPRESENTANTSKAP", "KL-19-3-REPRESENTANTSKAP"]
    assert {b.sti for b in funn} == {
        ("overganger", 1, "representantskap", "medlemmer", 1, "vara"),
        ("overganger", 1, "representantskap", "medlemmer"),
    }
    assert any("2 medlemmer og 1 varamedlem." in b.melding for b in funn)


def test_admission_by_the_representantskap_alone_is_a_feil() -> None:
    data = yaml.safe_load(KO_OVER_TID)
    data["opptak"]["vedtas_av"] = "representantskapet"
    funn = sjekk(AVTALE_ADAPTER.validate_python(data))
    assert _ids(funn) == ["KL-OPPTAK-VEDTAK"]
    assert funn[0].lovgrunnlag.startswith("kommuneloven § 19-4 annet ledd")


def test_observer_with_a_vote_is_a_feil() -> None:
    data = yaml.safe_load(KO_OVER_TID)
    data["representantskap"]["observatorer"][0]["stemmerett"] = True
    assert _ids(sjekk(AVTALE_ADAPTER.validate_python(data))) == ["KL-REPRESENTANTSKAP-OBSERVATOR"]


def test_legal_basis_is_kept_as_written() -> None:
    ramme = _last(RAMME, lovhjemmel_ordrett="kommunelovens § 27")
    assert ramme.lovhjemmel_ordrett == "kommunelovens § 27"
    ko = _last(KO_OVER_TID, lovhjemmel_ordrett="kommuneloven § 20-2 (vertskommune)")
    assert _ids(sjekk(ko)) == ["LOVHJEMMEL-ORDRETT-FORM"]


# --------------------------------------------------------------------------- the validator


def test_validate_checks_a_family_of_agreements_together(tmp_path: Path) -> None:
    tekster = {
        "gauldal-ramme": RAMME,
        "gauldal-ikt": IKT.replace('"5029", navn: Skaun}', '"5028", navn: Melhus}'),
        "melhus-legevakt-skaun": _bilateral("5029", "Skaun"),
        "melhus-legevakt-skaun2": _bilateral("5029", "Skaun").replace(
            "id: melhus-legevakt-skaun", "id: melhus-legevakt-skaun2"
        ),
    }
    for ident, tekst in tekster.items():
        (tmp_path / ident).mkdir()
        (tmp_path / ident / "avtale.yaml").write_text(textwrap.dedent(tekst), encoding="utf-8")
    funn = validate_paths([tmp_path]).findings
    regler = sorted(f.rule for f in funn if f.rule.startswith(("RAMME", "AVTALESETT")))
    assert regler == [
        "AVTALESETT-PARTNER-DOBBEL",
        "AVTALESETT-PARTNER-DOBBEL",
        "RAMME-TJENESTE-DELTAKERE",
    ]
    ikt = next(f for f in funn if f.rule == "RAMME-TJENESTE-DELTAKERE")
    assert ikt.file.endswith("gauldal-ikt/avtale.yaml") and ikt.line is not None


# --------------------------------------------------------------------------- the documents


@pytest.mark.parametrize(
    ("tekst", "felt"),
    [
        (IKT, "rammeavtale"),
        (RAMME, "underavtaler"),
        (KO_OVER_TID, "overganger"),
        (_bilateral("5029", "Skaun"), "okonomi.bidrag_per_innbygger"),
    ],
)
def test_every_structure_is_rendered(tekst: str, felt: str) -> None:
    """The templates show these structures; tests/rendering/test_strukturer.py checks the wording."""
    data = yaml.safe_load(textwrap.dedent(tekst))
    data["formaal"] = "Samarbeidet skal gi bedre tjenester."
    for d in data["deltakere"]:
        d["signatar"] = {"navn": f"Ordfører i {d['navn']}", "rolle": "ordfører"}
    dokument = render_markdown(AVTALE_ADAPTER.validate_python(data))
    assert f"{data['id']} · versjon 1" in dokument


def test_validating_a_sub_agreement_alone_finds_its_umbrella(tmp_path: Path, monkeypatch) -> None:
    """`avtale validate <delavtale>` reads the umbrella from the agreements folder."""
    sett_kommuneoppslag(None)  # the CLI run uses the real list of municipalities
    for ident, tekst in {
        "gauldal-ramme": RAMME,
        "gauldal-ikt": IKT.replace('"5029", navn: Skaun}', '"5028", navn: Melhus}'),
    }.items():
        (tmp_path / ident).mkdir()
        (tmp_path / ident / "avtale.yaml").write_text(textwrap.dedent(tekst), encoding="utf-8")
    monkeypatch.setenv("AVTALE_AVTALER", str(tmp_path))
    result = CliRunner().invoke(
        app, ["validate", str(tmp_path / "gauldal-ikt" / "avtale.yaml"), "--format", "json"]
    )
    regler = [f["rule"] for f in json.loads(result.stdout)]
    assert "RAMME-TJENESTE-DELTAKERE" in regler and "RAMME-FINNES" not in regler
