"""Load agreement YAML safely, and find the line and column of any field for error messages.

Parsing uses ruamel.yaml's safe loader (C-accelerated where available); positions come from a
round-trip parse that is only done when a finding needs one, so valid files stay fast. Everything a
hostile or broken file can do — wrong encoding, duplicate keys, alias bombs, huge size, non-mapping
top level — becomes a `YamlLoadError` with file, line and column, never a traceback.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

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


def _safe_yaml() -> YAML:
    yaml = YAML(typ="safe")
    yaml.allow_duplicate_keys = False
    return yaml


def _rt_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml


_SAFE = _safe_yaml()


@dataclass
class LoadedYaml:
    """Parsed data of one file, with positions looked up on demand."""

    file: str
    text: str
    data: Any
    _rt: Any = field(default=None, repr=False)

    def position(self, path: tuple[str | int, ...]) -> tuple[int, int]:
        """1-based (line, column) of the deepest node on `path` present in the file.

        Path elements that are not keys in the data (such as a discriminator tag in a pydantic
        error location) are skipped, so any validation location maps to a place in the file.
        """
        if self._rt is None:
            self._rt = _rt_yaml().load(self.text)
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
                    if isinstance(key, (dict, list)):
                        raise YamlLoadError(file, "en nøkkel kan ikke være en liste eller et oppslag")
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
        docs = list(_SAFE.load_all(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = (exc.problem or exc.context or "ugyldig YAML").strip()
        if "duplicate key" in problem:
            raise YamlLoadError(display, f"nøkkelen står to ganger: {_key_of(exc)}", line, column) from None
        raise YamlLoadError(display, f"ugyldig YAML: {problem}", line, column) from None
    except YAMLError as exc:
        raise YamlLoadError(display, f"ugyldig YAML: {exc}".splitlines()[0]) from None
    except RecursionError:
        raise YamlLoadError(display, "filen er nøstet for dypt") from None
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


def _key_of(exc: MarkedYAMLError) -> str:
    problem = exc.problem or ""
    if '"' in problem:
        parts = problem.split('"')
        if len(parts) >= 2:
            return f"«{parts[1]}»"
    return "(se linjen)"


def load_yaml(path: str | os.PathLike, display: str | None = None) -> LoadedYaml:
    """Read and parse one YAML file; raises `YamlLoadError` with position on any problem."""
    p = Path(path)
    name = display or str(path)
    return parse_text(read_text(p, name), name)
