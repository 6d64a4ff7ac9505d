"""Plassholdere og utkastrester i avtaleteksten: «xxxxx», «[navn]», «NN», «TBD», «dd.mm.åååå» …

En avtale som vedtas med en plassholder, har et vilkår ingen har avtalt. Hvert funn sier hvilket
felt, hva som står der og hvor i teksten (tegn nr.); linjen i filen kommer fra feltets sti.

Mønstrene er strenge der vanlig norsk tekst ligner: «NN» teller bare som eget ord (ikke i «INNKJØP»),
«XX» og «XXX» med store bokstaver ikke etter «kapittel», «del» og lignende (romertall), og «…» bare
når det står som et tomrom (alene, eller mellom mellomrom utenfor et sitat), ikke som utelatelse i
et sitat.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from schemas.regler.lazy_re import LazyPattern
from schemas.regler.sjekk_felles import Ut, brudd
from schemas.regler.sjekk_gammel_lov import tekstfelter_med_spor

_ORD_FOR = r"(?<![\wæøåÆØÅ])"
_ORD_ETTER = r"(?![\wæøåÆØÅ])"

_PLASSHOLDER = LazyPattern(
    "|".join(
        (
            rf"{_ORD_FOR}[xX]{{4,}}{_ORD_ETTER}",  # xxxx, XXXXX (never a Roman numeral)
            rf"{_ORD_FOR}x{{2,3}}{_ORD_ETTER}",  # xx, xxx (lower case; «XX», «XXX» below)
            rf"{_ORD_FOR}[xX]{{2}}\.[xX]{{2}}\.[xX]{{2,4}}{_ORD_ETTER}",  # xx.xx.xxxx
            rf"{_ORD_FOR}(?:dd|DD)\.(?:mm|MM)\.(?:åååå|ÅÅÅÅ|yyyy|YYYY|åå|ÅÅ|yy|YY){_ORD_ETTER}",
            rf"{_ORD_FOR}(?:åååå|ÅÅÅÅ){_ORD_ETTER}",
            rf"{_ORD_FOR}(?:19|20)[xX]{{2}}{_ORD_ETTER}",  # 20xx
            rf"{_ORD_FOR}(?:NN|N\.N\.)(?![\wæøåÆØÅ])",  # NN as its own word, N.N.
            rf"{_ORD_FOR}(?:TBD|TBA|TODO|FIXME|tbd|Tbd|todo){_ORD_ETTER}",
            rf"{_ORD_FOR}[Kk]ommune\s+[XYZ]{_ORD_ETTER}",  # kommune X
            rf"{_ORD_FOR}[XYZ]\s+kommune{_ORD_ETTER}",  # X kommune
            r"\[(?![.…\s]*\])[^\]\d\n]{1,40}\]",  # [navn], [sett inn dato]; not [1], [2026], […]
            r"<[a-zæøå][a-zæøå .-]{1,38}>",  # <navn>
            r"_{3,}",  # ____ a blank to fill in
            r"\?{3,}",  # ???
            rf"{_ORD_FOR}[Ll]orem\s+ipsum{_ORD_ETTER}",
        )
    )
)

_XXX_STORE = LazyPattern(rf"{_ORD_FOR}XXX?{_ORD_ETTER}")
"""«XX»/«XXX» in capitals: a placeholder unless a Roman numeral (20, 30) after «kapittel», «del» …"""
_ROMERTALL_FOR = LazyPattern(
    r"(?:kapittel|kap\.|del|avsnitt|bilag|vedlegg|punkt|artikkel|art\.|nr\.|§)\s*$", re.IGNORECASE
)

_ELLIPSE = LazyPattern(r"…|\.{3}")
_SPOR: tuple[str, ...] = (
    "xx", "XX", "Xx", "dd.mm", "DD.MM", "åååå", "ÅÅÅÅ", "NN", "N.N.", "TB", "TODO", "FIXME", "tbd",
    "todo", "ommune X", "ommune Y", "ommune Z", "X kommune", "Y kommune", "Z kommune", "[", "<",
    "___", "???", "…", "...", "orem",
)  # fmt: skip
"""Every placeholder contains one of these literally: `in` on each text is far cheaper than
running the patterns (Python's re tries every alternative at every position)."""


def _i_sitat(tekst: str, pos: int) -> bool:
    """Inside «…» or "…": an ellipsis there marks an omission in a quotation."""
    foran = tekst[:pos]
    return foran.count("«") > foran.count("»") or foran.count('"') % 2 == 1


def _ellipse_som_tomrom(tekst: str, m: re.Match[str]) -> bool:
    """«…» standing for a blank: the whole text, or between spaces (or a space and the end or a
    punctuation mark), outside a quotation; not «osv…» nor an omission in «…»."""
    if not tekst.strip(" .…"):
        return True
    for_ = tekst[m.start() - 1] if m.start() > 0 else " "
    etter = tekst[m.end()] if m.end() < len(tekst) else " "
    if not (for_.isspace() or for_ in "(:") or not (etter.isspace() or etter in ".,;:)"):
        return False
    return not _i_sitat(tekst, m.start())


def finn_plassholdere(tekst: str) -> list[tuple[int, str]]:
    """(position, what) for every placeholder in one text, in order."""
    if not any(spor in tekst for spor in _SPOR):
        return []
    funn = [(m.start(), m.group(0)) for m in _PLASSHOLDER.finditer(tekst)]
    for m in _XXX_STORE.finditer(tekst):
        if not _ROMERTALL_FOR.search(tekst[max(0, m.start() - 12) : m.start()]):
            funn.append((m.start(), m.group(0)))
    for m in _ELLIPSE.finditer(tekst):
        if _ellipse_som_tomrom(tekst, m):
            funn.append((m.start(), m.group(0)))
    return sorted(set(funn))


def sjekk_plassholdere(avtale: Any, ut: Ut, dato: dt.date) -> None:
    """Every placeholder in every text field of the agreement, each with its place."""
    for sti, tekst in tekstfelter_med_spor(avtale, _SPOR):
        for pos, hva in finn_plassholdere(tekst):
            hvor = f" (tegn {pos + 1} i teksten)" if len(tekst) > len(hva) else ""
            brudd(
                ut,
                "AVTALE-PLASSHOLDER",
                sti,
                f"Teksten har en plassholder eller et utkastmerke, «{hva}»{hvor}; skriv inn det "
                f"partene har avtalt før avtalen sendes til vedtak.",
            )
