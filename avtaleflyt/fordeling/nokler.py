"""The keys: each participant's exact share of the costs, and the budget split into øre.

See the package docstring (`avtaleflyt.fordeling`) for the rules every key follows.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from avtaleflyt.fordeling.befolkning import Befolkning, BefolkningInn
from avtaleflyt.fordeling.feil import FordelingsFeil
from schemas.felles import format_andel, vis_andel
from schemas.valgaar import folketallsaar

METODE_NAVN = {
    "lik": "likedeling",
    "innbyggertall": "etter innbyggertall",
    "bruk": "etter bruk",
    "fast_og_variabel": "fast del og variabel del",
    "eierandel": "etter eierandel",
    "avtalt": "avtalte andeler",
}


@dataclass(frozen=True)
class Kostnadsandel:
    """One participant's part of the costs.

    `andel` = `fast` + `variabel` (both 0 where the key has no such split). `grunnlag` is the
    figure the variable part was computed from (folketall or bruk), `grunnlag_sum` the total over
    all participants. `belop` is set when the agreement has a budget.
    """

    kommunenummer: str
    navn: str
    andel: Fraction
    belop: Decimal | None = None
    fast: Fraction = Fraction(0)
    variabel: Fraction = Fraction(0)
    grunnlag: int | None = None
    grunnlag_sum: int | None = None
    forklaring: str = ""

    @property
    def andel_tekst(self) -> str:
        """Exact form for documents and data: «25 %» or «1/3»."""
        return format_andel(self.andel)


# --------------------------------------------------------------------------- the keys


def beregn_fordeling(avtale: Any, befolkning: BefolkningInn = None) -> list[Kostnadsandel]:
    """Each participant's exact share (and amount, when there is a budget) under the agreement's key."""
    deltakere = list(avtale.deltakere or [])
    if not deltakere:
        raise FordelingsFeil("avtalen har ingen deltakere å fordele kostnadene på", ("deltakere",))
    nummer = [d.kommunenummer for d in deltakere]
    for i, nr in enumerate(nummer):
        if nummer.index(nr) != i:
            raise FordelingsFeil(
                f"kommunenummer {nr} står to ganger blant deltakerne",
                ("deltakere", i, "kommunenummer"),
            )
    okonomi = getattr(avtale, "okonomi", None)
    nokkel = okonomi.fordelingsnokkel if okonomi is not None else None
    if nokkel is None:
        raise FordelingsFeil("avtalen har ingen fordelingsnøkkel (okonomi.fordelingsnokkel)")

    metode = nokkel.metode
    n = len(deltakere)
    fast = [Fraction(0)] * n
    grunnlag: list[int] | None = None
    forklaring: list[str]

    if metode == "lik":
        variabel = [Fraction(1, n)] * n
        forklaring = [f"lik andel (1/{n})"] * n
    elif metode == "innbyggertall":
        aar = telleaar(nokkel, avtale, ("okonomi", "fordelingsnokkel", "aar"))
        grunnlag = _folketall(deltakere, aar, befolkning, ("okonomi", "fordelingsnokkel", "aar"))
        variabel = forhold(grunnlag, "innbyggertallet")
        forklaring = [
            f"{tall_tekst(g)} av {tall_tekst(sum(grunnlag))} innbyggere per 1. januar {aar}"
            for g in grunnlag
        ]
    elif metode == "bruk":
        grunnlag = _bruk(deltakere, nokkel.bruk, ("okonomi", "fordelingsnokkel", "bruk"))
        variabel = forhold(grunnlag, f"bruken ({nokkel.enhet})")
        forklaring = [
            f"{tall_tekst(g)} av {tall_tekst(sum(grunnlag))} {nokkel.enhet}" for g in grunnlag
        ]
    elif metode == "fast_og_variabel":
        grunnlag, variabel, forklaring = _fast_og_variabel(
            nokkel, avtale, deltakere, befolkning, fast
        )
    elif metode == "eierandel":
        variabel = _eierandeler(deltakere)
        forklaring = [f"eierandel {format_andel(a)}" for a in variabel]
    elif metode == "avtalt":
        variabel = _avtalte(deltakere, nokkel.andeler)
        forklaring = [f"avtalt andel {format_andel(a)}" for a in variabel]
    else:  # pragma: no cover - the schema admits no other method
        raise FordelingsFeil(
            f"ukjent fordelingsmetode «{metode}»", ("okonomi", "fordelingsnokkel", "metode")
        )

    andeler = [f + v for f, v in zip(fast, variabel, strict=True)]
    # guaranteed by construction; the guard catches a regression
    if sum(andeler) != 1:  # pragma: no cover
        raise AssertionError(f"andelene summerer til {sum(andeler)}, ikke 1")

    belop: list[Decimal | None] = [None] * n
    if okonomi is not None and okonomi.budsjett is not None:
        belop = list(fordel_belop(okonomi.budsjett, andeler))

    return [
        Kostnadsandel(
            kommunenummer=d.kommunenummer,
            navn=d.navn,
            andel=andeler[i],
            belop=belop[i],
            fast=fast[i],
            variabel=variabel[i],
            grunnlag=grunnlag[i] if grunnlag is not None else None,
            grunnlag_sum=sum(grunnlag) if grunnlag is not None else None,
            forklaring=forklaring[i],
        )
        for i, d in enumerate(deltakere)
    ]


def fordel_belop(budsjett: Decimal, andeler: list[Fraction]) -> list[Decimal]:
    """Split `budsjett` by `andeler` (summing to 1) into øre amounts that sum exactly to it.

    Largest-remainder rounding: each amount is the exact amount rounded down to whole øre, and the
    øre left over go one each to the largest remainders; equal remainders go in list order.
    """
    if sum(andeler) != 1:
        raise FordelingsFeil(
            f"andelene summerer til {vis_andel(sum(andeler, Fraction(0)))}, ikke 100 %"
        )
    total_ore = int(Decimal(budsjett).scaleb(2).to_integral_exact())
    if Decimal(total_ore).scaleb(-2) != Decimal(budsjett):
        raise FordelingsFeil("budsjettet kan ha høyst to desimaler (øre)", ("okonomi", "budsjett"))
    eksakt = [a * total_ore for a in andeler]
    hele = [e.numerator // e.denominator for e in eksakt]
    rest = total_ore - sum(hele)
    rekkefolge = sorted(range(len(andeler)), key=lambda i: (-(eksakt[i] - hele[i]), i))
    for i in rekkefolge[:rest]:
        hele[i] += 1
    return [Decimal(ore).scaleb(-2).quantize(Decimal("0.01")) for ore in hele]


# --------------------------------------------------------------------------- helpers


def tall_tekst(n: int) -> str:
    """A whole number as the documents write it: thousands with a no-break space."""
    return f"{n:,}".replace(",", "\u00a0")


def forhold(tall: list[int], hva: str) -> list[Fraction]:
    total = sum(tall)
    if total <= 0:
        raise FordelingsFeil(f"kan ikke fordele etter {hva}: summen for deltakerne er 0")
    return [Fraction(t, total) for t in tall]


def telleaar(nokkel: Any, avtale: Any, sti: tuple, hva: str = "fordeling") -> int:
    """The year whose population per 1 January the key uses: `aar`, or for a key recomputed every
    election year (`folketall_per: valgaar`) the last election year on the agreement's date. Never
    today's year: the document (and its hash) must not change with the day it is rendered."""
    folketall_per = getattr(nokkel, "folketall_per", None)
    aar = folketallsaar(nokkel.aar, folketall_per, getattr(avtale, "dato", None))
    if aar is not None:
        return aar
    if folketall_per == "valgaar":
        raise FordelingsFeil(
            f"{hva} etter folketallet i valgåret krever avtalens dato (avtaledato, versjonsdato "
            "eller ikrafttredelse) eller valgåret (aar)",
            sti,
        )
    raise FordelingsFeil(
        f"{hva} etter innbyggertall krever året folketallet gjelder "
        "(aar: folketall per 1. januar, eller folketall_per: valgaar)",
        sti,
    )


def _folketall(deltakere: list, aar: int, befolkning: BefolkningInn, sti: tuple) -> list[int]:
    return Befolkning.fra(befolkning).for_deltakere(deltakere, aar, sti)


def _per_deltaker(
    deltakere: list, rader: list, felt: str, hva: str, mangler_tekst: str, sti: tuple
) -> list:
    """One value per participant from a table keyed by kommunenummer, in `deltakere` order.

    A number listed twice, a number that is not a participant, or a participant left out is an
    error naming the row, so a typo in the table can never shift costs silently.
    """
    per_nr: dict[str, Any] = {}
    deltakernr = {d.kommunenummer for d in deltakere}
    for i, rad in enumerate(rader):
        if rad.kommunenummer in per_nr:
            raise FordelingsFeil(
                f"{hva} for {rad.kommunenummer} står to ganger", sti + (i, "kommunenummer")
            )
        if rad.kommunenummer not in deltakernr:
            raise FordelingsFeil(
                f"{hva} gjelder {rad.kommunenummer}, som ikke er deltaker i avtalen",
                sti + (i, "kommunenummer"),
            )
        per_nr[rad.kommunenummer] = getattr(rad, felt)
    mangler = [f"{d.navn} ({d.kommunenummer})" for d in deltakere if d.kommunenummer not in per_nr]
    if mangler:
        raise FordelingsFeil(f"{mangler_tekst} mangler for {', '.join(mangler)}", sti)
    return [per_nr[d.kommunenummer] for d in deltakere]


def _bruk(deltakere: list, bruk: list | None, sti: tuple) -> list[int]:
    if not bruk:
        raise FordelingsFeil("fordeling etter bruk krever brukstall for hver deltaker (bruk)", sti)
    return _per_deltaker(deltakere, bruk, "antall", "brukstallet", "brukstall", sti)


def _fast_og_variabel(nokkel, avtale, deltakere, befolkning, fast: list[Fraction]):
    n = len(deltakere)
    base = ("okonomi", "fordelingsnokkel")
    f = nokkel.fast_andel
    fast[:] = [f / n] * n
    if nokkel.variabel_etter == "innbyggertall":
        aar = telleaar(nokkel, avtale, base + ("aar",))
        grunnlag = _folketall(deltakere, aar, befolkning, base + ("aar",))
        hva = f"innbyggere per 1. januar {aar}"
        deler = forhold(grunnlag, "innbyggertallet") if f != 1 else [Fraction(0)] * n
    else:
        if not nokkel.enhet:
            raise FordelingsFeil(
                "fordeling etter bruk krever en enhet (hva bruken måles i)", base + ("enhet",)
            )
        grunnlag = _bruk(deltakere, nokkel.bruk, base + ("bruk",))
        hva = nokkel.enhet
        deler = forhold(grunnlag, f"bruken ({nokkel.enhet})") if f != 1 else [Fraction(0)] * n
    variabel = [(1 - f) * x for x in deler]
    forklaring = [
        f"fast del {format_andel(f)} delt likt på {n} og variabel del {format_andel(1 - f)} "
        f"etter {tall_tekst(g)} av {tall_tekst(sum(grunnlag))} {hva}"
        for g in grunnlag
    ]
    return grunnlag, variabel, forklaring


def _eierandeler(deltakere: list) -> list[Fraction]:
    mangler = [i for i, d in enumerate(deltakere) if d.eierandel is None]
    if mangler:
        d = deltakere[mangler[0]]
        raise FordelingsFeil(
            f"fordeling etter eierandel krever eierandel for hver deltaker; den mangler for {d.navn} "
            f"({d.kommunenummer})",
            ("deltakere", mangler[0], "eierandel"),
        )
    andeler = [d.eierandel for d in deltakere]
    if sum(andeler) != 1:
        raise FordelingsFeil(
            f"eierandelene summerer til {vis_andel(sum(andeler, Fraction(0)))}, ikke 100 %",
            ("deltakere",),
        )
    return andeler


def _avtalte(deltakere: list, andeler: list) -> list[Fraction]:
    sti = ("okonomi", "fordelingsnokkel", "andeler")
    verdier = _per_deltaker(deltakere, andeler, "andel", "andelen", "avtalt andel", sti)
    total = sum(verdier)
    if total != 1:
        raise FordelingsFeil(
            f"de avtalte andelene summerer til {vis_andel(total)}, ikke 100 %", sti
        )
    return verdier


def bruker_folketall(avtale: Any) -> bool:
    """Whether the agreement's key divides costs by population (figures from outside its data)."""
    okonomi = getattr(avtale, "okonomi", None)
    nokkel = okonomi.fordelingsnokkel if okonomi is not None else None
    if nokkel is None:
        return False
    return nokkel.metode == "innbyggertall" or (
        nokkel.metode == "fast_og_variabel" and nokkel.variabel_etter == "innbyggertall"
    )


def brukte_folketall(avtale: Any, befolkning: BefolkningInn = None) -> dict[str, int]:
    """The population figures the key uses, per kommunenummer; empty when it uses none.

    They are part of the avtale-hash: the figures decide each council's share, so a council that
    adopts a text adopts them too, and a later correction of the data file shows as a new text.
    """
    if not bruker_folketall(avtale):
        return {}
    return {
        k.kommunenummer: k.grunnlag
        for k in beregn_fordeling(avtale, befolkning)
        if k.grunnlag is not None
    }
