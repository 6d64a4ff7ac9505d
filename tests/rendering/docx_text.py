"""Reading rendered documents back with python-docx, independent of our writer."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
from pydantic import BaseModel

from avtaleflyt.rendering.templating import MAANEDER


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


PARAGRAF_NUM = "92"  # Word's own «§ %1» numbering (avtaleflyt.rendering.docx_profil)


def paragraph_texts(document) -> list[str]:
    """Each paragraph as a reader sees it: a clause heading with the «§ n» Word numbers it by."""
    out, n = [], 0
    for p in document.paragraphs:
        numpr = p._p.pPr.numPr if p._p.pPr is not None else None
        if numpr is not None and numpr.numId is not None and str(numpr.numId.val) == PARAGRAF_NUM:
            n += 1
            out.append(f"§ {n} {p.text}")
        else:
            out.append(p.text)
    return out


def all_text(document) -> str:
    parts = paragraph_texts(document)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return norm("\n".join(parts))


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def norsk_dato(d: dt.date) -> str:
    return f"{d.day}. {MAANEDER[d.month - 1]} {d.year}"


def required_snippets(avtale) -> list[str]:
    """Every text, date and kommune the law-required fields hold, as the document must show it."""
    from schemas.avtale import lovkrav_felter

    navn = {d.kommunenummer: d.navn for d in avtale.deltakere}
    out: list[str] = []

    def walk(value):
        if value is None or isinstance(value, bool):
            return
        if isinstance(value, dt.date):
            out.append(norsk_dato(value))
        elif isinstance(value, str):
            out.append(navn.get(value, value))
        elif isinstance(value, int):
            out.append(str(value))
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)
        elif isinstance(value, BaseModel):
            for name in type(value).model_fields:
                if name not in (
                    "metode",
                    "art",
                    "variabel_etter",
                    "fast_andel",
                    "andel",
                    "eierandel",
                ):
                    walk(getattr(value, name))

    for field in lovkrav_felter(type(avtale)):
        walk(getattr(avtale, field))
    return [norm(s) for s in out if s.strip()]
