"""`lovkrav_brudd` gives exactly the findings of the whole catalogue that name a term the law
requires (the document refuses to render on them), for every form, with each required term
missing in turn, in a transition's later terms, in the examples and in the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from avtaleflyt.rendering.templating import _lovkrav_regler
from avtaleflyt.yaml_loader import load_yaml
from schemas.avtale import AVTALE_TYPES, lovkrav_felter
from schemas.regler.sjekk import lovkrav_brudd, sjekk
from tests.regler.eksempler import GRUNNAVTALER, grunnavtale, last

ROT = Path(__file__).resolve().parents[2]


def _like(avtale) -> list:
    krav = _lovkrav_regler(avtale.type)
    hele = [(b.regel.id, b.sti, b.melding) for b in sjekk(avtale) if b.regel.id in krav]
    bare = [(b.regel.id, b.sti, b.melding) for b in lovkrav_brudd(avtale) if b.regel.id in krav]
    assert bare == hele
    return hele


def _uten(avtaletype: str, felt: str):
    data = grunnavtale(avtaletype)
    data.pop(felt, None)
    try:
        return last(data)
    except ValueError:  # the schema itself requires it: no agreement to check
        return None


@pytest.mark.parametrize("avtaletype", sorted(GRUNNAVTALER))
def test_each_required_term_missing_gives_the_same_findings(avtaletype):
    assert _like(last(grunnavtale(avtaletype))) == []
    sett = 0
    for felt in lovkrav_felter(AVTALE_TYPES[avtaletype]):
        avtale = _uten(avtaletype, felt)
        if avtale is not None:
            sett += len(_like(avtale))
    deltakere = getattr(AVTALE_TYPES[avtaletype], "DELTAKERKRAV", {})
    for felt in deltakere:
        data = grunnavtale(avtaletype)
        for d in data["deltakere"]:
            d.pop(felt, None)
        sett += len(_like(last(data)))
    # the cases do reach the rules (a samarbeidsavtale, kl. § 17-1, has no required terms)
    assert (sett > 0) == bool(_lovkrav_regler(avtaletype))


def test_an_agreement_with_a_transition_gives_the_same_findings():
    """The later terms are checked too (`_sjekk_overgangene`): with a required term missing and a
    transition that changes another, the findings come out alike both ways (the missing term is
    reported once, where it is missing)."""
    data = grunnavtale("iks")
    data.pop("formaal")
    ny = {"medlemmer": [{**m, "medlemmer": 2} for m in data["representantskap"]["medlemmer"]]}
    data["overganger"] = [
        {"fra": "2028-01-01", "beskrivelse": "Større representantskap.", "representantskap": ny}
    ]
    funn = _like(last(data))
    assert [sti for _, sti, _ in funn] == [("formaal",)]


@pytest.mark.parametrize(
    "fil",
    sorted((ROT / "agreements").glob("*/avtale.yaml"))
    + sorted((ROT / "tests" / "korpus").glob("*/avtale.yaml")),
    ids=lambda p: p.parent.name,
)
def test_examples_and_corpus_give_the_same_findings(fil):
    _like(last(load_yaml(fil).data))  # the model only: the corpus is there for its findings
