"""Turn pydantic validation errors into Norwegian findings that point at file:line:col.

Pydantic reports English messages and locations that include discriminator tags; a lawyer needs
«ukjent felt «oppsigelsestd» – mente du «oppsigelsestid»?» at the line where it stands.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Mapping
from typing import Any, Union

from pydantic import BaseModel, ValidationError

from avtaleflyt.findings import Finding
from avtaleflyt.yaml_loader import LoadedYaml

SCHEMA_BASIS = "avtaleflyt dataskjema"

_TYPE_MESSAGES = {
    "int_parsing": "må være et heltall",
    "int_type": "må være et heltall",
    "int_from_float": "må være et heltall",
    "bool_parsing": "må være ja eller nei (true/false)",
    "bool_type": "må være ja eller nei (true/false)",
    "date_parsing": "må være en dato på formen ÅÅÅÅ-MM-DD",
    "date_from_datetime_parsing": "må være en dato på formen ÅÅÅÅ-MM-DD",
    "date_from_datetime_inexact": "må være en dato uten klokkeslett",
    "date_type": "må være en dato på formen ÅÅÅÅ-MM-DD",
    "string_type": "må være tekst",
    "list_type": "må være en liste",
    "model_type": "må være et oppslag med felter",
    "model_attributes_type": "må være et oppslag med felter",
    "dict_type": "må være et oppslag med felter",
    "decimal_parsing": "må være et tall",
    "too_short": "har for få elementer",
    "string_too_short": "er for kort",
    "string_too_long": "er for lang",
}


def _strip_value_error(msg: str) -> str:
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            return msg[len(prefix) :]
    return msg


def _pattern_message(field: str, ctx: dict) -> str:
    pattern = str(ctx.get("pattern", ""))
    if pattern == r"^\d{4}$":
        return "et kommunenummer har fire siffer, f.eks. «5027»"
    if pattern == r"^(\d{2}|\d{4})$":
        return "et kommunenummer har fire siffer, f.eks. «5027», et fylkesnummer to, f.eks. «50»"
    if pattern == r"^(\d{2}|\d{4}|\d{9})$":
        return (
            "en deltaker har kommunenummer (fire siffer, f.eks. «5027»), fylkesnummer (to siffer, "
            "f.eks. «50») eller organisasjonsnummer for et IKS (ni siffer)"
        )
    if "a-z0-9" in pattern:
        return "id-en kan bare ha små bokstaver a–z, tall og enkle bindestreker (ikke /, .. eller - først)"
    return f"har feil form (skal passe mønsteret {pattern})"


def _walk(root: Any, data: Any, loc: tuple) -> tuple[tuple, Any]:
    """Follow a pydantic error location through the model and the data together.

    Returns the location without discriminator tags (which pydantic inserts after a tagged union
    and which may collide with real field names, e.g. type `vertskommune` vs field `vertskommune`)
    and the model type reached.
    """
    kept: list = []
    tp: Any = root
    node = data
    for i, step in enumerate(loc):
        is_union = _is_model_union(tp)
        resolved = _resolve(tp, node)
        if is_union and isinstance(node, dict) and isinstance(step, str) and step in _tags(tp):
            tp = resolved
            continue
        tp = resolved
        if isinstance(step, int):
            tp = _item_type(tp) if tp is not None else None
            if isinstance(node, list) and 0 <= step < len(node):
                node = node[step]
                kept.append(step)
            else:
                node = None
            continue
        info = (
            tp.model_fields.get(step)
            if isinstance(tp, type) and issubclass(tp, BaseModel)
            else None
        )
        if isinstance(node, dict) and step in node:
            kept.append(step)
            node = node[step]
        elif i == len(loc) - 1:
            kept.append(step)  # a missing or unknown key: name it
            node = None
        else:
            node = None
        tp = info.annotation if info is not None else None
    return tuple(kept), _resolve(tp, node)


def _strip(tp: Any) -> Any:
    """Remove Annotated and Optional wrappers."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            options = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(options) != 1:
                return tp
            tp = options[0]
        else:
            return tp


def _is_model_union(tp: Any) -> bool:
    tp = _strip(tp)
    if typing.get_origin(tp) not in (Union, types.UnionType):
        return False
    return sum(isinstance(a, type) and issubclass(a, BaseModel) for a in typing.get_args(tp)) > 1


def _tags(tp: Any) -> set[str]:
    tp = _strip(tp)
    tags: set[str] = set()
    for option in typing.get_args(tp):
        if isinstance(option, type) and issubclass(option, BaseModel):
            for disc in ("type", "metode"):
                field = option.model_fields.get(disc)
                if field is not None:
                    tags.update(str(v) for v in typing.get_args(field.annotation))
    return tags


def _model_for(model: Any, data: Any, path: tuple) -> type[BaseModel] | None:
    """The pydantic model that describes the mapping found at `path` in `data`."""
    _, resolved = _walk(model, data, path)
    return resolved if isinstance(resolved, type) and issubclass(resolved, BaseModel) else None


def _resolve(tp: Any, node: Any) -> Any:
    """Unwrap Optional / Annotated / discriminated unions to one concrete type for `node`."""
    for _ in range(10):
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
            continue
        if origin in (Union, types.UnionType):
            options = [a for a in typing.get_args(tp) if a is not type(None)]
            models = [a for a in options if isinstance(a, type) and issubclass(a, BaseModel)]
            if len(options) == 1:
                tp = options[0]
                continue
            if models and isinstance(node, dict):
                for candidate in models:
                    for disc in ("type", "metode"):
                        field = candidate.model_fields.get(disc)
                        if field is not None and node.get(disc) in typing.get_args(
                            field.annotation
                        ):
                            return candidate
                return None
            non_model = [
                a for a in options if typing.get_origin(a) in (list, typing.Annotated) or a is list
            ]
            if non_model:
                tp = non_model[0]
                continue
            return None
        return tp
    return tp


def _item_type(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin is list:
        return typing.get_args(tp)[0]
    return None


def suggestion(model: type[BaseModel] | None, key: str) -> str:
    if model is None:
        return ""
    names = [n for n in model.model_fields if n != "DELTAKERKRAV"]
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
    if close:
        return f" – mente du «{close[0]}»?"
    return f" (gyldige felt her: {', '.join(sorted(names))})"


def message_for(error: Mapping[str, Any], root_model: Any, data: Any) -> tuple[str, str]:
    """(rule id, Norwegian message) for one pydantic error."""
    etype = error["type"]
    loc = error["loc"]
    field = str(loc[-1]) if loc else ""
    ctx = error.get("ctx") or {}
    if etype == "extra_forbidden":
        model = _model_for(root_model, data, tuple(loc[:-1]))
        return "SKJEMA-UKJENT-FELT", f"ukjent felt «{field}»{suggestion(model, field)}"
    if etype == "missing":
        return "SKJEMA-MANGLER", f"påkrevd felt «{field}» mangler"
    if etype == "union_tag_invalid":
        expected = ctx.get("expected_tags", "")
        return "SKJEMA-TYPE", f"ukjent verdi «{ctx.get('tag')}»; gyldige verdier er {expected}"
    if etype == "union_tag_not_found":
        return (
            "SKJEMA-MANGLER",
            f"feltet «{ctx.get('discriminator', 'type').strip(chr(39))}» mangler",
        )
    if etype == "literal_error":
        return "SKJEMA-VERDI", f"må være en av: {ctx.get('expected', '')}"
    if etype == "string_pattern_mismatch":
        return "SKJEMA-FORM", _pattern_message(field, ctx)
    if etype in ("greater_than_equal", "greater_than"):
        return "SKJEMA-VERDI", f"må være minst {ctx.get('ge', ctx.get('gt'))}"
    if etype in ("less_than_equal", "less_than"):
        return "SKJEMA-VERDI", f"kan være høyst {ctx.get('le', ctx.get('lt'))}"
    if etype in ("value_error", "assertion_error"):
        return "SKJEMA-VERDI", _strip_value_error(error["msg"])
    if etype in _TYPE_MESSAGES:
        return "SKJEMA-TYPE", _TYPE_MESSAGES[etype]
    return "SKJEMA-VERDI", error["msg"]


def findings_from_validation_error(
    exc: ValidationError, loaded: LoadedYaml, root_model: Any
) -> list[Finding]:
    findings = []
    seen = set()
    for error in exc.errors(include_url=False):
        kept, _ = _walk(root_model, loaded.data, tuple(error["loc"]))
        dotted = ".".join(str(s) for s in kept)
        rule, message = message_for(error, root_model, loaded.data)
        key = (dotted, message)
        if key in seen:
            continue
        seen.add(key)
        line, column = loaded.position(kept)
        findings.append(
            Finding(loaded.file, line, column, dotted, rule, "feil", message, SCHEMA_BASIS)
        )
    return findings


# --------------------------------------------------------------------------- partial validation
# A file with a schema error still gets every legal rule that the rest of it allows: the broken
# part is dropped (up to the nearest optional field or list item) and the rest validated again.
# An empty field (a bare key, as `avtale new` writes it) is absent, so the rule requiring it says
# «mangler» with its legal basis instead of the schema saying «må være tekst».


def _is_blank_scalar(node: Any) -> bool:
    return node is None or (isinstance(node, str) and not node.strip())


def _field_info(model: Any, key: Any) -> Any:
    if isinstance(model, type) and issubclass(model, BaseModel) and isinstance(key, str):
        return model.model_fields.get(key)
    return None


def blank_paths(node: Any, tp: Any, path: tuple = (), out: list | None = None) -> list[tuple]:
    """Paths of the empty parts of `node` (described by `tp`), outermost first.

    Empty: no value or blank text; a mapping whose values are empty or the field's default, at
    least one empty (an unfilled skeleton item); a list whose every item is empty. A list written
    as `[]` is not empty: it states «ingen».
    """
    found: list[tuple] = [] if out is None else out
    _blank(node, tp, path, found)
    return found


def _blank(node: Any, tp: Any, path: tuple, out: list[tuple]) -> bool:
    if _is_blank_scalar(node):
        return True
    model = _resolve(tp, node)
    if isinstance(node, dict):
        inner: list[tuple] = []
        blank_keys: list[tuple] = []
        all_blank = True
        for key, value in node.items():
            info = _field_info(model, key)
            if _blank(value, info.annotation if info is not None else None, (*path, key), inner):
                blank_keys.append((*path, key))
            elif info is None or info.default is None or value != info.default:
                all_blank = False
        # Only defaults with nothing left empty (`databehandleravtale: false`) is stated, not blank.
        if all_blank and (blank_keys or not node):
            return True
        inner.extend(blank_keys)
        out.extend(inner)
        return False
    if isinstance(node, list) and node:
        item_tp = _item_type(model)
        inner = []
        blank_items = [i for i, v in enumerate(node) if _blank(v, item_tp, (*path, i), inner)]
        if len(blank_items) == len(node):
            return True
        out.extend([(*path, i) for i in blank_items] + inner)
        return False
    return False


def error_path(root_model: Any, data: Any, error: Mapping[str, Any]) -> tuple:
    """Where in `data` a pydantic error is, without the union tags pydantic puts in its location."""
    return _walk(root_model, data, tuple(error["loc"]))[0]


def prune_point(root_model: Any, data: Any, error: Mapping[str, Any]) -> tuple | None:
    """The part of `data` to drop so that `error` goes away: the field or list item it is in, or
    the nearest optional field or list item above it; None when only the whole file would do."""
    kept = error_path(root_model, data, error)
    path = kept[:-1] if error["type"] == "missing" else kept
    while path:
        last = path[-1]
        if isinstance(last, int):
            return path
        info = _field_info(_model_for(root_model, data, path[:-1]), last)
        if info is None or not info.is_required():
            return path
        path = path[:-1]
    return None
