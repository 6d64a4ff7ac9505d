"""What a finding says (issue 12 item 11): the fraction hint for rounded shares, and an unverified
legal basis marked as such."""

from __future__ import annotations

import datetime as dt

from avtaleflyt.paths import agreements_dir
from avtaleflyt.skeleton import skeleton_text
from avtaleflyt.validation import validate_file
from schemas.regler import IKKE_KONTROLLERT, REGLER

IKS = agreements_dir() / "gaula-innkjop-iks" / "avtale.yaml"


def _valider(tmp_path, tekst: str):
    path = tmp_path / "avtale.yaml"
    path.write_text(tekst, encoding="utf-8")
    return validate_file(path, "avtale.yaml").findings


def test_rounded_percentages_that_miss_100_get_the_fractions_to_write(tmp_path):
    tekst = IKS.read_text(encoding="utf-8")
    for andel in ("20 %", "52 %", "28 %"):
        tekst = tekst.replace(f"eierandel: {andel}", "eierandel: 33,33 %")
    (sum_funn,) = [f for f in _valider(tmp_path, tekst) if f.rule == "IKSL-3-EIERANDEL-SUM"]
    assert "99,99 %" in sum_funn.message
    assert "«1/3», «1/3», «1/3»" in sum_funn.message


def test_shares_far_from_100_get_no_fraction_hint(tmp_path):
    tekst = IKS.read_text(encoding="utf-8").replace("eierandel: 52 %", "eierandel: 42 %")
    (sum_funn,) = [f for f in _valider(tmp_path, tekst) if f.rule == "IKSL-3-EIERANDEL-SUM"]
    assert "brøk" not in sum_funn.message


def test_a_rule_with_an_unverified_basis_says_so_in_the_output(tmp_path):
    funn = []
    for avtaletype in ("iks", "vertskommune", "kommunalt_oppgavefellesskap"):
        funn += _valider(tmp_path, skeleton_text(avtaletype, "ny-avtale", dt.date(2026, 12, 1)))
    regelfunn = [f for f in funn if f.rule in REGLER]
    assert regelfunn
    for f in regelfunn:
        assert f.legal_basis.endswith(IKKE_KONTROLLERT) == (not REGLER[f.rule].verifisert), f
        assert IKKE_KONTROLLERT in f.one_line() or REGLER[f.rule].verifisert
