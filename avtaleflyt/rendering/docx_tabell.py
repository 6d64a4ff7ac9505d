"""How a table's figures read in Word: amounts and shares right-aligned, a number never split from
«kr» or «%», and column widths from the content, so no word is broken without a hyphen.

Widths are estimated in twentieths of a point from character counts (an average 11 pt character
is about 5.5 pt); Word and LibreOffice keep a fixed-layout table's widths as given.
"""

from __future__ import annotations

import re

TEXT_WIDTH = 9070  # A4 minus 2.5 cm margins, in twentieths of a point
CHAR = 140  # an average character at 11 pt, digits and fallback fonts (DejaVu) included
BOLD = 1.2  # header cells are bold
PADDING = 260  # both cell margins and a little air
NBSP = "\u00a0"

_TALL = re.compile(
    r"^(?:kr\s)?[-\u2212]?\d[\d\s\u00a0]*(?:,\d+)?(?:\s?%)?(?:\s\(\d+(?:,\d+)?\s?%\))?$"
    r"|^\d+/\d+(?:\s\(\d+(?:,\d+)?\s?%\))?$"
)
_GRUPPE = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")


def ikke_brytbar(text: str) -> str:
    """«kr» to its amount, «%» to its figure and digit groups together, with no-break spaces."""
    text = re.sub(r"\bkr (?=[-\u2212]?\d)", "kr" + NBSP, text)
    text = re.sub(r"(?<=\d) %", NBSP + "%", text)
    return _GRUPPE.sub(NBSP, text)


def er_tall(text: str) -> bool:
    return bool(_TALL.match(text.strip()))


def hoyrejusterte(header: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> list[bool]:
    """A column is right-aligned when every filled cell in it is a figure (amount, share, count)."""
    out = []
    for i in range(len(header)):
        cells = [r[i] for r in rows if i < len(r) and r[i].strip()]
        out.append(bool(cells) and all(er_tall(c) for c in cells))
    return out


def _ord(text: str) -> list[str]:
    return [w for w in re.split(r"[ \n]+", text) if w] or [""]


def bredder(header: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> list[int]:
    """Column widths: each at least its longest word (so Word need not break one), the rest of the
    line shared by how much text each column holds beyond that."""
    n = len(header)
    minst = []
    behov = []
    for i in range(n):
        celler = [r[i] for r in rows if i < len(r)]
        lengste = max(
            [len(w) * CHAR * BOLD for w in _ord(header[i])]
            + [len(w) * CHAR for c in celler for w in _ord(c)]
        )
        minst.append(lengste + PADDING)
        tekst = max([len(header[i]) * CHAR * BOLD] + [len(c) * CHAR for c in celler])
        behov.append(max(tekst + PADDING, minst[-1]))
    if sum(behov) <= TEXT_WIDTH:
        # everything fits on one line: the spare room is shared by the same measure
        ut = [int(b * TEXT_WIDTH / sum(behov)) for b in behov]
    elif sum(minst) >= TEXT_WIDTH:
        ut = [int(m * TEXT_WIDTH / sum(minst)) for m in minst]
    else:
        ut = _fordel(minst, behov)
    ut[0] += TEXT_WIDTH - sum(ut)
    return ut


def _fordel(minst: list[float], behov: list[float]) -> list[int]:
    """Every column gets its longest word; of the room left, a column that needs little gets all
    it needs (a name that fits stays on one line), the others share the rest by how much more
    they hold."""
    ut = list(minst)
    rest = TEXT_WIDTH - sum(minst)
    mer = [b - m for b, m in zip(behov, minst, strict=True)]
    aapne = sorted(range(len(behov)), key=lambda i: mer[i])
    while aapne and mer[aapne[0]] <= rest / len(aapne):
        i = aapne.pop(0)
        ut[i] += mer[i]
        rest -= mer[i]
    tyngde = sum(mer[i] for i in aapne)
    for i in aapne:
        ut[i] += rest * mer[i] / tyngde
    return [int(u) for u in ut]
