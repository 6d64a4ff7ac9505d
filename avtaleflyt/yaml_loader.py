"""Load agreement YAML safely, and find the line and column of any field for error messages.

Parsing uses libyaml through PyYAML's C loader, set to YAML 1.2 core scalars (so «0301» is not an
octal number and «no» is not false) and refusing duplicate keys: ruamel.yaml's pure-Python parser
costs about 16 ms per agreement, libyaml under 1 ms. Positions come from a ruamel.yaml round-trip
parse that is only done when a finding needs one. Everything a hostile or broken file can do —
wrong encoding, duplicate keys, alias bombs, huge size, non-mapping top level — becomes a
`YamlLoadError` with file, line and column, never a traceback.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML

MAX_BYTES = 1024 * 1024
"""Agreement files are a few kilobytes; a megabyte is far beyond any real one."""

MAX_NODES = 100_000


class YamlLoadError(Exception):
    """A file that could not be read as agreement YAML."""

    def __init__(self, file: str, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.file = file
        self.message = message
        self.line = line
        self.column = column


_BaseLoader = getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)


class _DuplicateKey(pyyaml.MarkedYAMLError):
    pass


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader with YAML 1.2 core booleans and integers, and no duplicate keys."""

    def construct_mapping(self, node, deep=False):  # noqa: D102 - PyYAML hook
        seen: set = set()
        for key_node, _ in node.value:
            # Compare the keys as written: constructing them twice would double the cost.
            key = key_node.value if isinstance(key_node, pyyaml.ScalarNode) else id(key_node)
            if key in seen:
                raise _DuplicateKey(None, None, f"nøkkelen står to ganger: «{key}»", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int")]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
_Loader.add_constructor("tag:yaml.org,2002:int", lambda loader, node: _yaml12_int(loader.construct_scalar(node)))
_Loader.add_constructor("tag:yaml.org,2002:bool", lambda loader, node: loader.construct_scalar(node).lower() == "true")


def _yaml12_int(text: str) -> int:
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


def _rt_yaml() -> YAML:
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
            except Exception:  # noqa: BLE001 - libyaml accepted it; positions are a courtesy
                self._rt = False
        if self._rt is False:
            return None, None
        node = self._rt
        line, col = 0, 0
        for step in path:
            lc = getattr(node, "lc", None)
            if isinstance(node, dict) and step in node:
                if lc is not None:
                    try:
                        line, col = lc.key(step)
                    except (KeyError, TypeError):
                        pass
                node = node[step]
            elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
                if lc is not None:
                    try:
                        line, col = lc.item(step)
                    except (KeyError, TypeError, IndexError):
                        pass
                node = node[step]
            else:
                continue
        return line + 1, col + 1


def _check_tree(file: str, data: Any) -> None:
    """Refuse shared nodes (YAML aliases) and absurd node counts: alias bombs expand exponentially
    in every consumer that walks the tree, so the loader stops them before anyone walks it."""
    seen: set[int] = set()
    stack = [data]
    count = 0
    while stack:
        node = stack.pop()
        if isinstance(node, (dict, list)):
            if id(node) in seen:
                raise YamlLoadError(
                    file, "filen bruker YAML-ankre/aliaser (&/*), som ikke er tillatt i avtaledata"
                )
            seen.add(id(node))
            children = node.values() if isinstance(node, dict) else node
            if isinstance(node, dict):
                for key in node:
                    if not isinstance(key, str):
                        raise YamlLoadError(
                            file, f"feltnavnet «{key}» er ikke tekst; feltnavn skrives med bokstaver"
                        )
            stack.extend(children)
        count += 1
        if count > MAX_NODES:
            raise YamlLoadError(file, f"filen har mer enn {MAX_NODES} elementer")


def _decode(file: str, raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlLoadError(
            file, f"filen er ikke UTF-8 (ugyldig byte 0x{raw[exc.start]:02X}); lagre den som UTF-8",
            line, column,
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
            name, f"filen er {size / 1_048_576:.1f} MB; avtaledata kan være høyst {MAX_BYTES // 1024} kB"
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlLoadError(name, f"filen kan ikke leses: {exc.strerror}") from None
    return _decode(name, raw)


def parse_text(text: str, display: str) -> LoadedYaml:
    """Parse YAML text that must hold one mapping."""
    if not text.strip():
        raise YamlLoadError(display, "filen er tom")
    try:
        docs = list(pyyaml.load_all(text, Loader=_Loader))
    except _DuplicateKey as exc:
        mark = exc.problem_mark
        raise YamlLoadError(display, exc.problem, mark.line + 1, mark.column + 1) from None
    except pyyaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = (exc.problem or exc.context or "ugyldig YAML").strip()
        raise YamlLoadError(display, f"ugyldig YAML: {problem}", line, column) from None
    except pyyaml.YAMLError as exc:
        raise YamlLoadError(display, f"ugyldig YAML: {exc}".splitlines()[0]) from None
    except RecursionError:
        raise YamlLoadError(display, "filen er nøstet for dypt") from None
    except (ValueError, OverflowError, TypeError) as exc:
        raise YamlLoadError(display, f"ugyldig verdi, f.eks. en dato som ikke finnes: {exc}") from None
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
    _check_tree(display, data)
    return LoadedYaml(display, text, data)


def load_yaml(path: str | os.PathLike, display: str | None = None) -> LoadedYaml:
    """Read and parse one YAML file; raises `YamlLoadError` with position on any problem."""
    p = Path(path)
    name = display or str(path)
    return parse_text(read_text(p, name), name)
