"""Read, validate and append to `agreements/<id>/prosess.yaml`.

Appending is the only write: the new record is checked against the rules together with every
existing record, then inserted as text after the last line of its list (only the new record is
rendered, so every other line — the secretariat's and the lawyer's comments and layout — stays
byte for byte), written to a temporary file in the same folder, parsed back and compared with the
validated process, and moved into place with an atomic rename. A lock on the agreement folder
keeps two writers from losing each other's record.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from avtaleflyt.findings import Finding, finding_from_brudd, has_errors
from avtaleflyt.locking import folder_lock
from avtaleflyt.prosess.kontroll import sjekk
from avtaleflyt.prosess.tekstlegg import new_document, render_appended, render_roundtrip
from avtaleflyt.schema_errors import findings_from_validation_error
from avtaleflyt.yaml_loader import MAX_BYTES, LoadedYaml, YamlLoadError, load_yaml, parse_text
from schemas.avtale import Avtale
from schemas.prosess import (
    RECORD_LISTS,
    Drofting,
    Prosess,
    Signatur,
    Vedtak,
)

PROCESS_FILE = "prosess.yaml"
AGREEMENT_FILE = "avtale.yaml"


class ProcessInvalid(Exception):
    """prosess.yaml (or the agreement) has errors; `findings` holds them."""

    def __init__(self, findings: list[Finding]):
        super().__init__("\n".join(f.one_line() for f in findings))
        self.findings = findings


class RecordRefused(Exception):
    """The new record breaks a rule; nothing was written. `findings` says why."""

    def __init__(self, findings: list[Finding]):
        super().__init__("\n".join(f.one_line() for f in findings))
        self.findings = findings


@dataclass
class LoadedProcess:
    file: str
    prosess: Prosess | None
    findings: list[Finding] = field(default_factory=list)
    loaded: LoadedYaml | None = None


def load_process(path: Path, display: str | None = None) -> LoadedProcess:
    """Parse and schema-validate prosess.yaml; problems become findings with positions."""
    name = display or str(path)
    try:
        loaded = load_yaml(path, name)
    except YamlLoadError as exc:
        return LoadedProcess(
            name,
            None,
            [Finding(exc.file, exc.line, exc.column, "", "FIL", "feil", exc.message, "")],
        )
    try:
        prosess = Prosess.model_validate(loaded.data)
    except ValidationError as exc:
        return LoadedProcess(
            name, None, findings_from_validation_error(exc, loaded, Prosess), loaded
        )
    return LoadedProcess(name, prosess, [], loaded)


def validate_process_file(
    path: Path, display: str, avtale: Avtale | None, *, at: dt.date | None = None
) -> list[Finding]:
    """All findings of one prosess.yaml: schema, then the process rules on date `at`.

    `at` defaults to today in Europe/Oslo (this is what `avtale validate` calls).
    """
    from avtaleflyt.prosess.kalender import idag

    result = load_process(path, display)
    if result.prosess is None:
        return result.findings
    on = at or idag()
    return [
        finding_from_brudd(b, result.file, result.loaded) for b in sjekk(result.prosess, avtale, on)
    ]


# --------------------------------------------------------------------------- appending


@contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """One writer at a time per agreement folder, on every platform (see avtaleflyt.locking)."""
    with folder_lock(folder):
        yield


def _read_text(path: Path) -> str | None:
    if not path.exists():
        return None
    return path.read_text(encoding="utf-8")


def _atomic_write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".prosess-", suffix=".yaml.tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    if os.name != "nt":  # Windows cannot open a directory to fsync it; its rename is durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _reads_as(text: str, candidate: Prosess) -> bool:
    """The safety net: `text` parses back to exactly the process that was validated."""
    try:
        return Prosess.model_validate(parse_text(text, PROCESS_FILE).data) == candidate
    except (YamlLoadError, ValidationError):
        return False


def _check_size(path: Path, text: str, liste: str) -> None:
    """Refuse a record that would make the file larger than the loader reads (it would refuse
    the file, and every later command with it)."""
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise RecordRefused(
            [
                Finding(
                    str(path),
                    None,
                    None,
                    liste,
                    "FIL",
                    "feil",
                    f"ny post: prosess.yaml ville bli {size / 1_048_576:.1f} MB med denne posten, "
                    f"men kan være høyst {MAX_BYTES // 1024} kB; legg lange tekster i et dokument "
                    "og vis til det. Ingenting er registrert",
                    "",
                )
            ]
        )


@dataclass
class RecordResult:
    path: Path
    liste: str
    indeks: int
    advarsler: list[Finding]
    post: BaseModel | None = None
    """The record as written (its id chosen under the lock when `new_id` was given)."""


def _load_avtale(folder: Path) -> Avtale:
    """The agreement in `folder`, validated like `avtale validate` (schema and rules)."""
    from avtaleflyt.validation import load_agreement

    return load_agreement(folder / AGREEMENT_FILE)


def check_record(
    agreement_dir: str | os.PathLike,
    record: BaseModel,
    at: dt.date,
    *,
    avtale: Avtale | None = None,
) -> tuple[list[Finding], Prosess]:
    """Findings the new record would bring, without writing anything (for previews and UIs).

    Returns (new findings, the process with the record appended). Raises `ProcessInvalid` when
    the existing prosess.yaml or the agreement cannot be read.
    """
    folder = Path(agreement_dir)
    if RECORD_LISTS.get(type(record)) is None:
        raise TypeError(f"{type(record).__name__} er ikke en prosesspost")
    avtale, prosess, loaded = _current(folder, avtale)
    return _findings(folder, record, at, avtale, prosess, loaded)


def _current(folder: Path, avtale: Avtale | None) -> tuple[Avtale, Prosess, LoadedYaml | None]:
    """The agreement and the process as the file holds it now (an empty one before the first)."""
    path = folder / PROCESS_FILE
    if avtale is None:
        from avtaleflyt.validation import AgreementInvalid, UnknownAgreement

        try:
            avtale = _load_avtale(folder)
        except AgreementInvalid as exc:
            raise ProcessInvalid(exc.findings) from None
        except UnknownAgreement as exc:
            raise ProcessInvalid(
                [Finding(str(folder), None, None, "", "FIL", "feil", str(exc), "")]
            ) from None
    if not path.exists():
        return avtale, Prosess(avtale=avtale.id), None
    current = load_process(path, str(path))
    if current.prosess is None:
        raise ProcessInvalid(current.findings)
    return avtale, current.prosess, current.loaded


def _findings(
    folder: Path,
    record: BaseModel,
    at: dt.date,
    avtale: Avtale,
    prosess: Prosess,
    loaded: LoadedYaml | None,
) -> tuple[list[Finding], Prosess]:
    display = str(folder / PROCESS_FILE)
    liste = RECORD_LISTS[type(record)]
    # A finding is new when its rule fires at a place where it did not fire before; a finding
    # that only changes wording (e.g. a late drøfting now named) does not block the record.
    before = {(b.regel.id, b.sti) for b in sjekk(prosess, avtale, at)}
    candidate = prosess.model_copy(update={liste: [*getattr(prosess, liste), record]})
    indeks = len(getattr(prosess, liste))
    new = [b for b in sjekk(candidate, avtale, at) if (b.regel.id, b.sti) not in before]
    findings = []
    for b in new:
        # A finding on the new record has no place in the file yet.
        if b.sti[:2] == (liste, indeks):
            findings.append(finding_from_brudd(b, display, None, prefix="ny post: "))
        else:
            findings.append(finding_from_brudd(b, display, loaded))
    return findings, candidate


def append_record(
    agreement_dir: str | os.PathLike,
    record: BaseModel,
    at: dt.date,
    *,
    avtale: Avtale | None = None,
    new_id: Callable[[Prosess], str] | None = None,
) -> RecordResult:
    """Validate `record` against the rules and all existing records, then append it atomically.

    `new_id`, when given, chooses the record's id from the process as it is under the folder's
    write lock (an id picked before the lock collides with a simultaneous writer's). Raises
    `RecordRefused` (nothing written) when the record brings any feil or would make prosess.yaml
    larger than the loader reads, and `ProcessInvalid` when the existing file or the agreement
    has errors that must be fixed first.
    """
    folder = Path(agreement_dir)
    if not folder.is_dir():
        raise ProcessInvalid(
            [Finding(str(folder), None, None, "", "FIL", "feil", "avtalemappen finnes ikke", "")]
        )
    path = folder / PROCESS_FILE
    liste = RECORD_LISTS[type(record)]
    with _folder_lock(folder):
        avtale, prosess, loaded = _current(folder, avtale)
        if new_id is not None:
            record = record.model_copy(update={"id": new_id(prosess)})
        findings, candidate = _findings(folder, record, at, avtale, prosess, loaded)
        if has_errors(findings):
            raise RecordRefused(findings)
        text = _read_text(path)
        if text is None:
            text = new_document(candidate.avtale)
        new_text = render_appended(text, liste, record)
        if not _reads_as(new_text, candidate):  # a layout the text append misjudged
            new_text = render_roundtrip(text, liste, record)
        if not _reads_as(new_text, candidate):
            raise ProcessInvalid(
                [
                    Finding(
                        str(path),
                        None,
                        None,
                        liste,
                        "FIL",
                        "feil",
                        "intern kontroll: posten ble ikke skrevet slik den ble validert; ingenting er endret",
                        "",
                    )
                ]
            )
        _check_size(path, new_text, liste)
        _atomic_write(path, new_text)
    return RecordResult(
        path,
        liste,
        len(getattr(candidate, liste)) - 1,
        [f for f in findings if f.severity == "advarsel"],
        record,
    )


def record_consultation(
    agreement_dir: str | os.PathLike,
    drofting: Drofting,
    at: dt.date,
    *,
    avtale: Avtale | None = None,
) -> RecordResult:
    """Append a drøftingsmøte with the tillitsvalgte."""
    return append_record(agreement_dir, drofting, at, avtale=avtale)


def record_decision(
    agreement_dir: str | os.PathLike, vedtak: Vedtak, at: dt.date, *, avtale: Avtale | None = None
) -> RecordResult:
    """Append a decision (vedtak or innstilling) of a body in the calendar."""
    return append_record(agreement_dir, vedtak, at, avtale=avtale)


def record_signature(
    agreement_dir: str | os.PathLike,
    signatur: Signatur,
    at: dt.date,
    *,
    avtale: Avtale | None = None,
) -> RecordResult:
    """Append a party's signature on an adopted text."""
    return append_record(agreement_dir, signatur, at, avtale=avtale)


def load_process_for(folder: Path) -> tuple[Avtale, Prosess]:
    """The agreement and its process (an empty one when prosess.yaml does not exist yet)."""
    avtale = _load_avtale(folder)
    path = folder / PROCESS_FILE
    if not path.exists():
        return avtale, Prosess(avtale=avtale.id)
    result = load_process(path, str(path))
    if result.prosess is None or has_errors(result.findings):
        raise ProcessInvalid(result.findings)
    return avtale, result.prosess
