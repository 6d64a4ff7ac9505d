"""Commit messages with git trailers: build them and read them back without a git process.

The message is `subject`, a blank line, an optional body, a blank line and one `Key: value` line
per trailer — the format `git interpret-trailers --parse` reads. Values are single lines, so the
parser only has to look at the last paragraph.
"""

from __future__ import annotations

import re

TRAILER_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*$")
_TRAILER_LINE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9-]*): (.*)$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def problem_i_tekst(tekst: str, *, en_linje: bool) -> str | None:
    """Why `tekst` cannot go into a commit message, or None."""
    if _CONTROL.search(tekst):
        return "inneholder kontrolltegn"
    if en_linje and ("\n" in tekst or "\r" in tekst):
        return "må stå på én linje"
    return None


def bygg_melding(emne: str, tekst: str, trailere: list[tuple[str, str]]) -> str:
    """The full commit message; the caller has validated keys and values."""
    deler = [emne.strip()]
    if tekst.strip():
        deler.append(tekst.strip())
    deler.append("\n".join(f"{k}: {v}" for k, v in trailere))
    return "\n\n".join(deler) + "\n"


def les_trailere(melding: str) -> list[tuple[str, str]]:
    """Trailers of the last paragraph, in order; [] when it is not a trailer block."""
    avsnitt = [a for a in melding.strip().split("\n\n") if a.strip()]
    if len(avsnitt) < 2:
        return []
    ut: list[tuple[str, str]] = []
    for linje in avsnitt[-1].strip().splitlines():
        m = _TRAILER_LINE.match(linje)
        if m is None:
            return []
        ut.append((m.group(1), m.group(2).strip()))
    return ut


def emne(melding: str) -> str:
    return melding.strip().split("\n", 1)[0] if melding.strip() else ""
