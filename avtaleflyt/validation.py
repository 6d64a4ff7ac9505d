"""Validate agreement files: YAML → pydantic model → legal rules, every finding with its position.

One run collects every finding from every file; a broken file never stops the others.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from avtaleflyt.findings import Finding, finding_from_brudd, has_errors
from avtaleflyt.paths import agreements_dir
from avtaleflyt.schema_errors import (
    SCHEMA_BASIS,
    blank_paths,
    error_path,
    findings_from_validation_error,
    message_for,
    prune_point,
)
from avtaleflyt.yaml_loader import LoadedYaml, YamlLoadError, load_yaml
from schemas.avtale import AVTALE_ADAPTER, AVTALE_TYPES, Avtale
from schemas.felles import SLUG_PATTERN

AGREEMENT_FILE = "avtale.yaml"
PROCESS_FILE = "prosess.yaml"
_SLUG = re.compile(SLUG_PATTERN)


class AgreementInvalid(Exception):
    """The agreement has at least one feil; `findings` holds them all."""

    def __init__(self, findings: list[Finding]):
        super().__init__("\n".join(f.one_line() for f in findings))
        self.findings = findings


class UnknownAgreement(Exception):
    """No agreement folder for this id (or the id itself is not a valid id)."""


@dataclass
class AgreementResult:
    file: str
    avtale: Avtale | None
    findings: list[Finding] = field(default_factory=list)
    loaded: LoadedYaml | None = None


def _load_error_finding(exc: YamlLoadError) -> Finding:
    return Finding(exc.file, exc.line, exc.column, "", "FIL", "feil", exc.message, "")


def rule_findings(
    avtale: Avtale,
    loaded: LoadedYaml,
    partial: PartialCheck | None = None,
    agreement_dir: Path | None = None,
) -> list[Finding]:
    """Run the legal rule catalogue and place each violation in the file.

    `agreement_dir` is the folder whose vedlegg/ holds the attachments (None: not checked).

    For a partly valid file (`partial`), each path is taken back to the file's own, and a finding
    about a broken part, or about what contains one, is left out: it would judge what the schema
    already refused, or a whole the rule could not see.
    """
    from schemas.regler import sjekk

    findings = []
    for brudd in sjekk(avtale, kildetekst=loaded.text, mappe=agreement_dir):
        sti = tuple(brudd.sti) if partial is None else partial.original(tuple(brudd.sti))
        if partial is not None and partial.touches_broken(sti):
            continue
        findings.append(finding_from_brudd(brudd, loaded.file, loaded, sti=sti))
    return findings


def _form_model(data: Any) -> Any:
    """The one agreement model `data` names in `type`, or the union of all forms.

    Compiling one form's validator costs a cold `avtale validate` a fraction of compiling all six
    (issue 11: 0.35 s). The union is used when `type` is missing or unknown: its error then names
    the valid types. Both report the same locations once `schema_errors` drops the union's tag.
    """
    form = data.get("type") if isinstance(data, dict) else None
    return AVTALE_TYPES.get(form, Avtale) if isinstance(form, str) else Avtale


def schema_check(loaded: LoadedYaml) -> tuple[Avtale | None, list[Finding]]:
    """The agreement model of the file, or None and the schema's findings."""
    model = _form_model(loaded.data)
    try:
        if model is Avtale:
            return AVTALE_ADAPTER.validate_python(loaded.data), []
        return model.model_validate(loaded.data), []
    except ValidationError as exc:
        return None, findings_from_validation_error(exc, loaded, model)


MAX_ROUNDS = 20
"""Each round drops what the last one found broken; real files need two or three."""


@dataclass
class PartialCheck:
    """What of a file the schema accepted: the model of the rest, and the parts left out.

    `blank` are the empty parts (absent, so the rules say what the law still requires); `broken`
    the parts dropped for a schema finding. Paths are the file's own; `kept` maps each list in the
    checked data (by its path there) to the indexes its items had in the file.
    """

    avtale: Avtale | None
    findings: list[Finding]
    blank: set[tuple] = field(default_factory=set)
    broken: list[tuple] = field(default_factory=list)
    kept: dict[tuple, list[int]] = field(default_factory=dict)

    def original(self, path: tuple) -> tuple:
        """A path in the checked data as the path in the file."""
        here: tuple = ()
        result = []
        for step in path:
            items = self.kept.get(here, [])
            result.append(items[step] if isinstance(step, int) and 0 <= step < len(items) else step)
            here = (*here, step)
        return tuple(result)

    def touches_broken(self, path: tuple) -> bool:
        """Whether `path` is in, or contains, a part dropped for a schema finding."""
        return any(path[: len(b)] == b or b[: len(path)] == path for b in self.broken)


STAND_INS: dict[str, str] = {"id": "ukjent-id", "tittel": "(tittel ikke lesbar)"}
"""Values that stand in, for the rules' run only, for a broken `id` or `tittel`: both are required
and name the agreement, but no legal rule judges them, so one bad title must not switch off every
rule for the file. Findings at these paths are left out and the model is never handed on."""


def _stand_in(data: Any, path: tuple) -> tuple | None:
    """The top-level field a stand-in can replace for the schema error at `path`, if any."""
    if isinstance(data, dict) and len(path) >= 1 and path[0] in STAND_INS:
        return (path[0],)
    return None


def _without(
    data: Any,
    dropped: set[tuple],
    replaced: Iterable[tuple] = (),
) -> tuple[Any, dict[tuple, list[int]]]:
    """`data` without the parts at `dropped`, the `replaced` top-level fields given their
    stand-ins, and where each list's remaining items came from."""
    kept: dict[tuple, list[int]] = {}

    def build(node: Any, path: tuple, new: tuple) -> Any:
        if isinstance(node, dict):
            return {
                k: build(v, (*path, k), (*new, k))
                for k, v in node.items()
                if (*path, k) not in dropped
            }
        if isinstance(node, list):
            indexes = [i for i in range(len(node)) if (*path, i) not in dropped]
            kept[new] = indexes
            return [build(node[i], (*path, i), (*new, j)) for j, i in enumerate(indexes)]
        return node

    result = build(data, (), ())
    if isinstance(result, dict):
        result.update({path[0]: STAND_INS[path[0]] for path in replaced})
    return result, kept


def partial_check(loaded: LoadedYaml) -> PartialCheck:
    """The schema's findings for the whole file, and the model of what remains valid.

    Empty fields count as absent. After each failed round the broken parts are dropped (each up to
    the nearest optional field or list item) and the rest is validated again, so one bad value
    does not switch off the legal rules for the rest of the file. Findings that a drop itself
    causes (a list left too short) are not reported: the dropped part's own finding says it.
    """
    model = _form_model(loaded.data)
    if model is Avtale:  # no known form: no rules to run
        avtale, findings = schema_check(loaded)
        return PartialCheck(avtale, findings)
    check = PartialCheck(None, [], set(blank_paths(loaded.data, model)))
    seen: set[tuple] = set()
    replaced: set[tuple] = set()
    for _ in range(MAX_ROUNDS):
        data, check.kept = _without(
            loaded.data,
            (check.blank | set(check.broken)) - replaced,
            replaced,
        )
        try:
            check.avtale = model.model_validate(data)
            return check
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
        progress = False
        for error in errors:
            path = check.original(error_path(model, data, error))
            rule, message = message_for(error, model, data)
            if (path, message) not in seen and not any(
                b[: len(path)] == path for b in check.broken
            ):
                seen.add((path, message))
                line, column = loaded.position(path)
                check.findings.append(
                    Finding(
                        loaded.file,
                        line,
                        column,
                        ".".join(map(str, path)),
                        rule,
                        "feil",
                        message,
                        SCHEMA_BASIS,
                    )
                )
            point = prune_point(model, data, error)
            if point is None:
                point = _stand_in(data, path)
                if point is None:  # only the whole file would do: no model, no rules
                    return check
                replaced.add(point)
            dropped = check.original(point)
            if dropped not in check.broken:
                check.broken.append(dropped)
                progress = True
        if not progress:
            return check
    return check


def validate_loaded(
    loaded: LoadedYaml, folder_name: str | None = None, agreement_dir: Path | None = None
) -> AgreementResult:
    """Schema, then rules; folder name must equal the agreement id when the file sits in one.

    A file with schema findings still gets the rules for the parts that are valid; its model is
    not handed on (`avtale` None), since part of it is missing.
    """
    check = partial_check(loaded)
    avtale = check.avtale
    if avtale is None:
        return AgreementResult(loaded.file, None, check.findings, loaded)
    findings = check.findings + rule_findings(avtale, loaded, check, agreement_dir)
    if folder_name is not None and folder_name != avtale.id and not check.touches_broken(("id",)):
        line, column = loaded.position(("id",))
        findings.append(
            Finding(
                loaded.file,
                line,
                column,
                "id",
                "ID-MAPPE",
                "feil",
                f"id «{avtale.id}» skal være lik mappenavnet «{folder_name}», så avtalen kan finnes",
                SCHEMA_BASIS,
            )
        )
    return AgreementResult(loaded.file, None if check.findings else avtale, findings, loaded)


def validate_file(path: Path, display: str | None = None) -> AgreementResult:
    name = display or str(path)
    try:
        loaded = load_yaml(path, name)
    except YamlLoadError as exc:
        return AgreementResult(name, None, [_load_error_finding(exc)])
    # absolute: `avtale validate avtale.yaml` typed inside the agreement folder has parent «.»
    here = path.absolute().parent
    folder = here.name if path.name == AGREEMENT_FILE else None
    # the attachments lie in the agreement folder's vedlegg/; an older text in historikk/ shares it
    agreement_dir = here.parent if here.name == "historikk" else here
    return validate_loaded(loaded, folder, agreement_dir)


def _display(path: Path) -> str:
    return str(path)


_DATA_FILES = (AGREEMENT_FILE, PROCESS_FILE)


def _folder_named_as_file(path: str) -> Finding:
    """An avtale.yaml or prosess.yaml that is a folder: the agreement cannot be read (exit 2)."""
    return Finding(path, None, None, "", "FIL", "feil", "dette er en mappe, ikke en fil", "")


def collect_files(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[Finding]]:
    """Expand folders to their agreement and process files; paths that are not there, and an
    avtale.yaml or prosess.yaml that is a folder, become findings (the command cannot run: exit 2)."""
    files: list[Path] = []
    problems: list[Finding] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir() and p.name in _DATA_FILES:
            problems.append(_folder_named_as_file(str(raw)))
        elif p.is_dir():
            found = sorted(
                q
                for q in p.rglob("*.yaml")
                if not any(part.startswith(".") for part in q.relative_to(p).parts)
            )
            files.extend(q for q in found if q.is_file())
            problems.extend(
                _folder_named_as_file(str(q)) for q in found if q.is_dir() and q.name in _DATA_FILES
            )
        elif p.exists():
            files.append(p)
        else:
            problems.append(
                Finding(
                    str(raw), None, None, "", "FIL", "feil", "filen eller mappen finnes ikke", ""
                )
            )
    return files, problems


@dataclass
class ValidatedPaths:
    """What `validate_paths` found: the agreements' findings, and the process files it left alone.

    Process files are checked a layer up (avtaleflyt.prosess sits above validation), each with its
    sibling agreement when that one loaded; `process_files` holds them in the order they were seen.
    """

    findings: list[Finding]
    process_files: list[tuple[Path, Avtale | None]]


def validate_paths(paths: Iterable[str | os.PathLike]) -> ValidatedPaths:
    """Every finding of every agreement file under `paths`, and the process files beside them."""
    files, findings = collect_files(paths)
    agreements: dict[Path, AgreementResult] = {}
    process_files = []
    for f in files:
        if f.name == PROCESS_FILE:
            process_files.append(f)
            continue
        result = validate_file(f, _display(f))
        agreements[f.resolve()] = result
        findings.extend(result.findings)
    findings.extend(_findings_across(list(agreements.values())))
    seen = []
    for f in process_files:
        sibling = agreements.get((f.parent / AGREEMENT_FILE).resolve())
        seen.append((f, sibling.avtale if sibling else None))
    return ValidatedPaths(findings, seen)


def _findings_across(results: list[AgreementResult]) -> list[Finding]:
    """Findings that need other agreements: a sub-agreement against its umbrella agreement, a
    bilateral agreement against the rest of its set. An umbrella not in this run is read from the
    agreements folder; the agreements of a set are compared when they are validated together."""
    loaded = [(r.avtale, r.loaded) for r in results if r.avtale is not None and r.loaded]
    linked = [(a, lo) for a, lo in loaded if a.rammeavtale is not None or a.avtalesett is not None]
    if not linked:
        return []
    # with the rule catalogue, off the cold start as in rule_findings
    from schemas.regler.sjekk_sammen import sjekk_sammen

    by_id: dict[str, Avtale] = {a.id: a for a, _ in loaded}
    for a, _ in linked:
        ramme = a.rammeavtale
        if ramme is not None and ramme.id not in by_id:
            path = agreements_dir() / ramme.id / AGREEMENT_FILE
            other = validate_file(path, _display(path)).avtale if path.is_file() else None
            if other is not None:
                by_id[ramme.id] = other
    return [finding_from_brudd(b, lo.file, lo) for a, lo in linked for b in sjekk_sammen(a, by_id)]


def find_agreement(ident: str | os.PathLike) -> Path:
    """The folder of an agreement given by id, by folder path or by path to its avtale.yaml."""
    text = str(ident)
    p = Path(text)
    if p.name == AGREEMENT_FILE and p.is_file():
        return p.parent
    if (p / AGREEMENT_FILE).is_file() and (os.sep in text or text.startswith(".")):
        return p
    if not _SLUG.match(text):
        raise UnknownAgreement(
            f"«{text}» er ikke en gyldig avtale-id (små bokstaver a–z, tall og bindestrek; "
            "ikke /, .. eller - først)"
        )
    folder = agreements_dir() / text
    if not (folder / AGREEMENT_FILE).is_file():
        raise UnknownAgreement(f"fant ingen avtale «{text}» i {_display(agreements_dir())}")
    return folder


def load_agreement(ident: str | os.PathLike) -> Avtale:
    """Load and validate one agreement; raises `AgreementInvalid` if it has any feil."""
    path = Path(ident)
    if path.is_file():
        result = validate_file(path, _display(path))
    else:
        folder = find_agreement(ident)
        result = validate_file(folder / AGREEMENT_FILE, _display(folder / AGREEMENT_FILE))
    if result.avtale is None or has_errors(result.findings):
        raise AgreementInvalid([f for f in result.findings if f.severity == "feil"])
    return result.avtale


def list_agreements() -> list[str]:
    """Ids of the agreement folders under the agreements directory."""
    root = agreements_dir()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / AGREEMENT_FILE).is_file())
