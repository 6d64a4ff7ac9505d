"""Valid generated agreements survive YAML → model → YAML unchanged, with no finding lost or added."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from avtaleflyt.validation import validate_loaded
from avtaleflyt.yaml_dump import avtale_data, dump_yaml
from avtaleflyt.yaml_loader import parse_text
from schemas.avtale import AVTALE_ADAPTER, AVTALE_TYPES
from tests.regler.eksempler import grunnavtale

# Any text a lawyer may type: Norwegian and Sámi letters, quotes, markup characters, RTL, emoji —
# everything XML can hold (control characters are refused by the model).
_tekst = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff\x85\u2028\u2029"
    )
    | st.sampled_from("æøåÆØÅčđŋšŧž«»\"'#:-{}%&<>\u200f🤝\n\t"),
    min_size=1,
    max_size=60,
)


@st.composite
def avtaler(draw):
    avtaletype = draw(st.sampled_from(sorted(AVTALE_TYPES)))
    data = grunnavtale(avtaletype)
    data["tittel"] = draw(_tekst)
    data["formaal"] = draw(_tekst)
    data["versjon"] = draw(st.integers(1, 50))
    data["versjonsdato"] = draw(st.dates(dt.date(2018, 1, 1), dt.date(2040, 12, 31)))
    data["avtaledato"] = data["versjonsdato"]
    data["tvistelosning"] = draw(_tekst)
    if all("eierandel" in d for d in data["deltakere"]):
        weights = draw(
            st.lists(
                st.integers(1, 997),
                min_size=len(data["deltakere"]),
                max_size=len(data["deltakere"]),
            )
        )
        for d, w in zip(data["deltakere"], weights, strict=True):
            d["eierandel"] = str(Fraction(w, sum(weights)))
    return AVTALE_ADAPTER.validate_python(data)


@given(avtaler())
def test_yaml_model_yaml_round_trip(avtale):
    text = dump_yaml(avtale_data(avtale))
    loaded = parse_text(text, "x/avtale.yaml")
    again = AVTALE_ADAPTER.validate_python(loaded.data)
    assert again == avtale
    assert dump_yaml(avtale_data(again)) == text
    rules_before = [f.rule for f in validate_loaded(parse_text(text, "a")).findings]
    rules_after = [
        f.rule for f in validate_loaded(parse_text(dump_yaml(avtale_data(again)), "b")).findings
    ]
    assert rules_before == rules_after
