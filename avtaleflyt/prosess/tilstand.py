"""Where an agreement stands, as a pure function of a few facts (`tilstand(Grunnlag) -> str`).

The facts come from `avtaleflyt.prosess.fakta` on a date; this table is the only place that ranks
them. Tested as a table of inputs and states (tests/prosess/test_tilstand.py).
"""

from __future__ import annotations

from dataclasses import dataclass

TILSTANDER: dict[str, str] = {
    "utkast": "utkast",
    "drofting": "drøfting med tillitsvalgte pågår",
    "klar_til_politisk_behandling": "klar til politisk behandling",
    "til_behandling": "til politisk behandling",
    "vedtatt": "vedtatt i alle {organer}",
    "signert": "signert av alle parter",
    "i_kraft": "i kraft",
    "endret": "endret: ny versjon må behandles",
    "opphort": "opphørt",
}
"""Each state's key and the Norwegian text the status shows; `{organer}` is the participants'
deciding bodies («kommunestyrer», «kommunestyrer og fylkesting»), filled in by `tilstandstekst`."""


def tilstandstekst(navn: str, organer: str = "kommunestyrer") -> str:
    """The text of a state, naming the participants' deciding bodies where it speaks of them."""
    return TILSTANDER[navn].format(organer=organer)


@dataclass(frozen=True)
class Grunnlag:
    """The facts the state is derived from, all on the same date."""

    opphort: bool = False
    """A termination (`opphor`) is dated on or before the date."""
    ny_versjon: bool = False
    """A decision on the current version adopts another text or adopts it «med endringer»."""
    vedtatt: bool = False
    """Every participant adopted the current text."""
    signert: bool = False
    """… and every participant signed it."""
    i_kraft: bool = False
    """… and its entry into force has come."""
    eldre_vedtatt: bool = False
    """An older version was adopted by every participant."""
    politisk: bool = False
    """Political treatment began: a treating meeting held, a saksframlegg sent or a decision made."""
    drofting_klar: bool = False
    """Every municipality that must consult has done so (with protocol), and something is ahead."""
    drofting: bool = False
    """Some drøftingsmøte has been held."""


def tilstand(g: Grunnlag) -> str:
    """The state key: the first that applies, from terminated down to draft."""
    if g.opphort:
        return "opphort"
    if g.ny_versjon:
        return "endret"
    if g.vedtatt:
        if g.signert and g.i_kraft:
            return "i_kraft"
        return "signert" if g.signert else "vedtatt"
    if g.eldre_vedtatt:
        return "endret"
    if g.politisk:
        return "til_behandling"
    if g.drofting_klar:
        return "klar_til_politisk_behandling"
    return "drofting" if g.drofting else "utkast"
