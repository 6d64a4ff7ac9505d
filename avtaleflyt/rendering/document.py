"""The small document model templates produce, and the line markup it is parsed from.

A template writes one block per line, each line starting with a keyword. Values from the
agreement data are escaped on output (see `escape_value`), so data can never start a line,
add a cell or a new block: whatever a value contains stays text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from avtaleflyt.rendering.tallformat import ubrutt

VALUE_MARK = "\\v"


class MarkupError(ValueError):
    """The template produced a line the markup does not allow."""


@dataclass(frozen=True)
class Heading:
    text: str
    number: int | None = None  # clause number, computed; None for unnumbered headings

    @property
    def label(self) -> str:
        return f"§ {self.number} {self.text}" if self.number is not None else self.text


@dataclass(frozen=True)
class Henvisning:
    """A reference from one clause to another by topic, never by a typed number: the template
    writes `{{ henvis("okonomi") }}`, the clause carries the topic as `§[okonomi] Overskrift`,
    and the parser puts in the number the clause got («§ 7»). In Word the number is a REF field
    to the clause's bookmark, so it follows a renumbering made in Word."""

    emne: str

    def markup(self) -> str:
        if not _EMNE.fullmatch(self.emne):
            raise MarkupError(f"henvisningen «{self.emne}» er ikke et gyldig emne (a–z og _)")
        return f"\\§{{{self.emne}}}"


@dataclass(frozen=True)
class Referanse:
    """Where a reference stands in a paragraph's text (`start`:`slutt`) and which clause it names."""

    start: int
    slutt: int
    nummer: int


@dataclass(frozen=True)
class Paragraph:
    text: str
    refs: tuple[Referanse, ...] = ()


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Signature:
    party: str
    place: str
    name: str
    role: str


@dataclass(frozen=True)
class Signatures:
    items: tuple[Signature, ...]


Block = Heading | Paragraph | ListBlock | Table | Signatures


@dataclass
class Document:
    title: str = ""
    subtitle: str = ""
    blocks: list[Block] = field(default_factory=list)

    def text(self) -> str:
        """All visible text, one block per line (for tests and search)."""
        out = [self.title, self.subtitle]
        for b in self.blocks:
            if isinstance(b, Heading):
                out.append(b.label)
            elif isinstance(b, Paragraph):
                out.append(b.text)
            elif isinstance(b, ListBlock):
                out.extend(b.items)
            elif isinstance(b, Table):
                out.append(" | ".join(b.header))
                out.extend(" | ".join(r) for r in b.rows)
            else:
                out.extend(f"{s.party} {s.place} {s.name} {s.role}" for s in b.items)
        return "\n".join(out)


def escape_value(value: object) -> str:
    """Escape one data value for the markup: it stays one line and one cell, whatever it holds."""
    text = str(value)
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "\n")
    text = text.replace("\r", "\n").replace("\n", "\\n")
    return VALUE_MARK + text


_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_UNESCAPE = {"\\": "\\", "|": "|", "n": "\n", "v": ""}
_EMNE = re.compile(r"[a-z_]+")
_ANKER = re.compile(r"§\[([a-z_]+)\]")
_MED_REF = re.compile(r"\\(?:§\{([a-z_]+)\}|(.))", re.DOTALL)


def _unescape(text: str, where: str) -> str:
    def repl(m: re.Match[str]) -> str:
        try:
            return _UNESCAPE[m.group(1)]
        except KeyError:
            raise MarkupError(
                f"{where}: ugyldig skiftetegn «\\{m.group(1)}» i malteksten"
            ) from None

    return ubrutt(_ESCAPE.sub(repl, text).strip())


def _unescape_refs(
    text: str, where: str, ankre: dict[str, int] | None
) -> tuple[str, tuple[Referanse, ...]]:
    """Like `_unescape`, and each `\\§{emne}` becomes «§ n» of the clause with that topic. Data
    values cannot make one: their backslashes are doubled by `escape_value`."""
    deler: list[str] = []
    refs: list[tuple[int, int, int]] = []
    pos = lengde = 0
    for m in _MED_REF.finditer(text):
        deler.append(text[pos : m.start()])
        lengde += m.start() - pos
        pos = m.end()
        if m.group(1) is None:
            try:
                tegn = _UNESCAPE[m.group(2)]
            except KeyError:
                raise MarkupError(
                    f"{where}: ugyldig skiftetegn «\\{m.group(2)}» i malteksten"
                ) from None
            deler.append(tegn)
            lengde += len(tegn)
            continue
        if ankre is None:
            raise MarkupError(f"{where}: en henvisning til en paragraf kan bare stå i AVSNITT")
        nummer = ankre.get(m.group(1))
        if nummer is None:
            raise MarkupError(
                f"{where}: henvisningen til «{m.group(1)}» peker på en paragraf dokumentet ikke "
                f"har; malen må ha en linje «§[{m.group(1)}] …» når den viser til den"
            )
        tegn = f"§ {nummer}"
        refs.append((lengde, lengde + len(tegn), nummer))
        deler.append(tegn)
        lengde += len(tegn)
    deler.append(text[pos:])
    raw = "".join(deler)
    venstre = len(raw) - len(raw.lstrip())
    # ubrutt only swaps spaces for no-break spaces, so the positions stay
    tekst = ubrutt(raw.strip())
    return tekst, tuple(Referanse(a - venstre, b - venstre, n) for a, b, n in refs)


def _ankre(lines: list[str], source: str) -> dict[str, int]:
    """Topic → clause number, read before parsing, so a reference may point forward."""
    ankre: dict[str, int] = {}
    nummer = 0
    for lineno, raw in enumerate(lines, start=1):
        keyword = raw.strip().partition(" ")[0]
        if keyword == "§" or keyword.startswith("§["):
            nummer += 1
            m = _ANKER.fullmatch(keyword)
            if m:
                if m.group(1) in ankre:
                    raise MarkupError(
                        f"{source}, utdatalinje {lineno}: emnet «{m.group(1)}» står på to paragrafer"
                    )
                ankre[m.group(1)] = nummer
    return ankre


_CELL_SPLIT = re.compile(r"(?<!\\)((?:\\\\)*)\|")


def _cells(text: str, where: str) -> tuple[str, ...]:
    parts = _CELL_SPLIT.split(text)
    # re.split keeps the captured backslash runs; glue them back to the cell before the bar
    cells: list[str] = []
    buf = parts[0]
    for i in range(1, len(parts), 2):
        cells.append(buf + parts[i])
        buf = parts[i + 1]
    cells.append(buf)
    return tuple(_unescape(c, where) for c in cells)


KEYWORDS = (
    "TITTEL",
    "UNDERTITTEL",
    "§",
    "OVERSKRIFT",
    "AVSNITT",
    "PUNKT",
    "NR",
    "TABELL",
    "RAD",
    "SIGNATUR",
)


def parse(markup: str, source: str = "mal") -> Document:  # noqa: C901
    """Parse template output into a `Document`; clause numbers are counted here, never typed.

    One loop with a branch per line kind of the markup (heading, clause, paragraph, list item,
    table row, signature block): the whole grammar reads in one place, which matters more here
    than a low branch count.
    """
    doc = Document()
    clause = 0
    pending_list: tuple[bool, list[str]] | None = None
    table: tuple[tuple[str, ...], list[tuple[str, ...]]] | None = None
    signatures: list[Signature] | None = None
    lines = markup.split("\n")
    ankre = _ankre(lines, source)

    def flush(keep: str = "") -> None:
        nonlocal pending_list, table, signatures
        if pending_list and keep != "list":
            doc.blocks.append(ListBlock(pending_list[0], tuple(pending_list[1])))
            pending_list = None
        if table and keep != "table":
            doc.blocks.append(Table(table[0], tuple(table[1])))
            table = None
        if signatures and keep != "sig":
            doc.blocks.append(Signatures(tuple(signatures)))
            signatures = None

    for lineno, raw in enumerate(lines, start=1):
        line = raw.strip()
        where = f"{source}, utdatalinje {lineno}"
        if not line:
            continue
        if line.startswith(VALUE_MARK):
            raise MarkupError(
                f"{where}: en linje må begynne med et nøkkelord, ikke med en verdi fra dataene"
            )
        keyword, _, rest = line.partition(" ")
        if _ANKER.fullmatch(keyword):
            keyword = "§"
        if keyword not in KEYWORDS:
            raise MarkupError(
                f"{where}: ukjent nøkkelord «{keyword[:40]}»; tillatt er {', '.join(KEYWORDS)}"
            )
        if keyword == "PUNKT" or keyword == "NR":
            ordered = keyword == "NR"
            if pending_list and pending_list[0] != ordered:
                flush()
            flush("list")
            if pending_list is None:
                pending_list = (ordered, [])
            pending_list[1].append(_unescape(rest, where))
            continue
        if keyword == "RAD":
            if table is None:
                raise MarkupError(f"{where}: RAD uten TABELL foran")
            row = _cells(rest, where)
            if len(row) != len(table[0]):
                raise MarkupError(
                    f"{where}: raden har {len(row)} celler, tabellen har {len(table[0])}"
                )
            table[1].append(row)
            continue
        if keyword == "SIGNATUR":
            flush("sig")
            cells = _cells(rest, where)
            if len(cells) != 4:
                raise MarkupError(f"{where}: SIGNATUR krever fire felt: part | sted | navn | rolle")
            signatures = signatures or []
            signatures.append(Signature(*cells))
            continue
        flush()
        if keyword == "TABELL":
            table = (_cells(rest, where), [])
        elif keyword == "TITTEL":
            doc.title = _unescape(rest, where)
        elif keyword == "UNDERTITTEL":
            doc.subtitle = _unescape(rest, where)
        elif keyword == "§":
            clause += 1
            doc.blocks.append(Heading(_unescape(rest, where), clause))
        elif keyword == "OVERSKRIFT":
            doc.blocks.append(Heading(_unescape(rest, where)))
        else:
            doc.blocks.append(Paragraph(*_unescape_refs(rest, where, ankre)))
    flush()
    if not doc.title:
        raise MarkupError(f"{source}: malen mangler TITTEL")
    return doc
