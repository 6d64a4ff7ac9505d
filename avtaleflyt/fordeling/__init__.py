"""Kostnadsfordeling: each participant's exact share of the costs under the agreement's key.

`beregn_fordeling(avtale)` returns one `Kostnadsandel` per participant, in the order of
`avtale.deltakere`. Shares are `fractions.Fraction` and always sum to exactly 1. When the agreement
has a budget (`okonomi.budsjett`), each share is also given as an amount in kroner, rounded to øre
by the largest-remainder method: every amount is the exact amount rounded down or up to whole øre,
the øre left over go to the participants with the largest remainders (ties: the order of
`deltakere`), so the amounts always sum exactly to the budget.

Population figures (folketall per 1. januar) come from `data/befolkning.csv`
(`kommunenummer,navn,aar,folkemengde,kilde`, SSB statistikkbank tabell 07459), or from the
`befolkning` argument (a CSV path, a `Befolkning`, or a mapping — see `Befolkning.fra`).

Every problem is a `FordelingsFeil` with a Norwegian message and the field path it concerns.

The computation is in `nokler`, the ownership shares that follow the population (an IKS's
`eierandel_etter`) in `eierandeler`, and the population figures they may need in `befolkning`;
the names below are the package's public interface.
"""

from avtaleflyt.fordeling.befolkning import (
    BEFOLKNING_CSV,
    BEFOLKNING_KOLONNER,
    Befolkning,
    BefolkningInn,
    Folketall,
    last_befolkning,
)
from avtaleflyt.fordeling.eierandeler import (
    beregn_eierandeler,
    brukte_folketall_eierandel,
    eierandelsaar,
    starter_med_oppgitte_andeler,
)
from avtaleflyt.fordeling.feil import FordelingsFeil
from avtaleflyt.fordeling.nokler import (
    METODE_NAVN,
    Kostnadsandel,
    beregn_fordeling,
    bruker_folketall,
    brukte_folketall,
    fordel_belop,
)

__all__ = [
    "BEFOLKNING_CSV",
    "BEFOLKNING_KOLONNER",
    "METODE_NAVN",
    "Befolkning",
    "BefolkningInn",
    "Folketall",
    "FordelingsFeil",
    "Kostnadsandel",
    "beregn_eierandeler",
    "beregn_fordeling",
    "bruker_folketall",
    "brukte_folketall",
    "brukte_folketall_eierandel",
    "eierandelsaar",
    "fordel_belop",
    "last_befolkning",
    "starter_med_oppgitte_andeler",
]
