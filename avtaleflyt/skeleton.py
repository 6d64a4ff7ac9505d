"""`avtale new`: a new avtale.yaml with every field, each with a Norwegian comment and legal basis.

The file starts with a `yaml-language-server` schema line so an editor completes and checks the
file while the lawyer types. It points at `avtale.schema.json`, written beside the agreement: a
reference that works wherever the folder is (a copy, a checkout, an installed package's user), not
one into this repository; `avtale schema` writes the same documents for every type.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from avtaleflyt.schema_errors import _resolve
from schemas.avtale import AVTALE_TYPES, TYPE_NAVN, FellesKlausuler
from schemas.regler import hjemmel_tekst

SCHEMA_DIR_NAME = "json"
SCHEMA_FILE = "avtale.schema.json"
"""The JSON Schema of the agreement's form, beside its avtale.yaml (the editor's schema line)."""


def _comment(info: Any) -> str:
    text = info.description or ""
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    if "lovkrav" in extra:
        text += f" — lovkrav: {hjemmel_tekst(str(extra['lovkrav']))}"
    return text


def _placeholder(
    model: type[BaseModel], name: str, info: Any, avtale_id: str, today: dt.date
) -> Any:
    """The value a fresh skeleton has for a field: the agreement's own id, title and dates at the
    top, one empty item in each list of clauses, and otherwise nothing (an empty field is absent,
    so `avtale validate` names the rule that requires it). A list of plain values is left empty,
    not `[]`, which would state «ingen»."""
    if issubclass(model, FellesKlausuler):
        if name == "id":
            return avtale_id
        if name == "tittel":
            return "Avtale om ..."
        if name == "versjonsdato":
            return today
        if name == "versjon":
            return 1
    tp = _resolve(info.annotation, None)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return _mapping(tp, avtale_id, today)
    if typing.get_origin(tp) is list:
        item = _resolve(typing.get_args(tp)[0], None)
        if not (isinstance(item, type) and issubclass(item, BaseModel)):
            return None
        seq = CommentedSeq()
        seq.append(_mapping(item, avtale_id, today))
        return seq
    if info.default is not None and not callable(info.default) and info.default is not ...:
        return info.default if isinstance(info.default, (bool, int, str)) else None
    return None


def _mapping(model: type[BaseModel], avtale_id: str, today: dt.date) -> CommentedMap:
    data = CommentedMap()
    for name, info in model.model_fields.items():
        if name == "type":
            continue
        data[name] = _placeholder(model, name, info, avtale_id, today)
        comment = _comment(info)
        if comment:
            data.yaml_set_comment_before_after_key(name, before=comment, indent=0)
    return data


def skeleton_text(agreement_type: str, avtale_id: str, today: dt.date) -> str:
    model: type[FellesKlausuler] = AVTALE_TYPES[agreement_type]
    root = CommentedMap()
    root["type"] = agreement_type
    body = _mapping(model, avtale_id, today)
    for key in body:
        root[key] = body[key]
    if body.ca.items:
        root.ca.items.update(body.ca.items)
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    yaml.dump(root, buffer)
    header = (
        f"# yaml-language-server: $schema=./{SCHEMA_FILE}\n"
        f"# {TYPE_NAVN[agreement_type][0].upper()}{TYPE_NAVN[agreement_type][1:]}.\n"
        "# Fyll ut feltene; `avtale validate` viser hva loven krever som fortsatt mangler.\n"
    )
    return header + _indent_comments(buffer.getvalue())


def _indent_comments(text: str) -> str:
    """Give each comment the indentation of the key below it, so nested comments read naturally."""
    lines = text.splitlines()
    out = []
    for i, line in enumerate(lines):
        if line.lstrip().startswith("#"):
            nxt = next(
                (
                    candidate
                    for candidate in lines[i + 1 :]
                    if not candidate.lstrip().startswith("#")
                ),
                "",
            )
            indent = len(nxt) - len(nxt.lstrip())
            out.append(" " * indent + line.lstrip())
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def write_skeleton(folder: Path, agreement_type: str, avtale_id: str, today: dt.date) -> Path:
    """Create `folder/avtale.yaml`; refuses to overwrite an existing agreement."""
    target = folder / "avtale.yaml"
    if target.exists():
        raise FileExistsError(f"{target} finnes allerede; avtale new overskriver aldri en avtale")
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(skeleton_text(agreement_type, avtale_id, today), encoding="utf-8")
    (folder / SCHEMA_FILE).write_text(
        schema_document(AVTALE_TYPES[agreement_type].model_json_schema()), encoding="utf-8"
    )
    return target


def schema_document(schema: dict) -> str:
    """A JSON Schema as `avtale new` and `avtale schema` write it."""
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def json_schemas() -> dict[str, dict]:
    """JSON Schema of each agreement type, for editors and other tools."""
    return {name: model.model_json_schema() for name, model in AVTALE_TYPES.items()}
