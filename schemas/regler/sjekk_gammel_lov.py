"""Henvisninger til kommuneloven 1992 i all tekst i avtalen, med alvorlighet etter overgangsreglene.

Kommuneloven 2018 § 31-1 opphevet 1992-loven. § 31-2 gir bare én overgangsregel for samarbeid: et
interkommunalt styre etter 1992-loven § 27 «må være omdannet» til et interkommunalt politisk råd
(§ 18-1) eller et kommunalt oppgavefellesskap (§ 19-1) senest fire år etter at kapittel 18 og 19
trådte i kraft. De trådte i kraft ved det konstituerende møtet i hvert kommunestyre og fylkesting
høsten 2019 (det siste innen 31. oktober 2019), så fristen gikk ut senest 31. oktober 2023. Derfor:

- hver henvisning til 1992-loven er en advarsel (`KL-31-2-GAMMEL-LOV`): loven er opphevet, og
  meldingen sier hva det skal vises til i stedet (vertskommune etter §§ 28-1 a–k kan fortsette etter
  kapittel 20);
- bygger teksten fortsatt på et § 27-styre (ikke bare forteller at samarbeidet «tidligere» var
  ett, eller at avtalen «erstatter» det), er det i tillegg en feil (`KL-31-2-OMDANNING`): samarbeidet
  skulle vært omdannet, og meldingen nevner formene. Det gjelder også når avtalen er skrevet som råd
  eller oppgavefellesskap: typen i dataene er ikke omdanningen, teksten kommunestyrene vedtok er det.

Tekstfeltene samles, og et billig søk etter faste tegnfølger over all tekst avgjør om feltene må
leses ett for ett.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from schemas.regler.lazy_re import LazyPattern
from schemas.regler.modell import IPR, KO, Sti
from schemas.regler.sjekk_felles import Ut, brudd

KILDETEKST: contextvars.ContextVar[str | None] = contextvars.ContextVar("kildetekst", default=None)
"""The YAML text the agreement was read from, while `sjekk` runs (it sets it). The checks here no
longer need it: a YAML comment must not count as agreement text, so they walk the text fields."""

# --------------------------------------------------------------------------- the spellings

_KOMMUNELOV = r"(?:kommunelov(?:en|ens|a|as)?|koml\.?|kl\.?)"
_AAR_1992 = r"(?:\s*\(?\s*(?:av\s+|fra\s+)?(?:25\.\s*(?:september|sept\.?|09\.?)\s*)?1992\s*\)?)"
_PARAGRAF_27 = r"27(?![\d-])"
_PARAGRAF_28_BOKSTAV = r"28(?:\s*-\s*[12])?\s*[a-k](?![\wæøå-])"
"""1992-loven §§ 28-1 a–k (vertskommune), also written «§ 28 b»; «§ 28-1 bokstav b» is 2018 (ROBEK)."""

_MED_LOVNAVN = LazyPattern(
    rf"\b{_KOMMUNELOV}{_AAR_1992}?\s*(?:,\s*)?(?:§§?\s*)?"
    rf"(?:(?P<styre>{_PARAGRAF_27})|(?P<vert>{_PARAGRAF_28_BOKSTAV})|28(?![\d\wæøå-]))"
    rf"|\b{_KOMMUNELOV}{_AAR_1992}?\s*kap(?:ittel|\.)?\s*5\s*(?P<kap>[AB])\b",
    re.IGNORECASE,
)
"""«kommunelovens § 28», «koml. § 27», «kl. § 28-1 b», «kommuneloven (1992) § 27», «kap. 5 A», and
without the section sign as transcriptions often have it («kommuneloven 28-1 a»)."""

_DATO_ETTER = LazyPattern(r"\.\s*[a-zæøå]")

_UTEN_LOVNAVN = LazyPattern(
    rf"§§?\s*(?:(?P<styre>{_PARAGRAF_27})|(?P<vert>{_PARAGRAF_28_BOKSTAV}))",
    re.IGNORECASE,
)
"""«etter § 27», «jf. § 28 b»: bare når loven ikke er nevnt; sammenhengen avgjør (se `_bare`)."""

_STYRE = LazyPattern(
    r"\binterkommunal(?:t|e)\s+styre(?:t|r|ne)?\b|§\s*27\s*-\s*(?:samarbeid|styre|selskap)\w*",
    re.IGNORECASE,
)
"""«interkommunalt styre (etter § 27)», «§ 27-samarbeid»: formen 1992-loven § 27 ga navn."""

_LOVEN_SELV = LazyPattern(
    rf"\b(?:den\s+)?(?:gamle|tidligere)\s+kommuneloven\b"
    rf"|\bkommunelov(?:en|ens|a)?{_AAR_1992}(?!\s*(?:,\s*)?(?:§|kap))"
    r"|\b1992-loven\b"
    r"|\blov(?:\s+av)?\s+25\.\s*(?:september|09\.?)\s*1992(?:\s+nr\.?\s*107)?"
    r"|\bLOV-1992-09-25-107\b",
    re.IGNORECASE,
)
"""Loven selv: «kommuneloven av 1992», «lov 25. september 1992 nr. 107», «LOV-1992-09-25-107»."""

_SPOR: tuple[str, ...] = (
    "§ 27", "§ 28", "§27", "§28", "§\u00a027", "§\u00a028", "ven 27", "ven 28", "vens 27",
    "vens 28", "ova 27", "ova 28", "ml. 27", "ml. 28", "kl. 27", "kl. 28", "1992",
    "nterkommunalt styre", "nterkommunale styre", "NTERKOMMUNALT STYRE", "ap. 5", "apittel 5",
    "APITTEL 5",
)  # fmt: skip
"""Every match contains one of these literally: `in` on a text is far cheaper than a pattern."""
_SPOR_RE = LazyPattern(
    r"§\s*2[78]|(?:kommunelov\w*|koml\.?|kl\.)\s*2[78]|1992"
    r"|interkommunal[te]\s+styre|kap(?:ittel|\.)?\s*5\s*[ab]\b",
    re.IGNORECASE,
)
"""The spurs as a pattern, for the few texts the literal check lets through (dates like 2027)."""

# A bare «§ 27» belongs to the law named just before it («forvaltningsloven § 27», «IKS-loven
# § 27»), or after it («§ 27 i forvaltningsloven»); only without any law is the cooperation context
# (words around it) what makes it the 1992 act.
_LOV_FOR = LazyPattern(
    r"(?:\b[\wæøå-]*lov(?:en|ens|a|as)?|\b[a-zæøå]{1,6}l\.|\blov\s+om\s+[^.;§]{1,60}?)\s*$",
    re.IGNORECASE,
)
_LOV_ETTER = LazyPattern(
    r"^\s*(?:(?:første|annet|andre|tredje|fjerde|femte)\s+ledd\s+)?i\s+"
    r"(?P<lov>[\wæøå-]*lov(?:en|a)?\b|lov\s+(?:om|\d))",
    re.IGNORECASE,
)
_SAMARBEIDSORD = LazyPattern(
    r"interkommunal|samarbeid|styre|vertskommune|samkommune|deltaker", re.IGNORECASE
)
_HISTORIE = LazyPattern(
    r"\b(?:tidligere|erstatter|erstattet|avløser|avløste|omdann\w*|avvikl\w*|oppløst|opphørt\w*"
    r"|opphevet|var\s+organisert|videreføre\w*|overta\w*|overtok|etterfølge\w*)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Henvisning:
    tekst: str
    """Exactly what the text says, e.g. «koml. § 27»."""
    styre: bool
    """A § 27 interkommunalt styre (the form § 31-2 says must be reorganised)."""
    historisk: bool
    """The sentence tells history («erstatter», «tidligere», «omdannet …»), it is not the basis."""
    vertskommune: bool


_SETNINGSSLUTT = LazyPattern(r"(?<=[.!?;])\s+(?=[A-ZÆØÅ«(])|\n\s*\n")
_FORKORTELSE = LazyPattern(
    r"\b(?:kl|koml|nr|jf|ca|dvs|mv|bl\.a|f\.eks|o\.l|pkt|kap|art|lov|jfr)\.$", re.IGNORECASE
)


def _setning(tekst: str, start: int, slutt: int) -> str:
    """The sentence a match stands in: «tidligere» in the sentence before must not turn a basis the
    text rests on into history. A full stop after «kl.», «nr.», «jf.» … does not end a sentence."""
    fra, til = 0, len(tekst)
    for m in _SETNINGSSLUTT.finditer(tekst):
        if _FORKORTELSE.search(tekst[max(0, m.start() - 8) : m.start()]):
            continue
        if m.end() <= start:
            fra = m.end()
        elif m.start() >= slutt:
            til = m.start()
            break
    return tekst[fra:til]


def _er_kommunelov(lovord: str) -> bool:
    lovord = lovord.strip().lower()
    return lovord.startswith(("kommunelov", "koml", "kl.")) or lovord == "kl" or "1992" in lovord


def _bare(tekst: str, m: re.Match[str]) -> bool:
    """Whether a «§ 27»/«§ 28 b» without the law's name before it is the 1992 act."""
    foran = tekst[max(0, m.start() - 80) : m.start()]
    lov_for = _LOV_FOR.search(foran)
    if lov_for:
        return _er_kommunelov(lov_for.group(0))
    vindu = tekst[m.end() : m.end() + 80]
    etter = _LOV_ETTER.match(vindu)
    if etter:
        return _er_kommunelov(etter["lov"]) or "1992" in vindu
    return bool(_SAMARBEIDSORD.search(_setning(tekst, m.start(), m.end())))


def finn_henvisninger(tekst: str) -> list[Henvisning]:
    """Every reference to the 1992 act in one text, in order, each once."""
    treff: list[tuple[int, int, bool, bool]] = []  # start, slutt, styre, vertskommune
    for m in _MED_LOVNAVN.finditer(tekst):
        if "§" not in m[0] and _DATO_ETTER.match(tekst, m.end()):
            continue  # «kommuneloven 27. mai»: a date, not a section written without «§»
        treff.append((m.start(), m.end(), bool(m["styre"]), bool(m["vert"] or m["kap"] == "A")))
    for m in _UTEN_LOVNAVN.finditer(tekst):
        if not any(s <= m.start() < e for s, e, *_ in treff) and _bare(tekst, m):
            treff.append((m.start(), m.end(), bool(m["styre"]), bool(m["vert"])))
    for m in _LOVEN_SELV.finditer(tekst):
        if not any(s <= m.start() < e or m.start() <= s < m.end() for s, e, *_ in treff):
            treff.append((m.start(), m.end(), False, False))
    for m in _STYRE.finditer(tekst):
        # «interkommunalt styre etter kommuneloven § 27» is one reference, not two
        if not any(abs(s - m.end()) < 100 or abs(m.start() - e) < 100 for s, e, *_ in treff):
            treff.append((m.start(), m.end(), True, False))
    ut: list[Henvisning] = []
    for start, slutt, styre, vert in sorted(treff):
        setning = _setning(tekst, start, slutt)
        styre = styre or (not vert and bool(_STYRE.search(setning)))
        h = Henvisning(
            " ".join(tekst[start:slutt].split()), styre, bool(_HISTORIE.search(setning)), vert
        )
        if h not in ut:
            ut.append(h)
    return ut


# --------------------------------------------------------------------------- the walk


def tekstfelter(verdi: Any, sti: tuple[str | int, ...] = ()) -> Iterator[tuple[Sti, str]]:
    """Every text in the agreement with its field path (lists and nested models included)."""
    t = type(verdi)
    if t is str:
        yield sti, verdi
        return
    if t is list:
        elementer: Any = enumerate(verdi)
    elif t is dict:
        elementer = verdi.items()
    elif isinstance(verdi, BaseModel):
        elementer = verdi.__dict__.items()
    else:
        return
    for nokkel, v in elementer:
        if v is not None:
            yield from tekstfelter(v, (*sti, nokkel))


def tekstfelter_med_spor(avtale: Any, spor: tuple[str, ...]) -> list[tuple[Sti, str]]:
    """Every text field of the agreement, or none when no field holds any of the literal `spor`:
    one C-level search per spur over all text is the usual case, so the patterns run only on
    agreements where a spur says they might match."""
    tekster = list(tekstfelter(avtale))
    alt = "\0".join(t for _, t in tekster)
    return tekster if any(s in alt for s in spor) else []


_OMDANNES_TIL = {
    KO: (
        "Avtalen er skrevet som kommunalt oppgavefellesskap, men teksten bygger fortsatt på "
        "styret; omdanningen krever at kommunestyrene selv vedtar den og en samarbeidsavtale "
        "etter § 19-4 (§ 31-2 annet ledd), og teksten må vise til kapittel 19."
    ),
    IPR: (
        "Avtalen er skrevet som interkommunalt politisk råd, men teksten bygger fortsatt på "
        "styret; omdanningen krever at kommunestyrene selv vedtar den og en samarbeidsavtale "
        "etter § 18-4 (§ 31-2 annet ledd), og teksten må vise til kapittel 18."
    ),
}
_VELG_FORM = (
    "Velg en av de to formene (avtaletype interkommunalt_politisk_rad eller "
    "kommunalt_oppgavefellesskap), eller avvikle styret."
)


def _sitater(henvisninger: list[Henvisning]) -> str:
    return ", ".join(f"«{t}»" for t in dict.fromkeys(h.tekst for h in henvisninger))


def _meldinger(henvisninger: list[Henvisning], avtaletype: str) -> list[tuple[str, str]]:
    """(rule id, message) for the references in one text field, one finding per rule: the stale
    references always, and where the text still rests on a § 27 styre (not history told) also the
    overdue reorganisation, whatever form the agreement is written as."""
    if not henvisninger:
        return []
    styre = [h for h in henvisninger if h.styre and not h.historisk]
    if styre:
        hva = "vis til kommuneloven kapittel 18 (råd) eller 19 (oppgavefellesskap)"
    elif any(h.styre for h in henvisninger):
        hva = "fortell historien uten å bygge på den opphevede loven"
    elif any(h.vertskommune for h in henvisninger):
        hva = "vis til kommuneloven kapittel 20 (vertskommune), §§ 20-1 til 20-10"
    else:
        hva = "vis til kommuneloven 2018 (LOV-2018-06-22-83)"
    ut = [
        (
            "KL-31-2-GAMMEL-LOV",
            f"Teksten viser til kommuneloven av 1992 ({_sitater(henvisninger)}), som er opphevet "
            f"(kommuneloven § 31-1); {hva}.",
        )
    ]
    if styre:
        ut.append(
            (
                "KL-31-2-OMDANNING",
                f"Teksten bygger på et interkommunalt styre etter kommuneloven av 1992 § 27 "
                f"({_sitater(styre)}). Etter kommuneloven § 31-2 måtte et slikt samarbeid være "
                f"omdannet til et interkommunalt politisk råd (§ 18-1) eller et kommunalt "
                f"oppgavefellesskap (§ 19-1) senest fire år etter at kapittel 18 og 19 trådte i "
                f"kraft høsten 2019, altså innen 31. oktober 2023. "
                f"{_OMDANNES_TIL.get(avtaletype, _VELG_FORM)}",
            )
        )
    return ut


def sjekk_gammel_lov(avtale: Any, ut: Ut, dato: dt.date) -> None:
    """Every 1992-act reference in every text field, one finding per rule and field; the deadline
    of § 31-2 has passed, so a § 27 styre is reported as a feil whatever the agreement's date."""
    for sti, tekst in tekstfelter_med_spor(avtale, _SPOR):
        if any(spor in tekst for spor in _SPOR) and _SPOR_RE.search(tekst):
            for regel_id, melding in _meldinger(finn_henvisninger(tekst), avtale.type):
                brudd(ut, regel_id, sti, melding)
