"""Appending one record to prosess.yaml as text: only the new record is rendered (by ruamel, with
the settings the file was always written with) and inserted after the last line of its list, so
every other line — the secretariat's and the lawyer's comments and layout — stays byte for byte.
Layouts the text append does not cover fall back to ruamel's round-trip. `lagring.append_record`
checks the result parses back to the validated process before it writes it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString


def _rt_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    return yaml


def _yaml_value(value: Any) -> Any:
    """Model data → what ruamel writes plainly: dates as YAML dates, times as «HH:MM»."""
    if isinstance(value, dict):
        m = CommentedMap()
        for k, v in value.items():
            m[k] = _yaml_value(v)
        return m
    if isinstance(value, list):
        s = CommentedSeq(_yaml_value(v) for v in value)
        if value and all(isinstance(v, (str, int)) and "\n" not in str(v) for v in value):
            s.fa.set_flow_style()
        return s
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value


def record_data(record: BaseModel) -> CommentedMap:
    """The record as YAML data: set fields only, in model order, aliases as written (`for`)."""
    data = record.model_dump(mode="python", exclude_none=True, by_alias=True)
    for name, info in type(record).model_fields.items():
        key = info.alias or name
        if info.is_required() or key not in data or not isinstance(data[key], (list, bool)):
            continue
        if data[key] == info.get_default(call_default_factory=True):
            del data[key]  # an empty list or a false flag is the default: leave it out
    return _yaml_value(data)


def new_document(avtale_id: str) -> str:
    return (
        "# Prosessdata: møteplan, drøfting, saksframlegg, vedtak og signaturer.\n"
        "# Poster legges til nederst i hver liste og endres aldri; en retting viser til posten\n"
        "# den retter (korrigerer). Tilstanden utledes av postene: `avtale status`.\n"
        f"avtale: {avtale_id}\n"
    )


_TOP_KEY = re.compile(r"[^\s#\-][^:#]*:(\s|$)")  # a top-level key line (column 0)
_EMPTY_FLOW = re.compile(r"(?P<key>[^:#]+):\s*\[\s*\](?P<comment>\s*#.*)?\s*$")
_BARE_KEY = re.compile(r"(?P<key>[^:#]+):\s*(?:~|null)?(?P<comment>\s*#.*)?\s*$")
_ITEM_INDENT = 2  # where ruamel puts `- ` with indent(sequence=4, offset=2)


def _render_item(record: BaseModel, indent: int) -> list[str]:
    """The record alone as one block-list item whose `- ` starts at column `indent`.

    ruamel dumps just this record (the same representer and settings the file was always
    written with, so dates, ids, quotes and multi-line vedtakstekst look as before); the lines
    are then moved to the list's column.
    """
    out = io.StringIO()
    _rt_yaml().dump(CommentedSeq([record_data(record)]), out)
    lines = out.getvalue().splitlines(keepends=True)
    shift = indent - _ITEM_INDENT
    if shift >= 0:
        return [(" " * shift + line) if line.strip() else line for line in lines]
    return [line[-shift:] if line.strip() else line for line in lines]


def render_appended(text: str, liste: str, record: BaseModel) -> str:
    """`text` with `record` added as the last item of its top-level list; no other line changes.

    A true append in the text (parsing and re-dumping the whole file cost seconds per record and
    could re-wrap the secretariat's lines): the list's block ends before the next top-level key
    (comments and blank lines in front of that key stay with it); an absent key gets a new block
    at the end, `liste: []` becomes a block in place. Layouts this does not cover (a non-empty
    flow list, several documents) fall back to ruamel's round-trip, and so does `append_record`
    when the result does not parse back to the validated process.
    """
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    if any(line.startswith(("---", "...")) for line in lines[1:]):
        return render_roundtrip(text, liste, record)
    keys = [i for i, line in enumerate(lines) if _TOP_KEY.match(line)]
    own = [i for i in keys if lines[i].split(":", 1)[0].strip().strip("'\"") == liste]
    if not own:
        return "".join(lines) + f"{liste}:\n" + "".join(_render_item(record, _ITEM_INDENT))
    if len(own) > 1:
        return render_roundtrip(text, liste, record)
    at = own[0]
    empty = _EMPTY_FLOW.match(lines[at])
    if empty:
        lines[at] = f"{empty['key']}:{empty['comment'] or ''}\n"
        lines[at + 1 : at + 1] = _render_item(record, _ITEM_INDENT)
        return "".join(lines)
    if not _BARE_KEY.match(lines[at]):
        return render_roundtrip(text, liste, record)
    following = [i for i in keys if i > at]
    end = following[0] if following else len(lines)
    # comments and blank lines at column 0 just before the next key belong to that key
    while end > at + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1
    items = [ln for ln in lines[at + 1 : end] if ln.lstrip().startswith("- ") or ln.strip() == "-"]
    indent = len(items[0]) - len(items[0].lstrip()) if items else _ITEM_INDENT
    lines[end:end] = _render_item(record, indent)
    return "".join(lines)


def render_roundtrip(text: str, liste: str, record: BaseModel) -> str:
    """The whole document re-dumped by ruamel round-trip: only for layouts the text append
    does not cover (rare hand-written forms; comments survive, line wrapping may change)."""
    yaml = _rt_yaml()
    doc = yaml.load(text)
    if not isinstance(doc, CommentedMap):
        raise ValueError("prosess.yaml skal ha felt med verdier på toppnivå")
    seq = doc.get(liste)
    if seq is None or (isinstance(seq, CommentedSeq) and not seq and seq.fa.flow_style()):
        seq = CommentedSeq()
        doc[liste] = seq
    seq.append(record_data(record))
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue()
