"""Load agreement YAML safely, and find the line and column of any field for error messages.

libyaml parses (PyYAML's C parser) and `_bygg` builds the data straight from its events, which is
about three times faster than PyYAML's composer and constructor. Scalars follow YAML 1.2 core rules
(«0301» is not octal, «no» is not false); duplicate keys, aliases, non-text keys, deep nesting and
absurd sizes are refused as they are met. A text met again in the same process is not parsed again
(`avtaleflyt.yaml_gjenbruk`). Positions come from a ruamel.yaml round-trip parse, done
only when a finding needs one. Whatever a hostile or broken file does (wrong encoding, bad syntax,
alias bombs, huge size, a non-mapping top level) becomes a `YamlLoadError` in Norwegian with file,
line and column, never a traceback.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml as pyyaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from avtaleflyt.yaml_gjenbruk import gjenbruk

if TYPE_CHECKING:
    from ruamel.yaml import YAML

MAX_BYTES = 1024 * 1024
"""Agreement files are a few kilobytes; a megabyte is far beyond any real one."""

MAX_NODES = 100_000

MAX_DEPTH = 100
"""Agreements nest a handful of levels; deeper files are refused before anyone recurses into them."""


class YamlLoadError(Exception):
    """A file that could not be read as agreement YAML."""

    def __init__(self, file: str, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.file = file
        self.message = message
        self.line = line
        self.column = column


_BaseLoader = getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """PyYAML's safe loader with YAML 1.2 core booleans and integers: the resolvers `_bygg` uses,
    and, as a whole loader, the reference the tests hold `_bygg` to."""


_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, rx)
        for tag, rx in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int")
    ]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_Loader.add_constructor(
    "tag:yaml.org,2002:int", lambda loader, node: _yaml12_int(loader.construct_scalar(node))
)
_Loader.add_constructor(
    "tag:yaml.org,2002:bool", lambda loader, node: loader.construct_scalar(node).lower() == "true"
)


def _yaml12_int(text: str) -> int:
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


_Parser: Any
try:
    from yaml._yaml import CParser  # libyaml

    _Parser = CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.loader import BaseLoader

    _Parser = BaseLoader

_STR = "tag:yaml.org,2002:str"
_RESOLVERE = _Loader.yaml_implicit_resolvers
_ENKLE: dict[str, Callable[[str], Any]] = {
    _STR: str,
    "tag:yaml.org,2002:null": lambda v: None,
    "tag:yaml.org,2002:bool": lambda v: v.lower() == "true",
    "tag:yaml.org,2002:int": _yaml12_int,
    "tag:yaml.org,2002:merge": str,  # «<<» is an ordinary key in YAML 1.2
    "tag:yaml.org,2002:value": str,
}
"""Scalar tags built here; float, timestamp and binary go through PyYAML's own constructors."""
_SAMLINGER = {None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_KONSTRUKTOR = SafeConstructor()
_INGEN = object()
"""No key waiting for its value in the mapping being built."""


def _skalar(ev: Any) -> Any:
    """The value of a scalar: the tag it carries, else YAML 1.2 core resolution of plain scalars.

    `ev` is a ScalarEvent from libyaml's parser (typed Any: its marks are libyaml's own type).
    """
    tag, verdi = ev.tag, ev.value
    if tag is None or tag == "!":
        tag = _STR
        if ev.implicit[0]:
            for kandidat, monster in _RESOLVERE.get(verdi[:1], ()):
                if monster.match(verdi):
                    tag = kandidat
                    break
    enkel = _ENKLE.get(tag)
    if enkel is not None:
        return enkel(verdi)
    lag = _KONSTRUKTOR.yaml_constructors.get(tag)
    if lag is None or tag.startswith("tag:yaml.org,2002:python/"):
        raise pyyaml.MarkedYAMLError(None, None, f"ukjent YAML-tagg «{tag}»", ev.start_mark)
    return lag(_KONSTRUKTOR, pyyaml.ScalarNode(tag, verdi, ev.start_mark, ev.end_mark, ev.style))


def _bygg(file: str, text: str) -> list[Any]:  # noqa: C901
    """Every document of `text` as plain Python data, built from libyaml's events.

    One loop with a branch per event type on purpose: this is the hot path of every validate,
    and a call per event would cost more than the branches.
    """
    parser = _Parser(text)
    try:
        dokumenter: list[Any] = []
        stabel: list[list] = []  # [container, pending key or _INGEN]
        noder = 0
        neste = parser.get_event
        while True:
            ev: Any = neste()  # libyaml's events; `typ is` below is the fast dispatch
            typ = type(ev)
            if typ is ScalarEvent:
                # fast path, most values: untagged text whose first character no resolver claims
                verdi = ev.value
                if ev.tag is not None or (ev.implicit[0] and verdi[:1] in _RESOLVERE):
                    verdi = _skalar(ev)
            elif typ is MappingStartEvent or typ is SequenceStartEvent:
                if ev.tag not in _SAMLINGER:
                    raise pyyaml.MarkedYAMLError(
                        None, None, f"ukjent YAML-tagg «{ev.tag}»", ev.start_mark
                    )
                if len(stabel) >= MAX_DEPTH:
                    raise YamlLoadError(
                        file,
                        "filen er nøstet for dypt",
                        ev.start_mark.line + 1,
                        ev.start_mark.column + 1,
                    )
                stabel.append([{} if typ is MappingStartEvent else [], _INGEN])
                noder += 1
                if noder > MAX_NODES:
                    raise YamlLoadError(file, f"filen har mer enn {MAX_NODES} elementer")
                continue
            elif typ is MappingEndEvent or typ is SequenceEndEvent:
                verdi = stabel.pop()[0]
            elif typ is AliasEvent:
                raise YamlLoadError(
                    file,
                    "filen bruker YAML-ankre/aliaser (&/*), som ikke er tillatt i avtaledata",
                    ev.start_mark.line + 1,
                    ev.start_mark.column + 1,
                )
            elif typ is DocumentStartEvent:
                dokumenter.append(None)
                continue
            elif typ is StreamEndEvent:
                return dokumenter
            else:
                continue
            noder += 1
            if noder > MAX_NODES:
                raise YamlLoadError(file, f"filen har mer enn {MAX_NODES} elementer")
            if not stabel:
                dokumenter[-1] = verdi
                continue
            topp = stabel[-1]
            samling = topp[0]
            if type(samling) is list:
                samling.append(verdi)
            elif topp[1] is _INGEN:
                if type(verdi) is not str:
                    vist = "en liste eller et kart" if isinstance(verdi, (dict, list)) else verdi
                    raise YamlLoadError(
                        file,
                        f"feltnavnet «{vist}» er ikke tekst; feltnavn skrives med bokstaver",
                        ev.start_mark.line + 1,
                        ev.start_mark.column + 1,
                    )
                if verdi in samling:
                    raise YamlLoadError(
                        file,
                        f"nøkkelen står to ganger: «{verdi}»",
                        ev.start_mark.line + 1,
                        ev.start_mark.column + 1,
                    )
                topp[1] = verdi
            else:
                samling[topp[1]] = verdi
                topp[1] = _INGEN
    finally:
        parser.dispose()


def _rt_yaml() -> YAML:
    # ruamel.yaml is only for positions, which only findings need: off a clean validate's path.
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml


@dataclass
class LoadedYaml:
    """Parsed data of one file, with positions looked up on demand."""

    file: str
    text: str
    data: Any
    _rt: Any = field(default=None, repr=False)

    def position(self, path: tuple[str | int, ...]) -> tuple[int | None, int | None]:
        """1-based (line, column) of the deepest node on `path` present in the file.

        Path elements that are not keys in the data (such as a discriminator tag in a pydantic
        error location) are skipped, so any validation location maps to a place in the file.
        """
        if self._rt is None:
            try:
                self._rt = _rt_yaml().load(self.text)
            except Exception:
                self._rt = False
        if self._rt is False:
            return None, None
        node = self._rt
        # A field not in the file is reported at its parent; for a top-level one, the first field.
        root = getattr(node, "lc", None)
        line, col = (root.line or 0, root.col or 0) if root is not None else (0, 0)
        for step in path:
            lc = getattr(node, "lc", None)
            if isinstance(node, dict) and step in node:
                if lc is not None:
                    with contextlib.suppress(KeyError, TypeError):
                        line, col = lc.key(step)
                node = node[step]
            elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
                if lc is not None:
                    with contextlib.suppress(KeyError, TypeError, IndexError):
                        line, col = lc.item(step)
                node = node[step]
            else:
                continue
        return line + 1, col + 1


def _decode(file: str, raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlLoadError(
            file,
            f"filen er ikke UTF-8 (ugyldig byte 0x{raw[exc.start]:02X}); lagre den som UTF-8",
            line,
            column,
        ) from None


def read_text(path: Path, display: str | None = None) -> str:
    """Read a YAML file as UTF-8 text, refusing what cannot be an agreement file."""
    name = display or str(path)
    if path.is_dir():
        raise YamlLoadError(name, "dette er en mappe, ikke en fil")
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise YamlLoadError(name, "filen finnes ikke") from None
    except OSError as exc:
        raise YamlLoadError(name, f"filen kan ikke leses: {exc.strerror}") from None
    if size > MAX_BYTES:
        raise YamlLoadError(
            name,
            f"filen er {size / 1_048_576:.1f} MB; avtaledata kan være høyst {MAX_BYTES // 1024} kB",
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlLoadError(name, f"filen kan ikke leses: {exc.strerror}") from None
    return _decode(name, raw)


_SYNTAKS = {
    "mapping values are not allowed": "kolon («: ») kan ikke stå her; sett verdien i anførselstegn",
    "found unexpected ':'": "kolon («:») kan ikke stå her; sett verdien i anførselstegn",
    "did not find expected key": "ventet et feltnavn; sjekk innrykket (som feltene over)",
    "could not find expected ':'": "mangler kolon («:») etter et feltnavn, eller innrykk",
    "did not find expected '-' indicator": "listeelementet mangler «- », eller innrykket er feil",
    "block sequence entries are not allowed": "et listeelement («- ») kan ikke stå her",
    "found character that cannot start any token": "tegnet kan ikke begynne en verdi (@, `); "
    "sett verdien i anførselstegn",
    "found unexpected end of stream": "filen slutter midt i en verdi; mangler et anførselstegn?",
    "did not find expected ',' or ']'": "listen er ikke lukket: mangler «,» eller «]»",
    "did not find expected ',' or '}'": "oppslaget er ikke lukket: mangler «,» eller «}»",
    "found unknown escape character": "ukjent tegn etter «\\» i doble anførselstegn",
    "did not find expected node content": "her mangler en verdi, eller den begynner med «]»/«}»",
    "found undefined tag handle": "ukjent YAML-tagg (et «!» foran verdien)",
    "did not find expected comment or line break": "etter verdien kan bare «# …» eller linjeskift stå",
    "found duplicate %YAML directive": "%YAML står to ganger",
    "found unknown directive name": "ukjent direktiv (en linje som begynner med «%»)",
    "found incompatible YAML document": "YAML-versjonen støttes ikke",
    "did not find expected <document start>": "fant ikke starten på YAML-dokumentet («---»)",
    "control characters are not allowed": "filen har et kontrolltegn som YAML ikke tillater",
}
"""libyaml's syntax errors (the start of its English message) in Norwegian."""


def _syntaks(problem: str, text: str, line: int | None, column: int | None) -> str:
    """A YAML syntax error as a lawyer can act on it; libyaml's own words kept in parentheses."""
    if line is not None and column is not None:
        lines = text.splitlines()
        if 0 < line <= len(lines) and "\t" in lines[line - 1][: column or 1]:
            return "ugyldig YAML: tabulator i innrykket; bruk mellomrom"
    for start, norsk in _SYNTAKS.items():
        if start in problem:
            return f"ugyldig YAML: {norsk}"
    return f"ugyldig YAML: syntaksfeil (libyaml: {problem})"


def _reader_position(exc: Exception, text: str) -> tuple[int | None, int | None]:
    """Line and column of a character libyaml's reader refused (it gives only an offset)."""
    offset = getattr(exc, "position", None)
    if not isinstance(offset, int) or not 0 <= offset <= len(text):
        return None, None
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def parse_text(text: str, display: str) -> LoadedYaml:
    """Parse YAML text that must hold one mapping."""
    if not text.strip():
        raise YamlLoadError(display, "filen er tom")
    try:
        docs = gjenbruk(text, lambda: _bygg(display, text))
    except pyyaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = (exc.problem or exc.context or "").strip()
        if problem.startswith("ukjent YAML-tagg"):  # our own, from _bygg
            raise YamlLoadError(display, f"ugyldig YAML: {problem}", line, column) from None
        raise YamlLoadError(display, _syntaks(problem, text, line, column), line, column) from None
    except pyyaml.YAMLError as exc:
        line, column = _reader_position(exc, text)
        problem = str(exc).splitlines()[0]
        raise YamlLoadError(display, _syntaks(problem, text, line, column), line, column) from None
    except RecursionError:
        raise YamlLoadError(display, "filen er nøstet for dypt") from None
    except (ValueError, OverflowError, TypeError) as exc:
        raise YamlLoadError(
            display, f"ugyldig verdi, f.eks. en dato som ikke finnes: {exc}"
        ) from None
    if not docs:
        raise YamlLoadError(display, "filen er tom")
    if len(docs) != 1:
        raise YamlLoadError(display, f"filen skal inneholde ett YAML-dokument, ikke {len(docs)}")
    data = docs[0]
    if data is None:
        raise YamlLoadError(display, "filen er tom")
    if not isinstance(data, dict):
        raise YamlLoadError(
            display, f"toppnivået skal være felt med verdier, ikke {type(data).__name__}", 1, 1
        )
    return LoadedYaml(display, text, data)


def load_yaml(path: str | os.PathLike, display: str | None = None) -> LoadedYaml:
    """Read and parse one YAML file; raises `YamlLoadError` with position on any problem."""
    p = Path(path)
    name = display or str(path)
    return parse_text(read_text(p, name), name)
