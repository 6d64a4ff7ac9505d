"""The state as a pure function: a table of facts and the state they give."""

from __future__ import annotations

import pytest

from avtaleflyt.prosess.tilstand import TILSTANDER, Grunnlag, tilstand

ALT = dict(
    vedtatt=True,
    signert=True,
    i_kraft=True,
    eldre_vedtatt=True,
    politisk=True,
    drofting_klar=True,
    drofting=True,
)

TABELL = [
    (Grunnlag(), "utkast"),
    (Grunnlag(drofting=True), "drofting"),
    (Grunnlag(drofting_klar=True, drofting=True), "klar_til_politisk_behandling"),
    (Grunnlag(politisk=True, drofting=True), "til_behandling"),
    (
        Grunnlag(politisk=True),
        "til_behandling",
    ),  # treated without consultation: still under treatment
    (Grunnlag(vedtatt=True, politisk=True), "vedtatt"),
    (Grunnlag(vedtatt=True, i_kraft=True), "vedtatt"),  # the date has come, but not signed
    (Grunnlag(vedtatt=True, signert=True), "signert"),
    (Grunnlag(vedtatt=True, signert=True, i_kraft=True), "i_kraft"),
    (Grunnlag(eldre_vedtatt=True, politisk=True), "endret"),  # v2 under treatment, v1 adopted
    (Grunnlag(eldre_vedtatt=True, vedtatt=True), "vedtatt"),  # v2 adopted too
    (Grunnlag(ny_versjon=True, politisk=True), "endret"),
    (Grunnlag(ny_versjon=True, vedtatt=True, signert=True, i_kraft=True), "endret"),
    (Grunnlag(opphort=True, **ALT), "opphort"),
    (Grunnlag(opphort=True), "opphort"),
]


@pytest.mark.parametrize(
    ("grunnlag", "forventet"), TABELL, ids=[f"{i}-{t}" for i, (_, t) in enumerate(TABELL)]
)
def test_tilstand(grunnlag: Grunnlag, forventet: str):
    assert tilstand(grunnlag) == forventet


def test_hver_tilstand_har_en_rad_og_en_tekst():
    assert {t for _, t in TABELL} == set(TILSTANDER)
