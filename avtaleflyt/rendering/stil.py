"""Style check over a rendered agreement: the defects a kommuneadvokat marks before a text goes to
the kommunestyre, found mechanically so that no template change brings them back unnoticed.

`kontroller_tekst` reads the Markdown rendering (the same document model as .docx and HTML) and
`kontroller_pakke` the Word package. Both return every defect found, never stop at the first, so
one test run shows all there is to fix. Tables, signature blocks and the document-control block are
data, not prose, and are not read as sentences.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass

ART_GJENTATT = "gjentatt"
ART_ETIKETT = "etikett"
ART_MERKELAPP = "merkelapp"
ART_PARENTES = "parentes"
ART_STANDARDMAL = "standardmal"
ART_TALLSTIL = "tallstil"
ART_SJEKKLISTE = "sjekkliste"
ART_SUBJEKT = "subjekt"

# The subject a form with its own body writes, where «samarbeidet» would be the wrong one.
_SUBJEKT = {
    "iks": "Selskapet",
    "interkommunalt_politisk_rad": "Rådet",
    "kommunalt_oppgavefellesskap": "Oppgavefellesskapet",
}


@dataclass(frozen=True)
class Stilfeil:
    art: str
    utdrag: str
    melding: str

    def __str__(self) -> str:
        return f"[{self.art}] {self.melding}: «{self.utdrag}»"


# Abbreviations whose full stop does not end a sentence.
_FORKORTELSER = ("jf.", "bl.a.", "f.eks.", "nr.", "flg.", "mv.", "m.m.", "pkt.", "ca.", "kap.")
_SETNINGSSLUTT = re.compile(r"(?<=[.!?])\s+(?=[«(A-ZÆØÅ§])")
_LISTEPUNKT = re.compile(r"^(?:[a-z]\)|\d+\.|-)\s+")
_SMAA_TALL = r"(?:[1-9]|1[0-2])"
_TALLORD = r"(?:to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|elleve|tolv)"
_ENHETER = (
    r"(?:medlem(?:mer)?|varamedlem(?:mer)?|styremedlem(?:mer)?|måned(?:er|s|ers)?|år|uker?|ukers"
    r"|dager|deltakere|kommuner|representanter)"
)
_SIFFERTALL = re.compile(rf"(?<![\d,./])\b{_SMAA_TALL} {_ENHETER}\b")
_ORDTALL = re.compile(rf"\b{_TALLORD} {_ENHETER}\b", re.IGNORECASE)
_VERB = frozenset(
    [
        "er",
        "var",
        "har",
        "skal",
        "kan",
        "blir",
        "gjelder",
        "vedtas",
        "fordeles",
        "avgjøres",
        "ligger",
        "velger",
        "gir",
        "trer",
        "dekker",
        "overtar",
        "utføres",
        "inngås",
        "sendes",
        "følger",
        "betaler",
    ]
)
_ETIKETT = re.compile(r"^([A-ZÆØÅ][^:.;!?]{0,60}):\s+\S")
_MERKELAPP = re.compile(r"(?<![0-9])[.!?]\s+\(([a-zæøå][^()]*)\)")
_DOBBEL_PARENTES = re.compile(r"\([^()]*\)\s*\([^()]*\)")

# What one document says at most once, whatever the wording: a second statement is either the
# same term twice (two texts to keep in step) or a contradiction.
_EN_GANG = (
    (re.compile(r"øverste organ", re.IGNORECASE), "at representantskapet er øverste organ"),
    (
        re.compile(
            rf"oppsigelsestid(?:en)? er (?:\d+|{_TALLORD}|ett|én) "
            r"|\b\w+ (?:måneders|års|ukers) (?:skriftlig )?(?:varsel|oppsigelse)",
            re.IGNORECASE,
        ),
        "oppsigelsestiden",
    ),
    (
        re.compile(r"\b(?:kostnad|utgift)\w*\b[^.]*\bfordeles likt", re.IGNORECASE),
        "at kostnadene fordeles likt",
    ),
    (
        re.compile(
            r"\btidligst \d{1,2}\. \w+ \d{4}|ikke i kraft før|dato for ikrafttredelse", re.I
        ),
        "datoen for ikrafttredelse",
    ),
)

# A checklist's conclusion or a definition by itself, not a term the parties agree on.
_SJEKKLISTE = (
    re.compile(r"Ingen annen lov krever"),
    re.compile(r"\bSamarbeidet er et samarbeid\b"),
)

# Text of the reference document or an office template that must never reach an agreement.
_MALREST_TEKST = (
    "Topptekst (fylles ved gjengivelse)",
    "Bunntekst (fylles ved gjengivelse)",
    "Referansedokument for avtaleflyt",
    "Lorem ipsum",
)


def _uten_escape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


_Blokk = tuple[str, bool, bool]


def _avsnitt(markdown: str) -> list[_Blokk]:
    """Prose paragraphs and list items of the body as (text, is_list_item, in_transitions);
    headings, tables, signatures, the document-control block and the footer are not prose. A
    transition restates a term as it reads from a later date, which is not saying it twice."""
    blocks: list[_Blokk] = []
    current: list[str] = []
    in_list = False
    skip_section = False
    overgang = False

    def flush() -> None:
        if current:
            blocks.append((" ".join(current), in_list, overgang))
            current.clear()

    for raw in markdown.splitlines():
        line = _uten_escape(raw.rstrip())
        if line.startswith("#"):
            flush()
            skip_section = line.lstrip("# ").startswith(("Underskrifter", "Dokumentkontroll"))
            overgang = line.endswith("Overgangsordninger")
            continue
        if line == "---":
            flush()
            break
        if skip_section or not line.strip() or line.startswith("|"):
            flush()
            continue
        item = _LISTEPUNKT.match(line)
        if item:
            flush()
            in_list = True
            current.append(line[item.end() :])
            flush()
            continue
        in_list = False
        current.append(line.strip())
    flush()
    return blocks


def setninger(text: str) -> list[str]:
    """Sentences of a paragraph; a full stop after a known abbreviation does not end one."""
    parts: list[str] = []
    for piece in _SETNINGSSLUTT.split(text):
        if parts and parts[-1].split()[-1:] and parts[-1].split()[-1].lower() in _FORKORTELSER:
            parts[-1] = f"{parts[-1]} {piece}"
        else:
            parts.append(piece)
    return [p.strip() for p in parts if p.strip()]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip(".:;,").lower()


def _utdrag(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _gjentatt(blocks: list[_Blokk]) -> list[Stilfeil]:
    funn: list[Stilfeil] = []
    alle = [s for text, _, _ in blocks for s in setninger(text)]
    for setning, antall in Counter(_norm(s) for s in alle if len(s.split()) >= 4).items():
        if antall > 1:
            funn.append(Stilfeil(ART_GJENTATT, _utdrag(setning), f"setningen står {antall} ganger"))
    # a clause of six words or more said twice in running text (list items share their tails)
    ledd = Counter(
        _norm(c)
        for text, is_item, _ in blocks
        if not is_item
        for s in setninger(text)
        for c in re.split(r"[,;:] ", s)
        if len(c.split()) >= 6
    )
    hele = {_norm(s) for s in alle}
    for c, antall in ledd.items():
        if antall > 1 and c not in hele:
            funn.append(Stilfeil(ART_GJENTATT, _utdrag(c), f"leddet står {antall} ganger"))
    prosa = " ".join(text for text, _, overgang in blocks if not overgang)
    for mønster, hva in _EN_GANG:
        treff = [m.group(0) for m in mønster.finditer(prosa)]
        if len(treff) > 1:
            funn.append(
                Stilfeil(
                    ART_GJENTATT, " … ".join(treff), f"dokumentet sier {hva} {len(treff)} ganger"
                )
            )
    return funn


def _etiketter(blocks: list[_Blokk]) -> list[Stilfeil]:
    funn = []
    for text, is_item, _ in blocks:
        if is_item:
            continue
        for s in setninger(text):
            m = _ETIKETT.match(s)
            if m and len(m.group(1).split()) <= 4 and not _VERB & set(m.group(1).lower().split()):
                funn.append(
                    Stilfeil(
                        ART_ETIKETT,
                        _utdrag(s),
                        "setningen er en etikett med kolon, ikke en setning",
                    )
                )
    return funn


def _parenteser(blocks: list[_Blokk]) -> list[Stilfeil]:
    funn = []
    for text, _, _ in blocks:
        for m in _MERKELAPP.finditer(text):
            funn.append(
                Stilfeil(ART_MERKELAPP, _utdrag(m.group(0)), "merkelapp i parentes etter punktum")
            )
        for m in _DOBBEL_PARENTES.finditer(text):
            funn.append(
                Stilfeil(ART_PARENTES, _utdrag(m.group(0)), "to parenteser etter hverandre")
            )
        dybde = 0
        for ch in text:
            dybde += (ch == "(") - (ch == ")")
            if dybde < 0:
                break
        if dybde != 0:
            funn.append(Stilfeil(ART_PARENTES, _utdrag(text), "parentesene går ikke opp"))
    return funn


def _tallstil(blocks: list[_Blokk]) -> list[Stilfeil]:
    prosa = " ".join(text for text, _, _ in blocks)
    siffer = [m.group(0) for m in _SIFFERTALL.finditer(prosa)]
    ord_ = [m.group(0) for m in _ORDTALL.finditer(prosa)]
    if siffer and ord_:
        return [
            Stilfeil(
                ART_TALLSTIL,
                f"{siffer[0]} … {ord_[0]}",
                "tall til og med tolv skrives dels med sifre, dels med bokstaver",
            )
        ]
    return []


def _subjekt(blocks: list[_Blokk], avtaletype: str | None) -> list[Stilfeil]:
    riktig = _SUBJEKT.get(avtaletype or "")
    if riktig is None:
        return []
    return [
        Stilfeil(
            ART_SUBJEKT, _utdrag(s), f"feil subjekt: skriv «{riktig}» i denne samarbeidsformen"
        )
        for text, _, _ in blocks
        for s in setninger(text)
        if s.startswith("Samarbeidet ")
    ]


def kontroller_tekst(markdown: str, avtaletype: str | None = None) -> list[Stilfeil]:
    """Every style defect in a Markdown rendering (empty list: the text passes); with the
    agreement's type, also a sentence whose subject is «Samarbeidet» where the form has its own
    body (selskapet, rådet, oppgavefellesskapet)."""
    blocks = _avsnitt(markdown)
    funn = _gjentatt(blocks) + _etiketter(blocks) + _parenteser(blocks) + _tallstil(blocks)
    funn += _subjekt(blocks, avtaletype)
    for text, _, _ in blocks:
        for mønster in _SJEKKLISTE:
            if mønster.search(text):
                funn.append(
                    Stilfeil(ART_SJEKKLISTE, _utdrag(text), "sjekklisteformulering i avtaleteksten")
                )
    for rest in _MALREST_TEKST:
        if rest.lower() in markdown.lower():
            funn.append(Stilfeil(ART_STANDARDMAL, rest, "tekst fra standardmalen"))
    return funn


def kontroller_pakke(docx: bytes) -> list[Stilfeil]:
    """Leftovers of the office default template in a Word package: they say the document was made
    by software it was not made with, or carry parts nobody filled in."""
    funn = []
    z = zipfile.ZipFile(io.BytesIO(docx))
    names = z.namelist()
    for name in names:
        if name.startswith("customXml/") or name.startswith("docProps/thumbnail"):
            funn.append(Stilfeil(ART_STANDARDMAL, name, "del fra standardmalen i Word-pakken"))
    if "docProps/app.xml" in names:
        app = z.read("docProps/app.xml").decode("utf-8")
        m = re.search(r"<Application>([^<]*)</Application>", app)
        if m and "avtaleflyt" not in m.group(1):
            funn.append(Stilfeil(ART_STANDARDMAL, m.group(1), "app.xml oppgir feil program"))
    styles = z.read("word/styles.xml").decode("utf-8") if "word/styles.xml" in names else ""
    title = re.search(r'<w:style [^>]*w:styleId="Title".*?</w:style>', styles, re.S)
    if title and "<w:pBdr>" in title.group(0):
        funn.append(
            Stilfeil(ART_STANDARDMAL, "Title", "tittelstilen har standardmalens linje under")
        )
    for name in names:
        if name.startswith("word/") and name.endswith(".xml"):
            text = z.read(name).decode("utf-8")
            for rest in _MALREST_TEKST:
                if rest in text:
                    funn.append(
                        Stilfeil(ART_STANDARDMAL, rest, f"tekst fra standardmalen i {name}")
                    )
    return funn
