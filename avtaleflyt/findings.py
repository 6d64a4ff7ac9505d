"""A finding: one rule broken at one place in one file, in the form every command reports.

`finding_from_brudd` is the one conversion of a rule finding (`schemas.regler.Brudd`, from the
agreement checks or the process rules) into a `Finding`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal, Protocol

from schemas.regler import IKKE_KONTROLLERT, Brudd

Severity = Literal["feil", "advarsel"]


class Positions(Protocol):
    """Where a field path is in a file (a `LoadedYaml`)."""

    def position(self, path: tuple) -> tuple[int | None, int | None]: ...


@dataclass(frozen=True, slots=True)
class Finding:
    file: str
    line: int | None
    column: int | None
    path: str
    rule: str
    severity: Severity
    message: str
    legal_basis: str

    def location(self) -> str:
        """`file:line:col`, as editors and terminals link it."""
        if self.line is None:
            return self.file
        return f"{self.file}:{self.line}:{self.column or 1}"

    def one_line(self) -> str:
        where = f" [{self.path}]" if self.path else ""
        basis = f" ({self.legal_basis})" if self.legal_basis else ""
        return f"{self.location()}: {self.severity} {self.rule}{where}: {self.message}{basis}"

    def as_dict(self) -> dict:
        return asdict(self)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "feil" for f in findings)


def finding_from_brudd(
    brudd: Brudd,
    file: str,
    positions: Positions | None = None,
    *,
    prefix: str = "",
    sti: tuple | None = None,
) -> Finding:
    """The finding of a broken rule, placed at its field path in the file when `positions` can
    say where (None for a record that is not in the file yet; `prefix` then says so).

    `sti` is the rule's path in the file when it differs from the path in the checked data (a
    partly valid file is checked without its broken parts, which moves list indexes). A rule whose
    basis is not verified against the law text says so, so nobody relies on it unawares.
    """
    path = tuple(brudd.sti) if sti is None else sti
    line, column = positions.position(path) if positions is not None else (None, None)
    basis = brudd.lovgrunnlag + ("" if brudd.regel.verifisert else IKKE_KONTROLLERT)
    return Finding(
        file,
        line,
        column,
        ".".join(str(step) for step in path),
        brudd.regel.id,
        brudd.alvorlighet,
        prefix + brudd.melding,
        basis,
    )
