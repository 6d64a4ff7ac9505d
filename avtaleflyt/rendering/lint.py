"""Template checks: every field the law requires is used, and no used field is unknown to the model.

The check reads the Jinja2 syntax tree (attribute access on `avtale`, following `include`s), so it
sees exactly what the templates refer to, with file and line.
"""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, nodes
from pydantic import BaseModel

from avtaleflyt.findings import Finding
from avtaleflyt.rendering.template_files import (
    REFERENCE_DOCX,
    VERSION_FILE,
    resolve_dir,
    template_id,
)
from avtaleflyt.rendering.templating import environment
from schemas.avtale import AVTALE_TYPES, lovkrav_felter
from schemas.regler import hjemmel_tekst

ROOT_NAME = "avtale"


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models an annotation can hold (through Optional, list, Union, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    out: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        out.extend(_models_in(arg))
    return out


def _has_attr(models: list[type[BaseModel]], name: str) -> list[type[BaseModel]] | None:
    """Models reached by `.name`, or None when no candidate model has that field or property."""
    found = False
    nxt: list[type[BaseModel]] = []
    for m in models:
        if name in m.model_fields:
            found = True
            nxt.extend(_models_in(m.model_fields[name].annotation))
        elif isinstance(getattr(m, name, None), property):
            found = True
    return nxt if found else None


def _chain(node: nodes.Getattr) -> tuple[str, list[str]] | None:
    """`avtale.okonomi.budsjett` → ("avtale", ["okonomi", "budsjett"])."""
    attrs: list[str] = []
    cur: nodes.Node = node
    while isinstance(cur, nodes.Getattr):
        attrs.append(cur.attr)
        cur = cur.node
    if isinstance(cur, nodes.Name):
        return cur.name, attrs[::-1]
    return None


class _Walk:
    def __init__(self, root: Path):
        self.root = root
        self.env = environment(root)
        self.findings: list[Finding] = []
        self.parsed: dict[str, nodes.Template | None] = {}

    def display(self, name: str) -> str:
        return f"templates/{name}"

    def parse(self, name: str) -> nodes.Template | None:
        if name not in self.parsed:
            try:
                source = (self.root / name).read_text(encoding="utf-8")
                self.parsed[name] = self.env.parse(source, name=name, filename=name)
            except FileNotFoundError:
                self.parsed[name] = None
            except TemplateSyntaxError as exc:
                self.parsed[name] = None
                self.findings.append(
                    Finding(
                        self.display(name),
                        exc.lineno,
                        None,
                        "",
                        "MAL-SYNTAKS",
                        "feil",
                        f"syntaksfeil i malen: {exc.message}",
                        "",
                    )
                )
        return self.parsed[name]

    def uses(
        self, name: str, seen: set[str] | None = None
    ) -> list[tuple[str, int, str, list[str]]]:
        """(file, line, root name, attribute chain) for every attribute access, includes followed."""
        seen = seen if seen is not None else set()
        if name in seen:
            return []
        seen.add(name)
        tree = self.parse(name)
        if tree is None:
            return []
        out: list[tuple[str, int, str, list[str]]] = []
        for node in tree.find_all(nodes.Getattr):
            chain = _chain(node)
            if chain:
                out.append((name, node.lineno, chain[0], chain[1]))
        inkluderte: list[nodes.Include | nodes.Extends] = [
            *tree.find_all(nodes.Include),
            *tree.find_all(nodes.Extends),
        ]
        for inc in inkluderte:
            if isinstance(inc.template, nodes.Const) and isinstance(inc.template.value, str):
                if (self.root / inc.template.value).is_file():
                    out.extend(self.uses(inc.template.value, seen))
                else:
                    self.findings.append(
                        Finding(
                            self.display(name),
                            inc.lineno,
                            None,
                            "",
                            "MAL-MANGLER",
                            "feil",
                            f"malen tar med «{inc.template.value}», som ikke finnes",
                            "",
                        )
                    )
        return out


def lint_templates(templates_dir: str | Path | None = None) -> list[Finding]:
    """Findings for the templates folder: missing templates, law-required fields not used, unknown fields."""
    root = resolve_dir(templates_dir)
    walk = _Walk(root)
    for required in (VERSION_FILE, REFERENCE_DOCX):
        if not (root / required).is_file():
            walk.findings.append(
                Finding(
                    f"templates/{required}",
                    None,
                    None,
                    "",
                    "MAL-MANGLER",
                    "feil",
                    f"filen {required} mangler i malmappen",
                    "",
                )
            )
    for type_name, model in sorted(AVTALE_TYPES.items()):
        name = template_id(type_name)
        if not (root / name).is_file():
            walk.findings.append(
                Finding(
                    walk.display(name),
                    None,
                    None,
                    "",
                    "MAL-MANGLER",
                    "feil",
                    f"det finnes ingen mal for avtaletypen «{type_name}»",
                    "",
                )
            )
            continue
        uses = walk.uses(name)
        top_level: set[str] = set()
        other_attrs: set[str] = set()
        reported: set[tuple[str, int, str]] = set()
        for file, line, root_name, attrs in uses:
            if root_name != ROOT_NAME:
                other_attrs.update(attrs)
                continue
            top_level.add(attrs[0])
            models: list[type[BaseModel]] = [model]
            for depth, attr in enumerate(attrs):
                reached = _has_attr(models, attr)
                if reached is None:
                    path = ".".join(attrs[: depth + 1])
                    if (file, line, path) not in reported:
                        reported.add((file, line, path))
                        walk.findings.append(
                            Finding(
                                walk.display(file),
                                line,
                                None,
                                path,
                                "MAL-UKJENT-FELT",
                                "feil",
                                f"malen bruker «{ROOT_NAME}.{path}», som ikke finnes i modellen "
                                f"{model.__name__} (brukt av {name})",
                                "",
                            )
                        )
                    break
                models = reached
                if not models:
                    break
        for field, rule in sorted(lovkrav_felter(model).items()):
            if field not in top_level:
                walk.findings.append(
                    Finding(
                        walk.display(name),
                        None,
                        None,
                        field,
                        "MAL-LOVKRAV",
                        "feil",
                        f"malen for «{type_name}» bruker aldri feltet «{field}», som loven krever "
                        f"(regel {rule})",
                        hjemmel_tekst(rule),
                    )
                )
        for field, rule in sorted(getattr(model, "DELTAKERKRAV", {}).items()):
            if field not in other_attrs and field not in top_level:
                walk.findings.append(
                    Finding(
                        walk.display(name),
                        None,
                        None,
                        f"deltakere.*.{field}",
                        "MAL-LOVKRAV",
                        "feil",
                        f"malen for «{type_name}» viser aldri deltakernes «{field}», som loven krever "
                        f"(regel {rule})",
                        hjemmel_tekst(rule),
                    )
                )
    return walk.findings
