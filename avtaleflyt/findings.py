"""A finding: one rule broken at one place in one file, in the form every command reports.

`finding_from_brudd` is the one conversion of a rule finding (`schemas.regler.Brudd`, from the
agreement checks or the process rules) into a `Finding`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:  # the catalogue is loaded only by the commands that check rules
    from schemas.regler import Brudd

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
    brudd: Brudd, file: str, positions: Positions | None = None, *, prefix: str = ""
) -> Finding:
    """The finding of a broken rule, placed at its field path in the file when `positions` can
    say where (None for a record that is not in the file yet; `prefix` then says so)."""
    line, column = positions.position(tuple(brudd.sti)) if positions is not None else (None, None)
    return Finding(
        file,
        line,
        column,
        brudd.sti_tekst,
        brudd.regel.id,
        brudd.alvorlighet,
        prefix + brudd.melding,
        brudd.lovgrunnlag,
    )
